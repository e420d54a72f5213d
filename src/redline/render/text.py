"""Terminal renderers, with rich: colour that carries meaning, readable at any width.

The report's issues × parties matrix is shown where it fits without splitting a word;
narrower (and off a terminal, unless COLUMNS is set) it is stacked: one block per issue,
one line per party. No line cuts a word or an id in two (see `WordConsole`).

All text from the data goes through `escape.terminal` and into `rich.text.Text`
objects, never into markup strings, so a quote holding `[bold]` or an escape
sequence is printed literally. Colour is off when the output is not a terminal or
NO_COLOR is set (rich's own rules).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..analysis import IssueAnalysis
from ..compare import Change, Diff
from ..fold import Held
from ..model import Issue, Negotiation, Party
from ..redlines import Crossing
from ..views import Report, Timeline
from ..vocabulary import legend
from . import phrases
from .escape import terminal

if TYPE_CHECKING:
    from rich.table import Table

STATUS_STYLE = {
    "agreed": "bold green",
    "aligned": "green",
    "deadlocked": "bold red",
    "stalled": "yellow",
    "converging": "cyan",
    "diverging": "magenta",
    "open": "green",
    "unclear": "dim",
}
DIRECTION_STYLE = {
    "conceded": "green",
    "hardened": "red",
    "mixed": "magenta",
    "moved": "blue",
    "stated": "yellow",
    "dropped": "yellow",
}
LEGEND = legend()
CROSSING_STYLE = "bold red"


def make_console(out: TextIO, width: int | None = None) -> Console:
    return WordConsole(file=out, width=width, highlight=False, markup=False, emoji=False, soft_wrap=False)


def console_like(model: Console, out: TextIO) -> Console:
    """A console writing to `out` exactly as `model` would show it (width, colours)."""
    return WordConsole(
        file=out,
        width=model.width,
        color_system=model.color_system,  # type: ignore[arg-type]
        force_terminal=model.is_terminal,
        no_color=model.no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


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
    span = (
        f"{report.snapshots} snapshots, {report.first.isoformat()} to {report.last.isoformat()}"
        if report.first and report.last
        else "no snapshots"
    )
    console.print(_t(f"As of {as_of.isoformat() if as_of else '-'} · {span}"))
    console.print()
    parties = [p for p in neg.parties if any(analysis.state.get(p.id, i.id) for i in neg.issues)]
    table = _matrix(report, parties)
    if matrix_allowed(console) and _fit_columns(table, console.width):
        console.print(table)
        console.print()
        console.print(_t("Cells: stance, ⟂ red line, and the date since which both have held.", "dim"))
    else:
        _stacked(report, parties, console)
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
        console.print(
            _t(
                f"warning: snapshots of {conflict.date.isoformat()} disagree on {conflict.party}'s "
                f"{conflict.what} on {conflict.issue}: "
                + "; ".join(f"{p}:{n} says {v}" for p, n, v in conflict.reports),
                "yellow",
            )
        )
    console.print()
    console.print(_t(LEGEND, "dim"))


def _issue_lines(neg: Negotiation, item: IssueAnalysis, console: Console) -> None:
    """An issue's verdict, its pairs, who has no position, and the sources' own word."""
    title = neg.issue_by_id[item.issue].title
    console.print(
        Text.assemble(
            _t(item.issue, "bold"),
            _t(f" ({title})", "dim"),
            ": ",
            _t(phrases.issue_status(item, neg), STATUS_STYLE.get(item.status, "")),
        )
    )
    for pair in item.pairs:
        console.print(Text.assemble("  ", _t(phrases.pair(neg, pair), STATUS_STYLE.get(pair.status, ""))))
    if item.silent and item.status != "aligned":
        console.print(
            Text.assemble(
                "  ", _t("no position yet: " + ", ".join(neg.party_name(p) for p in item.silent), "dim")
            )
        )
    if item.reported is not None:
        rep = item.reported
        console.print(
            Text.assemble(
                "  ",
                _t(
                    f"reported by the source: {rep.reported.status} ({rep.source.date.isoformat()}, "
                    f"{rep.source.path})",
                    "dim",
                ),
            )
        )
    if item.reported_stale is not None and item.stale_since is not None:
        rep = item.reported_stale
        console.print(
            Text.assemble(
                "  ",
                _t(
                    f"no longer current: the source's {rep.reported.status} "
                    f"({rep.source.date.isoformat()}, {rep.source.path}); a position moved on "
                    f"{item.stale_since.isoformat()}",
                    "dim",
                ),
            )
        )
    if item.contradiction:
        console.print(Text.assemble("  ", _t(f"! {item.contradiction}", "bold yellow")))


def matrix_allowed(console: Console) -> bool:
    """The matrix is for terminals, and for other output when COLUMNS gives its width: a log
    or a pipe is read at any width, so it gets the stacked layout, which fits them all."""
    return console.is_terminal or bool(os.environ.get("COLUMNS"))


def _status_parts(item: IssueAnalysis, stacked: bool) -> list[Text]:
    parts = [_status(item)]
    since = item.deadlocked_since if item.deadlocked else (item.stalled_since if item.stalled else None)
    if since:
        parts.append(_t(f"since {since.isoformat()}" if stacked else since.isoformat(), "dim"))
    if item.deadlocked and item.stalled:
        parts.append(_t("+ stalled", STATUS_STYLE["stalled"]))
    return parts


def _cell_parts(issue: Issue, held: Held | None, stacked: bool) -> list[Text]:
    if held is None:
        return [_t("—", "dim")]
    parts = [_t(issue.label(held.stance))]
    since = _t(f"(since {held.since.isoformat()})" if stacked else held.since.isoformat(), "dim")
    if stacked:
        parts.append(since)
    if held.red_line:
        parts.append(Text.assemble("⟂ ", _t(issue.label(held.red_line), "italic")))
    if not stacked:
        parts.append(since)
    return parts


def _matrix(report: Report, parties: list[Party]) -> Table:
    """Issues x parties: status, and each party's stance, red line and since, in cells."""
    from rich import box
    from rich.table import Table  # only the report draws a table: diff and timeline start faster

    neg, analysis = report.negotiation, report.analysis
    table = Table(show_lines=True, expand=False, box=box.ROUNDED)
    table.add_column("Issue", no_wrap=True)
    table.add_column("Status", overflow="fold")
    for party in parties:
        table.add_column(terminal(party.id), overflow="fold")
    for item in analysis.issues:
        issue = neg.issue_by_id[item.issue]
        cells = [_t(issue.id, "bold"), Text("\n").join(_status_parts(item, False))]
        cells += [
            Text("\n").join(_cell_parts(issue, analysis.state.get(p.id, item.issue), False)) for p in parties
        ]
        table.add_row(*cells)
    return table


