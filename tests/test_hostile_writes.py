"""Written files: only regular files are replaced, the umask is respected, and no
temporary file outlives a write, whether it fails, is interrupted by a signal, or was
killed outright by an earlier run (stale temporary files are removed by the next write).
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline import fsutil
from redline.errors import DataError, UsageError


@pytest.fixture
def here(demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    demo.snapshot("2022-01-10", [{"party": "north", "stance": "a"}, {"party": "south", "stance": "d"}])
    return demo


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- special files


def test_force_never_replaces_a_fifo(invoke, here):
    fifo = here.root.parent / "out.md"
    os.mkfifo(fifo)
    result = invoke("brief", "--root", "positions", "-o", str(fifo), "--force")
    assert result.exit_code == 2
    assert result.stderr == (f"redline: error: '{fifo}' is not a regular file (a FIFO); not replacing it\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(fifo.parent) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a device node")
def test_force_never_replaces_a_device(tmp_path):
    # What `-o /dev/null --force` would do, on a device node of our own.
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    with pytest.raises(UsageError, match=r"is not a regular file \(a device\); not replacing it"):
        fsutil.write_atomic(node, "x\n", force=True)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_force_never_replaces_a_socket(tmp_path):
    path = tmp_path / "s.md"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(UsageError, match=r"\(a socket\); not replacing it"):
            fsutil.write_atomic(path, "x\n", force=True)
    finally:
        sock.close()
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_link_to_a_fifo_is_refused_too(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "out.md").symlink_to(tmp_path / "fifo")
    with pytest.raises(UsageError, match=r"'.*out\.md' is not a regular file \(a FIFO\)"):
        fsutil.write_atomic(tmp_path / "out.md", "x\n", force=True)


def test_a_link_to_a_regular_file_stays_a_link(tmp_path):
    (tmp_path / "real.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "out.md").symlink_to("real.md")
    fsutil.write_atomic(tmp_path / "out.md", "new\n", force=True)
    assert os.readlink(tmp_path / "out.md") == "real.md"
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "new\n"


def test_a_dangling_link_is_not_written_through_even_with_force(tmp_path):
    (tmp_path / "out.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(UsageError, match="symbolic link leading nowhere"):
        fsutil.write_atomic(tmp_path / "out.md", "x\n", force=True)
    with pytest.raises(DataError, match="already exists"):
        fsutil.write_atomic(tmp_path / "out.md", "x\n")
    assert not (tmp_path / "elsewhere.md").exists()


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "out.md").mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        fsutil.write_atomic(tmp_path / "out.md", "x\n", force=True)


# ---------------------------------------------------------------- modes


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        fsutil.write_atomic(tmp_path / "out.md", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out.md").st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "out.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    fsutil.write_atomic(path, "new\n", force=True)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == "new\n"


def test_brief_output_is_0644_under_umask_022(here):
    out = here.root.parent / "brief.md"
    env = dict(os.environ, NO_COLOR="1")
    cmd = [
        os.path.join(os.path.dirname(sys.executable), "redline"),
        "brief",
        "--root",
        "positions",
        "-o",
        str(out),
    ]
    subprocess.run(cmd, check=True, env=env, cwd=here.root.parent, preexec_fn=lambda: os.umask(0o022))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644


# ---------------------------------------------------------------- temporary files

SIGNALLED = """
import os, signal, sys
from pathlib import Path
from redline import fsutil

def interrupted(fd):
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    raise AssertionError("the signal did not stop the write")

fsutil.os.fsync = interrupted
fsutil.write_atomic(Path(sys.argv[1]), "x" * 100_000)
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", None)])
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path, name, code):
    target = tmp_path / "out.md"
    proc = subprocess.run(
        [sys.executable, "-c", SIGNALLED, str(target), name], capture_output=True, text=True, timeout=60
    )
    if code is not None:
        assert proc.returncode == code, proc.stderr
        assert proc.stderr == ""
    else:  # Ctrl-C: Python's KeyboardInterrupt
        assert "KeyboardInterrupt" in proc.stderr
    assert "AssertionError" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_handlers_are_restored_after_the_write(tmp_path):
    before = signal.getsignal(signal.SIGTERM)
    fsutil.write_atomic(tmp_path / "out.md", "x\n")
    assert signal.getsignal(signal.SIGTERM) == before


def test_stale_temporary_files_are_removed_by_the_next_write(tmp_path):
    old = time.time() - fsutil.STALE_SECONDS - 60
    stale = tmp_path / ".out.md.abcd1234.tmp"
    fresh = tmp_path / ".out.md.efgh5678.tmp"  # a write in progress elsewhere
    other = tmp_path / ".other.md.abcd1234.tmp"  # another file's
    unlike = tmp_path / ".out.md.notours.tmp"  # not a name we make
    link = tmp_path / ".out.md.link1234.tmp"  # a link is never ours
    for path in (stale, fresh, other, unlike):
        path.write_text("half\n", encoding="utf-8")
    link.symlink_to(other)
    for path in (stale, other, unlike):
        os.utime(path, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    fsutil.write_atomic(tmp_path / "out.md", "x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            ".out.md.efgh5678.tmp",
            ".other.md.abcd1234.tmp",
            ".out.md.notours.tmp",
            ".out.md.link1234.tmp",
            "out.md",
        ]
    )
