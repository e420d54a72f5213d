"""Writing files safely: atomically, only over regular files, and never over one unless asked.

A write goes to a temporary file `.NAME.XXXXXXXX.tmp` in the target's folder, is flushed
to disk and renamed into place, so an interrupted run leaves either the old file or the
new one, never half of one. Around the write, SIGTERM and SIGHUP raise (as Ctrl-C already
does), so the temporary file is removed on every way out but SIGKILL; temporary files
that a killed run left behind are removed by the next write to the same name, once they
are an hour old.

What may be replaced (with `force`): a regular file, or a symbolic link to one, which
then stays a link and its target is rewritten. Devices, FIFOs, sockets, folders and
links leading nowhere are refused: `-o /dev/null --force` leaves the device alone. A new
file gets the mode the umask gives (0644 under umask 022); a replaced one keeps its own.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import DataError, UsageError

STALE_SECONDS = 3600  # a temporary file this old belongs to a run that was killed


def write_atomic(path: Path, text: str, *, force: bool = False, hint: str = "") -> None:
    """Write `text` to `path` atomically; refuse (exit 1) when it exists and not `force`.

    `hint` is added to the refusal, e.g. " (use --force to replace it)". Anything but a
    regular file (or a link to one) is refused with exit 2, even with `force`.
    """
    target, mode = _target(path, force, hint)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError(f"folder '{folder}' does not exist")
    try:
        remove_stale(folder, target.name)
        write_bytes(target, text.encode("utf-8"), mode=mode, exclusive=not force)
    except FileExistsError:
        raise DataError(f"'{path}' already exists; not overwriting it{hint}") from None
    except OSError as exc:
        raise UsageError(f"cannot write '{path.name}': {exc.strerror or exc}") from None


def _target(path: Path, force: bool, hint: str) -> tuple[Path, int | None]:
    """The file to write for `path` and the mode to keep (None: a new file's mode)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path, None
    except OSError as exc:
        raise UsageError(f"cannot write '{path}': {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"'{path}' is a folder")
    if not force:
        raise DataError(f"'{path}' already exists; not overwriting it{hint}")
    target = path
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        try:
            info = os.stat(target)
        except OSError:
            raise UsageError(f"'{path}' is a symbolic link leading nowhere; not writing through it") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"'{path}' is not a regular file ({_kind(info.st_mode)}); not replacing it")
    return target, stat.S_IMODE(info.st_mode)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def default_mode() -> int:
    """The mode a new file gets from the umask, as `open()` would give it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes(
    path: Path, raw: bytes, *, mode: int | None = None, exclusive: bool = False, sync: bool = True
) -> None:
    """Put `raw` at `path` through a temporary file and a rename; raise `OSError`.

    `exclusive` refuses (`FileExistsError`) when `path` appeared meanwhile: the file is
    linked into place, which fails on an existing name, so there is no clobbering race.
    """
    with _signals_raise():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                if hasattr(os, "fchmod"):  # POSIX; elsewhere files get the default mode
                    os.fchmod(fh.fileno(), default_mode() if mode is None else mode)
                fh.write(raw)
                fh.flush()
                if sync:
                    os.fsync(fh.fileno())
            if not exclusive:
                os.replace(tmp, path)
                return
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:  # file systems without hard links
                if os.path.lexists(path):
                    raise FileExistsError(path) from None
                os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP during a write: unwinds (removing the temporary file), then exits."""


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise instead of killing the process outright."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise _Terminated(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def user_id() -> int:
    """The effective user id (0 where there is none, as `st_uid` then is)."""
    return os.geteuid() if hasattr(os, "geteuid") else 0


def remove_stale(folder: Path, name: str, older_than: float = STALE_SECONDS) -> None:
    """Remove temporary files of writes to `folder/name` that a killed run left behind.

    Only regular files (never links) named as `write_bytes` names them, owned by this
    user and untouched for `older_than` seconds: a write in progress is never that old.
    """
    pattern = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
    limit = time.time() - older_than
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry):
            continue
        candidate = folder / entry
        with contextlib.suppress(OSError):
            info = os.lstat(candidate)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit and info.st_uid == user_id():
                os.unlink(candidate)
