"""The words of `redline review`, as plain text: each renderer escapes them for its medium.

The first line (`summary_line`), and one phrase per kind of finding: a change in a file,
a position of a new snapshot, an effect on the folded state, a status change.
"""

from __future__ import annotations

from ..compare import Change, StatusChange
from ..model import Negotiation, Quote
from ..redlines import Crossing
from ..review import Effect, FileChange, NegotiationReview, Review, Stated
from . import phrases

STATUS_MARK = {"added": "A", "modified": "M", "deleted": "D", "renamed": "R"}
EVENT = {
    "entered deadlock": "enters deadlock",
    "left deadlock": "leaves deadlock",
    "reopened": "is reopened",
    "agreed": "is agreed",
}


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# Name each move in the first line up to this many; beyond, count them by direction.
FIRST_LINE_MOVES = 3


def move_words(c: Change) -> str:
    """One move in the folded state, in ids: 'north's stance on border a → b (conceded)'."""
    if c.kind == "added":
        return f"{c.party}'s new position on {c.issue}: {c.new}"
    if c.kind == "withdrawn":  # a withdrawal, or the snapshot that held it deleted
        return f"{c.party} no longer holds a position on {c.issue} (was {c.old})"
    what = "stance" if c.kind == "stance" else "red line"
    if c.old is None or c.new is None:
        # between two histories: a red line held in one only (stated, withdrawn, or the
        # snapshot that stated or withdrew it added, edited or deleted)
        return f"{c.party}'s {what} on {c.issue} {c.old or 'none'} → {c.new or 'none'}"
    return f"{c.party}'s {what} on {c.issue} {c.old} → {c.new} ({_way(c)})"


def _way(c: Change) -> str:
    """A move's direction in a word, or per counterpart where they differ."""
    return phrases.towards(None, c) if c.direction == "mixed" else (c.direction or "moved")


# How the first line counts moves that have no direction along the scale.
WAYS = {"added": "new", "withdrawn": "no longer held"}
RED_LINE_WAYS = {"stated": "new red line", "dropped": "red line no longer held"}


def _moves_part(review: Review) -> str:
    moves = review.moves
    several = len(review.negotiations) > 1
    if not moves:
        return "no position moves"
    if len(moves) <= FIRST_LINE_MOVES:
        return ", ".join((f"{neg.id}: " if several else "") + move_words(c) for neg, c in moves)
    ways: dict[str, int] = {}
    for _, c in moves:
        way = WAYS.get(c.kind) or RED_LINE_WAYS.get(c.direction or "") or c.direction or "moved"
        ways[way] = ways.get(way, 0) + 1
    return f"{plural(len(moves), 'move')} (" + ", ".join(f"{n} {w}" for w, n in ways.items()) + ")"


def _status_part(review: Review) -> str:
    today = [(neg, s) for neg in review.negotiations if neg.today for s in neg.today.status_changes]
    if not today:
        dated = {
            (neg.id, s.issue, s.event)
            for neg in review.negotiations
            for e in neg.effects
            for s in e.status_changes
        }
        return "no status change today" + (f" ({len(dated)} at earlier dates)" if dated else "")
    if len(today) > FIRST_LINE_MOVES:
        return f"{plural(len(today), 'status change')} today"
    several = len(review.negotiations) > 1
    return "today " + ", ".join((f"{neg.id}: " if several else "") + status_words(s) for neg, s in today)


def crossing_words(c: Crossing) -> str:
    """'south crossed its own red line on border on 2022-01-25 (stance b beyond red line c)'."""
    return (
        f"{c.party} crossed its own red line on {c.issue} on {c.date.isoformat()} "
        f"(stance {c.stance} beyond red line {c.red_line})"
    )


def status_words(s: StatusChange) -> str:
    event = EVENT.get(s.event) or (f"is now {s.new}" if s.event.startswith("now ") else s.event)
    return f"{s.issue} {event} ({s.old} → {s.new})"


