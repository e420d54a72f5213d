"""`redline review`: what a change to the positions does, between two git revisions.

`build_review` reads only the negotiations the change touches, each at the base and at
the head through `repository.load` (the path `redline validate` takes, so every rule,
cross-file rules included, holds at both sides), and returns a `Review` value:

- per negotiation, the changed snapshot files and, per file, the semantic changes to
  its positions (`changes`: each side of the file taken on its own);
- the effect on the folded state at each date the change touches (`effects`), on the
  latest state (`today`), and the red lines it makes a party cross there (`crossings`);
- review flags pointing at a file and line (`flags`);
- the validation problems of the head, and those of the base apart.

Modules: `sides` (loading both sides), `changes`, `effects`, `flags`, `entries` (the
review of each changed file, and `build_review`), `model` (the values). Nothing here
prints; renderers live in `redline.render.review`.
"""

from ..vocabulary import FLAG_ORDER
from .entries import build_review, review_negotiation
from .model import Effect, FileChange, Flag, NegotiationReview, Review, Stated, Summary

__all__ = [
    "FLAG_ORDER",
    "Effect",
    "FileChange",
    "Flag",
    "NegotiationReview",
    "Review",
    "Stated",
    "Summary",
    "build_review",
    "review_negotiation",
]
