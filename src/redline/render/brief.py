"""The briefing as GitHub-flavoured markdown: one page first, the annex after.

The main body fits one printed page: the bottom line (plain sentences, at most about
80 words, names and no ids), where each issue stands, what changed, what comes next.
After a divider, the annex: issue by issue, the other quotes, every event, the charts
and the sources, as GFM footnotes (`[^n]`) that GitHub and pandoc render as links,
numbered in the order a reader meets them.

Nothing from the data can change the document's structure: inline text goes through
`escape.markdown` (`escape.markdown_start` where it could begin a line), URLs through
`escape.url`, chart labels through `escape.mermaid_bare`. No raw HTML is written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TextIO

from ..briefing import Briefing, Crossed, Move
from . import brief_annex
from . import brief_words as w
from .brief_bottom import bottom_line
from .escape import markdown as md
from .markdown import table

NEXT_EVENTS = 4  # upcoming events on the first page; the annex lists them all
CHANGES_SHOWN = 8  # changes on the first page, most important first; the annex lists them all
Item = Callable[[w.Citer], str]  # a line of text, given the footnote numbering


def render_brief(briefing: Briefing, out: TextIO, chart_links: dict[str, str] | None = None) -> None:
    """Write the briefing; `chart_links` ({issue id: image path}) replaces Mermaid."""
    cite = w.Citer()
    changes = change_items(briefing)
    main = [
        _header(briefing),
        ["## Bottom line", "", bottom_line(briefing, cite)],
        _table(briefing) + _red_lines(briefing, cite),
        _changes(briefing, cite, changes),
        _next(briefing, cite),
    ]
    more = changes if len(changes) > CHANGES_SHOWN else []
    annex = brief_annex.sections(briefing, cite, chart_links, more)
    out.write("\n\n".join("\n".join(s) for s in [*main, ["---"], *annex] if s) + "\n")


def main_body(text: str) -> str:
    """The part of a rendered briefing before the annex's divider."""
    return text.split("\n\n---\n\n", 1)[0]


def _header(b: Briefing) -> list[str]:
    neg = b.negotiation
    used = b.report.snapshots
    line = (
        f"As of {w.day(b.as_of)}"
        + (f", with the changes since {w.day(b.since)}" if b.since else "")
        + f". Built from {used} source document{'s' if used != 1 else ''} public by then"
    )
    if b.held_back:
        line += (
            f"; {b.held_back} dated earlier but published later "
            f"{'is' if b.held_back == 1 else 'are'} left out"
        )
    return [w.heading(1, f"Briefing: {md(neg.title)}"), "", f"{line}."]


def _table(b: Briefing) -> list[str]:
    neg = b.negotiation
    state = b.report.analysis.state
    parties = [p for p in neg.parties if any(state.get(p.id, i.id) for i in neg.issues)]
    rows = []
    for item in b.report.analysis.issues:
        cells = [w.issue(neg, item.issue)]
        for p in parties:
            held = state.get(p.id, item.issue)
            if held is None:
                cells.append("—")
            elif held.red_line == held.stance:
                cells.append(f"{w.label(neg, item.issue, held.stance)} (red line)")
            elif held.red_line:
                cells.append(
                    f"{w.label(neg, item.issue, held.stance)} (red line: "
                    f"{w.label(neg, item.issue, held.red_line)})"
                )
            else:
                cells.append(w.label(neg, item.issue, held.stance))
        cells.append(w.status(b, item))
        rows.append(cells)
    return [
        "## Where each issue stands",
        "",
        *table(["Issue", *[md(p.name) for p in parties], "Status"], rows),
    ]


def _red_lines(b: Briefing, cite: w.Citer) -> list[str]:
    """Under the table, each deadlock's red lines in their own words: the quotes marked
    `supports: red_line` in the reports that stated them."""
    neg = b.negotiation
    lines = []
    for item in b.report.analysis.issues:
        if item.status != "deadlocked":
            continue
        quoted = [c for c in b.claims if c.held.issue == item.issue and c.red_line_quote]
        if not quoted:
            continue
        lines += ["", f"Red lines on {w.issue(neg, item.issue)}, in their own words:", ""]
        for c in quoted:
            q = c.red_line_quote
            assert q is not None
            lines.append(
                f"- {w.strong(neg.party_name(c.held.party))}: “{md(q.text)}” — "
                f"{md(q.speaker)}, {w.day(q.source.date)}{cite(q.source)}"
            )
    return lines


