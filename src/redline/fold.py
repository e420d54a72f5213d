"""Folding snapshots into the state of a negotiation at a date.

The rule: a snapshot records only what its source reports; a party's position on an
issue stands until a later snapshot reports it again. So the state as of a date D
holds, for every party and issue, the latest position reported on or before D:

- `since` is the first date of that exact stance and red line, `last_confirmed` the
  latest snapshot restating it, `restatements` how many dates stated it;
- a red line that a snapshot leaves out carries over while the stance is unchanged
  (the source did not mention it); a new stance without a red line has none;
- a withdrawn position leaves the state;
- snapshots on one date are merged; where they disagree (stance, red line, or
  withdrawal) the first file by name wins and the disagreement is reported as a
  `Conflict`. The order in which files are given never changes the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import groupby
from typing import NamedTuple

from .model import Position, Quote, Reported, Snapshot
from .problems import Problem

Key = tuple[str, str]  # (party, issue)


@dataclass(frozen=True)
class SourceRef:
    """Where a claim comes from: the snapshot file and its source document."""

    path: str
    date: date
    title: str
    outlet: str = ""
    url: str = ""
    kind: str = ""

    @classmethod
    def of(cls, snapshot: Snapshot) -> SourceRef:
        s = snapshot.source
        return cls(snapshot.path, snapshot.date, s.title, s.outlet, s.url, s.kind)


@dataclass(frozen=True)
class CitedQuote:
    quote: Quote
    source: SourceRef


Evidence = tuple[tuple[Position, SourceRef], ...]  # the reports behind a restatement


class Held(NamedTuple):
    """A position as it stands in the state (a named tuple: many are made, fast)."""

    party: str
    issue: str
    stance: str
    red_line: str | None
    summary: str
    evidence: Evidence
    since: date
    last_confirmed: date
    restatements: int
    source: SourceRef
    line: int = 0

    @property
    def quotes(self) -> tuple[CitedQuote, ...]:
        """The quotes of the latest reports that carried any, with their sources."""
        return tuple(CitedQuote(q, ref) for position, ref in self.evidence for q in position.quotes)


@dataclass(frozen=True)
class HeldReport:
    """The latest thing a source said of the talks on an issue."""

    reported: Reported
    source: SourceRef


@dataclass(frozen=True)
class Conflict:
    """Two snapshots of one date that disagree on one party's position on one issue."""

    date: date
    party: str
    issue: str
    what: str
    reports: tuple[tuple[str, int, str], ...]  # (path, line, value)


@dataclass
class State:
    """The negotiation as of a date: positions by (party, issue)."""

    as_of: date | None
    positions: dict[Key, Held] = field(default_factory=dict)
    reported: dict[str, HeldReport] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def get(self, party: str, issue: str) -> Held | None:
        return self.positions.get((party, issue))

    def on_issue(self, issue: str) -> list[Held]:
        """The positions held on `issue`, by party id (indexed once per state)."""
        index = self.__dict__.get("_by_issue")
        if index is None or index[0] is not self.positions or index[1] != len(self.positions):
            grouped: dict[str, list[Held]] = {}
            for (_, i), held in sorted(self.positions.items()):
                grouped.setdefault(i, []).append(held)
            index = (self.positions, len(self.positions), grouped)
            self.__dict__["_by_issue"] = index
        return list(index[2].get(issue, ()))


@dataclass(frozen=True)
class Day:
    """One date of the history: the snapshots of that date and the state after them."""

    date: date
    snapshots: tuple[Snapshot, ...]
    state: State
    touched: frozenset[Key]


def _value(position: Position) -> str:
    return "withdrawn" if position.withdrawn else str(position.stance)


# What one date says of one (party, issue): the report, its red line, summary and evidence.
Merged = dict[Key, tuple[Position, Snapshot, "str | None", str, Evidence]]