def _fit_columns(table: Table, width: int) -> bool:
    """Give each column of `table` a width that splits no word, within `width` if it can be.

    A column is at least as wide as its longest word (or its whole text, for a column that
    does not wrap); the room left goes, a cell at a time, to the column that has the
    smallest share of its longest line. False, leaving the table untouched, when even that does not fit.
    """
    columns = table.columns
    room = width - (len(columns) + 1) - 2 * len(columns)  # borders, and a space either side
    least, most = [], []
    for column in columns:
        lines = [line for text in (column.header, *column.cells) for line in str(text).split("\n")]
        words = lines if column.no_wrap else [w for line in lines for w in line.split()]
        least.append(max((cell_len(w) for w in words), default=1))
        most.append(max((cell_len(line) for line in lines), default=1))
    if sum(least) > room:
        return False
    widths = list(least)
    spare = room - sum(widths)
    while spare > 0 and any(w < m for w, m in zip(widths, most, strict=True)):
        wanting = min(
            (i for i in range(len(widths)) if widths[i] < most[i]), key=lambda i: widths[i] / most[i]
        )
        widths[wanting] += 1
        spare -= 1
    for column, size in zip(columns, widths, strict=True):
        column.width = size
    return True


def _stacked(report: Report, parties: list[Party], console: Console) -> None:
    """One block per issue (its status), one line per party: fits any width, splits no word."""
    neg, analysis = report.negotiation, report.analysis
    indent = 2 + max((cell_len(terminal(p.id)) for p in parties), default=0) + 2
    for item in analysis.issues:
        issue = neg.issue_by_id[item.issue]
        console.print(Text.assemble(_t(issue.id, "bold"), ": ", Text(" ").join(_status_parts(item, True))))
        for party in parties:
            head = Text.assemble("  ", _t(party.id, "bold"))
            head.pad_right(indent - head.cell_len)
            body = Text(" ").join(_cell_parts(issue, analysis.state.get(party.id, item.issue), True))
            for n, line in enumerate(wrap_words(body, max(console.width - indent, 1))):
                console.print(Text.assemble(head if n == 0 else " " * indent, line))
        console.print()
    console.print(
        _t(
            "Each issue: its status; each party: stance (since when stance and red line have "
            "held), ⟂ red line.",
            "dim",
        )
    )


