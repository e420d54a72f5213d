"""`redline report`: the state of a negotiation at a date, or of every negotiation (`--all`)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from .common import (
    AsOfOption,
    Format,
    FormatOption,
    NegotiationArg,
    RootOption,
    check_not_before_first,
    error_line,
    load_valid,
    output_key,
    parse_date_option,
    rendered,
    settings,
    user_errors,
)


def report(
    negotiation: NegotiationArg = None,
    as_of: AsOfOption = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="Report every negotiation under the root, one after the other (JSON: a list)."
        ),
    ] = False,
    root: RootOption = None,
    output_format: FormatOption = Format.text,
) -> None:
    """The state of a negotiation at a date: issues x parties, statuses, what moved last.

    With --all, every valid negotiation is reported and the problems of the others are
    listed on stderr. Exit 0 on success, 1 when the data is invalid (with --all: any
    negotiation's), 2 on a usage error.
    """
    from ..errors import RedlineError, UsageError

    with user_errors():
        when = parse_date_option(as_of, "--as-of")
        if every and negotiation is not None:
            raise UsageError("give a negotiation or --all, not both")
        where = settings(root)
        names: list[str | None] = [negotiation]
        if every:
            from ..repository import negotiation_folders

            names = [folder.name for folder in negotiation_folders(where.root)]
        as_list = every and output_format is Format.json
        key = f"report:{'list-item' if as_list else output_key(output_format)}:{when}"
        outputs, failed = [], 0
        for name in names:
            try:
                outputs.append(_one(where, name, when, key, as_list, output_format))
            except RedlineError as exc:
                if not every:
                    raise
                typer.echo(error_line(exc), err=True)
                failed = max(failed, exc.exit_code)
    if as_list:
        from ..render.jsonout import dump_list

        dump_list(outputs, sys.stdout)
    else:
        sys.stdout.write("\n".join(outputs))
    raise typer.Exit(failed)


def _one(where: Any, name: str | None, when: Any, key: str, as_list: bool, fmt: Format) -> Any:
    """One negotiation's report: JSON data for a list, else the rendered text."""
    from ..views import build_report

    loaded = load_valid(where, name)
    check_not_before_first(loaded, when, "--as-of")

    def make() -> Any:
        result = build_report(loaded.negotiation, loaded.snapshots, when)
        if as_list:
            from ..render import data

            return data("report", result)
        return rendered("report", fmt, result)

    # The same data gives the same report: remembered while no file changes.
    valid = (lambda v: isinstance(v, dict)) if as_list else (lambda v: isinstance(v, str))
    return loaded.memoized(f"{key}:{loaded.folder}", make, valid)
