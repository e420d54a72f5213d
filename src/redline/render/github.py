"""GitHub Actions workflow commands: annotations on the lines of the files.

GitHub shows ten annotations of each kind per step, so callers order them by importance;
`workflow_commands` keeps the first of each level and, when some are left out, gives the
last notice slot to one line counting the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem

LEVELS = {"error": "error", "warning": "warning", "notice": "notice"}


def _escape_data(text: str) -> str:
    """Workflow-command data: one line, control and invisible characters made visible."""
    from .escape import terminal

    return terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, path: str = "", line: int = 0, column: int = 0, title: str = "") -> str:
    """One `::level file=...,line=...::message` line, with GitHub's escaping."""
    props = []
    if path:
        props.append(f"file={_escape_property(path)}")
    if line:
        props.append(f"line={line}")
    if column:
        props.append(f"col={column}")
    if title:
        props.append(f"title={_escape_property(title)}")
    head = f"::{LEVELS[level]} " + ",".join(props) if props else f"::{LEVELS[level]}"
    return f"{head}::{_escape_data(message)}"


def workflow_commands(items: Iterable[tuple[str, str, str, int, int, str]], limit: int = 10) -> str:
    """Workflow commands for (level, message, path, line, column, title) items, in order.

    At most `limit` of each level, GitHub's own limit per step: when some are left out,
    the last notice slot says how many and where to find them (the job summary).
    """
    items = list(items)
    total: dict[str, int] = {}
    for item in items:
        total[item[0]] = total.get(item[0], 0) + 1
    overflow = any(n > limit for n in total.values())
    room = {level: limit - 1 if overflow and level == "notice" else limit for level in total}
    shown: dict[str, int] = {}
    lines = []
    for level, message, path, line, column, title in items:
        if shown.get(level, 0) >= room[level]:
            continue
        shown[level] = shown.get(level, 0) + 1
        lines.append(command(level, message, path, line, column, title))
    left = {level: n - shown.get(level, 0) for level, n in total.items() if n > shown.get(level, 0)}
    if left:
        counted = ", ".join(f"{n} more {level}(s)" for level, n in sorted(left.items()))
        lines.append(command("notice", f"redline: {counted} not annotated; see the job summary"))
    return "".join(line + "\n" for line in lines)


def problems_as_annotations(problems: list[Problem], limit: int = 10) -> str:
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line))
    return workflow_commands(
        (
            (p.severity, f"{p.message} ({p.code})", p.path, p.line, p.column, "redline validate")
            for p in ordered
        ),
        limit,
    )
