"""The JSON contract: stable, documented, scriptable (README "JSON output", schemas/output.schema.json).

Text from the data is passed through exactly; JSON encoding makes it safe.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from ..analysis import IssueAnalysis, PairAnalysis
from ..fold import CitedQuote, Held, HeldReport, SourceRef
from ..redlines import Crossing

if TYPE_CHECKING:  # annotations only: the review renderers need not import the views
    from ..views import Diff, Report, Timeline

CONTRACT_VERSION = 1


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def source(ref: SourceRef) -> dict[str, Any]:
    return {
        "path": ref.path,
        "date": ref.date.isoformat(),
        "title": ref.title,
        "outlet": ref.outlet or None,
        "url": ref.url or None,
        "kind": ref.kind or None,
    }


def quote(q: CitedQuote) -> dict[str, Any]:
    return {"speaker": q.quote.speaker, "text": q.quote.text, "source": source(q.source)}


def position(held: Held) -> dict[str, Any]:
    return {
        "party": held.party,
        "stance": held.stance,
        "red_line": held.red_line,
        "summary": held.summary,
        "since": held.since.isoformat(),
        "last_confirmed": held.last_confirmed.isoformat(),
        "restatements": held.restatements,
        "source": source(held.source),
        "quotes": [quote(q) for q in held.quotes],
        "red_line_source": source(held.red_line_source) if held.red_line_source else None,
        "red_line_quotes": [quote(q) for q in held.red_line_quotes],
    }


def crossing(c: Crossing) -> dict[str, Any]:
    return {
        "party": c.party,
        "issue": c.issue,
        "date": c.date.isoformat(),
        "stance": c.stance,
        "red_line": c.red_line,
        "path": c.path,
        "red_line_path": c.red_line_path,
        "red_line_date": _iso(c.red_line_date),
    }


def reported(held: HeldReport | None) -> dict[str, Any] | None:
    if held is None:
        return None
    rep = held.reported
    return {
        "status": rep.status,
        "summary": rep.summary or None,
        "quote": {"speaker": rep.quote.speaker, "text": rep.quote.text} if rep.quote else None,
        "source": source(held.source),
    }


def pair(p: PairAnalysis) -> dict[str, Any]:
    return {
        "parties": [p.a, p.b],
        "status": p.status,
        "gap": p.gap,
        "verdict": p.verdict,
        "range_gap": p.range_gap,
        "zone": list(p.zone),
        "trend": p.trend,
        "moved": list(p.moved),
        "stable_since": p.stable_since.isoformat(),
        "restatements": p.restatements,
        "stalled": p.stalled,
        "one_sided": p.one_sided,
    }


def issue(report: Report, item: IssueAnalysis) -> dict[str, Any]:
    return {
        "id": item.issue,
        "title": report.negotiation.issue_by_id[item.issue].title,
        "status": item.status,
        "deadlocked": item.deadlocked,
        "deadlocked_since": _iso(item.deadlocked_since),
        "deadlock_restatements": item.deadlock_restatements,
        "stalled": item.stalled,
        "stalled_since": _iso(item.stalled_since),
        "stalled_restatements": item.stalled_restatements,
        "agreed_since": _iso(item.agreed_since),
        "last_move": _iso(item.last_move),
        "restatements": item.restatements,
        "aligned": list(item.aligned),
        "silent": list(item.silent),
        "reported": reported(item.reported),
        "reported_stale": reported(item.reported_stale),
        "stale_since": _iso(item.stale_since),
        "contradiction": item.contradiction,
        "crossings": [crossing(c) for c in item.crossings],
        "pairs": [pair(p) for p in item.pairs],
        "positions": [position(h) for h in report.analysis.state.on_issue(item.issue)],
    }


def report_data(report: Report) -> dict[str, Any]:
    return {
        "version": CONTRACT_VERSION,
        "negotiation": report.negotiation.id,
        "title": report.negotiation.title,
        "as_of": _iso(report.analysis.state.as_of),
        "snapshots": {"count": report.snapshots, "first": _iso(report.first), "last": _iso(report.last)},
        "crossings": [crossing(c) for c in report.analysis.crossings],
        "issues": [issue(report, item) for item in report.analysis.issues],
        "latest": diff_data(report.latest) if report.latest else None,
        "conflicts": [
            {
                "date": c.date.isoformat(),
                "party": c.party,
                "issue": c.issue,
                "what": c.what,
                "reports": [{"path": p, "line": n, "value": v} for p, n, v in c.reports],
            }
            for c in report.conflicts
        ],
    }


def diff_data(diff: Diff) -> dict[str, Any]:
    return {
        "version": CONTRACT_VERSION,
        "negotiation": diff.negotiation.id,
        "from": diff.old_label,
        "to": diff.new_label,
        "crossings": [crossing(c) for c in diff.crossings],
        "changes": [c.to_json() for c in diff.changes],
        "status_changes": [s.to_json() for s in diff.status_changes],
        "hidden": diff.hidden,
    }


def timeline_data(timeline: Timeline) -> dict[str, Any]:
    return {
        "version": CONTRACT_VERSION,
        "negotiation": timeline.negotiation.id,
        "as_of": _iso(timeline.as_of),
        "crossings": [crossing(c) for c in timeline.crossings],
        "series": [
            {
                "party": s.party,
                "issue": s.issue,
                "first_seen": s.first_seen.isoformat(),
                "last_changed": s.last_changed.isoformat(),
                "changes": s.changes,
                "stable_days": s.stable_days,
                "withdrawn": s.withdrawn,
                "points": [
                    {
                        "date": p.date.isoformat(),
                        "stance": p.stance,
                        "red_line": p.red_line,
                        "changed": p.changed,
                        "direction": p.direction,
                        "source": p.source,
                        "counterparts": [t.to_json() for t in p.counterparts],
                    }
                    for p in s.points
                ],
            }
            for s in timeline.series
        ],
        "gaps": [
            {
                "issue": g.issue,
                "parties": [g.a, g.b],
                "trend": g.trend,
                "points": [{"date": p.date.isoformat(), "gap": p.gap, "status": p.status} for p in g.points],
            }
            for g in timeline.gaps
        ],
        "reports": [
            {"issue": r.issue, "reported": reported(r.report), "until": _iso(r.until), "ended_by": r.ended_by}
            for r in timeline.reports
        ],
    }


def dump(data: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")  # one write, not one a token


def dump_list(items: list[dict[str, Any]], out: TextIO) -> None:
    out.write(json.dumps(items, indent=2, ensure_ascii=False) + "\n")  # one write, not one a token
