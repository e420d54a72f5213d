"""The briefing: what `redline brief` says, as one value built from the views.

`build_briefing` gathers, for one negotiation as of one date, everything a briefing
shows: the report (state, analysis, statuses), the moves since an earlier date, the
status changes over that span, one claim per position held (with the quote and source
that speak for it), the events, each party's acceptable range over time for the charts,
and the sources all of it cites.

Honest dates: a source counts from the day it was public (`published` where given, else
its `date`), so a briefing as of D uses only what a reader could have read on D.
First records are not news: a party's first position (or red line) in the data is
marked `first`, and a status that began on a date whose only changes were first records
"starts with the data".

Deadlocks, zones, statuses, restatements, crossings and each move's direction per
counterpart (`Change.counterparts`) come from `analysis` and `compare`. What they do not
give is derived here from the same folded history: which records are first ones, and
the day each source was public. No I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .citations import Citation, citation
from .compare import Change, StatusChange, Toward, diff_states
from .errors import UsageError
from .events import Upcoming, merge_events
from .fold import CitedQuote, Held, SourceRef, State, history
from .model import Negotiation, Snapshot
from .quote_choice import grade, rank, same_quote, words
from .redlines import Crossing
from .sourcetext import SourceText
from .views import Report, build_date_diff, build_report

__all__ = [
    "Briefing",
    "Chart",
    "Citation",
    "Claim",
    "Crossed",
    "KeyQuote",
    "Move",
    "Segment",
    "Upcoming",
    "build_briefing",
    "default_since",
    "public_date",
]


@dataclass(frozen=True)
class Move:
    """A classified change of one party's position, on the date it happened."""

    date: date
    change: Change
    source: SourceRef
    first: bool = False  # the first record of this stance or red line in the data

    @property
    def toward(self) -> tuple[Toward, ...]:
        """The move against each counterpart that moved neither way (the analysis' own)."""
        return tuple(t for t in self.change.counterparts if t.direction != "moved")


@dataclass(frozen=True)
class KeyQuote:
    """A verbatim quote behind a position held (party) or a source's word on the talks."""

    issue: str
    party: str | None  # None: the source's own word on the talks (`reported:`)
    speaker: str
    text: str
    source: SourceRef
    verified: bool = False


@dataclass(frozen=True)
class Claim:
    """A position held, with the report, summary and quote that speak for it."""

    held: Held
    summary: str
    source: SourceRef
    quote: KeyQuote | None
    red_line_quote: KeyQuote | None = None  # a `supports: red_line` quote, on a deadlock


@dataclass(frozen=True)
class Crossed:
    """A party's stance beyond its own standing red line (the analysis' `Crossing`), with
    the reports of the stance and of the red line."""

    crossing: Crossing
    source: SourceRef
    red_line_source: SourceRef


@dataclass(frozen=True)
class Segment:
    """One party's acceptable range on one issue (stance to red line) over a span of dates."""

    party: str
    stance: str
    start: date
    end: date  # exclusive: the date it changed or was withdrawn, else the day after as-of
    red_line: str | None = None


@dataclass(frozen=True)
class Chart:
    """Each party's range on one issue over time, party by party, oldest first."""

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
    claims: tuple[Claim, ...]  # issue by issue, party by party
    reported: tuple[KeyQuote, ...]  # the sources' own word on the talks, with a quote
    quotes: tuple[KeyQuote, ...]  # every other usable quote behind a position held
    events: tuple[Upcoming, ...]  # every event the sources name, oldest first
    charts: tuple[Chart, ...]
    sources: tuple[Citation, ...]  # every source cited, oldest first
    first_only: frozenset[tuple[str, date]] = frozenset()  # (issue, date): only first records
    first_recorded: Mapping[tuple[str, str], date] | None = None  # (party, issue): first date
    held_back: int = 0  # sources dated by as-of but published after it, left out
    crossed: tuple[Crossed, ...] = ()  # red lines crossed, as of `as_of`

    @property
    def upcoming(self) -> tuple[Upcoming, ...]:
        return tuple(e for e in self.events if e.date > self.as_of)

    def starts_with_data(self, issue: str, day: date | None) -> bool:
        """Whether a status that began on `day` began with the first records of the data."""
        return day is not None and (issue, day) in self.first_only

    def first_record(self, party: str, issue: str) -> date | None:
        """The date the data first records a position of `party` on `issue`."""
        return (self.first_recorded or {}).get((party, issue))

    def claim(self, party: str, issue: str) -> Claim | None:
        return next((c for c in self.claims if (c.held.party, c.held.issue) == (party, issue)), None)

    def citation(self, source: SourceRef) -> Citation:
        return next(c for c in self.sources if c.ref.path == source.path)


def public_date(snapshot: Snapshot) -> date:
    """The day a source was public: its `published` date where given, never before `date`."""
    published = snapshot.source.published
    return max(snapshot.date, published) if published else snapshot.date


def default_since(snapshots: Iterable[Snapshot], as_of: date | None) -> date | None:
    """The snapshot date before the latest one on or before `as_of` (as `diff` does)."""
    dates = sorted({s.date for s in snapshots if as_of is None or s.date <= as_of})
    return dates[-2] if len(dates) >= 2 else None


