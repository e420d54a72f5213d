"""What every command shares: options, settings, error handling, loading and rendering.

This is the CLI edge: the only module that reads redline's environment variables
(`REDLINE_ROOT`, `REDLINE_NO_PARALLEL`, `REDLINE_NO_CACHE`, `REDLINE_CACHE_DIR`,
`XDG_CACHE_HOME`), once, into a `Settings` value the core is given. It imports only
typer and the standard library at the top, so start-up stays fast.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import RedlineError, UsageError
from ..render import Format
from ..settings import Settings

RootOption = Annotated[
    str | None,
    typer.Option("--root", help="The positions root [default: $REDLINE_ROOT or ./positions]."),
]
NegotiationArg = Annotated[
    str | None,
    typer.Argument(help="The negotiation (folder name); may be omitted when the root holds one."),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The date to fold to (YYYY-MM-DD) [default: latest].")
]


def settings(root: str | None, *, existing: bool = True) -> Settings:
    """The settings of this run: the options, then the environment, then the defaults.

    With `existing`, the positions root must be a folder (a usage error otherwise).
    """
    env = os.environ
    chosen = Path(root or env.get("REDLINE_ROOT") or Settings.root)
    if existing and not chosen.is_dir():
        raise UsageError(f"positions root '{chosen}' is not a folder", setting="root")
    return Settings(root=chosen, cache_dir=cache_dir(env), parallel=not env.get("REDLINE_NO_PARALLEL"))


def cache_dir(env: Any) -> Path | None:
    """Where cache files live: `$REDLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/redline`, else
    `~/.cache/redline`; None (no cache) when `REDLINE_NO_CACHE` is set."""
    if env.get("REDLINE_NO_CACHE"):
        return None
    if env.get("REDLINE_CACHE_DIR"):
        return Path(env["REDLINE_CACHE_DIR"])
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "redline"


# How to change each setting a core message may be about (see `RedlineError.setting`).
SETTING_HINTS = {"root": "set it with --root or REDLINE_ROOT"}


def error_line(exc: RedlineError) -> str:
    """The one line a redline error is shown as, with how to change the setting it names."""
    hint = SETTING_HINTS.get(getattr(exc, "setting", ""), "")
    return f"redline: error: {exc}" + (f" ({hint})" if hint else "")


@contextmanager
def user_errors(exit_code: int | None = None) -> Iterator[None]:
    """Turn redline's errors into one clean line on stderr and their exit code."""
    try:
        yield
    except RedlineError as exc:
        typer.echo(error_line(exc), err=True)
        raise typer.Exit(exit_code if exit_code is not None else exc.exit_code) from None


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date_option(value: str | None, option: str) -> date | None:
    """A date given as YYYY-MM-DD, and only so (whatever Python's `fromisoformat` accepts)."""
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} '{value}' is not a date as YYYY-MM-DD") from None


def check_not_before_first(loaded: Any, when: date | None, option: str) -> None:
    """Refuse a date before the negotiation's first snapshot: there is nothing to show."""
    dates = [s.date for s in loaded.snapshots]
    if when is not None and dates and when < min(dates):
        raise UsageError(
            f"{option} {when.isoformat()} is before the first snapshot of "
            f"{loaded.negotiation.id} ({min(dates).isoformat()}): nothing to show"
        )


def load_valid(where: Settings, name: str | None) -> Any:
    """Load a negotiation; invalid data is reported on stderr and ends the command with 1."""
    from ..errors import DataError
    from ..repository import load_negotiation

    loaded = load_negotiation(where.root, name, where)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors or loaded.negotiation is None:
        for problem in errors:
            typer.echo(problem.format(), err=True)
        raise DataError(
            f"{len(errors)} problem(s) in '{loaded.folder}'; fix them first (see redline validate)"
        )
    return loaded


def output_key(fmt: Format) -> str:
    """What, besides the data, a rendering depends on: the format and, for text, the terminal."""
    if fmt is not Format.text:
        return fmt.value
    from ..render import text

    console = text.make_console(sys.stdout)
    return (
        f"text:{console.width}:{console.color_system}:{console.is_terminal}:{console.no_color}:"
        f"{console.encoding}:{text.matrix_allowed(console)}"
    )


class _Buffer(io.StringIO):
    """A text buffer that reports the terminal's encoding, so that rich draws its tables
    with characters the terminal can show (ASCII borders on a cp1252 console)."""

    def __init__(self, encoding: str):
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def rendered(view: str, fmt: Format, result: object) -> str:
    """The output of `view` for `result` in `fmt`, as text (for text: as this terminal shows it)."""
    from ..render import render

    buffer = _Buffer(getattr(sys.stdout, "encoding", None) or "utf-8")
    render(view, fmt, result, buffer)
    return buffer.getvalue()


def render(view: str, fmt: Format, result: object) -> None:
    sys.stdout.write(rendered(view, fmt, result))
