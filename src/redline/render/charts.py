"""Charts of positions over time: a Mermaid gantt per issue, or an SVG chart drawn here.

Mermaid: one `gantt` per issue, a section per party, a bar per stance held, labelled
with its point on the scale ('2/4 Political moratorium'). A gantt rather than an
`xychart-beta` line chart because xychart can neither leave a gap (a party that has not
yet stated a position, or withdrew it) nor name its lines (it has no legend); a gantt
has a real time axis and says on each bar whose stance it is. Every label goes
through `escape.mermaid_bare`, and every task name starts with the scale position, so
no text from the data can open a comment, end a statement or read as a keyword.

SVG: one chart per issue, the scale's labels up the y axis, dates along x, each party's
acceptable range as a band in the party's own colour (the same in every chart). `plot`
says what a chart shows, in scale positions and dates; `chart_svg` writes it as SVG
text itself (no drawing library), in a few milliseconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from ..analysis import IssueAnalysis
from ..briefing import Briefing, Chart, Segment
from ..model import Issue
from ..redlines import acceptable_range, red_line_verdict
from . import chart_svg
from .date_ticks import WIDE_SPAN
from .escape import mermaid_bare


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
        "    axisFormat " + ("%b %Y" if last - first > WIDE_SPAN else "%d %b"),
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
    """{issue id: SVG text} for every chart of the briefing."""
    return {chart.issue: svg(briefing, chart) for chart in briefing.charts}


# One colour per party, the same in every chart: Okabe–Ito, safe for colour blindness.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
_BAND = 0.16  # half the height of a party's band around a scale point
_STATUS_WORDS = {"unclear": "red lines not all known", "open": "zone of possible agreement"}


def colour(briefing: Briefing, party: str) -> str:
    """The party's colour: by its place among the negotiation's parties."""
    ids = [p.id for p in briefing.negotiation.parties]
    n = ids.index(party) if party in ids else len(ids)
    return PALETTE[n % len(PALETTE)]


def svg(briefing: Briefing, chart: Chart) -> str:
    """One issue's chart as SVG text; the same data gives the same bytes.

    Each party's acceptable range (stance to red line) is a band over time, its stance
    a solid line and its red line a dashed one; where the analysis finds a deadlock the
    gap between the red lines is hatched, and ranges that meet show as overlapping bands.
    """
    return chart_svg.draw(plot(briefing, chart))


def plot(briefing: Briefing, chart: Chart) -> chart_svg.Plot:
    """What the chart of one issue shows, in scale positions and dates."""
    neg = briefing.negotiation
    issue = neg.issue_by_id[chart.issue]
    item = _analysed(briefing, chart.issue)
    status = f" — {_STATUS_WORDS.get(item.status, item.status)}" if item is not None else ""
    bands = [
        band for n, party in enumerate(chart.parties) for band in _party_bands(briefing, chart, party, n)
    ]
    return chart_svg.Plot(
        key=_key(chart.issue),
        title=issue.title + status,
        scale=tuple(p.label for p in issue.scale),
        parties=tuple((neg.party_name(p), colour(briefing, p)) for p in chart.parties),
        bands=tuple(bands),
        gaps=tuple(_deadlock_gaps(briefing, chart)),
        first=min(s.start for s in chart.segments),
        last=max(s.end for s in chart.segments),
    )


def _key(issue_id: str) -> str:
    """The prefix of a chart's ids: readable, and unique per issue however its id reads."""
    digest = hashlib.blake2s(issue_id.encode("utf-8"), digest_size=4).hexdigest()
    return f"chart-{file_name(issue_id)[: -len('.svg')][:40]}-{digest}"


def _analysed(briefing: Briefing, issue: str) -> IssueAnalysis | None:
    return next((i for i in briefing.report.analysis.issues if i.issue == issue), None)


def _party_bands(briefing: Briefing, chart: Chart, party: str, n: int) -> list[chart_svg.Band]:
    """One party's ranges over time, a little above or below the others' on the same point."""
    issue = briefing.negotiation.issue_by_id[chart.issue]
    tint = colour(briefing, party)
    offset = (n - (len(chart.parties) - 1) / 2) * 0.05  # parties on one point stay apart
    bands = []
    for s in (s for s in chart.segments if s.party == party):
        if not issue.has(s.stance):
            continue
        stance = issue.index(s.stance) + offset
        red_line = s.red_line if s.red_line and issue.has(s.red_line) else None
        red = issue.index(red_line) + offset if red_line is not None else stance
        edge = red + (_BAND if red > stance else -_BAND if red < stance else 0)
        lo, hi = min(stance, red) - _BAND, max(stance, red) + _BAND
        bands.append(
            chart_svg.Band(tint, s.start, s.end, lo, hi, stance, edge if red_line is not None else None)
        )
    return bands


def _deadlock_gaps(briefing: Briefing, chart: Chart) -> list[chart_svg.Gap]:
    """The gaps between two counterparts' ranges, over each span in which both ranges run
    to a red line and do not meet (a deadlock, as `redlines.red_line_verdict` says), read
    from the same segments as the bands: each pair is hatched over its own dates."""
    neg = briefing.negotiation
    issue = neg.issue_by_id[chart.issue]
    runs = {p: [s for s in chart.segments if s.party == p and issue.has(s.stance)] for p in chart.parties}
    gaps = [
        gap
        for n, a in enumerate(chart.parties)
        for b in chart.parties[n + 1 :]
        if neg.opposed(a, b)
        for sa in runs[a]
        for sb in runs[b]
        if (gap := _gap(issue, sa, sb)) is not None
    ]
    merged: list[chart_svg.Gap] = []  # the same gap of several pairs, over overlapping dates: once
    for gap in sorted(gaps, key=lambda g: (g.low, g.high, g.start)):
        last = merged[-1] if merged else None
        if last is not None and (last.low, last.high) == (gap.low, gap.high) and gap.start <= last.end:
            merged[-1] = replace(last, end=max(last.end, gap.end))
        else:
            merged.append(gap)
    return sorted(merged, key=lambda g: (g.start, g.low, g.high))


def _gap(issue: Issue, a: Segment, b: Segment) -> chart_svg.Gap | None:
    """The gap between two segments' ranges while both hold, if their red lines deadlock."""
    start, end = max(a.start, b.start), min(a.end, b.end)
    red_a, red_b = _red_line(issue, a), _red_line(issue, b)
    if start >= end or red_a is None or red_b is None:
        return None
    if red_line_verdict(issue, (a.stance, red_a), (b.stance, red_b)).verdict != "deadlocked":
        return None
    low, high = sorted([acceptable_range(issue, a.stance, red_a), acceptable_range(issue, b.stance, red_b)])
    return chart_svg.Gap(start, end, low[1] + _BAND, high[0] - _BAND)


def _red_line(issue: Issue, segment: Segment) -> str | None:
    """The segment's red line, when it is a point on the issue's scale."""
    return segment.red_line if segment.red_line and issue.has(segment.red_line) else None
