"""A source as a briefing cites it: outlet, title, dates, and where the link really goes.

Curators often link a copy of a document on another site (a mirror, an archive, a
republication) while naming the outlet that first published it. A citation says so:
"via <host>" whenever the link's host does not belong to the outlet named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from .fold import SourceRef

_NOT_A_NAME = frozenset(
    {"www", "en", "com", "org", "net", "gov", "int", "edu", "co", "uk", "news", "amp", "m"}
)


@dataclass(frozen=True)
class Citation:
    """One cited source: the snapshot's reference, its publication date and the link's host."""

    ref: SourceRef
    published: date | None = None  # only when it differs from the source's date
    via: str | None = None  # the link's host, when it is not the outlet's own site


def citation(ref: SourceRef, published: date | None) -> Citation:
    return Citation(
        ref, published if published and published != ref.date else None, via_host(ref.outlet, ref.url)
    )


def via_host(outlet: str, url: str) -> str | None:
    """The host of `url` when it does not belong to `outlet`, else None.

    The host belongs to the outlet when one of its names (the labels of the host but the
    last, such as 'state' in state.gov or 'washingtonpost' in www.washingtonpost.com)
    is part of the outlet's name with punctuation and spaces removed ('RFE/RL' ->
    'rferl'), or holds a word of four letters or more of it ('sputniknews' and Sputnik).

    >>> via_host("U.S. Department of State", "https://www.state.gov/x")
    >>> via_host("Reuters", "https://kdal610.com/2022/01/10/x")
    'kdal610.com'
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host or not outlet.strip():
        return None
    host = host.removeprefix("www.")
    collapsed = re.sub(r"[\W_]+", "", outlet.lower())
    words = [w for w in re.split(r"[\W_]+", outlet.lower()) if len(w) >= 4]
    names = [n for n in host.split(".")[:-1] if len(n) >= 3 and n not in _NOT_A_NAME]
    for name in names:
        if name in collapsed or any(w in name for w in words):
            return None
    return host
