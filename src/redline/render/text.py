"""Terminal renderers, with rich: colour that carries meaning, readable at 80 columns.

All text from the data goes through `escape.terminal` and into `rich.text.Text`
objects, never into markup strings, so a quote holding `[bold]` or an escape
sequence is printed literally. Colour is off when the output is not a terminal or
NO_COLOR is set (rich's own rules).
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..analysis import IssueAnalysis
from ..compare import Change, Diff
from ..model import Negotiation
from ..redlines import Crossing
from ..views import Report, Timeline
from ..vocabulary import legend
from . import phrases
from .escape import terminal

STATUS_STYLE = {
    "agreed": "bold green", "aligned": "green", "deadlocked": "bold red", "stalled": "yellow",
    "converging": "cyan", "diverging": "magenta", "open": "green", "unclear": "dim",
}
DIRECTION_STYLE = {"conceded": "green", "hardened": "red", "mixed": "magenta", "moved": "blue",
                   "stated": "yellow", "dropped": "yellow"}
LEGEND = legend()
CROSSING_STYLE = "bold red"


def make_console(out: TextIO, width: int | None = None) -> Console:
    return Console(file=out, width=width, highlight=False, markup=False, emoji=False,
                   soft_wrap=False)


def console_like(model: Console, out: TextIO) -> Console:
    """A console writing to `out` exactly as `model` would show it (width, colours)."""
    return Console(file=out, width=model.width, color_system=model.color_system,  # type: ignore[arg-type]
                   force_terminal=model.is_terminal, no_color=model.no_color, highlight=False,
                   markup=False, emoji=False, soft_wrap=False)


def _t(text: str, style: str = "") -> Text:
    return Text(terminal(text), style=style)


def _status(item: IssueAnalysis) -> Text:
    return _t(item.status, STATUS_STYLE.get(item.status, ""))


def _crossings(neg: Negotiation, crossings: tuple[Crossing, ...], console: Console) -> None:
    """Red lines crossed: the most prominent lines, right under the title."""
    for c in crossings:
        console.print(_t(f"! {phrases.crossing(neg, c)}", CROSSING_STYLE))


def render_report(report: Report, console: Console) -> None:
    neg = report.negotiation
    analysis = report.analysis
    console.print(Text.assemble(_t(neg.title, "bold"), " ", _t(f"({neg.id})", "dim")))
    _crossings(neg, analysis.crossings, console)
    as_of = analysis.state.as_of or report.last
    span = (f"{report.snapshots} snapshots, {report.first.isoformat()} to {report.last.isoformat()}"
            if report.first and report.last else "no snapshots")
    console.print(_t(f"As of {as_of.isoformat() if as_of else '-'} · {span}"))
    console.print()
    table = Table(show_lines=True, expand=False, box=box.ROUNDED)
    table.add_column("Issue", no_wrap=True)
    table.add_column("Status", overflow="fold", max_width=12)
    parties = [p for p in neg.parties if any(
        analysis.state.get(p.id, i.id) for i in neg.issues)]
    for party in parties:
        table.add_column(terminal(party.id), overflow="fold")
    for item in analysis.issues:
        issue = neg.issue_by_id[item.issue]
        status = Text()
        status.append_text(_status(item))
        if item.deadlocked and item.deadlocked_since:
            status.append(f"\n{item.deadlocked_since.isoformat()}", style="dim")
        elif item.stalled and item.stalled_since:
            status.append(f"\n{item.stalled_since.isoformat()}", style="dim")
        if item.deadlocked and item.stalled:
            status.append("\n+ stalled", style=STATUS_STYLE["stalled"])
        cells = []
        for party in parties:
            held = analysis.state.get(party.id, item.issue)
            if held is None:
                cells.append(_t("—", "dim"))
                continue
            cell = _t(issue.label(held.stance))
            if held.red_line:
                cell.append("\n⟂ ")
                cell.append_text(_t(issue.label(held.red_line), "italic"))
            cell.append(f"\n{held.since.isoformat()}", style="dim")
            cells.append(cell)
        table.add_row(_t(issue.id, "bold"), status, *cells)
    console.print(table)
    console.print()
    console.print(_t("Cells: stance, ⟂ red line, date of the stance (since).", "dim"))
    console.print()
    console.print(_t("Issues", "bold underline"))
    for item in analysis.issues:
        _issue_lines(neg, item, console)
    if report.latest is not None:
        console.print()
        console.print(_t(f"Moved on {report.latest.new_label}", "bold underline"))
        if not report.latest.changes:
            console.print(_t("  nothing: every position reported was restated", "dim"))
        for change in report.latest.changes:
            console.print(Text.assemble("  ", _change(report, change)))
    for conflict in report.conflicts:
        console.print(_t(
            f"warning: snapshots of {conflict.date.isoformat()} disagree on {conflict.party}'s "
            f"{conflict.what} on {conflict.issue}: " + "; ".join(
                f"{p}:{n} says {v}" for p, n, v in conflict.reports), "yellow"))
    console.print()
    console.print(_t(LEGEND, "dim"))


def _issue_lines(neg: Negotiation, item: IssueAnalysis, console: Console) -> None:
    """An issue's verdict, its pairs, who has no position, and the sources' own word."""
    title = neg.issue_by_id[item.issue].title
    console.print(Text.assemble(_t(item.issue, "bold"), _t(f" ({title})", "dim"), ": ",
                                _t(phrases.issue_status(item, neg),
                                   STATUS_STYLE.get(item.status, ""))))
    for pair in item.pairs:
        console.print(Text.assemble("  ", _t(phrases.pair(neg, pair),
                                             STATUS_STYLE.get(pair.status, ""))))
    if item.silent and item.status != "aligned":
        console.print(Text.assemble("  ", _t(
            "no position yet: " + ", ".join(neg.party_name(p) for p in item.silent), "dim")))
    if item.reported is not None:
        rep = item.reported
        console.print(Text.assemble("  ", _t(
            f"reported by the source: {rep.reported.status} ({rep.source.date.isoformat()}, "
            f"{rep.source.path})", "dim")))
    if item.reported_stale is not None and item.stale_since is not None:
        rep = item.reported_stale
        console.print(Text.assemble("  ", _t(
            f"no longer current: the source's {rep.reported.status} "
            f"({rep.source.date.isoformat()}, {rep.source.path}); a position moved on "
            f"{item.stale_since.isoformat()}", "dim")))
    if item.contradiction:
        console.print(Text.assemble("  ", _t(f"! {item.contradiction}", "bold yellow")))


def _change(report: Report | Diff, change: Change) -> Text:
    arrow = phrases.ARROW.get(change.direction or "", "•")
    style = DIRECTION_STYLE.get(change.direction or "", "")
    return Text.assemble(_t(arrow, style), " ", _t(phrases.change(report.negotiation, change),
                                                   style))


def render_diff(diff: Diff, console: Console) -> None:
    neg = diff.negotiation
    console.print(Text.assemble(_t(f"{neg.title} ", "bold"), _t(f"({neg.id})", "dim")))
    _crossings(neg, diff.crossings, console)
    console.print(_t(f"From {diff.old_label} to {diff.new_label}: {len(diff.changes)} change(s)"))
    by_issue: dict[str, list[Change]] = {}
    for change in diff.changes:
        by_issue.setdefault(change.issue, []).append(change)
    for issue_id, changes in by_issue.items():
        console.print()
        issue = neg.issue_by_id[issue_id]
        console.print(Text.assemble(_t(issue.title, "bold"), " ", _t(f"({issue_id})", "dim")))
        for change in changes:
            console.print(Text.assemble("  ", _change(diff, change)))
            if change.kind == "summary":
                console.print(Text.assemble("    ", _words(change)))
    if not diff.changes:
        console.print(_t("No position changed.", "dim"))
    if diff.hidden:
        console.print()
        console.print(_t(f"{diff.hidden} reworded summaries and quote changes not shown "
                         "(--all lists them).", "dim"))
    if diff.status_changes:
        console.print()
        console.print(_t("Status", "bold underline"))
        for status in diff.status_changes:
            style = STATUS_STYLE.get(status.new, "")
            console.print(Text.assemble("  ", _t(phrases.status_change(status), style)))
    console.print()
    console.print(_t(LEGEND, "dim"))


def _words(change: Change) -> Text:
    text = Text()
    for op, words in change.words:
        if text:
            text.append(" ")
        if op == "-":
            text.append_text(_t(f"[-{words}-]", "red strike"))
        elif op == "+":
            text.append_text(_t(f"{{+{words}+}}", "green"))
        else:
            text.append_text(_t(words))
    return text


def render_timeline(timeline: Timeline, console: Console) -> None:
    neg = timeline.negotiation
    console.print(Text.assemble(_t(f"{neg.title} ", "bold"), _t(f"({neg.id})", "dim")))
    _crossings(neg, timeline.crossings, console)
    if not timeline.series:
        console.print(_t("No positions match.", "dim"))
    current = None
    for series in timeline.series:
        issue = neg.issue_by_id[series.issue]
        if series.issue != current:
            current = series.issue
            console.print()
            console.print(Text.assemble(_t(issue.title, "bold"), " ", _t(f"({issue.id})", "dim")))
            console.print(_t("  scale: " + " | ".join(p.label for p in issue.scale), "dim"))
        changed = "never changed" if series.changes == 0 else (
            f"changed {phrases.times(series.changes)}, last on {series.last_changed.isoformat()}")
        console.print(Text.assemble(
            "  ", _t(series.party, "bold"), ": ",
            _t(f"first seen {series.first_seen.isoformat()}, {changed}, stable for "
               f"{series.stable_days} day(s)" + (", withdrawn" if series.withdrawn else ""))))
        for point in series.points:
            bar = "".join("●" if p.id == point.stance else (
                "⟂" if p.id == point.red_line else "·") for p in issue.scale)
            mark = phrases.ARROW.get(point.direction or "", "+" if point.changed else " ")
            style = DIRECTION_STYLE.get(point.direction or "", "" if point.changed else "dim")
            label = issue.label(point.stance)
            if point.red_line:
                label += f" ⟂ {issue.label(point.red_line)}"
            if point.direction == "mixed":
                label += f" ({phrases.towards(neg, None, point.counterparts, point.direction)})"
            console.print(Text.assemble(
                "    ", _t(point.date.isoformat()), " ", _t(mark, style), " ", _t(bar, style),
                " ", _t(label, style)))
    if timeline.gaps:
        console.print()
        console.print(_t("Gaps between opposing stances, in steps (status)", "bold underline"))
    current = None
    for gaps in timeline.gaps:
        if gaps.issue != current:
            current = gaps.issue
            console.print(_t(gaps.issue, "bold"))
        steps = " → ".join(f"{p.gap} ({p.date.isoformat()}, {p.status})" for p in gaps.turns)
        console.print(Text.assemble("  ", _t(f"{gaps.a} × {gaps.b}: {gaps.trend}: {steps}",
                                             STATUS_STYLE.get(gaps.points[-1].status, ""))))
    if timeline.reports:
        console.print()
        console.print(_t("Reported by the sources", "bold underline"))
        for r in timeline.reports:
            console.print(Text.assemble("  ", _t(f"{r.issue}: {phrases.report_point(r)}",
                                                 "dim" if r.until else "")))
    console.print()
    console.print(_t("● stance  ⟂ red line  · other scale points  + first or changed  "
                     "↘ conceded  ↗ hardened  ↔ mixed", "dim"))
