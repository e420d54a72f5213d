"""What the loader says about a file it refuses: where, in lines and columns as editors
count them, and what, in plain words.

libyaml's marks are 0-based and, at the very end of a file, point at a line after the
last one; `mark_at` turns them into 1-based positions inside the file. `syntax_problem`
turns a parser error into a `Problem`, with hints where libyaml's words baffle (a tab
where indentation was expected, an unquoted value holding ': '). `shown` quotes text
from the file in a message: one line, invisible characters escaped, cut when long.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Problem


def offset_to_line_col(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as YAML marks count) of a byte offset."""
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(raw[start:offset].decode("utf-8", "replace")) + 1
    return line, col


_SHOWN_CHARS = 80


def shown(text: str, limit: int = _SHOWN_CHARS) -> str:
    """Text from a file as quoted in a message: one line, invisible characters escaped.

    Control, bidirectional and zero-width characters (anything not printable) become
    Python-style escapes (`\\n`, `\\x1b`, `\\u202e`), and long text is cut with '…'.
    """
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# What YAML counts as a line break (and so libyaml's marks do).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def index_to_line_col(text: str, index: int) -> tuple[int, int]:
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def mark_at(mark: Any, text: str) -> tuple[int, int]:
    """1-based line and column of a parser mark.

    At the end of a file, libyaml puts its mark on a line after the last one (as if
    the file ended with one more line break): point at the real end of the file instead.
    """
    if mark.index >= len(text):
        return index_to_line_col(text, len(text))
    return mark.line + 1, mark.column + 1


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = mark_at(mark, text) if mark else (0, 0)
    message = shown(exc.problem or "invalid YAML", 200)
    if exc.context:
        message = f"{message} ({shown(exc.context, 200)})"
    opened = exc.context_mark
    if opened is not None and mark is not None and opened.line != mark.line:
        message += f", started at line {opened.line + 1}, column {opened.column + 1}"
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        message = "tab character where indentation or a value was expected; indent with spaces"
    elif mark is not None and exc.problem in _MAPPING_VALUES:
        message += _colon_hint(text, mark)
    return Problem(path, line, col, message, "yaml-syntax")


# libyaml's words, and PyYAML's pure-Python parser's, for `key: text with: a colon`.
_MAPPING_VALUES = ("mapping values are not allowed in this context", "mapping values are not allowed here")
# `key: value` on one line (maybe a list item), the value unquoted.
_KEY_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?([^\s:#'\"{\[][^:]*?):[ \t]+([^\s'\"{\[|>].*)")


def _colon_hint(text: str, mark: Any) -> str:
    """A plain hint when an unquoted value holds ': ' (YAML reads a second key there)."""
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    found = _KEY_VALUE.fullmatch(text[start : end if end >= 0 else len(text)].rstrip("\r"))
    if found is None or start + found.start(2) > mark.index:
        return ""
    return (
        f"; the value of '{shown(found.group(1))}' holds ': ', which YAML reads as "
        "another key: put the whole value in quotes"
    )
