"""Folding snapshots into the state of a negotiation at a date.

The rule: a snapshot records only what its source reports; a party's position on an
issue stands until a later snapshot reports it again. So the state as of a date D
holds, for every party and issue, the latest position reported on or before D:

- `since` is the first date of that exact stance and red line, `last_confirmed` the
  latest date restating it, `restatements` how many later dates restated it (the date
  that set it is not a restatement; several files on one date count once);
- stances and red lines fold on their own: a red line stands until the same party
  states another on that issue (`red_line: x`) or withdraws it (`red_line: null`); a
  snapshot that leaves `red_line` out does not address it, and the standing red line
  carries on whatever the stance does;
- a withdrawn position leaves the state, red line included;
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
    """A position as it stands in the state (a named tuple: many are made, fast).

    The red line has its own history: `red_line_source` is the report that last stated
    it (with `red_line_line`), `red_line_stance` the stance the party held then, and
    `red_line_evidence` the reports of that date that stated it.
    """

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
    red_line_source: SourceRef | None = None
    red_line_line: int = 0
    red_line_stance: str | None = None
    red_line_evidence: Evidence = ()

    @property
    def quotes(self) -> tuple[CitedQuote, ...]:
        """The quotes of the latest reports that carried any, with their sources."""
        return tuple(CitedQuote(q, ref) for position, ref in self.evidence for q in position.quotes)

    @property
    def red_line_quotes(self) -> tuple[CitedQuote, ...]:
        """The quotes marked `supports: red_line` in the reports that stated the red line."""
        return tuple(
            CitedQuote(q, ref)
            for position, ref in self.red_line_evidence
            for q in position.quotes
            if q.supports == "red_line"
        )


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


def _red_value(position: Position) -> str | None:
    """What a report says of the red line: a point, "withdrawn" (null), or None (nothing)."""
    return "withdrawn" if position.red_line_withdrawn else position.red_line


class _DayReport(NamedTuple):
    """What one date says of one (party, issue)."""

    position: Position  # the first file's report
    red_said: bool  # whether the date addresses the red line at all
    red_line: str | None  # the red line it states (None: withdrawn, when red_said)
    red_report: tuple[Position, SourceRef] | None  # the report that states the red line
    summary: str
    evidence: Evidence


Merged = dict[Key, _DayReport]


def _report(found: list[tuple[Position, SourceRef]]) -> _DayReport:
    """The merged report of agreeing positions (the first file first)."""
    first = found[0][0]
    red = next(((p, ref) for p, ref in found if _red_value(p) is not None), None)
    red_line = red[0].red_line if red else None
    red_report = red if red and red_line else None
    summary = first.summary or next((p.summary for p, _ in found if p.summary), "")
    return _DayReport(first, red is not None, red_line, red_report, summary, tuple(found))


def _alone(position: Position, ref: SourceRef) -> _DayReport:
    """`_report` of a position no other file of its date reports (the common case)."""
    found = (position, ref)
    said = position.red_line_withdrawn or position.red_line is not None
    red_line = position.red_line if said else None
    return _DayReport(position, said, red_line, found if red_line else None, position.summary or "", (found,))


def _merge_day(group: list[Snapshot]) -> tuple[Merged, list[Conflict]]:
    """Merge the positions of one date's snapshots (sorted by path)."""
    if len(group) == 1:  # the common case: nothing to merge
        snapshot = group[0]
        ref = SourceRef.of(snapshot)
        return {(p.party, p.issue): _alone(p, ref) for p in snapshot.positions}, []
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
            conflicts.append(
                Conflict(
                    snapshot.date,
                    key[0],
                    key[1],
                    "stance",
                    tuple((s.path, p.stance_line or p.line, _value(p)) for p, s in found),
                )
            )
        agreeing = [(p, s) for p, s in found if _value(p) == _value(first)]
        said = [(p, s) for p, s in agreeing if _red_value(p) is not None]
        if len({_red_value(p) for p, _ in said}) > 1:
            conflicts.append(
                Conflict(
                    snapshot.date,
                    key[0],
                    key[1],
                    "red line",
                    tuple((s.path, p.red_line_line or p.line, str(_red_value(p))) for p, s in said),
                )
            )
        merged[key] = _report([(p, refs[id(s)]) for p, s in agreeing])
    return merged, conflicts


def _held(key: Key, report: _DayReport, previous: Held | None, day: date) -> Held:
    """The position held after `day` reported `report` on `key` (not a withdrawal)."""
    position, evidence = report.position, report.evidence
    stance = position.stance
    assert stance is not None
    standing = previous.red_line if previous is not None else None
    red_line = report.red_line if report.red_said else standing
    red: tuple[SourceRef | None, int, str | None, Evidence]
    if red_line is None:
        red = (None, 0, None, ())
    elif report.red_report is not None and (
        previous is None
        or previous.red_line != red_line
        or any(q.supports == "red_line" for p, _ in evidence for q in p.quotes)
    ):
        red_position, red_ref = report.red_report
        kept = previous is not None and previous.red_line == red_line
        red = (
            red_ref,
            red_position.red_line_line or red_position.line,
            previous.red_line_stance if kept and previous is not None else stance,
            tuple((p, ref) for p, ref in evidence if p.red_line == red_line),
        )
    else:
        assert previous is not None
        red = (
            previous.red_line_source,
            previous.red_line_line,
            previous.red_line_stance,
            previous.red_line_evidence,
        )
    source = evidence[0][1]
    if previous is not None and previous.stance == stance and previous.red_line == red_line:
        has_quotes = any(p.quotes for p, _ in evidence)
        return Held(
            key[0],
            key[1],
            stance,
            red_line,
            report.summary or previous.summary,
            evidence if has_quotes else previous.evidence,
            previous.since,
            day,
            previous.restatements + 1,
            source,
            position.line,
            *red,
        )
    return Held(
        key[0], key[1], stance, red_line, report.summary, evidence, day, day, 0, source, position.line, *red
    )


def history(snapshots: Iterable[Snapshot], after: State | None = None) -> Iterator[Day]:
    """The state after each snapshot date, oldest first. Input order does not matter.

    `after` is the state the history goes on from: that of the earlier snapshots, when
    `snapshots` are only the later ones (all dated after it).
    """
    ordered = sorted(snapshots, key=lambda s: (s.date, s.path))
    positions: dict[Key, Held] = after.positions if after is not None else {}
    reported: dict[str, HeldReport] = after.reported if after is not None else {}
    conflicts: list[Conflict] = after.conflicts if after is not None else []
    for day, items in groupby(ordered, key=lambda s: s.date):
        group = list(items)
        merged, found = _merge_day(group)
        if found:
            conflicts = conflicts + found
        positions = dict(positions)
        for key, report in merged.items():
            if report.position.withdrawn:
                positions.pop(key, None)
            else:
                positions[key] = _held(key, report, positions.get(key), day)
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
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"{conflict.party}'s {conflict.what} on {conflict.issue} is {value} here, but "
                    f"another snapshot of {conflict.date.isoformat()} disagrees ({others})",
                    "same-date-conflict",
                    "warning",
                )
            )
    return problems
