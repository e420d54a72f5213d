"""Nothing lost: commands that write never clobber, never leave the positions changed on
an error, and a corrupted parse cache is rebuilt, never trusted.

Every refusal is checked the same way: exit 1, one line on stderr, the existing file
byte for byte as it was, the positions tree unchanged, and no temporary file left.
The cache cases corrupt the cache files of a primed run in one way each and compare
every output with a run that bypasses the cache (`REDLINE_NO_CACHE=1`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from cachefiles import cache_files, mac, payload, seal
from conftest import NEGOTIATION_YAML, commit_all
from redline import fsutil
from redline.errors import DataError


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (hidden ones too), by relative path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def here(demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot(
        "2022-01-10",
        [
            {"party": "north", "stance": "a", "red_line": "b"},
            {"party": "south", "stance": "d", "red_line": "c"},
        ],
    )
    demo.snapshot(
        "2022-01-20",
        [
            {"party": "north", "stance": "b", "red_line": "b"},
            {"party": "south", "stance": "d", "red_line": "c"},
        ],
    )
    return demo


def refused(result, path: Path, before: bytes, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("redline: error: ") and result.stderr.count("\n") == 1
    assert "already exists; not overwriting it" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]


# ---------------------------------------------------------------- no clobbering


def test_init_refuses_an_existing_negotiation(invoke, here):
    path = here.path / "negotiation.yaml"
    before = tree(here.root)
    result = invoke("init", "demo", "--title", "Other talks", "--root", "positions")
    refused(result, path, before["demo/negotiation.yaml"])
    assert tree(here.root) == before


def test_new_refuses_an_existing_snapshot(invoke, here):
    path = here.path / "2022-01-20-src.yaml"
    before = tree(here.root)
    result = invoke("new", "--date", "2022-01-20", "--title", "T", "--slug", "src", "--root", "positions")
    refused(result, path, before["demo/2022-01-20-src.yaml"])
    assert tree(here.root) == before


def test_new_on_invalid_data_writes_nothing(invoke, here):
    here.write("2022-01-15-broken.yaml", "date: [\n")
    before = tree(here.root)
    result = invoke("new", "--date", "2022-01-30", "--title", "T", "--slug", "next", "--root", "positions")
    assert result.exit_code == 1
    assert "positions/demo/2022-01-15-broken.yaml:2:1: error: " in result.stderr
    assert tree(here.root) == before


@pytest.mark.parametrize("how", ["-o", "--output"])
def test_brief_refuses_an_existing_output(invoke, here, how):
    out = here.root.parent / "brief.md"
    out.write_text("my notes\n", encoding="utf-8")
    before = tree(here.root)
    result = invoke("brief", "--root", "positions", how, str(out))
    refused(result, out, b"my notes\n", code=2)  # -o onto a file: a usage error
    assert tree(here.root) == before
    forced = invoke("brief", "--root", "positions", how, str(out), "--force")
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Briefing: ")
    assert tree(here.root) == before


def test_brief_refuses_through_a_dangling_link(invoke, here):
    # A link to nowhere is not "no file": writing through it would create its target.
    out = here.root.parent / "brief.md"
    out.symlink_to(here.root.parent / "elsewhere.md")
    result = invoke("brief", "--root", "positions", "-o", str(out))
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert out.is_symlink() and not (here.root.parent / "elsewhere.md").exists()


def test_brief_refuses_existing_charts_before_writing_anything(invoke, here):
    out, charts = here.root.parent / "b.md", here.root.parent / "charts"
    charts.mkdir()
    (charts / "border.svg").write_text("<svg/>", encoding="utf-8")
    result = invoke("brief", "--root", "positions", "-o", str(out), "--charts", str(charts))
    refused(result, charts / "border.svg", b"<svg/>", code=2)
    assert not out.exists() and sorted(p.name for p in charts.iterdir()) == ["border.svg"]


def test_review_refuses_an_existing_output(invoke, here, monkeypatch, tmp_path):
    commit_all(here.root.parent, monkeypatch, tmp_path)
    out = here.root.parent / "comment.md"
    out.write_text("the last comment\n", encoding="utf-8")
    before = tree(here.root)
    result = invoke("review", "--base", "HEAD", "-o", str(out), "--format", "markdown")
    refused(result, out, b"the last comment\n", code=2)
    assert "use --force to replace it" in result.stderr
    assert tree(here.root) == before


def test_a_file_appearing_during_the_write_is_not_clobbered(tmp_path, monkeypatch):
    # The existence check and the write are not one step: the write itself must refuse.
    target = tmp_path / "out.md"
    target.write_text("arrived meanwhile\n", encoding="utf-8")
    monkeypatch.setattr(Path, "exists", lambda self: False)
    with pytest.raises(DataError, match="already exists"):
        fsutil.write_atomic(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "arrived meanwhile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_a_failed_write_is_one_line_and_leaves_nothing(invoke, here, monkeypatch):
    out = here.root.parent / "brief.md"

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", full)
    result = invoke("brief", "--root", "positions", "-o", str(out))
    assert not out.exists() and not list(here.root.parent.glob(".brief.md.*"))
    assert result.exit_code == 2
    assert result.stderr == "redline: error: cannot write 'brief.md': No space left on device\n"


# ---------------------------------------------------------------- the parse cache
#
# A folder's cache is two files: `<key>.index.json` (digests, problems, the memo of
# folder-wide results) and `<key>.snapshots.json` (the parsed snapshots), each its
# HMAC-SHA256 under the user's key (the `key` file) on the first line and JSON after
# it; the index names the snapshots file's digest. "Resealed" corruptions recompute the
# MACs with the user's key, as a buggy writer would (tests/test_cache_tampered.py forges
# them without it).


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def reseal_snapshots(files: dict[str, Path], data: Any) -> None:
    """New snapshots, sealed, and the index pointed at them (sealed too)."""
    raw = seal(files["snapshots"], data)
    index = payload(files["index"])
    index["body"] = _sha(raw)
    seal(files["index"], index)


def _garbage(files):
    files["index"].write_bytes(os.urandom(4096))


def _snapshots_garbage(files):
    files["snapshots"].write_bytes(os.urandom(4096))


def _truncated(files):
    raw = files["index"].read_bytes()
    files["index"].write_bytes(raw[: len(raw) // 2])


def _snapshots_truncated(files):
    raw = files["snapshots"].read_bytes()
    files["snapshots"].write_bytes(raw[: len(raw) // 2])


def _empty(files):
    files["index"].write_bytes(b"")
    files["snapshots"].write_bytes(b"")


def _wrong_checksum(files):
    # A flipped problem in the memo, checksum left as it was: the file must be discarded.
    raw = files["index"].read_bytes()
    files["index"].write_bytes(raw.replace(b"disagree", b"AGREE!!!"))
    assert files["index"].read_bytes() != raw


def _snapshots_wrong_checksum(files):
    raw = files["snapshots"].read_bytes()
    files["snapshots"].write_bytes(raw.replace(b'"b"', b'"c"'))
    assert files["snapshots"].read_bytes() != raw


def _snapshots_of_another_run(files):
    # Sealed on its own, but not the snapshots file the index names (a torn pair).
    data = payload(files["snapshots"])
    for snapshot in data.values():
        for position in snapshot["positions"]:  # each [party, issue, stance, ...]
            position[2] = "a"  # every stance 'a'
    seal(files["snapshots"], data)


def _other_version(files):
    index = payload(files["index"])
    index["stamp"]["version"] = "0.0.1"
    seal(files["index"], json.loads(json.dumps(index).replace("disagree", "AGREE!!!")))


def _other_negotiation(files):
    index = payload(files["index"])
    index["stamp"]["negotiation"] = "0" * 64
    seal(files["index"], index)


def _index_entries_of_wrong_type(files):
    index = payload(files["index"])
    entries = list(index["index"])
    for i, name in enumerate(entries):
        index["index"][name] = [["not", "an", "entry"], "x", {"a": 1}, None][i % 4]
    index["memo"] = "not a mapping"
    seal(files["index"], index)


def _malformed_snapshots(files):
    data = payload(files["snapshots"])
    for i, snapshot in enumerate(data.values()):
        if i % 2:
            snapshot["date"] = "not a date"
        else:
            snapshot["positions"] = [[1, 2]]
    reseal_snapshots(files, data)


def _malformed_memo(files):
    index = payload(files["index"])
    memo = index["memo"]["values"]
    assert memo, "the memo is empty: nothing to corrupt"
    for key in memo:
        memo[key] = [1, 2, 3]
    seal(files["index"], index)


def _a_directory(files):
    files["index"].unlink()
    files["index"].mkdir()


CORRUPTIONS = {
    "garbage": _garbage,
    "snapshots-garbage": _snapshots_garbage,
    "truncated": _truncated,
    "snapshots-truncated": _snapshots_truncated,
    "empty": _empty,
    "wrong-checksum": _wrong_checksum,
    "snapshots-wrong-checksum": _snapshots_wrong_checksum,
    "snapshots-of-another-run": _snapshots_of_another_run,
    "other-version": _other_version,
    "other-negotiation": _other_negotiation,
    "index-entries-of-wrong-type": _index_entries_of_wrong_type,
    "malformed-snapshots": _malformed_snapshots,
    "malformed-memo": _malformed_memo,
    "a-directory": _a_directory,
}
# (report is remembered whole in the memo; timeline needs the snapshots themselves.)
COMMANDS = [["validate", "positions/demo"], ["report", "--format", "json"], ["timeline", "--format", "json"]]


@pytest.fixture
def cached(here, invoke, monkeypatch, tmp_path):
    """The demo with a same-date disagreement (a warning from the folder-level memo), the
    fresh outputs of every command, and a primed cache."""
    here.snapshot("2022-01-20", [{"party": "north", "stance": "c", "red_line": "c"}], slug="other")
    monkeypatch.setenv("REDLINE_ROOT", "positions")
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("REDLINE_NO_CACHE", "1")
    fresh = [invoke(*args) for args in COMMANDS]
    assert "disagree" in fresh[0].stdout and fresh[0].exit_code == 0
    monkeypatch.delenv("REDLINE_NO_CACHE")
    assert [invoke(*args).stdout for args in COMMANDS] == [r.stdout for r in fresh]  # primed
    return cache_dir, fresh


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_a_corrupted_cache_is_rebuilt_not_trusted(invoke, cached, how):
    cache_dir, fresh = cached
    CORRUPTIONS[how](cache_files(cache_dir))
    for args, expected in zip(COMMANDS, fresh, strict=True):
        result = invoke(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            expected.exit_code,
            expected.stdout,
            expected.stderr,
        ), (how, args)
    if how != "a-directory":  # the index is sealed again, and used
        index = cache_files(cache_dir)["index"]
        head, _, body = index.read_bytes().partition(b"\n")
        assert head == mac(index, body)
        assert invoke(*COMMANDS[0]).stdout == fresh[0].stdout


@pytest.mark.parametrize("how", ["snapshots-garbage", "snapshots-wrong-checksum"])
def test_a_corrupted_snapshots_file_is_rewritten(invoke, cached, how):
    cache_dir, fresh = cached
    CORRUPTIONS[how](cache_files(cache_dir))
    for args, expected in zip(COMMANDS, fresh, strict=True):
        assert invoke(*args).stdout == expected.stdout
    snapshots = cache_files(cache_dir)["snapshots"]
    raw = snapshots.read_bytes()
    head, _, body = raw.partition(b"\n")
    assert head == mac(snapshots, body)
    assert payload(cache_files(cache_dir)["index"])["body"] == _sha(raw)


def test_a_file_changed_without_its_time_changing(invoke, cached, here, monkeypatch):
    path = here.path / "2022-01-20-src.yaml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    # Same size, same times: only the content says that the stance moved.
    path.write_text(text.replace("stance: b", "stance: c"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns and path.stat().st_size == stat.st_size
    cached_run = [invoke(*args) for args in COMMANDS]
    monkeypatch.setenv("REDLINE_NO_CACHE", "1")
    fresh = [invoke(*args) for args in COMMANDS]
    assert [r.stdout for r in cached_run] == [r.stdout for r in fresh]
    report = json.loads(fresh[1].stdout)
    north = next(p for i in report["issues"] for p in i["positions"] if p["party"] == "north")
    assert north["stance"] == "c"


def test_the_cache_never_writes_into_the_positions(invoke, cached, here):
    before = tree(here.root)
    for args in COMMANDS:
        invoke(*args)
    assert tree(here.root) == before
    assert NEGOTIATION_YAML.encode() == before["demo/negotiation.yaml"]
