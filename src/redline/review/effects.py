"""The effect of a change on the folded state: both sides folded, compared by date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from ..analysis import Analysis, analyse
from ..compare import (
    MOVE_KINDS,
    Change,
    StatusChange,
    diff_states,
    new_crossings,
    stance_direction,
    stance_towards,
    status_changes,
)
from ..fold import Day, Key, State
from ..model import Negotiation, Snapshot
from ..problems import Problem
from ..redlines import Crossing, day_crossings
from ..walk import Prefix, analyses_since
from .changes import fit_snapshots
from .model import DEADLOCK_EVENTS, Effect

At = dict[date, tuple[State, frozenset[Key]]]


class _Walk:
    """One side's history walked to each date asked for, in order: the folded state as of
    each date with the keys that date's snapshots report, its analysis, and the state the
    day before. A `prefix` (dated before every date asked for) stands for the snapshots it
    folded."""

    def __init__(
        self, negotiation: Negotiation, snapshots: list[Snapshot], start: date | None, prefix: Prefix | None
    ):
        self.at: At = {}
        self.analysed: dict[date, Analysis] = {}
        self.before: At = {}
        self.state, self.latest = State(None), analyse(negotiation, [], None)
        if prefix is not None and prefix.end is not None:
            self.state, self.latest = prefix.state, prefix.analysis
            snapshots = [s for s in snapshots if s.date > prefix.end]
        else:
            prefix = None
        # Dates before the first one asked for are folded, not analysed (their analyses
        # are None, and never read: only the one standing on that date is, as `latest`).
        self.course = analyses_since(negotiation, snapshots, start, prefix)
        self.taken: list[Day] = []  # every date walked, the first asked for or not

    def _take(self) -> tuple[Day, Analysis | None]:
        day, analysis = taken = next(self.course)
        self.taken.append(day)
        self.state = day.state
        if analysis is not None:
            self.latest = analysis
        return taken

    def to(self, when: date) -> None:
        """Walk on through `when` (later than every date walked to before), and no further."""
        while (upcoming := self.course.upcoming) is not None and upcoming < when:
            self._take()
        self.before[when] = (self.state, frozenset())
        if self.course.upcoming == when:
            day, analysis = self._take()
            assert analysis is not None
            self.at[when], self.analysed[when] = (day.state, day.touched), analysis
        else:
            self.at[when], self.analysed[when] = (self.state, frozenset()), self.latest


def _last_difference(base: list[Snapshot], head: list[Snapshot]) -> date | None:
    """The last date at which the two histories' snapshots differ; None when they never do."""
    old = sorted(base, key=lambda s: (s.date, s.path))
    new = sorted(head, key=lambda s: (s.date, s.path))
    i, j = len(old), len(new)
    while i and j and (old[i - 1] is new[j - 1] or old[i - 1] == new[j - 1]):
        i, j = i - 1, j - 1
    return max((side[n - 1].date for side, n in ((old, i), (new, j)) if n), default=None)


def _shared_prefix(
    negotiation: Negotiation, base: list[Snapshot], head: list[Snapshot], start: date | None
) -> Prefix | None:
    """The history both sides hold before `start` (the first date the change touches),
    folded and analysed once; None when there is none or the sides differ there."""
    if start is None:
        return None
    old = sorted((s for s in base if s.date < start), key=lambda s: (s.date, s.path))
    new = sorted((s for s in head if s.date < start), key=lambda s: (s.date, s.path))
    if not old or len(old) != len(new) or any(a is not b and a != b for a, b in zip(old, new, strict=True)):
        return None
    return Prefix.of(negotiation, old)


Shift = tuple[tuple[str, str | None] | None, tuple[str, str | None] | None]


def _shifts(old: State, new: State) -> dict[Key, Shift]:
    """The positions (stance and red line) that differ between two states."""
    out: dict[Key, Shift] = {}
    for key in old.positions.keys() | new.positions.keys():
        a, b = old.positions.get(key), new.positions.get(key)
        va = (a.stance, a.red_line) if a is not None else None
        vb = (b.stance, b.red_line) if b is not None else None
        if va != vb:
            out[key] = (va, vb)
    return out