def change_items(b: Briefing) -> list[Item]:
    """Every change since `since`, most important first: statuses that changed, then moves
    (newest first), then first records and the statuses that began with them."""
    neg = b.negotiation
    analysis = b.report.analysis
    changed, began = [], []
    for s in b.status_changes:
        if s.old == s.new:
            continue
        item = analysis.issue(s.issue)
        if b.starts_with_data(s.issue, w.status_start(item)):
            text = f"{w.issue(neg, s.issue)}: now {w.status(b, item)}."
            began.append(partial(_fixed, text))
        else:
            text = f"{w.issue(neg, s.issue)}: now {w.status(b, item)} (was {md(s.old)})."
            changed.append(partial(_fixed, text))
    crossed = [
        partial(
            _with_sources, f"{w.day(c.crossing.date)}: {_crossing_line(b, c)}", (c.source, c.red_line_source)
        )
        for c in b.crossed
        if b.since is not None and c.crossing.date > b.since
    ]
    moves = [partial(_move_line, b, m) for m in b.moves if not m.first]
    return crossed + changed + moves + _first_records(b) + began


def _crossing_line(b: Briefing, c: Crossed) -> str:
    """'Russia crossed its own red line on X: its stance A lies beyond its red line B
    (stated 10 January 2022)'."""
    neg, x = b.negotiation, c.crossing
    stated = f" (stated {w.day(x.red_line_date)})" if x.red_line_date else ""
    return (
        f"{w.party(neg, x.party)} crossed its own red line on {w.issue(neg, x.issue)}: its "
        f"stance {w.label(neg, x.issue, x.stance)} lies beyond its red line "
        f"{w.label(neg, x.issue, x.red_line)}{stated}"
    )


def _fixed(text: str, cite: w.Citer) -> str:
    return text


def _move_line(b: Briefing, m: Move, cite: w.Citer) -> str:
    neg = b.negotiation
    return f"{w.day(m.date)}: {w.strong(neg.party_name(m.change.party))} {w.move(neg, m)}{cite(m.source)}"


def _changes(b: Briefing, cite: w.Citer, items: list[Item]) -> list[str]:
    if b.since is None:
        return [
            "## What changed",
            "",
            f"Nothing to compare with: {w.day(b.as_of)} is the first date in the data.",
        ]
    lines = [f"## What changed since {w.day(b.since)}", ""]
    lines += [f"- {item(cite)}" for item in items[:CHANGES_SHOWN]]
    if len(items) > CHANGES_SHOWN:
        lines.append(f"- and {len(items) - CHANGES_SHOWN} more, listed in the annex")
    if not items:
        lines.append(
            f"No party moved: every position reported since {w.day(b.since)} restated an earlier one."
        )
    return lines


def _first_records(b: Briefing) -> list[Item]:
    """First records, one line per date and party: not news, but new to the data."""
    neg = b.negotiation
    grouped: dict[tuple, list[Move]] = {}
    for m in b.moves:
        if m.first:
            grouped.setdefault((m.date, m.change.party), []).append(m)
    items: list[Item] = []
    order = {p.id: i for i, p in enumerate(neg.parties)}
    issues = [i.id for i in neg.issues]
    for (when, who), moves in sorted(
        grouped.items(), key=lambda kv: (-kv[0][0].toordinal(), order.get(kv[0][1], len(order)))
    ):
        moves.sort(key=lambda m: issues.index(m.change.issue) if m.change.issue in issues else 0)
        what = [
            f"{w.issue(neg, m.change.issue)}, "
            f"{'red line ' if m.change.kind == 'red_line' else ''}"
            f"{w.label(neg, m.change.issue, m.change.new)}"
            for m in moves
        ]
        text = f"{w.day(when)}, first recorded for {w.strong(neg.party_name(who))}: {'; '.join(what)}"
        items.append(partial(_with_sources, text, tuple(m.source for m in moves)))
    return items


def _with_sources(text: str, sources: tuple, cite: w.Citer) -> str:
    return text + cite(*sources)


def _next(b: Briefing, cite: w.Citer) -> list[str]:
    upcoming = b.upcoming
    if not upcoming:
        return ["## Next", "", f"The sources up to {w.day(b.as_of)} announce no event after it."]
    lines = ["## Next", ""]
    for e in upcoming[:NEXT_EVENTS]:
        lines.append(f"- {w.day(e.date)}: {md(e.title)}{cite(e.sources[0])}")
    if len(upcoming) > NEXT_EVENTS:
        lines.append(f"- and {len(upcoming) - NEXT_EVENTS} more, listed in the annex")
    return lines
