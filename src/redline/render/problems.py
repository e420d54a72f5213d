"""`redline validate`'s output: every problem as `path:line:col: message`, then a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..checks import CheckResult


def render_text(result: CheckResult, out: TextIO) -> None:
    for problem in result.problems:
        out.write(problem.format() + "\n")
    out.write(result.summary() + "\n")


def validation_data(result: CheckResult) -> dict[str, Any]:
    return dict(result.to_json())


def render_github(result: CheckResult, out: TextIO) -> None:
    from .github import problems_as_annotations

    out.write(problems_as_annotations(result.problems))
