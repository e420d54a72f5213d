"""Red lines against stances: acceptable ranges, zones, deadlocks and crossings.

- A party's **acceptable range** on an issue runs from its stance to its red line (just
  the stance when no red line stands).
- Two counterparts whose ranges overlap have a **zone** of possible agreement; when only
  one of them has a red line, the zone rests on that red line alone (the other's stance
  lies inside that range) and is **one-sided**. Disjoint ranges with both red lines known
  are a **deadlock**; otherwise the red lines say nothing yet (**unclear**).
- A party **crosses** its own red line when its stance lies beyond it: on the far side
  of the red line from the stance it held when it stated the red line. When it stood
  exactly on its red line then, the far side is the side of its counterparts' stances
  (or, for a red line at one end of the scale, the only other side).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .fold import Day, Held, history
from .model import Issue, Negotiation, Snapshot
from .problems import Problem
from .vocabulary import Verdict

RED_LINE_CROSSED = "red-line-crossed"


def acceptable_range(issue: Issue, stance: str, red_line: str | None) -> tuple[int, int]:
    s = issue.index(stance)
    r = issue.index(red_line) if red_line else s
    return (min(s, r), max(s, r))


@dataclass(frozen=True)
class RedLineVerdict:
    verdict: Verdict
    range_gap: int | None = None
    zone: tuple[str, ...] = ()
    one_sided: int | None = None  # 0 or 1: whose red line alone makes the zone


def red_line_verdict(issue: Issue, a: tuple[str, str | None], b: tuple[str, str | None]) -> RedLineVerdict:
    """What the (stance, red line) pairs of two counterparts on one issue say."""
    lo_a, hi_a = acceptable_range(issue, *a)
    lo_b, hi_b = acceptable_range(issue, *b)
    lo, hi = max(lo_a, lo_b), min(hi_a, hi_b)
    if lo <= hi:
        zone = tuple(p.id for p in issue.scale[lo : hi + 1])
        one_sided = None
        if a[0] != b[0] and (a[1] is None) != (b[1] is None):
            one_sided = 0 if a[1] is not None else 1
        return RedLineVerdict("zone", None, zone, one_sided)
    if a[1] is not None and b[1] is not None:
        return RedLineVerdict("deadlocked", lo - hi)
    return RedLineVerdict("unclear")


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


def crossed(issue: Issue, held: Held, counterpart_stances: Iterable[str]) -> bool:
    """Whether `held`'s stance lies beyond its own standing red line."""
    if held.red_line is None:
        return False
    red, stance = issue.index(held.red_line), issue.index(held.stance)
    if stance == red:
        return False
    own_side = _sign(issue.index(held.red_line_stance or held.red_line) - red)
    if own_side:
        return _sign(stance - red) == -own_side
    far = {_sign(issue.index(s) - red) for s in counterpart_stances} - {0}
    if len(far) != 1:  # counterparts on both sides, or none: only the scale's ends tell
        far = {1} if red == 0 else {-1} if red == len(issue.scale) - 1 else set()
    return far == {_sign(stance - red)}


@dataclass(frozen=True)
class Crossing:
    """A party's stance beyond its own standing red line, from `date` on."""

    party: str
    issue: str
    date: dt.date
    stance: str
    red_line: str
    path: str  # the snapshot that reports the crossing stance
    red_line_path: str  # the snapshot that stated the red line
    red_line_date: dt.date | None = None


def crossing_of(
    negotiation: Negotiation, held: Held, holders: Iterable[Held], when: dt.date
) -> Crossing | None:
    """The crossing `held` makes as of `when`, given the positions on its issue."""
    issue = negotiation.issue_by_id[held.issue]
    others = [h.stance for h in holders if negotiation.opposed(held.party, h.party)]
    if held.red_line is None or not crossed(issue, held, others):
        return None
    ref = held.red_line_source
    return Crossing(
        held.party,
        held.issue,
        when,
        held.stance,
        held.red_line,
        held.source.path,
        ref.path if ref else "",
        ref.date if ref else None,
    )


def crossing_problems(negotiation: Negotiation, snapshots: Iterable[Snapshot]) -> list[Problem]:
    """`red-line-crossed` warnings: each stance reported beyond the party's own red line."""
    return [p for day in history(snapshots) for p in day_crossings(negotiation, day)]


def day_crossings(negotiation: Negotiation, day: Day) -> list[Problem]:
    """The `red-line-crossed` warnings of one date of the history: they depend on that
    date's state and the positions its snapshots report, nothing else."""
    problems = []
    for party, issue_id in sorted(day.touched):
        held = day.state.get(party, issue_id)
        if held is None or held.since != day.date or issue_id not in negotiation.issue_by_id:
            continue  # a restated crossing was reported when it began
        found = crossing_of(negotiation, held, day.state.on_issue(issue_id), day.date)
        if found is None:
            continue
        position = held.evidence[0][0]
        problems.append(
            Problem(
                held.source.path,
                position.stance_line or position.line,
                1,
                f"{party}'s stance on {issue_id} ({held.stance}) lies beyond its own red line "
                f"({held.red_line}, stated in {found.red_line_path}); "
                "record the new red line, or `red_line: null` if the source reports it withdrawn",
                RED_LINE_CROSSED,
                "warning",
            )
        )
    return problems
