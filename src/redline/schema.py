"""JSON Schema checks of a parsed file, as problems pointing at lines.

The schemas live in `schemas/` (shipped inside the package as `redline/schemas`), so
that editors validate the files while people type. jsonschema is imported only here,
and only when a file is checked.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from .loading import Document
from .problems import Problem

SCHEMA_NAMES = ("negotiation", "snapshot")  # the schemas of the input files, in schemas/


def schema_dir() -> Path:
    """The folder holding the schemas: inside the package when installed, else the repo's."""
    packaged = Path(__file__).parent / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schemas"


@cache
def load_schema(name: str) -> dict[str, Any]:
    with open(schema_dir() / f"{name}.schema.json", encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
        return schema


def _ecma_pattern(pattern: str) -> str:
    """A schema pattern in Python's re, with ECMA-262's '$': the very end, not before a newline."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern


@cache
def _validator(name: str) -> Any:
    import jsonschema
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, value: str, instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "string") and not re.search(_ecma_pattern(value), instance):
            yield ValidationError(f"{instance!r} does not match {value!r}")

    cls = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": pattern})
    return cls(load_schema(name))


@cache
def _fast_validator(name: str) -> Any:
    """jsonschema-rs, about 250 times faster than jsonschema on these files; None if missing."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    return jsonschema_rs.validator_for(load_schema(name))


def is_valid(data: Any, name: str) -> bool:
    """Whether `data` is valid against schema `name` (the fast path; no messages)."""
    fast = _fast_validator(name)
    if fast is not None:
        return bool(fast.is_valid(data))
    return bool(_validator(name).is_valid(data))


def schema_problems(doc: Document, name: str) -> list[Problem]:
    """Every schema violation of `doc` against schema `name`, one problem each, in file order.

    Valid files (nearly all of them) are recognised by jsonschema-rs; only an invalid
    file pays for jsonschema, whose detailed errors make the messages.
    """
    if is_valid(doc.data, name):
        return []
    validator = _validator(name)
    leaves = [leaf for error in validator.iter_errors(doc.data) for leaf in _leaves(error)]
    # A mistyped `withdrawn` (e.g. `yes`) sends the position down the wrong if/else branch;
    # its type error says it all, so drop the "missing key" errors that follow from it.
    mistyped = {
        tuple(e.absolute_path)[:-1]
        for e in leaves
        if e.validator == "type" and tuple(e.absolute_path)[-1:] == ("withdrawn",)
    }
    typed = {tuple(e.absolute_path) for e in leaves if e.validator == "type"}
    problems = [
        _problem(doc, leaf)
        for leaf in leaves
        if not (leaf.validator == "required" and tuple(leaf.absolute_path) in mistyped)
        # an if/then/else or `not` over a value already reported as the wrong type
        and not (leaf.validator in ("not", "if", "then", "else") and tuple(leaf.absolute_path) in typed)
    ]
    if not problems:  # the two validators disagree: say what the fast one found
        for error in _fast_validator(name).iter_errors(doc.data):
            problems.append(
                doc.problem(tuple(error.instance_path), " ".join(str(error.message).split()), "schema")
            )
    return _drop_implied(sorted(set(problems), key=lambda p: (p.line, p.column, p.message)))


_MISSING = re.compile(r"^missing required key '([^']+)'")
_GUESS = re.compile(r"^unknown key '[^']+'; did you mean '([^']+)'\?")


def _drop_implied(problems: list[Problem]) -> list[Problem]:
    """Drop 'missing key x' when an unknown key nearby is already reported as a typo of x."""
    guessed = {(p.path, m.group(1)) for p in problems if (m := _GUESS.match(p.message))}
    return [p for p in problems if not ((m := _MISSING.match(p.message)) and (p.path, m.group(1)) in guessed)]


def _leaves(error: Any) -> list[Any]:
    """The specific errors under a combinator error (if/then/else, anyOf)."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        return [leaf for sub in error.context for leaf in _leaves(sub)]
    return [error]


_TYPE_NAMES = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "integer": "a whole number",
    "boolean": "true or false",
    "number": "a number",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__  # pragma: no cover - the loader makes only these


def _field(path: tuple[Any, ...]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return f"'{names[-1]}'" if names else "the document"


def _problem(doc: Document, error: Any) -> Problem:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    schema = error.schema
    at, on_key = path, False
    if kind == "required":
        # jsonschema reports each missing key as its own error; its message names the key.
        missing = re.match(r"^'([^']+)' is a required property", error.message)
        message = f"missing required key '{missing.group(1)}'" if missing else error.message
        if path:
            message += f" in {_field(path)}" if isinstance(path[-1], str) else ""
    elif kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in known)
        key = extra[0] if extra else "?"
        message = f"unknown key '{key}'"
        guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        message += f"; did you mean '{guess[0]}'?" if guess else f"; expected one of: {', '.join(known)}"
        at, on_key = (*path, key), True
    elif kind == "type":
        expected = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        message = f"{_field(path)} should be {expected}, not {_describe(value)}"
        if error.validator_value == "string" and isinstance(value, (bool, int, float)):
            message += "; put it in quotes"
        if error.validator_value == "boolean" and isinstance(value, str):
            message += "; write true or false"
    elif kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        message = f"{_field(path)} must be one of: {options}; not {_describe(value)}"
    elif kind == "pattern":
        if schema.get("format") == "date":
            message = f"{_field(path)} should be a date as YYYY-MM-DD, not {_describe(value)}"
        elif error.validator_value == r"\S":
            message = f"{_field(path)} must not be blank (only spaces)"
        elif "http" in str(error.validator_value):
            message = f"{_field(path)} should be an http(s) URL without spaces, not {_describe(value)}"
        else:
            message = (
                f"{_field(path)[1:-1]} {value!r} is not valid: use lowercase letters, digits, '-' and '_'"
            )
    elif kind == "minItems":
        message = f"{_field(path)} needs at least {error.validator_value} item(s)"
    elif kind == "minLength":
        message = f"{_field(path)} must not be empty"
    elif kind == "maxLength":
        message = f"{_field(path)} is longer than {error.validator_value} characters"
    elif kind == "uniqueItems":
        message = f"{_field(path)} lists the same item twice"
    elif kind == "minimum":
        message = f"{_field(path)} must be at least {error.validator_value}"
    elif kind == "not" and isinstance(value, dict) and "withdrawn" in value:
        message = "a withdrawn position takes no stance or red_line"
    else:  # a combinator over a value of the wrong type: say what was expected instead
        message = f"{_field(path)} is not valid here: {_describe(value)}"
    return doc.problem(at, message, "schema", key=on_key)
