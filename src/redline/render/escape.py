"""Text from the data, made safe for where it is shown.

The data is written by people, and pull requests by strangers: a quote may hold
terminal escape sequences, rich markup, HTML, markdown, mentions. Terminal output
shows such text literally with control characters made visible; markdown output
escapes it so that the document's structure and meaning are unchanged. JSON output
keeps the text exactly.
"""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline, handled apart), DEL, bidirectional
# overrides and isolates, and zero-width characters that can hide or reorder text.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str, *, one_line: bool = True) -> str:
    """Text to print in a terminal: control and invisible characters shown as escapes."""
    text = text.replace("\t", " ")
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _INVISIBLE.sub(_visible, text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MENTION = re.compile(r"([@#])(?=[\w-])")


def markdown(text: str) -> str:
    """Inline markdown text showing `text` literally, on one line.

    Escapes the punctuation that opens emphasis, code, links, tables and strike-through,
    turns HTML-significant characters into entities, breaks `@mentions` and `#123`
    references with a zero-width space so that they neither ping nor link, and makes
    control characters visible. The result is meant to follow other text on its line
    (a bullet, a table cell): at the very start of a line, '#', '-' or '1.' would
    still be read as markdown.
    """
    text = terminal(text, one_line=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub(r"\1&#8203;", text)


_MERMAID_UNSAFE = re.compile(r"[^\w .,:;/'()-]", re.UNICODE)


def mermaid(text: str) -> str:
    """A label safe inside a Mermaid double-quoted string: no quotes, brackets or markup."""
    text = terminal(text, one_line=True)
    return _MERMAID_UNSAFE.sub(" ", text).strip() or "?"
