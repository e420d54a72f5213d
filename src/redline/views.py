"""What each command shows, computed once and rendered many ways.

`build_report`, `build_diff` and `build_timeline` turn loaded snapshots into plain
result objects; the renderers in `redline.render` only format them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .analysis import Analysis, analyse, analyse_state, analyse_with_previous
from .compare import (
    Diff,
    Toward,
    diff_states,
    new_crossings,
    stance_direction,
    stance_towards,
    status_changes,
)
from .errors import UsageError
from .fold import Conflict, HeldReport, State, fold, snapshot_state
from .model import Negotiation, Snapshot
from .redlines import Crossing
from .vocabulary import Direction, PairStatus, Trend
from .walk import analyses


@dataclass(frozen=True)
class Report:
    negotiation: Negotiation
    analysis: Analysis
    snapshots: int
    first: date | None
    last: date | None
    latest: Diff | None  # what moved on the latest snapshot date
    conflicts: tuple[Conflict, ...]


def build_report(negotiation: Negotiation, snapshots: list[Snapshot], as_of: date | None = None) -> Report:
    used = [s for s in snapshots if as_of is None or s.date <= as_of]
    analysis, before = analyse_with_previous(negotiation, used, as_of)
    latest = None
    if used and before is not None:
        last = max(s.date for s in used)
        latest_state = State(last, analysis.state.positions)
        latest = diff_states(
            negotiation, before, latest_state, _label(before), last.isoformat(), evidence=False
        )
    return Report(
        negotiation,
        analysis,
        len(used),
        min((s.date for s in used), default=None),
        max((s.date for s in used), default=None),
        latest,
        tuple(analysis.state.conflicts),
    )


def _label(state: State) -> str:
    return state.as_of.isoformat() if state.as_of else "start"


def build_date_diff(
    negotiation: Negotiation, snapshots: list[Snapshot], old: date, new: date, evidence: bool = False
) -> Diff:
    """Changes between the states as of two dates, with the issues' status changes.

    Moves only, unless `evidence`: between two dates the summaries and quotes of
    restated positions change all the time, and that is not news.
    """
    if new < old:
        raise UsageError(f"the new date {new.isoformat()} is before the old date {old.isoformat()}")
    before, after = fold(snapshots, old), fold(snapshots, new)
    diff = diff_states(negotiation, before, after, old.isoformat(), new.isoformat())
    analysis_old, analysis_new = (analyse(negotiation, snapshots, old), analyse(negotiation, snapshots, new))
    result = _with_statuses(diff, analysis_old, analysis_new)
    return result if evidence else result.moves_only()


def build_file_diff(negotiation: Negotiation, old: Snapshot, new: Snapshot) -> Diff:
    """Changes between two snapshot files, each taken on its own, and the status changes of
    the issues they touch."""
    before, after = snapshot_state(old), snapshot_state(new)
    diff = diff_states(negotiation, before, after, old.path, new.path)
    touched = {c.issue for c in diff.changes}  # the other issues' statuses cannot differ
    analysis_old = analyse_state(negotiation, before, touched)
    analysis_new = analyse_state(negotiation, after, touched)
    return _with_statuses(diff, analysis_old, analysis_new)


def _with_statuses(diff: Diff, analysis_old: Analysis, analysis_new: Analysis) -> Diff:
    """`diff` with the issues' status changes and the red lines newly crossed between the
    two analyses."""
    return replace(
        diff,
        status_changes=status_changes(analysis_old, analysis_new),
        crossings=new_crossings(analysis_old, analysis_new),
    )


@dataclass(frozen=True)
class TimelinePoint:
    date: date
    stance: str
    red_line: str | None
    changed: bool
    direction: Direction | None
    source: str
    counterparts: tuple[Toward, ...] = ()


@dataclass(frozen=True)
class Series:
    party: str
    issue: str
    points: tuple[TimelinePoint, ...]
    first_seen: date
    last_changed: date
    changes: int
    stable_days: int
    withdrawn: bool


@dataclass(frozen=True)
class GapPoint:
    date: date
    gap: int
    status: PairStatus


@dataclass(frozen=True)
class Gaps:
    """An opposing pair's distance on an issue, on each date that reported on it."""

    issue: str
    a: str
    b: str
    points: tuple[GapPoint, ...]

    @property
    def turns(self) -> tuple[GapPoint, ...]:
        """The first point, every point where the gap changed, and the last one."""
        kept = [
            p
            for i, p in enumerate(self.points)
            if i in (0, len(self.points) - 1) or p.gap != self.points[i - 1].gap
        ]
        return tuple(kept)

    @property
    def trend(self) -> Trend:
        """converging, diverging or static, from the first to the last point."""
        first, last = self.points[0].gap, self.points[-1].gap
        return "converging" if last < first else "diverging" if last > first else "static"


@dataclass(frozen=True)
class ReportPoint:
    """A source's own word on an issue, and until when it held (None: it still does)."""

    issue: str
    report: HeldReport
    until: date | None = None
    ended_by: str | None = None  # "a later report" or "a move on the issue"


@dataclass(frozen=True)
class Timeline:
    negotiation: Negotiation
    as_of: date | None
    series: tuple[Series, ...]
    gaps: tuple[Gaps, ...] = ()
    crossings: tuple[Crossing, ...] = ()  # every red line crossed, when it was crossed
    reports: tuple[ReportPoint, ...] = ()


