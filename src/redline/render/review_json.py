"""`redline review --format json`: the review as the JSON contract (docs/review.md).

Apart from the other renderers of the review, so that a JSON review imports no more
than it writes.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..compare import Change
from ..review import Effect, FileChange, Review
from .jsonout import CONTRACT_VERSION, crossing, dump
from .review_phrases import summary_line


def _change_json(c: Change) -> dict[str, Any]:
    data = c.to_json()
    data.pop("source", None)
    data.update({"path": c.path, "line": c.line, "date": c.date.isoformat() if c.date else None})
    return data


def _effect_json(e: Effect) -> dict[str, Any]:
    return {
        "date": e.date.isoformat(),
        "ripple": e.ripple,
        "changes": [_change_json(c) for c in e.changes],
        "status_changes": [s.to_json() for s in e.status_changes],
        "retold": [
            {"base": _change_json(a) if a else None, "head": _change_json(b) if b else None}
            for a, b in e.retold
        ],
    }


def _file_json(fc: FileChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "status": fc.status,
        "path": fc.path,
        "old_path": fc.old_path or None,
        "date": fc.date.isoformat() if fc.date else None,
        "old_date": fc.old_date.isoformat() if fc.old_date else None,
        "compared": fc.compared,
        "changes": [_change_json(c) for c in fc.changes],
    }
    if fc.stated:
        data["source"] = {"title": fc.source.title, "url": fc.source.url or None} if fc.source else None
        data["positions"] = [
            {
                "party": s.party,
                "issue": s.issue,
                "line": s.stance_line or s.line,
                "restates": s.restates,
                "withdrawn": s.withdrawn,
                "stance": s.stance,
                "red_line": s.red_line,
                "moves": [_change_json(c) for c in s.moves],
                "quotes": [
                    {"speaker": q.speaker, "text": q.text, "supports": q.supports, "line": q.line}
                    for q in s.quotes
                ],
            }
            for s in fc.stated
        ]
    return data


def review_data(review: Review) -> dict[str, Any]:
    s = review.summary
    return {
        "version": CONTRACT_VERSION,
        "base": {"rev": review.base.label, "commit": review.base.commit},
        "head": {"rev": review.head.label, "commit": review.head.commit},
        "root": review.root,
        "base_is_ancestor": review.base_is_ancestor,
        "valid": review.valid,
        "summary": {
            "text": summary_line(review),
            "files": s.files,
            "added": s.added,
            "changed": s.changed,
            "withdrawn": s.withdrawn,
            "removed": s.removed,
            "reworded": s.reworded,
            "entering_deadlock": s.entering_deadlock,
            "leaving_deadlock": s.leaving_deadlock,
            "errors": s.errors,
            "warnings": s.warnings,
            "flags": s.flags,
            "moves": s.moves,
            "restatements": s.restatements,
            "status_changes_today": s.status_changes,
        },
        "negotiations": [
            {
                "id": neg.id,
                "folder": neg.folder,
                "title": neg.negotiation.title if neg.negotiation else None,
                "files": [_file_json(fc) for fc in neg.files],
                "definition": list(neg.definition),
                "effects": [_effect_json(e) for e in neg.effects],
                "today": _effect_json(neg.today) if neg.today else None,
                "crossings": [crossing(c) for c in neg.crossings],
                "note": neg.note or None,
            }
            for neg in review.negotiations
        ],
        "flags": [
            {"code": f.code, "message": f.message, "path": f.path, "line": f.line} for f in review.flags
        ],
        "problems": [p.to_json() for p in review.problems],
        "base_problems": [p.to_json() for p in review.base_problems],
    }


def render_json(review: Review, out: TextIO) -> None:
    dump(review_data(review), out)
