"""Loading a negotiation: the one path from files to the model and its problems.

A negotiation folder holds a `negotiation.yaml` and snapshot files named
`<YYYY-MM-DD>-<slug>.yaml`. Anything else (a `sources/` folder of texts, a README) is
left alone; a file that looks like a snapshot but would not be read is an error.

`load(source)` reads a folder from any `filesource` (a folder on disk, a git
revision) with every problem of every file (a file that fails never hides the
others), the parse cache, and the rules that span files (`CROSS_FILE_RULES`), so that
`validate`, `report` and `review` hold the data to the same rules. `load_folder` is
`load` of a folder on disk. Finding the folders under a root is `discovery`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .discovery import (
    DEFAULT_ROOT,
    find_negotiation,
    negotiation_folders,
    resolve_root,
    stray_folders,
)
from .filecheck import (
    PARALLEL_THRESHOLD,
    check_many,
    check_negotiation_bytes,
    check_snapshot_bytes,
    check_snapshot_document,
    parse_document,
)
from .filesource import (
    DEFINITION_TYPO,
    NEGOTIATION_FILE,
    YAML_SUFFIXES,
    DiskFolder,
    FolderSource,
    display_path,
    read_file,
    shown_in,
    snapshot_names,
    suffix,
)
from .fold import same_date_conflicts
from .loading import Document, LoadError, parse_yaml, read_text
from .model import Negotiation, Snapshot
from .problems import Problem, has_errors
from .redlines import crossing_problems
from .settings import Settings


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
    source: FolderSource | None = None
    present: bool = True  # the folder holds a negotiation.yaml
    documents: dict[str, Document | None] = field(default_factory=dict)  # by file name
    _built: list[Snapshot] = field(default_factory=list)
    # (name, shown, key): a cached snapshot to decode, and its key in `checked.decoded`
    _pending: list[tuple[str, str, tuple[str, str, str] | None]] = field(default_factory=list)
    checked: Checked | None = None  # shared with the other loads of this run (a review's sides)
    # each snapshot file read (or known unchanged): its digest and size in bytes, by name
    digests: dict[str, tuple[str, int]] = field(default_factory=dict)
    _sorted: bool = False

    def add(self, snapshot: Snapshot | None, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        if snapshot is not None:
            self._built.append(snapshot)

    @property
    def ok(self) -> bool:
        return self.negotiation is not None and not has_errors(self.problems)

    @property
    def snapshots(self) -> list[Snapshot]:
        """Every valid snapshot, sorted by date and path."""
        if self._pending:
            from .cache import snapshot_from_json

            decoded = self.checked.decoded if self.checked is not None else {}
            for name, shown, key in self._pending:
                if key is not None and key in decoded:  # the other side decoded it already
                    self._built.append(decoded[key])
                    continue
                data = self.cache.snapshot_json(name) if self.cache else None
                if data is not None:
                    try:
                        self._built.append(snapshot_from_json(data, shown))
                        if key is not None:
                            decoded[key] = self._built[-1]
                        continue
                    except (KeyError, TypeError, ValueError):
                        pass  # a malformed entry is never trusted: parse the file again
                # The cache lost it (a torn or corrupted snapshots file): parse again,
                # and put it back so that the cache heals.
                assert self.negotiation is not None and self.source is not None
                try:
                    snapshot, found = check_snapshot_bytes(self.source.read(name), shown, self.negotiation)
                except LoadError as exc:
                    snapshot, found = None, [exc.problem]
                if snapshot is not None:
                    self._built.append(snapshot)
                if self.cache is not None and self.source.cache_writable:
                    self.cache.repair(Path(name), snapshot, found)
            self._pending.clear()
            self._sorted = False
        if not self._sorted:
            self._built.sort(key=lambda s: (s.date, s.path))
            self._sorted = True
        return self._built

    def memoized(
        self, key: str, compute: Callable[[], Any], valid: Callable[[Any], bool] | None = None
    ) -> Any:
        """`compute()`, remembered in the folder's cache for as long as no file changes;
        a remembered value that `valid` rejects is computed again, never trusted."""
        if self.cache is None:
            return compute()
        return self.cache.memoized(key, compute, valid)


def read_bytes(path: Path, shown: str) -> bytes:
    """A file's bytes, read as a negotiation folder's files are read (see `filesource`)."""
    return read_file(path, shown, Path(os.path.abspath(path)).parent.parent)


def read_document(path: Path) -> Document:
    """Read and parse one file; raise `LoadError` with a problem on any failure."""
    shown = display_path(path)
    return parse_yaml(read_text(read_bytes(path, shown), shown), shown)


def load_negotiation_file(path: Path) -> tuple[Negotiation | None, list[Problem]]:
    shown = display_path(path)
    try:
        raw = read_bytes(path, shown)
    except LoadError as exc:
        return None, [exc.problem]
    return check_negotiation_bytes(raw, shown, Path(os.path.abspath(path)).parent.name)


def load_snapshot_file(path: Path, negotiation: Negotiation) -> tuple[Snapshot | None, list[Problem]]:
    shown = display_path(path)
    try:
        raw = read_bytes(path, shown)
    except LoadError as exc:
        return None, [exc.problem]
    return check_snapshot_bytes(raw, shown, negotiation)


# Rules that span the files of one negotiation: each takes the valid snapshots and returns
# problems. Every reader (validate, report, review) gets them through `load`.
CrossFileRule = Callable[[Negotiation, list[Snapshot]], list[Problem]]

CROSS_FILE_RULES: dict[str, CrossFileRule] = {
    "same-date-conflicts": lambda negotiation, snapshots: same_date_conflicts(snapshots),
    "red-line-crossings": crossing_problems,
}


def misnamed(source: FolderSource, names: list[str]) -> list[Problem]:
    """Files that look like YAML but would not be read (`2022-01-10-a.YAML`): errors, so that
    a snapshot is never skipped in silence; a `negotiation.yml` beside the negotiation.yaml
    is a warning."""
    found = [
        Problem(
            shown_in(source.shown, n),
            0,
            0,
            "not read: a snapshot's file name must end in .yaml (or .yml), in lower case",
            "file-name",
        )
        for n in names
        if n != DEFINITION_TYPO and suffix(n).lower() in YAML_SUFFIXES and suffix(n) not in YAML_SUFFIXES
    ]
    if DEFINITION_TYPO in names and NEGOTIATION_FILE in names:
        found.append(
            Problem(
                shown_in(source.shown, DEFINITION_TYPO),
                0,
                0,
                f"not read: the negotiation is defined by {NEGOTIATION_FILE}",
                "file-name",
                "warning",
            )
        )
    return found


@dataclass
class Checked:
    """Files already checked in this run, by path and content, shared by several loads
    (a review's two sides): a file the change leaves alone is parsed once."""

    definitions: dict[tuple[str, str], tuple[Negotiation | None, list[Problem]]] = field(default_factory=dict)
    snapshots: dict[tuple[str, str, str], tuple[Snapshot | None, list[Problem]]] = field(default_factory=dict)
    # snapshots decoded from the parse cache, by the same key (snapshots are immutable)
    decoded: dict[tuple[str, str, str], Snapshot] = field(default_factory=dict)


def load_definition(
    source: FolderSource, names: list[str], checked: Checked | None = None
) -> tuple[Negotiation | None, list[Problem], bytes | None]:
    """The folder's negotiation.yaml: the model, its problems and its bytes.

    A folder without one is an error when it holds snapshots or a `negotiation.yml`
    (its files would go unchecked), and nothing otherwise.
    """
    shown = shown_in(source.shown, NEGOTIATION_FILE)
    if NEGOTIATION_FILE not in names:
        count = len(snapshot_names(names)) + len(misnamed(source, names))
        if DEFINITION_TYPO in names:
            message = "missing: this folder has a negotiation.yml; name it negotiation.yaml"
        elif count:
            message = f"missing: the {count} snapshot file(s) of this folder cannot be checked without it"
        else:
            return None, [], None
        return None, [Problem(shown, 0, 0, message, "no-negotiation")], None
    try:
        raw = source.read(NEGOTIATION_FILE)
    except LoadError as exc:
        return None, [exc.problem], None
    if checked is None:
        negotiation, problems = check_negotiation_bytes(raw, shown, source.id)
        return negotiation, problems, raw
    from .cache import digest

    key = (shown, digest(raw))
    if key not in checked.definitions:
        checked.definitions[key] = check_negotiation_bytes(raw, shown, source.id)
    negotiation, problems = checked.definitions[key]
    return negotiation, list(problems), raw


def load(
    source: FolderSource,
    only: list[str] | None = None,
    *,
    settings: Settings | None = None,
    documents: Collection[str] = (),
    checked: Checked | None = None,
    same: Mapping[str, str] | None = None,
    skip: Collection[str] = (),
) -> Loaded:
    """Load a negotiation folder (or only some of its snapshot files) with all problems.

    The one path from files to the model, whatever the source: the definition, every
    snapshot (unchanged ones from the parse cache, the others parsed, on every core when
    there are many), then, when the whole folder is read, the cross-file rules. The
    parsed documents of the files named in `documents` are kept (`Loaded.documents`);
    files already in `checked` are not parsed again, and the others are added to it.
    `same` gives the digests of files known to hold the bytes of a file read already in
    this run (a review's base, for the files the change leaves alone): they are read
    only when neither `checked` nor the cache knows them. The cross-file rules named in
    `skip` are left to the caller (a review checks the base's red lines on its own fold).
    """
    settings = settings or Settings()
    try:
        names = source.names()
    except LoadError as exc:
        return Loaded(source.shown, None, problems=[exc.problem], source=source, present=False)
    negotiation, problems, definition = load_definition(source, names, checked)
    present = NEGOTIATION_FILE in names
    files = only if only is not None else snapshot_names(names)
    loaded = Loaded(
        source.shown,
        negotiation,
        problems=list(problems),
        files=int(present) + len(files),
        source=source,
        present=present,
        checked=checked,
    )
    if only is None:
        loaded.problems += misnamed(source, names)
    cache = None
    if settings.cache_dir is not None and definition is not None and negotiation is not None:
        cache = _folder_cache(source, definition, settings.cache_dir)
    loaded.cache = cache
    shas = _read_all(
        loaded,
        files,
        set(documents),
        checked,
        _digest(definition) if checked is not None else "",
        settings.parallel,
        same or {},
    )
    writable = cache if cache is not None and source.cache_writable else None
    if writable is not None:
        writable.save(shas, complete=only is None, hold=True)
    try:
        if negotiation is not None and only is None:
            for name, rule in CROSS_FILE_RULES.items():
                if name not in skip:
                    loaded.problems += _cross_file(loaded, name, rule)
    finally:
        if writable is not None:
            writable.flush()  # the files and the cross-file results: one write
    loaded.problems.sort(key=lambda p: (p.path, p.line, p.column, p.message))
    return loaded


def _cross_file(loaded: Loaded, name: str, rule: CrossFileRule) -> list[Problem]:
    """A cross-file rule's problems, remembered in the cache while no file changes."""

    def compute() -> list[dict[str, object]]:
        assert loaded.negotiation is not None
        return [p.to_json() for p in rule(loaded.negotiation, loaded.snapshots)]

    found = loaded.memoized(f"{name}:{loaded.folder}", compute, _valid_problems)
    return [Problem(p["path"], p["line"], p["column"], p["message"], p["code"], p["severity"]) for p in found]


def _folder_cache(source: FolderSource, definition: bytes, cache_dir: Path) -> Any:
    from .cache import FolderCache

    if source.cache_folder is None:
        return None
    return FolderCache(source.cache_folder, definition, cache_dir)


def _digest(raw: bytes | None) -> str:
    from .cache import digest

    return digest(raw) if raw is not None else ""


def _read_all(
    loaded: Loaded,
    files: list[str],
    documents: set[str],
    checked: Checked | None,
    definition: str,
    parallel: bool = True,
    same: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Read and check `files` into `loaded`; the digest of each file read, by name."""

    source, cache, negotiation = loaded.source, loaded.cache, loaded.negotiation
    assert source is not None
    todo: list[tuple[bytes, str]] = []
    keys: list[tuple[str, str]] = []
    shas: dict[str, str] = {}
    infos: dict[str, os.stat_result | None] = {}
    for name in files:
        shown = shown_in(source.shown, name)
        try:
            # An unchanged file (same size, times, inode) is not even read, nor one known
            # to hold the bytes of a file checked already.
            info = source.info(name) if cache is not None and name not in documents else None
            sha = (same or {}).get(name) if name not in documents else None
            if sha is not None and not _known(loaded, checked, definition, name, sha):
                sha = None
            if sha is None and info is not None:
                sha = cache.known(name, info)
            raw = source.read(name) if sha is None else None
        except LoadError as exc:
            loaded.problems.append(exc.problem)
            continue
        if sha is None:
            sha = _digest(raw) if cache is not None or checked is not None else ""
        shas[name] = sha
        infos[name] = info
        loaded.digests[name] = (sha, len(raw) if raw is not None else info.st_size if info else -1)
        raw = raw if raw is not None else b""
        if name in documents:
            doc, snapshot, found = check_snapshot_document(raw, shown, negotiation)
            loaded.documents[name] = doc
            loaded.add(snapshot, found)
            continue
        if checked is not None and (definition, shown, sha) in checked.snapshots:
            snapshot, found = checked.snapshots[definition, shown, sha]
            loaded.add(snapshot, list(found))
            continue
        hit = cache.lookup(name, sha, info) if cache is not None else None
        if hit is None:
            keys.append((name, sha))
            todo.append((raw, shown))  # read: `known` implies a hit
            continue
        has_snapshot, cached = hit
        loaded.problems.extend(Problem(shown, *p) for p in cached)
        if has_snapshot:
            loaded._pending.append((name, shown, (definition, shown, sha) if checked is not None else None))
    for (name, sha), (snapshot, found) in zip(keys, check_many(negotiation, todo, parallel), strict=True):
        loaded.add(snapshot, found)
        if checked is not None:
            checked.snapshots[definition, shown_in(source.shown, name), sha] = (snapshot, found)
        if cache is not None and source.cache_writable:
            cache.put(name, sha, snapshot, found, infos[name])
    return shas


def _known(loaded: Loaded, checked: Checked | None, definition: str, name: str, sha: str) -> bool:
    """Whether a file with the digest `sha` is checked already, in this run or in the cache."""
    assert loaded.source is not None
    if checked is not None and (definition, shown_in(loaded.source.shown, name), sha) in checked.snapshots:
        return True
    return loaded.cache is not None and loaded.cache.lookup(name, sha) is not None


def _valid_problems(value: object) -> bool:
    """Whether a remembered value is a list of problems as `Problem.to_json` writes them."""
    types = {"path": str, "line": int, "column": int, "message": str, "code": str, "severity": str}
    return isinstance(value, list) and all(
        isinstance(p, dict)
        and all(isinstance(p.get(k), t) for k, t in types.items())
        and p["severity"] in ("error", "warning")
        for p in value
    )


def load_folder(folder: Path, only: list[Path] | None = None, settings: Settings | None = None) -> Loaded:
    """Load a negotiation folder on disk (or only some of its snapshot files): see `load`.
    The parse cache is used when `settings` names a cache folder."""
    return load(DiskFolder(folder), [p.name for p in only] if only is not None else None, settings=settings)


def load_negotiation(root: Path, name: str | None, settings: Settings | None = None) -> Loaded:
    return load_folder(find_negotiation(root, name), settings=settings)


# What other modules import from here: this module's own names, and those it re-exports
# from discovery, filecheck and filesource (their home until callers move).
__all__ = [
    "CROSS_FILE_RULES",
    "DEFAULT_ROOT",
    "NEGOTIATION_FILE",
    "PARALLEL_THRESHOLD",
    "YAML_SUFFIXES",
    "Checked",
    "Loaded",
    "check_negotiation_bytes",
    "check_snapshot_bytes",
    "check_snapshot_document",
    "display_path",
    "find_negotiation",
    "load",
    "load_definition",
    "load_folder",
    "load_negotiation",
    "load_negotiation_file",
    "load_snapshot_file",
    "misnamed",
    "negotiation_folders",
    "parse_document",
    "read_bytes",
    "read_document",
    "resolve_root",
    "stray_folders",
]
