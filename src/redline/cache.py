"""A parse cache that is safe to trust: keyed by content, checked, rebuilt when in doubt.

For each negotiation folder, JSON files in the user's cache directory (`Settings.cache_dir`,
which the CLI takes from `$REDLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/redline`, else
`~/.cache/redline`) map
each snapshot file's name and SHA-256 to the snapshot it parsed into and the problems
found, and remember folder-wide results (same-date conflicts, rendered reports) for as
long as no file of the folder changes. An entry is used only when

- the file's bytes hash to the stored digest (a file changed without its modification
  time changing is still seen as changed),
- the negotiation.yaml, redline's version and the schemas are the ones it was made with,
- the cache files' own checksums hold (a torn or corrupted file is discarded whole).

Cache files are written atomically (temporary file, then rename), so concurrent runs
never see half a file; the last writer wins. It holds plain JSON, never pickles: a cache
directory shared with someone else can mislead at worst a rebuild, never run code.
The CLI bypasses it when `REDLINE_NO_CACHE=1`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .model import Event, Position, Quote, Reported, Snapshot, Source
from .problems import Problem

FORMAT = 4


@cache
def _schemas_digest() -> str:
    from .schema import schema_dir

    digest = hashlib.sha256()
    for name in ("negotiation", "snapshot"):
        digest.update((schema_dir() / f"{name}.schema.json").read_bytes())
    return digest.hexdigest()


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class FolderCache:
    """The cache of one negotiation folder, loaded once and saved once per run.

    Two files: a small index (each file's digest and problems, and the memo of
    folder-wide results) read on every run, and the parsed snapshots, read only when a
    command needs them. Each carries a checksum; the index also names the digest of the
    snapshots file it goes with, so a pair torn apart by concurrent writers is noticed.
    """

    def __init__(self, folder: Path, negotiation_raw: bytes, root: Path | None):
        self.root = root  # the cache folder (see `Settings.cache_dir`); None: caching off
        key = digest(str(folder.resolve()).encode("utf-8"))[:32]
        self.index_path = self.root / f"{key}.index.json" if self.root else None
        self.body_path = self.root / f"{key}.snapshots.json" if self.root else None
        self.stamp = {
            "format": FORMAT,
            "version": __version__,
            "schemas": _schemas_digest(),
            "negotiation": digest(negotiation_raw),
        }
        self.index: dict[str, list[Any]] = {}  # name -> [sha, problems, has snapshot]
        self.body_digest = ""
        self._body: dict[str, Any] | None = None
        self.added: dict[str, Any] = {}
        self.memo: dict[str, Any] = {}
        self.memo_digest = ""
        self.folder_digest = ""
        self.dirty = False
        self._load_index()

    @staticmethod
    def _read_checked(path: Path) -> Any:
        """The JSON payload of a cache file, or None when missing, torn or corrupted."""
        try:
            raw = path.read_bytes()
            head, _, payload = raw.partition(b"\n")
            if head.decode("ascii") != digest(payload):
                return None
            return json.loads(payload)
        except (OSError, ValueError, UnicodeDecodeError):
            return None

    def _load_index(self) -> None:
        if self.index_path is None:
            return
        data = self._read_checked(self.index_path)
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return  # missing, corrupted, or made by another version: rebuild
        index, memo = data.get("index"), data.get("memo")
        if isinstance(index, dict):
            self.index = index
            self.body_digest = str(data.get("body", ""))
        if isinstance(memo, dict) and isinstance(memo.get("values"), dict):
            self.memo_digest = str(memo.get("digest", ""))
            self.memo = memo["values"]

    def _load_body(self) -> dict[str, Any]:
        if self._body is None:
            self._body = {}
            if self.body_path is not None and self.body_digest:
                try:
                    raw = self.body_path.read_bytes()
                except OSError:
                    raw = b""
                if digest(raw) == self.body_digest:
                    data = self._read_checked(self.body_path)
                    if isinstance(data, dict):
                        self._body = data
        return self._body

    def lookup(self, name: str, sha: str) -> tuple[bool, list[list[Any]]] | None:
        """Whether a snapshot is cached for a file with these bytes, and its problems."""
        entry = self.index.get(name)
        if not isinstance(entry, list) or len(entry) != 3 or entry[0] != sha:
            return None
        if not isinstance(entry[1], list):
            return None
        return bool(entry[2]), entry[1]

    def snapshot_json(self, name: str) -> dict[str, Any] | None:
        """The cached snapshot of a file (as looked up), or None if the cache lost it."""
        data = self.added.get(name) or self._load_body().get(name)
        return data if isinstance(data, dict) else None

    def get(self, name: str, sha: str, shown: str) -> tuple[Snapshot | None, list[Problem]] | None:
        """The cached snapshot and problems of a file with these bytes, or None."""
        hit = self.lookup(name, sha)
        if hit is None:
            return None
        data = self.snapshot_json(name) if hit[0] else None
        if hit[0] and data is None:
            return None
        try:
            snapshot = snapshot_from_json(data, shown) if data else None
            problems = [Problem(shown, *p) for p in hit[1]]
        except (KeyError, TypeError, ValueError):
            return None
        return snapshot, problems

    def put(self, name: str, sha: str, snapshot: Snapshot | None, problems: list[Problem]) -> None:
        self.index[name] = [sha, [[p.line, p.column, p.message, p.code, p.severity]
                                  for p in problems], snapshot is not None]
        if snapshot is not None:
            self.added[name] = snapshot_to_json(snapshot)
        self.dirty = True

    def repair(self, path: Path, snapshot: Snapshot | None, problems: list[Problem]) -> None:
        """Put back an entry the snapshots file lost, and write the cache again."""
        entry = self.index.get(path.name)
        if isinstance(entry, list) and entry:
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
            self._write(body=False)
        return value

    def save(self, shas: dict[str, str], complete: bool) -> None:
        """Write the cache if anything changed; `shas` are the files read, by name.

        When `complete` (the whole folder was read), entries of files that are gone are
        dropped and the folder's digest is known, which makes the memo usable.
        """
        if self.index_path is None:
            return
        stale = set(self.index) - set(shas) if complete else set()
        for name in stale:
            del self.index[name]
        if complete:
            self.folder_digest = digest("\n".join(
                f"{name}:{sha}" for name, sha in sorted(shas.items())).encode("utf-8"))
        if self.dirty or stale:
            self._write(body=True)

    def _write(self, body: bool) -> None:
        if self.index_path is None or self.body_path is None:
            return
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            if body:
                snapshots = dict(self._load_body())
                snapshots.update(self.added)
                keep = {name for name, entry in self.index.items() if entry[2]}
                snapshots = {k: v for k, v in snapshots.items() if k in keep}
                raw = _checked(snapshots)
                _replace(self.body_path, raw)
                self._body, self.added, self.body_digest = snapshots, {}, digest(raw)
            _replace(self.index_path, _checked({
                "stamp": self.stamp, "body": self.body_digest, "index": self.index,
                "memo": {"digest": self.memo_digest, "values": self.memo}}))
            self.dirty = False
        except OSError:
            pass  # a read-only or full cache directory only costs speed


def _checked(data: Any) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return digest(payload).encode("ascii") + b"\n" + payload


def _replace(path: Path, raw: bytes) -> None:
    """Write `raw` to `path` atomically: a temporary file renamed into place."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _quote(q: Quote) -> list[Any]:
    return [q.speaker, q.text, q.line, q.supports]


