"""A parse cache that is safe to trust: keyed by content, checked, rebuilt when in doubt.

For each negotiation folder, one JSON file in the user's cache directory
(`$REDLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/redline`, else `~/.cache/redline`) maps
each snapshot file's name and SHA-256 to the snapshot it parsed into and the problems
found. An entry is used only when

- the file's bytes hash to the stored digest (a file changed without its modification
  time changing is still seen as changed),
- the negotiation.yaml, redline's version and the schemas are the ones it was made with,
- the cache file's own checksum holds (a torn or corrupted file is discarded whole).

Cache files are written atomically (temporary file, then rename), so concurrent runs
never see half a file; the last writer wins. It holds plain JSON, never pickles: a cache
directory shared with someone else can mislead at worst a rebuild, never run code.
Set `REDLINE_NO_CACHE=1` to bypass it.
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

FORMAT = 2


def cache_root() -> Path | None:
    """Where cache files live, or None when caching is off."""
    if os.environ.get("REDLINE_NO_CACHE"):
        return None
    explicit = os.environ.get("REDLINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "redline"


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
    """The cache of one negotiation folder, loaded once and saved once per run."""

    def __init__(self, folder: Path, negotiation_raw: bytes):
        self.root = cache_root()
        key = digest(str(folder.resolve()).encode("utf-8"))[:32]
        self.path = self.root / f"{key}.json" if self.root else None
        self.stamp = {
            "format": FORMAT,
            "version": __version__,
            "schemas": _schemas_digest(),
            "negotiation": digest(negotiation_raw),
        }
        self.entries: dict[str, dict[str, Any]] = {}
        self.memo: dict[str, Any] = {}
        self.memo_digest = ""
        self.folder_digest = ""
        self.dirty = False
        self._load()

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            raw = self.path.read_bytes()
            head, _, body = raw.partition(b"\n")
            header = json.loads(head)
            if header.get("checksum") != digest(body) or header.get("stamp") != self.stamp:
                return
            content = json.loads(body)
            if isinstance(content, dict) and isinstance(content.get("entries"), dict):
                self.entries = content["entries"]
                memo = content.get("memo")
                if isinstance(memo, dict) and isinstance(memo.get("values"), dict):
                    self.memo_digest = str(memo.get("digest", ""))
                    self.memo = memo["values"]
        except (OSError, ValueError, AttributeError):
            self.entries = {}  # missing, unreadable or corrupted: rebuild
            self.memo = {}

    def lookup(self, name: str, sha: str) -> tuple[dict[str, Any] | None, list[list[Any]]] | None:
        """The cached snapshot (as JSON, built later) and problems of a file with these bytes."""
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or entry.get("sha") != sha:
            return None
        data, problems = entry.get("snapshot"), entry.get("problems")
        if not isinstance(problems, list) or not (data is None or isinstance(data, dict)):
            return None
        return data, problems

    def get(self, name: str, sha: str, shown: str) -> tuple[Snapshot | None, list[Problem]] | None:
        """The cached snapshot and problems of a file with these bytes, or None."""
        hit = self.lookup(name, sha)
        if hit is None:
            return None
        try:
            snapshot = snapshot_from_json(hit[0], shown) if hit[0] else None
            problems = [Problem(shown, *p) for p in hit[1]]
        except (KeyError, TypeError, ValueError):
            return None
        return snapshot, problems

    def memoized(self, key: str, compute: Any) -> Any:
        """A value derived from the whole folder, kept while no file of it changes."""
        if self.folder_digest and self.memo_digest == self.folder_digest and key in self.memo:
            return self.memo[key]
        value = compute()
        if self.folder_digest:
            if self.memo_digest != self.folder_digest:
                self.memo, self.memo_digest = {}, self.folder_digest
            self.memo[key] = value
            self._write()
        return value

    def put(self, name: str, sha: str, snapshot: Snapshot | None, problems: list[Problem]) -> None:
        self.entries[name] = {
            "sha": sha,
            "snapshot": snapshot_to_json(snapshot) if snapshot else None,
            "problems": [[p.line, p.column, p.message, p.code, p.severity] for p in problems],
        }
        self.dirty = True

    def save(self, shas: dict[str, str], complete: bool) -> None:
        """Write the cache if anything changed; `shas` are the files read, by name.

        When `complete` (the whole folder was read), entries of files that are gone are
        dropped and the folder's digest is known, which makes the memo usable.
        """
        if self.path is None:
            return
        stale = set(self.entries) - set(shas) if complete else set()
        for name in stale:
            del self.entries[name]
        if complete:
            self.folder_digest = digest("\n".join(
                f"{name}:{sha}" for name, sha in sorted(shas.items())).encode("utf-8"))
        if self.dirty or stale:
            self._write()

    def _write(self) -> None:
        if self.path is None:
            return
        memo = {"digest": self.memo_digest, "values": self.memo}
        body = json.dumps({"entries": self.entries, "memo": memo}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        header = json.dumps({"stamp": self.stamp, "checksum": digest(body)}).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(header + b"\n" + body)
                os.replace(tmp, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        except OSError:
            pass  # a read-only or full cache directory only costs speed


def _quote(q: Quote) -> list[Any]:
    return [q.speaker, q.text, q.line]


def snapshot_to_json(s: Snapshot) -> dict[str, Any]:
    src = s.source
    return {
        "date": s.date.isoformat(),
        "source": [src.title, src.kind, src.outlet, src.author, src.url,
                   src.published.isoformat() if src.published else None, src.text],
        "positions": [
            [p.party, p.issue, p.stance, p.red_line, p.summary, [_quote(q) for q in p.quotes],
             p.withdrawn, p.line, p.stance_line, p.red_line_line]
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
                     tuple(Quote(*q) for q in quotes), withdrawn, line, stance_line, red_line_line)
            for party, issue, stance, red_line, summary, quotes, withdrawn, line, stance_line,
            red_line_line in data["positions"]
        ),
        reported=tuple(Reported(issue, status, summary, Quote(*quote) if quote else None, line)
                       for issue, status, summary, quote, line in data["reported"]),
        events=tuple(Event(date.fromisoformat(d), title, tuple(parties), line)
                     for d, title, parties, line in data["events"]),
    )
