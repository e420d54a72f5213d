"""Quote integrity: quotes checked against local source texts, and `redline sources`.

Core tests give a text and a quote and expect a status, a line and a closest passage;
CLI tests run `redline sources` on the bundled dataset and on copies of it with one
word of one quote altered.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATASET
from redline.quotes import SourceText, check_loaded, check_quote, normalise, quote_problems
from redline.repository import load_folder

SHERMAN = "2022-01-10-state-dept-sherman-ssd-briefing.yaml"
SHERMAN_TEXT = "sources/2022-01-10-sherman-press-briefing-geneva-ssd.md"

TEXT = """\
---
document: A test document
url: https://example.org/statement
---
MR PRICE:  Good morning.

The preliminary ideas the United States raised today include missile placement.  We also
made clear that the United States is open to discussing the future of certain missile
systems in Europe \u2013 along the lines of the now defunct INF Treaty.

- (news site) "We will not allow anyone to slam closed NATO\u2019s \u201cOpen Door\u201d policy,"
"""


@pytest.fixture
def source() -> SourceText:
    return SourceText.parse(TEXT, "sources/test.md")


# --- the core ----------------------------------------------------------------------


def test_normalise_makes_marks_dashes_and_spaces_uniform():
    assert (
        normalise("NATO\u2019s  \u201cOpen\u00a0Door\u201d\n\u2014 policy\u2026")
        == 'NATO\'s "Open Door" - policy...'
    )
    assert normalise("a -- b \u2015 c\u00adc \u00abd\u00bb") == 'a - b - cc "d"'


@pytest.mark.parametrize(
    ("quote", "line"),
    [
        ("We also made clear that the United States is open to discussing the future", 7),
        ("is open to discussing the future of certain missile systems in Europe - along the lines", 8),
        ("is open to discussing the future of certain missile systems in Europe — along the lines", 8),
        ('We will not allow anyone to slam closed NATO\'s "Open Door" policy', 11),
        ("We will not allow anyone to slam closed NATO’s “Open Door” policy,", 11),
        ("  Good   morning.\n", 5),
    ],
)
def test_verbatim_quotes_are_found_with_their_line(source, quote, line):
    assert check_quote(quote, source) == ("verified", line, None)


@pytest.mark.parametrize(
    "quote",
    [
        "we also made clear",  # case counts
        "ll not allow anyone",  # a quote may not start inside a word
        "We will not allow any",  # ... nor end inside one
        "A test document",  # the front matter is not the document
        "placement. We also made clear that the United States is open to discussing the futures",
    ],
)
def test_other_quotes_are_mismatched(source, quote):
    status, line, _ = check_quote(quote, source)
    assert (status, line) == ("mismatched", 0)


def test_one_altered_word_shows_the_closest_passage_and_the_word(source):
    status, _, closest = check_quote(
        "We also made clear that the United States is open to discussing the fate of certain "
        "missile systems in Europe",
        source,
    )
    assert status == "mismatched"
    assert closest is not None
    assert closest.text == (
        "We also made clear that the United States is open to discussing "
        "the future of certain missile systems in Europe"
    )
    assert closest.line == 7
    assert closest.words == (
        ("=", "We also made clear that the United States is open to discussing the"),
        ("-", "future"),
        ("+", "fate"),
        ("=", "of certain missile systems in Europe"),
    )
    assert 0.9 < closest.similarity < 1


def test_the_closest_passage_leaves_out_the_quote_marks_around_it(source):
    _, _, closest = check_quote('We will not allow anyone to shut closed NATO\'s "Open Door" policy', source)
    assert closest is not None
    assert closest.text == 'We will not allow anyone to slam closed NATO\'s "Open Door" policy'
    assert [w for w in closest.words if w[0] != "="] == [("-", "slam"), ("+", "shut")]
    assert closest.line == 11


def test_a_quote_like_nothing_in_the_text_has_no_closest_passage(source):
    assert check_quote("Bananas are yellow", source) == ("mismatched", 0, None)


def test_a_source_without_text_leaves_quotes_unverified():
    assert check_quote("anything", None) == ("unverified", 0, None)


def test_a_file_without_front_matter_is_searched_whole():
    text = SourceText.parse("Title\n---\nBody text here.\n")
    assert text.find("Title") == 1
    assert text.find("Body text") == 3


def test_the_closest_passage_is_found_in_a_long_text():
    words = [f"w{i % 997}x{i}" for i in range(100_000)]
    text = SourceText.parse("\n".join(" ".join(words[i : i + 10]) for i in range(0, 100_000, 10)))
    quote = " ".join(words[50_000:50_030]).replace("w", "v", 1)
    status, _, closest = check_quote(quote, text)
    assert status == "mismatched"
    assert closest is not None
    assert closest.line == 5001


# --- the bundled dataset -------------------------------------------------------------


def test_every_dataset_quote_with_a_stored_text_verifies():
    results = check_loaded(load_folder(DATASET))
    with_text = [r for r in results if r.text]
    assert len(with_text) == 11
    assert [p.format() for r in results for p in r.problems] == []
    checked = [c for r in with_text for c in r.checks]
    assert len(checked) == 26
    assert {c.status for c in checked} == {"verified"}
    assert {c.status for r in results if not r.text for c in r.checks} == {"unverified"}


def test_stored_texts_are_linked_and_keep_their_header():
    linked = {r.text for r in check_loaded(load_folder(DATASET)) if r.text}
    stored = {f"sources/{p.name}" for p in (DATASET / "sources").iterdir()}
    assert linked == stored
    for name in stored:
        text = (DATASET / name).read_text(encoding="utf-8")
        head = text.split("\n---\n", 1)[0]
        assert head.startswith("---\ndocument: ")
        assert "\nurl: https://" in head
        assert "\nlicence: public domain" in head or "\nlicence: official text" in head
        assert "Reported, not verbatim" not in text
        assert "Summary (own words)" not in text


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy of the dataset under ./positions, the working folder."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "positions" / DATASET.name
    shutil.copytree(DATASET, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sources_reports_the_dataset(invoke, copy):
    result = invoke("sources")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "positions/us-russia-2022/2021-12-07-kremlin-readout-putin-biden-call.yaml: "
        "2 verified (sources/2021-12-07-kremlin-readout-putin-biden-videoconference.md)"
    )
    assert (
        "positions/us-russia-2022/2021-12-21-bloomberg-putin-defence-board.yaml:3:1: warning: "
        "3 quote(s) unverified: the snapshot names no local source text (quote-unverified)"
    ) in lines
    assert lines[-1] == (
        "us-russia-2022: 35 snapshot(s), 78 quote(s): 26 verified, 0 mismatched, "
        "52 unverified (no local source text); 11 local text(s)"
    )


def test_sources_shows_an_altered_word_with_the_closest_passage(invoke, copy):
    edit(copy / SHERMAN, "slam closed", "shut closed")
    result = invoke("sources")
    assert result.exit_code == 1
    start = result.stdout.index(f"positions/us-russia-2022/{SHERMAN}: ")
    block = result.stdout[start:].split("\n")[:6]
    assert block == [
        f"positions/us-russia-2022/{SHERMAN}: 6 verified, 1 mismatched ({SHERMAN_TEXT})",
        f"positions/us-russia-2022/{SHERMAN}:19:15: error: quote of Wendy Sherman does not appear "
        f"verbatim in '{SHERMAN_TEXT}' (quote-mismatch)",
        '    quote:   We will not allow anyone to shut closed NATO\'s "Open Door" policy, which has '
        "always been central to the NATO Alliance",
        '    closest: We will not allow anyone to slam closed NATO\'s "Open Door" policy, which has '
        "always been central to the NATO Alliance",
        f"             ({SHERMAN_TEXT}:36, 95% similar)",
        '    diff:    We will not allow anyone to [-slam-] {+shut+} closed NATO\'s "Open Door" '
        "policy, which has always been central to the NATO Alliance",
    ]
    assert result.stdout.splitlines()[-1].startswith(
        "us-russia-2022: 35 snapshot(s), 78 quote(s): 25 verified, 1 mismatched, 52 unverified"
    )


def test_validate_quotes_problem_for_an_altered_word(copy):
    edit(copy / SHERMAN, "slam closed", "shut closed")
    problems = quote_problems(load_folder(Path("positions") / DATASET.name))
    assert [p.format() for p in problems] == [
        f"positions/us-russia-2022/{SHERMAN}:19:15: error: quote does not appear verbatim in "
        f"'{SHERMAN_TEXT}'; closest passage at line 36 (95% similar) differs: [-slam-] {{+shut+}} "
        "(quote-mismatch)"
    ]


def test_sources_json(invoke, copy):
    edit(copy / SHERMAN, "slam closed", "shut closed")
    result = invoke("sources", "us-russia-2022", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "snapshots": 35,
        "quotes": 78,
        "verified": 25,
        "mismatched": 1,
        "unverified": 52,
        "missing_texts": 0,
    }
    assert data["ok"] is False
    snapshot = next(s for s in data["snapshots"] if s["path"].endswith(SHERMAN))
    assert snapshot["status"] == "mismatched"
    assert snapshot["text"] == SHERMAN_TEXT
    bad = next(q for q in snapshot["quotes"] if q["status"] == "mismatched")
    assert bad["line"] == 19
    assert bad["closest"]["line"] == 36
    assert [w for w in bad["closest"]["words"] if w["op"] != "="] == [
        {"op": "-", "text": "slam"},
        {"op": "+", "text": "shut"},
    ]
    codes = {p["code"]: p["severity"] for p in data["problems"]}
    assert codes == {"quote-mismatch": "error", "quote-unverified": "warning"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sources/none.md",
            "source text 'sources/none.md' does not exist (relative to positions/us-russia-2022/)",
        ),
        ("/etc/hostname", "source text '/etc/hostname' must be a path relative to the negotiation folder"),
        ("../../outside.md", "source text '../../outside.md' points outside the negotiation folder"),
        ("sources/link.md", "source text 'sources/link.md' points outside the negotiation folder"),
        ("sources", "source text 'sources' is not a file"),
    ],
)
def test_a_missing_or_escaping_text_is_an_error_at_its_line(invoke, copy, text, message):
    (copy.parent.parent / "outside.md").write_text("We will not allow anyone", encoding="utf-8")
    (copy / "sources" / "link.md").symlink_to(copy.parent.parent / "outside.md")
    edit(copy / SHERMAN, f"text: {SHERMAN_TEXT}", f"text: {text}")
    expected = f"positions/us-russia-2022/{SHERMAN}:10:9: error: {message} (source-text-missing)"
    problems = quote_problems(load_folder(Path("positions") / DATASET.name))
    assert [p.format() for p in problems] == [expected]
    result = invoke("sources")
    assert result.exit_code == 1
    assert expected in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].endswith("; 10 local text(s), 1 missing")


def test_a_text_that_is_not_utf8_is_reported(copy):
    (copy / "sources" / "bad.md").write_bytes(b"caf\xe9\n")
    edit(copy / SHERMAN, f"text: {SHERMAN_TEXT}", "text: sources/bad.md")
    problems = quote_problems(load_folder(Path("positions") / DATASET.name))
    assert [(p.line, p.code) for p in problems] == [(10, "source-text-unreadable")]
    assert "invalid UTF-8 (byte 0xe9)" in problems[0].message


def test_validate_quotes_does_not_report_unverified_quotes(copy):
    assert quote_problems(load_folder(Path("positions") / DATASET.name)) == []


def test_sources_runs_whatever_errors_other_files_have(invoke, copy):
    (copy / "2022-01-11-bad.yaml").write_text("date: [\n", encoding="utf-8")
    result = invoke("sources")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "us-russia-2022: 35 snapshot(s), 78 quote(s): 26 verified, 0 mismatched, "
        "52 unverified (no local source text); 11 local text(s)\n"
    )
    assert result.stderr == (
        "redline: 1 error(s) in the data of 'positions/us-russia-2022' besides the "
        "quotes (see redline validate)\n"
    )
