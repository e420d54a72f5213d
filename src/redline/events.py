"""The events the sources name, each once: one date, one meeting, however it is worded.

Two sources may name one meeting differently ("OSCE Permanent Council meeting in
Vienna", "Negotiations at the OSCE"). Events of one date are one event when their titles
are the same once case, dashes and punctuation are set aside, when one title holds the
other, or when they share an acronym (a word of three or more capitals, such as OSCE).
The title kept is the one most sources use, then the longest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .fold import SourceRef
from .model import Snapshot

_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


@dataclass(frozen=True)
class Upcoming:
    """An event as the sources name it, with every party and every source naming it."""

    date: date
    title: str
    parties: tuple[str, ...]
    sources: tuple[SourceRef, ...]


def _plain(title: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", title.casefold()).split())


def same_event(one: str, other: str) -> bool:
    """Whether two titles of events on one date name the same event."""
    a, b = _plain(one), _plain(other)
    if a == b or (a and b and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")):
        return True
    return bool(set(_ACRONYM.findall(one)) & set(_ACRONYM.findall(other)))


def merge_events(snapshots: list[Snapshot]) -> tuple[Upcoming, ...]:
    """Every event of `snapshots`, merged as `same_event` says, oldest first."""
    groups: list[tuple[date, list[tuple[str, tuple[str, ...], SourceRef]]]] = []
    for snapshot in sorted(snapshots, key=lambda s: (s.date, s.path)):
        ref = SourceRef.of(snapshot)
        for event in snapshot.events:
            group = next(
                (
                    g
                    for d, g in groups
                    if d == event.date and any(same_event(event.title, t) for t, _, _ in g)
                ),
                None,
            )
            if group is None:
                groups.append((event.date, group := []))
            group.append((event.title, event.parties, ref))
    out = []
    for when, group in groups:
        titles = [t for t, _, _ in group]
        title = max(dict.fromkeys(titles), key=lambda t: (titles.count(t), len(t)))
        parties = tuple(dict.fromkeys(p for _, ps, _ in group for p in ps))
        sources = tuple({r.path: r for _, _, r in group}.values())
        out.append(Upcoming(when, title, parties, sources))
    return tuple(sorted(out, key=lambda e: (e.date, e.title)))
