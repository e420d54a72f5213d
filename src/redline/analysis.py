"""Where the parties stand against each other: per counterpart pair, then per issue.

For every issue and every pair of counterparts (parties on different sides, neither a
mediator) that both hold a position:

- the **gap** is the distance between their stances, in scale steps; the red lines give
  a zone of possible agreement (one-sided when it rests on one red line alone), a
  deadlock, or nothing yet (see `redlines`);
- `stable_since` is the last date either stance of the pair moved (or the pair formed),
  `restatements` the later dates on which a snapshot restated either of them;
- the pair is **stalled** when the stances are apart and that quiet lasted
  `stalemate_restatements` restatement dates or `stalemate_days` days;
- the **trend** is the effect of the pair's latest stance move: converging, diverging,
  static.
Pair status, the first that holds: agreed (same stance) > deadlocked > stalled >
converging > diverging > open (zone) > unclear (`vocabulary.PAIR_PRECEDENCE`).

Every issue-level claim is derived from the issue itself:

- `last_move` is the last date any position on the issue moved (a stance or red line
  changed, a position appeared or was withdrawn), `restatements` the later dates that
  reported on the issue; the issue is **stalled** since `last_move` when its stances are
  apart and that quiet passed the thresholds;
- **agreed**: every declared party that is not a mediator holds a position and the
  stances coincide; **aligned**: the parties that hold a position coincide but others
  have none yet (named in `silent`). Ranges that meet at a single point are a zone of
  one point (open), not an agreement: the stances are still apart;
- otherwise deadlocked (a pair's red lines do not meet), stalled, then the most serious
  trend or verdict of the pairs (`vocabulary.ISSUE_SEVERITY`);
- a source's own report (`reported`) holds until a later source reports another or a
  position on the issue moves after it; then it is `reported_stale`, history;
- `crossings` are the parties whose stance lies beyond their own standing red line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from .fold import Day, Held, HeldReport, State, history
from .model import Issue, Negotiation, Snapshot
from .redlines import Crossing, RedLineVerdict, crossing_of, red_line_verdict
from .vocabulary import (
    ISSUE_SEVERITY,
    PAIR_PRECEDENCE,
    REPORT_CONTRADICTS,
    IssueStatus,
    PairStatus,
    Trend,
    Verdict,
)


@dataclass(frozen=True)
class PairAnalysis:
    issue: str
    a: str
    b: str
    gap: int
    verdict: Verdict
    range_gap: int | None
    zone: tuple[str, ...]
    trend: Trend
    moved: tuple[str, ...]  # who moved on `stable_since` (empty when the pair just formed)
    stable_since: date
    restatements: int  # dates after `stable_since` restating a's or b's position
    stalled: bool
    status: PairStatus
    one_sided: str | None = None  # the party whose red line alone makes the zone


@dataclass(frozen=True)
class IssueAnalysis:
    issue: str
    status: IssueStatus
    pairs: tuple[PairAnalysis, ...]
    deadlocked: bool = False
    deadlocked_since: date | None = None
    deadlock_restatements: int = 0
    stalled: bool = False
    stalled_since: date | None = None
    stalled_restatements: int = 0
    agreed_since: date | None = None
    reported: HeldReport | None = None
    contradiction: str | None = None
    last_move: date | None = None
    restatements: int = 0  # dates after `last_move` that reported on the issue
    aligned: tuple[str, ...] = ()  # the parties that coincide, when agreed or aligned
    silent: tuple[str, ...] = ()  # declared parties (not mediators) without a position
    reported_stale: HeldReport | None = None
    stale_since: date | None = None  # the move that made `reported_stale` history
    crossings: tuple[Crossing, ...] = ()


@dataclass(frozen=True)
class Analysis:
    negotiation: Negotiation
    state: State
    issues: tuple[IssueAnalysis, ...]

    def issue(self, issue_id: str) -> IssueAnalysis:
        return next(i for i in self.issues if i.issue == issue_id)

    @property
    def crossings(self) -> tuple[Crossing, ...]:
        return tuple(c for item in self.issues for c in item.crossings)


def opposing_pairs(negotiation: Negotiation, state: State, issue: str) -> list[tuple[str, str]]:
    """The counterpart pairs on `issue` that both hold a position, in declaration order."""
    held = [h.party for h in state.on_issue(issue)]
    order = {p.id: i for i, p in enumerate(negotiation.parties)}
    held.sort(key=lambda p: order.get(p, len(order)))
    return [(a, b) for i, a in enumerate(held) for b in held[i + 1 :] if negotiation.opposed(a, b)]


@dataclass
class _PairTrack:
    stable_since: date
    restatements: int = 0
    trend: Trend = "static"
    moved: tuple[str, ...] = ()
    stances: tuple[str, str] = ("", "")
    gap: int = 0
    verdict: RedLineVerdict = field(default_factory=lambda: RedLineVerdict("unclear"))


@dataclass
class _IssueTrack:
    last_move: date | None = None
    restatements: int = 0
    deadlocked_since: date | None = None
    agreed_since: date | None = None
    report: HeldReport | None = None
    stale_since: date | None = None
    pairs: dict[tuple[str, str], _PairTrack] = field(default_factory=dict)
    crossings: dict[str, Crossing] = field(default_factory=dict)


def _moved(old: Held | None, new: Held | None) -> bool:
    return (old is None) != (new is None) or (
        old is not None and new is not None and (old.stance, old.red_line) != (new.stance, new.red_line)
    )


class Analyser:
    """Walks the history once, keeping what the statuses need to know about the past."""

    def __init__(self, negotiation: Negotiation, only: set[str] | None = None):
        self.negotiation = negotiation
        self.issues = [i for i in negotiation.issues if only is None or i.id in only]
        self.tracks = {issue.id: _IssueTrack() for issue in self.issues}
        self.previous: State | None = None

    def fork(self) -> Analyser:
        """A copy that walks on by itself: what it learns does not change this one."""
        other = Analyser.__new__(Analyser)
        other.negotiation, other.issues, other.previous = self.negotiation, self.issues, self.previous
        other.tracks = {
            issue: replace(
                track,
                pairs={k: replace(pt) for k, pt in track.pairs.items()},
                crossings=dict(track.crossings),
            )
            for issue, track in self.tracks.items()
        }
        return other

    def step(self, day: Day) -> None:
        """Take one date of the history into account.

        Only the issues the date touches are looked at, and the pairs of an issue are
        recomputed only when a position on it moved: a restatement only adds to the
        counts. Several snapshots on one date count as one restatement.
        """
        before = self.previous.positions if self.previous else {}
        after = day.state.positions
        touched: dict[str, set[str]] = {}  # issue -> parties the date reports on it
        moved: set[str] = set()
        for party, issue_id in day.touched:
            touched.setdefault(issue_id, set()).add(party)
            if _moved(before.get((party, issue_id)), after.get((party, issue_id))):
                moved.add(issue_id)
        for issue_id, track in self.tracks.items():
            self._watch_report(track, day, issue_id, issue_id in moved)
        for issue_id, parties in touched.items():
            found = self.tracks.get(issue_id)
            if found is None:
                continue
            track = found
            if issue_id in moved:
                track.last_move, track.restatements = day.date, 0
                self._recompute(self.negotiation.issue_by_id[issue_id], track, day, parties)
            else:
                track.restatements += 1
                for (a, b), pt in track.pairs.items():
                    if a in parties or b in parties:
                        pt.restatements += 1
        self.previous = day.state

    @staticmethod
    def _watch_report(track: _IssueTrack, day: Day, issue_id: str, moved: bool) -> None:
        """A source's report stands until another replaces it or a position moves after it."""
        report = day.state.reported.get(issue_id)
        if report is not track.report:
            track.report, track.stale_since = report, None
        elif moved and report is not None and track.stale_since is None:
            track.stale_since = day.date

    def _recompute(self, issue: Issue, track: _IssueTrack, day: Day, parties: set[str]) -> None:
        """Pairs, deadlock, agreement and crossings of an issue after a move on it."""
        state = day.state
        live = {}
        for a, b in opposing_pairs(self.negotiation, state, issue.id):
            ha, hb = state.get(a, issue.id), state.get(b, issue.id)
            assert ha is not None and hb is not None
            stances = (ha.stance, hb.stance)
            old = track.pairs.get((a, b))
            if old is None:
                pt = _PairTrack(day.date, stances=stances)
            elif old.stances != stances:
                before = abs(issue.index(old.stances[0]) - issue.index(old.stances[1]))
                after = abs(issue.index(stances[0]) - issue.index(stances[1]))
                trend: Trend = "converging" if after < before else "diverging" if after > before else "static"
                who = tuple(p for p, o, s in zip((a, b), old.stances, stances, strict=True) if o != s)
                pt = _PairTrack(day.date, trend=trend, moved=who, stances=stances)
            else:
                pt = old
                pt.restatements += 1 if a in parties or b in parties else 0
            pt.gap = abs(issue.index(stances[0]) - issue.index(stances[1]))
            pt.verdict = red_line_verdict(issue, (ha.stance, ha.red_line), (hb.stance, hb.red_line))
            live[(a, b)] = pt
        track.pairs = live
        deadlocked = any(pt.verdict.verdict == "deadlocked" for pt in live.values())
        if not deadlocked:
            track.deadlocked_since = None
        elif track.deadlocked_since is None:
            track.deadlocked_since = day.date
        agreed = _agreed(self.negotiation, issue, state)[0] == "agreed"
        if not agreed:
            track.agreed_since = None
        elif track.agreed_since is None:
            track.agreed_since = day.date
        holders = state.on_issue(issue.id)
        crossings = {}
        for held in holders:
            found = crossing_of(self.negotiation, held, holders, day.date)
            kept = track.crossings.get(held.party)
            if found is not None:
                same = kept is not None and (kept.stance, kept.red_line) == (found.stance, found.red_line)
                crossings[held.party] = kept if same and kept is not None else found
        track.crossings = crossings

    def result(self, state: State) -> Analysis:
        issues = []
        for issue in self.issues:
            track = self.tracks[issue.id]
            pairs = tuple(self._pair(issue.id, a, b, pt, state.as_of) for (a, b), pt in track.pairs.items())
            issues.append(self._issue(issue, track, pairs, state))
        return Analysis(self.negotiation, state, tuple(issues))

    def _quiet(self, since: date | None, restatements: int, as_of: date | None) -> bool:
        """Whether a quiet since `since` passed the negotiation's stalemate thresholds."""
        settings = self.negotiation.analysis
        days = (as_of - since).days if as_of and since else 0
        return restatements >= settings.stalemate_restatements or days >= settings.stalemate_days

    def _pair(self, issue: str, a: str, b: str, pt: _PairTrack, as_of: date | None) -> PairAnalysis:
        verdict = pt.verdict
        stalled = pt.gap > 0 and self._quiet(pt.stable_since, pt.restatements, as_of)
        holds = {
            "agreed": pt.gap == 0,
            "deadlocked": verdict.verdict == "deadlocked",
            "stalled": stalled,
            "converging": pt.trend == "converging",
            "diverging": pt.trend == "diverging",
            "open": verdict.verdict == "zone",
            "unclear": True,
        }
        status = next(s for s in PAIR_PRECEDENCE if holds[s])
        one_sided = None if verdict.one_sided is None else (a, b)[verdict.one_sided]
        return PairAnalysis(
            issue,
            a,
            b,
            pt.gap,
            verdict.verdict,
            verdict.range_gap,
            verdict.zone,
            "static" if stalled else pt.trend,
            pt.moved,
            pt.stable_since,
            pt.restatements,
            stalled,
            status,
            one_sided,
        )

    def _issue(
        self, issue: Issue, track: _IssueTrack, pairs: tuple[PairAnalysis, ...], state: State
    ) -> IssueAnalysis:
        agreement, aligned, silent = _agreed(self.negotiation, issue, state)
        apart = any(p.gap > 0 for p in pairs)
        stalled = (
            apart and agreement is None and self._quiet(track.last_move, track.restatements, state.as_of)
        )
        deadlocked = track.deadlocked_since is not None
        status: IssueStatus
        if agreement is not None:
            status = agreement
        elif deadlocked:
            status = "deadlocked"
        elif stalled:
            status = "stalled"
        else:  # a stalled pair speaks for itself only: someone else on the issue moved
            statuses = {_fallback(p.trend, p.verdict) if p.status == "stalled" else p.status for p in pairs}
            status = next((s for s in ISSUE_SEVERITY if s in statuses), "unclear")
        report, stale = track.report, None
        if report is not None and track.stale_since is not None:
            report, stale = None, track.report
        contradiction = None
        if report is not None and status in REPORT_CONTRADICTS.get(report.reported.status, ()):
            contradiction = (
                f"the source reports {report.reported.status} "
                f"({report.source.date.isoformat()}) while the computed status "
                f"is {status}"
            )
        return IssueAnalysis(
            issue=issue.id,
            status=status,
            pairs=pairs,
            deadlocked=deadlocked,
            deadlocked_since=track.deadlocked_since,
            deadlock_restatements=track.restatements if deadlocked else 0,
            stalled=stalled,
            stalled_since=track.last_move if stalled else None,
            stalled_restatements=track.restatements if stalled else 0,
            agreed_since=track.agreed_since if status == "agreed" else None,
            reported=report,
            contradiction=contradiction,
            last_move=track.last_move,
            restatements=track.restatements,
            aligned=aligned,
            silent=silent,
            reported_stale=stale,
            stale_since=track.stale_since if stale else None,
            crossings=tuple(track.crossings.values()),
        )


