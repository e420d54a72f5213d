"""A parse cache that is safe to trust: sealed with a per-user key, checked, rebuilt when in doubt.

For each negotiation folder, JSON files in the user's cache directory
(`$REDLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/redline`, else `~/.cache/redline`) map
each snapshot file's name and SHA-256 to the snapshot it parsed into and the problems
found, and remember folder-wide results (same-date conflicts, rendered reports) for as
long as no file of the folder changes.

The cache directory is untrusted input, as the files are:

- every cache file starts with an HMAC-SHA256 of its content under a per-user secret
  (`key`, 32 random bytes, mode 0600, in the cache directory); a file whose MAC fails
  (torn, corrupted, forged by whoever can write the directory but cannot read the key)
  is discarded whole. A key that is not a regular file of ours, readable only by us,
  turns the cache off for the run: the directory is someone else's;
- files are opened without following links and without blocking (a FIFO or a device
  in their place is refused, never read), and must be regular files of bounded size;
- everything read is shape-checked (`jsoncodec`: the model's type hints, down to each
  quote's line number); an entry of the wrong shape is parsed again, never trusted.

An entry is used only when the file's bytes hash to the stored digest, and the
negotiation.yaml, redline's version and the schemas are the ones it was made with.
Warm runs do not even read unchanged files: as git's index does, each entry keeps the
file's size, modification and change times (ns), inode and device, and a file whose
five are unchanged is taken to hold the bytes hashed. The change time cannot be set
back by a user, so an edit that restores the modification time is still seen. A file
modified within `RACY_NS` of the run that hashed it is "racily clean" (a later edit in
the same clock tick would keep its times): its times are not kept, so it is hashed
again next time.

Cache files are written atomically (temporary file, then rename), so concurrent runs
never see half a file; the last writer wins. It holds plain JSON, never pickles: a
tampered cache directory can cost a rebuild, never run code or change a result.
The CLI bypasses it when `REDLINE_NO_CACHE=1`; the cache folder comes from `Settings.cache_dir`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import time
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from . import __version__
from .jsoncodec import Codec, ShapeError
from .model import Snapshot
from .problems import Problem

FORMAT = 5  # with the model's layout (`Codec.layout`) in the stamp: bump on other changes
KEY_FILE = "key"
KEY_BYTES = 32
MAX_FILE_BYTES = 512 * 1024 * 1024  # a bigger cache file is not one of ours
RACY_NS = 2_000_000_000  # coarse file system clocks (FAT: 2 s) and a little skew
_SEVERITIES = ("error", "warning")


@cache
def _schemas_digest() -> str:
    from .schema import schema_dir

    digest = hashlib.sha256()
    for name in ("negotiation", "snapshot"):
        digest.update((schema_dir() / f"{name}.schema.json").read_bytes())
    return digest.hexdigest()


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _open_regular(path: Path, max_bytes: int) -> tuple[bytes, os.stat_result] | None:
    """The bytes of a regular file, opened without following a link or blocking on a
    FIFO; None when missing, special, too big or unreadable."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(max_bytes + 1)
        return (raw, info) if len(raw) <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(fd)


def user_key(root: Path) -> bytes | None:
    """This user's secret for sealing cache files, made on first use; None when the
    cache directory cannot be trusted (its key is not a private file of ours)."""
    from .fsutil import user_id, write_bytes

    path = root / KEY_FILE
    for _ in range(3):
        found = _open_regular(path, KEY_BYTES)
        if found is not None:
            raw, info = found
            if os.name == "posix" and (info.st_uid != user_id() or info.st_mode & 0o077):
                return None  # someone else's key, or one others can read: no cache
            if len(raw) == KEY_BYTES:
                return raw
        else:
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                info = None
            except OSError:
                return None
            if info is not None and info.st_uid != user_id():
                return None  # a link, a FIFO... that is not ours to replace
            if info is not None and stat.S_ISREG(info.st_mode) and info.st_size == KEY_BYTES:
                continue  # a concurrent run's key, made since the open: read it, never replace it
        try:  # missing, or a damaged key of ours: a new key, and every entry is rebuilt
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_bytes(path, os.urandom(KEY_BYTES), mode=0o600, exclusive=info is None, sync=False)
        except FileExistsError:
            continue  # a concurrent run made one first: read theirs
        except OSError:
            return None
    return None


