"""`redline review` (being written)."""

from __future__ import annotations

from ..errors import UsageError


def review() -> None:
    """Review position edits between git revisions (not yet available)."""
    raise UsageError("not yet available")
