"""redline: track how the positions of parties in a negotiation shift over time."""

__version__ = "0.1.1.dev0"