def stat_key(info: os.stat_result) -> list[int]:
    """What says a file is unchanged without reading it (git's index keeps the same)."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


@cache
def _snapshots() -> Codec:
    """The snapshot codec; a `TypeError` if the model holds a type it cannot store (the
    cache is then off, and tests/test_cache_codec.py says why)."""
    return Codec(Snapshot, skip=("path",))


@cache
def _model_digest() -> str:
    return digest(_snapshots().layout().encode("utf-8"))[:16]


def snapshot_to_json(snapshot: Snapshot) -> Any:
    return _snapshots().encode(snapshot)


def snapshot_from_json(data: Any, path: str) -> Snapshot:
    """The snapshot a cache entry holds; `ShapeError` (a `ValueError`) unless well formed."""
    return _snapshots().decode(data, path=path)


def _problem_rows(value: Any) -> bool:
    """Whether `value` is a list of `[line, column, message, code, severity]`."""
    return type(value) is list and all(
        type(p) is list
        and len(p) == 5
        and type(p[0]) is int
        and type(p[1]) is int
        and type(p[2]) is str
        and type(p[3]) is str
        and p[4] in _SEVERITIES
        for p in value
    )


def _valid_entry(entry: Any) -> bool:
    """`[sha, problems, has_snapshot, stat_key or None]`, each of its type."""
    return (
        type(entry) is list
        and len(entry) == 4
        and type(entry[0]) is str
        and len(entry[0]) == 64
        and type(entry[2]) is bool
        and _problem_rows(entry[1])
        and (
            entry[3] is None
            or (type(entry[3]) is list and len(entry[3]) == 5 and all(type(n) is int for n in entry[3]))
        )
    )


def _file_stem(folder: Path) -> str:
    """The name of a folder's cache files, without their suffixes."""
    return digest(str(folder.resolve()).encode("utf-8"))[:32]


def has_index(folder: Path, root: Path) -> bool:
    """Whether a cache index exists for `folder` (its snapshots may be known: a hint, not
    a promise; `FolderCache` checks the index before it trusts any of it)."""
    return (root / f"{_file_stem(folder)}.index.json").exists()


