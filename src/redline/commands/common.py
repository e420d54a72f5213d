"""What every command shares: options, error handling, loading and rendering.

Imported by `redline.cli` and by the command modules beside this one; it imports
only typer and the standard library at the top, so start-up stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import Annotated, Any

import typer

from ..errors import RedlineError, UsageError


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


RootOption = Annotated[
    str | None,
    typer.Option("--root", help="The positions root [default: $REDLINE_ROOT or ./positions]."),
]


@contextmanager
def user_errors(exit_code: int | None = None) -> Iterator[None]:
    """Turn redline's errors into one clean line on stderr and their exit code."""
    try:
        yield
    except RedlineError as exc:
        typer.echo(f"redline: error: {exc}", err=True)
        raise typer.Exit(exit_code if exit_code is not None else exc.exit_code) from None


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} '{value}' is not a date as YYYY-MM-DD") from None


NegotiationArg = Annotated[
    str | None,
    typer.Argument(help="The negotiation (folder name); may be omitted when the root holds one."),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The date to fold to (YYYY-MM-DD) [default: latest].")
]


def load_valid(root: str | None, name: str | None) -> Any:
    """Load a negotiation; invalid data is reported on stderr and ends the command with 1."""
    from ..errors import DataError
    from ..repository import load_negotiation, resolve_root

    loaded = load_negotiation(resolve_root(root), name)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors or loaded.negotiation is None:
        for problem in errors:
            typer.echo(problem.format(), err=True)
        raise DataError(f"{len(errors)} problem(s) in '{loaded.folder}'; fix them first "
                        "(see redline validate)")
    return loaded


def render(view: str, fmt: Format, result: object) -> None:
    sys.stdout.write(rendered(view, fmt, result))


def output_key(fmt: Format) -> str:
    """What, besides the data, a rendering depends on: the format and, for text, the terminal."""
    if fmt is not Format.text:
        return fmt.value
    from ..render import text

    console = text.make_console(sys.stdout)
    return (f"text:{console.width}:{console.color_system}:{console.is_terminal}:{console.no_color}:"
            f"{text.matrix_allowed(console)}")


def rendered(view: str, fmt: Format, result: object) -> str:
    """The output of `view` for `result` in `fmt`, as text (for text: as this terminal shows it)."""
    import io

    buffer = io.StringIO()
    if fmt is Format.json:
        from ..render import jsonout

        jsonout.dump(getattr(jsonout, f"{view}_data")(result), buffer)
    elif fmt is Format.markdown:
        from ..render import markdown

        getattr(markdown, f"render_{view}")(result, buffer)
    else:
        from ..render import text

        getattr(text, f"render_{view}")(result, text.console_like(text.make_console(sys.stdout),
                                                                  buffer))
    return buffer.getvalue()
