"""`redline brief`: a markdown briefing on a negotiation as of a date.

Imports only typer at the top (see `redline.cli`); the core is loaded when the command runs.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Annotated, Any

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
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Report the moves after this date (YYYY-MM-DD) [default: the snapshot "
            "date before the latest one on or before --as-of].",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the briefing to this file instead of stdout (a name ending in .html writes HTML).",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="markdown|html",
            help="markdown (GitHub-flavoured) or html "
            "(one self-contained file, charts inline) [default: html for an -o name ending in "
            ".html, else markdown].",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file and chart files if they exist.")
    ] = False,
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts",
            metavar="DIR",
            help="Also write each chart as an SVG file in DIR and link "
            "them instead of the inline Mermaid diagrams (for pandoc).",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """A one-page briefing (bottom line, issues, what changed, next events), then an annex.

    GitHub-flavoured markdown with footnoted sources, also clean input for pandoc (use
    --charts there, since pandoc cannot draw Mermaid); or, with --format html, one
    self-contained HTML file printable on A4, charts inline. Only sources
    public on --as-of are used. The same data and options give the same text.

    Exit 0 on success; 1 when the data is invalid; 2 on a usage error, FILE or a chart
    file existing (without --force) included.
    """
    from ..briefing import build_briefing
    from ..errors import UsageError
    from ..fsutil import write_atomic

    with user_errors():
        when = parse_date_option(as_of, "--as-of")
        start = parse_date_option(since, "--since")
        html = _is_html(fmt, output)
        loaded = load_valid(settings(root), negotiation)
        check_not_before_first(loaded, when, "--as-of")
        briefing = build_briefing(
            loaded.negotiation,
            loaded.snapshots,
            when,
            start,
            source_texts(Path(loaded.folder), loaded.snapshots),
        )
        paths, links = _chart_files(briefing, charts, output)
        # Refuse before drawing or writing anything: a refusal leaves no half-done set.
        for path in ([output] if output is not None else []) + list(paths.values()):
            if path.exists() and not force:
                raise UsageError(f"'{path}' already exists; not overwriting it (use --force to replace it)")
        drawn = _svgs(briefing) if html or charts else None
        text = _rendered(briefing, html, drawn, links)
        if charts is not None and drawn is not None:
            charts.mkdir(parents=True, exist_ok=True)
            for issue, path in paths.items():
                write_atomic(path, drawn[issue], force=force)
        if output is not None:
            write_atomic(output, text.getvalue(), force=force)
        else:
            sys.stdout.write(text.getvalue())


def _rendered(
    briefing: Any, html: bool, drawn: dict[str, str] | None, links: dict[str, str] | None
) -> io.StringIO:
    """The briefing as HTML (charts inline) or as markdown (charts linked or Mermaid)."""
    text = io.StringIO()
    if html:
        from ..render.html import render_html

        render_html(briefing, text, drawn)
    else:
        from ..render.brief import render_brief

        render_brief(briefing, text, links)
    return text


def _chart_files(
    briefing: Any, charts: Path | None, output: Path | None
) -> tuple[dict[str, Path], dict[str, str] | None]:
    """{issue: SVG file} under --charts, and the links to them from the briefing's folder."""
    if charts is None:
        return {}, None
    from ..errors import UsageError
    from ..render.charts import file_name

    if charts.exists() and not charts.is_dir():
        raise UsageError(f"--charts '{charts}' is not a folder")
    base = output.parent if output is not None else Path(".")
    paths = {chart.issue: charts / file_name(chart.issue) for chart in briefing.charts}
    return paths, {issue: _link(path, base) for issue, path in paths.items()}


def _is_html(fmt: str | None, output: Path | None) -> bool:
    from ..errors import UsageError

    if fmt is None:
        return output is not None and output.suffix.lower() in (".html", ".htm")
    if fmt not in ("markdown", "html"):
        raise UsageError(f"--format must be markdown or html, not '{fmt}'")
    return fmt == "html"


def _svgs(briefing: Any) -> dict[str, str]:
    """The charts as SVG: drawn in a few milliseconds, so neither remembered nor optional."""
    from ..render.charts import svg_files

    return svg_files(briefing)


def source_texts(folder: Path, snapshots: list[Any]) -> dict[str, Any]:
    """{snapshot path: its stored source text}, for the choice of quotes; texts that
    cannot be read are left out (`validate --quotes` reports them)."""
    from ..loading import LoadError
    from ..quotes import read_source_text, text_path

    read: dict[str, Any] = {}
    out = {}
    for snapshot in snapshots:
        name = snapshot.source.text
        if not name:
            continue
        if name not in read:
            path, _ = text_path(folder, name)
            try:
                read[name] = read_source_text(path, name) if path is not None else None
            except LoadError:
                read[name] = None
        if read[name] is not None:
            out[snapshot.path] = read[name]
    return out


def _link(path: Path, base: Path) -> str:
    """`path` relative to the folder of the briefing, as a markdown link destination."""
    from urllib.parse import quote

    relative = os.path.relpath(path.resolve(), base.resolve())
    return quote(Path(relative).as_posix(), safe="/-._~")