def build_timeline(
    negotiation: Negotiation, snapshots: list[Snapshot], issue: str | None = None, party: str | None = None
) -> Timeline:
    """Each party's stance and red line on each issue, date by date, with the gaps of the
    counterpart pairs, the red lines crossed and the sources' own reports."""
    if issue is not None and issue not in negotiation.issue_by_id:
        raise UsageError(f"unknown issue '{issue}' (known: {', '.join(negotiation.issue_by_id)})")
    if party is not None and party not in negotiation.party_by_id:
        raise UsageError(f"unknown party '{party}' (known: {', '.join(negotiation.party_by_id)})")
    builder = _TimelineBuilder(negotiation, issue, party)
    for day, analysis in analyses(negotiation, snapshots):
        builder.add(day.date, day.touched, day.state, analysis)
    return builder.result()


class _TimelineBuilder:
    def __init__(self, negotiation: Negotiation, issue: str | None, party: str | None):
        self.negotiation, self.issue, self.party = negotiation, issue, party
        self.points: dict[tuple[str, str], list[TimelinePoint]] = {}
        self.gaps: dict[tuple[str, str, str], list[GapPoint]] = {}
        self.withdrawn: set[tuple[str, str]] = set()
        self.crossings: dict[tuple[str, str, str, str], Crossing] = {}
        self.reports: dict[int, ReportPoint] = {}  # by id of the HeldReport
        self.previous: State | None = None
        self.last_date: date | None = None

    def _wanted(self, issue: str, party: str | None = None) -> bool:
        return (self.issue is None or issue == self.issue) and (
            party is None or self.party is None or party == self.party
        )

    def add(self, when: date, touched: frozenset[tuple[str, str]], state: State, analysis: Analysis) -> None:
        self.last_date = when
        touched_issues = {k[1] for k in touched}
        for item in analysis.issues:
            if not self._wanted(item.issue):
                continue
            for c in item.crossings:
                if self._wanted(c.issue, c.party):
                    self.crossings.setdefault((c.party, c.issue, c.stance, c.red_line), c)
            self._report(item.issue, state, item.reported_stale, item.stale_since)
            if item.issue not in touched_issues:
                continue
            for p in item.pairs:
                if self.party is None or self.party in (p.a, p.b):
                    self.gaps.setdefault((item.issue, p.a, p.b), []).append(GapPoint(when, p.gap, p.status))
        for key in sorted(touched):
            if self._wanted(key[1], key[0]):
                self._point(key, when, state)
        self.previous = state

    def _report(self, issue: str, state: State, stale: HeldReport | None, stale_since: date | None) -> None:
        current = state.reported.get(issue)
        if current is None:
            return
        for rid, point in list(self.reports.items()):  # a later report ends the earlier one
            if point.issue == issue and point.until is None and rid != id(current):
                self.reports[rid] = ReportPoint(issue, point.report, current.source.date, "a later report")
        if id(current) not in self.reports:
            self.reports[id(current)] = ReportPoint(issue, current)
        point = self.reports[id(current)]
        if stale is current and stale_since is not None and point.until is None:
            self.reports[id(current)] = ReportPoint(issue, current, stale_since, "a move on the issue")

    def _point(self, key: tuple[str, str], when: date, state: State) -> None:
        held = state.positions.get(key)
        if held is None:
            self.withdrawn.add(key)
            return
        self.withdrawn.discard(key)
        previous = self.previous
        before = previous.positions.get(key) if previous else None
        changed = before is None or (before.stance, before.red_line) != (held.stance, held.red_line)
        way: Direction | None = None
        toward: tuple[Toward, ...] = ()
        if before is not None and previous is not None and before.stance != held.stance:
            issue = self.negotiation.issue_by_id[key[1]]
            way = stance_direction(
                self.negotiation, key[0], issue, before.stance, held.stance, (previous, state)
            )
            toward = stance_towards(
                self.negotiation, key[0], issue, before.stance, held.stance, (previous, state)
            )
        self.points.setdefault(key, []).append(
            TimelinePoint(when, held.stance, held.red_line, changed, way, held.source.path, toward)
        )

    def result(self) -> Timeline:
        party_order = {p.id: i for i, p in enumerate(self.negotiation.parties)}
        issue_order = {i.id: n for n, i in enumerate(self.negotiation.issues)}
        series = []
        for key in sorted(self.points, key=lambda k: (issue_order[k[1]], party_order[k[0]])):
            pts = self.points[key]
            change_dates = [p.date for p in pts if p.changed]
            last_changed = change_dates[-1]
            end = self.last_date or last_changed
            series.append(
                Series(
                    key[0],
                    key[1],
                    tuple(pts),
                    pts[0].date,
                    last_changed,
                    len(change_dates) - 1,
                    (end - last_changed).days,
                    key in self.withdrawn,
                )
            )
        pairs = tuple(
            Gaps(i, a, b, tuple(pts))
            for (i, a, b), pts in sorted(
                self.gaps.items(),
                key=lambda kv: (issue_order[kv[0][0]], party_order[kv[0][1]], party_order[kv[0][2]]),
            )
        )
        crossings = tuple(
            sorted(
                self.crossings.values(), key=lambda c: (c.date, issue_order[c.issue], party_order[c.party])
            )
        )
        reports = tuple(
            sorted(self.reports.values(), key=lambda r: (r.report.source.date, issue_order[r.issue]))
        )
        return Timeline(self.negotiation, self.last_date, tuple(series), pairs, crossings, reports)
