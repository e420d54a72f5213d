"""Builds plain values from libyaml's event stream, checking `loading`'s rules as it goes
(see `loading` for what they are): core-schema scalars, no duplicate or merge keys, no
tags beyond the core ones, and the `Limits` on values, depth and text after aliases are
expanded, each checked as an alias is met, before anything is copied."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .problems import Problem
from .yamldoc import Document, Limits, LoadError, Path
from .yamlerrors import mark_at, shown
from .yamlscalars import CORE_INT, resolve_plain

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Frame:
    __slots__ = ("chars_before", "container", "height", "key", "key_mark", "path", "seen_keys", "weight")

    def __init__(self, container: Any, path: Path, chars_before: int):
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.key_mark: tuple[int, int] = (0, 0)
        self.seen_keys: dict[str, int] = {}
        self.weight = 1  # values inside, itself included, aliases expanded
        self.height = 1  # levels of nesting inside, itself included, aliases expanded
        self.chars_before = chars_before  # the document's text before this value opened


_NO_KEY = object()

# Fields of free text, where ' #1' or ' #tag' after plain text is more likely part of the
# text (a number, a hashtag) than a comment: it is flagged there. '  # a note', with a
# space after the '#', reads as the comment it is, and is not.
TEXT_FIELDS = frozenset(
    {"summary", "text", "title", "speaker", "name", "label", "description", "outlet", "author"}
)
_COMMENT_AFTER = re.compile(r"[ \t]+#(?=[^\s#])")


class Builder:
    """Turns parser events into values, checking the rules as it goes."""

    def __init__(self, doc: Document, limits: Limits, text: str):
        self.doc = doc
        self.limits = limits
        self.text = text
        self.size = len(text)
        self.max_number_chars = limits.max_number_chars
        self.max_values = limits.max_values
        self.max_text_chars = limits.max_text_chars
        self.stack: list[_Frame] = []
        # anchor name -> (value, weight, height, chars): what an alias to it costs and adds
        self.anchors: dict[str, tuple[Any, int, int, int]] = {}
        self.values = 0
        self.chars = 0  # characters of keys and scalars so far, aliases expanded
        self.aliased = False  # whether an alias was expanded: what makes a document balloon
        self.seen_document = False
        self.anchor_of_frame: dict[int, str | None] = {}

    def fail(self, mark: Any, message: str, code: str) -> None:
        line, col = mark_at(mark, self.text) if mark is not None else (0, 0)
        raise LoadError(Problem(self.doc.path, line, col, message, code))

    def build(self, loader: Any) -> None:
        """Feed every event of the loader's stream (what `yaml.parse` yields), the commonest
        kinds without the generator and `feed`: one Python call per event, not three."""
        try:
            next_event, scalar, close, feed = loader.get_event, self.scalar, self.close, self.feed
            while True:
                event = next_event()
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    scalar(event)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    close()
                elif kind is yaml.StreamEndEvent or event is None:
                    return
                else:
                    feed(event)
        finally:
            loader.dispose()

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)  # the parser makes these exact classes: no isinstance chain
        if kind is yaml.ScalarEvent:
            self.scalar(event)  # type: ignore[arg-type]
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.close()
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent):
            self.check_tag(event, _MAP)
            self.open(event, {})
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_tag(event, _SEQ)
            self.open(event, [])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.close()
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            if self.seen_document:
                self.fail(
                    event.start_mark,
                    "file holds several YAML documents; keep one per file",
                    "several-documents",
                )
            self.seen_document = True

    def check_tag(self, event: Any, expected: str) -> None:
        tag = event.tag
        if tag is not None and tag not in (expected, "!"):
            self.fail(event.start_mark, f"unsupported tag {shown(_short_tag(tag))}", "yaml-tag")

    def count_text(self, chars: int, mark: Any, alias: str | None = None) -> None:
        """Add characters of text; refuse the document once it expands past the limit."""
        self.chars += chars
        if self.chars > self.limits.max_text_chars:
            how = f" through alias *{shown(alias)} (an alias bomb?)" if alias is not None else ""
            self.fail(
                mark,
                f"document expands to more than {self.limits.max_text_chars:,} characters of text{how}",
                "too-much-text",
            )

    def count(self, weight: int, mark: Any, alias: bool = False) -> None:
        self.values += weight
        self.aliased = self.aliased or alias
        if self.values > self.limits.max_values:
            if self.aliased:
                self.fail(
                    mark,
                    f"document expands to more than {self.limits.max_values:,} values (an alias bomb?)",
                    "too-many-values",
                )
            self.fail(mark, f"document holds more than {self.limits.max_values:,} values", "too-many-values")

    def open(self, event: Any, container: Any) -> None:
        if len(self.stack) >= self.limits.max_depth:
            self.fail(event.start_mark, f"nesting deeper than {self.limits.max_depth} levels", "too-deep")
        self.count(1, event.start_mark)
        path = self.place(container, event.start_mark)
        frame = _Frame(container, path, self.chars)
        self.anchor_of_frame[id(frame)] = event.anchor
        self.stack.append(frame)

    def close(self) -> None:
        frame = self.stack.pop()
        anchor = self.anchor_of_frame.pop(id(frame))
        if frame.key is not _NO_KEY:  # pragma: no cover - the parser never allows it
            raise AssertionError("mapping closed after a key")
        if anchor:
            self.anchors[anchor] = (
                frame.container,
                frame.weight,
                frame.height,
                self.chars - frame.chars_before,
            )
        if self.stack:
            parent = self.stack[-1]
            parent.weight += frame.weight
            parent.height = max(parent.height, frame.height + 1)

    def alias(self, event: yaml.AliasEvent) -> None:
        anchor = event.anchor or ""
        if anchor not in self.anchors:
            self.fail(event.start_mark, f"alias *{anchor} refers to no complete anchor", "yaml-alias")
        value, weight, height, chars = self.anchors[anchor]
        # An alias puts a copy of its anchor's value here: however deep that value goes
        # counts from here, or aliases of aliases would nest without bound.
        if len(self.stack) + height > self.limits.max_depth:
            self.fail(
                event.start_mark,
                f"nesting deeper than {self.limits.max_depth} levels (through alias *{shown(anchor)})",
                "too-deep",
            )
        self.count(weight, event.start_mark, alias=True)
        self.count_text(chars, event.start_mark, anchor)
        frame = self.stack[-1] if self.stack else None
        if frame is not None:
            if isinstance(frame.container, dict) and frame.key is _NO_KEY:
                self.fail(
                    event.start_mark,
                    f"an alias (*{shown(anchor)}) cannot be a mapping key; write the key out",
                    "non-string-key",
                )
            frame.weight += weight
            frame.height = max(frame.height, height + 1)
        self.place(value, event.start_mark)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        # `count`, `count_text`, `convert` and `place`, inlined for the most common event
        self.values += 1
        if self.values > self.max_values:
            self.count(0, event.start_mark)  # fails, in count's words
        text = event.value
        self.chars += len(text)
        if self.chars > self.max_text_chars:
            self.count_text(0, event.start_mark)  # fails, in count_text's words
        if event.tag is None and len(text) <= self.max_number_chars:
            value = resolve_plain(text) if not event.style and event.implicit[0] else text
        else:
            value = self.convert(event)
        if not self.stack:  # the whole document is this scalar
            self.place(value, event.start_mark)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1, 0, len(text))
            return
        frame = self.stack[-1]
        container = frame.container
        if type(container) is list:  # the builder makes every container: exact types
            path = (*frame.path, len(container))
            container.append(value)
        elif frame.key is _NO_KEY:
            self.key(frame, event, value)
            return
        else:
            name = frame.key
            path = (*frame.path, name)
            container[name] = value
            frame.key = _NO_KEY
            if not event.style and type(value) is str and name in TEXT_FIELDS:
                self.check_comment_after(event, name)
        mark: Any = event.start_mark
        self.doc.marks[path] = (
            (mark.line + 1, mark.column + 1) if mark.index < self.size else mark_at(mark, self.text)
        )
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, 0, len(text))
        frame.weight += 1

    def check_comment_after(self, event: yaml.ScalarEvent, name: str) -> None:
        """Warn when a comment follows plain text on its line: 'EUR 100 #1 ...' was cut."""
        end: Any = event.end_mark
        found = _COMMENT_AFTER.match(self.text, end.index)
        if found is None:
            return
        line, col = end.line + 1, end.column + len(found.group())  # at the '#'
        self.doc.warnings.append(
            Problem(
                self.doc.path,
                line,
                col,
                f"'{shown(name)}' ends before ' #': YAML reads the rest "
                "of the line as a comment; put the whole value in quotes if it belongs to the text",
                "comment-after-text",
                "warning",
            )
        )

    def key(self, frame: _Frame, event: yaml.ScalarEvent, value: Any) -> None:
        mark: Any = event.start_mark
        if event.tag == _MERGE or (value == "<<" and not event.style):
            self.fail(mark, "merge keys (<<) are not supported; write the keys out", "merge-key")
        if not isinstance(value, str):
            self.fail(
                mark, f"mapping key '{shown(event.value)}' must be a string; quote it", "non-string-key"
            )
        line, column = (
            (mark.line + 1, mark.column + 1) if mark.index < self.size else mark_at(mark, self.text)
        )
        first = frame.seen_keys.get(value)
        if first is not None:
            self.fail(
                mark, f"duplicate key '{shown(value)}' (first defined at line {first})", "duplicate-key"
            )
        frame.seen_keys[value] = line
        frame.weight += 1
        frame.key = value
        frame.key_mark = (line, column)
        at = (*frame.path, value)
        self.doc.key_marks[at] = frame.key_mark

    def place(self, value: Any, mark: Any) -> Path:
        """Put a finished or freshly opened value where it belongs; return its path."""
        at = (mark.line + 1, mark.column + 1) if mark.index < self.size else mark_at(mark, self.text)
        if not self.stack:
            self.doc.data = value
            self.doc.marks[()] = at
            return ()
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            path = (*frame.path, len(container))
            container.append(value)
        else:
            if frame.key is _NO_KEY:  # a mapping or sequence used as a key
                self.fail(mark, "mapping key must be a string, not a collection", "non-string-key")
            path = (*frame.path, frame.key)
            container[frame.key] = value
            frame.key = _NO_KEY
        self.doc.marks[path] = at
        return path

    def convert(self, event: yaml.ScalarEvent) -> Any:
        value = event.value
        tag = event.tag
        if (
            len(value) > self.max_number_chars
            and (tag in (_INT, _FLOAT) or (tag is None and not event.style and event.implicit[0]))
            and CORE_INT.fullmatch(value)
        ):
            # int() refuses more than 4,300 digits, and printing a huge one fails later.
            self.fail(
                event.start_mark,
                f"number of {len(value):,} characters, over the limit of "
                f"{self.limits.max_number_chars:,}; quote it if it is text",
                "number-too-long",
            )
        if tag is None:
            return resolve_plain(value) if not event.style and event.implicit[0] else value
        if tag in (_STR, "!", _TIMESTAMP):
            return value  # dates stay the text that was written
        if tag in (_INT, _FLOAT, _BOOL, _NULL):
            resolved = resolve_plain(value)
            expected = {_INT: int, _FLOAT: float, _BOOL: bool, _NULL: type(None)}[tag]
            if tag == _FLOAT and type(resolved) is int:
                return float(resolved)
            if type(resolved) is not expected:
                self.fail(event.start_mark, f"'{shown(value)}' is not a valid {_short_tag(tag)}", "yaml-tag")
            return resolved
        if tag == _MERGE:
            return value
        self.fail(event.start_mark, f"unsupported tag {shown(_short_tag(tag))}", "yaml-tag")
        return None  # pragma: no cover


def _short_tag(tag: str) -> str:
    return re.sub(r"^tag:yaml\.org,2002:", "!!", tag)
