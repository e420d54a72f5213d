"""The briefing: what `redline brief` says, as one value built from the views.

`build_briefing` gathers, for one negotiation as of one date, everything a briefing
shows: the report (state, analysis, statuses), the classified moves since an earlier
date (date by date, newest first), the status changes over that span, the quotes behind
the positions held, the events still ahead, each party's stance over time for the
charts, and the numbered list of the sources all of it cites.

It computes nothing of its own about positions: folding, diffs, statuses, deadlocks
and zones come from `views`, `fold`, `compare` and `analysis`. It does no I/O and never
reads the clock, so the same data and options always give the same briefing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .compare import Change, StatusChange
from .errors import UsageError
from .fold import SourceRef, history
from .model import Negotiation, Snapshot
from .views import Report, build_date_diff, build_report


@dataclass(frozen=True)
class Move:
    """A classified change of one party's position, on the date it happened."""

    date: date
    change: Change
    source: SourceRef


@dataclass(frozen=True)
class KeyQuote:
    """A verbatim quote behind a position held (party) or a source's word on the talks."""

    issue: str
    party: str | None  # None: the source's own word on the talks (`reported:`)
    speaker: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class Upcoming:
    """An event after the as-of date, as the sources up to that date announce it."""

    date: date
    title: str
    parties: tuple[str, ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Segment:
    """One party's stance on one issue over a span of dates."""

    party: str
    stance: str
    start: date
    end: date  # exclusive: the date it changed or was withdrawn, else the day after as-of


@dataclass(frozen=True)
class Chart:
    """Each party's stance on one issue over time, party by party, oldest first."""

    issue: str
    segments: tuple[Segment, ...]

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.party for s in self.segments))


@dataclass(frozen=True)
class Briefing:
    negotiation: Negotiation
    as_of: date
    since: date | None  # None: nothing earlier to compare with
    report: Report
    moves: tuple[Move, ...]  # newest first
    status_changes: tuple[StatusChange, ...]  # between `since` and `as_of`
    quotes: tuple[KeyQuote, ...]  # per issue: one per party holding a position, then the
    #                               sources' own word on the talks
    events: tuple[Upcoming, ...]
    charts: tuple[Chart, ...]
    sources: tuple[SourceRef, ...]  # every source cited, oldest first: [1], [2]...

    def cite(self, source: SourceRef) -> int:
        """The number of a source in the source list (1-based)."""
        return next(i for i, s in enumerate(self.sources, 1) if s.path == source.path)

    def key_quote(self, issue: str) -> KeyQuote | None:
        """The quote that speaks for an issue: the newest behind a position held, else
        the sources' own word; ties go to the first party, then the first quote."""
        held = [q for q in self.quotes if q.issue == issue and q.party is not None]
        if held:
            newest = max(q.source.date for q in held)
            return next(q for q in held if q.source.date == newest)
        return next((q for q in self.quotes if q.issue == issue), None)


def default_since(snapshots: Iterable[Snapshot], as_of: date | None) -> date | None:
    """The snapshot date before the latest one on or before `as_of` (as `diff` does)."""
    dates = sorted({s.date for s in snapshots if as_of is None or s.date <= as_of})
    return dates[-2] if len(dates) >= 2 else None


