"""Markdown renderers (GitHub-flavoured) for report, diff and timeline.

Every piece of text from the data goes through `escape.markdown`, so tables keep
their cells and nothing in the data becomes HTML, a link, a mention or code.
"""

from __future__ import annotations

from typing import TextIO

from ..compare import Diff
from ..model import Negotiation
from ..redlines import Crossing
from ..views import Report, Timeline
from ..vocabulary import ARROW
from . import phrases
from .escape import markdown as md


def _crossings(neg: Negotiation, crossings: tuple[Crossing, ...]) -> list[str]:
    """Red lines crossed, as the first paragraphs under the title."""
    return [line for c in crossings for line in (f"**⚠️ {md(phrases.crossing(neg, c))}**", "")]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; cells must be escaped already (no raw '|' or newline)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_report(report: Report, out: TextIO) -> None:
    neg = report.negotiation
    analysis = report.analysis
    as_of = analysis.state.as_of or report.last
    lines = [f"# {md(neg.title)}", "", *_crossings(neg, analysis.crossings)]
    span = (
        f"{report.snapshots} snapshots from {report.first.isoformat()} to {report.last.isoformat()}"
        if report.first and report.last
        else "no snapshots"
    )
    lines += [f"Negotiation `{neg.id}` as of **{as_of.isoformat() if as_of else '-'}** ({span}).", ""]
    parties = [p for p in neg.parties if any(analysis.state.get(p.id, i.id) for i in neg.issues)]
    rows = []
    for item in analysis.issues:
        issue = neg.issue_by_id[item.issue]
        cells = [f"{md(issue.title)}<br>`{item.issue}`", md(phrases.issue_status(item, neg))]
        for party in parties:
            held = analysis.state.get(party.id, item.issue)
            if held is None:
                cells.append("—")
                continue
            cell = md(issue.label(held.stance))
            if held.red_line:
                cell += f"<br>red line: {md(issue.label(held.red_line))}"
            cells.append(cell + f"<br>since {held.since.isoformat()}")
        rows.append(cells)
    lines += table(["Issue", "Status", *[md(p.name) for p in parties]], rows)
    lines += ["", "## Issues", ""]
    for item in analysis.issues:
        lines.append(f"- **{md(item.issue)}**: {md(phrases.issue_status(item, neg))}")
        for pair in item.pairs:
            lines.append(f"  - {md(phrases.pair(neg, pair))}")
        if item.silent and item.status != "aligned":
            lines.append("  - no position yet: " + ", ".join(md(neg.party_name(p)) for p in item.silent))
        if item.reported is not None:
            rep = item.reported
            lines.append(
                f"  - reported by the source: {md(rep.reported.status)} "
                f"({rep.source.date.isoformat()}, {md(rep.source.title)})"
            )
        if item.reported_stale is not None and item.stale_since is not None:
            rep = item.reported_stale
            lines.append(
                f"  - no longer current: the source's {md(rep.reported.status)} "
                f"({rep.source.date.isoformat()}, {md(rep.source.title)}); a position "
                f"moved on {item.stale_since.isoformat()}"
            )
        if item.contradiction:
            lines.append(f"  - ⚠️ {md(item.contradiction)}")
    if report.latest is not None:
        lines += ["", f"## Moved on {report.latest.new_label}", ""]
        if not report.latest.changes:
            lines.append("Nothing: every position reported was restated.")
        for change in report.latest.changes:
            lines.append(f"- {ARROW.get(change.direction or '', '•')} {md(phrases.change(neg, change))}")
    if report.conflicts:
        lines += ["", "## Conflicting snapshots", ""]
        for c in report.conflicts:
            detail = "; ".join(f"{md(p)}:{n} says {md(v)}" for p, n, v in c.reports)
            lines.append(f"- {c.date.isoformat()}, {md(c.party)}'s {c.what} on {md(c.issue)}: {detail}")
    out.write("\n".join(lines) + "\n")


def render_diff(diff: Diff, out: TextIO) -> None:
    neg = diff.negotiation
    lines = [
        f"# {md(neg.title)}: changes",
        "",
        *_crossings(neg, diff.crossings),
        f"From **{md(diff.old_label)}** to **{md(diff.new_label)}**: {len(diff.changes)} change(s).",
        "",
    ]
    current = None
    for change in diff.changes:
        if change.issue != current:
            current = change.issue
            issue = neg.issue_by_id[change.issue]
            lines += ["", f"## {md(issue.title)} (`{change.issue}`)", ""]
        lines.append(f"- {ARROW.get(change.direction or '', '•')} {md(phrases.change(neg, change))}")
        if change.kind == "summary":
            words = " ".join(
                f"~~{md(w)}~~" if op == "-" else f"**{md(w)}**" if op == "+" else md(w)
                for op, w in change.words
            )
            lines.append(f"  - {words}")
    if diff.hidden:
        lines += ["", f"{diff.hidden} reworded summaries and quote changes not shown."]
    if diff.status_changes:
        lines += ["", "## Status", ""]
        lines += [f"- {md(phrases.status_change(s))}" for s in diff.status_changes]
    out.write("\n".join(lines) + "\n")


def render_timeline(timeline: Timeline, out: TextIO) -> None:
    neg = timeline.negotiation
    lines = [f"# {md(neg.title)}: timeline", "", *_crossings(neg, timeline.crossings)]
    current = None
    for series in timeline.series:
        issue = neg.issue_by_id[series.issue]
        if series.issue != current:
            current = series.issue
            lines += [
                f"## {md(issue.title)} (`{issue.id}`)",
                "",
                "Scale: " + " → ".join(md(p.label) for p in issue.scale),
                "",
            ]
        changed = (
            "never changed"
            if series.changes == 0
            else (f"changed {phrases.times(series.changes)}, last on {series.last_changed.isoformat()}")
        )
        lines.append(
            f"**{md(series.party)}**: first seen {series.first_seen.isoformat()}, "
            f"{changed}, stable for {series.stable_days} day(s)" + (", withdrawn" if series.withdrawn else "")
        )
        lines.append("")
        rows = []
        for p in series.points:
            move = ARROW.get(
                p.direction or "",
                "new" if p.changed and p is series.points[0] else ("changed" if p.changed else ""),
            )
            if p.direction == "mixed":
                move += " " + md(phrases.towards(neg, None, p.counterparts, p.direction))
            rows.append(
                [
                    p.date.isoformat(),
                    md(issue.label(p.stance)),
                    md(issue.label(p.red_line)) if p.red_line else "",
                    move,
                    md(p.source),
                ]
            )
        lines += table(["Date", "Stance", "Red line", "Move", "Source"], rows)
        lines.append("")
    if timeline.gaps:
        lines += ["## Gaps between opposing stances", ""]
        rows = [
            [
                f"`{md(g.issue)}`",
                f"{md(g.a)} × {md(g.b)}",
                md(g.trend),
                "; ".join(f"{p.date.isoformat()}: {p.gap} ({md(p.status)})" for p in g.turns),
            ]
            for g in timeline.gaps
        ]
        lines += table(["Issue", "Pair", "Trend", "Gap in steps (status), where it changed"], rows)
    if timeline.reports:
        lines += ["", "## Reported by the sources", ""]
        lines += [f"- `{md(r.issue)}`: {md(phrases.report_point(r))}" for r in timeline.reports]
    out.write("\n".join(lines).rstrip("\n") + "\n")
