"""Scaffolds for curators: the text of a new negotiation.yaml and of the next snapshot.

Pure functions from redline's types to YAML text; `redline init` and `redline new`
write what they return. Every scaffold starts with the schema header (a relative path
to the positions root's `.schemas/`, see `redline.schemafiles`). A snapshot scaffold
holds the source block and only the positions the curator asked for, each with the
stance it has on the snapshot's date, an empty summary to write, no red line (a
standing red line carries on by itself) and, when the source text is stored, commented
quote candidates taken verbatim from it. Nothing in it is a guess the curator must
delete, and nothing generated can go stale: the state of the negotiation is printed to
the terminal (`state_table`), not written into the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .candidates import Candidate
from .errors import UsageError
from .fold import State
from .loading import LoadError, parse_yaml
from .model import Issue, Negotiation
from .schemafiles import schema_header
from .validation import SNAPSHOT_NAME, suggest, title_hint

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
URL_PATTERN = re.compile(r"^https?://\S+$")


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
    return (
        schema_header("negotiation")
        + f"""\
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
#     keywords: [frontier, boundary]       # optional: other words naming it in a text
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
    )


def default_slug(title: str, outlet: str = "") -> str:
    """The dataset's convention, `outlet-topic`: the outlet's slug, then the title's.

    >>> default_slug("US pushed back on non-starters", "Reuters")
    'reuters-us-pushed-back-on-non-starters'
    """
    topic = slugify(title)
    if not outlet.strip():
        return topic
    return slugify(f"{slugify(outlet, 24)}-{topic}")


def point_text(issue: Issue, point: str | None) -> str:
    """A scale point as a curator reads it: `id (Label)`, or the id alone when it spells
    the label (`open-door` for "Open door")."""
    if point is None:
        return "-"
    label = issue.label(point)
    return f"{point} ({label})" if label and slugify(label) != point else point


# --- Which positions the curator asks for -------------------------------------------


def parse_pair(negotiation: Negotiation, value: str) -> tuple[str, str]:
    """`PARTY:ISSUE` as (party id, issue id); a party may be named by an alias.

    Raises `UsageError` with a did-you-mean for an unknown party or issue.
    """
    party, sep, issue = value.partition(":")
    if not sep or not party.strip() or not issue.strip():
        raise UsageError(
            f"--position '{value}' should be PARTY:ISSUE, e.g. "
            f"{negotiation.parties[0].id}:{negotiation.issues[0].id}"
        )
    party, issue = party.strip(), issue.strip()
    ids = list(negotiation.party_by_id)
    by_alias = {a.lower(): p.id for p in negotiation.parties for a in (p.name, *p.aliases)}
    found = party if party in negotiation.party_by_id else by_alias.get(party.lower())
    if found is None:
        hint = suggest(party, ids) or f"; the parties are: {', '.join(ids)}"
        raise UsageError(f"--position '{value}': unknown party '{party}'{hint}")
    if issue not in negotiation.issue_by_id:
        issues = list(negotiation.issue_by_id)
        hint = (
            suggest(issue, issues)
            or title_hint(issue, negotiation)
            or f"; the issues are: {', '.join(issues)}"
        )
        raise UsageError(f"--position '{value}': unknown issue '{issue}'{hint}")
    return found, issue


# --- The state, for the terminal -----------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One position as it stands on the new snapshot's date, as the terminal shows it."""

    party: str
    issue: str
    stance: str
    red_line: str
    since: str


def state_rows(negotiation: Negotiation, state: State) -> list[Row]:
    """Every position held in `state`, in the negotiation's order of issues and parties."""
    rows = []
    for issue in negotiation.issues:
        for party in negotiation.parties:
            held = state.get(party.id, issue.id)
            if held is not None:
                rows.append(
                    Row(
                        party.id,
                        issue.id,
                        point_text(issue, held.stance),
                        point_text(issue, held.red_line),
                        held.since.isoformat(),
                    )
                )
    return rows


