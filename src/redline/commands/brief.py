"""`redline brief` (being written)."""

from __future__ import annotations

from ..errors import UsageError


def brief() -> None:
    """Write a markdown briefing (not yet available)."""
    raise UsageError("not yet available")
