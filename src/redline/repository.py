"""Finding and loading the positions on disk: the only module that reads files.

A positions root holds one folder per negotiation; each folder holds a
`negotiation.yaml` and snapshot files named `<YYYY-MM-DD>-<slug>.yaml`. Anything
else (a `sources/` folder of texts, a README) is left alone.

`load_folder` loads one negotiation with every problem of every file; a file that
fails never hides the others.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .loading import DEFAULT_LIMITS, Document, LoadError, parse_yaml, read_text
from .model import Negotiation, Snapshot
from .problems import Problem, has_errors
from .schema import schema_problems
from .validation import check_negotiation, check_snapshot

NEGOTIATION_FILE = "negotiation.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
DEFAULT_ROOT = "positions"


@dataclass
class Loaded:
    """One negotiation as loaded: its model, snapshots and every problem found.

    Snapshots that come from the parse cache are built only when `snapshots` is first
    read: `redline validate` of an unchanged folder never needs them.
    """

    folder: str
    negotiation: Negotiation | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    cache: Any = None  # the folder's FolderCache, when one was used
    _built: list[Snapshot] = field(default_factory=list)
    _pending: list[tuple[Path, str]] = field(default_factory=list)
    _sorted: bool = False

    @property
    def ok(self) -> bool:
        return self.negotiation is not None and not has_errors(self.problems)

    @property
    def snapshots(self) -> list[Snapshot]:
        """Every valid snapshot, sorted by date and path."""
        if self._pending:
            from .cache import snapshot_from_json

            for path, shown in self._pending:
                data = self.cache.snapshot_json(path.name) if self.cache else None
                if data is not None:
                    try:
                        self._built.append(snapshot_from_json(data, shown))
                        continue
                    except (KeyError, TypeError, ValueError):
                        pass  # a malformed entry is never trusted: parse the file again
                # The cache lost it (a torn or corrupted snapshots file): parse again,
                # and put it back so that the cache heals.
                assert self.negotiation is not None  # a cache is used only with one
                snapshot, found = load_snapshot_file(path, self.negotiation)
                if snapshot is not None:
                    self._built.append(snapshot)
                if self.cache is not None:
                    self.cache.repair(path, snapshot, found)
            self._pending.clear()
            self._sorted = False
        if not self._sorted:
            self._built.sort(key=lambda s: (s.date, s.path))
            self._sorted = True
        return self._built

    def memoized(self, key: str, compute: Callable[[], Any],
                 valid: Callable[[Any], bool] | None = None) -> Any:
        """`compute()`, remembered in the folder's cache for as long as no file changes;
        a remembered value that `valid` rejects is computed again, never trusted."""
        if self.cache is None:
            return compute()
        return self.cache.memoized(key, compute, valid)


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
    """A path as shown in messages: relative to the working folder when below it.

    Symbolic links are not followed: a file is named as the user sees it.
    """
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    return Path(absolute).as_posix() if path.is_absolute() else path.as_posix()


def _check_link(path: Path, root: Path, shown: str) -> None:
    """Refuse a file that a symbolic link leads outside the positions root.

    A pull request can add `2022-01-10-x.yaml -> /etc/passwd`, or `-> /dev/zero`,
    which would never end. A link to another file under the root is fine. Only links
    are resolved: a plain file in a plain folder is under the root by construction.
    """
    if not (os.path.islink(path) or os.path.islink(path.parent)):
        return
    target = os.path.realpath(path)
    top = os.path.realpath(root)
    if target != top and not target.startswith(top.rstrip(os.sep) + os.sep):
        raise LoadError(Problem(shown, 0, 0, "is a symbolic link to a file outside the "
                                "positions root; not read", "outside-root"))


def file_info(path: Path, shown: str) -> os.stat_result:
    """A file's status, once it is known to be a regular file within the size limit and
    not a link out of the root; raise `LoadError` otherwise. Nothing is read."""
    _check_link(path, Path(os.path.abspath(path)).parent.parent, shown)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise LoadError(Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}",
                                "unreadable")) from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(Problem(shown, 0, 0, "is a folder, not a YAML file", "not-a-file"))
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise LoadError(Problem(shown, 0, 0, "is not a regular file", "not-a-file"))
    if info.st_size > DEFAULT_LIMITS.max_bytes:
        raise LoadError(Problem(shown, 0, 0, f"file is {info.st_size:,} bytes, over the "
                                f"limit of {DEFAULT_LIMITS.max_bytes:,}", "file-too-large"))
    return info


def read_bytes(path: Path, shown: str) -> bytes:
    """A file's bytes; raise `LoadError` for folders, devices, FIFOs, files over the size
    limit (refused before they are read) and unreadable files."""
    file_info(path, shown)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(Problem(shown, 0, 0, f"cannot read file: {exc.strerror or exc}",
                                "unreadable")) from None


def read_document(path: Path) -> Document:
    """Read and parse one file; raise `LoadError` with a problem on any failure."""
    shown = display_path(path)
    return parse_yaml(read_text(read_bytes(path, shown), shown), shown)


def parse_document(raw: bytes, shown: str) -> Document | Problem:
    """The parsed YAML of a file's bytes, or the problem that stopped it."""
    try:
        return parse_yaml(read_text(raw, shown), shown)
    except LoadError as exc:
        return exc.problem


def check_negotiation_bytes(raw: bytes, shown: str, folder_name: str
                            ) -> tuple[Negotiation | None, list[Problem]]:
    """Parse and check a negotiation.yaml's bytes; its id must be `folder_name`."""
    doc = parse_document(raw, shown)
    if isinstance(doc, Problem):
        return None, [doc]
    problems = schema_problems(doc, "negotiation")
    if problems:
        return None, doc.warnings + problems
    negotiation, found = check_negotiation(doc, folder_name)
    return negotiation, doc.warnings + found