def wrap_words(text: Text, width: int, hang: int = 0) -> list[Text]:
    """`text` (one line) in lines of at most `width` cells, broken at spaces only: a word
    longer than the line (a file path, an id) stays whole and runs past it. Lines after
    the first are indented by `hang` cells, or as many as leave them within `width`."""
    plain = text.plain
    breaks: list[int] = []
    start = 0
    for word in re.finditer(r"\S+", plain):
        room = width - (hang if breaks else 0)
        if plain[start : word.start()].strip() and cell_len(plain[start : word.end()]) > room:
            breaks.append(word.start())
            start = word.start()
    lines = list(text.divide(breaks))
    for n, line in enumerate(lines):
        line.rstrip()
        if n:  # a word that fits the line but not the indentation takes less of it
            lines[n] = Text.assemble(" " * min(hang, max(0, width - line.cell_len)), line)
    return lines


class WordConsole(Console):
    """A rich console that never cuts a word or an id in two, and indents wrapped lines.

    rich folds a word longer than the line (a long file path in a narrow terminal) and
    starts a wrapped line at the left edge; here a line too long for the terminal is
    broken at spaces only, a longer word runs past the edge whole, and the lines after
    the first hang two cells further in than the line's own indentation. A console with
    `soft_wrap` set (one finding per line, for logs) leaves lines whole.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:
        line = objects[0] if len(objects) == 1 else None
        if (
            isinstance(line, Text)
            and not kwargs
            and not self.soft_wrap
            and "\n" not in line.plain
            and line.cell_len > self.width
        ):
            lead = len(line.plain) - len(line.plain.lstrip(" "))
            for part in wrap_words(line, self.width, min(lead + 2, self.width // 2)):
                super().print(part, crop=False, no_wrap=True, overflow="ignore")
            return
        super().print(*objects, **kwargs)


def _change(report: Report | Diff, change: Change) -> Text:
    arrow = phrases.ARROW.get(change.direction or "", "•")
    style = DIRECTION_STYLE.get(change.direction or "", "")
    return Text.assemble(_t(arrow, style), " ", _t(phrases.change(report.negotiation, change), style))


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
        console.print(
            _t(f"{diff.hidden} reworded summaries and quote changes not shown (--all lists them).", "dim")
        )
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
        changed = (
            "never changed"
            if series.changes == 0
            else (f"changed {phrases.times(series.changes)}, last on {series.last_changed.isoformat()}")
        )
        console.print(
            Text.assemble(
                "  ",
                _t(series.party, "bold"),
                ": ",
                _t(
                    f"first seen {series.first_seen.isoformat()}, {changed}, stable for "
                    f"{series.stable_days} day(s)" + (", withdrawn" if series.withdrawn else "")
                ),
            )
        )
        for point in series.points:
            bar = "".join(
                "●" if p.id == point.stance else ("⟂" if p.id == point.red_line else "·") for p in issue.scale
            )
            mark = phrases.ARROW.get(point.direction or "", "+" if point.changed else " ")
            style = DIRECTION_STYLE.get(point.direction or "", "" if point.changed else "dim")
            label = issue.label(point.stance)
            if point.red_line:
                label += f" ⟂ {issue.label(point.red_line)}"
            if point.direction == "mixed":
                label += f" ({phrases.towards(neg, None, point.counterparts, point.direction)})"
            console.print(
                Text.assemble(
                    "    ",
                    _t(point.date.isoformat()),
                    " ",
                    _t(mark, style),
                    " ",
                    _t(bar, style),
                    " ",
                    _t(label, style),
                )
            )
    if timeline.gaps:
        console.print()
        console.print(_t("Gaps between opposing stances, in steps (status)", "bold underline"))
    current = None
    for gaps in timeline.gaps:
        if gaps.issue != current:
            current = gaps.issue
            console.print(_t(gaps.issue, "bold"))
        steps = " → ".join(f"{p.gap} ({p.date.isoformat()}, {p.status})" for p in gaps.turns)
        console.print(
            Text.assemble(
                "  ",
                _t(
                    f"{gaps.a} × {gaps.b}: {gaps.trend}: {steps}",
                    STATUS_STYLE.get(gaps.points[-1].status, ""),
                ),
            )
        )
    if timeline.reports:
        console.print()
        console.print(_t("Reported by the sources", "bold underline"))
        for r in timeline.reports:
            console.print(
                Text.assemble("  ", _t(f"{r.issue}: {phrases.report_point(r)}", "dim" if r.until else ""))
            )
    console.print()
    console.print(
        _t(
            "● stance  ⟂ red line  · other scale points  + first or changed  ↘ conceded  ↗ hardened  ↔ mixed",
            "dim",
        )
    )
