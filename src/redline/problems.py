"""Problems found in the data, as values: the core yields them, the CLI prints them.

A problem names a file, a 1-based line and column (0 when unknown), a message meant
for the person editing the file, and a short code naming the rule, so that
`path:line:col: error: message (code)` can point an editor at the exact spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: str
    line: int
    column: int
    message: str
    code: str
    severity: Severity = "error"

    def format(self) -> str:
        """Render as `path:line:col: severity: message (code)`, the compilers' style.

        One line, always: control characters, newlines and invisible characters from a
        file name or from text quoted in the message are shown as escapes.
        """
        from .render.escape import terminal

        where = terminal(self.path)
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.severity}: {terminal(self.message)} ({self.code})"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