def snapshot_to_json(s: Snapshot) -> dict[str, Any]:
    src = s.source
    return {
        "date": s.date.isoformat(),
        "source": [src.title, src.kind, src.outlet, src.author, src.url,
                   src.published.isoformat() if src.published else None, src.text],
        "positions": [
            [p.party, p.issue, p.stance, p.red_line, p.summary, [_quote(q) for q in p.quotes],
             p.withdrawn, p.line, p.stance_line, p.red_line_line, p.red_line_withdrawn]
            for p in s.positions
        ],
        "reported": [[r.issue, r.status, r.summary, _quote(r.quote) if r.quote else None, r.line]
                     for r in s.reported],
        "events": [[e.date.isoformat(), e.title, list(e.parties), e.line] for e in s.events],
    }


def snapshot_from_json(data: dict[str, Any], path: str) -> Snapshot:
    title, kind, outlet, author, url, published, text = data["source"]
    return Snapshot(
        date=date.fromisoformat(data["date"]),
        path=path,
        source=Source(title, kind, outlet, author, url,
                      date.fromisoformat(published) if published else None, text),
        positions=tuple(
            Position(party, issue, stance, red_line, summary,
                     tuple(Quote(*q) for q in quotes), withdrawn, line, stance_line, red_line_line,
                     red_line_withdrawn)
            for party, issue, stance, red_line, summary, quotes, withdrawn, line, stance_line,
            red_line_line, red_line_withdrawn in data["positions"]
        ),
        reported=tuple(Reported(issue, status, summary, Quote(*quote) if quote else None, line)
                       for issue, status, summary, quote, line in data["reported"]),
        events=tuple(Event(date.fromisoformat(d), title, tuple(parties), line)
                     for d, title, parties, line in data["events"]),
    )