def build_briefing(negotiation: Negotiation, snapshots: list[Snapshot],
                   as_of: date | None = None, since: date | None = None) -> Briefing:
    """The briefing as of `as_of` (default: the latest snapshot date), with the moves
    since `since` (default: `default_since`)."""
    used = sorted((s for s in snapshots if as_of is None or s.date <= as_of),
                  key=lambda s: (s.date, s.path))
    if not used:
        when = f" on or before {as_of.isoformat()}" if as_of else ""
        raise UsageError(f"nothing to brief: no snapshot{when}")
    as_of = as_of or used[-1].date
    if since is None:
        since = default_since(used, as_of)
    elif since > as_of:
        raise UsageError(f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}")
    report = build_report(negotiation, used, as_of)
    moves: tuple[Move, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()
    if since is not None:
        moves = _moves(negotiation, used, since, as_of)
        status_changes = build_date_diff(negotiation, used, since, as_of).status_changes
    quotes = _quotes(negotiation, report)
    events = _events(used, as_of)
    charts = _charts(negotiation, used, as_of)
    cited = [h.source for h in report.analysis.state.positions.values()]
    cited += [q.source for q in quotes] + [m.source for m in moves]
    cited += [s for e in events for s in e.sources]
    cited += [i.reported.source for i in report.analysis.issues if i.reported is not None]
    sources = tuple(sorted({s.path: s for s in cited}.values(), key=lambda s: (s.date, s.path)))
    return Briefing(negotiation, as_of, since, report, moves, status_changes, quotes, events,
                    charts, sources)


def _moves(negotiation: Negotiation, used: list[Snapshot], since: date, as_of: date
           ) -> tuple[Move, ...]:
    """The moves date by date from `since` to `as_of`, newest first.

    Each snapshot date is compared with the one before it, so a move and its reversal
    both show, each on its own date, with the source that reported it.
    """
    dates = sorted({s.date for s in used if since < s.date <= as_of})
    out: list[Move] = []
    previous = since
    for day in dates:
        diff = build_date_diff(negotiation, used, previous, day)
        todays = [s for s in used if s.date == day]
        for change in diff.changes:
            out.append(Move(day, change, _reporter(todays, change, used)))
        previous = day
    return tuple(sorted(out, key=lambda m: m.date, reverse=True))


def _reporter(todays: list[Snapshot], change: Change, used: list[Snapshot]) -> SourceRef:
    """The first of the day's snapshots (by file name) that reports the changed position."""
    for snapshot in todays:
        if any((p.party, p.issue) == (change.party, change.issue) for p in snapshot.positions):
            return SourceRef.of(snapshot)
    return SourceRef.of(next(s for s in used if s.path == change.path))


def _quotes(negotiation: Negotiation, report: Report) -> tuple[KeyQuote, ...]:
    party_order = {p.id: i for i, p in enumerate(negotiation.parties)}
    state = report.analysis.state
    out = []
    for item in report.analysis.issues:
        held = sorted(state.on_issue(item.issue), key=lambda h: party_order.get(h.party, 0))
        for h in held:
            if h.quotes:  # the first quote of the latest report that gave any
                cited = h.quotes[0]
                out.append(KeyQuote(item.issue, h.party, cited.quote.speaker, cited.quote.text,
                                    cited.source))
        if item.reported is not None and item.reported.reported.quote is not None:
            quote = item.reported.reported.quote
            out.append(KeyQuote(item.issue, None, quote.speaker, quote.text,
                                item.reported.source))
    return tuple(out)


def _events(used: list[Snapshot], as_of: date) -> tuple[Upcoming, ...]:
    """Events dated after `as_of`, one per date and title, with every party and source."""
    parties: dict[tuple[date, str], list[str]] = {}
    sources: dict[tuple[date, str], list[SourceRef]] = {}
    for snapshot in used:
        for event in snapshot.events:
            if event.date > as_of:
                key = (event.date, event.title)
                named = parties.setdefault(key, [])
                named += [p for p in event.parties if p not in named]
                sources.setdefault(key, []).append(SourceRef.of(snapshot))
    return tuple(Upcoming(when, title, tuple(parties[(when, title)]),
                          tuple(sources[(when, title)])) for when, title in sorted(parties))


def _charts(negotiation: Negotiation, used: list[Snapshot], as_of: date) -> tuple[Chart, ...]:
    """Each party's stance on each issue as spans of dates, from the folded history."""
    current: dict[tuple[str, str], Segment] = {}
    spans: list[tuple[str, Segment]] = []  # (issue, segment)
    for day in history(used):
        for key in sorted(set(current) | set(day.state.positions)):
            held = day.state.positions.get(key)
            segment = current.get(key)
            if segment is not None and (held is None or held.stance != segment.stance):
                spans.append((key[1], Segment(key[0], segment.stance, segment.start, day.date)))
                del current[key]
            if held is not None and key not in current:
                current[key] = Segment(key[0], held.stance, day.date, day.date)
    end = as_of + timedelta(days=1)
    spans += [(key[1], Segment(key[0], s.stance, s.start, end)) for key, s in current.items()]
    party_order = {p.id: i for i, p in enumerate(negotiation.parties)}
    charts = []
    for issue in negotiation.issues:
        segments = sorted((s for issue_id, s in spans if issue_id == issue.id),
                          key=lambda s: (party_order.get(s.party, len(party_order)), s.start))
        if segments:
            charts.append(Chart(issue.id, tuple(segments)))
    return tuple(charts)
