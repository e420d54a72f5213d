"""One vocabulary: the JSON contract's enums are the words of `redline.vocabulary`."""

from __future__ import annotations

import json
from typing import get_args

from conftest import ROOT
from redline import vocabulary as v

SCHEMA = json.loads((ROOT / "schemas" / "output.schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def _enum(schema: dict) -> list:
    return schema["enum"]


def test_status_enums_are_the_vocabulary():
    assert _enum(DEFS["pair"]["properties"]["status"]) == list(v.PAIR_PRECEDENCE)
    assert _enum(DEFS["gaps"]["properties"]["points"]["items"]["properties"]["status"]) == list(
        v.PAIR_PRECEDENCE
    )
    for where in (
        DEFS["issue"]["properties"]["status"],
        DEFS["status_change"]["properties"]["old"],
        DEFS["status_change"]["properties"]["new"],
    ):
        assert _enum(where) == list(v.ISSUE_STATUSES)
    assert _enum(DEFS["pair"]["properties"]["verdict"]) == list(v.VERDICTS)
    assert _enum(DEFS["pair"]["properties"]["trend"]) == list(v.TRENDS)
    assert _enum(DEFS["gaps"]["properties"]["trend"]) == list(v.TRENDS)
    assert _enum(DEFS["reported"]["properties"]["status"]) == list(v.REPORTED_STATUSES)


def test_change_enums_are_the_vocabulary():
    assert _enum(DEFS["change"]["properties"]["kind"]) == list(v.KIND_ORDER)
    assert _enum(DEFS["change"]["properties"]["direction"]) == [*v.DIRECTIONS, None]
    assert _enum(DEFS["point"]["properties"]["direction"]) == ["conceded", "hardened", "mixed", "moved", None]
    assert _enum(DEFS["toward"]["properties"]["direction"]) == list(v.COUNTERPART_DIRECTIONS)


def test_the_snapshot_schema_reports_the_same_statuses():
    snapshot = json.loads((ROOT / "schemas" / "snapshot.schema.json").read_text(encoding="utf-8"))
    reported = snapshot["properties"]["reported"]["items"]["properties"]["status"]
    assert reported["enum"] == list(v.REPORTED_STATUSES)


def test_every_word_has_its_meaning_arrow_and_mirror():
    assert set(v.STATUS_WORDS) == set(v.ISSUE_STATUSES)
    assert set(v.DIRECTION_WORDS) == set(v.DIRECTIONS) == set(v.ARROW)
    assert all(v.MIRROR.get(v.MIRROR.get(k, k), v.MIRROR.get(k, k)) == k for k in v.MIRROR)
    assert set(v.ISSUE_SEVERITY) < set(v.ISSUE_STATUSES)
    assert set(v.MOVE_KINDS) < set(v.KIND_ORDER)
    assert set(get_args(v.CounterpartDirection)) < set(v.DIRECTIONS)
    assert set(v.REPORT_CONTRADICTS) == set(v.REPORTED_STATUSES)
    assert all(words <= set(v.ISSUE_STATUSES) for words in v.REPORT_CONTRADICTS.values())


def test_the_legend_names_every_status_and_never_says_softened():
    legend = v.legend()
    assert all(status in legend for status in v.ISSUE_STATUSES)
    assert "softened" not in legend and "conceded" in legend and "hardened" in legend


def test_the_code_says_conceded_never_softened():
    src = ROOT / "src" / "redline"
    users = [p for p in src.rglob("*.py") if "softened" in p.read_text(encoding="utf-8")]
    assert users == []


def test_every_warning_redline_gives_has_a_code_of_the_vocabulary(invoke):
    codes = set()
    for root in (ROOT / "positions", ROOT / "tests" / "fixtures" / "parties"):
        result = invoke("validate", "--root", str(root), "--format", "json")
        codes |= {p["code"] for p in json.loads(result.stdout)["problems"] if p["severity"] == "warning"}
    assert codes and codes <= set(v.WARNING_CODES)
