"""The review as values: files, changes, effects, flags, problems; what renderers read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from ..compare import Change, StatusChange
from ..fold import Key
from ..gitfiles import Revision
from ..model import Negotiation, Quote, Source
from ..problems import Problem, has_errors
from ..redlines import Crossing
from ..vocabulary import ReviewFlag, StatusEvent

DEADLOCK_EVENTS: tuple[StatusEvent, ...] = ("entered deadlock", "left deadlock")
Day = date  # for fields declared after a field named `date`


@dataclass(frozen=True)
class Stated:
    """One position of a new snapshot, against the folded state before it: the moves it
    causes there, none when it restates what was held."""

    party: str
    issue: str
    line: int
    moves: tuple[Change, ...] = ()
    quotes: tuple[Quote, ...] = ()
    withdrawn: bool = False
    stance_line: int = 0
    red_line_line: int = 0
    stance: str | None = None
    red_line: str | None = None
    red_line_withdrawn: bool = False  # the snapshot says `red_line: null`

    @property
    def restates(self) -> bool:
        return not self.moves and not self.withdrawn


@dataclass(frozen=True)
class FileChange:
    """One snapshot file (or negotiation.yaml) the change touches, with what changed in it."""

    status: str  # added | modified | deleted | renamed
    path: str  # at the head; at the base when deleted or moved out of the negotiation
    old_path: str = ""  # at the base, when renamed
    changes: tuple[Change, ...] = ()
    compared: bool = True  # False when one side has errors: changes not computed
    date: date | None = None
    old_date: Day | None = None  # the snapshot's date at the base, when it changed
    stated: tuple[Stated, ...] = ()  # of an added snapshot: each position, moves or restates
    source: Source | None = None  # of an added snapshot


@dataclass(frozen=True)
class Effect:
    """How the folded state as of one date differs from the base to the head."""

    date: date
    changes: tuple[Change, ...]
    status_changes: tuple[StatusChange, ...] = ()
    ripple: bool = False  # a date the change does not touch, where its effect shifts
    # positions an unchanged snapshot of this date moves differently: (at the base, at the head)
    retold: tuple[tuple[Change | None, Change | None], ...] = ()


@dataclass(frozen=True)
class Flag:
    """Something a reviewer should look at, at a file and line (0: the whole file)."""

    code: ReviewFlag
    message: str
    path: str
    line: int = 0


@dataclass(frozen=True)
class NegotiationReview:
    folder: str
    negotiation: Negotiation | None  # the head's, else the base's; None when neither is valid
    files: tuple[FileChange, ...]
    effects: tuple[Effect, ...] = ()
    definition: tuple[str, ...] = ()  # what changed in negotiation.yaml
    note: str = ""  # why effects were not computed
    today: Effect | None = None  # how the latest state differs, when it does
    crossings: tuple[Crossing, ...] = ()  # red lines crossed at the head's latest date, anew

    @property
    def id(self) -> str:
        return PurePosixPath(self.folder).name


@dataclass(frozen=True)
class Summary:
    files: int = 0
    added: int = 0
    changed: int = 0
    withdrawn: int = 0
    removed: int = 0
    reworded: int = 0
    entering_deadlock: int = 0
    leaving_deadlock: int = 0
    errors: int = 0
    warnings: int = 0
    flags: int = 0
    moves: int = 0  # in the folded state, at the dates the change touches
    restatements: int = 0  # positions of added snapshots that move nothing
    status_changes: int = 0  # in the latest state


@dataclass(frozen=True)
class Review:
    base: Revision
    head: Revision
    root: str
    negotiations: tuple[NegotiationReview, ...]
    flags: tuple[Flag, ...]
    problems: tuple[Problem, ...]  # of the head, in the touched negotiations
    base_problems: tuple[Problem, ...]
    base_is_ancestor: bool = True
    today: date | None = None

    @property
    def valid(self) -> bool:
        return not has_errors(list(self.problems))

    @property
    def summary(self) -> Summary:
        counts = {"added": 0, "changed": 0, "withdrawn": 0, "removed": 0, "reworded": 0}
        entering: set[tuple[str, str]] = set()
        leaving: set[tuple[str, str]] = set()
        files = 0
        for neg in self.negotiations:
            files += len(neg.files)
            for fc in neg.files:
                by_key: dict[Key, set[str]] = {}
                for c in fc.changes:
                    by_key.setdefault((c.party, c.issue), set()).add(c.kind)
                for kinds in by_key.values():
                    for kind in ("added", "withdrawn", "removed"):
                        counts[kind] += kind in kinds
                    if kinds & {"stance", "red_line"}:
                        counts["changed"] += 1
                    elif not kinds & {"added", "withdrawn", "removed"}:
                        counts["reworded"] += 1
            for effect in neg.effects:
                for s in effect.status_changes:
                    if s.event == "entered deadlock":
                        entering.add((neg.folder, s.issue))
                    elif s.event == "left deadlock":
                        leaving.add((neg.folder, s.issue))
        errors = sum(1 for p in self.problems if p.severity == "error")
        restated = sum(1 for neg in self.negotiations for fc in neg.files for s in fc.stated if s.restates)
        statuses = sum(len(neg.today.status_changes) for neg in self.negotiations if neg.today)
        return Summary(
            files,
            counts["added"],
            counts["changed"],
            counts["withdrawn"],
            counts["removed"],
            counts["reworded"],
            len(entering),
            len(leaving),
            errors,
            len(self.problems) - errors,
            len(self.flags),
            len(self.moves),
            restated,
            statuses,
        )

    @property
    def moves(self) -> tuple[tuple[NegotiationReview, Change], ...]:
        """The moves the change makes, each once: those of added snapshots in the new
        history, and the other files' effects at the dates they touch (not ripples)."""
        seen: set[tuple[str, str, str, str, str | None, str | None]] = set()
        out = []
        for neg in self.negotiations:
            added = {fc.date for fc in neg.files if fc.stated}
            found = [c for fc in neg.files for s in fc.stated for c in s.moves]
            found += [c for e in neg.effects if not e.ripple and e.date not in added for c in e.changes]
            for c in sorted(found, key=lambda c: (c.date or date.min, c.party, c.issue)):
                key = (neg.id, c.party, c.issue, c.kind, c.old, c.new)
                if key not in seen:
                    seen.add(key)
                    out.append((neg, c))
        return tuple(out)