def build_briefing(
    negotiation: Negotiation,
    snapshots: list[Snapshot],
    as_of: date | None = None,
    since: date | None = None,
    texts: Mapping[str, SourceText] | None = None,
) -> Briefing:
    """The briefing as of `as_of` (default: the day the latest source was public), with
    the moves since `since` (default: `default_since`). `texts` maps a snapshot's path to
    its stored source text, for the choice of quotes."""
    if as_of is None and snapshots:
        as_of = max(public_date(s) for s in snapshots)
    used = sorted(
        (s for s in snapshots if as_of is None or public_date(s) <= as_of), key=lambda s: (s.date, s.path)
    )
    if not used or as_of is None:
        when = f" on or before {as_of.isoformat()}" if as_of else ""
        raise UsageError(f"nothing to brief: no snapshot{when}")
    held_back = sum(1 for s in snapshots if s.date <= as_of < public_date(s))
    if since is None:
        since = default_since(used, as_of)
    elif since > as_of:
        raise UsageError(f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}")
    report = build_report(negotiation, used, as_of)
    every_move, first_only, first_recorded = _history_moves(negotiation, used)
    moves: tuple[Move, ...] = ()
    status_changes: tuple[StatusChange, ...] = ()
    if since is not None:
        moves = tuple(
            sorted((m for m in every_move if since < m.date <= as_of), key=lambda m: m.date, reverse=True)
        )
        status_changes = build_date_diff(negotiation, used, since, as_of).status_changes
    kinds = {s.path: s.source.kind for s in used}
    claims, reported, quotes = _quotes(negotiation, report, kinds, texts or {})
    events = merge_events(used)
    charts = _charts(negotiation, used, as_of)
    cited = [c.source for c in claims] + [q.source for q in (*reported, *quotes)]
    cited += [m.source for m in moves] + [s for e in events for s in e.sources]
    cited += [i.reported.source for i in report.analysis.issues if i.reported is not None]
    cited += [i.reported_stale.source for i in report.analysis.issues if i.reported_stale is not None]
    cited += [c.red_line_quote.source for c in claims if c.red_line_quote is not None]
    by_path = {s.path: s for s in used}
    crossed = tuple(
        Crossed(c, SourceRef.of(by_path[c.path]), SourceRef.of(by_path.get(c.red_line_path, by_path[c.path])))
        for c in report.analysis.crossings
    )
    cited += [s for c in crossed for s in (c.source, c.red_line_source)]
    refs = sorted({s.path: s for s in cited}.values(), key=lambda s: (s.date, s.path))
    sources = tuple(citation(r, by_path[r.path].source.published) for r in refs)
    return Briefing(
        negotiation,
        as_of,
        since,
        report,
        moves,
        status_changes,
        claims,
        reported,
        quotes,
        events,
        charts,
        sources,
        frozenset(first_only),
        first_recorded,
        held_back,
        crossed,
    )


# ---------------------------------------------------------------- moves


def _history_moves(
    negotiation: Negotiation, used: list[Snapshot]
) -> tuple[list[Move], set[tuple[str, date]], dict[tuple[str, str], date]]:
    """Every move of the history, date by date, and the (issue, date)s whose only changes
    were first records. Each date is compared with the one before it."""
    seen: set[tuple[str, str, str]] = set()  # (party, issue, stance|red_line) ever recorded
    moves: list[Move] = []
    first_only: set[tuple[str, date]] = set()
    first_recorded: dict[tuple[str, str], date] = {}
    previous = State(None)
    for day in history(used):
        diff = diff_states(negotiation, previous, day.state, evidence=False)
        firsts: dict[str, bool] = {}
        for change in sorted(diff.changes, key=lambda c: (c.issue, c.party, c.kind)):
            first = _is_first(change, seen)
            firsts[change.issue] = firsts.get(change.issue, True) and first
            source = _reporter(day.snapshots, change)
            moves.append(Move(day.date, change, source, first))
        first_only |= {(issue, day.date) for issue, only in firsts.items() if only}
        for (party, issue), held in day.state.positions.items():
            first_recorded.setdefault((party, issue), day.date)
            seen.add((party, issue, "stance"))
            if held.red_line:
                seen.add((party, issue, "red_line"))
        previous = day.state
    return moves, first_only, first_recorded


def _is_first(change: Change, seen: set[tuple[str, str, str]]) -> bool:
    """A new position, or a red line stated, where the data never recorded one before."""
    if change.kind == "added":
        return (change.party, change.issue, "stance") not in seen
    if change.kind == "red_line" and change.direction == "stated":
        return (change.party, change.issue, "red_line") not in seen
    return False


def _reporter(todays: tuple[Snapshot, ...], change: Change) -> SourceRef:
    """The first of the day's snapshots (by file name) that reports the changed position."""
    for snapshot in todays:
        if any((p.party, p.issue) == (change.party, change.issue) for p in snapshot.positions):
            return SourceRef.of(snapshot)
    return SourceRef.of(todays[0])


