"""From parsed documents to the model, with the rules that span fields and files.

`check_negotiation` and `check_snapshot` take a parsed `Document` that passed the
JSON Schema, apply redline's own rules (ids declared, points on the scale, one
position per party and issue, the file name's date, a red line backed by a quote
marked `supports: red_line`), and return the model object together with the problems
found. Problems point at the line of the offending value. The rule that spans files
(a stance beyond the party's own red line) is `redlines.crossing_problems`.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from .loading import Document
from .model import (
    AnalysisSettings,
    Event,
    Issue,
    Negotiation,
    Party,
    Position,
    Quote,
    Reported,
    ScalePoint,
    Snapshot,
    Source,
)
from .problems import Problem

SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")


def suggest(word: str, candidates: list[str]) -> str:
    """A ` did you mean 'x'?` suffix, or nothing when no candidate is close."""
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return f"; did you mean '{lowered[word.lower()]}'?"
    guess = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean '{guess[0]}'?" if guess else ""


def title_hint(name: str, negotiation: Negotiation) -> str:
    """A did-you-mean from the issues' titles and keywords: `nato-enlargement` is the issue
    titled "NATO enlargement", whatever its id."""
    words = set(re.findall(r"[a-z0-9]+", name.lower()))
    for issue in negotiation.issues:
        for phrase in (issue.title, *issue.keywords):
            if words and words <= set(re.findall(r"[a-z0-9]+", phrase.lower())):
                return f"; did you mean '{issue.id}' ({issue.title})?"
    return ""


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _line(doc: Document, at: tuple[Any, ...]) -> int:
    return doc.where(at)[0]


def check_negotiation(
    doc: Document, folder_name: str | None = None
) -> tuple[Negotiation | None, list[Problem]]:
    """Build a `Negotiation` from a schema-valid document; check ids are unique."""
    data = doc.data
    problems: list[Problem] = []
    if folder_name is not None and data["id"] != folder_name:
        problems.append(
            doc.problem(
                ("id",),
                f"negotiation id '{data['id']}' differs from its folder name '{folder_name}'",
                "id-mismatch",
            )
        )
    parties = []
    names: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for i, raw in enumerate(data["parties"]):
        pid = raw["id"]
        if pid in names:
            problems.append(
                doc.problem(
                    ("parties", i, "id"),
                    f"party id '{pid}' is declared twice (first at line {first_line[pid]})",
                    "duplicate-id",
                )
            )
            continue
        names[pid] = pid
        first_line[pid] = _line(doc, ("parties", i, "id"))
        parties.append(
            Party(pid, raw["name"], tuple(raw.get("aliases", ())), raw.get("side"), raw.get("role"))
        )
    for i, raw in enumerate(data["parties"]):
        for j, alias in enumerate(raw.get("aliases", ())):
            owner = names.get(alias.lower())
            if owner is not None and owner != raw["id"]:
                problems.append(
                    doc.problem(
                        ("parties", i, "aliases", j),
                        f"alias '{alias}' of party '{raw['id']}' already names party '{owner}'",
                        "duplicate-id",
                    )
                )
            names.setdefault(alias.lower(), raw["id"])
    issues = []
    seen_issues: dict[str, int] = {}
    for i, raw in enumerate(data["issues"]):
        iid = raw["id"]
        if iid in seen_issues:
            problems.append(
                doc.problem(
                    ("issues", i, "id"),
                    f"issue id '{iid}' is declared twice (first at line {seen_issues[iid]})",
                    "duplicate-id",
                )
            )
            continue
        seen_issues[iid] = _line(doc, ("issues", i, "id"))
        points = []
        seen_points: set[str] = set()
        for j, point in enumerate(raw["scale"]):
            if point["id"] in seen_points:
                problems.append(
                    doc.problem(
                        ("issues", i, "scale", j, "id"),
                        f"scale point '{point['id']}' appears twice in the scale of '{iid}'",
                        "duplicate-id",
                    )
                )
                continue
            seen_points.add(point["id"])
            points.append(ScalePoint(point["id"], point["label"], point.get("description", "")))
        issues.append(
            Issue(
                iid, raw["title"], tuple(points), raw.get("description", ""), tuple(raw.get("keywords", ()))
            )
        )
    settings = data.get("analysis", {})
    negotiation = Negotiation(
        id=data["id"],
        title=data["title"],
        parties=tuple(parties),
        issues=tuple(issues),
        description=data.get("description", ""),
        accept_aliases=bool(data.get("accept_aliases", False)),
        analysis=AnalysisSettings(
            stalemate_restatements=settings.get("stalemate_restatements", 3),
            stalemate_days=settings.get("stalemate_days", 30),
        ),
        path=doc.path,
    )
    return negotiation, problems


class _SnapshotChecker:
    def __init__(self, doc: Document, negotiation: Negotiation):
        self.doc = doc
        self.negotiation = negotiation
        self.problems: list[Problem] = []
        self.aliases = {alias.lower(): party.id for party in negotiation.parties for alias in party.aliases}

    def report(self, at: tuple[Any, ...], message: str, code: str) -> None:
        self.problems.append(self.doc.problem(at, message, code))

    def party(self, name: str, at: tuple[Any, ...]) -> str | None:
        neg = self.negotiation
        if name in neg.party_by_id:
            return name
        owner = self.aliases.get(name.lower())
        if owner is not None and neg.accept_aliases:
            return owner
        hint = f"; did you mean '{owner}'?" if owner is not None else suggest(name, list(neg.party_by_id))
        self.report(at, f"unknown party '{name}'{hint}", "unknown-party")
        return None

    def issue(self, name: str, at: tuple[Any, ...]) -> Issue | None:
        issue = self.negotiation.issue_by_id.get(name)
        if issue is None:
            hint = suggest(name, list(self.negotiation.issue_by_id)) or title_hint(name, self.negotiation)
            self.report(at, f"unknown issue '{name}'{hint}", "unknown-issue")
        return issue

    def point(self, issue: Issue, value: str | None, at: tuple[Any, ...], what: str) -> str | None:
        if value is None or issue.has(value):
            return value
        ids = [p.id for p in issue.scale]
        hint = suggest(value, ids) or f"; the scale is: {', '.join(ids)}"
        self.report(at, f"{what} '{value}' is not a point on the scale of '{issue.id}'{hint}", "off-scale")
        return None

    def quote(self, raw: dict[str, Any], at: tuple[Any, ...]) -> Quote:
        return Quote(raw["speaker"], raw["text"], _line(self.doc, at), raw.get("supports", "stance"))

    def date(self, text: str, at: tuple[Any, ...]) -> date | None:
        parsed = parse_date(text)
        if parsed is None:
            self.report(at, f"'{text}' is not a real calendar date", "bad-date")
        return parsed


def _positions(check: _SnapshotChecker, items: list[dict[str, Any]]) -> list[Position]:
    """The positions of a snapshot, checked: ids, points, one per party and issue, and a
    red line backed by a quote marked `supports: red_line` (else a warning)."""
    doc = check.doc
    positions = []
    seen: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(items):
        at = ("positions", i)
        party = check.party(raw["party"], (*at, "party"))
        issue = check.issue(raw["issue"], (*at, "issue"))
        if issue is None:
            continue
        stance = check.point(issue, raw.get("stance"), (*at, "stance"), "stance")
        red_line = check.point(issue, raw.get("red_line"), (*at, "red_line"), "red line")
        if party is None:
            continue
        key = (party, issue.id)
        if key in seen:
            check.report(
                at,
                f"'{party}' on '{issue.id}' is already given at line {seen[key]}; "
                "one position per party and issue in a snapshot",
                "duplicate-position",
            )
            continue
        seen[key] = _line(doc, at)
        withdrawn = bool(raw.get("withdrawn", False))
        if not withdrawn and stance is None:
            continue
        if red_line is not None and not any(q.get("supports") == "red_line" for q in raw.get("quotes", ())):
            check.problems.append(
                doc.problem(
                    (*at, "red_line"),
                    f"{party}'s red line on {issue.id} ({red_line}) has no quote "
                    "marked `supports: red_line`: quote the source's words that state it",
                    "red-line-unquoted",
                    severity="warning",
                )
            )
        positions.append(
            Position(
                party=party,
                issue=issue.id,
                stance=stance,
                red_line=red_line,
                summary=raw.get("summary", ""),
                quotes=tuple(check.quote(q, (*at, "quotes", j)) for j, q in enumerate(raw.get("quotes", ()))),
                withdrawn=withdrawn,
                line=_line(doc, at),
                stance_line=_line(doc, (*at, "stance")),
                red_line_line=_line(doc, (*at, "red_line")),
                red_line_withdrawn="red_line" in raw and raw["red_line"] is None,
            )
        )
    return positions


def check_snapshot(doc: Document, negotiation: Negotiation) -> tuple[Snapshot | None, list[Problem]]:
    """Build a `Snapshot` from a schema-valid document, checked against its negotiation."""
    data = doc.data
    check = _SnapshotChecker(doc, negotiation)
    when = check.date(data["date"], ("date",))
    name = PurePosixPath(doc.path).name
    match = SNAPSHOT_NAME.match(name)
    if match is None:
        check.report((), f"snapshot file name '{name}' should be <YYYY-MM-DD>-<slug>.yaml", "file-name")
    elif when is not None and match.group(1) != data["date"]:
        check.report(
            ("date",),
            f"date {data['date']} differs from the date in the file name ({match.group(1)})",
            "date-mismatch",
        )

    raw_source = data["source"]
    published = None
    if "published" in raw_source:
        published = check.date(raw_source["published"], ("source", "published"))
    source = Source(
        title=raw_source["title"],
        kind=raw_source["kind"],
        outlet=raw_source.get("outlet", ""),
        author=raw_source.get("author", ""),
        url=raw_source.get("url", ""),
        published=published,
        text=raw_source.get("text", ""),
    )

    positions = _positions(check, data["positions"])

    reported = []
    for i, raw in enumerate(data.get("reported", ())):
        at = ("reported", i)
        issue = check.issue(raw["issue"], (*at, "issue"))
        if issue is None:
            continue
        quote = check.quote(raw["quote"], (*at, "quote")) if "quote" in raw else None
        reported.append(Reported(issue.id, raw["status"], raw.get("summary", ""), quote, _line(doc, at)))

    events = []
    for i, raw in enumerate(data.get("events", ())):
        at = ("events", i)
        event_date = check.date(raw["date"], (*at, "date"))
        parties = [check.party(p, (*at, "parties", j)) for j, p in enumerate(raw.get("parties", ()))]
        if event_date is None:
            continue
        events.append(Event(event_date, raw["title"], tuple(p for p in parties if p), _line(doc, at)))

    if when is None:
        return None, check.problems
    snapshot = Snapshot(when, doc.path, source, tuple(positions), tuple(reported), tuple(events))
    return snapshot, check.problems
