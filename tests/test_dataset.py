"""The bundled dataset as a claim about the world: red lines carry their own evidence.

These tests read the YAML files directly (not through the model), so they pin what the
curated files say: which red lines exist, that each is stated by a quote marked
`supports: red_line`, that no quote of a stored text begins just after a negation, and
that publication dates are never before the statement.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DATASET
from redline.quotes import SourceText, normalise
from redline.schema import is_valid

SNAPSHOTS = sorted(DATASET.glob("20*.yaml"))
NEGATIONS = {"not", "never", "no", "nor", "cannot"}
HARD_WORDS = re.compile(r"\b(not|never|no|cannot|unacceptable|non-?negotiable|non-?starters?)\b", re.I)

# Every red line in the dataset: (file, party, issue) -> red line. A new one is a
# curation decision: add it here with the quote that states it.
RED_LINES = {
    ("2022-01-10-civil-ge-us-reiterates-open-door.yaml", "russia", "nato-expansion"): "legally-binding-ban",
    (
        "2022-01-10-pledgetimes-ryabkov-no-progress-non-expansion.yaml",
        "russia",
        "nato-expansion",
    ): "legally-binding-ban",
    ("2022-01-10-reuters-us-pushed-back-non-starters.yaml", "us", "nato-expansion"): "open-door",
    ("2022-01-10-rferl-prince-geneva-talks.yaml", "us", "nato-expansion"): "open-door",
    ("2022-01-10-rferl-prince-geneva-talks.yaml", "us", "military-cooperation"): "no-strike-weapons",
    ("2022-01-10-state-dept-sherman-ssd-briefing.yaml", "us", "nato-expansion"): "open-door",
    ("2022-01-10-state-dept-sherman-ssd-briefing.yaml", "us", "military-cooperation"): "no-strike-weapons",
    ("2022-01-12-stoltenberg-doorstep-brest.yaml", "nato", "nato-expansion"): "open-door",
}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _positions():
    for path in SNAPSHOTS:
        for position in _load(path)["positions"]:
            yield path, position


def test_the_dataset_holds_exactly_the_red_lines_its_sources_state():
    found = {
        (path.name, p["party"], p["issue"]): p["red_line"] for path, p in _positions() if "red_line" in p
    }
    assert found == RED_LINES


@pytest.mark.parametrize("key", sorted(RED_LINES), ids=lambda k: f"{k[0][:30]}:{k[1]}:{k[2]}")
def test_every_red_line_is_stated_by_a_quote_with_a_hard_claim(key):
    name, party, issue = key
    position = next(p for path, p in _positions() if (path.name, p["party"], p["issue"]) == key)
    evidence = [q["text"] for q in position.get("quotes", ()) if q.get("supports") == "red_line"]
    assert evidence, f"{name}: the red line of {party} on {issue} has no quote with supports: red_line"
    assert all(HARD_WORDS.search(text) for text in evidence), evidence


def test_red_line_quotes_only_where_a_red_line_is_stated():
    stray = [
        (path.name, p["party"], p["issue"])
        for path, p in _positions()
        if "red_line" not in p and any(q.get("supports") == "red_line" for q in p.get("quotes", ()))
    ]
    assert stray == []


def _quotes_with_text():
    for path in SNAPSHOTS:
        data = _load(path)
        text = data["source"].get("text")
        if not text:
            continue
        source = SourceText.parse((DATASET / text).read_text(encoding="utf-8"), text)
        quotes = [q for p in data["positions"] for q in p.get("quotes", ())]
        quotes += [r["quote"] for r in data.get("reported", ()) if "quote" in r]
        for quote in quotes:
            yield path.name, source, quote["text"]


def test_no_quote_of_a_stored_text_starts_just_after_a_negation():
    dropped = []
    for name, source, text in _quotes_with_text():
        at = source.joined.find(normalise(text))
        assert at >= 0, (name, text)
        before = re.findall(r"[\w']+", source.joined[:at])
        if before and before[-1].lower() in NEGATIONS:
            dropped.append((name, text))
    assert dropped == []


def _dates(path: Path) -> tuple[str, str]:
    data = _load(path)
    return str(data["date"]), str(data["source"].get("published", data["date"]))


def test_published_is_never_before_the_statement():
    early = [path.name for path in SNAPSHOTS if _dates(path)[1] < _dates(path)[0]]
    assert early == []


def test_leaks_and_next_day_reports_carry_their_publication_date():
    later = {path.name: _dates(path)[1] for path in SNAPSHOTS if _dates(path)[1] != _dates(path)[0]}
    assert later == {
        "2022-01-10-civil-ge-us-reiterates-open-door.yaml": "2022-01-11",
        "2022-01-10-pledgetimes-ryabkov-no-progress-non-expansion.yaml": "2022-01-11",
        "2022-01-26-ap-leaked-us-nonpaper-missiles.yaml": "2022-02-02",
        "2022-01-26-vreme-leaked-us-nato-replies.yaml": "2022-02-02",
        "2022-01-26-washington-times-leaked-tomahawk-offer.yaml": "2022-02-02",
        "2022-02-01-cgtn-putin-three-key-demands.yaml": "2022-02-02",
    }


def _snapshot(position: dict) -> dict:
    return {
        "date": "2022-01-10",
        "source": {"title": "A source", "kind": "news"},
        "positions": [{"party": "a", "issue": "b", "stance": "c", "summary": "d", **position}],
    }


@pytest.mark.parametrize(
    ("position", "valid"),
    [
        (
            {"red_line": "c", "quotes": [{"speaker": "S", "text": "We will not.", "supports": "red_line"}]},
            True,
        ),
        ({"quotes": [{"speaker": "S", "text": "We want c.", "supports": "stance"}]}, True),
        ({"red_line": None}, True),
        ({"quotes": [{"speaker": "S", "text": "We want c.", "supports": "summary"}]}, False),
        ({"red_line": ""}, False),
    ],
)
def test_the_schema_takes_supports_and_a_withdrawn_red_line(position, valid):
    assert is_valid(_snapshot(position), "snapshot") is valid
