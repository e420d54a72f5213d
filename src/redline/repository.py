"""Finding and loading the positions on disk: the only module that reads files.

A positions root holds one folder per negotiation; each folder holds a
`negotiation.yaml` and snapshot files named `<YYYY-MM-DD>-<slug>.yaml`. Anything
else (a `sources/` folder of texts, a README) is left alone.

`load_folder` loads one negotiation with every problem of every file; a file that
fails never hides the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .loading import Document, LoadError, parse_yaml, read_text
from .model import Negotiation, Snapshot
from .problems import Problem, has_errors
from .schema import schema_problems
from .validation import check_negotiation, check_snapshot

NEGOTIATION_FILE = "negotiation.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
DEFAULT_ROOT = "positions"


@dataclass
class Loaded:
    """One negotiation as loaded: its model, snapshots and every problem found."""

    folder: str
    negotiation: Negotiation | None
    snapshots: list[Snapshot] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.negotiation is not None and not has_errors(self.problems)


def resolve_root(root: str | None) -> Path:
    """The positions root: `--root`, else `$REDLINE_ROOT`, else `./positions`."""
    chosen = root or os.environ.get("REDLINE_ROOT") or DEFAULT_ROOT
    path = Path(chosen)
    if not path.is_dir():
        raise UsageError(f"positions root '{chosen}' is not a folder (set it with --root or "
                         "REDLINE_ROOT)")
    return path


def negotiation_folders(root: Path) -> list[Path]:
    """Folders of `root` that hold a negotiation.yaml, sorted by name."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / NEGOTIATION_FILE).is_file())


def find_negotiation(root: Path, name: str | None) -> Path:
    """The folder of negotiation `name`, or the only one when `name` is None."""
    folders = negotiation_folders(root)
    if name is None:
        if len(folders) == 1:
            return folders[0]
        if not folders:
            raise UsageError(f"no negotiation under '{root}' (no */{NEGOTIATION_FILE})")
        names = ", ".join(f.name for f in folders)
        raise UsageError(f"several negotiations under '{root}'; name one of: {names}")
    for folder in folders:
        if folder.name == name:
            return folder
    names = ", ".join(f.name for f in folders) or "none"
    raise UsageError(f"unknown negotiation '{name}' under '{root}' (found: {names})")


def snapshot_files(folder: Path) -> list[Path]:
    """The snapshot files of a negotiation folder, sorted by name."""
    return sorted(
        p for p in folder.iterdir()
        if p.suffix in YAML_SUFFIXES and p.name != NEGOTIATION_FILE
    )


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_document(path: Path) -> Document:
    """Read and parse one file; raise `LoadError` with a problem on any failure."""
    shown = display_path(path)
    if path.is_dir():
        raise LoadError(Problem(shown, 0, 0, "is a folder, not a YAML file", "not-a-file"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}",
                                "unreadable")) from None
    return parse_yaml(read_text(raw, shown), shown)


def load_negotiation_file(path: Path) -> tuple[Negotiation | None, list[Problem]]:
    try:
        doc = read_document(path)
    except LoadError as exc:
        return None, [exc.problem]
    problems = schema_problems(doc, "negotiation")
    if problems:
        return None, problems
    return check_negotiation(doc, path.parent.name)


def load_snapshot_file(path: Path, negotiation: Negotiation) -> tuple[Snapshot | None,
                                                                      list[Problem]]:
    try:
        doc = read_document(path)
    except LoadError as exc:
        return None, [exc.problem]
    problems = schema_problems(doc, "snapshot")
    if problems:
        return None, problems
    return check_snapshot(doc, negotiation)


def _schema_only(path: Path) -> list[Problem]:
    try:
        return schema_problems(read_document(path), "snapshot")
    except LoadError as exc:
        return [exc.problem]


def load_folder(folder: Path, only: list[Path] | None = None) -> Loaded:
    """Load a negotiation folder (or only some of its snapshot files) with all problems."""
    negotiation, problems = load_negotiation_file(folder / NEGOTIATION_FILE)
    loaded = Loaded(display_path(folder), negotiation, problems=list(problems), files=1)
    files = only if only is not None else snapshot_files(folder)
    loaded.files += len(files)
    if negotiation is None:
        # Without a valid negotiation the cross-file rules cannot run, but each
        # snapshot's own YAML and schema problems are still worth reporting.
        for path in files:
            loaded.problems.extend(_schema_only(path))
        return loaded
    for path in files:
        snapshot, found = load_snapshot_file(path, negotiation)
        loaded.problems.extend(found)
        if snapshot is not None:
            loaded.snapshots.append(snapshot)
    loaded.snapshots.sort(key=lambda s: (s.date, s.path))
    return loaded


def load_negotiation(root: Path, name: str | None) -> Loaded:
    return load_folder(find_negotiation(root, name))
