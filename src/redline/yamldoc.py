"""What loading a YAML file gives: a `Document` (its values, and the line and column of
each value and key), the `Limits` on what one file may cost, and `LoadError`, which
carries the `Problem` that stopped it. `loading` reads files into these; `yamlbuilder`
builds them from libyaml's events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problems import Problem

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost to load; documented in the README."""

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 64
    max_values: int = 200_000
    max_text_chars: int = 4 * 1024 * 1024  # keys and scalars, aliases expanded: twice max_bytes
    max_number_chars: int = 1_000


DEFAULT_LIMITS = Limits()


@dataclass
class Document:
    """A parsed YAML file: its values and where each value and key stands."""

    path: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # the file loads, but look here

    def where(self, at: Path, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `at`, or of its nearest ancestor."""
        if key and at in self.key_marks:
            return self.key_marks[at]
        at = tuple(at)
        while at:
            if at in self.marks:
                return self.marks[at]
            at = at[:-1]
        return self.marks.get((), (1, 1))

    def problem(
        self, at: Path, message: str, code: str, *, key: bool = False, severity: str = "error"
    ) -> Problem:
        line, col = self.where(at, key=key)
        return Problem(self.path, line, col, message, code, severity)  # type: ignore[arg-type]


class LoadError(Exception):
    """The file could not be read as one YAML document of plain values."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem
