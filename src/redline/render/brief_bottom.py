"""The bottom line: a few plain sentences a person would write, true by construction.

In reading order: what is deadlocked and between whom; the red lines of the first
deadlock and the sources' own word on it; where else agreement is possible; the most
important change since the earlier date (a status that changed, else who moved and
toward whom, else what the data records for the first time); the next events.

Each sentence is built from the briefing's values. They are kept in order of
importance (deadlocks, next events, the change, the red lines, the rest) while they fit
in `LIMIT` words, so the bottom line never runs long however large the negotiation.
"""

from __future__ import annotations

from ..analysis import IssueAnalysis, PairAnalysis
from ..briefing import Briefing, Move
from ..fold import SourceRef
from ..model import Negotiation
from . import brief_words as w
from .escape import markdown as md

LIMIT = 80  # words
SEVERITY = ("deadlocked", "diverging", "stalled", "converging", "agreed", "open", "unclear")


def bottom_line(b: Briefing, cite: w.Citer | None = None) -> str:
    """The bottom line as one markdown paragraph; with `cite`, a deadlock cites the reports
    that state its red lines (their `supports: red_line` quotes follow the table)."""
    change, news = _change(b)
    deadlocks = _deadlocks(b, None)
    named = len(deadlocks.split()) <= LIMIT // 2
    if not named:  # names too long to say it: the count says it
        n = len(_stuck(b))
        deadlocks = (
            f"{n} of {len(b.report.analysis.issues)} issues {'is' if n == 1 else 'are'}"
            " deadlocked; the table below names them."
        )
    candidates = [  # (importance, reading order, sentence)
        (0, 0, _crossed(b)),
        (1, 1, deadlocks),
        (2, 5, _next(b)),
        (3 if news else 5, 4, change),
        (4, 2, _headline(b)),
        (6, 3, _elsewhere(b)),
    ]
    kept: list[tuple[int, str]] = []
    words = 0
    for _, order, sentence in sorted(candidates):
        size = len(sentence.split())
        if sentence and words + size <= LIMIT:
            kept.append((order, sentence))
            words += size
    if cite is not None and named and (1, deadlocks) in kept:  # footnotes only once kept
        kept[kept.index((1, deadlocks))] = (1, _deadlocks(b, cite))
    return " ".join(s for _, s in sorted(kept))


def who(neg: Negotiation, pairs: list[PairAnalysis]) -> str:
    """'United States and Russia'; with allies, 'United States and NATO on one side and
    Russia on the other' (when every party of one side faces every party of the other)."""
    camps: dict[str, list[str]] = {}
    for p in dict.fromkeys(p for pair in pairs for p in (pair.a, pair.b)):
        found = neg.party_by_id.get(p)
        camps.setdefault(found.camp if found else p, []).append(p)
    groups = list(camps.values())
    faced = {frozenset((pair.a, pair.b)) for pair in pairs}
    if len(groups) == 2 and all(frozenset((a, c)) in faced for a in groups[0] for c in groups[1]):
        one, other = ([w.party(neg, p) for p in g] for g in groups)
        if len(one) == len(other) == 1:
            return f"{one[0]} and {other[0]}"
        return f"{w.and_(one)} on one side and {w.and_(other)} on the other"
    return "; ".join(f"{w.party(neg, p.a)} and {w.party(neg, p.b)}" for p in pairs)


def _stuck(b: Briefing) -> list[IssueAnalysis]:
    return [i for i in b.report.analysis.issues if i.status == "deadlocked"]


def _crossed(b: Briefing) -> str:
    """'Russia crossed its own red line on NATO enlargement on 26 January 2022.' (the
    first two, by date): the most prominent news a briefing can carry."""
    crossed = sorted(b.crossed, key=lambda c: c.crossing.date)[:2]
    return " ".join(f"{w.crossing(b.negotiation, c.crossing)}." for c in crossed)


def red_line_sources(b: Briefing, issue: str) -> list[SourceRef]:
    """The reports whose `supports: red_line` quotes the briefing cites for a deadlock."""
    return [
        c.red_line_quote.source for c in b.claims if c.held.issue == issue and c.red_line_quote is not None
    ]


def _deadlocks(b: Briefing, cite: w.Citer | None) -> str:
    neg = b.negotiation
    groups: dict[str, list[str]] = {}
    for item in _stuck(b):
        pairs = [p for p in item.pairs if p.verdict == "deadlocked"]
        refs = red_line_sources(b, item.issue)
        mark = cite(*refs) if cite is not None and refs else ""
        groups.setdefault(who(neg, pairs), []).append(w.issue(neg, item.issue) + mark)
    if not groups:
        return f"No issue is deadlocked as of {w.day(b.as_of)}."
    return " ".join(f"{names} are deadlocked on {w.and_(titles)}." for names, titles in groups.items())


def _headline_issue(b: Briefing) -> IssueAnalysis | None:
    """The issue the sources speak of (one not deadlocked first, as the deadlock sentence
    names those already), else the first deadlocked one."""
    issues = b.report.analysis.issues
    spoken = sorted((i for i in issues if i.reported is not None), key=lambda i: i.status == "deadlocked")
    stuck = [i for i in issues if i.status == "deadlocked"]
    return spoken[0] if spoken else stuck[0] if stuck else None


