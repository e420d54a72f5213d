"""`redline schemas`: the schemas editors check the files against, copied under the root."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import RootOption, settings, user_errors


def schemas(
    write: Annotated[
        bool, typer.Option("--write", help="Copy (or refresh) the installed schemas into <root>/.schemas/.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Show whether <root>/.schemas/ holds this redline's schemas; --write copies them there.

    The files init and new write start with `# yaml-language-server:
    $schema=../.schemas/<name>.schema.json`, a path that resolves in any repository once
    the copies exist. Run `redline schemas --write` after upgrading redline; validate
    warns while a copy differs from the installed schema.

    Exit 0 when the copies are current (or were just written), 1 when one is missing or
    stale, 2 on a usage error.
    """
    from ..repository import display_path
    from ..schemafiles import SCHEMA_FOLDER, stale_schema_problems, write_schemas

    with user_errors():
        base = settings(root).root
        if write:
            for path, what in write_schemas(base):
                typer.echo(f"{what} {display_path(path)}")
            return
        shown = display_path(base)
        problems = stale_schema_problems(base, shown)
        if not (base / SCHEMA_FOLDER).is_dir():
            typer.echo(f"{shown}/{SCHEMA_FOLDER}/ does not exist; run redline schemas --write")
            raise typer.Exit(1)
        for problem in problems:
            typer.echo(problem.format())
        if problems:
            raise typer.Exit(1)
        typer.echo(f"{shown}/{SCHEMA_FOLDER}/ holds this redline's schemas")
