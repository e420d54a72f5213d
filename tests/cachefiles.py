"""Reading and sealing a folder's cache files, for the tests that tamper with them."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any


def cache_files(cache_dir: Path) -> dict[str, Path]:
    """The index and snapshots files of the one folder cached in `cache_dir`, and its key."""
    found = {
        p.name.rsplit(".", 2)[1]: p
        for p in cache_dir.iterdir()
        if p.name.endswith((".index.json", ".snapshots.json"))
    }
    assert sorted(found) == ["index", "snapshots"], sorted(cache_dir.iterdir())
    return {**found, "key": cache_dir / "key"}


def payload(path: Path) -> Any:
    return json.loads(path.read_bytes().partition(b"\n")[2])


def mac(path: Path, body: bytes, key: bytes | None = None) -> bytes:
    """The seal of a cache file's body, under `key` (the user's own, beside it, when None)."""
    key = key if key is not None else (path.parent / "key").read_bytes()
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode()


def seal(path: Path, data: Any, key: bytes | None = None) -> bytes:
    """Write `data` as a cache file sealed under `key` (the user's own when None)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raw = mac(path, body, key) + b"\n" + body
    path.write_bytes(raw)
    return raw