# ---------------------------------------------------------------- quotes


class _QuotePicker:
    """Picks quotes for claims in reading order, remembering those already shown."""

    def __init__(self, kinds: Mapping[str, str], texts: Mapping[str, SourceText]):
        self.kinds, self.texts = kinds, texts
        self.shown: list[tuple[str, ...]] = []  # the words of each quote shown

    def seen(self, text: str) -> bool:
        mine = words(text)
        return any(same_quote(mine, other) for other in self.shown)

    def options(
        self, issue: str, party: str | None, quotes: Iterable[CitedQuote], red_line: bool = False
    ) -> list[KeyQuote]:
        """The usable quotes, best first: not shown yet, no negation dropped (`rank`); with
        `red_line`, among equals, one marked `supports: red_line` first."""
        graded = []
        for n, cited in enumerate(quotes):
            g = grade(cited.quote.text, self.texts.get(cited.source.path))
            if g.after_negation or self.seen(cited.quote.text):
                continue
            backs = red_line and cited.quote.supports == "red_line"
            key = (
                rank(g, self.kinds.get(cited.source.path, "")),
                not backs,
                -cited.source.date.toordinal(),
                n,
            )
            graded.append(
                (key, KeyQuote(issue, party, cited.quote.speaker, cited.quote.text, cited.source, g.verified))
            )
        return [q for _, q in sorted(graded, key=lambda kq: kq[0])]

    def show(self, quote: KeyQuote) -> KeyQuote:
        self.shown.append(words(quote.text))
        return quote

    def claim(self, held: Held, deadlocked: bool = False) -> tuple[Claim, list[KeyQuote]]:
        """The claim with its best quote (its report's summary and source), and the rest.
        On a `deadlocked` pair, the red line is cited by its own `supports: red_line` quote
        (from the reports that stated it), chosen first."""
        red = None
        if deadlocked and held.red_line is not None:
            found = self.options(held.issue, held.party, held.red_line_quotes, True)
            red = self.show(found[0]) if found else None
        options = self.options(held.issue, held.party, held.quotes, held.red_line is not None)
        if not options:
            return Claim(held, held.summary, held.source, None, red), []
        best = self.show(options[0])
        summary = next(
            (p.summary for p, ref in held.evidence if ref.path == best.source.path and p.summary),
            held.summary,
        )
        return Claim(held, summary, best.source, best, red), options[1:]


def _quotes(
    negotiation: Negotiation, report: Report, kinds: Mapping[str, str], texts: Mapping[str, SourceText]
) -> tuple[tuple[Claim, ...], tuple[KeyQuote, ...], tuple[KeyQuote, ...]]:
    """One claim per position held with its best quote, the sources' own word on the talks,
    and every other usable quote; no quote twice, none that drops a negation."""
    order = {p.id: i for i, p in enumerate(negotiation.parties)}
    state = report.analysis.state
    picker = _QuotePicker(kinds, texts)
    claims, reported, rest = [], [], []
    for item in report.analysis.issues:
        stuck = {p for pair in item.pairs if pair.verdict == "deadlocked" for p in (pair.a, pair.b)}
        for held in sorted(state.on_issue(item.issue), key=lambda h: order.get(h.party, 0)):
            claim, others = picker.claim(held, held.party in stuck)
            claims.append(claim)
            rest += others
        said = item.reported
        if said is not None and said.reported.quote is not None:
            found = picker.options(item.issue, None, [CitedQuote(said.reported.quote, said.source)])
            reported += [picker.show(q) for q in found]
    others = [picker.show(q) for q in rest if not picker.seen(q.text)]
    return tuple(claims), tuple(reported), tuple(others)


# ---------------------------------------------------------------- charts


def _charts(negotiation: Negotiation, used: list[Snapshot], as_of: date) -> tuple[Chart, ...]:
    """Each party's stance and red line on each issue as spans of dates, from the history."""
    current: dict[tuple[str, str], Segment] = {}
    spans: list[tuple[str, Segment]] = []  # (issue, segment)
    for day in history(used):
        for key in sorted(set(current) | set(day.state.positions)):
            held = day.state.positions.get(key)
            segment = current.get(key)
            if segment is not None and (
                held is None or (held.stance, held.red_line) != (segment.stance, segment.red_line)
            ):
                spans.append(
                    (key[1], Segment(key[0], segment.stance, segment.start, day.date, segment.red_line))
                )
                del current[key]
            if held is not None and key not in current:
                current[key] = Segment(key[0], held.stance, day.date, day.date, held.red_line)
    end = as_of + timedelta(days=1)
    spans += [(key[1], Segment(key[0], s.stance, s.start, end, s.red_line)) for key, s in current.items()]
    party_order = {p.id: i for i, p in enumerate(negotiation.parties)}
    charts = []
    for issue in negotiation.issues:
        segments = sorted(
            (s for issue_id, s in spans if issue_id == issue.id),
            key=lambda s: (party_order.get(s.party, len(party_order)), s.start),
        )
        if segments:
            charts.append(Chart(issue.id, tuple(segments)))
    return tuple(charts)
