"""Where the parties stand against each other: ranges, gaps, deadlock, stalemate, trend.

For every issue and every pair of parties on different sides that both hold a position:

- the **gap** is the distance between their stances, in scale steps;
- each party's **acceptable range** runs from its stance to its red line (just the stance
  when no red line is known). Ranges that overlap give a **zone** of possible agreement
  (the scale points in the overlap); disjoint ranges with both red lines known are a
  **deadlock**, and the distance between them is the range gap; otherwise the red-line
  verdict is **unclear** (unless the ranges already meet);
- the pair is **stalled** when the stances are apart and neither stance has moved while
  snapshots on `stalemate_restatements` dates restated them, or for `stalemate_days` days
  (both set per negotiation; several sources on one date count as one restatement);
- the **trend** is the effect of the latest stance movement in the pair, while the pair
  is not stalled: converging (gap shrank), diverging (gap grew) or static.

One status per pair, by precedence (the first that holds):
agreed (same stance) > deadlocked > stalled > converging > diverging > open (zone) > unclear.
An issue is agreed when every pair is; otherwise it takes the most serious status of its
pairs, in the order deadlocked, stalled, diverging, converging, open, unclear.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .fold import Day, HeldReport, State, history
from .model import Issue, Negotiation, Snapshot

PAIR_PRECEDENCE = ("agreed", "deadlocked", "stalled", "converging", "diverging", "open", "unclear")
ISSUE_SEVERITY = ("deadlocked", "stalled", "diverging", "converging", "open", "unclear")
# What a source's own word on the talks says, against the computed statuses it contradicts.
REPORT_CONTRADICTS = {
    "impasse": {"agreed", "open", "converging"},
    "no-progress": {"agreed", "converging"},
    "progress": {"deadlocked", "stalled", "diverging"},
    "agreed": {"deadlocked", "stalled", "diverging", "open", "unclear"},
}


@dataclass(frozen=True)
class PairAnalysis:
    issue: str
    a: str
    b: str
    gap: int
    verdict: str  # zone | deadlocked | unclear
    range_gap: int | None
    zone: tuple[str, ...]
    trend: str  # converging | diverging | static
    moved: tuple[str, ...]
    stable_since: date
    restatements: int
    restated_dates: int
    stalled: bool
    status: str


@dataclass(frozen=True)
class IssueAnalysis:
    issue: str
    status: str
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


@dataclass(frozen=True)
class Analysis:
    negotiation: Negotiation
    state: State
    issues: tuple[IssueAnalysis, ...]

    def issue(self, issue_id: str) -> IssueAnalysis:
        return next(i for i in self.issues if i.issue == issue_id)


def acceptable_range(issue: Issue, stance: str, red_line: str | None) -> tuple[int, int]:
    s = issue.index(stance)
    r = issue.index(red_line) if red_line else s
    return (min(s, r), max(s, r))


def red_line_verdict(issue: Issue, a: tuple[str, str | None], b: tuple[str, str | None]
                     ) -> tuple[str, int | None, tuple[str, ...]]:
    """(verdict, range gap, zone points) for two (stance, red line) pairs on one issue."""
    lo_a, hi_a = acceptable_range(issue, *a)
    lo_b, hi_b = acceptable_range(issue, *b)
    lo, hi = max(lo_a, lo_b), min(hi_a, hi_b)
    if lo <= hi:
        return "zone", None, tuple(p.id for p in issue.scale[lo:hi + 1])
    if a[1] is not None and b[1] is not None:
        return "deadlocked", lo - hi, ()
    return "unclear", None, ()


def opposing_pairs(negotiation: Negotiation, state: State, issue: str) -> list[tuple[str, str]]:
    held = [h.party for h in state.on_issue(issue)]
    order = {p.id: i for i, p in enumerate(negotiation.parties)}
    held.sort(key=lambda p: order.get(p, len(order)))
    return [(a, b) for i, a in enumerate(held) for b in held[i + 1:] if negotiation.opposed(a, b)]


@dataclass
class _PairTrack:
    stable_since: date
    restatements: int
    dates: int = 1
    trend: str = "static"
    moved: tuple[str, ...] = ()
    stances: tuple[str, str] = ("", "")
    gap: int = 0
    verdict: tuple[str, int | None, tuple[str, ...]] = ("unclear", None, ())


@dataclass
class _IssueTrack:
    deadlocked_since: date | None = None
    deadlock_restatements: int = 0
    agreed_since: date | None = None
    pairs: dict[tuple[str, str], _PairTrack] = field(default_factory=dict)


class _Analyser:
    """Walks the history once, keeping what the statuses need to know about the past."""

    def __init__(self, negotiation: Negotiation, only: set[str] | None = None):
        self.negotiation = negotiation
        self.issues = [i for i in negotiation.issues if only is None or i.id in only]
        self.tracks = {issue.id: _IssueTrack() for issue in self.issues}
        self.previous: State | None = None

    def step(self, day: Day) -> None:
        """Take one date of the history into account.

        Only the issues the date touches are looked at, and the pairs and deadlock of an
        issue are recomputed only when a stance or red line on it moved: a restatement
        only adds to the counts. This keeps a long history cheap to walk.
        """
        before = self.previous.positions if self.previous else {}
        after = day.state.positions
        touched: dict[str, set[str]] = {}  # issue -> parties the date reports on it
        moved: set[str] = set()
        for party, issue_id in day.touched:
            touched.setdefault(issue_id, set()).add(party)
            old, new = before.get((party, issue_id)), after.get((party, issue_id))
            if old is None or new is None or old.stance != new.stance or \
                    old.red_line != new.red_line:
                moved.add(issue_id)
        reports = _reports_by_snapshot(day) if len(day.snapshots) > 1 else None
        for issue_id, parties in touched.items():
            track = self.tracks.get(issue_id)
            if track is None:
                continue
            issue = self.negotiation.issue_by_id[issue_id]
            if reports is None:
                snapshots_on_issue = 1
            else:
                snapshots_on_issue = sum(1 for keys in reports if any(
                    k[1] == issue_id for k in keys))
            if issue_id in moved:
                self._recompute(issue, track, day)
            else:
                for (a, b), pt in track.pairs.items():
                    if a in parties or b in parties:
                        n = 1 if reports is None else sum(
                            1 for keys in reports if (a, issue_id) in keys or (b, issue_id) in keys)
                        pt.restatements += n
                        pt.dates += 1
            if track.deadlocked_since is not None and issue_id not in moved:
                track.deadlock_restatements += snapshots_on_issue
        self.previous = day.state

    def _recompute(self, issue: Issue, track: _IssueTrack, day: Day) -> None:
        """Pairs, deadlock and agreement of an issue after a move on it."""
        state = day.state
        pairs = opposing_pairs(self.negotiation, state, issue.id)
        live = {}
        for a, b in pairs:
            ha, hb = state.get(a, issue.id), state.get(b, issue.id)
            assert ha is not None and hb is not None
            stances = (ha.stance, hb.stance)
            n = _pair_snapshots(day, a, b, issue.id)
            old = track.pairs.get((a, b))
            if old is None:
                live[(a, b)] = _PairTrack(day.date, n, dates=1 if n else 0, stances=stances)
            elif old.stances != stances:
                gap_before = abs(issue.index(old.stances[0]) - issue.index(old.stances[1]))
                gap_after = abs(issue.index(stances[0]) - issue.index(stances[1]))
                trend = ("converging" if gap_after < gap_before else
                         "diverging" if gap_after > gap_before else "static")
                who = tuple(p for p, o, s in zip((a, b), old.stances, stances, strict=True)
                            if o != s)
                live[(a, b)] = _PairTrack(day.date, n, trend=trend, moved=who, stances=stances)
            else:
                old.restatements += n
                old.dates += 1 if n else 0
                live[(a, b)] = old
        track.pairs = live
        for (a, b), pt in live.items():  # what the result reads until the issue moves again
            pt.gap = abs(issue.index(pt.stances[0]) - issue.index(pt.stances[1]))
            pt.verdict = self.verdict(issue, state, a, b)
        deadlocked = any(pt.verdict[0] == "deadlocked" for pt in live.values())
        if deadlocked and track.deadlocked_since is None:
            track.deadlocked_since = day.date
            track.deadlock_restatements = 0  # the date that opens a deadlock moved something
        elif not deadlocked:
            track.deadlocked_since = None
            track.deadlock_restatements = 0
        agreed = bool(live) and all(pt.gap == 0 for pt in live.values())
        if agreed and track.agreed_since is None:
            track.agreed_since = day.date
        elif not agreed:
            track.agreed_since = None

    def verdict(self, issue: Issue, state: State, a: str, b: str
                ) -> tuple[str, int | None, tuple[str, ...]]:
        ha, hb = state.get(a, issue.id), state.get(b, issue.id)
        assert ha is not None and hb is not None
        return red_line_verdict(issue, (ha.stance, ha.red_line), (hb.stance, hb.red_line))

    @staticmethod
    def _gap(issue: Issue, state: State, a: str, b: str) -> int:
        ha, hb = state.get(a, issue.id), state.get(b, issue.id)
        assert ha is not None and hb is not None
        return abs(issue.index(ha.stance) - issue.index(hb.stance))

    def result(self, state: State) -> Analysis:
        settings = self.negotiation.analysis
        as_of = state.as_of
        issues = []
        for issue in self.issues:
            track = self.tracks[issue.id]
            pairs = []
            for (a, b), pt in track.pairs.items():
                gap = pt.gap
                verdict, range_gap, zone = pt.verdict
                days = (as_of - pt.stable_since).days if as_of else 0
                stalled = gap > 0 and (pt.dates >= settings.stalemate_restatements
                                       or days >= settings.stalemate_days)
                trend = "static" if stalled else pt.trend
                if gap == 0:
                    status = "agreed"
                elif verdict == "deadlocked":
                    status = "deadlocked"
                elif stalled:
                    status = "stalled"
                elif trend != "static":
                    status = trend
                elif verdict == "zone":
                    status = "open"
                else:
                    status = "unclear"
                pairs.append(PairAnalysis(issue.id, a, b, gap, verdict, range_gap, zone, trend,
                                          pt.moved, pt.stable_since, pt.restatements, pt.dates,
                                          stalled,
                                          status))
            issues.append(self._issue(issue, track, tuple(pairs), state))
        return Analysis(self.negotiation, state, tuple(issues))

    def _issue(self, issue: Issue, track: _IssueTrack, pairs: tuple[PairAnalysis, ...],
               state: State) -> IssueAnalysis:
        statuses = [p.status for p in pairs]
        if not pairs:
            status = "unclear"
        elif all(s == "agreed" for s in statuses):
            status = "agreed"
        else:
            status = next(s for s in ISSUE_SEVERITY if s in statuses)
        stalled = [p for p in pairs if p.stalled]
        # The pair stalled longest speaks for the issue: its start and its restatements.
        longest = min(stalled, key=lambda p: (p.stable_since, -p.restatements), default=None)
        reported = state.reported.get(issue.id)
        contradiction = None
        if reported is not None:
            word = reported.reported.status
            if status in REPORT_CONTRADICTS.get(word, set()):
                contradiction = (f"the source reports {word} "
                                 f"({reported.source.date.isoformat()}) while the computed status "
                                 f"is {status}")
        return IssueAnalysis(
            issue=issue.id,
            status=status,
            pairs=pairs,
            deadlocked=track.deadlocked_since is not None,
            deadlocked_since=track.deadlocked_since,
            deadlock_restatements=track.deadlock_restatements,
            stalled=bool(stalled),
            stalled_since=longest.stable_since if longest else None,
            stalled_restatements=longest.restatements if longest else 0,
            agreed_since=track.agreed_since if status == "agreed" else None,
            reported=reported,
            contradiction=contradiction,
        )


def _reports_by_snapshot(day: Day) -> list[set[tuple[str, str]]]:
    """The (party, issue) keys each snapshot of the date reports."""
    return [{(p.party, p.issue) for p in s.positions} for s in day.snapshots]


def _pair_snapshots(day: Day, a: str, b: str, issue: str) -> int:
    """How many of the day's snapshots report a position of `a` or `b` on `issue`."""
    return sum(
        1 for snapshot in day.snapshots
        if any(p.issue == issue and p.party in (a, b) for p in snapshot.positions)
    )


