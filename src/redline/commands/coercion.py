"""typer parameters converted without pydantic, for a fast start.

typer 0.29 converts every parameter of the command that runs through a pydantic
`TypeAdapter`: importing pydantic (and its plugin loader) costs about 75 ms, more than
the rest of a one-file `redline validate`. redline's parameters are all of a few plain
types (str, int, bool, Path, an enum of choices, lists of them), whose conversion is
this simple; `lighten` gives them this conversion and leaves any other to typer.
On a typer without adapters (before 0.29) it does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import typer

_OPTION_CHECKS = ("path_type", "exists", "writable", "resolve_path", "allow_dash")


class _Coercion:
    """Converts one parameter's value, as typer's runtime parameter does (`coerce`)."""

    def __init__(self, convert: Callable[[Any], Any], many: bool):
        self.convert, self.many = convert, many

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if self.many else None
        try:
            if self.many:
                return [self.convert(item) for item in value]
            return self.convert(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), ctx=ctx, param=param) from None


def not_one_of(value: Any, values: tuple[Enum, ...]) -> str:
    return f"{value!r} is not one of {', '.join(repr(c.value) for c in values)}."


def _choice(values: tuple[Enum, ...]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        for choice in values:
            if value is choice or value == choice.value:
                return choice
        raise ValueError(not_one_of(value, values))

    return convert


def _integer(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a valid integer.") from None


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not a valid boolean.")
    return value


def _light(param: Any, view: str) -> _Coercion | None:
    """The conversion of `param` (a `--format` takes only the formats `view` offers), or
    None for a type or a check (a path that must exist, a range...) left to typer."""
    descriptor, info = param.type_descriptor, param.type_descriptor.parameter_info
    annotation = descriptor.annotation
    many = bool(param.multiple or param.nargs == -1)
    if many and getattr(annotation, "__origin__", None) is list:
        (annotation,) = annotation.__args__
    if any(getattr(info, name, None) for name in _OPTION_CHECKS) or getattr(info, "parser", None):
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        from ..render import Format, formats

        values = (formats(view) if annotation is Format else ()) or tuple(annotation)
        return _Coercion(_choice(values), many)
    converters: dict[Any, Callable[[Any], Any]] = {str: str, Path: Path, int: _integer, bool: _flag}
    convert = converters.get(annotation)
    if convert is None or getattr(info, "min", None) is not None or getattr(info, "max", None) is not None:
        return None
    return _Coercion(convert, many)


def lighten(params: list[Any], view: str) -> None:
    """Give typer's parameters the plain conversion where it applies.

    typer 0.29 builds a parameter's converter on first use and keeps it in
    `_runtime_param`; one set beforehand is used instead. Parameters of older typers have
    no such attribute and are left alone.
    """
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _light(param, view)
