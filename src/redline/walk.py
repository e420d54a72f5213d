"""The analysis date by date along a history (`analyses`), and where nobody looks, not at
all (`analyses_since`); the first dates of several histories folded and analysed once
(`Prefix`: a review's two sides before the first date its change touches).

A walk is a `Course`: it folds the history a date at a time, as it is read, and can tell
when another walk's analyser knows the same as its own (`joins`), after which the same
snapshots give both the same states and analyses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from .analysis import Analyser, Analysis
from .fold import Day, State, history
from .model import Negotiation, Snapshot


def analyses(negotiation: Negotiation, snapshots: Iterable[Snapshot]) -> Iterator[tuple[Day, Analysis]]:
    """The analysis after each date of the history, oldest first (one pass)."""
    for day, analysis in analyses_since(negotiation, snapshots, None):
        assert analysis is not None
        yield day, analysis


@dataclass(frozen=True)
class Prefix:
    """The first dates of a history, folded and analysed once, for several histories that
    share them (a review's two sides before the first date the change touches)."""

    analyser: Analyser
    state: State  # after the last of those dates
    analysis: Analysis  # standing after the last of those dates
    end: date | None  # the last of those dates; None when there are none

    @classmethod
    def of(cls, negotiation: Negotiation, snapshots: Iterable[Snapshot]) -> Prefix:
        analyser, state, end = Analyser(negotiation), State(None), None
        for day in history(snapshots):
            analyser.step(day)
            state, end = day.state, day.date
        return cls(analyser, state, analyser.result(state), end)


def analyses_since(
    negotiation: Negotiation, snapshots: Iterable[Snapshot], since: date | None, prefix: Prefix | None = None
) -> Course:
    """`analyses`, where a date before `since` has None for its analysis unless it is the
    last date before `since` (the analysis standing on `since`) or the last of all: the
    history is folded from the start, but not analysed where no one looks.

    With a `prefix`, `snapshots` are those dated after it: the walk goes on from the
    prefix's state (on a copy of its analyser), whose own dates are not yielded again.
    The history is folded a date at a time, as the walk is read."""
    return Course(negotiation, snapshots, since, prefix)


class Course:
    """The walk `analyses_since` yields, with what its analyser knows in view: two walks
    whose analysers know the same (`joins`), fed the same snapshots from then on, yield
    equal states and analyses."""

    def __init__(
        self,
        negotiation: Negotiation,
        snapshots: Iterable[Snapshot],
        since: date | None,
        prefix: Prefix | None = None,
    ):
        self.analyser = prefix.analyser.fork() if prefix is not None else Analyser(negotiation)
        self.since = since
        self._days = history(snapshots, prefix.state if prefix is not None else None)
        self._next = next(self._days, None)

    def __iter__(self) -> Course:
        return self

    def __next__(self) -> tuple[Day, Analysis | None]:
        day = self._next
        if day is None:
            raise StopIteration
        self._next = following = next(self._days, None)
        self.analyser.step(day)
        since = self.since
        needed = since is None or day.date >= since or following is None or following.date >= since
        return day, self.analyser.result(day.state) if needed else None

    @property
    def upcoming(self) -> date | None:
        """The date the walk yields next (folded already, not analysed); None at the end."""
        return self._next.date if self._next is not None else None

    def joins(self, other: Course) -> bool:
        """Whether both analysers stand on equal positions and reports and keep equal
        tracks of the past: then, from the same snapshots on, nothing tells them apart."""
        a, b = self.analyser, other.analyser
        if a.tracks != b.tracks:
            return False
        if a.previous is None or b.previous is None:
            return a.previous is b.previous
        return a.previous.positions == b.previous.positions and a.previous.reported == b.previous.reported
