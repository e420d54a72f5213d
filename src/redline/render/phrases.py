"""Plain-text phrases shared by the text and markdown renderers.

They return unescaped text built from the data: each renderer escapes it for its
medium (`escape.terminal`, `escape.markdown`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis import IssueAnalysis, PairAnalysis
from ..compare import Change, StatusChange, Toward
from ..model import Issue, Negotiation
from ..redlines import Crossing
from ..vocabulary import ARROW

if TYPE_CHECKING:  # annotations only: the review renderers need not import the views
    from ..views import ReportPoint

__all__ = [
    "ARROW",
    "change",
    "crossing",
    "dates",
    "issue_status",
    "pair",
    "report_point",
    "restated",
    "steps",
    "times",
    "towards",
    "zone",
]


def steps(n: int | None) -> str:
    if n is None:
        return ""
    return f"{n} step" if n == 1 else f"{n} steps"


def times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def dates(n: int) -> str:
    """'1 date', '3 dates': restatements are counted in distinct dates."""
    return "1 date" if n == 1 else f"{n} dates"


def restated(n: int) -> str:
    """' (restated on 3 dates)', or nothing when no later date restated it."""
    return f" (restated on {dates(n)})" if n else ""


def _names(negotiation: Negotiation, parties: tuple[str, ...]) -> str:
    names = [negotiation.party_name(p) for p in parties]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def issue_status(item: IssueAnalysis, negotiation: Negotiation | None = None) -> str:
    """e.g. 'deadlocked since 2022-01-10; no position moved since 2022-01-12 (restated on
    3 dates)'. Every date and count is the issue's own; with `negotiation`, who is aligned
    and who has no position yet are named."""
    parts = []
    quiet = (
        f"no position moved since {item.last_move.isoformat()}{restated(item.restatements)}"
        if item.last_move
        else ""
    )
    if item.deadlocked and item.deadlocked_since:
        text = f"deadlocked since {item.deadlocked_since.isoformat()}"
        if item.restatements and item.last_move == item.deadlocked_since:
            text += f" (restated on {dates(item.restatements)} without movement)"
        elif item.restatements or item.stalled:
            text += f"; {quiet}"
        parts.append(text)
    if item.stalled and item.stalled_since and not item.deadlocked:
        parts.append(f"stalled: {quiet}")
    if item.status == "agreed" and item.agreed_since:
        parts.append(f"agreed since {item.agreed_since.isoformat()}")
    if item.status == "aligned" and negotiation is not None:
        parts.append(
            f"aligned: {_names(negotiation, item.aligned)} coincide; "
            f"{_names(negotiation, item.silent)} "
            f"{'has' if len(item.silent) == 1 else 'have'} no position yet"
        )
    if not parts:
        parts.append(item.status)
    return "; ".join(parts)


def crossing(negotiation: Negotiation, c: Crossing) -> str:
    """'Russia crossed its own red line on x on 2022-01-26: its stance B lies beyond ...'."""
    issue = negotiation.issue_by_id[c.issue]
    stated = f", stated {c.red_line_date.isoformat()}" if c.red_line_date else ""
    return (
        f"{negotiation.party_name(c.party)} crossed its own red line on {c.issue} on "
        f"{c.date.isoformat()}: its stance {issue.label(c.stance)} lies beyond its red "
        f"line {issue.label(c.red_line)}{stated} ({c.red_line_path})"
    )


def report_point(r: ReportPoint) -> str:
    """'impasse, reported 2022-01-10 (path); held until 2022-01-12 (a move on the issue)'."""
    text = f"{r.report.reported.status}, reported {r.report.source.date.isoformat()} ({r.report.source.path})"
    if r.until is not None:
        text += f"; held until {r.until.isoformat()} ({r.ended_by})"
    return text


def zone(issue: Issue, points: tuple[str, ...]) -> str:
    """A zone of possible agreement by its scale labels: 'A' or 'A to C'."""
    labels = [issue.label(z) for z in points]
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"


def pair(negotiation: Negotiation, p: PairAnalysis, names: bool = False) -> str:
    """One counterpart pair in a sentence: by ids ('us × russia'), or by `names`.

    Its dates and counts are the pair's own: `stable_since` is the last stance move of
    either party, the restatements the later dates that restated either position.
    """
    issue = negotiation.issue_by_id[p.issue]
    name = negotiation.party_name if names else str
    who = f"{name(p.a)} and {name(p.b)}" if names else f"{p.a} × {p.b}"
    if p.status == "agreed":
        return f"{who}: agreed"
    if p.verdict == "deadlocked":
        text = f"{who}: deadlocked, red-line ranges {steps(p.range_gap)} apart, stances {steps(p.gap)} apart"
    elif p.verdict == "zone":
        sided = f" (one-sided: it rests on {name(p.one_sided)}'s red line alone)" if p.one_sided else ""
        text = (
            f"{who}: {p.status}, stances {steps(p.gap)} apart, zone of possible agreement"
            f"{sided}: {zone(issue, p.zone)}"
        )
    else:
        text = f"{who}: {p.status}, stances {steps(p.gap)} apart, red lines not both known"
    if p.trend != "static" and p.moved:
        movers = " and ".join(name(m) for m in p.moved)
        text += f"; {p.trend} since {movers} moved on {p.stable_since.isoformat()}"
    if p.stalled:
        text += f"; neither stance moved since {p.stable_since.isoformat()}{restated(p.restatements)}"
    return text


def towards(
    negotiation: Negotiation | None,
    c: Change | None = None,
    counterparts: tuple[Toward, ...] = (),
    way: str | None = None,
    amount: int | None = None,
) -> str:
    """The direction of a move in words: 'conceded by 1 step' when every counterpart agrees,
    else per counterpart: 'conceded 1 step toward Parliament, hardened 1 step away from
    Commission'."""
    if c is not None:
        counterparts, way, amount = c.counterparts, c.direction, c.steps
    same_steps = len({t.steps for t in counterparts}) <= 1
    if way in ("conceded", "hardened", "moved") and same_steps:
        return f"{way} by {steps(amount)}" if amount else str(way)
    parts = []
    for t in counterparts:
        whom = negotiation.party_name(t.party) if negotiation else t.party
        size = f" {steps(t.steps)}" if t.steps else ""
        if t.direction == "conceded":
            parts.append(f"conceded{size} toward {whom}")
        elif t.direction == "hardened":
            parts.append(f"hardened{size} away from {whom}")
        else:
            parts.append(f"neither toward nor away from {whom}")
    return ", ".join(parts) if parts else str(way or "moved")