def _headline(b: Briefing) -> str:
    """Where the parties stand on the headline issue (red lines where known, else stances),
    and what the sources report of it."""
    neg = b.negotiation
    item = _headline_issue(b)
    if item is None:
        return ""
    state = b.report.analysis.state
    stuck = [p for p in item.pairs if p.verdict == "deadlocked"]  # they tell the story,
    widest = sorted(item.pairs, key=lambda p: -p.gap)[:1]  # else the pair farthest apart
    parties = dict.fromkeys(p for pair in stuck or widest for p in (pair.a, pair.b))
    stands = []
    for p in list(parties)[:3]:
        held = state.get(p, item.issue)
        if held is None:
            continue
        if held.red_line:
            stands.append(
                f"{w.party(neg, p)} holds {w.label(neg, item.issue, held.red_line)} as its red line"
            )
        else:
            stands.append(f"{w.party(neg, p)} asks for {w.label(neg, item.issue, held.stance)}")
    text = f"On {w.issue(neg, item.issue)}, {w.and_(stands)}" if stands else ""
    if item.reported is not None:
        said = md(item.reported.reported.status.replace("-", " "))
        text = (
            f"{text}; the sources report {said}"
            if text
            else f"On {w.issue(neg, item.issue)}, the sources report {said}"
        )
    return text + "."


def _elsewhere(b: Briefing) -> str:
    """Zones of possible agreement, or how many other issues have none known."""
    neg = b.negotiation
    zones = []
    headline = _headline_issue(b)
    others = [
        i
        for i in b.report.analysis.issues
        if i.status != "deadlocked" and (headline is None or i.issue != headline.issue)
    ]
    for item in others:
        issue = neg.issue_by_id[item.issue]
        for p in item.pairs:
            if p.verdict == "zone" and p.gap > 0:
                labels = [issue.label(z) for z in p.zone]
                span = labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"
                zones.append(
                    f"on {w.issue(neg, item.issue)} between {w.party(neg, p.a)} and "
                    f"{w.party(neg, p.b)} ({md(span)})"
                )
    if zones:
        return f"Agreement looks possible {'; '.join(zones[:2])}."
    agreed = [w.issue(neg, i.issue) for i in others if i.status == "agreed"]
    if agreed:
        return f"The parties agree on {w.and_(agreed)}."
    aligned = [i for i in others if i.status == "aligned"]
    if aligned:
        item = aligned[0]
        silent = [w.party(neg, p) for p in item.silent]
        return (
            f"{w.and_([w.party(neg, p) for p in item.aligned])} coincide on "
            f"{w.issue(neg, item.issue)}; {w.and_(silent)} "
            f"{'has' if len(silent) == 1 else 'have'} no position yet."
        )
    if not others:
        return ""
    n, other = len(others), headline is not None
    where = (
        (f"the other {n} issues" if other else f"{n} issues")
        if n > 1
        else ("the other issue" if other else "the one issue")
    )
    return f"On {where} no zone of possible agreement is known yet."


def _change(b: Briefing) -> tuple[str, bool]:
    """The most important change since the earlier date, and whether it is news (a status
    changed or a party moved) rather than first records."""
    neg = b.negotiation
    if b.since is None:
        return f"{w.day(b.as_of)} is the first date in the data.", False
    when = f"Since {w.short_day(b.since, b.as_of)}"
    analysis = b.report.analysis
    real = {
        s.issue: s.new
        for s in b.status_changes
        if s.old != s.new and not b.starts_with_data(s.issue, w.status_start(analysis.issue(s.issue)))
    }
    moved = _moves(b)
    if moved:
        clauses = []
        for m in moved[:2]:
            clause = f"{w.party(neg, m.change.party)} {w.toward(neg, m)} on {w.issue(neg, m.change.issue)}"
            if m.change.issue in real:
                clause += f" (now {md(w.STATUS_WORDS.get(real[m.change.issue], ''))})"
            clauses.append(clause)
        return f"{when}, {'; '.join(clauses)}.", True
    if real:
        issue = min(real, key=lambda i: SEVERITY.index(real[i]) if real[i] in SEVERITY else len(SEVERITY))
        return (
            f"{when}, {w.issue(neg, issue)} is now {md(w.STATUS_WORDS.get(real[issue], real[issue]))}."
        ), True
    other = [m for m in b.moves if not m.first]  # withdrawals, red lines, a mediator's moves
    if other:
        clauses = [f"{w.party(neg, m.change.party)} {w.move(neg, m)}" for m in other[:2]]
        return f"{when}, {'; '.join(clauses)}.", True
    return f"{when}, no party has moved{_first_records(b)}.", False


def _moves(b: Briefing) -> list[Move]:
    """The moves toward or away from a counterpart, newest first, one per party and issue
    (its stance move where both stance and red line moved)."""
    latest: dict[tuple[str, str], Move] = {}
    for kind in ("red_line", "stance"):  # the stance overrides the red line
        for m in reversed(b.moves):  # oldest first: the newest stays
            if not m.first and m.toward and m.change.kind == kind:
                latest[(m.change.party, m.change.issue)] = m
    return sorted(latest.values(), key=lambda m: m.date, reverse=True)


def _first_records(b: Briefing) -> str:
    """'; United States' first recorded stance on A and B is X' (the largest such group)."""
    neg = b.negotiation
    firsts: dict[tuple[str, str], list[str]] = {}
    for m in reversed(b.moves):
        if m.first and m.change.kind == "added":
            key = (m.change.party, w.label(neg, m.change.issue, m.change.new))
            firsts.setdefault(key, []).append(w.issue(neg, m.change.issue))
    if not firsts:
        return ""
    (party, label), titles = max(firsts.items(), key=lambda kv: len(kv[1]))
    return f"; {w.possessive(neg, party)} first recorded stance on {w.and_(titles)} is {label}"


def _next(b: Briefing) -> str:
    upcoming = b.upcoming[:2]
    if not upcoming:
        return ""
    parts = [f"{md(e.title)} on {w.short_day(e.date, b.as_of)}" for e in upcoming]
    return f"Next: {', then '.join(parts)}."
