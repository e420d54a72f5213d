"""`redline brief`: a markdown briefing on a negotiation as of a date.

Imports only typer at the top (see `redline.cli`); the core is loaded when the command runs.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import (
    AsOfOption,
    NegotiationArg,
    RootOption,
    check_not_before_first,
    load_valid,
    parse_date_option,
    settings,
    user_errors,
)


def brief(
    negotiation: NegotiationArg = None,
    as_of: AsOfOption = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Report the moves after this date (YYYY-MM-DD) [default: the snapshot "
        "date before the latest one on or before --as-of].")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the briefing to this file instead of stdout.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output file and chart files if they exist.")] = False,
    charts: Annotated[Path | None, typer.Option(
        "--charts", metavar="DIR", help="Also write each chart as an SVG file in DIR and link "
        "them instead of the inline Mermaid diagrams (for pandoc; needs redline[charts]).")
    ] = None,
    root: RootOption = None,
) -> None:
    """A markdown briefing: bottom line, what changed, issues, deadlocks, quotes, events, charts.

    GitHub-flavoured markdown, also clean input for pandoc (use --charts there, since
    pandoc cannot draw Mermaid). The same data and options give the same text.

    Exit 0 on success; 1 when the data is invalid or a chart file exists (without
    --force); 2 on a usage error, FILE existing (without --force) included.
    """
    from ..briefing import build_briefing
    from ..errors import DataError, UsageError
    from ..fsutil import write_atomic
    from ..render.brief import render_brief

    with user_errors():
        when = parse_date_option(as_of, "--as-of")
        start = parse_date_option(since, "--since")
        loaded = load_valid(settings(root), negotiation)
        check_not_before_first(loaded, when, "--as-of")
        briefing = build_briefing(loaded.negotiation, loaded.snapshots, when, start)
        links = None
        paths: dict[str, Path] = {}
        targets = [output] if output is not None else []
        if charts is not None:
            from ..render.charts import file_name

            if charts.exists() and not charts.is_dir():
                raise UsageError(f"--charts '{charts}' is not a folder")
            base = output.parent if output is not None else Path(".")
            paths = {chart.issue: charts / file_name(chart.issue) for chart in briefing.charts}
            links = {issue: _link(path, base) for issue, path in paths.items()}
            targets += paths.values()
        # Refuse before drawing or writing anything: a refusal leaves no half-done set.
        for path in targets:
            if path.exists() and not force:
                raise DataError(f"'{path}' already exists; not overwriting it (use --force to "
                                "replace it)")
        text = io.StringIO()
        render_brief(briefing, text, links)
        if charts is not None:
            from ..render.charts import svg_files

            drawn = svg_files(briefing)
            charts.mkdir(parents=True, exist_ok=True)
            for issue, path in paths.items():
                write_atomic(path, drawn[issue], force=force)
        if output is not None:
            write_atomic(output, text.getvalue(), force=force)
        else:
            sys.stdout.write(text.getvalue())


def _link(path: Path, base: Path) -> str:
    """`path` relative to the folder of the briefing, as a markdown link destination."""
    from urllib.parse import quote

    relative = os.path.relpath(path.resolve(), base.resolve())
    return quote(Path(relative).as_posix(), safe="/-._~")
