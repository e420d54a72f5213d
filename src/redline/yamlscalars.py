"""Plain YAML scalars resolved under YAML 1.2's core schema, not PyYAML's YAML 1.1.

Under the core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution) only null,
booleans, integers and floats of a few forms resolve to non-strings: anything else in plain
style is a string, so times (10:30), 0777, 1_000, `no` and dates stay as written.
"""

from __future__ import annotations

import re
from typing import Any

CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL = {
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}


def resolve_plain(value: str) -> Any:
    """The value of an untagged plain scalar under YAML 1.2's core schema."""
    if value in _SPECIAL:
        return _SPECIAL[value]
    first = value[:1]
    if first.isdigit() or first in "-+.":
        if CORE_INT.fullmatch(value):
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value)
        if CORE_FLOAT.fullmatch(value):
            return float(value)
    return value
