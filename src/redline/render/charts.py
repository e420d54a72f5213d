"""Charts of positions over time: a Mermaid gantt per issue, or SVG files with matplotlib.

Mermaid: one `gantt` per issue, a section per party, a bar per stance held, labelled
with its point on the scale ('2/4 Political moratorium'). A gantt rather than an
`xychart-beta` line chart because xychart can neither leave a gap (a party that has not
yet stated a position, or withdrew it) nor name its lines (it has no legend); a gantt
has a real time axis and says on each bar whose stance it is. Every label goes
through `escape.mermaid_bare`, and every task name starts with the scale position, so
no text from the data can open a comment, end a statement or read as a keyword.

SVG: one step chart per issue, the scale's labels up the y axis, dates along x, a line
per party with gaps where it held no position. matplotlib is an optional extra
(`redline[charts]`), imported only here and only when files are asked for.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from ..briefing import Briefing, Chart
from ..errors import UsageError
from .escape import mermaid_bare, terminal

_WIDE_SPAN = timedelta(days=300)  # beyond it, the axis shows months and years


def mermaid(briefing: Briefing, chart: Chart) -> list[str]:
    """The lines of a Mermaid gantt (without the ``` fence) for one issue's chart."""
    neg = briefing.negotiation
    issue = neg.issue_by_id[chart.issue]
    first = min(s.start for s in chart.segments)
    last = max(s.end for s in chart.segments)
    lines = [
        "gantt",
        f"    title {mermaid_bare(issue.title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat " + ("%b %Y" if last - first > _WIDE_SPAN else "%d %b"),
        "    todayMarker off",
    ]
    size = len(issue.scale)
    for party in chart.parties:
        lines.append(f"    section {mermaid_bare(neg.party_name(party))}")
        for s in chart.segments:
            if s.party != party:
                continue
            step = issue.index(s.stance) + 1 if issue.has(s.stance) else "?"
            label = f"{step}/{size} {mermaid_bare(issue.label(s.stance))}"
            lines.append(f"    {label} : {s.start.isoformat()}, {s.end.isoformat()}")
    return lines


def file_name(issue_id: str) -> str:
    """The chart file of an issue: its id, kept to characters safe in any file system."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in issue_id)
    return f"{safe.strip('-') or 'issue'}.svg"


def svg_files(briefing: Briefing) -> dict[str, str]:
    """{issue id: SVG text} for every chart of the briefing (needs matplotlib)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError("--charts needs matplotlib: pip install 'redline[charts]'") from None
    return {chart.issue: svg(briefing, chart) for chart in briefing.charts}


def svg(briefing: Briefing, chart: Chart) -> str:
    """One issue's chart as SVG text; the same data and matplotlib give the same bytes."""
    import matplotlib
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    neg = briefing.negotiation
    issue = neg.issue_by_id[chart.issue]
    with matplotlib.rc_context({"svg.hashsalt": "redline", "svg.fonttype": "none",
                                "text.parse_math": False, "text.usetex": False, "font.size": 9}):
        fig = Figure(figsize=(7.5, 1.4 + 0.45 * len(issue.scale)), layout="constrained")
        ax = fig.add_subplot()
        parties = chart.parties
        handles = []
        for n, party in enumerate(parties):
            # Parties on the same point would hide each other: spread them a little.
            offset = (n - (len(parties) - 1) / 2) * 0.07
            xs: list[Any] = []
            ys: list[float] = []
            starts: list[int] = []
            for s in (s for s in chart.segments if s.party == party):
                y = (issue.index(s.stance) if issue.has(s.stance) else 0) + offset
                if xs and xs[-1] != s.start:  # a gap: the party held no position
                    xs.append(xs[-1])
                    ys.append(float("nan"))
                starts.append(len(xs))
                xs += [s.start, s.end]
                ys += [y, y]
            (line,) = ax.plot(xs, ys, drawstyle="steps-post", linewidth=2.2,
                              marker="o", markevery=starts, markersize=3.5)
            handles.append(line)
        ax.set_yticks(range(len(issue.scale)),
                      labels=[terminal(p.label) for p in issue.scale])
        ax.set_ylim(-0.5, len(issue.scale) - 0.5)
        locator = AutoDateLocator(maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_title(terminal(issue.title), loc="left")
        ax.axvline(date2num(briefing.as_of + timedelta(days=1)), color="#888888", linewidth=0.8,
                   linestyle=":")
        ax.legend(handles, [terminal(neg.party_name(p)) for p in parties],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
