"""What the core needs to know of its surroundings, resolved once at the CLI edge.

The core reads no environment variable: `redline.commands.common.settings` turns the
options and the environment (`REDLINE_ROOT`, `REDLINE_NO_PARALLEL`, `REDLINE_NO_CACHE`,
`REDLINE_CACHE_DIR`, `XDG_CACHE_HOME`) into one `Settings` value that commands pass in.
The defaults are those of a library caller: `./positions`, no parse cache, parallel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    root: Path = Path("positions")  # the positions root
    cache_dir: Path | None = None  # where the parse cache lives; None: no cache
    parallel: bool = True  # parse many files on every core
