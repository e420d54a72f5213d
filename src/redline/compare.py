"""The keyed semantic diff of two states: who moved, which way, and by how many steps.

Records are matched by (party, issue), never by list position, so reordering the
positions of a file or inserting one yields exactly the real changes. Matched records
that differ are compared field by field (with DeepDiff only where a value is nested);
the findings are translated into redline's own `Change` values, classified as (`vocabulary.ChangeKind`):

- `added`: a position the old state did not hold; `withdrawn`: one it held and the new
  state does not;
- `stance` and `red_line`: a move along the issue's scale, with the number of steps and
  its direction against each counterpart (`counterparts`): `conceded` (nearer that
  counterpart's stance), `hardened` (farther) or `moved` (neither). The change's own
  `direction` is the one word all counterparts agree on, `mixed` when they do not,
  `moved` without counterparts; a red line that appears or is withdrawn is `stated` or
  `dropped`;
- `summary`: reworded, with a word-level diff; `quote_added`, `quote_removed`.

Each counterpart's yardstick is its stances in both states together, the same either
way round, so diff(A, B) and diff(B, A) mirror each other. When the counterpart itself
moved between the two states, the steps toward it are not one number and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .analysis import Analysis
from .evidence import evidence_changes, unchanged, word_diff
from .fold import Held, State
from .model import Issue, Negotiation
from .redlines import Crossing
from .vocabulary import KIND_ORDER, MIRROR, MOVE_KINDS, CounterpartDirection, Direction

__all__ = [
    "KIND_ORDER",
    "MIRROR",
    "MOVE_KINDS",
    "Change",
    "Diff",
    "StatusChange",
    "Toward",
    "diff_states",
    "direction",
    "new_crossings",
    "stance_direction",
    "status_changes",
    "towards",
]


@dataclass(frozen=True)
class Toward:
    """How a move relates to one counterpart: conceded (nearer), hardened (farther) or moved."""

    party: str
    direction: CounterpartDirection
    steps: int | None  # how much nearer or farther; None when the counterpart moved too

    def to_json(self) -> dict[str, Any]:
        return {"party": self.party, "direction": self.direction, "steps": self.steps}


@dataclass(frozen=True)
class Change:
    """One classified change to one party's position on one issue."""

    party: str
    issue: str
    kind: str
    field: str
    old: str | None
    new: str | None
    steps: int | None = None
    direction: Direction | None = None
    words: tuple[tuple[str, str], ...] = ()
    path: str = ""
    line: int = 0
    date: date | None = None
    counterparts: tuple[Toward, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "party": self.party,
            "issue": self.issue,
            "kind": self.kind,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "steps": self.steps,
            "direction": self.direction,
            "counterparts": [t.to_json() for t in self.counterparts],
        }
        if self.words:
            data["words"] = [{"op": op, "text": text} for op, text in self.words]
        if self.path:
            data["source"] = {
                "path": self.path,
                "line": self.line,
                "date": self.date.isoformat() if self.date else None,
            }
        return data


@dataclass(frozen=True)
class StatusChange:
    """An issue's status as of the old and the new state."""

    issue: str
    old: str
    new: str
    event: str
    since: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "old": self.old,
            "new": self.new,
            "event": self.event,
            "since": self.since.isoformat() if self.since else None,
        }


@dataclass(frozen=True)
class Diff:
    """Everything that changed between two states of one negotiation."""

    negotiation: Negotiation
    old_label: str
    new_label: str
    changes: tuple[Change, ...]
    status_changes: tuple[StatusChange, ...] = ()
    hidden: int = 0  # evidence changes (rewordings, quotes) left out on request
    crossings: tuple[Crossing, ...] = ()  # red lines crossed in the new state, not in the old

    def moves_only(self) -> Diff:
        """The same diff without rewordings and quote changes, counting what it hides."""
        moves = tuple(c for c in self.changes if c.kind in MOVE_KINDS)
        return Diff(
            self.negotiation,
            self.old_label,
            self.new_label,
            moves,
            self.status_changes,
            self.hidden + len(self.changes) - len(moves),
            self.crossings,
        )

    @property
    def moved(self) -> bool:
        """Whether anything changed, including changes left out by `moves_only`."""
        return bool(self.changes) or self.hidden > 0 or any(s.old != s.new for s in self.status_changes)


