"""Scaffolds for curators: the text of a new negotiation.yaml and of the next snapshot.

Pure functions from redline's types to YAML text; `redline init` and `redline new`
write what they return. Every scaffold starts with the schema header, and a snapshot
scaffold is valid as written: what the curator may keep is there as comments, the
positions as they stand on the snapshot's date above all, so that the curator
uncomments what the new source restates and edits only what changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .fold import State
from .loading import LoadError, parse_yaml
from .model import Negotiation
from .validation import SNAPSHOT_NAME

SCHEMA_HEADER = "# yaml-language-server: $schema=../../schemas/{name}.schema.json\n"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
URL_PATTERN = re.compile(r"^https?://\S+$")
KINDS = ("news", "official", "transcript")


def slugify(title: str, max_length: int = 50) -> str:
    """A file-name slug from a title: ASCII, lower case, hyphenated, cut at a word.

    >>> slugify("U.S.-Russia Conclude 'Difficult' Geneva Talks")
    'u-s-russia-conclude-difficult-geneva-talks'
    """
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    return slug or "source"


def snapshot_file_name(day: date, slug: str) -> str | None:
    """`<date>-<slug>.yaml`, or None when the slug would not make a valid snapshot name."""
    name = f"{day.isoformat()}-{slug}.yaml"
    if slug.endswith((".yaml", ".yml")) or SNAPSHOT_NAME.match(name) is None:
        return None
    return name


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when it reads back as the same string, else quoted."""
    if value and "\n" not in value:
        try:
            if parse_yaml(f"k: {value}\n", "<scalar>").data == {"k": value}:
                return value
        except LoadError:
            pass
    return _double_quoted(value)


def _double_quoted(value: str) -> str:
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def negotiation_scaffold(negotiation_id: str, title: str) -> str:
    """A new negotiation.yaml: id and title, and a commented example party and issue."""
    return SCHEMA_HEADER.format(name="negotiation") + f"""\
id: {negotiation_id}
title: {scalar(title)}
# description: What the negotiation is about, in a sentence or two.
# accept_aliases: false        # true: snapshots may name a party by one of its aliases
#
# Declare the parties (two or more) and the issues (one or more), then run
# `redline validate`. Uncomment the example below and make it yours. Ids are lower
# case letters, digits, '-' and '_'; snapshots use them.
#
# parties:
#   - id: north
#     name: Northland
#     aliases: [Northville]    # optional: other names (a capital): did-you-mean help
#     side: north              # optional: parties on one side are allies, not compared
#   - id: south
#     name: Southland
#     side: south
# issues:
#   - id: border
#     title: The border
#     description: Where the border runs.   # optional
#     scale:                   # ordered from one pole to the other, two points or more
#       - id: river-line
#         label: River line
#         description: The border follows the river.
#       - id: joint-zone
#         label: Joint zone
#         description: The land between river and ridge is administered jointly.
#       - id: ridge-line
#         label: Ridge line
#         description: The border follows the ridge.
"""


@dataclass(frozen=True)
class SourceFields:
    """The source block of a new snapshot, from `redline new`'s options."""

    title: str
    kind: str = "news"
    outlet: str = ""
    url: str = ""
    text: str = ""


@dataclass(frozen=True)
class Carried:
    """A position as it stands on the new snapshot's date, and where it was last stated."""

    party: str
    issue: str
    stance: str
    red_line: str | None
    summary: str
    file: str
    stated_on: date  # the date of `file`
    since: date


def carried_positions(negotiation: Negotiation, state: State) -> list[Carried]:
    """Every position held in `state`, in the negotiation's order of issues and parties."""
    found = []
    for issue in negotiation.issues:
        for party in negotiation.parties:
            held = state.get(party.id, issue.id)
            if held is None:
                continue
            found.append(Carried(party.id, issue.id, held.stance, held.red_line, held.summary,
                                 held.source.path.rsplit("/", 1)[-1], held.last_confirmed,
                                 held.since))
    return found


def snapshot_scaffold(negotiation: Negotiation, day: date, source: SourceFields,
                      carried: list[Carried]) -> str:
    """The text of a new snapshot: the source block, and every party's position on every
    issue as a comment: as carried to `day`, or a blank entry where none is held."""
    lines = [f"date: {day.isoformat()}", "source:", f"  title: {_double_quoted(source.title)}"]
    lines.append(_field("outlet", source.outlet, "...", "the outlet or issuing body"))
    lines.append(_field("author", "", "...", "the author, when named"))
    lines.append(_field("url", source.url, "https://...", "where the document can be read"))
    lines.append(_field("published", "", day.isoformat(), "the publication date, when it differs"))
    lines.append(f"  kind: {source.kind}")
    lines.append(_field("text", source.text, "sources/....md",
                        "a local copy of the source text, licence permitting"))
    lines += [
        "#",
        "# Below, commented out: every party's position on every issue as it stands on",
        f"# {day.isoformat()}, carried from the snapshot that last stated it, or blank. For each",
        "# one this source states, uncomment it and make stance, red_line and summary say",
        "# what THIS source says (leave red_line out when it states none: the standing red",
        "# line carries on; `red_line: null` when it reports the red line withdrawn), and add",
        "# its verbatim quotes (`supports: red_line` on the ones that state the red line):",
        "#     quotes:",
        "#       - speaker: ...",
        '#         text: "..."',
        "# Delete the rest. A party that drops a demand: `withdrawn: true` and no stance.",
        "#",
        'positions: []   # delete the "[]" when you uncomment a position below',
    ]
    held = {(c.party, c.issue): c for c in carried}
    for issue in negotiation.issues:
        lines += ["#", f"#   # {issue.id}: {issue.title}",
                  f"#   # scale: {', '.join(p.id for p in issue.scale)}"]
        for party in negotiation.parties:
            item = held.get((party.id, issue.id))
            entry = _entry(item) if item else _blank(party.id, issue.id, day)
            lines += [f"#{line}" for line in entry]
    lines += [
        "#",
        "# reported:                 # optional: what the source itself says of the talks",
        "#   - issue: ...",
        "#     status: no-progress   # impasse | no-progress | progress | agreed",
        '#     quote: {speaker: ..., text: "..."}',
        "# events:                   # optional: upcoming events the source mentions",
        "#   - date: YYYY-MM-DD",
        "#     title: ...",
        f"#     parties: [{', '.join(p.id for p in negotiation.parties)}]",
    ]
    return SCHEMA_HEADER.format(name="snapshot") + "\n".join(lines) + "\n"


def _field(key: str, value: str, example: str, meaning: str) -> str:
    if value:
        return f"  {key}: {scalar(value)}"
    return f"  # {key + ':':<10} {example:<16} # optional: {meaning}"


def _entry(item: Carried) -> list[str]:
    note = f"carried from {item.file} ({item.stated_on.isoformat()})"
    if item.since < item.stated_on:
        note += f"; unchanged since {item.since.isoformat()}"
    entry = [f"   # {note}", f"   - party: {item.party}", f"     issue: {item.issue}",
             f"     stance: {item.stance}"]
    if item.red_line:  # it stands without being restated: shown, not written
        entry.append(f"     # red_line: {item.red_line}   (standing; write it only if this "
                     "source states it)")
    if item.summary:
        entry.append(f"     summary: {_double_quoted(item.summary)}")
    return entry


def _blank(party: str, issue: str, day: date) -> list[str]:
    return [f"   # no position as of {day.isoformat()}", f"   - party: {party}",
            f"     issue: {issue}", "     stance: ...", "     summary: ..."]
