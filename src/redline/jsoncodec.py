"""The model's values to plain JSON and back, every value checked against its type hint.

The parse cache stores snapshots as JSON; what comes back from disk is untrusted, so
decoding checks the shape of everything against the model's own type hints: a field
declared `str` must hold a string (not a number, a list or null), `int` an integer
(not a boolean), `tuple[Quote, ...]` a list of well-formed quotes, and so on down.
Anything else raises `ShapeError`, and the caller parses the file again.

Named tuples and dataclasses become lists of their fields in declaration order; dates
become ISO strings. Being driven by the type hints, it follows the model as fields are
added: supported hints are `str`, `int`, `float`, `bool`, `None`, `date`, unions,
`Literal[...]`, `tuple[X, ...]`, string enums, named tuples and dataclasses.

    >>> codec = Codec(Quote)
    >>> codec.decode(codec.encode(Quote("Lavrov", "No.", 12)))
    Quote(speaker='Lavrov', text='No.', line=12)
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]


class ShapeError(ValueError):
    """A JSON value does not have the shape its type hint asks for."""


def _fields(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    names = (
        cls._fields
        if hasattr(cls, "_fields")  # a named tuple
        else [f.name for f in dataclasses.fields(cls)]
    )
    return [(name, hints[name]) for name in names]


class Codec:
    """Encoder and checking decoder for one model class; `skip` fields are not stored
    and are given back to `decode` as keyword arguments (a snapshot's path)."""

    def __init__(self, cls: type, skip: tuple[str, ...] = ()):
        self.cls = cls
        self.fields = [(name, hint) for name, hint in _fields(cls) if name not in skip]
        self._encoders = [(name, _encoder(hint)) for name, hint in self.fields]
        self._decoders = [_decoder(hint) for _, hint in self.fields]
        self._names = [name for name, _ in self.fields]
        # a named tuple whose fields are all stored is built from them in order (fastest)
        self._positional = hasattr(cls, "_fields") and len(self._names) == len(cls._fields)

    def layout(self) -> str:
        """The stored layout, nested classes included: it changes whenever a field of the
        model is added, removed, renamed or retyped, so a cache can tell its own format."""
        return _layout(self.cls, self.fields, set())

    def encode(self, value: Any) -> list[Any]:
        return [encode(getattr(value, name)) for name, encode in self._encoders]

    def decode(self, data: Any, **given: Any) -> Any:
        if type(data) is not list or len(data) != len(self._decoders):
            raise ShapeError(f"{self.cls.__name__}: expected a list of {len(self._decoders)}")
        values = [decode(item) for decode, item in zip(self._decoders, data, strict=True)]
        if self._positional and not given:
            return self.cls(*values)
        return self.cls(**dict(zip(self._names, values, strict=True)), **given)


def _layout(cls: type, fields: list[tuple[str, Any]], seen: set[type]) -> str:
    seen.add(cls)
    parts = []
    for name, hint in fields:
        parts.append(f"{name}: {hint!r}")
        for inner in _classes(hint):
            if inner not in seen:
                parts.append(_layout(inner, _fields(inner), seen))
    return f"{cls.__name__}({'; '.join(parts)})"


def _classes(hint: Any) -> list[type]:
    """The named tuples and dataclasses a type hint mentions, however deep."""
    if isinstance(hint, type) and (hasattr(hint, "_fields") or dataclasses.is_dataclass(hint)):
        return [hint]
    return [c for arg in typing.get_args(hint) for c in _classes(arg)]


def _identity(value: Any) -> Any:
    return value


def _encoder(hint: Any) -> Encoder:
    origin = typing.get_origin(hint)
    if hint is date:
        return lambda value: value.isoformat()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda value: value.value
    if isinstance(hint, type) and (hasattr(hint, "_fields") or dataclasses.is_dataclass(hint)):
        return Codec(hint).encode
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _encoder(args[0])
            return lambda value: [item(v) for v in value]
        parts = [_encoder(a) for a in args]
        return lambda value: [part(v) for part, v in zip(parts, value, strict=True)]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) == 1:
            inner = _encoder(options[0])
            return lambda value: None if value is None else inner(value)
    return _identity


_PLAIN = {str: str, int: int, float: float, bool: bool, type(None): type(None)}


def _decoder(hint: Any) -> Decoder:
    if hint is None:
        hint = type(None)
    if hint in _PLAIN:
        return _plain(hint)
    if hint is date:
        return _date
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if isinstance(hint, type) and (hasattr(hint, "_fields") or dataclasses.is_dataclass(hint)):
        return Codec(hint).decode
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _tuple(typing.get_args(hint))
    if origin is typing.Literal:
        return _literal(typing.get_args(hint))
    if origin in (typing.Union, types.UnionType):
        return _union([_decoder(a) for a in typing.get_args(hint)])
    raise TypeError(f"the cache cannot store a value of type {hint!r}")


def _plain(kind: type) -> Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise ShapeError(f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    return decode


def _date(value: Any) -> date:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ShapeError("expected a date") from None
    if day.isoformat() != value:  # only what `encode` writes: YYYY-MM-DD
        raise ShapeError("expected a date as YYYY-MM-DD")
    return day


def _enum(kind: type[enum.Enum]) -> Decoder:
    def decode(value: Any) -> Any:
        try:
            return kind(value)
        except (ValueError, TypeError):
            raise ShapeError(f"expected a {kind.__name__}") from None

    return decode


def _literal(allowed: tuple[Any, ...]) -> Decoder:
    def decode(value: Any) -> Any:
        if not any(type(value) is type(a) and value == a for a in allowed):
            raise ShapeError(f"expected one of {allowed!r}")
        return value

    return decode


def _tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def decode_all(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise ShapeError("expected a list")
            return tuple([item(v) for v in value])

        return decode_all
    parts = [_decoder(a) for a in args]

    def decode_fixed(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != len(parts):
            raise ShapeError(f"expected a list of {len(parts)}")
        return tuple([part(v) for part, v in zip(parts, value, strict=True)])

    return decode_fixed


def _union(options: list[Decoder]) -> Decoder:
    def decode(value: Any) -> Any:
        for option in options:
            try:
                return option(value)
            except ShapeError:
                continue
        raise ShapeError("no type of the union fits")

    return decode