def state_table(rows: list[Row], width: int = 10_000) -> list[str]:
    """`rows` as an aligned table (party, issue, stance, red line, since) when it fits in
    `width` columns; else stacked, one block per issue and one line per party."""
    header = Row("party", "issue", "stance", "red line", "since")
    table = [header, *rows]
    widths = [max(len(getattr(r, f)) for r in table) for f in ("party", "issue", "stance", "red_line")]
    lines = [
        f"{r.party:<{widths[0]}}  {r.issue:<{widths[1]}}  {r.stance:<{widths[2]}}  "
        f"{r.red_line:<{widths[3]}}  {r.since}".rstrip()
        for r in table
    ]
    if max(len(line) for line in lines) <= width:
        return lines
    stacked: list[str] = []
    current = ""
    for row in rows:  # in the negotiation's order: one issue after the other
        if row.issue != current:
            current = row.issue
            stacked.append(current)
        red_line = f"; red line {row.red_line}" if row.red_line != "-" else ""
        stacked.append(f"  {row.party:<{widths[0]}}  {row.stance}{red_line}; since {row.since}")
    return stacked


def scale_lines(issue: Issue, current: str | None) -> list[str]:
    """The scale of `issue`, one point a line with label and description; `*` marks `current`."""
    lines = []
    for point in issue.scale:
        mark = "*" if point.id == current else " "
        text = f"  {mark} {point.id}: {point.label}"
        lines.append(text + (f" - {point.description}" if point.description else ""))
    return lines


# --- The snapshot scaffold -----------------------------------------------------------


@dataclass(frozen=True)
class SourceFields:
    """The source block of a new snapshot, from `redline new`'s options."""

    title: str
    kind: str = "news"
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    text: str = ""


@dataclass(frozen=True)
class Block:
    """A position the curator asked for: its stance on the snapshot's date (None when the
    party holds none yet) and the quote candidates found in the stored text."""

    party: str
    issue: Issue
    stance: str | None
    candidates: tuple[Candidate, ...] = ()


def snapshot_scaffold(day: date, source: SourceFields, blocks: list[Block]) -> str:
    """The text of a new snapshot: the source block with the fields given, then the blocks.

    Each block has the party, the issue, the standing stance with its label and description
    as a comment (empty when none stands), an empty `summary:` to write and, commented out, `quotes:`
    and the candidates: uncommenting `quotes:` and a candidate's two lines gives a quote
    that verifies against the text. Without blocks the positions list is empty (`[]`).
    """
    lines = [f"date: {day.isoformat()}", "source:", f"  title: {_double_quoted(source.title)}"]
    for key in ("outlet", "author", "url", "published"):
        if getattr(source, key):
            lines.append(f"  {key}: {scalar(getattr(source, key))}")
    lines.append(f"  kind: {source.kind}")
    if source.text:
        lines.append(f"  text: {scalar(source.text)}")
    lines.append("positions:" if blocks else "positions: []")
    for block in blocks:
        lines += _block(block)
    return schema_header("snapshot") + "\n".join(lines) + "\n"


def _block(block: Block) -> list[str]:
    stance = "  stance:"
    if block.stance is not None:
        stance += f" {block.stance}"
        point = block.issue.scale[block.issue.index(block.stance)]
        gloss = [point.label] if slugify(point.label) != point.id else []
        gloss += [point.description] if point.description else []
        if gloss:
            stance += "  # " + " - ".join(gloss)
    lines = [f"  - party: {block.party}", f"    issue: {block.issue.id}", "  " + stance, "    summary:"]
    if block.candidates:
        lines.append("    # quotes:")
        for candidate in block.candidates:
            lines += [
                f"    #   - speaker: {scalar(candidate.speaker)}",
                f"    #     text: {_double_quoted(candidate.text)}",
            ]
    return lines