def _yardsticks(
    negotiation: Negotiation, states: tuple[State, ...], party: str, issue: Issue
) -> dict[str, list[int]]:
    """Each counterpart's distinct stances in the states: the same yardstick either way round."""
    found: dict[str, list[int]] = {}
    for counterpart in negotiation.counterparts(party):
        for state in states:
            held = state.get(counterpart, issue.id)
            if held is not None and issue.index(held.stance) not in found.get(counterpart, []):
                found.setdefault(counterpart, []).append(issue.index(held.stance))
    return found


def towards(old: int, new: int, yardsticks: dict[str, list[int]]) -> tuple[Toward, ...]:
    """The move from `old` to `new` against each counterpart's stance(s)."""
    out = []
    for party, points in yardsticks.items():
        nearer = sum(abs(old - o) - abs(new - o) for o in points)
        way: CounterpartDirection = "conceded" if nearer > 0 else "hardened" if nearer < 0 else "moved"
        steps = abs(nearer) if len(points) == 1 else None
        out.append(Toward(party, way, steps))
    return tuple(out)


def direction(old: int, new: int, yardsticks: dict[str, list[int]] | list[int]) -> Direction:
    """One word for a move: what every counterpart agrees on, else mixed (moved: none)."""
    if isinstance(yardsticks, list):  # one anonymous counterpart per stance
        yardsticks = {str(i): [o] for i, o in enumerate(yardsticks)}
    ways = {t.direction for t in towards(old, new, yardsticks)}
    if not ways:
        return "moved"
    return next(iter(ways)) if len(ways) == 1 else "mixed"


def stance_direction(
    negotiation: Negotiation, party: str, issue: Issue, old: str, new: str, states: tuple[State, ...]
) -> Direction:
    """The direction of a stance move from `old` to `new`, measured as `diff_states` does."""
    return direction(issue.index(old), issue.index(new), _yardsticks(negotiation, states, party, issue))


def stance_towards(
    negotiation: Negotiation, party: str, issue: Issue, old: str, new: str, states: tuple[State, ...]
) -> tuple[Toward, ...]:
    """The per-counterpart directions of a stance move, measured as `diff_states` does."""
    return towards(issue.index(old), issue.index(new), _yardsticks(negotiation, states, party, issue))


def diff_states(
    negotiation: Negotiation,
    old: State,
    new: State,
    old_label: str = "",
    new_label: str = "",
    *,
    evidence: bool = True,
) -> Diff:
    """Compare two states of `negotiation`, matching records by party and issue.

    Without `evidence`, only moves (new, withdrawn, stance, red line) are looked for, and
    summaries and quotes are not compared at all.
    """
    changes: list[Change] = []
    keys = set(old.positions) | set(new.positions)
    for key in keys:
        before, after = old.positions.get(key), new.positions.get(key)
        if before is after:
            continue
        if before is not None and after is not None and unchanged(before, after, evidence):
            continue
        issue = negotiation.issue_by_id[key[1]]
        if before is None and after is not None:
            changes.append(_whole(after, "added"))
        elif after is None and before is not None:
            changes.append(_whole(before, "withdrawn"))
        elif before is not None and after is not None:
            changes.extend(_compare(negotiation, issue, before, after, (new, old), evidence))
    return Diff(negotiation, old_label, new_label, tuple(ordered(negotiation, changes)))


def ordered(negotiation: Negotiation, changes: list[Change]) -> list[Change]:
    """Changes in the negotiation's order of issues; within an issue, moves first, then
    rewordings and quotes, party by party (in the order the negotiation declares them)."""
    parties = {p.id: i for i, p in enumerate(negotiation.parties)}
    issues = {i.id: n for n, i in enumerate(negotiation.issues)}
    return sorted(
        changes,
        key=lambda c: (
            issues.get(c.issue, 0),
            c.kind not in MOVE_KINDS,
            parties.get(c.party, 0),
            KIND_ORDER.index(c.kind),
            c.old or "",
            c.new or "",
        ),
    )


