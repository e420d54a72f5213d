"""Text from the data, made safe for where it is shown.

The data is written by people, and pull requests by strangers: a quote may hold
terminal escape sequences, rich markup, HTML, markdown, mentions. Terminal output
shows such text literally with control characters made visible; markdown output
escapes it so that the document's structure and meaning are unchanged. JSON output
keeps the text exactly.

Every value shown in a terminal, in markdown or in a GitHub annotation is bounded: text
longer than `MAX_SHOWN` characters is cut there, with a visible marker that gives its
full length (`… [cut: 100,000 characters in all]`), so that one huge value cannot flood
a terminal, a log or a pull-request comment.
"""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline, handled apart), DEL; bidirectional marks,
# overrides and isolates; zero-width and other invisible format characters (soft hyphen,
# word joiner, BOM, Unicode tags, which can smuggle hidden text); the line and paragraph
# separators, which some terminals and editors break lines at; and the Hangul fillers,
# blank characters that pass for letters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f]"
)


# Beyond that list, any character of these Unicode categories is escaped too: controls,
# format characters, unassigned and private-use code points, surrogates, line and
# paragraph separators. (Spaces other than ' ', such as the no-break space, are kept.)
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"})


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _visible(match: re.Match[str]) -> str:
    return _escaped(match.group())


MAX_SHOWN = 3_000  # characters of one value: a long quote is a paragraph or two


def bounded(text: str, limit: int = MAX_SHOWN) -> str:
    """`text`, or its first `limit` characters and a marker giving its length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [cut: {len(text):,} characters in all]"


def terminal(text: str, *, one_line: bool = True, limit: int = MAX_SHOWN) -> str:
    """Text to print in a terminal: at most `limit` characters (see `bounded`), control,
    invisible, unassigned and private-use characters shown as escapes."""
    if len(text) <= limit and text.isascii() and text.isprintable():
        return text  # printable ASCII has nothing to cut, replace or escape: the common case
    text = bounded(text, limit).replace("\t", " ")
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = _INVISIBLE.sub(_visible, text)
    if text.isprintable() or (not one_line and text.replace("\n", "").isprintable()):
        return text
    from unicodedata import category

    return "".join(_escaped(c) if c != "\n" and category(c) in _HIDDEN_CATEGORIES else c for c in text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# '@user', '#123' and 'GH-123' (which GitHub links as '#123' does, in any letter case).
_MENTION = re.compile(r"([@#]|\b[Gg][Hh]-)(?=[\w-])")


def markdown(text: str) -> str:
    """Inline markdown text showing `text` literally, on one line.

    Escapes the punctuation that opens emphasis, code, links, tables and strike-through,
    turns HTML-significant characters into entities, breaks `@mentions`, `#123` and
    `GH-123` references with a zero-width space so that they neither ping nor link, makes
    control characters visible, and bounds the length (see `bounded`). The result is
    meant to follow other text on its line (a bullet, a table cell): at the very start
    of a line, '#', '-' or '1.' would still be read as markdown.
    """
    text = terminal(text, one_line=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub(r"\1&#8203;", text)


def html_text(text: str) -> str:
    """Text inside an HTML element (a `<summary>`): entities, mentions and references
    broken as in `markdown`, control characters made visible, on one line."""
    import html

    return _MENTION.sub(r"\1&#8203;", html.escape(terminal(text), quote=True))


def xml_text(text: str, limit: int = MAX_SHOWN) -> str:
    """Text inside an XML (SVG) element or a quoted attribute value: on one line, control
    and invisible characters made visible (so none that XML forbids is left), bounded, and
    `&`, `<`, `>` and both quotes as entities."""
    import html

    return html.escape(terminal(text, limit=limit), quote=True)


_BLOCK_MARKER = re.compile(r"^([#+=-]|\d{1,9}(?=[.)]))")


def markdown_start(text: str) -> str:
    """`markdown(text)` for text that may begin a line or a list item's content.

    Also trims the ends (four leading spaces would start a code block) and escapes a
    leading block marker: '#' (heading), '+', '-' (list, rule), '=' (setext underline)
    and '1.' or '1)' (ordered list).
    """
    text = markdown(text.strip())
    match = _BLOCK_MARKER.match(text)
    if match is None:
        return text
    marker = match.group()
    if marker.isdigit():  # '12.' -> '12\.': the digits stay, the delimiter is escaped
        return marker + "\\" + text[len(marker) :]
    return "\\" + text


_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def code(text: str) -> str:
    """An inline code span for an identifier; anything else falls back to `markdown`.

    Schema-checked ids (`^[a-z0-9][a-z0-9_-]*$`) are always spans; other text never is,
    because a code span cannot hold a '|' inside a table cell.
    """
    return f"`{text}`" if _SAFE_ID.fullmatch(text) else markdown(text)


_URL_SCHEME = re.compile(r"https?://", re.IGNORECASE)
# Kept as is in an autolink: the RFC 3986 unreserved and reserved characters, but '['
# and ']'. Everything else (space, '<', '>', '"', '|', '`', '\\', non-ASCII...) is
# percent-encoded: it could end the link, split a table cell, or is not URI text.
_URL_SAFE = "-._~:/?#@!$&'()*+,;=%ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def url(text: str) -> str | None:
    """An http(s) URL made safe for a markdown autolink `<...>`; None for anything else.

    Characters that could end the link or be read as markdown are percent-encoded, so
    the link still leads where it said.
    """
    from urllib.parse import quote

    text = text.strip()
    if not _URL_SCHEME.match(text) or len(text) <= len("https://"):
        return None
    return quote(text, safe=_URL_SAFE)


# Unquoted Mermaid text (a gantt title, section or task name): no character that starts
# a comment or directive ('%', '#'), ends a statement (';', newline), splits a task
# (':'), or quotes, brackets or markup anything.
_MERMAID_BARE_UNSAFE = re.compile(r"[^\w .,/'()-]", re.UNICODE)


def mermaid_bare(text: str) -> str:
    """Text safe as an unquoted Mermaid label (gantt title, section, task name).

    Only letters, digits, spaces and `.,/'()-_` are kept, runs of spaces collapse, and
    the result is never empty. A keyword at the very start ('section', 'click'...) is
    still the caller's concern: put a fixed prefix before data there.
    """
    text = terminal(text, one_line=True)
    text = _MERMAID_BARE_UNSAFE.sub(" ", text)
    return " ".join(text.split()) or "?"
