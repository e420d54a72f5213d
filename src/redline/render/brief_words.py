"""The small words of a briefing: dates, names, lists, statuses, moves and footnotes.

Every phrase is built from values of the briefing (names, labels, dates, counts) and
escaped for markdown here, so the sections only put them together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..analysis import IssueAnalysis
from ..briefing import Briefing, Move
from ..fold import SourceRef
from ..model import Negotiation
from ..redlines import Crossing
from .escape import markdown as md
from .escape import markdown_start as md_start

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day(d: date) -> str:
    """'10 January 2022'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def short_day(d: date, today: date) -> str:
    """'12 January', or '12 January 2023' in another year than `today`."""
    return f"{d.day} {MONTHS[d.month - 1]}" if d.year == today.year else day(d)


def possessive(neg: Negotiation, party_id: str) -> str:
    """ "Russia's", "United States'"."""
    name = party(neg, party_id)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def heading(level: int, text: str) -> str:
    """An ATX heading; a trailing '#' of the data is escaped, or it would close the heading."""
    if text.endswith("#"):
        text = text[:-1] + "\\#"
    return "#" * level + " " + text


def strong(text: str) -> str:
    """Bold text from the data, safe at the start of a list item ('—' when blank)."""
    inner = md_start(text)
    return f"**{inner}**" if inner else "—"


def and_(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def party(neg: Negotiation, party_id: str) -> str:
    return md(neg.party_name(party_id))


def issue(neg: Negotiation, issue_id: str) -> str:
    found = neg.issue_by_id.get(issue_id)
    return md(found.title if found else issue_id)


def label(neg: Negotiation, issue_id: str, point: str | None) -> str:
    return md(neg.issue_by_id[issue_id].label(point))


def dates(n: int) -> str:
    """'1 date', '3 dates': restatements count distinct dates."""
    return "1 date" if n == 1 else f"{n} dates"


def steps(n: int) -> str:
    return "1 step" if n == 1 else f"{n} steps"


def since(b: Briefing, issue_id: str, start: date | None) -> str:
    """'since the first record (10 January 2022)' or 'since 10 January 2022'."""
    if start is None:
        return ""
    if b.starts_with_data(issue_id, start):
        return f"since the first record ({day(start)})"
    return f"since {day(start)}"


STATUS_WORDS = {
    "deadlocked": "deadlocked",
    "stalled": "stalled",
    "converging": "converging",
    "diverging": "diverging",
    "open": "open, with a zone of possible agreement",
    "unclear": "open question: red lines not all known",
    "agreed": "agreed",
    "aligned": "aligned",
}


def status_start(item: IssueAnalysis) -> date | None:
    """The date an issue's present status began, where the analysis gives one."""
    return {
        "deadlocked": item.deadlocked_since,
        "stalled": item.stalled_since,
        "agreed": item.agreed_since,
    }.get(item.status)


def status(b: Briefing, item: IssueAnalysis) -> str:
    """'deadlocked since the first record (10 January 2022)', 'stalled, no position moved
    since 12 January 2022', for a table cell or a line. Every date is the issue's own."""
    neg = b.negotiation
    if item.status == "stalled" and item.stalled_since is not None:
        return f"stalled, no position moved since {day(item.stalled_since)}"
    if item.status == "aligned":
        silent = [party(neg, p) for p in item.silent]
        return (
            f"aligned: {and_([party(neg, p) for p in item.aligned])} coincide; "
            f"{and_(silent)} {'has' if len(silent) == 1 else 'have'} no position yet"
        )
    start = status_start(item)
    word = STATUS_WORDS.get(item.status, item.status)
    return f"{md(word)} {since(b, item.issue, start)}".strip()


def quiet(item: IssueAnalysis) -> str:
    """'No position on it moved since 12 January 2022 (restated on 3 dates).': the issue's
    `last_move` and `restatements` (distinct later dates), from the analysis."""
    if item.last_move is None:
        return ""
    again = f" (restated on {dates(item.restatements)})" if item.restatements else ""
    return f"No position on it moved since {day(item.last_move)}{again}."


def crossing(neg: Negotiation, c: Crossing) -> str:
    """'Russia crossed its own red line on NATO enlargement on 26 January 2022'."""
    return f"{party(neg, c.party)} crossed its own red line on {issue(neg, c.issue)} on {day(c.date)}"


def toward(neg: Negotiation, move: Move) -> str:
    """'conceded 1 step toward Russia, hardened 1 step away from NATO': the move's direction
    against each counterpart, as `compare` measured it (`Change.counterparts`), counterparts
    with the same word and steps named together. No steps where a counterpart moved too."""
    grouped: dict[tuple[str, int | None], list[str]] = {}
    for t in move.toward:
        grouped.setdefault((t.direction, t.steps), []).append(party(neg, t.party))
    parts = []
    for (word, n), names in grouped.items():
        way = "toward" if word == "conceded" else "away from"
        size = f" {steps(n)}" if n else ""
        parts.append(f"{word}{size} {way} {and_(names)}")
    return ", ".join(parts)


def move(neg: Negotiation, m: Move) -> str:
    """One move as a clause after the party's name: 'hardened 1 step away from X on Y (...)'."""
    c = m.change
    on = issue(neg, c.issue)
    old, new = label(neg, c.issue, c.old), label(neg, c.issue, c.new)
    if c.kind == "added":
        return f"took a position on {on} again: {new}"
    if c.kind == "withdrawn":
        return f"withdrew its position on {on} (was {old})"
    if c.direction == "stated":
        return f"stated a red line on {on} again: {new}"
    if c.direction == "dropped":
        return f"no longer states a red line on {on} (was {old})"
    what = "stance" if c.kind == "stance" else "red line"
    how = toward(neg, m) or f"moved its {what}"
    return f"{how} on {on} ({what}: {old} → {new})"


class Citer:
    """Footnote references numbered in the order a reader meets them: `[^1]`, `[^2]`..."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, *sources: SourceRef) -> str:
        ordered = sorted({s.path: s for s in sources}.values(), key=lambda s: (s.date, s.path))
        numbers = sorted(self.numbers.setdefault(s.path, len(self.numbers) + 1) for s in ordered)
        return "".join(f"[^{n}]" for n in numbers)
