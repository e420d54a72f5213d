"""Where the files of one negotiation folder come from: a folder on disk, or a git revision.

A source names the entries of one folder (files, links, sub-folders: whatever is there)
and reads one entry's bytes, refusing what `redline validate` refuses with the same
problem: a folder where a file is expected, anything but a regular file, a file over
the size limit, a symbolic link leading out of the positions root (the folder's parent).
`repository.load` reads every source the same way, so a rule holds for both.

    >>> DiskFolder(Path("positions/demo")).names()       # doctest: +SKIP
    ['2022-01-10-a.yaml', 'negotiation.yaml', 'sources']
    >>> GitFolder(git, "a1b2c3...", "positions/demo").read("2022-01-10-a.yaml")  # doctest: +SKIP
    b'date: 2022-01-10...'
"""

from __future__ import annotations

import os
import posixpath
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Protocol

from .loading import DEFAULT_LIMITS, LoadError
from .problems import Problem

if TYPE_CHECKING:  # a folder on disk (every command but review) never imports git's module
    from .gitfiles import Git, TreeEntry

NEGOTIATION_FILE = "negotiation.yaml"
DEFINITION_TYPO = "negotiation.yml"  # never read: named in a problem instead
YAML_SUFFIXES = (".yaml", ".yml")

# How many symbolic links, one leading to the next, a read follows (the kernel's is 40),
# and the longest link target read (the kernel's PATH_MAX).
MAX_LINKS = 40
MAX_LINK = 4096


class FolderSource(Protocol):
    """One negotiation folder, wherever it is stored."""

    @property
    def id(self) -> str:
        """The folder's name: the negotiation's id."""
        ...

    @property
    def shown(self) -> str:
        """The folder as messages name it."""
        ...

    @property
    def cache_folder(self) -> Path | None:
        """The folder whose parse cache may be read (None: no cache)."""
        ...

    @property
    def cache_writable(self) -> bool:
        """Whether the cache may be written (it always describes a folder on disk)."""
        ...

    def names(self) -> list[str]:
        """The names of every entry in the folder, sorted; [] when there is no folder;
        `LoadError` when it cannot be listed."""
        ...

    def read(self, name: str) -> bytes:
        """The bytes of one entry; `LoadError` when it cannot or must not be read."""
        ...

    def info(self, name: str) -> os.stat_result | None:
        """The file status of one entry after the refusals of `read`, without reading it
        (so an unchanged file need not be read: see `cache.FolderCache.known`); None where
        the source has no such status (a git revision)."""
        ...

    def text_file(self, text: str) -> tuple[bytes | None, str]:
        """The bytes of a snapshot's `source.text` (a path inside the folder), or None and
        why it cannot be read, in `quotes.text_path`'s words."""
        ...


def shown_in(folder: str, name: str) -> str:
    """A file of `folder` as messages name it."""
    return name if folder in ("", ".") else f"{folder}/{name}"


def snapshot_names(names: list[str]) -> list[str]:
    """The entries of a folder read as snapshots: *.yaml and *.yml but the definition."""
    return [n for n in names if n not in (NEGOTIATION_FILE, DEFINITION_TYPO) and suffix(n) in YAML_SUFFIXES]


def suffix(name: str) -> str:
    """A file name's suffix, as `PurePosixPath(name).suffix` says it, without building a path
    (`.yaml` alone and `a.` have none)."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _outside_root(shown: str) -> LoadError:
    return LoadError(
        Problem(
            shown, 0, 0, "is a symbolic link to a file outside the positions root; not read", "outside-root"
        )
    )


def _a_folder(shown: str) -> LoadError:
    return LoadError(Problem(shown, 0, 0, "is a folder, not a YAML file", "not-a-file"))


def _not_regular(shown: str) -> LoadError:
    return LoadError(Problem(shown, 0, 0, "is not a regular file", "not-a-file"))


def _too_large(shown: str, size: int) -> LoadError:
    return LoadError(
        Problem(
            shown,
            0,
            0,
            f"file is {size:,} bytes, over the limit of {DEFAULT_LIMITS.max_bytes:,}",
            "file-too-large",
        )
    )


def _unreadable(shown: str, reason: str) -> LoadError:
    return LoadError(Problem(shown, 0, 0, f"cannot read file: {reason}", "unreadable"))


# --- a folder on disk ------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working folder when below it.

    Symbolic links are not followed: a file is named as the user sees it.
    """
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, cwd)).as_posix()
    return Path(absolute).as_posix() if path.is_absolute() else path.as_posix()


