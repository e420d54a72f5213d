"""redline's words for what it finds, each vocabulary in one place with its order and meaning.

Statuses, trends, verdicts, change kinds, directions, status events, warning codes and
review flags are `Literal` types: their values are plain strings, the very words of the
JSON contract (`schemas/output.schema.json`, checked against this module by a test; the
review flags against `docs/review.md`), so results stay
plain values that any renderer can compare and print. Next to each vocabulary: its
precedence where one applies, and what each word means (the legends come from here).
"""

from __future__ import annotations

from typing import Literal, get_args

# ---------------------------------------------------------------- statuses

PairStatus = Literal["agreed", "deadlocked", "stalled", "converging", "diverging", "open", "unclear"]
# One status per counterpart pair: the first that holds.
PAIR_PRECEDENCE: tuple[PairStatus, ...] = get_args(PairStatus)

IssueStatus = Literal[
    "agreed", "aligned", "deadlocked", "stalled", "diverging", "converging", "open", "unclear"
]
ISSUE_STATUSES: tuple[IssueStatus, ...] = get_args(IssueStatus)
# An issue that is neither agreed nor aligned takes the most serious status among its pairs.
ISSUE_SEVERITY: tuple[IssueStatus, ...] = (
    "deadlocked",
    "stalled",
    "diverging",
    "converging",
    "open",
    "unclear",
)

STATUS_WORDS: dict[str, str] = {
    "agreed": "every party but a mediator holds the same stance",
    "aligned": "those with a position coincide, others have none",
    "deadlocked": "red lines do not overlap",
    "stalled": "no move for a while",
    "diverging": "the gap widened",
    "converging": "the gap narrowed",
    "open": "a zone of possible agreement",
    "unclear": "red lines not known",
}

Trend = Literal["converging", "diverging", "static"]
TRENDS: tuple[Trend, ...] = get_args(Trend)

Verdict = Literal["zone", "deadlocked", "unclear"]  # what the red lines of a pair say
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

ReportedStatus = Literal["impasse", "no-progress", "progress", "agreed"]
REPORTED_STATUSES: tuple[ReportedStatus, ...] = get_args(ReportedStatus)
# What a source's own word on the talks says, against the computed statuses it contradicts.
REPORT_CONTRADICTS: dict[str, frozenset[str]] = {
    "impasse": frozenset({"agreed", "aligned", "open", "converging"}),
    "no-progress": frozenset({"agreed", "aligned", "converging"}),
    "progress": frozenset({"deadlocked", "stalled", "diverging"}),
    "agreed": frozenset({"deadlocked", "stalled", "diverging", "open", "unclear"}),
}

# ---------------------------------------------------------------- changes

ChangeKind = Literal["added", "withdrawn", "stance", "red_line", "summary", "quote_added", "quote_removed"]
KIND_ORDER: tuple[ChangeKind, ...] = get_args(ChangeKind)
MOVE_KINDS: tuple[ChangeKind, ...] = ("added", "withdrawn", "stance", "red_line")

# The direction of a stance or red-line move, measured against each counterpart.
Direction = Literal["conceded", "hardened", "mixed", "moved", "stated", "dropped"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
# Per counterpart, a move is one of these.
CounterpartDirection = Literal["conceded", "hardened", "moved"]
COUNTERPART_DIRECTIONS: tuple[CounterpartDirection, ...] = get_args(CounterpartDirection)

DIRECTION_WORDS: dict[str, str] = {
    "conceded": "toward the counterparts",
    "hardened": "away from them",
    "mixed": "not the same way for each",
    "moved": "no counterpart to measure against",
    "stated": "a red line stated",
    "dropped": "a red line withdrawn",
}
ARROW: dict[str, str] = {
    "conceded": "↘",
    "hardened": "↗",
    "mixed": "↔",
    "moved": "→",
    "stated": "+",
    "dropped": "−",
}
# A change seen the other way round (diff B A against diff A B).
MIRROR: dict[str, str] = {
    "added": "withdrawn",
    "withdrawn": "added",
    "conceded": "hardened",
    "hardened": "conceded",
    "stated": "dropped",
    "dropped": "stated",
    "quote_added": "quote_removed",
    "quote_removed": "quote_added",
}

# ---------------------------------------------------------------- status events

StatusEvent = Literal[
    "reopened", "agreed", "entered deadlock", "left deadlock", "still deadlocked", "still", "now"
]
# "still" and "now" are followed by the new status ("still stalled", "now open").
STATUS_EVENTS: tuple[StatusEvent, ...] = get_args(StatusEvent)

# ---------------------------------------------------------------- warnings

WarningCode = Literal[
    "same-date-conflict",
    "red-line-crossed",
    "red-line-unquoted",
    "summary-copied",
    "quote-copied",
    "quote-drops-negation",
    "quote-unverified",
    "schema-outdated",
    "comment-after-text",
]
WARNING_CODES: tuple[WarningCode, ...] = get_args(WarningCode)


# ---------------------------------------------------------------- review flags

# What `redline review` asks a reviewer to look at, most important first (the order of the
# flags in every format).
ReviewFlag = Literal[
    "history-removed", "scale-changed", "quote-edited", "unquoted-move", "future-date", "no-url"
]
FLAG_ORDER: tuple[ReviewFlag, ...] = get_args(ReviewFlag)
FLAG_WORDS: dict[str, str] = {
    "history-removed": "a snapshot deleted or renamed: its positions leave the history",
    "scale-changed": "a scale point inserted, removed or reordered: every step is measured anew",
    "quote-edited": "a quote's text changed in an existing snapshot: a possible misquote",
    "unquoted-move": "a stance or red line moved without a quote that supports it",
    "future-date": "a snapshot or its publication dated after today",
    "no-url": "a source without url: nobody can check it",
}


def legend() -> str:
    """The one-line legend the text renderers print under a report, diff or timeline."""
    arrows = ", ".join(f"{ARROW[d]} {d} ({DIRECTION_WORDS[d]})" for d in ("conceded", "hardened", "mixed"))
    statuses = ", ".join(f"{s} ({STATUS_WORDS[s]})" for s in ISSUE_STATUSES)
    return f"Legend: {arrows}, ⟂ red line; statuses: {statuses}."
