"""`redline timeline`: each party's stance and red line on each issue, date by date."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import (
    Format,
    FormatOption,
    NegotiationArg,
    RootOption,
    load_valid,
    render,
    settings,
    user_errors,
)


def timeline(
    negotiation: NegotiationArg = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue.")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Only this party.")] = None,
    root: RootOption = None,
    output_format: FormatOption = Format.text,
) -> None:
    """Each party's stance and red line on each issue, date by date.

    Exit 0 on success, 1 when the data is invalid, 2 on a usage error.
    """
    from ..views import build_timeline

    with user_errors():
        loaded = load_valid(settings(root), negotiation)
        render("timeline", output_format, build_timeline(loaded.negotiation, loaded.snapshots, issue, party))
