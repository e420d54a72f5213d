"""The reference checks of a snapshot that failed its schema, so that one error never hides another.

`validation.check_snapshot` builds the model from a schema-valid file. A file with a
schema error (a misspelt key, a missing summary) is not built, but the names it uses can
still be checked: every party, issue, stance and red line that is a string where the
schema expects it is checked against the negotiation, with the same messages and
did-you-mean hints as for a valid file.
"""

from __future__ import annotations

from typing import Any

from .loading import Document
from .model import Negotiation
from .problems import Problem
from .validation import _SnapshotChecker


def reference_problems(doc: Document, negotiation: Negotiation | None) -> list[Problem]:
    """Unknown parties and issues and off-scale points of a (schema-invalid) snapshot."""
    data = doc.data
    if negotiation is None or not isinstance(data, dict):
        return []
    check = _SnapshotChecker(doc, negotiation)
    for i, raw in enumerate(_items(data.get("positions"))):
        at = ("positions", i)
        if isinstance(raw.get("party"), str):
            check.party(raw["party"], (*at, "party"))
        issue = check.issue(raw["issue"], (*at, "issue")) if isinstance(raw.get("issue"), str) else None
        for key, what in (("stance", "stance"), ("red_line", "red line")):
            if issue is not None and isinstance(raw.get(key), str):
                check.point(issue, raw[key], (*at, key), what)
    for i, raw in enumerate(_items(data.get("reported"))):
        if isinstance(raw.get("issue"), str):
            check.issue(raw["issue"], ("reported", i, "issue"))
    for i, raw in enumerate(_items(data.get("events"))):
        parties = raw.get("parties")
        for j, party in enumerate(parties if isinstance(parties, list) else ()):
            if isinstance(party, str):
                check.party(party, ("events", i, "parties", j))
    return check.problems


def _items(value: Any) -> list[dict[str, Any]]:
    """The mappings of a list (positions, reported, events), as the schema wants them."""
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]