class FolderCache:
    """The cache of one negotiation folder, loaded once and saved once per run.

    Two files: a small index (each file's digest, times and problems, and the memo of
    folder-wide results) read on every run, and the parsed snapshots, read only when a
    command needs them. Each is sealed with the user's key; the index also names the
    digest of the snapshots file it goes with, so a pair torn apart by concurrent
    writers is noticed.
    """

    def __init__(self, folder: Path, negotiation_raw: bytes, root: Path | None):
        """`root` is the cache folder (see `Settings.cache_dir`); None: no cache."""
        self.started_ns = time.time_ns()
        try:
            model = _model_digest()
        except TypeError:
            model, root = "", None  # the model grew a type the codec cannot store: no cache
        self.key = user_key(root) if root is not None else None
        self.root = root if self.key is not None else None
        name = _file_stem(folder)
        self.index_path = self.root / f"{name}.index.json" if self.root else None
        self.body_path = self.root / f"{name}.snapshots.json" if self.root else None
        self.stamp = {
            "format": FORMAT,
            "version": __version__,
            "schemas": _schemas_digest(),
            "negotiation": digest(negotiation_raw),
            "model": model,
        }
        self.index: dict[str, Any] = {}  # name -> [sha, problems, has snapshot, stat key]
        self.body_digest = ""
        self._body: dict[str, Any] | None = None
        self.added: dict[str, Any] = {}
        self.memo: dict[str, Any] = {}
        self.memo_digest = ""
        self.folder_digest = ""
        self.dirty = False
        self._body_due = False  # the snapshots file must be written with the index
        self._held = False  # writes wait for `flush`
        self._checked: set[str] = set()  # names whose index entry has a valid shape
        self._load_index()

    def _read_sealed(self, path: Path) -> tuple[Any, bytes] | None:
        """The JSON payload of a cache file and its bytes; None on any doubt."""
        found = _open_regular(path, MAX_FILE_BYTES)
        if found is None or self.key is None:
            return None
        raw = found[0]
        head, _, payload = raw.partition(b"\n")
        mac = hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode("ascii")
        if not hmac.compare_digest(head, mac):
            return None
        try:
            return msgspec.json.decode(payload), raw
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None

    def _seal(self, data: Any) -> bytes:
        assert self.key is not None
        payload = msgspec.json.encode(data)  # compact UTF-8, as json.dumps(separators=(",", ":"))
        return hmac.new(self.key, payload, hashlib.sha256).hexdigest().encode("ascii") + (b"\n" + payload)

    def _load_index(self) -> None:
        if self.index_path is None:
            return
        found = self._read_sealed(self.index_path)
        data = found[0] if found else None
        if type(data) is not dict or data.get("stamp") != self.stamp:
            return  # missing, corrupted, or made by another version: rebuild
        index, memo, body = data.get("index"), data.get("memo"), data.get("body")
        if type(index) is dict and type(body) is str:
            self.index, self.body_digest = index, body
        if type(memo) is dict and type(memo.get("values")) is dict and type(memo.get("digest")) is str:
            self.memo_digest, self.memo = memo["digest"], memo["values"]

    def _load_body(self) -> dict[str, Any]:
        if self._body is None:
            self._body = {}
            if self.body_path is not None and self.body_digest:
                found = self._read_sealed(self.body_path)
                if found is not None and type(found[0]) is dict and (digest(found[1]) == self.body_digest):
                    self._body = found[0]
        return self._body

    def known(self, name: str, info: os.stat_result) -> str | None:
        """The digest of a file whose size, times, inode and device are those of its
        entry, without reading it; None when anything changed or is in doubt."""
        entry = self._entry(name)
        if entry is None or entry[3] is None or entry[3] != stat_key(info):
            return None
        return entry[0]

    def _entry(self, name: str) -> list[Any] | None:
        """The index entry of a file, once its shape is checked; None if none or malformed."""
        entry = self.index.get(name)
        if name in self._checked:
            return entry
        if not _valid_entry(entry):
            return None
        self._checked.add(name)
        return entry

    def lookup(
        self, name: str, sha: str, info: os.stat_result | None = None
    ) -> tuple[bool, list[list[Any]]] | None:
        """Whether a snapshot is cached for a file with these bytes, and its problems.

        With `info`, a hit remembers the file's times, so that the next run need not
        read it (a file touched, or hashed while racily clean, last time).
        """
        entry = self._entry(name)
        if entry is None or entry[0] != sha:
            return None
        if info is not None:
            key = self._stat_key(info)
            if key != entry[3]:
                entry[3] = key
                self.dirty = True
        return entry[2], entry[1]

    def _stat_key(self, info: os.stat_result) -> list[int] | None:
        """The times to keep for a file read now; None when racily clean."""
        if max(info.st_mtime_ns, info.st_ctime_ns) >= self.started_ns - RACY_NS:
            return None
        return stat_key(info)

    def snapshot_json(self, name: str) -> Any:
        """The cached snapshot of a file (as looked up), or None if the cache lost it."""
        data = self.added.get(name)
        return data if data is not None else self._load_body().get(name)

    def get(self, name: str, sha: str, shown: str) -> tuple[Snapshot | None, list[Problem]] | None:
        """The cached snapshot and problems of a file with these bytes, or None."""
        hit = self.lookup(name, sha)
        if hit is None:
            return None
        data = self.snapshot_json(name) if hit[0] else None
        if hit[0] and data is None:
            return None
        try:
            snapshot = snapshot_from_json(data, shown) if hit[0] else None
        except ShapeError:
            return None
        return snapshot, [Problem(shown, *p) for p in hit[1]]

    def put(
        self,
        name: str,
        sha: str,
        snapshot: Snapshot | None,
        problems: list[Problem],
        info: os.stat_result | None = None,
    ) -> None:
        encoded = snapshot_to_json(snapshot) if snapshot is not None else None
        self.index[name] = [
            sha,
            [[p.line, p.column, p.message, p.code, p.severity] for p in problems],
            snapshot is not None,
            self._stat_key(info) if info is not None else None,
        ]
        if encoded is not None:
            self.added[name] = encoded
        self.dirty = True

    def repair(self, path: Path, snapshot: Snapshot | None, problems: list[Problem]) -> None:
        """Put back an entry the snapshots file lost, and write the cache again."""
        entry = self._entry(path.name)
        if entry is not None:
            self.put(path.name, entry[0], snapshot, problems)
            self._write(body=True)

    def memoized(self, key: str, compute: Any, valid: Any = None) -> Any:
        """A value derived from the whole folder, kept while no file of it changes.

        `valid(value)` checks a remembered value's shape; one that fails is computed again.
        """
        if self.folder_digest and self.memo_digest == self.folder_digest and key in self.memo:
            value = self.memo[key]
            if valid is None or valid(value):
                return value
        value = compute()
        if self.folder_digest:
            if self.memo_digest != self.folder_digest:
                self.memo, self.memo_digest = {}, self.folder_digest
            self.memo[key] = value
            self.dirty = True
            if not self._held:
                self._write(body=False)
        return value

    def save(self, shas: dict[str, str], complete: bool, hold: bool = False) -> None:
        """Write the cache if anything changed; `shas` are the files read, by name.

        When `complete` (the whole folder was read), entries of files that are gone are
        dropped and the folder's digest is known, which makes the memo usable. With
        `hold`, the writing waits for `flush`, and so do the values `memoized` until then
        (one write for the files and the folder-wide results computed next).
        """
        if self.index_path is None:
            return
        stale = set(self.index) - set(shas) if complete else set()
        for name in stale:
            del self.index[name]
        if complete:
            self.folder_digest = digest(
                "\n".join(f"{name}:{sha}" for name, sha in sorted(shas.items())).encode("utf-8")
            )
        if self.dirty or stale:
            self.dirty = True
            self._body_due = bool(self.added) or bool(stale) or not self.body_digest
        self._held = hold
        if not hold:
            self.flush()

    def flush(self) -> None:
        """Write what `save(..., hold=True)` held back, if anything changed."""
        self._held = False
        if self.dirty:
            self._write(body=self._body_due)
        self._body_due = False

    def _write(self, body: bool) -> None:
        if self.index_path is None or self.body_path is None:
            return
        from .fsutil import remove_stale, write_bytes

        try:
            self.index_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if body:
                keep = {name for name, entry in self.index.items() if _valid_entry(entry) and entry[2]}
                snapshots = {k: v for k, v in {**self._load_body(), **self.added}.items() if k in keep}
                raw = self._seal(snapshots)
                remove_stale(self.body_path.parent, self.body_path.name)
                write_bytes(self.body_path, raw, mode=0o600, sync=False)
                self._body, self.added, self.body_digest = snapshots, {}, digest(raw)
            remove_stale(self.index_path.parent, self.index_path.name)
            write_bytes(
                self.index_path,
                self._seal(
                    {
                        "stamp": self.stamp,
                        "body": self.body_digest,
                        "index": self.index,
                        "memo": {"digest": self.memo_digest, "values": self.memo},
                    }
                ),
                mode=0o600,
                sync=False,
            )
            self.dirty = False
        except OSError:
            pass  # a read-only or full cache directory only costs speed
