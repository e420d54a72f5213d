"""Warm runs that do not read unchanged files: the parse cache's index keeps each file's
size, modification and change times, inode and device (as git's index does), and a file
whose five are unchanged is not read at all; any change, and a racily clean file (one
modified within `RACY_NS` of the run that hashed it), makes the next run hash it again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline import cache, filesource

ONE = "2022-01-10-src.yaml"
TWO = "2022-01-20-src.yaml"


@pytest.fixture
def here(demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot("2022-01-10", [{"party": "north", "stance": "a"}, {"party": "south", "stance": "d"}])
    demo.snapshot("2022-01-20", [{"party": "north", "stance": "b"}, {"party": "south", "stance": "d"}])
    return demo


@pytest.fixture
def reads(monkeypatch):
    """The names of the snapshot files read during a run (negotiation.yaml aside)."""
    seen: list[str] = []
    real = filesource.read_file

    def counting(path: Path, shown: str, root: Path, *linked: bool | None) -> bytes:
        if path.name != "negotiation.yaml":
            seen.append(path.name)
        return real(path, shown, root, *linked)

    monkeypatch.setattr(filesource, "read_file", counting)
    return seen


@pytest.fixture
def not_racy(monkeypatch):
    """Files made before a run count as settled (the tests' files are seconds old)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


def validate(invoke) -> str:
    result = invoke("validate", "--root", "positions")
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_a_warm_run_reads_no_unchanged_file(invoke, here, reads, not_racy):
    cold = validate(invoke)
    assert sorted(reads) == [ONE, TWO]
    reads.clear()
    assert validate(invoke) == cold
    assert reads == []


def test_an_edit_is_read(invoke, here, reads, not_racy):
    validate(invoke)
    here.snapshot("2022-01-20", [{"party": "north", "stance": "zz"}])
    reads.clear()
    out = validate(invoke)
    assert reads == [TWO]
    assert out.startswith(
        "positions/demo/2022-01-20-src.yaml:9:13: error: stance 'zz' is not a point on the scale of 'border'"
    )


def test_an_edit_that_restores_size_and_mtime_is_still_read(invoke, here, reads, not_racy):
    validate(invoke)
    path = here.path / TWO
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("stance: b", "stance: q"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    reads.clear()
    out = validate(invoke)
    assert reads == [TWO]  # the change time moved, and a user cannot set it back
    assert out.startswith(
        "positions/demo/2022-01-20-src.yaml:9:13: error: stance 'q' is not a point on the scale of 'border'"
    )


def test_a_replaced_file_is_read(invoke, here, reads, not_racy):
    validate(invoke)
    path = here.path / ONE
    copy = here.path.parent / "copy.yaml"
    shutil.copy2(path, copy)  # same bytes, size and mtime, another inode
    os.replace(copy, path)
    reads.clear()
    validate(invoke)
    assert reads == [ONE]


def test_a_touched_file_is_read_once_then_known_again(invoke, here, reads, not_racy):
    validate(invoke)
    later = time.time() - 100
    os.utime(here.path / ONE, (later, later))
    reads.clear()
    validate(invoke)
    assert reads == [ONE]
    reads.clear()
    validate(invoke)
    assert reads == []


def test_a_racily_clean_file_is_hashed_again(invoke, here, reads):
    # Files made a moment ago: an edit within the same clock tick would keep their times,
    # so their times are not kept, and the next run reads them again.
    validate(invoke)
    reads.clear()
    validate(invoke)
    assert sorted(reads) == [ONE, TWO]


def test_the_racy_window_is_checked_against_the_run_that_hashed(here, monkeypatch, tmp_path):
    folder = here.path
    entry = cache.FolderCache(folder, b"x", tmp_path / "cache")
    info = os.stat(folder / ONE)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    entry.started_ns = max(info.st_mtime_ns, info.st_ctime_ns)  # hashed in the same tick
    assert entry._stat_key(info) is None
    entry.started_ns += 1
    assert entry._stat_key(info) == cache.stat_key(info)


def test_files_validated_by_path_use_the_index_too(invoke, here, reads, not_racy):
    validate(invoke)
    reads.clear()
    result = invoke("validate", f"positions/demo/{ONE}")
    assert result.exit_code == 0 and reads == []


CONCURRENT = 4


def test_concurrent_cold_runs_agree_and_leave_a_usable_cache(here, tmp_path):
    for day in range(11, 31):
        here.snapshot(f"2022-02-{day:02d}", [{"party": "north", "stance": "c"}])
    env = dict(os.environ, REDLINE_CACHE_DIR=str(tmp_path / "shared-cache"), NO_COLOR="1")
    redline = os.path.join(os.path.dirname(sys.executable), "redline")
    command = [redline, "validate", "--root", "positions"]
    fresh = subprocess.run(
        command, capture_output=True, text=True, cwd=here.root.parent, env=dict(env, REDLINE_NO_CACHE="1")
    )
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=here.root.parent, env=env
        )
        for _ in range(CONCURRENT)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert {out for out, _ in outputs} == {fresh.stdout}
    assert all(err == "" for _, err in outputs)
    again = subprocess.run(command, capture_output=True, text=True, cwd=here.root.parent, env=env)
    assert again.stdout == fresh.stdout
    leftovers = [p.name for p in (tmp_path / "shared-cache").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_an_edit_during_the_run_that_hashed_is_seen_by_the_next(invoke, here, monkeypatch, not_racy):
    # The file changes just after it was read (a concurrent editor). Two rules each catch
    # it: the times kept are those seen before the read, and a file whose change time is
    # not older than the run that hashed it is racily clean, so its times are not kept.
    real = filesource.read_file
    path = here.path / TWO

    def read_then_edit(target: Path, shown: str, root: Path, *linked: bool | None) -> bytes:
        raw = real(target, shown, root, *linked)
        if target.name == TWO:
            before = os.stat(target)
            target.write_text(raw.decode().replace("stance: b", "stance: q"), encoding="utf-8")
            os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        return raw

    monkeypatch.setattr(filesource, "read_file", read_then_edit)
    assert validate(invoke).endswith("all valid\n")  # what was read: stance b
    monkeypatch.setattr(filesource, "read_file", real)
    assert "stance: q" in path.read_text(encoding="utf-8")
    assert validate(invoke).startswith(
        "positions/demo/2022-01-20-src.yaml:9:13: error: stance 'q' is not a point"
    )


def test_a_cold_load_writes_each_cache_file_once(here, tmp_path, monkeypatch):
    # the files' entries and the cross-file rules' results go out in one write
    from redline import fsutil
    from redline.repository import load_folder
    from redline.settings import Settings

    written: list[str] = []
    real = fsutil.write_bytes

    def counting(path: Path, *args: object, **kwargs: object) -> None:
        written.append(Path(path).name.partition(".")[2] or Path(path).name)
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fsutil, "write_bytes", counting)
    loaded = load_folder(here.path, settings=Settings(root=here.root, cache_dir=tmp_path / "c"))
    assert loaded.ok and sorted(written) == ["index.json", "key", "snapshots.json"]
    remembered = loaded.memoized(
        f"same-date-conflicts:{loaded.folder}", lambda: pytest.fail("computed again")
    )
    assert remembered == []
