"""The `redline` command: parses options, calls the core, picks a renderer, sets the exit code.

Exit codes: 0 fine; 1 invalid data (or, with `diff --exit-code`, changes found);
2 usage or environment error. Nothing below this module prints or exits.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import RedlineError, UsageError

app = typer.Typer(
    name="redline",
    help=(
        "Track how the positions of parties in a negotiation shift over time.\n\n"
        "Exit codes: 0 fine; 1 invalid data (or changes, with diff --exit-code); "
        "2 usage or environment error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


RootOption = Annotated[
    Optional[str],
    typer.Option("--root", help="The positions root [default: $REDLINE_ROOT or ./positions]."),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"redline {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track how the positions of parties in a negotiation shift over time."""


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn redline's errors into one clean line on stderr and their exit code."""
    try:
        yield
    except RedlineError as exc:
        typer.echo(f"redline: error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} '{value}' is not a date as YYYY-MM-DD") from None


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Files or folders to check [default: the whole positions root]."),
    ] = None,
    root: RootOption = None,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
) -> None:
    """Check positions files against the schemas and redline's rules.

    Every problem in every file is reported as path:line:col: message.
    Exit 0 when all files are valid, 1 when any is not, 2 on a usage error.
    """
    from .checks import run_validate

    with user_errors():
        result = run_validate([str(p) for p in paths] if paths else None, root)
    out = sys.stdout
    if output_format is ValidateFormat.json:
        json.dump(result.to_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif output_format is ValidateFormat.github:
        from .render.github import problems_as_annotations

        out.write(problems_as_annotations(result.problems))
    else:
        for problem in result.problems:
            out.write(problem.format() + "\n")
        out.write(result.summary() + "\n")
    raise typer.Exit(1 if result.errors else 0)


def main() -> None:
    """Entry point: run the app; turn redline's errors into one clean line and an exit code."""
    try:
        app()
    except RedlineError as exc:
        sys.stderr.write(f"redline: error: {exc}\n")
        sys.exit(exc.exit_code)