def analyse(negotiation: Negotiation, snapshots: Iterable[Snapshot],
            as_of: date | None = None) -> Analysis:
    """Fold the snapshots up to `as_of` and analyse every issue."""
    return analyse_with_previous(negotiation, snapshots, as_of)[0]


def analyse_with_previous(negotiation: Negotiation, snapshots: Iterable[Snapshot],
                          as_of: date | None = None) -> tuple[Analysis, State | None]:
    """The analysis as of `as_of`, and the state before its last snapshot date (one pass)."""
    analyser = _Analyser(negotiation)
    state = State(None)
    previous: State | None = None
    for day in history(snapshots):
        if as_of is not None and day.date > as_of:
            break
        analyser.step(day)
        previous, state = state, day.state
    state = State(as_of if as_of is not None else state.as_of, state.positions, state.reported,
                  state.conflicts)
    return analyser.result(state), previous


def analyses(negotiation: Negotiation, snapshots: Iterable[Snapshot]
             ) -> Iterator[tuple[Day, Analysis]]:
    """The analysis after each date of the history, oldest first (one pass)."""
    analyser = _Analyser(negotiation)
    for day in history(snapshots):
        analyser.step(day)
        yield day, analyser.result(day.state)


def analyse_state(negotiation: Negotiation, state: State,
                  only: set[str] | None = None) -> Analysis:
    """Analyse a state without history (e.g. a single snapshot file): no stalemate or trend.

    `only` limits the analysis to these issues.
    """
    analyser = _Analyser(negotiation, only)
    day = Day(state.as_of or date.min, (), state, frozenset(state.positions))
    analyser.step(day)
    return analyser.result(State(None, state.positions, state.reported, state.conflicts))