def summary_line(review: Review) -> str:
    """The one line that says it all: the moves, today's status changes, restatements,
    problems, flags."""
    s = review.summary
    if not s.files:
        return f"no change to the positions under {review.root}"
    unfolded = [neg.id for neg in review.negotiations if neg.note]
    if len(review.negotiations) == 1 and unfolded:
        # nothing was folded: no sentence about moves or statuses would be true
        why = review.negotiations[0].note.removeprefix("effects not computed: ")
        parts = [f"moves and statuses not computed: {why}"]
    elif unfolded and len(unfolded) == len(review.negotiations):
        parts = ["moves and statuses not computed (see each negotiation)"]
    else:
        parts = [_moves_part(review), _status_part(review)]
        crossings = [(neg, c) for neg in review.negotiations for c in neg.crossings]
        if crossings:
            several = len(review.negotiations) > 1
            parts.append(
                ", ".join((f"{neg.id}: " if several else "") + crossing_words(c) for neg, c in crossings)
            )
        if unfolded:
            parts.append(f"not computed for {', '.join(unfolded)}")
    if s.restatements:
        parts.append(plural(s.restatements, "restatement"))
    if s.errors or s.warnings:
        parts.append(f"{plural(s.errors, 'validation error')}, {plural(s.warnings, 'warning')}")
    else:
        parts.append("no validation problems")
    parts.append(plural(s.flags, "review flag") if s.flags else "no review flags")
    return "; ".join(parts)


def context_line(review: Review) -> str:
    base = review.base
    return (
        f"base {base.short} ({base.label}) → head {review.head.short}"
        + (f" ({review.head.label})" if review.head.commit else "")
        + f"; positions under {review.root}"
    )


ANCESTRY = (
    "the base is not an ancestor of the head: what changed on the base's side since "
    "they diverged shows up here reversed"
)


def _label(neg: Negotiation | None, issue: str, point: str | None) -> str:
    found = neg.issue_by_id.get(issue) if neg else None
    return found.label(point) if found else (point or "")


def _point(neg: Negotiation | None, issue: str, point: str | None) -> str:
    return f"{point} ({_label(neg, issue, point)})" if point else "none"


def left_out(c: Change) -> bool:
    """A red line a file no longer addresses, or a withdrawal taken out of it: no move."""
    return c.kind == "red_line" and c.new is None and c.direction is None


def change_phrase(neg: Negotiation | None, c: Change) -> str:
    """One change to a file's positions, with scale ids (as in the YAML) and labels."""
    if c.kind == "added":
        return f"{c.party} on {c.issue}: new position, stance {_point(neg, c.issue, c.new)}"
    if c.kind == "withdrawn":
        return f"{c.party} on {c.issue}: withdrawn (was {_point(neg, c.issue, c.old)})"
    if c.kind == "removed":
        return (
            f"{c.party} on {c.issue}: position removed from this snapshot (was {_point(neg, c.issue, c.old)})"
        )
    if c.kind in ("stance", "red_line"):
        what = "stance" if c.kind == "stance" else "red line"
        if c.direction == "stated":
            return f"{c.party} on {c.issue}: red line stated: {_point(neg, c.issue, c.new)}"
        if c.direction == "dropped":
            was = f", was {_point(neg, c.issue, c.old)}" if c.old else ""
            return f"{c.party} on {c.issue}: red line withdrawn (red_line: null{was})"
        if left_out(c):
            if c.old is None:
                return (
                    f"{c.party} on {c.issue}: withdrawal of the red line taken out (red_line: null removed)"
                )
            return (
                f"{c.party} on {c.issue}: red line left out (was "
                f"{_point(neg, c.issue, c.old)}): not addressed here, not withdrawn"
            )
        return (
            f"{c.party}'s {what} on {c.issue}: {c.old} → {c.new} "
            f"({_label(neg, c.issue, c.old)} → {_label(neg, c.issue, c.new)}), "
            f"{phrases.towards(neg, c)}"
        )
    return phrases.evidence_change(c)


def stated_phrase(s: Stated) -> str:
    """One position of an added snapshot: what it restates, or how it moves the state."""
    head = f"{s.party} on {s.issue}: "
    if s.withdrawn:
        return head + "withdrawn"
    if s.restates:
        return head + f"restates {s.stance}" + (f", red line {s.red_line}" if s.red_line else "")
    moves = []
    for c in s.moves:
        what = {"stance": "stance ", "red_line": "red line "}.get(c.kind, "")
        if c.kind == "added":
            moves.append(f"new position {c.new}" + (f", red line {s.red_line}" if s.red_line else ""))
        elif c.old is None:
            moves.append(f"{what}stated: {c.new}")
        elif c.new is None:
            gone = "withdrawn" if s.red_line_withdrawn else "no longer held"
            moves.append(f"{what}{gone} (was {c.old})")
        else:
            moves.append(f"{what}{c.old} → {c.new} ({_way(c)})")
    return head + "moves " + ", ".join(moves)


