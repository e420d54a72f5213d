"""Charts of positions over time: a Mermaid gantt per issue, or SVG files with matplotlib.

Mermaid: one `gantt` per issue, a section per party, a bar per stance held, labelled
with its point on the scale ('2/4 Political moratorium'). A gantt rather than an
`xychart-beta` line chart because xychart can neither leave a gap (a party that has not
yet stated a position, or withdrew it) nor name its lines (it has no legend); a gantt
has a real time axis and says on each bar whose stance it is. Every label goes
through `escape.mermaid_bare`, and every task name starts with the scale position, so
no text from the data can open a comment, end a statement or read as a keyword.

SVG: one chart per issue, the scale's labels up the y axis, dates along x, each party's
acceptable range as a band in the party's own colour (the same in every chart).
matplotlib is an optional extra (`charts`), imported only here and only when
charts are asked for.
"""

from __future__ import annotations

import io
import textwrap
import warnings
from dataclasses import replace
from datetime import timedelta
from typing import Any

from ..briefing import Briefing, Chart, Segment
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
        for s in stance_runs(chart):
            if s.party != party:
                continue
            step = issue.index(s.stance) + 1 if issue.has(s.stance) else "?"
            text = issue.label(s.stance)
            # A label Mermaid cannot show whole (say '€30m or 6%') is left to the scale line
            # under the chart rather than shown without its € or %.
            label = f"{step}/{size}" + (f" {text}" if mermaid_bare(text) == text else "")
            lines.append(f"    {label} : {s.start.isoformat()}, {s.end.isoformat()}")
    return lines


def stance_runs(chart: Chart) -> list[Segment]:
    """The chart's segments with the adjacent ones of one party and stance joined (a gantt
    shows stances only; a red line that changes under the same stance is not a new bar)."""
    runs: list[Segment] = []
    for s in chart.segments:
        last = runs[-1] if runs else None
        if last is not None and (last.party, last.stance, last.end) == (s.party, s.stance, s.start):
            runs[-1] = replace(last, end=s.end)
        else:
            runs.append(s)
    return runs


def file_name(issue_id: str) -> str:
    """The chart file of an issue: its id, kept to characters safe in any file system."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in issue_id)
    return f"{safe.strip('-') or 'issue'}.svg"


def svg_files(briefing: Briefing) -> dict[str, str]:
    """{issue id: SVG text} for every chart of the briefing (needs matplotlib)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(
            "--charts needs matplotlib: pip install matplotlib (from a clone of redline: pip "
            "install '.[charts]')"
        ) from None
    return {chart.issue: svg(briefing, chart) for chart in briefing.charts}


# One colour per party, the same in every chart: Okabe–Ito, safe for colour blindness.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
_BAND = 0.16  # half the height of a party's band around a scale point


def colour(briefing: Briefing, party: str) -> str:
    """The party's colour: by its place among the negotiation's parties."""
    ids = [p.id for p in briefing.negotiation.parties]
    n = ids.index(party) if party in ids else len(ids)
    return PALETTE[n % len(PALETTE)]


def svg(briefing: Briefing, chart: Chart) -> str:
    """One issue's chart as SVG text; the same data and matplotlib give the same bytes.

    Each party's acceptable range (stance to red line) is a band over time, its stance
    a solid line and its red line a dashed one; where the analysis finds a deadlock the
    gap between the red lines is hatched, and ranges that meet show as overlapping bands.
    """
    import matplotlib

    issue = briefing.negotiation.issue_by_id[chart.issue]
    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # not the user's matplotlibrc: the bytes depend on the data only
        return _drawn(briefing, chart, issue)


