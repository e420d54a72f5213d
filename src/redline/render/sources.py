"""The output of `redline sources`: quotes checked against local source texts.

Text: one line per snapshot with quotes, in the compilers' `path:line:col` style for
what needs attention (a mismatched quote, with the closest passage of the text and a
word diff: `[-source only-] {+quote only+}`), then a summary line. JSON: the same, as
data (`"version": 1`); text from the data is passed through exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TextIO

from ..problems import has_errors
from ..quotes import QuoteCheck, SnapshotQuotes, Status, unverified_problem
from .escape import terminal

CONTRACT_VERSION = 1


@dataclass(frozen=True)
class SourcesReport:
    negotiation: str
    snapshots: tuple[SnapshotQuotes, ...]

    def total(self, status: Status) -> int:
        return sum(s.count(status) for s in self.snapshots)

    @property
    def missing_texts(self) -> int:
        return sum(1 for s in self.snapshots if s.status == "text-missing")

    @property
    def failed(self) -> bool:
        return any(has_errors(list(s.problems)) for s in self.snapshots)

    def summary(self) -> str:
        quotes = sum(len(s.checks) for s in self.snapshots)
        texts = len({s.text for s in self.snapshots if s.text and s.status != "text-missing"})
        line = (
            f"{self.negotiation}: {len(self.snapshots)} snapshot(s), {quotes} quote(s): "
            f"{self.total('verified')} verified, {self.total('mismatched')} mismatched, "
            f"{self.total('unverified')} unverified (no local source text); "
            f"{texts} local text(s)"
        )
        if self.missing_texts:
            line += f", {self.missing_texts} missing"
        return line


def write_text(report: SourcesReport, out: TextIO) -> None:
    for item in report.snapshots:
        warning = unverified_problem(item)
        if warning is not None:
            out.write(terminal(warning.format()) + "\n")
            continue
        if item.checks and item.status in ("verified", "mismatched"):
            out.write(terminal(f"{item.path}: {_counts(item)} ({item.text})") + "\n")
        for problem in item.problems:
            if problem.code != "quote-mismatch":
                out.write(terminal(problem.format()) + "\n")
        for check in item.checks:
            if check.status == "mismatched":
                _mismatch(item, check, out)
    out.write(report.summary() + "\n")


def _counts(item: SnapshotQuotes) -> str:
    parts = [f"{item.count('verified')} verified"]
    if item.count("mismatched"):
        parts.append(f"{item.count('mismatched')} mismatched")
    return ", ".join(parts)


def _mismatch(item: SnapshotQuotes, check: QuoteCheck, out: TextIO) -> None:
    where = f"{item.path}:{check.line}:{check.column}"
    out.write(
        terminal(
            f"{where}: error: quote of {check.speaker} does not appear verbatim in "
            f"'{item.text}' (quote-mismatch)"
        )
        + "\n"
    )
    out.write(terminal(f"    quote:   {check.text}") + "\n")
    closest = check.closest
    if closest is None:
        out.write("    closest: no passage of the text is close to it\n")
        return
    out.write(terminal(f"    closest: {closest.text}") + "\n")
    out.write(terminal(f"             ({item.text}:{closest.line}, {closest.similarity:.0%} similar)") + "\n")
    words = " ".join(f"[-{t}-]" if op == "-" else f"{{+{t}+}}" if op == "+" else t for op, t in closest.words)
    out.write(terminal(f"    diff:    {words}") + "\n")


def report_data(report: SourcesReport) -> dict[str, Any]:
    return {
        "version": CONTRACT_VERSION,
        "negotiation": report.negotiation,
        "ok": not report.failed,
        "summary": {
            "snapshots": len(report.snapshots),
            "quotes": sum(len(s.checks) for s in report.snapshots),
            "verified": report.total("verified"),
            "mismatched": report.total("mismatched"),
            "unverified": report.total("unverified"),
            "missing_texts": report.missing_texts,
        },
        "snapshots": [
            {
                "path": s.path,
                "date": s.date,
                "text": s.text or None,
                "status": s.status,
                "quotes": [c.to_json() for c in s.checks],
            }
            for s in report.snapshots
        ],
        "problems": [
            p.to_json()
            for s in report.snapshots
            for p in (*s.problems, *filter(None, [unverified_problem(s)]))
        ],
    }


def write_json(report: SourcesReport, out: TextIO) -> None:
    json.dump(report_data(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