def _gist(c: Change | None) -> tuple[str | None, ...] | None:
    return (c.kind, c.old, c.new, c.direction) if c is not None else None


def _step(before: State, after: State, key: Key) -> Shift:
    """What a date does to one position: its stance and red line before and after."""
    a, b = before.positions.get(key), after.positions.get(key)
    return (
        (a.stance, a.red_line) if a is not None else None,
        (b.stance, b.red_line) if b is not None else None,
    )


def _joined(old: _Walk, new: _Walk) -> bool:
    return old.course.joins(new.course)


def _statuses(old: Analysis, new: Analysis) -> dict[str, StatusChange]:
    return {s.issue: s for s in status_changes(old, new) if s.old != s.new or s.event in DEADLOCK_EVENTS}


@dataclass(frozen=True)
class Folded:
    """Both sides folded and analysed as of every date from the earliest the change
    touches to the last, with the keys the snapshots of each date report."""

    negotiation: Negotiation
    touched: frozenset[date]
    old_at: At
    new_at: At
    old_analysis: dict[date, Analysis]
    new_analysis: dict[date, Analysis]
    old_before: At  # each side's state before each date's snapshots
    new_before: At
    last: date | None = None  # the last date of either history, from the first touched on;
    # the dates after the sides became equal again are left out (nothing differs there)
    # What the base's walk covered, for its red-line check (`base_crossings`): the
    # dates it walked, the last date shared with the head before them, the date after
    # which the sides are equal again (None: never).
    old_days: tuple[Day, ...] = field(default=(), compare=False)
    shared_until: date | None = field(default=None, compare=False)
    joined: date | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls,
        negotiation: Negotiation,
        base: list[Snapshot],
        head: list[Snapshot],
        dates: Iterable[date],
        refit: bool = False,
    ) -> Folded:
        """`refit` drops the base's positions the (changed) negotiation cannot place; the
        head's were checked against it."""
        if refit:
            base = fit_snapshots(negotiation, base)
        touched = frozenset(dates)
        start = min(touched, default=None)
        wanted = sorted(touched | {s.date for s in (*base, *head) if start is not None and s.date >= start})
        prefix = _shared_prefix(negotiation, base, head, start)
        old, new = _Walk(negotiation, base, start, prefix), _Walk(negotiation, head, start, prefix)
        # Once past the last date the change touches and the last at which the sides'
        # snapshots differ, two walks that know the same stay equal to the end: later
        # dates show no effect, and are not walked.
        settled = max(touched | {d for d in [_last_difference(base, head)] if d is not None}, default=None)
        joined = None
        for when in wanted:
            old.to(when)
            new.to(when)
            if settled is not None and when >= settled and _joined(old, new):
                joined = when
                break
        return cls(
            negotiation,
            touched,
            old.at,
            new.at,
            old.analysed,
            new.analysed,
            old.before,
            new.before,
            wanted[-1] if wanted else None,
            tuple(old.taken),
            prefix.end if prefix is not None else None,
            joined,
        )

    def stated_moves(self, when: date, keys: Iterable[Key]) -> tuple[Change, ...]:
        """The moves the head's snapshots of `when` make on `keys`, from the head's state
        the day before: what a new snapshot does in the new history."""
        wanted = set(keys)
        if when not in self.new_before or not wanted:
            return ()
        diff = diff_states(self.negotiation, self.new_before[when][0], self.new_at[when][0])
        return tuple(c for c in diff.changes if c.kind in MOVE_KINDS and (c.party, c.issue) in wanted)

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
                c = replace(
                    c,
                    direction=stance_direction(self.negotiation, c.party, issue, c.old, c.new, states),
                    counterparts=stance_towards(self.negotiation, c.party, issue, c.old, c.new, states),
                )
            out.append(c)
        return tuple(out)

    def _moves(self, when: date, keys: Iterable[Key]) -> tuple[Change, ...]:
        wanted = set(keys)
        if not wanted:
            return ()
        diff = diff_states(self.negotiation, self.old_at[when][0], self.new_at[when][0])
        return tuple(c for c in diff.changes if c.kind in MOVE_KINDS and (c.party, c.issue) in wanted)

    def effects(self) -> tuple[Effect, ...]:
        """At each date the change touches, the moves of the positions reported then and
        the status changes of their issues; at the other dates, the ripples: moves and
        status changes that appear or change there."""
        out = []
        shown_shifts: dict[Key, Shift] = {}
        shown_statuses: dict[str, tuple[str, str, str]] = {}
        for when in sorted(self.old_at):
            shifts = _shifts(self.old_at[when][0], self.new_at[when][0])
            statuses = _statuses(self.old_analysis[when], self.new_analysis[when])
            keys = {k for k, v in shifts.items() if shown_shifts.get(k) != v}
            issues = {i for i, s in statuses.items() if shown_statuses.get(i) != (s.old, s.new, s.event)}
            if when in self.touched:
                reported = self.old_at[when][1] | self.new_at[when][1]
                keys |= {k for k in shifts if k in reported}
                issues |= {i for _, i in reported if i in statuses}
            shown_shifts, shown_statuses = shifts, {i: (s.old, s.new, s.event) for i, s in statuses.items()}
            moves = self._moves(when, keys)
            changed = tuple(statuses[i] for i in sorted(issues))
            retold = self._retold(when) if when not in self.touched else ()
            if moves or changed or retold:
                out.append(Effect(when, moves, changed, ripple=when not in self.touched, retold=retold))
        return tuple(out)

    def _retold(self, when: date) -> tuple[tuple[Change | None, Change | None], ...]:
        """The positions a date's (unchanged) snapshots report whose move there differs
        between the histories: a restatement that became a move, a move that became a
        restatement or another move. Pairs of (at the base, at the head)."""
        reported = self.old_at[when][1] | self.new_at[when][1]
        differ = {
            k
            for k in reported
            if _step(self.old_before[when][0], self.old_at[when][0], k)
            != _step(self.new_before[when][0], self.new_at[when][0], k)
        }
        if not differ:
            return ()
        found = []
        for before, at in ((self.old_before, self.old_at), (self.new_before, self.new_at)):
            diff = diff_states(self.negotiation, before[when][0], at[when][0])
            found.append(
                {
                    (c.party, c.issue, c.kind): c
                    for c in diff.changes
                    if c.kind in MOVE_KINDS and (c.party, c.issue) in differ
                }
            )
        old, new = found
        return tuple(
            (old.get(k), new.get(k))
            for k in sorted(old.keys() | new.keys())
            if _gist(old.get(k)) != _gist(new.get(k))
        )

    def crossings(self) -> tuple[Crossing, ...]:
        """The red lines crossed in the head's latest state that the base's does not show
        crossed the same way: what the change makes a party do against its own word."""
        last = self.last
        if last is None or last not in self.old_at:  # the sides end equal: nothing new
            return ()
        return new_crossings(self.old_analysis[last], self.new_analysis[last])

    def base_crossings(self, head: list[Snapshot], found: list[Problem]) -> list[Problem] | None:
        """The base's `red-line-crossed` warnings, given the head's (`found`, over the
        head's `head` snapshots); None when this fold cannot tell them.

        A date's warnings depend on its state and the positions its snapshots report:
        where the base's history is the head's (the dates both share before the change,
        those after the sides are equal again), they are the head's; the base's own walk
        gives the others."""
        dated = {s.path: s.date for s in head}
        if not self.touched or any(p.path not in dated for p in found):
            return None
        shared, joined = self.shared_until, self.joined
        kept = [
            p
            for p in found
            if (shared is not None and dated[p.path] <= shared)
            or (joined is not None and dated[p.path] > joined)
        ]
        return kept + [p for day in self.old_days for p in day_crossings(self.negotiation, day)]

    def today(self) -> Effect | None:
        """How the latest state differs: every position and status that ends up changed."""
        last = self.last
        if last is None:
            return None
        if last not in self.old_at:  # the sides became equal before the end
            return Effect(last, (), ())
        shifts = _shifts(self.old_at[last][0], self.new_at[last][0])
        statuses = _statuses(self.old_analysis[last], self.new_analysis[last])
        return Effect(last, self._moves(last, shifts), tuple(statuses[i] for i in sorted(statuses)))