def _drawn(briefing: Briefing, chart: Chart, issue: Any) -> str:
    import matplotlib
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    neg = briefing.negotiation
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "redline",
            "svg.fonttype": "none",
            "text.parse_math": False,
            "text.usetex": False,
            "font.size": 9,
            "font.family": "DejaVu Sans",
        }
    ):
        fig = Figure(figsize=(7.5, 1.5 + 0.42 * len(issue.scale)), layout="constrained")
        ax = fig.add_subplot()
        handles = [_party_band(ax, briefing, chart, party, n) for n, party in enumerate(chart.parties)]
        _deadlock_gap(ax, briefing, chart)
        ax.set_yticks(range(len(issue.scale)), labels=[_wrap(p.label) for p in issue.scale])
        ax.set_ylim(-0.6, len(issue.scale) - 0.4)
        _date_axis(ax, chart)
        ax.grid(axis="y", color="#e3e3e3", linewidth=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        item = next((i for i in briefing.report.analysis.issues if i.issue == chart.issue), None)
        words = {"unclear": "red lines not all known", "open": "zone of possible agreement"}
        status = f" — {words.get(item.status, item.status)}" if item is not None else ""
        ax.set_title(terminal(issue.title) + status, loc="left", fontsize=10)
        ax.legend(
            handles,
            [terminal(neg.party_name(p)) for p in chart.parties],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
        )
        buffer = io.StringIO()
        with warnings.catch_warnings():  # absurdly long labels: a cramped chart, not an error
            warnings.filterwarnings("ignore", "constrained_layout not applied")
            fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _wrap(label: str) -> str:
    """A scale label on lines of about 32 characters, every character kept."""
    return "\n".join(textwrap.wrap(terminal(label), 32, break_long_words=True, break_on_hyphens=False)) or "?"


def _party_band(ax: Any, briefing: Briefing, chart: Chart, party: str, n: int) -> Any:
    """Draw one party's ranges over time; returns the legend handle."""
    from matplotlib.patches import Patch

    issue = briefing.negotiation.issue_by_id[chart.issue]
    tint = colour(briefing, party)
    offset = (n - (len(chart.parties) - 1) / 2) * 0.05  # parties on one point stay apart
    for s in (s for s in chart.segments if s.party == party):
        if not issue.has(s.stance):
            continue
        stance = issue.index(s.stance) + offset
        red = issue.index(s.red_line) + offset if s.red_line and issue.has(s.red_line) else stance
        lo, hi = min(stance, red) - _BAND, max(stance, red) + _BAND
        ax.fill_between([s.start, s.end], lo, hi, color=tint, alpha=0.22, linewidth=0)
        ax.plot([s.start, s.end], [stance, stance], color=tint, linewidth=2.2, solid_capstyle="butt")
        if s.red_line and issue.has(s.red_line):
            edge = red + (_BAND if red > stance else -_BAND if red < stance else 0)
            ax.plot([s.start, s.end], [edge, edge], color=tint, linewidth=1.3, linestyle=(0, (4, 2)))
    return Patch(facecolor=tint, edgecolor=tint, alpha=0.6)


def _deadlock_gap(ax: Any, briefing: Briefing, chart: Chart) -> None:
    """Hatch the gap between deadlocked ranges, from the deadlock's start to as-of."""
    item = next((i for i in briefing.report.analysis.issues if i.issue == chart.issue), None)
    if item is None or item.deadlocked_since is None:
        return
    issue = briefing.negotiation.issue_by_id[chart.issue]
    state = briefing.report.analysis.state
    end = briefing.as_of + timedelta(days=1)
    for p in item.pairs:
        if p.verdict != "deadlocked":
            continue
        ranges = []
        for party in (p.a, p.b):
            held = state.get(party, chart.issue)
            if held is None or not issue.has(held.stance) or not held.red_line:
                break
            points = (issue.index(held.stance), issue.index(held.red_line))
            ranges.append((min(points), max(points)))
        if len(ranges) != 2:
            continue
        low, high = sorted(ranges)
        ax.fill_between(
            [item.deadlocked_since, end],
            low[1] + _BAND,
            high[0] - _BAND,
            facecolor="none",
            edgecolor="#9a9a9a",
            hatch="///",
            linewidth=0,
        )
        ax.text(end, (low[1] + high[0]) / 2, " gap", va="center", ha="left", fontsize=8, color="#6a6a6a")


def _date_axis(ax: Any, chart: Chart) -> None:
    """Days and months, with the year under the first tick and wherever it changes.

    The limits are fixed, so the ticks are placed and labelled once here, rather than at
    each of the layout's and the drawing's passes over the axis."""
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FixedFormatter, FixedLocator

    locator = AutoDateLocator(minticks=4, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    first = min(s.start for s in chart.segments)
    last = max(s.end for s in chart.segments)
    ax.set_xlim(first, last)
    wide = last - first > _WIDE_SPAN
    ticks = locator()
    days = [num2date(t).date() for t in ticks]
    shown = [t for t in days if first <= t <= last]
    labels = []
    for day in days:
        earlier = [t for t in shown if t < day]
        new_year = not earlier or earlier[-1].year != day.year
        text = day.strftime("%b") if wide else f"{day.day} {day.strftime('%b')}"
        labels.append(f"{text}\n{day.year}" if new_year else text)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FixedFormatter(labels))
