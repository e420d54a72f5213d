"""The parse cache as untrusted input: forged, mistyped and special cache files are
refused and rebuilt, never trusted, never a traceback, never a hang.

A forger who can write the cache directory but not read the user's key cannot seal an
entry: a cache file whose MAC fails is discarded whole. What a buggy writer could seal
(wrong types anywhere) fails the shape check and is parsed again. Every case compares
the outputs of `validate`, `report` and `timeline` with a run that bypasses the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
from pathlib import Path
from typing import Any

import pytest

from cachefiles import cache_files, payload, seal
from redline import cache

COMMANDS = [["validate", "positions/demo"], ["report", "--format", "json"], ["timeline", "--format", "json"]]


@pytest.fixture
def cached(demo, invoke, monkeypatch, tmp_path):
    """A demo with one invalid file, the fresh outputs, a primed cache and its files."""
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot(
        "2022-01-10", [{"party": "north", "stance": "a", "red_line": "b"}, {"party": "south", "stance": "d"}]
    )
    demo.snapshot("2022-01-20", [{"party": "north", "stance": "b", "quotes": [("North", "We move.")]}])
    demo.snapshot("2022-01-30", [{"party": "north", "stance": "zz"}])  # an error
    monkeypatch.setenv("REDLINE_ROOT", "positions")
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("REDLINE_NO_CACHE", "1")
    fresh = [invoke(*args) for args in COMMANDS]
    assert fresh[0].exit_code == 1
    monkeypatch.delenv("REDLINE_NO_CACHE")
    assert [invoke(*args).stdout for args in COMMANDS] == [r.stdout for r in fresh]
    return cache_dir, fresh


def same_as_fresh(invoke, fresh) -> None:
    for args, expected in zip(COMMANDS, fresh, strict=True):
        result = invoke(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            expected.exit_code,
            expected.stdout,
            expected.stderr,
        ), args


def clean_index(data: dict[str, Any]) -> None:
    """Forged entries: the invalid file now clean, and a made-up warning elsewhere."""
    for name, entry in data["index"].items():
        entry[1] = [[1, 1, "forged", "forged", "warning"]] if "01-10" in name else []
    data["memo"]["values"] = {}


# ---------------------------------------------------------------- forgeries


def test_an_entry_forged_without_the_key_is_not_trusted(invoke, cached):
    cache_dir, fresh = cached
    index = cache_files(cache_dir)["index"]
    data = payload(index)
    clean_index(data)
    seal(index, data, key=os.urandom(32))
    same_as_fresh(invoke, fresh)


def test_an_entry_sealed_the_old_way_is_not_trusted(invoke, cached):
    # Format 3 sealed with a plain SHA-256, which anyone can compute.
    cache_dir, fresh = cached
    index = cache_files(cache_dir)["index"]
    data = payload(index)
    clean_index(data)
    body = json.dumps(data, separators=(",", ":")).encode()
    index.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    same_as_fresh(invoke, fresh)


def test_a_forged_snapshot_is_not_trusted(invoke, cached):
    cache_dir, fresh = cached
    found = cache_files(cache_dir)
    data = payload(found["snapshots"])
    for snapshot in data.values():
        for position in snapshot["positions"]:
            position[2] = "c"
    seal(found["snapshots"], data, key=os.urandom(32))
    same_as_fresh(invoke, fresh)


# ---------------------------------------------------------------- wrong shapes, sealed


def _problem_of_wrong_types(data):
    for entry in data["index"].values():
        entry[1] = [["1", 2, "m", "c", "error"]]


def _problem_of_unknown_severity(data):
    for entry in data["index"].values():
        entry[1] = [[1, 2, "m", "c", "fatal"]]


def _problem_too_short(data):
    for entry in data["index"].values():
        entry[1] = [[1, 2, "m"]]


def _digest_not_a_digest(data):
    for entry in data["index"].values():
        entry[0] = 12


def _stat_key_of_strings(data):
    for entry in data["index"].values():
        entry[3] = ["1", "2", "3", "4", "5"]


def _has_snapshot_a_number(data):
    for entry in data["index"].values():
        entry[2] = 1


def _index_a_list(data):
    data["index"] = [1, 2, 3]


def _stamp_missing(data):
    del data["stamp"]


INDEX_SHAPES = [
    _problem_of_wrong_types,
    _problem_of_unknown_severity,
    _problem_too_short,
    _digest_not_a_digest,
    _stat_key_of_strings,
    _has_snapshot_a_number,
    _index_a_list,
    _stamp_missing,
]


@pytest.mark.parametrize("corrupt", INDEX_SHAPES, ids=lambda f: f.__name__[1:])
def test_an_index_of_the_wrong_shape_is_rebuilt(invoke, cached, corrupt):
    cache_dir, fresh = cached
    index = cache_files(cache_dir)["index"]
    data = payload(index)
    corrupt(data)
    seal(index, data)
    same_as_fresh(invoke, fresh)
    same_as_fresh(invoke, fresh)  # and what was written back is sound


def _quote_line_a_string(snapshot):
    for position in snapshot["positions"]:
        for quote in position[5]:
            quote[2] = "7"


def _withdrawn_a_number(snapshot):
    for position in snapshot["positions"]:
        position[6] = 0


def _stance_a_list(snapshot):
    for position in snapshot["positions"]:
        position[2] = ["a"]


def _date_not_iso(snapshot):
    snapshot["date"] = "20220110"


def _source_without_its_title(snapshot):
    del snapshot["source"]["title"]


def _snapshot_without_its_date(snapshot):
    del snapshot["date"]


def _positions_a_mapping(snapshot):
    snapshot["positions"] = {"party": "north"}


SNAPSHOT_SHAPES = [
    _quote_line_a_string,
    _withdrawn_a_number,
    _stance_a_list,
    _date_not_iso,
    _source_without_its_title,
    _snapshot_without_its_date,
    _positions_a_mapping,
]


@pytest.mark.parametrize("corrupt", SNAPSHOT_SHAPES, ids=lambda f: f.__name__[1:])
def test_a_snapshot_of_the_wrong_shape_is_parsed_again(invoke, cached, corrupt):
    cache_dir, fresh = cached
    found = cache_files(cache_dir)
    data = payload(found["snapshots"])
    for snapshot in data.values():
        corrupt(snapshot)
    seal(found["snapshots"], data)
    index = payload(found["index"])
    raw = found["snapshots"].read_bytes()
    index["body"] = hashlib.sha256(raw).hexdigest()
    index["memo"]["values"] = {}  # so that report needs the snapshots themselves
    seal(found["index"], index)
    same_as_fresh(invoke, fresh)


# ---------------------------------------------------------------- special files


@pytest.fixture
def alarm():
    """Fail instead of hanging when something blocks."""

    def hung(*_):
        raise TimeoutError("blocked on a cache file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("which", ["index", "snapshots", "key"])
def test_a_fifo_in_place_of_a_cache_file_does_not_hang(invoke, cached, alarm, which):
    cache_dir, fresh = cached
    path = cache_files(cache_dir)[which]
    path.unlink()
    os.mkfifo(path)
    same_as_fresh(invoke, fresh)
    if which == "key":  # a key of ours that is not a file is replaced: a new key, a rebuild
        assert stat.S_ISREG(os.lstat(path).st_mode)
        assert stat.S_IMODE(os.lstat(path).st_mode) == 0o600


def test_a_link_in_place_of_the_index_is_not_followed(invoke, cached, tmp_path):
    cache_dir, fresh = cached
    index = cache_files(cache_dir)["index"]
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(index.read_bytes())
    index.unlink()
    index.symlink_to(elsewhere)
    same_as_fresh(invoke, fresh)
    assert not index.is_symlink()  # replaced by a file of ours
    assert elsewhere.read_bytes() != b""


def test_a_huge_cache_file_is_not_read(invoke, cached, monkeypatch):
    _, fresh = cached
    monkeypatch.setattr(cache, "MAX_FILE_BYTES", 64)
    same_as_fresh(invoke, fresh)


def test_a_key_others_can_read_turns_the_cache_off(invoke, cached):
    cache_dir, fresh = cached
    found = cache_files(cache_dir)
    found["key"].chmod(0o644)
    before = {name: path.read_bytes() for name, path in found.items()}
    same_as_fresh(invoke, fresh)
    assert {name: path.read_bytes() for name, path in found.items()} == before  # untouched


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_someone_elses_key_turns_the_cache_off(invoke, cached):
    cache_dir, fresh = cached
    found = cache_files(cache_dir)
    os.chown(found["key"], 65534, 65534)
    before = {name: path.read_bytes() for name, path in found.items()}
    same_as_fresh(invoke, fresh)
    assert {name: path.read_bytes() for name, path in found.items()} == before


def test_a_damaged_key_of_ours_is_replaced(invoke, cached):
    cache_dir, fresh = cached
    key = cache_files(cache_dir)["key"]
    key.write_bytes(b"short")
    same_as_fresh(invoke, fresh)
    assert len(key.read_bytes()) == cache.KEY_BYTES
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_the_key_and_cache_files_are_private(cached):
    cache_dir, _ = cached
    for path in cache_files(cache_dir).values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_key_made_by_a_concurrent_run_since_the_open_is_read_not_replaced(tmp_path, monkeypatch):
    # Two runs (or two workers of one) start on an empty cache directory: the second
    # finds no key, then the first's key appears before the second writes its own. The
    # second must take the first's, or the first's files would fail their MAC next time.
    theirs = cache.user_key(tmp_path)
    assert theirs is not None
    real, missed = cache._open_regular, []

    def not_yet(path: Path, max_bytes: int) -> Any:
        if not missed:
            missed.append(path)
            return None  # the open that came just before the other run's write
        return real(path, max_bytes)

    monkeypatch.setattr(cache, "_open_regular", not_yet)
    assert cache.user_key(tmp_path) == theirs and missed