def file_info(path: Path, shown: str, root: Path) -> os.stat_result:
    """A file's status once it is known to be a regular file within the size limit and not
    a link out of `root`; `LoadError` otherwise. Nothing is read."""
    return _checked_info(os.fspath(path), shown, os.path.islink(path.parent), root)


def _checked_info(path: str, shown: str, parent_linked: bool, root: Path | str) -> os.stat_result:
    """`file_info` of `path`, whose folder is known to be (or not to be) a symbolic link:
    one `lstat` for a regular file in a folder that is not a link."""
    if parent_linked:
        _check_inside(path, shown, root)
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise _unreadable(shown, exc.strerror or str(exc)) from None
    if stat.S_ISLNK(info.st_mode) or parent_linked:
        if not parent_linked:
            _check_inside(path, shown, root)
        try:
            info = os.stat(path)
        except OSError as exc:
            raise _unreadable(shown, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _a_folder(shown)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise _not_regular(shown)
    if info.st_size > DEFAULT_LIMITS.max_bytes:
        raise _too_large(shown, info.st_size)
    return info


def _check_inside(path: str, shown: str, root: Path | str) -> None:
    # A pull request can add `2022-01-10-x.yaml -> /etc/passwd`, or `-> /dev/zero`.
    target, top = os.path.realpath(path), os.path.realpath(root)
    if target != top and not target.startswith(top.rstrip(os.sep) + os.sep):
        raise _outside_root(shown)


def read_file(path: Path, shown: str, root: Path, linked: bool | None = None) -> bytes:
    """A file's bytes; `LoadError` for a link out of `root`, folders, devices, FIFOs,
    files over the size limit (refused before they are read) and unreadable files.
    `linked`: whether its folder is a symbolic link, when the caller knows it already."""
    folder_linked = os.path.islink(path.parent) if linked is None else linked
    _checked_info(os.fspath(path), shown, folder_linked, root)
    return _read_bytes(path, shown)


def _read_bytes(path: Path | str, shown: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        raise _unreadable(shown, exc.strerror or str(exc)) from None


@dataclass(frozen=True)
class DiskFolder:
    """A negotiation folder on disk; `shown` defaults to its path from the working folder.

    What holds for the whole folder (where it is, how it is shown, whether it is itself a
    symbolic link) is found once, so that a file costs one `lstat` (see `info`).
    """

    path: Path
    shown_as: str = ""

    @cached_property
    def _absolute(self) -> str:
        return os.path.abspath(self.path)

    @cached_property
    def _root(self) -> str:
        """The positions root: a link may not lead out of it."""
        return os.path.dirname(self._absolute)

    @cached_property
    def _linked(self) -> bool:
        """Whether the folder is itself a symbolic link (its files are then followed)."""
        return os.path.islink(self.path)

    @property
    def id(self) -> str:
        return os.path.basename(self._absolute)

    @cached_property
    def shown(self) -> str:
        return self.shown_as or display_path(self.path)

    @property
    def cache_folder(self) -> Path | None:
        return self.path

    @property
    def cache_writable(self) -> bool:
        return True

    def names(self) -> list[str]:
        try:
            return sorted(p.name for p in self.path.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:  # a folder that cannot be listed is never taken for empty
            raise LoadError(
                Problem(self.shown, 0, 0, f"cannot read folder: {exc.strerror or exc}", "unreadable")
            ) from None

    def read(self, name: str) -> bytes:
        return read_file(self.path / name, shown_in(self.shown, name), Path(self._root), self._linked)

    def info(self, name: str) -> os.stat_result | None:
        return _checked_info(
            os.path.join(self.path, name), shown_in(self.shown, name), self._linked, self._root
        )

    def text_file(self, text: str) -> tuple[bytes | None, str]:
        from .quotes import text_path

        path, why = text_path(self.path, text)
        if path is None:  # named as messages name the folder, not as an absolute path
            return None, why.replace(f"relative to {self.path.as_posix()}/", f"relative to {self.shown}/")
        try:
            return path.read_bytes(), ""
        except OSError as exc:
            return None, f"source text '{text}' cannot be used: cannot read file: {exc.strerror or exc}"


# --- a folder at a git revision --------------------------------------------------------------


@dataclass
class GitFolder:
    """A negotiation folder at a commit, read through git (no checkout).

    Tree entries are taken as they are: a committed symbolic link (mode 120000) is
    followed inside the positions root and refused when it leads out, a sub-tree or a
    submodule where a file is expected is refused, as on disk.
    """

    git: Git
    commit: str
    folder: str  # relative to the top of the repository, POSIX
    _entries: dict[str, TreeEntry] | None = field(default=None, repr=False)
    _blobs: dict[str, bytes] = field(default_factory=dict, repr=False)
    unread: frozenset[str] = frozenset()  # names the reader expects not to read (not prefetched)

    @property
    def id(self) -> str:
        return PurePosixPath(self.folder).name

    @property
    def shown(self) -> str:
        return self.folder

    @property
    def cache_folder(self) -> Path | None:
        return self.git.top / self.folder

    @property
    def cache_writable(self) -> bool:
        return False  # the cache describes the working tree; never write a revision into it

    def entries(self) -> dict[str, TreeEntry]:
        if self._entries is None:
            listing = self.git.entries(self.commit, self.folder)
            self._entries = {PurePosixPath(e.path).name: e for e in listing}
        return self._entries

    def names(self) -> list[str]:
        return sorted(self.entries())

    def info(self, name: str) -> os.stat_result | None:
        return None

    def read(self, name: str) -> bytes:
        shown = shown_in(self.folder, name)
        entry = self.entries().get(name)
        if entry is None:
            raise _unreadable(shown, "No such file or directory")
        entry = self._follow(entry, shown)
        if entry.kind == "tree":
            raise _a_folder(shown)
        if entry.kind != "blob" or entry.mode not in ("100644", "100755"):
            raise _not_regular(shown)
        if entry.size > DEFAULT_LIMITS.max_bytes:
            raise _too_large(shown, entry.size)
        if entry.oid not in self._blobs:
            if name in self.unread:  # the reader needs them after all: fetch them with the rest
                self.unread = frozenset()
            self._prefetch()
        found = self._blobs.get(entry.oid)
        return found if found is not None else self.git.blobs([entry.oid])[entry.oid]

    def text_file(self, text: str) -> tuple[bytes | None, str]:
        if (
            PurePosixPath(text).is_absolute()
            or PureWindowsPath(text).is_absolute()
            or PureWindowsPath(text).drive
        ):
            return None, f"source text '{text}' must be a path relative to the negotiation folder"
        inside = self.folder.rstrip("/") + "/"
        path = posixpath.normpath(posixpath.join(self.folder, text))
        for _ in range(MAX_LINKS):
            if not path.startswith(inside):
                return None, f"source text '{text}' points outside the negotiation folder"
            entry = self.git.entry(self.commit, path)
            if entry is None:
                return None, f"source text '{text}' does not exist (relative to {inside})"
            if entry.mode != "120000":
                break
            if entry.size > MAX_LINK:
                return None, f"source text '{text}' cannot be resolved: link target too long"
            target = self.git.blobs([entry.oid])[entry.oid].decode("utf-8", "surrogateescape")
            path = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        else:
            return None, f"source text '{text}' cannot be resolved: too many links"
        if entry.kind != "blob":
            return None, f"source text '{text}' is not a file"
        return self.git.blobs([entry.oid])[entry.oid], ""  # size: checked as on disk

    def _follow(self, entry: TreeEntry, shown: str) -> TreeEntry:
        """The entry a chain of committed symbolic links leads to, inside the root."""
        root = posixpath.dirname(self.folder.rstrip("/"))
        for _ in range(MAX_LINKS):
            if entry.mode != "120000":
                return entry
            if entry.size > MAX_LINK:  # a link is a path: a huge one is not read
                raise _unreadable(shown, "File name too long")
            target = self.git.blobs([entry.oid])[entry.oid].decode("utf-8", "surrogateescape")
            if target.startswith("/"):
                raise _outside_root(shown)
            path = posixpath.normpath(posixpath.join(posixpath.dirname(entry.path), target))
            if root not in ("", ".") and not path.startswith(root.rstrip("/") + "/"):
                raise _outside_root(shown)
            if path == ".." or path.startswith("../"):
                raise _outside_root(shown)
            found = self.git.entry(self.commit, path)
            if found is None:
                raise _unreadable(shown, "No such file or directory")
            entry = found
        raise _unreadable(shown, "Too many levels of symbolic links")

    def _prefetch(self) -> None:
        """Read every regular YAML file of the folder in one git call."""
        wanted = [
            e.oid
            for e in self.entries().values()
            if e.kind == "blob"
            and e.mode in ("100644", "100755")
            and e.size <= DEFAULT_LIMITS.max_bytes
            and e.oid not in self._blobs
            and e.path.lower().endswith(YAML_SUFFIXES)
            and PurePosixPath(e.path).name not in self.unread
        ]
        self._blobs.update(self.git.blobs(wanted))
