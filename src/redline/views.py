"""What each command shows, computed once and rendered many ways.

`build_report`, `build_diff` and `build_timeline` turn loaded snapshots into plain
result objects; the renderers in `redline.render` only format them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .analysis import Analysis, analyse, analyse_state, analyse_with_previous, analyses
from .compare import Diff, diff_states, stance_direction, status_changes
from .errors import UsageError
from .fold import Conflict, State, fold, snapshot_state
from .model import Negotiation, Snapshot


@dataclass(frozen=True)
class Report:
    negotiation: Negotiation
    analysis: Analysis
    snapshots: int
    first: date | None
    last: date | None
    latest: Diff | None  # what moved on the latest snapshot date
    conflicts: tuple[Conflict, ...]


def build_report(negotiation: Negotiation, snapshots: list[Snapshot],
                 as_of: date | None = None) -> Report:
    used = [s for s in snapshots if as_of is None or s.date <= as_of]
    analysis, before = analyse_with_previous(negotiation, used, as_of)
    latest = None
    if used and before is not None:
        last = max(s.date for s in used)
        latest_state = State(last, analysis.state.positions)
        latest = diff_states(negotiation, before, latest_state, _label(before),
                             last.isoformat(), evidence=False)
    return Report(
        negotiation, analysis, len(used),
        min((s.date for s in used), default=None), max((s.date for s in used), default=None),
        latest, tuple(analysis.state.conflicts),
    )


def _label(state: State) -> str:
    return state.as_of.isoformat() if state.as_of else "start"


def build_date_diff(negotiation: Negotiation, snapshots: list[Snapshot], old: date,
                    new: date, evidence: bool = False) -> Diff:
    """Changes between the states as of two dates, with the issues' status changes.

    Moves only, unless `evidence`: between two dates the summaries and quotes of
    restated positions change all the time, and that is not news.
    """
    if new < old:
        raise UsageError(f"the new date {new.isoformat()} is before the old date {old.isoformat()}")
    before, after = fold(snapshots, old), fold(snapshots, new)
    diff = diff_states(negotiation, before, after, old.isoformat(), new.isoformat())
    statuses = status_changes(analyse(negotiation, snapshots, old),
                              analyse(negotiation, snapshots, new))
    result = Diff(negotiation, diff.old_label, diff.new_label, diff.changes, statuses)
    return result if evidence else result.moves_only()


def build_file_diff(negotiation: Negotiation, old: Snapshot, new: Snapshot) -> Diff:
    """Changes between two snapshot files, each taken on its own, and the status changes of
    the issues they touch."""
    before, after = snapshot_state(old), snapshot_state(new)
    diff = diff_states(negotiation, before, after, old.path, new.path)
    touched = {c.issue for c in diff.changes}  # the other issues' statuses cannot differ
    statuses = status_changes(analyse_state(negotiation, before, touched),
                              analyse_state(negotiation, after, touched))
    return Diff(negotiation, diff.old_label, diff.new_label, diff.changes, statuses)


@dataclass(frozen=True)
class TimelinePoint:
    date: date
    stance: str
    red_line: str | None
    changed: bool
    direction: str | None
    source: str


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
    status: str


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
        kept = [p for i, p in enumerate(self.points)
                if i in (0, len(self.points) - 1) or p.gap != self.points[i - 1].gap]
        return tuple(kept)

    @property
    def trend(self) -> str:
        """converging, diverging or static, from the first to the last point."""
        first, last = self.points[0].gap, self.points[-1].gap
        return "converging" if last < first else "diverging" if last > first else "static"


@dataclass(frozen=True)
class Timeline:
    negotiation: Negotiation
    as_of: date | None
    series: tuple[Series, ...]
    gaps: tuple[Gaps, ...] = ()


def build_timeline(negotiation: Negotiation, snapshots: list[Snapshot],
                   issue: str | None = None, party: str | None = None) -> Timeline:
    """Each party's stance and red line on each issue, date by date."""
    if issue is not None and issue not in negotiation.issue_by_id:
        raise UsageError(f"unknown issue '{issue}' (known: {', '.join(negotiation.issue_by_id)})")
    if party is not None and party not in negotiation.party_by_id:
        raise UsageError(f"unknown party '{party}' (known: {', '.join(negotiation.party_by_id)})")
    points: dict[tuple[str, str], list[TimelinePoint]] = {}
    gaps: dict[tuple[str, str, str], list[GapPoint]] = {}
    withdrawn: set[tuple[str, str]] = set()
    previous: State | None = None
    last_date = None
    for day, analysis in analyses(negotiation, snapshots):
        last_date = day.date
        state = day.state
        for item in analysis.issues:
            if (issue and item.issue != issue) or not any(k[1] == item.issue for k in day.touched):
                continue
            for p in item.pairs:
                if party is None or party in (p.a, p.b):
                    gaps.setdefault((item.issue, p.a, p.b), []).append(
                        GapPoint(day.date, p.gap, p.status))
        for key in sorted(day.touched):
            if (issue and key[1] != issue) or (party and key[0] != party):
                continue
            held = state.positions.get(key)
            if held is None:
                withdrawn.add(key)
                continue
            withdrawn.discard(key)
            before = previous.positions.get(key) if previous else None
            changed = before is None or (before.stance, before.red_line) != (held.stance,
                                                                             held.red_line)
            way = None
            if before is not None and previous is not None and before.stance != held.stance:
                way = stance_direction(negotiation, key[0], negotiation.issue_by_id[key[1]],
                                       before.stance, held.stance, (previous, state))
            points.setdefault(key, []).append(TimelinePoint(
                day.date, held.stance, held.red_line, changed, way, held.source.path))
        previous = state
    party_order = {p.id: i for i, p in enumerate(negotiation.parties)}
    issue_order = {i.id: n for n, i in enumerate(negotiation.issues)}
    series = []
    for key in sorted(points, key=lambda k: (issue_order[k[1]], party_order[k[0]])):
        pts = points[key]
        change_dates = [p.date for p in pts if p.changed]
        last_changed = change_dates[-1]
        end = last_date or last_changed
        series.append(Series(key[0], key[1], tuple(pts), pts[0].date, last_changed,
                             len(change_dates) - 1, (end - last_changed).days, key in withdrawn))
    pairs = tuple(Gaps(i, a, b, tuple(pts)) for (i, a, b), pts in sorted(
        gaps.items(), key=lambda kv: (issue_order[kv[0][0]], party_order[kv[0][1]],
                                      party_order[kv[0][2]])))
    return Timeline(negotiation, last_date, tuple(series), pairs)