def _whole(held: Held, kind: str) -> Change:
    old, new = (None, held.stance) if kind == "added" else (held.stance, None)
    return Change(
        held.party,
        held.issue,
        kind,
        "position",
        old,
        new,
        path=held.source.path,
        line=held.line,
        date=held.source.date,
    )


def _compare(
    negotiation: Negotiation,
    issue: Issue,
    before: Held,
    after: Held,
    states: tuple[State, ...],
    evidence: bool = True,
) -> list[Change]:
    # Stance and red line are points on the scale, compared as such; the evidence
    # (summary, quotes) goes to DeepDiff.
    changed_fields = {
        name
        for name, x, y in (
            ("stance", before.stance, after.stance),
            ("red_line", before.red_line, after.red_line),
        )
        if x != y
    }
    quotes_added: list[str] = []
    quotes_removed: list[str] = []
    if evidence:
        found, quotes_added, quotes_removed = evidence_changes(before, after)
        changed_fields |= found
    if not changed_fields and not quotes_added and not quotes_removed:
        return []
    path, line, when = after.source.path, after.line, after.source.date
    out = []
    yardsticks = _yardsticks(negotiation, states, after.party, issue)

    def change(
        kind: str,
        field: str,
        old: str | None,
        new: str | None,
        steps: int | None = None,
        way: Direction | None = None,
        words: tuple[tuple[str, str], ...] = (),
        toward: tuple[Toward, ...] = (),
    ) -> Change:
        return Change(
            after.party,
            issue.id,
            kind,
            field,
            old,
            new,
            steps,
            way,
            words,
            path=path,
            line=line,
            date=when,
            counterparts=toward,
        )

    for name, old_point, new_point in (
        ("stance", before.stance, after.stance),
        ("red_line", before.red_line, after.red_line),
    ):
        if name not in changed_fields:
            continue
        if old_point is None or new_point is None:
            out.append(
                change(name, name, old_point, new_point, None, "stated" if old_point is None else "dropped")
            )
            continue
        old_i, new_i = issue.index(old_point), issue.index(new_point)
        out.append(
            change(
                name,
                name,
                old_point,
                new_point,
                abs(new_i - old_i),
                direction(old_i, new_i, yardsticks),
                toward=towards(old_i, new_i, yardsticks),
            )
        )
    if "summary" in changed_fields:
        out.append(
            change(
                "summary",
                "summary",
                before.summary,
                after.summary,
                words=word_diff(before.summary, after.summary),
            )
        )
    out += [change("quote_added", "quotes", None, text) for text in sorted(quotes_added)]
    out += [change("quote_removed", "quotes", text, None) for text in sorted(quotes_removed)]
    return out


def new_crossings(old: Analysis, new: Analysis) -> tuple[Crossing, ...]:
    """The red lines crossed in `new` that `old` did not show crossed the same way."""
    seen = {(c.party, c.issue, c.stance, c.red_line) for c in old.crossings}
    return tuple(c for c in new.crossings if (c.party, c.issue, c.stance, c.red_line) not in seen)


def status_changes(old: Analysis, new: Analysis) -> tuple[StatusChange, ...]:
    """How each issue's status moved between two analyses of the same negotiation."""
    out = []
    for before, after in zip(old.issues, new.issues, strict=True):
        event = _event(before.status, after.status, before.deadlocked, after.deadlocked)
        since = (
            after.deadlocked_since
            if after.deadlocked
            else (after.stalled_since if after.stalled else after.agreed_since)
        )
        out.append(StatusChange(after.issue, before.status, after.status, event, since))
    return tuple(out)


def _event(old: str, new: str, was_deadlocked: bool, is_deadlocked: bool) -> str:
    if old == "agreed" and new != "agreed":
        return "reopened"
    if new == "agreed" and old != "agreed":
        return "agreed"
    if is_deadlocked and not was_deadlocked:
        return "entered deadlock"
    if was_deadlocked and not is_deadlocked:
        return "left deadlock"
    if is_deadlocked:
        return "still deadlocked"
    if old == new:
        return f"still {new}"
    return f"now {new}"
