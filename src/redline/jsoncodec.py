"""The model's values to plain JSON and back, every value checked against its type hint.

The parse cache stores snapshots as JSON; what comes back from disk is untrusted, so
decoding checks the shape of everything against the model's own type hints: a field
declared `str` must hold a string (not a number, a list or null), `int` an integer
(not a boolean), `tuple[Quote, ...]` a list of well-formed quotes, and so on down.
Anything else raises `ShapeError`, and the caller parses the file again.

msgspec does the work, in C: `to_builtins` to encode, `convert` to check and build. Named
tuples are stored as lists of their fields in declaration order (missing trailing fields
take their defaults, as in the model), dataclasses as objects by field name, dates as
ISO strings (`YYYY-MM-DD` only). Supported hints are `str`, `int`, `float`, `bool`,
`None`, `date`, unions, `Literal[...]`, `tuple[X, ...]`, string enums, named tuples and
dataclasses: anything else is refused when the codec is made (`TypeError`), so that
every stored value keeps a precise shape.

    >>> from redline.model import Quote
    >>> codec = Codec(Quote)
    >>> codec.decode(codec.encode(Quote("Lavrov", "No.", 12)))
    Quote(speaker='Lavrov', text='No.', line=12, supports='stance')
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date
from typing import Any

import msgspec


class ShapeError(ValueError):
    """A JSON value does not have the shape its type hint asks for."""


_PLAIN = (str, int, float, bool, type(None), date)


def _fields(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    if dataclasses.is_dataclass(cls):
        return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]
    return list(hints.items())  # a named tuple's fields, in declaration order


def _is_named_tuple(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


def _is_record(hint: Any) -> bool:
    return _is_named_tuple(hint) or (isinstance(hint, type) and dataclasses.is_dataclass(hint))


class Codec:
    """Encoder and checking decoder for one model class; `skip` fields are not stored
    and are given back to `decode` as keyword arguments (a snapshot's path)."""

    def __init__(self, cls: type, skip: tuple[str, ...] = ()):
        self.cls = cls
        self.skip = skip
        self.fields = [(name, hint) for name, hint in _fields(cls) if name not in skip]
        self._layout = _layout(cls, self.fields, set())  # also refuses hints it cannot store

    def layout(self) -> str:
        """The stored layout, nested classes included: it changes whenever a field of the
        model is added, removed, renamed or retyped, so a cache can tell its own format.
        A named tuple is written `Name(...)` (stored as a list), a dataclass `Name{...}`
        (stored as an object)."""
        return self._layout

    def encode(self, value: Any) -> Any:
        data = msgspec.to_builtins(value)
        for name in self.skip:
            del data[name]
        return data

    def decode(self, data: Any, **given: Any) -> Any:
        if given:
            if type(data) is not dict:
                raise ShapeError(f"{self.cls.__name__}: expected an object")
            data = {**data, **given}
        try:
            return msgspec.convert(data, self.cls)
        except msgspec.ValidationError as exc:
            raise ShapeError(f"{self.cls.__name__}: {exc}") from None


def _layout(cls: type, fields: list[tuple[str, Any]], seen: set[type]) -> str:
    seen.add(cls)
    parts = []
    for name, hint in fields:
        parts.append(f"{name}: {hint!r}")
        for inner in _classes(hint):
            if inner not in seen:
                parts.append(_layout(inner, _fields(inner), seen))
    inside = "; ".join(parts)
    return f"{cls.__name__}({inside})" if _is_named_tuple(cls) else f"{cls.__name__}{{{inside}}}"


def _classes(hint: Any) -> list[type]:
    """The named tuples and dataclasses a type hint mentions, however deep; `TypeError`
    for a hint the codec cannot store with a precise shape."""
    if _is_record(hint):
        return [hint]
    if hint is None or hint in _PLAIN or (isinstance(hint, type) and issubclass(hint, enum.Enum)):
        return []
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        return []
    if origin in (typing.Union, types.UnionType) or (origin is tuple and args):
        return [c for arg in args if arg is not Ellipsis for c in _classes(arg)]
    raise TypeError(f"the cache cannot store a value of type {hint!r}")
