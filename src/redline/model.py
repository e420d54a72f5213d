"""redline's data model: what the YAML files say, as frozen dataclasses.

Everything after loading and validation works on these types, never on raw YAML.
Dates are `datetime.date`; every record keeps the line it was written on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple


@dataclass(frozen=True)
class ScalePoint:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Issue:
    """An issue and its ordered scale, from one pole to the other."""

    id: str
    title: str
    scale: tuple[ScalePoint, ...]
    description: str = ""
    keywords: tuple[str, ...] = ()  # words naming the issue in a text, besides title and labels

    @cached_property
    def _index(self) -> dict[str, int]:
        return {point.id: i for i, point in enumerate(self.scale)}

    def index(self, point: str) -> int:
        """Position of a scale point, 0 at the first pole."""
        return self._index[point]

    def has(self, point: str) -> bool:
        return point in self._index

    def label(self, point: str | None) -> str:
        if point is None:
            return ""
        return self.scale[self._index[point]].label if point in self._index else point


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    side: str | None = None
    role: str | None = None  # "mediator", or None for a party with positions of its own

    @property
    def camp(self) -> str:
        """The side the party is on; a party without one is a side of its own."""
        return self.side or f"party:{self.id}"

    @property
    def mediator(self) -> bool:
        """A mediator is nobody's counterpart, and does not count toward agreement."""
        return self.role == "mediator"


@dataclass(frozen=True)
class AnalysisSettings:
    stalemate_restatements: int = 3
    stalemate_days: int = 30


@dataclass(frozen=True)
class Negotiation:
    id: str
    title: str
    parties: tuple[Party, ...]
    issues: tuple[Issue, ...]
    description: str = ""
    accept_aliases: bool = False
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    path: str = ""

    @cached_property
    def party_by_id(self) -> dict[str, Party]:
        return {p.id: p for p in self.parties}

    @cached_property
    def issue_by_id(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    def opposed(self, a: str, b: str) -> bool:
        """Whether two parties are counterparts: on different sides, and neither a mediator.

        Allies (one `side`) are not compared, and a mediator is nobody's counterpart.
        """
        pa, pb = self.party_by_id.get(a), self.party_by_id.get(b)
        if pa is None or pb is None or a == b or pa.mediator or pb.mediator:
            return False
        return pa.camp != pb.camp

    def counterparts(self, party: str) -> tuple[str, ...]:
        """The parties `party` is compared with, in declaration order."""
        found = self._counterparts.get(party)
        if found is None:
            found = self._counterparts[party] = tuple(p.id for p in self.parties if self.opposed(party, p.id))
        return found

    @cached_property
    def _counterparts(self) -> dict[str, tuple[str, ...]]:
        return {}

    def is_mediator(self, party: str) -> bool:
        p = self.party_by_id.get(party)
        return p is not None and p.mediator

    def party_name(self, party: str) -> str:
        p = self.party_by_id.get(party)
        return p.name if p else party


# Quote and Position are immutable named tuples rather than frozen dataclasses: an
# archive holds hundreds of thousands of them, and they build five times faster.
class Quote(NamedTuple):
    speaker: str
    text: str
    line: int = 0
    supports: str = "stance"  # "stance" or "red_line": what the quote is evidence for


@dataclass(frozen=True)
class Source:
    title: str
    kind: str
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: date | None = None
    text: str = ""


class Position(NamedTuple):
    """One party's position on one issue, as one snapshot reports it.

    `red_line` None with `red_line_withdrawn` False means the source does not address the
    red line (the standing one carries on); `red_line_withdrawn` means `red_line: null`.
    """

    party: str
    issue: str
    stance: str | None = None
    red_line: str | None = None
    summary: str = ""
    quotes: tuple[Quote, ...] = ()
    withdrawn: bool = False
    line: int = 0
    stance_line: int = 0
    red_line_line: int = 0
    red_line_withdrawn: bool = False


@dataclass(frozen=True)
class Reported:
    """What a source itself says of the talks on one issue (impasse, progress...)."""

    issue: str
    status: str
    summary: str = ""
    quote: Quote | None = None
    line: int = 0


@dataclass(frozen=True)
class Event:
    date: date
    title: str
    parties: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Snapshot:
    """What one source document reports on one date."""

    date: date
    path: str
    source: Source
    positions: tuple[Position, ...] = ()
    reported: tuple[Reported, ...] = ()
    events: tuple[Event, ...] = ()

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]