def change(negotiation: Negotiation, c: Change) -> str:
    """One change in a sentence: 'russia's stance on x: A → B, conceded by 1 step'."""
    issue = negotiation.issue_by_id[c.issue]
    if c.kind == "added":
        return f"{c.party}: new position on {c.issue}: {issue.label(c.new)}"
    if c.kind == "withdrawn":
        return f"{c.party}: withdrew its position on {c.issue} (was {issue.label(c.old)})"
    if c.kind in ("stance", "red_line"):
        what = "stance" if c.kind == "stance" else "red line"
        if c.direction == "stated":
            return f"{c.party}: states a red line on {c.issue}: {issue.label(c.new)}"
        if c.direction == "dropped":
            return f"{c.party}: withdrew its red line on {c.issue} (was {issue.label(c.old)})"
        return (
            f"{c.party}'s {what} on {c.issue}: {issue.label(c.old)} → {issue.label(c.new)}, "
            f"{towards(negotiation, c)}"
        )
    return evidence_change(c)


def evidence_change(c: Change) -> str:
    """A change to a position's evidence (its summary or a quote), in every view alike."""
    if c.kind == "summary":
        return f"{c.party} on {c.issue}: summary reworded"
    if c.kind == "quote_added":
        return f"{c.party} on {c.issue}: quote added: “{c.new}”"
    return f"{c.party} on {c.issue}: quote removed: “{c.old}”"


def status_change(s: StatusChange) -> str:
    since = f" since {s.since.isoformat()}" if s.since and s.event.startswith("still") else ""
    if s.old == s.new:
        return f"{s.issue}: {s.event}{since}"
    return f"{s.issue}: {s.event} ({s.old} → {s.new}){since}"
