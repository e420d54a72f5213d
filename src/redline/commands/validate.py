"""`redline validate`: check positions files against the schemas and redline's rules."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import Format, RootOption, render, settings, user_errors


def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders to check [default: the whole positions root]."),
    ] = None,
    root: RootOption = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    quotes: Annotated[
        bool,
        typer.Option("--quotes", help="Also check every quote against its snapshot's local source text."),
    ] = False,
) -> None:
    """Check positions files against the schemas and redline's rules.

    Every problem in every file is reported as path:line:col: message.
    Exit 0 when all files are valid, 1 when any is not, 2 on a usage error.
    """
    from ..checks import run_validate

    with user_errors():
        result = run_validate(paths or None, settings(root, existing=not paths), quotes=quotes)
        render("validate", output_format, result)
    raise typer.Exit(1 if result.errors else 0)
