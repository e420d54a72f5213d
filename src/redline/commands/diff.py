"""`redline diff`: the classified changes between two dates of a negotiation, or two files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .common import (
    Format,
    FormatOption,
    RootOption,
    check_not_before_first,
    load_valid,
    parse_date_option,
    render,
    settings,
    user_errors,
)


def diff(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="NEGOTIATION (with --from/--to), or two snapshot files A.yaml B.yaml."),
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="Old date (YYYY-MM-DD) [default: the previous snapshot date]."),
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="New date (YYYY-MM-DD) [default: the latest snapshot date].")
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", help="Between two dates, also list reworded summaries and quote changes (files: always)."
        ),
    ] = False,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when something changed, 0 when nothing did, 2 on any error."
        ),
    ] = False,
    root: RootOption = None,
    output_format: FormatOption = Format.text,
) -> None:
    """The classified changes between two dates of a negotiation, or two snapshot files.

    Exit 0 on success, 1 when the data is invalid, 2 on a usage error; with --exit-code:
    0 nothing changed, 1 something changed, 2 any error.
    """
    from ..errors import UsageError
    from ..views import build_date_diff, build_file_diff

    with user_errors(2 if exit_code else None):
        items = targets or []
        if len(items) == 2 and all(t.endswith((".yaml", ".yml")) for t in items):
            if date_from or date_to:
                raise UsageError("--from/--to go with a negotiation, not with two files")
            negotiation, old, new = _load_pair(Path(items[0]), Path(items[1]))
            result = build_file_diff(negotiation, old, new)
        elif len(items) <= 1:
            loaded = load_valid(settings(root), items[0] if items else None)
            old_date, new_date = _dates(loaded, date_from, date_to)
            result = build_date_diff(
                loaded.negotiation, loaded.snapshots, old_date, new_date, evidence=show_all
            )
        else:
            raise UsageError("give a negotiation, or exactly two snapshot files")
        render("diff", output_format, result)
    if exit_code:
        raise typer.Exit(1 if result.moved else 0)


def _dates(loaded: Any, date_from: str | None, date_to: str | None) -> tuple[Any, Any]:
    """The old and new dates: the options, else the previous and the latest snapshot dates."""
    from ..errors import UsageError

    dates = sorted({s.date for s in loaded.snapshots})
    new_date = parse_date_option(date_to, "--to") or (dates[-1] if dates else None)
    check_not_before_first(loaded, new_date, "--to")
    old_date = parse_date_option(date_from, "--from")
    if old_date is None:
        earlier = [d for d in dates if new_date is None or d < new_date]
        old_date = earlier[-1] if earlier else new_date
    if old_date is None or new_date is None:
        raise UsageError("the negotiation has no snapshots to compare")
    if new_date < old_date:
        raise UsageError(f"--to {new_date.isoformat()} is before --from {old_date.isoformat()}")
    return old_date, new_date


def _load_pair(a: Path, b: Path) -> tuple[Any, Any, Any]:
    """Two snapshot files, checked against the negotiation beside the second one."""
    from ..errors import DataError, UsageError
    from ..repository import NEGOTIATION_FILE, load_negotiation_file, load_snapshot_file

    for path in (a, b):
        if not path.is_file():
            raise UsageError(f"no such file: '{path}'")
    negotiation_path = b.parent / NEGOTIATION_FILE
    if not negotiation_path.is_file():
        raise UsageError(f"'{b}' has no {NEGOTIATION_FILE} beside it")
    negotiation, problems = load_negotiation_file(negotiation_path)
    snapshots = []
    if negotiation is not None:
        for path in (a, b):
            snapshot, found = load_snapshot_file(path, negotiation)
            problems.extend(found)
            snapshots.append(snapshot)
    errors = [p for p in problems if p.severity == "error"]
    if errors or negotiation is None:
        for problem in errors:
            typer.echo(problem.format(), err=True)
        raise DataError(f"{len(errors)} problem(s) in the files; fix them first")
    return negotiation, snapshots[0], snapshots[1]