def _merge_day(group: list[Snapshot]) -> tuple[Merged, list[Conflict]]:
    """Merge the positions of one date's snapshots (sorted by path)."""
    if len(group) == 1:  # the common case: nothing to merge
        snapshot = group[0]
        ref = SourceRef.of(snapshot)
        return {(p.party, p.issue): (p, snapshot, p.red_line, p.summary, ((p, ref),))
                for p in snapshot.positions}, []
    reports: dict[Key, list[tuple[Position, Snapshot]]] = {}
    for snapshot in group:
        for position in snapshot.positions:
            reports.setdefault((position.party, position.issue), []).append((position, snapshot))
    merged: Merged = {}
    conflicts = []
    refs = {id(s): SourceRef.of(s) for s in group}
    for key, found in reports.items():
        first, snapshot = found[0]
        if len({_value(p) for p, _ in found}) > 1:
            conflicts.append(Conflict(snapshot.date, key[0], key[1], "stance", tuple(
                (s.path, p.stance_line or p.line, _value(p)) for p, s in found)))
        agreeing = [(p, s) for p, s in found if _value(p) == _value(first)]
        if len({p.red_line for p, _ in agreeing if p.red_line}) > 1:
            conflicts.append(Conflict(snapshot.date, key[0], key[1], "red line", tuple(
                (s.path, p.red_line_line or p.line, str(p.red_line)) for p, s in agreeing
                if p.red_line)))
        red_line = first.red_line or next((p.red_line for p, _ in agreeing if p.red_line), None)
        summary = first.summary or next((p.summary for p, _ in agreeing if p.summary), "")
        evidence = tuple((p, refs[id(s)]) for p, s in agreeing)
        merged[key] = (first, snapshot, red_line, summary, evidence)
    return merged, conflicts


def history(snapshots: Iterable[Snapshot]) -> Iterator[Day]:
    """The state after each snapshot date, oldest first. Input order does not matter."""
    ordered = sorted(snapshots, key=lambda s: (s.date, s.path))
    positions: dict[Key, Held] = {}
    reported: dict[str, HeldReport] = {}
    conflicts: list[Conflict] = []
    for day, items in groupby(ordered, key=lambda s: s.date):
        group = list(items)
        merged, found = _merge_day(group)
        if found:
            conflicts = conflicts + found
        positions = dict(positions)
        for key, (position, _snapshot, red_line, summary, evidence) in merged.items():
            previous = positions.get(key)
            if position.withdrawn:
                positions.pop(key, None)
                continue
            stance = position.stance
            assert stance is not None
            if red_line is None and previous is not None and previous.stance == stance:
                red_line = previous.red_line
            source = evidence[0][1]
            if previous is not None and previous.stance == stance and previous.red_line == red_line:
                has_quotes = any(p.quotes for p, _ in evidence)
                positions[key] = Held(
                    key[0], key[1], stance, red_line, summary or previous.summary,
                    evidence if has_quotes else previous.evidence, previous.since, day,
                    previous.restatements + 1, source, position.line)
            else:
                positions[key] = Held(key[0], key[1], stance, red_line, summary, evidence, day,
                                      day, 1, source, position.line)
        if any(s.reported for s in group):
            reported = dict(reported)
            said: set[str] = set()
            for snapshot in group:  # as for positions: on one date, the first file wins
                for item in snapshot.reported:
                    if item.issue not in said:
                        said.add(item.issue)
                        reported[item.issue] = HeldReport(item, SourceRef.of(snapshot))
        state = State(day, positions, reported, conflicts)
        yield Day(day, tuple(group), state, frozenset(merged))


def fold(snapshots: Iterable[Snapshot], as_of: date | None = None) -> State:
    """The state as of `as_of` (default: after the latest snapshot)."""
    state = State(as_of)
    for day in history(snapshots):
        if as_of is not None and day.date > as_of:
            break
        state = day.state
    if as_of is not None:
        state = replace(state, as_of=as_of)
    return state


def snapshot_state(snapshot: Snapshot) -> State:
    """A single snapshot seen as a state: its positions, without folding history."""
    return fold([snapshot])


def same_date_conflicts(snapshots: Iterable[Snapshot]) -> list[Problem]:
    """Warnings for every same-date disagreement, pointing at each disagreeing line."""
    problems = []
    ordered = sorted(snapshots, key=lambda s: (s.date, s.path))
    conflicts = []
    for _, items in groupby(ordered, key=lambda s: s.date):
        group = list(items)
        if len(group) > 1:
            conflicts.extend(_merge_day(group)[1])
    for conflict in conflicts:
        for path, line, value in conflict.reports:
            others = "; ".join(f"{p}:{n} says {v}" for p, n, v in conflict.reports if p != path)
            problems.append(Problem(
                path, line, 1,
                f"{conflict.party}'s {conflict.what} on {conflict.issue} is {value} here, but "
                f"another snapshot of {conflict.date.isoformat()} disagrees ({others})",
                "same-date-conflict", "warning"))
    return problems
