"""Strict, safe YAML loading that remembers where every value came from.

`parse_yaml` turns the text of one file into plain Python values (dict, list, str,
int, float, bool, None) and a table of 1-based `(line, column)` positions keyed by
the path of each value (`("positions", 3, "stance")`), so that every later message
can point at the exact line.

It walks libyaml's event stream (the C parser when PyYAML has it, the pure-Python
one otherwise) and builds values itself (`yamlbuilder.Builder`; the `Document`, `Limits`
and `LoadError` it makes are in `yamldoc`, and importable from here), which lets it:

- never construct Python objects: only the core YAML tags are accepted;
- reject duplicate mapping keys (PyYAML silently keeps the last one), naming both lines;
- reject merge keys (`<<`), several documents in one file, and non-string keys;
- read plain scalars by YAML 1.2's core schema: `no`, `on`, `yes`, `off`, `10:30`,
  `0777` and dates stay the strings that were written; only `true`/`false` are booleans;
- bound the work: file size, nesting depth (also through aliases), the number of
  values and the characters of text (keys and scalars) after alias expansion (what an
  alias bomb inflates: one long quote aliased a thousand times is a small file that
  expands to a gigabyte) have limits (see `Limits`), checked as each alias is met, before
  anything is copied; and so has the length of a number (Python refuses to print an
  integer of more than 4,300 digits);
- quote text from the file in messages with its control and invisible characters
  escaped, so that every message stays one line and cannot drive a terminal;
- warn (`Document.warnings`) when plain text in a text field is followed by what looks
  like more text but is a comment (`text: We accept EUR 100 #1 priority` stops at
  '100'), and add a hint to
  "mapping values are not allowed" when an unquoted value holds ': '.

Problems are raised as `LoadError`, which carries a `Problem`.
"""

from __future__ import annotations

import yaml

from .problems import Problem
from .yamlbuilder import Builder
from .yamldoc import DEFAULT_LIMITS, Document, Limits, LoadError
from .yamlerrors import index_to_line_col, offset_to_line_col, shown, syntax_problem

try:  # libyaml's C parser is about ten times faster than the pure-Python one.
    from yaml import CSafeLoader as _Loader

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    HAVE_LIBYAML = False

__all__ = ["DEFAULT_LIMITS", "HAVE_LIBYAML", "Document", "Limits", "LoadError", "parse_yaml", "read_text"]


def read_text(raw: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Decode a file's bytes as UTF-8, with clear messages for the usual mistakes."""
    if len(raw) > limits.max_bytes:
        raise LoadError(
            Problem(
                path,
                0,
                0,
                f"file is {len(raw):,} bytes, over the limit of {limits.max_bytes:,}",
                "file-too-large",
            )
        )
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise LoadError(Problem(path, 1, 1, "file is encoded as UTF-32; save it as UTF-8", "encoding"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(Problem(path, 1, 1, "file is encoded as UTF-16; save it as UTF-8", "encoding"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = offset_to_line_col(raw, nul)
        raise LoadError(
            Problem(path, line, col, "file contains a NUL byte; is it a binary file?", "encoding")
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = offset_to_line_col(raw, exc.start)
        raise LoadError(
            Problem(
                path,
                line,
                col,
                f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                "encoding",
            )
        ) from None


def parse_yaml(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one YAML document into plain values and positions; raise `LoadError`."""
    doc = Document(path, None)
    builder = Builder(doc, limits, text)
    try:
        builder.build(_Loader(text))
    except yaml.MarkedYAMLError as exc:
        raise LoadError(syntax_problem(exc, text, path)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line, col = index_to_line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise LoadError(
            Problem(
                path, line, col, f"control character U+{ord(char):04X} is not allowed in YAML", "yaml-syntax"
            )
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives a mark
        raise LoadError(Problem(path, 0, 0, shown(" ".join(str(exc).split()), 200), "yaml-syntax")) from None
    if not builder.seen_document:
        raise LoadError(
            Problem(path, 1, 1, "file holds no YAML document (empty, or only comments)", "empty-file")
        )
    return doc