def today_effect(neg: NegotiationReview) -> Effect | None:
    """How the latest state differs, when the dated effects do not already end with it."""
    today = neg.today
    if today is None or not (today.changes or today.status_changes):
        return None
    last = neg.effects[-1] if neg.effects else None
    if (
        last is not None
        and last.date == today.date
        and set(today.changes) <= set(last.changes)
        and set(today.status_changes) <= set(last.status_changes)
    ):
        return None
    return today


def stated_arrow(s: Stated) -> str:
    directions = {c.direction for c in s.moves if c.direction}
    return phrases.ARROW.get(directions.pop(), "•") if len(directions) == 1 else "•"


def quote_words(q: Quote) -> str:
    """A quote of a new snapshot, marked when it is the evidence for the red line."""
    mark = " (supports the red line)" if q.supports == "red_line" else ""
    return f"{q.speaker}: “{q.text}”{mark}"


def source_words(fc: FileChange) -> str:
    return f"source: {fc.source.title}" if fc.source else "source: none"


def where(path: str, line: int) -> str:
    return f"{path}:{line}" if line else path


def change_where(c: Change) -> str:
    return ("was at " if c.kind == "removed" else "at ") + where(c.path, c.line)


def effect_phrase(neg: Negotiation | None, when: str, c: Change) -> str:
    """'as of 2022-01-26, russia's red line on x moves from A to B: conceded 1 step toward us'."""
    head = f"as of {when}, "
    if c.kind == "added":
        return head + f"{c.party} holds a new position on {c.issue}: {_label(neg, c.issue, c.new)}"
    if c.kind == "withdrawn":
        return head + (
            f"{c.party} no longer holds a position on {c.issue} (was {_label(neg, c.issue, c.old)})"
        )
    what = "stance" if c.kind == "stance" else "red line"
    # A red line held in one history only: said without naming a cause, which may be a
    # statement or a withdrawal as much as a snapshot added, edited or deleted.
    if c.new is not None and c.old is None:
        return head + (
            f"{c.party} holds a red line on {c.issue}: {_label(neg, c.issue, c.new)} "
            "(none before this change)"
        )
    if c.new is None:
        return head + (
            f"{c.party} holds no red line on {c.issue} ({_label(neg, c.issue, c.old)} before this change)"
        )
    way = phrases.towards(neg, c)
    return head + (
        f"{c.party}'s {what} on {c.issue} moves from {_label(neg, c.issue, c.old)} "
        f"to {_label(neg, c.issue, c.new)}: {way}"
    )


def step_words(c: Change | None) -> str:
    """What one snapshot did to a position: 'a restatement', 'a move of its stance a → b
    (hardened)'..."""
    if c is None:
        return "a restatement"
    if c.kind == "added":
        return f"a new position {c.new}"
    if c.kind == "withdrawn":
        return "a withdrawal"
    what = "stance" if c.kind == "stance" else "red line"
    if c.old is None:
        return f"its {what} stated: {c.new}"
    if c.new is None:
        return f"its {what} withdrawn (was {c.old})"
    return f"a move of its {what} {c.old} → {c.new} ({_way(c)})"


def retold_phrase(when: str, before: Change | None, after: Change | None) -> str:
    """A later snapshot that now means something else: 'as of 2022-12-10 (ripple), north on
    border: a restatement before this change, a move of its stance c → d (hardened) now'."""
    c = after or before
    assert c is not None
    return (
        f"as of {when}, {c.party} on {c.issue}: {step_words(before)} before this change, "
        f"{step_words(after)} now"
    )


def status_phrase(when: str, s: StatusChange) -> str:
    return f"as of {when}, {status_words(s)}"


def redated(fc: FileChange) -> str:
    assert fc.old_date is not None and fc.date is not None
    return f"date {fc.old_date.isoformat()} → {fc.date.isoformat()}"


def negotiation_counts(neg: NegotiationReview) -> str:
    moves = sum(
        1 for f in neg.files for c in f.changes if c.kind in ("stance", "red_line") and not left_out(c)
    )
    shifts = sum(len(e.changes) for e in neg.effects)
    return (
        f"{plural(len(neg.files), 'file')}, {plural(moves, 'move')} in the files, "
        f"{plural(shifts, 'shift')} in the folded state"
    )
