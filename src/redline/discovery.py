"""Finding the negotiations under a positions root, and the folders that fail to be one.

A positions root holds one folder per negotiation, each with a `negotiation.yaml`. A
folder that holds snapshots (or a `negotiation.yml`, or a folder named
`negotiation.yaml`) without a readable `negotiation.yaml` is a *stray* folder: its
files would go unchecked, so `redline validate` loads it too and reports why it is not
a negotiation, never skipping it in silence.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UsageError
from .filesource import DEFINITION_TYPO, NEGOTIATION_FILE

DEFAULT_ROOT = "positions"
# A snapshot's name whatever the case of its suffix: `2022-01-10-x.YAML` is one too.
_SNAPSHOT_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}-.*\.ya?ml$", re.IGNORECASE)


def resolve_root(root: str | Path | None) -> Path:
    """The positions root, checked to be a folder (default: `./positions`)."""
    path = Path(root or DEFAULT_ROOT)
    if not path.is_dir():
        raise UsageError(f"positions root '{path}' is not a folder", setting="root")
    return path


def negotiation_folders(root: Path) -> list[Path]:
    """Folders of `root` that hold a negotiation.yaml, sorted by name."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / NEGOTIATION_FILE).is_file())


def find_negotiation(root: Path, name: str | None) -> Path:
    """The folder of negotiation `name`, or the only one when `name` is None."""
    folders = negotiation_folders(root)
    if name is None:
        if len(folders) == 1:
            return folders[0]
        if not folders:
            raise UsageError(f"no negotiation under '{root}' (no */{NEGOTIATION_FILE})")
        names = ", ".join(f.name for f in folders)
        raise UsageError(f"several negotiations under '{root}'; name one of: {names}")
    for folder in folders:
        if folder.name == name:
            return folder
    names = ", ".join(f.name for f in folders) or "none"
    raise UsageError(f"unknown negotiation '{name}' under '{root}' (found: {names})")


def stray_folders(root: Path) -> list[Path]:
    """Folders of `root` that hold snapshots, a `negotiation.yml` or a `negotiation.yaml`
    that is not a file, but no negotiation.yaml file: sorted by name."""
    return sorted(p for p in root.iterdir() if not p.name.startswith(".") and is_stray(p))


def is_stray(folder: Path) -> bool:
    """Whether `folder` would hold a negotiation but for its negotiation.yaml."""
    if not folder.is_dir() or (folder / NEGOTIATION_FILE).is_file():
        return False
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return False
    return any(n in (NEGOTIATION_FILE, DEFINITION_TYPO) or _SNAPSHOT_LIKE.match(n) for n in names)
