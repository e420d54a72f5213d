"""The JSON output keeps to its documented contract, schemas/output.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "output.schema.json").read_text(encoding="utf-8"))
GOLDEN = Path(__file__).parent / "golden"


def validator(definition: str) -> jsonschema.Draft202012Validator:
    """A validator for one kind of output: the schema's definition of it."""
    return jsonschema.Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"})


def test_the_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    ("golden", "definition"),
    [
        ("report-2022-01-10.json", "report"),
        ("diff-2022-01-12-2022-01-31.json", "diff"),
        ("timeline-de-escalation.json", "timeline"),
    ],
)
def test_golden_outputs_keep_to_the_contract(golden, definition):
    data = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
    errors = sorted(validator(definition).iter_errors(data), key=lambda e: e.path)
    assert [e.message for e in errors] == []
    jsonschema.validate(data, SCHEMA)  # and the top level picks exactly one kind


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--all", "--format", "json"],
        ["report", "--as-of", "2021-12-20", "--format", "json"],
        ["diff", "--all", "--format", "json"],
        ["timeline", "--format", "json"],
    ],
)
def test_live_outputs_keep_to_the_contract(invoke, args):
    result = invoke(*args, "--root", str(ROOT / "positions"))
    assert result.exit_code == 0
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_the_contract_rejects_what_it_does_not_describe():
    data = json.loads((GOLDEN / "diff-2022-01-12-2022-01-31.json").read_text(encoding="utf-8"))
    data["changes"][0]["kind"] = "teleported"
    with pytest.raises(jsonschema.ValidationError):
        validator("diff").validate(data)
