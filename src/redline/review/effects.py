"""The effect of a change on the folded state: both sides folded, compared by date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..analysis import analyse
from ..compare import MOVE_KINDS, Change, diff_states, stance_direction, status_changes
from ..fold import Key, State, history
from ..model import Negotiation, Snapshot
from .changes import fit_snapshots
from .model import DEADLOCK_EVENTS, Effect


def _states_at(snapshots: list[Snapshot], dates: list[date]) -> dict[date, tuple[State,
                                                                                  frozenset[Key]]]:
    """The folded state as of each date, and the keys that date's snapshots report."""
    found: dict[date, tuple[State, frozenset[Key]]] = {}
    pending = sorted(dates)
    state = State(None)
    for day in history(snapshots):
        while pending and pending[0] < day.date:
            found[pending.pop(0)] = (state, frozenset())
        if pending and pending[0] == day.date:
            found[pending.pop(0)] = (day.state, day.touched)
        state = day.state
    for when in pending:
        found[when] = (state, frozenset())
    return found


@dataclass(frozen=True)
class Folded:
    """The folded states of both sides as of each affected date, with the keys reported then."""

    negotiation: Negotiation
    base: list[Snapshot]
    head: list[Snapshot]
    old_at: dict[date, tuple[State, frozenset[Key]]]
    new_at: dict[date, tuple[State, frozenset[Key]]]

    @classmethod
    def of(cls, negotiation: Negotiation, base: list[Snapshot], head: list[Snapshot],
           dates: Iterable[date], refit: bool = False) -> Folded:
        """`refit` drops the base's positions the (changed) negotiation cannot place; the
        head's were checked against it."""
        if refit:
            base = fit_snapshots(negotiation, base)
        wanted = sorted(set(dates))
        return cls(negotiation, base, head, _states_at(base, wanted), _states_at(head, wanted))

    def redirect(self, changes: tuple[Change, ...], when: date | None) -> tuple[Change, ...]:
        """Measure the direction of a file's moves against the folded states at its date,
        not against the other stances of that one file."""
        if when not in self.old_at:
            return changes
        states = (self.old_at[when][0], self.new_at[when][0])
        out = []
        for c in changes:
            if c.kind in ("stance", "red_line") and c.old and c.new:
                issue = self.negotiation.issue_by_id[c.issue]
                c = replace(c, direction=stance_direction(self.negotiation, c.party, issue,
                                                          c.old, c.new, states))
            out.append(c)
        return tuple(out)

    def effects(self) -> tuple[Effect, ...]:
        """The moves in the folded state, and the status changes, at each affected date."""
        out = []
        for when in sorted(self.old_at):
            (old, t_old), (new, t_new) = self.old_at[when], self.new_at[when]
            touched = t_old | t_new
            if not touched:
                continue
            diff = diff_states(self.negotiation, old, new)
            moves = tuple(c for c in diff.changes
                          if c.kind in MOVE_KINDS and (c.party, c.issue) in touched)
            issues = {issue for _, issue in touched}
            statuses = tuple(
                s for s in status_changes(analyse(self.negotiation, self.base, when),
                                          analyse(self.negotiation, self.head, when))
                if s.issue in issues and (s.old != s.new or s.event in DEADLOCK_EVENTS))
            if moves or statuses:
                out.append(Effect(when, moves, statuses))
        return tuple(out)

