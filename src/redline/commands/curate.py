"""`redline init`, `redline new`, `redline sources` (being written)."""

from __future__ import annotations

from ..errors import UsageError


def init() -> None:
    """Create a negotiation (not yet available)."""
    raise UsageError("not yet available")


def new() -> None:
    """Scaffold the next snapshot (not yet available)."""
    raise UsageError("not yet available")


def sources() -> None:
    """Check quotes against local source texts (not yet available)."""
    raise UsageError("not yet available")
