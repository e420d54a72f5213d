"""Writing files safely: atomically, and never over an existing file unless asked.

A write goes to a temporary file in the target's folder, is flushed to disk, and is
renamed into place, so an interrupted run leaves either the old file or the new one,
never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import DataError, UsageError


def write_atomic(path: Path, text: str, *, force: bool = False, hint: str = "") -> None:
    """Write `text` to `path` atomically; refuse (exit 1) when it exists and not `force`.

    `hint` is added to the refusal, e.g. " (use --force to replace it)".
    """
    if path.exists() and not force:
        raise DataError(f"'{path}' already exists; not overwriting it{hint}")
    if path.is_dir():
        raise UsageError(f"'{path}' is a folder")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"folder '{folder}' does not exist")
    try:
        _write(path, folder, text, force)
    except OSError as exc:
        raise UsageError(f"cannot write '{path.name}': {exc.strerror or exc}") from None


def _write(path: Path, folder: Path, text: str, force: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            # link() fails if the target appeared meanwhile: no clobbering race.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise DataError(f"'{path}' already exists; not overwriting it") from None
            except OSError:  # file systems without hard links
                if path.exists():
                    raise DataError(f"'{path}' already exists; not overwriting it") from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