def load_negotiation_file(path: Path) -> tuple[Negotiation | None, list[Problem]]:
    shown = display_path(path)
    try:
        raw = read_bytes(path, shown)
    except LoadError as exc:
        return None, [exc.problem]
    return check_negotiation_bytes(raw, shown, Path(os.path.abspath(path)).parent.name)


def check_snapshot_document(raw: bytes, shown: str, negotiation: Negotiation | None
                            ) -> tuple[Document | None, Snapshot | None, list[Problem]]:
    """Parse and check a snapshot's bytes (schema only, without a negotiation); the parsed
    document comes back too, for callers that point at lines the model does not keep."""
    doc = parse_document(raw, shown)
    if isinstance(doc, Problem):
        return None, None, [doc]
    problems = schema_problems(doc, "snapshot")
    if problems or negotiation is None:
        return doc, None, doc.warnings + problems
    snapshot, found = check_snapshot(doc, negotiation)
    return doc, snapshot, doc.warnings + found


def check_snapshot_bytes(raw: bytes, shown: str, negotiation: Negotiation | None
                         ) -> tuple[Snapshot | None, list[Problem]]:
    """Parse and check one snapshot file's bytes (schema only, without a negotiation)."""
    _, snapshot, problems = check_snapshot_document(raw, shown, negotiation)
    return snapshot, problems


def load_snapshot_file(path: Path, negotiation: Negotiation) -> tuple[Snapshot | None,
                                                                      list[Problem]]:
    shown = display_path(path)
    try:
        raw = read_bytes(path, shown)
    except LoadError as exc:
        return None, [exc.problem]
    return check_snapshot_bytes(raw, shown, negotiation)


# Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 400


def _check_chunk(negotiation: Negotiation | None, chunk: list[tuple[bytes, str]]
                 ) -> list[tuple[Snapshot | None, list[Problem]]]:
    return [check_snapshot_bytes(raw, shown, negotiation) for raw, shown in chunk]


def _check_many(negotiation: Negotiation | None, todo: list[tuple[bytes, str]]
                ) -> list[tuple[Snapshot | None, list[Problem]]]:
    """Check files, on every core when there are enough of them to be worth it."""
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) < PARALLEL_THRESHOLD or workers < 2 or os.environ.get("REDLINE_NO_PARALLEL"):
        return _check_chunk(negotiation, todo)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(50, len(todo) // (workers * 4))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    # fork: the workers start at once with everything imported, and nothing re-imports
    # the caller's __main__ (a script using redline needs no `if __name__` guard).
    # Elsewhere (macOS, Windows) fork is unsafe or missing; parse in this process.
    if sys.platform != "linux":
        return _check_chunk(negotiation, todo)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = pool.map(_check_chunk, [negotiation] * len(chunks), chunks)
        return [item for chunk in results for item in chunk]


def load_folder(folder: Path, only: list[Path] | None = None, use_cache: bool = True) -> Loaded:
    """Load a negotiation folder (or only some of its snapshot files) with all problems.

    Unchanged files come from the parse cache (see `redline.cache`); the others are
    parsed, on every core when there are many.
    """
    from .cache import FolderCache, digest

    negotiation_path = folder / NEGOTIATION_FILE
    negotiation, problems = load_negotiation_file(negotiation_path)
    loaded = Loaded(display_path(folder), negotiation, problems=list(problems), files=1)
    files = only if only is not None else snapshot_files(folder)
    loaded.files += len(files)
    cache = None
    if use_cache and negotiation is not None:
        cache = FolderCache(folder, negotiation_path.read_bytes())
    loaded.cache = cache
    todo: list[tuple[bytes, str]] = []
    keys: list[tuple[str, str]] = []
    shas: dict[str, str] = {}
    infos: dict[str, os.stat_result] = {}
    folder_shown = display_path(folder)
    for path in files:
        shown = (f"{folder_shown}/{path.name}" if path.parent == folder and folder_shown != "."
                 else display_path(path))
        try:
            info = file_info(path, shown)
            # An unchanged file (same size, times, inode) is not even read.
            sha = cache.known(path.name, info) if cache is not None else None
            raw = read_bytes(path, shown) if sha is None else b""
        except LoadError as exc:
            loaded.problems.append(exc.problem)
            continue
        if sha is None:
            sha = digest(raw) if cache is not None else ""
        shas[path.name] = sha
        infos[path.name] = info
        hit = cache.lookup(path.name, sha, info) if cache is not None else None
        if hit is None:
            keys.append((path.name, sha))
            todo.append((raw, shown))  # read: `known` implies a hit
            continue
        has_snapshot, cached = hit
        loaded.problems.extend(Problem(shown, *p) for p in cached)
        if has_snapshot:
            loaded._pending.append((path, shown))
    for (name, sha), (snapshot, found) in zip(keys, _check_many(negotiation, todo), strict=True):
        loaded.problems.extend(found)
        if snapshot is not None:
            loaded._built.append(snapshot)
        if cache is not None:
            cache.put(name, sha, snapshot, found, infos[name])
    loaded.problems.sort(key=lambda p: (p.path, p.line, p.column))
    if cache is not None:
        cache.save(shas, complete=only is None)
    return loaded


def load_negotiation(root: Path, name: str | None) -> Loaded:
    return load_folder(find_negotiation(root, name))