def _fallback(trend: Trend, verdict: Verdict) -> PairStatus:
    """A pair's status without the stall: its trend, else what its red lines say."""
    if trend != "static":
        return trend
    return "open" if verdict == "zone" else "unclear"


def _agreed(
    negotiation: Negotiation, issue: Issue, state: State
) -> tuple[IssueStatus | None, tuple[str, ...], tuple[str, ...]]:
    """("agreed" | "aligned" | None, the parties that coincide, the silent parties)."""
    held = {h.party: h for h in state.on_issue(issue.id) if not negotiation.is_mediator(h.party)}
    declared = [p.id for p in negotiation.parties if not p.mediator]
    holders = [p for p in declared if p in held]
    silent = tuple(p for p in declared if p not in held)
    if len(holders) < 2:
        return None, (), silent
    stances = {held[p].stance for p in holders}
    if len(stances) == 1:
        return ("aligned" if silent else "agreed"), tuple(holders), silent
    return None, (), silent


def analyse(negotiation: Negotiation, snapshots: Iterable[Snapshot], as_of: date | None = None) -> Analysis:
    """Fold the snapshots up to `as_of` and analyse every issue."""
    return analyse_with_previous(negotiation, snapshots, as_of)[0]


def analyse_with_previous(
    negotiation: Negotiation, snapshots: Iterable[Snapshot], as_of: date | None = None
) -> tuple[Analysis, State | None]:
    """The analysis as of `as_of`, and the state before its last snapshot date (one pass)."""
    analyser = Analyser(negotiation)
    state = State(None)
    previous: State | None = None
    for day in history(snapshots):
        if as_of is not None and day.date > as_of:
            break
        analyser.step(day)
        previous, state = state, day.state
    state = State(
        as_of if as_of is not None else state.as_of, state.positions, state.reported, state.conflicts
    )
    return analyser.result(state), previous


def analyse_state(negotiation: Negotiation, state: State, only: set[str] | None = None) -> Analysis:
    """Analyse a state without history (e.g. a single snapshot file): no stalemate or trend.

    `only` limits the analysis to these issues.
    """
    analyser = Analyser(negotiation, only)
    day = Day(state.as_of or date.min, (), state, frozenset(state.positions))
    analyser.step(day)
    return analyser.result(State(None, state.positions, state.reported, state.conflicts))
