"""`redline brief`: the briefing's content, its markdown structure, its charts and files.

Golden files pin the briefing for the bundled dataset; regenerate them on purpose with
`REDLINE_UPDATE_GOLDEN=1 python -m pytest tests/test_brief.py` and review the diff.

Structure is checked with a GFM parser (markdown-it-py: CommonMark with raw HTML on,
plus tables). No Mermaid parser runs offline, so `check_gantt` below is a structural
validator written from Mermaid's gantt grammar (`gantt.jison`): the keyword first,
only known statements, section and task names free of the characters and keywords
that would end, split or redirect a statement, and well-formed date ranges.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import POSITIONS, parse_markdown, walk_tokens
from redline.briefing import build_briefing, default_since, public_date
from redline.citations import via_host
from redline.compare import Toward
from redline.errors import UsageError
from redline.events import same_event
from redline.model import Event, Party, Quote, Reported
from redline.quote_choice import grade, same_quote, words
from redline.quotes import SourceText
from redline.render import escape
from redline.render.brief import render_brief
from redline.render.html import render_html
from strategies import (
    NASTY,
    day,
    demo_negotiation,
    negotiation_and_snapshots,
    pos,
    snap,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"

GOLDEN_CASES = {
    "brief-2022-01-10.md": ["brief", "us-russia-2022", "--as-of", "2022-01-10"],
    "brief-2022-01-13.md": ["brief", "us-russia-2022", "--as-of", "2022-01-13"],
    "brief-latest.md": ["brief"],
}
MAIN = ["Bottom line", "Where each issue stands", "What changed", "Next"]
ANNEX = [
    "Annex: issue by issue",
    "Other quotes",
    "All changes",
    "Events",
    "Positions over time",
    "Caveats",
    "Sources",
]


# ---------------------------------------------------------------- structure checkers


parse = parse_markdown
walk = walk_tokens


def check_tables(tokens) -> int:
    """Every row of every table has the header's number of cells; returns the table count."""
    tables = 0
    widths: list[int] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            tables += 1
            widths = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            widths.append(cells)
        elif token.type == "table_close":
            assert widths and all(w == widths[0] for w in widths), widths
    return tables


def inline_text(token) -> str:
    """The text a reader sees in one inline run: its text and code spans."""
    return "".join(
        " " if c.type in ("softbreak", "hardbreak") else c.content
        for c in token.children or ()
        if c.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def text_of(tokens) -> str:
    """The text of every inline run among `tokens`, one space between runs."""
    return " ".join(inline_text(t) for t in walk(tokens) if t.type == "inline")


def headings(tokens, level: int) -> list[str]:
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == f"h{level}":
            out.append(inline_text(tokens[i + 1]))
    return out


GANTT_KEYWORDS = (
    "gantt",
    "title",
    "section",
    "dateformat",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "inclusiveenddates",
    "topaxis",
    "click",
    "call",
    "href",
    "acctitle",
    "accdescr",
    "accdescription",
)
TASK = re.compile(
    r"(?P<text>[^:#;%\n]+?) : (?P<start>\d{4}-\d{2}-\d{2}), "
    r"(?P<end>\d{4}-\d{2}-\d{2})"
)


def check_gantt(block: str) -> list[tuple[str, int]]:
    """Validate a Mermaid gantt as Mermaid's grammar reads it; [(section, task count)]."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    assert lines[0] == "gantt"
    assert "```" not in block
    sections: list[tuple[str, int]] = []
    for line in lines[1:]:
        # Nothing quotes, brackets or markup anything; '%' only in the axis format.
        assert not set(line) & set('"`[]{}<>#;&'), line
        assert "%" not in line or line.startswith("axisFormat ")
        head = line.split(" ", 1)[0].lower()
        if head == "title":
            assert len(line) > len("title ") and ":" not in line
        elif head == "dateformat":
            assert line == "dateFormat YYYY-MM-DD"
        elif head == "axisformat":
            assert line in ("axisFormat %d %b", "axisFormat %b %Y")
        elif head == "todaymarker":
            assert line == "todayMarker off"
        elif head == "section":
            section = line[len("section ") :]
            assert section and ":" not in section
            sections.append((section, 0))
        else:
            match = TASK.fullmatch(line)
            assert match, line
            text = match["text"]
            assert not text.lower().startswith(GANTT_KEYWORDS), text
            assert not re.match(r"\d{4}-\d{2}-\d{2}", text)
            assert re.match(r"\d+/\d+( \S|$)", text), text
            assert date.fromisoformat(match["start"]) < date.fromisoformat(match["end"])
            assert sections, "a task before any section"
            sections[-1] = (sections[-1][0], sections[-1][1] + 1)
    assert sections and all(n for _, n in sections)
    return sections


def check_document(text: str) -> list:
    """The structural checks every briefing must pass; returns the tokens."""
    tokens = parse(text)
    assert not [t for t in walk(tokens) if t.type in ("html_inline", "html_block")]
    check_tables(tokens)
    assert headings(tokens, 1) and len(headings(tokens, 1)) == 1
    # The main body, one divider, the annex; sections in their order.
    assert [t.type for t in tokens].count("hr") == 1
    divider = next(i for i, t in enumerate(tokens) if t.type == "hr")
    main, annex = headings(tokens[:divider], 2), headings(tokens[divider:], 2)
    assert [next(s for s in MAIN if h.startswith(s)) for h in main] == MAIN
    named = [next((s for s in ANNEX if h.startswith(s)), h) for h in annex]
    assert named == [s for s in ANNEX if s in named] and named[-1] == "Sources", annex
    for token in tokens:
        if token.type == "fence":
            assert token.info == "mermaid"
            check_gantt(token.content)
    check_footnotes(text)
    return tokens


FOOTNOTE_REF = re.compile(r"(?<!\\)(?:\\\\)*\[\^(\d+)\](?!:)")  # after an even run of \\
FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]: (.+)$", re.M)


def check_footnotes(text: str) -> dict[int, str]:
    """Every reference has a definition and every definition a reference; numbered in
    the order a reader meets them. Returns {n: definition}."""
    defined = {int(n): body for n, body in FOOTNOTE_DEF.findall(text)}
    body = FOOTNOTE_DEF.sub("", text)
    used = [int(n) for n in FOOTNOTE_REF.findall(body)]
    assert set(used) == set(defined), sorted(set(used) ^ set(defined))
    assert list(dict.fromkeys(used)) == list(range(1, len(defined) + 1))
    assert list(defined) == sorted(defined)
    return defined


QUOTED = re.compile(r"“([^”]*)”")


def check_quotes_once(text: str) -> None:
    """No quote appears twice (source titles are quoted too, in footnotes); for data
    without “” of its own."""
    body = FOOTNOTE_DEF.sub("", text)
    quotes = QUOTED.findall(body)
    assert quotes
    assert len(quotes) == len(set(quotes)), [q for q in quotes if quotes.count(q) > 1][:3]


def main_body(text: str) -> str:
    return text.split("\n\n---\n\n", 1)[0]


def bottom_line_of(text: str) -> str:
    return sections(parse(text))["Bottom line"][1].content


def sections(tokens) -> dict[str, list]:
    """The tokens under each h2 heading, by the heading's text."""
    out: dict[str, list] = {}
    current = None
    skip = 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = inline_text(tokens[i + 1])
            out[current] = []
            skip = 2  # the heading's text and its closing token
        elif skip:
            skip -= 1
        elif current is not None:
            out[current].append(token)
    return out


# ---------------------------------------------------------------- the bundled dataset


@pytest.fixture
def brief(invoke, monkeypatch):
    monkeypatch.chdir(POSITIONS.parent)

    def run(*args: str):
        result = invoke(*args, "--root", "positions")
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name, brief):
    text = brief(*GOLDEN_CASES[name])
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    check_document(text)
    check_quotes_once(text)


@pytest.fixture(scope="module")
def bundled() -> str:
    return (GOLDEN / "brief-2022-01-10.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def latest() -> str:
    return (GOLDEN / "brief-latest.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_one_page_first_and_a_short_bottom_line(name):
    text = (GOLDEN / name).read_text(encoding="utf-8")
    assert len(main_body(text).split()) <= 600
    bottom = bottom_line_of(text)
    assert len(bottom.split()) <= 80
    negotiation, _ = _bundled()
    assert "`" not in bottom  # no ids, no code
    assert not [i.id for i in negotiation.issues if i.id in bottom]
    assert not [p.id for p in negotiation.parties if re.search(rf"\b{p.id}\b", bottom)]
    assert len(text.split()) > 2 * len(main_body(text).split())  # the annex holds the rest


def test_the_four_claims_of_the_source_article_are_on_the_first_page(bundled):
    """Open door a non-starter; talks offered on missiles and exercises, reciprocally; no
    progress on a binding guarantee; NATO–Russia Council on 01-12 and OSCE on 01-13."""
    bottom = bottom_line_of(bundled)
    assert "On NATO enlargement, United States holds Open door as its red line" in bottom
    assert (
        "United States' first recorded stance on Missile deployment in Europe and "
        "Military exercises is Reciprocal limits"
    ) in bottom
    assert "Russia asks for Legally binding ban; the sources report no progress." in bottom
    assert (
        "Next: NATO-Russia Council meeting in Brussels on 12 January, then OSCE Permanent "
        "Council meeting in Vienna on 13 January."
    ) in bottom
    main = main_body(bundled)
    assert "- 12 January 2022: NATO-Russia Council meeting in Brussels[^" in main
    assert "- 13 January 2022: OSCE Permanent Council meeting in Vienna[^" in main


def test_nothing_published_after_the_as_of_date(bundled):
    negotiation, snapshots = _bundled()
    public = {s.source.title: s for s in snapshots}
    notes = check_footnotes(bundled)
    assert notes
    for body in notes.values():
        title = re.search(r"“(.+?)”", body)[1]
        snapshot = next(s for t, s in public.items() if escape.markdown(t) == title)
        assert public_date(snapshot) <= date(2022, 1, 10), body
    # The two reports published on 2022-01-11 are left out, and the header says so.
    assert "2 dated earlier but published later are left out" in bundled
    assert "Civil.ge" not in bundled and "Pledge Times" not in bundled
    # No description of the negotiation (it speaks of later meetings) under this date.
    assert negotiation.description.split(",")[0] not in bundled


def test_first_records_are_not_news(bundled, latest):
    main = main_body(bundled)
    assert "took a position" not in bundled and "went from" not in bundled
    assert (
        "- 10 January 2022, first recorded for **Russia**: De-escalation of the Russian "
        "build-up near Ukraine, No-attack assurance[^"
    ) in main
    assert (
        "- 10 January 2022, first recorded for **United States**: NATO enlargement, red line Open door;"
    ) in main
    assert "deadlocked" not in main.replace("No issue is deadlocked", "")  # none is, that day
    assert (
        "NATO enlargement | Open door (red line) | Open door (red line) | Legally binding "
        "ban (red line) | deadlocked since the first record (10 January 2022) |" in latest
    )


def test_moves_are_described_per_counterpart(brief):
    text = brief("brief", "us-russia-2022", "--as-of", "2022-01-26", "--since", "2022-01-13")
    assert (
        "Since 13 January, United States conceded 1 step toward Russia on Military "
        "cooperation with non-member former Soviet states (now converging)."
    ) in bottom_line_of(text)
    assert "softened" not in text


def test_sources_name_outlet_dates_and_the_host_of_a_copy(bundled, latest):
    sherman = next(n for n in check_footnotes(bundled).values() if "Strategic Stability Dialogue" in n)
    assert sherman.startswith(
        "U.S. Department of State, “Briefing with Deputy Secretary Wendy "
        "R. Sherman on the U.S.-Russia Strategic Stability Dialogue”, "
        "10 January 2022, via securitynews.ro: <https://securitynews.ro/"
    )
    notes = check_footnotes(latest).values()
    leak = next(n for n in notes if n.startswith("Vreme"))
    assert "26 January 2022 (published 2 February 2022)" in leak and "via" not in leak
    assert all(" via " not in n for n in notes if "<https://www.nato.int/" in n)
    assert any(", via ieu-monitoring.com: <https://ieu-monitoring.com/" in n for n in notes)


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_no_quote_that_drops_its_negation(name):
    assert "“allow anyone" not in (GOLDEN / name).read_text(encoding="utf-8")


def test_the_quote_is_the_verified_whole_sentence(bundled):
    assert (
        '“We will not allow anyone to slam closed NATO\'s "Open Door" policy, which has '
        "always been central to the NATO Alliance” — Wendy Sherman (United States)"
    ) in bundled


def test_events_are_listed_once(bundled):
    events = sections(parse(bundled))["Events"]
    cells = [inline_text(t) for t in events if t.type == "inline"]
    dates = [c for c in cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)]
    assert dates == sorted(set(dates))  # one row per date here: the same meeting merged
    assert "Negotiations at the OSCE" not in cells
    assert "OSCE Permanent Council meeting in Vienna" in cells


def test_output_is_deterministic(brief):
    assert brief("brief", "--since", "2021-12-07") == brief("brief", "--since", "2021-12-07")


# ---------------------------------------------------------------- the command


def test_output_file_is_written_atomically_and_not_overwritten(invoke, tmp_path):
    target = tmp_path / "briefing.md"
    args = ["brief", "--root", str(POSITIONS), "--as-of", "2022-01-13", "-o", str(target)]
    first = invoke(*args)
    assert first.exit_code == 0 and first.stdout == ""
    assert target.read_text(encoding="utf-8") == (GOLDEN / "brief-2022-01-13.md").read_text(encoding="utf-8")
    again = invoke(*args)
    assert again.exit_code == 2
    assert again.stderr == (
        f"redline: error: '{target}' already exists; not overwriting it (use --force to replace it)\n"
    )
    target.write_text("old", encoding="utf-8")
    assert invoke(*args, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Briefing: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2022-13-01"], "--as-of '2022-13-01' is not a date as YYYY-MM-DD"),
        (["--since", "yesterday"], "--since 'yesterday' is not a date as YYYY-MM-DD"),
        (
            ["--as-of", "2022-01-10", "--since", "2022-01-12"],
            "--since 2022-01-12 is after --as-of 2022-01-10",
        ),
        (
            ["--as-of", "2021-01-01"],
            "--as-of 2021-01-01 is before the first snapshot of us-russia-2022 (2021-12-07): nothing to show",
        ),
    ],
)
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke("brief", "--root", str(POSITIONS), *args)
    assert result.exit_code == 2
    assert result.stderr == f"redline: error: {message}\n"


def test_invalid_data_exits_1(invoke, demo):
    demo.write("2022-01-05-bad.yaml", "date: 2022-01-05\n")
    result = invoke("brief", "--root", str(demo.root))
    assert result.exit_code == 1
    assert "fix them first" in result.stderr


def test_charts_need_no_matplotlib(invoke, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    result = invoke("brief", "--root", str(POSITIONS), "--charts", str(tmp_path / "c"))
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "c").glob("*.svg"))) == 5


def test_charts_are_written_and_linked_from_the_briefing(invoke, tmp_path):
    out = tmp_path / "brief"
    out.mkdir()
    result = invoke(
        "brief",
        "--root",
        str(POSITIONS),
        "--as-of",
        "2022-01-13",
        "-o",
        str(out / "b.md"),
        "--charts",
        str(out / "charts"),
    )
    assert result.exit_code == 0, result.output
    text = (out / "b.md").read_text(encoding="utf-8")
    tokens = check_document(text)
    assert "```mermaid" not in text
    images = [t for t in walk(tokens) if t.type == "image"]
    assert [t.attrs["src"] for t in images] == [
        f"charts/{i}.svg"
        for i in (
            "nato-expansion",
            "military-cooperation",
            "missile-deployment",
            "military-exercises",
            "de-escalation",
        )
    ]
    for image in images:
        svg = (out / image.attrs["src"]).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "</svg>" in svg
    assert "Move at will" in (out / "charts" / "de-escalation.svg").read_text(encoding="utf-8")
    # Charts exist now: without --force nothing is written, the briefing included.
    (out / "b.md").unlink()
    again = invoke(
        "brief", "--root", str(POSITIONS), "-o", str(out / "b.md"), "--charts", str(out / "charts")
    )
    assert (again.exit_code, again.stderr) == (
        2,
        (
            f"redline: error: '{out / 'charts' / 'nato-expansion.svg'}' already exists; not "
            "overwriting it (use --force to replace it)\n"
        ),
    )
    assert not (out / "b.md").exists()


def test_chart_files_are_deterministic():
    from redline.render.charts import svg_files

    negotiation, snapshots = _bundled()
    briefing = build_briefing(negotiation, snapshots, date(2022, 1, 13))
    one = replace(briefing, charts=briefing.charts[-1:])
    assert svg_files(one) == svg_files(one)


def _bundled():
    from redline.repository import load_negotiation

    loaded = load_negotiation(POSITIONS, "us-russia-2022")
    return loaded.negotiation, loaded.snapshots


# ---------------------------------------------------------------- the core


def test_since_defaults_to_the_date_before_the_latest_one():
    snaps = [snap(3, pos("north", "a")), snap(5, pos("south", "d")), snap(9, pos("north", "b"))]
    assert default_since(snaps, None) == day(5)
    assert default_since(snaps, day(8)) == day(3)  # latest on or before the 8th: the 5th
    assert default_since(snaps, day(4)) is None


def test_moves_are_dated_newest_first_with_their_source():
    neg = demo_negotiation()
    snaps = [
        snap(3, pos("north", "a", "b"), pos("south", "d", "d")),
        snap(5, pos("north", "b"), slug="one"),
        snap(7, pos("north", withdrawn=True), slug="two"),
        snap(9, pos("north", "c"), slug="three"),
    ]
    b = build_briefing(neg, snaps, since=day(3))
    assert [(m.date, m.change.kind, m.first) for m in b.moves] == [
        (day(9), "added", False),
        (day(7), "withdrawn", False),
        (day(5), "stance", False),
    ]
    # north's red line b was not addressed on the 5th: it stands (it folds on its own)
    stance = b.moves[-1]
    assert stance.toward == (Toward("south", "conceded", 1),)
    assert b.moves[1].source.path.endswith("2022-01-07-two.yaml")
    # The chart shows each range, and the gap while north held no position.
    chart = b.charts[0]
    assert [(s.party, s.stance, s.red_line, s.start.day, s.end.day) for s in chart.segments] == [
        ("north", "a", "b", 3, 5),
        ("north", "b", "b", 5, 7),
        ("north", "c", None, 9, 10),
        ("south", "d", "d", 3, 10),
    ]


def test_first_records_and_statuses_that_start_with_the_data():
    neg = demo_negotiation()
    snaps = [
        snap(3, pos("north", "a", "a")),
        snap(5, pos("south", "d", "d"), slug="b"),
        snap(8, pos("south", "c", "c"), slug="c"),
    ]
    b = build_briefing(neg, snaps, since=day(3))
    assert [(m.date.day, m.change.party, m.first) for m in b.moves] == [
        (8, "south", False),
        (8, "south", False),
        (5, "south", True),
    ]
    assert b.first_record("south", "border") == day(5)
    assert b.starts_with_data("border", day(5)) and not b.starts_with_data("border", day(8))
    text = _render(b)
    assert "- 5 January 2022, first recorded for **South**: The border, Line D[^" in text
    assert "Since 3 January, South conceded 1 step toward North on The border." in bottom_line_of(text)


def test_a_move_is_described_toward_each_counterpart():
    """Three parties, each its own side: one move brings South nearer one, farther from the
    other."""
    neg = replace(
        demo_negotiation(),
        parties=(
            Party("north", "North", side="n"),
            Party("east", "East", side="e"),
            Party("south", "South", side="s"),
        ),
    )
    snaps = [
        snap(3, pos("north", "a"), pos("east", "d"), pos("south", "b")),
        snap(6, pos("south", "c"), slug="b"),
    ]
    b = build_briefing(neg, snaps)
    assert b.moves[0].toward == (Toward("north", "hardened", 1), Toward("east", "conceded", 1))
    assert (
        "South hardened 1 step away from North, conceded 1 step toward East on The border"
        in bottom_line_of(_render(b))
    )


def test_events_are_merged_by_date_and_meeting():
    neg = demo_negotiation()
    talks = Event(day(12), "OSCE Permanent Council meeting in Vienna", ("north", "south"))
    other = Event(day(12), "Negotiations at the OSCE", ("east",))
    snaps = [
        replace(snap(3, pos("north", "a")), events=(talks, Event(day(4), "Past", ()))),
        replace(snap(5, pos("south", "d"), slug="b"), events=(other,)),
        replace(snap(6, pos("south", "d"), slug="c"), events=(talks,)),
    ]
    b = build_briefing(neg, snaps)
    assert [(e.date, e.title, e.parties, len(e.sources)) for e in b.upcoming] == [
        (day(12), "OSCE Permanent Council meeting in Vienna", ("north", "south", "east"), 3)
    ]
    assert [e.title for e in b.events] == ["Past", "OSCE Permanent Council meeting in Vienna"]
    assert same_event("NATO–Russia Council", "NATO-Russia council")
    assert not same_event("NATO summit", "Council of Europe session")


def test_sources_count_from_the_day_they_were_public():
    neg = demo_negotiation()
    late = replace(snap(5, pos("south", "c"), slug="late"))
    late = replace(late, source=replace(late.source, published=day(9)))
    snaps = [snap(3, pos("north", "a"), pos("south", "d")), late]
    b = build_briefing(neg, snaps, day(6))
    assert b.held_back == 1 and b.report.analysis.state.get("south", "border").stance == "d"
    assert build_briefing(neg, snaps).as_of == day(9)  # default: the latest public day
    text = _render(build_briefing(neg, snaps))
    assert "5 January 2022 (published 9 January 2022)" in text


def test_via_host_names_the_site_of_a_copy():
    assert via_host("U.S. Department of State", "https://www.state.gov/x") is None
    assert via_host("RFE/RL", "https://www.rferl.org/a/1.html") is None
    assert via_host("Sputnik International", "https://sputniknews.com/x") is None
    assert via_host("Reuters", "https://kdal610.com/2022/x") == "kdal610.com"
    assert via_host("The White House", "https://archive.md/0OmVH") == "archive.md"
    assert via_host("", "https://example.org/") is None
    assert via_host("NATO", "not a url") is None


SOURCE_TEXT = (
    "Thank you. We will not allow anyone to slam closed NATO's open door policy. "
    "We are open to talks on missiles, on a reciprocal basis. Talks went well."
)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("We will not allow anyone to slam closed NATO's open door policy.", (True, True, False)),
        ("allow anyone to slam closed NATO's open door policy", (True, False, True)),
        ("open to talks on missiles", (True, False, False)),
        ("Talks went well.", (True, True, False)),
        ("Talks went badly.", (False, True, False)),  # not in the text: judged on its own words
        ("talks went badly", (False, False, False)),
    ],
)
def test_quotes_are_graded_against_the_stored_text(quote, expected):
    g = grade(quote, SourceText.parse(SOURCE_TEXT))
    assert (g.verified, g.whole, g.after_negation) == expected


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (
            'We will not allow anyone to slam closed NATO\'s "Open Door" policy, which has always '
            "been central to the NATO Alliance",
            "We will not allow anyone to slam closed NATO's "
            "open-door policy, which has always been central to the alliance.",
            True,
        ),
        (
            "We will not allow anyone to slam closed NATO's open door policy",
            "We will not allow "
            "anyone to slam closed NATO's “Open Door” policy, which has always been central",
            True,
        ),
        (
            "We will not forgo bilateral cooperation with sovereign states that wish to work with the "
            "United States",
            "We will not forego bilateral cooperation with sovereign states that wish "
            "to work with the US and we will not make decisions about Ukraine without Ukraine",
            True,
        ),
        ("no progress", "There was no progress on the main issue.", True),
        ("We are open to talks.", "We are not open to talks on this.", False),
        ("Talks went well.", "Talks went badly.", False),
    ],
)
def test_two_wordings_of_one_statement_are_one_quote(one, other, same):
    assert same_quote(words(one), words(other)) is same
    assert same_quote(words(other), words(one)) is same


def test_quote_choice_prefers_verified_primary_whole_and_never_repeats():
    neg = demo_negotiation()
    whole = "We will not allow anyone to slam closed NATO's open door policy."
    cut = "allow anyone to slam closed NATO's open door policy"
    news = replace(snap(3, pos("north", "a", quotes=(cut, "A news report's own words")), slug="news"))
    official = snap(
        3, pos("north", "a", quotes=(whole,)), pos("south", "d", quotes=(whole,)), slug="official"
    )
    official = replace(official, source=replace(official.source, kind="transcript"))
    texts = {official.path: SourceText.parse(SOURCE_TEXT), news.path: SourceText.parse(SOURCE_TEXT)}
    b = build_briefing(neg, [news, official], texts=texts)
    north, south = b.claim("north", "border"), b.claim("south", "border")
    assert north.quote.text == whole and north.quote.verified
    assert north.source.path == official.path
    assert south.quote is None  # the same quote is not shown twice
    assert [q.text for q in b.quotes] == ["A news report's own words"]  # never the cut one
    check_document(_render(b))


def test_a_reported_impasse_against_convergence_is_flagged():
    neg = demo_negotiation()
    impasse = (Reported("border", "impasse", quote=Quote("Envoy", "We are stuck")),)
    snaps = [
        snap(3, pos("north", "a"), pos("south", "d")),
        snap(5, pos("south", "c"), slug="b", reported=impasse),
    ]
    text = _render(build_briefing(neg, snaps))
    assert "the source reports impasse (2022-01-05) while the computed status is converging" in text
    assert "> “We are stuck” — Envoy, 5 January 2022[^" in text
    assert "the sources report impasse" in bottom_line_of(text)
    check_document(text)


def _render(briefing, links=None) -> str:
    out = io.StringIO()
    render_brief(briefing, out, links)
    return out.getvalue()


def test_a_bottom_line_too_long_for_its_names_falls_back_to_counts():
    neg = demo_negotiation()
    long_name = " ".join(["Very"] * 90)
    neg = replace(neg, issues=(replace(neg.issues[0], title=long_name), neg.issues[1]))
    b = build_briefing(neg, [snap(3, pos("north", "a", "a"), pos("south", "d", "d"))])
    assert bottom_line_of(_render(b)).startswith("1 of 2 issues is deadlocked; the table below names them.")


def test_bottom_line_groups_allies_facing_one_party():
    neg = demo_negotiation()
    both = [snap(3, pos("north", "a", "a"), pos("east", "a", "b"), pos("south", "d", "d"))]
    assert bottom_line_of(_render(build_briefing(neg, both))).startswith(
        "North and East on one side and South on the other are deadlocked on The border."
    )
    one = [snap(3, pos("north", "a", "a"), pos("east", "a", "c"), pos("south", "d", "c"))]
    bottom = bottom_line_of(_render(build_briefing(neg, one)))
    assert bottom.startswith("North and South are deadlocked on The border.")


def test_a_briefing_on_the_first_date_has_nothing_to_compare():
    b = build_briefing(demo_negotiation(), [snap(3, pos("north", "a"), pos("south", "d"))])
    assert b.since is None and b.moves == ()
    assert "3 January 2022 is the first date in the data" in _render(b)
    with pytest.raises(UsageError):
        build_briefing(demo_negotiation(), [])


# ---------------------------------------------------------------- hostile text

HOSTILE = (
    "x | y || <script>alert(1)</script> <b>bold</b> `code` ``` "
    "[link](javascript:alert(1)) ![img](x.png) **strong** _em_ ~~s~~ @team #12 "
    "&amp; &#124; \\ %%{init: {}}%% section click call gantt title ; : # \" ' "
    "--> ]] [[ {{ }} <!-- \x1b[31m \u202e end"
)
HOSTILE_URL = 'https://example.org/a|b<c>`d`"e")](x)_*[y]'
HOSTILE_LINES = "# heading\n- item\n1. one\n    code\n| a | b |\n|---|---|\n===\n---"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (YAML 1.2 reads JSON strings)."""
    return json.dumps(text, ensure_ascii=True)


def _hostile_root(root: Path) -> Path:
    folder = root / "hostile"
    folder.mkdir(parents=True)
    h = HOSTILE
    (folder / "negotiation.yaml").write_text(
        f"""\
id: hostile
title: {_q("# " + h + " #")}
description: {_q(HOSTILE_LINES + h)}
parties:
  - id: left
    name: {_q("- " + h)}
    side: a
  - id: right
    name: {_q("1. " + h)}
    side: b
issues:
  - id: talks
    title: {_q(h)}
    scale:
      - id: p0
        label: {_q("click " + h)}
      - id: p1
        label: {_q("section " + h)}
      - id: p2
        label: {_q(HOSTILE_LINES)}
      - id: p3
        label: {_q("%% " + h)}
""",
        encoding="utf-8",
    )
    for when, left, right, name in (("2022-03-01", "p0", "p3", "a"), ("2022-03-05", "p1", "p3", "b")):
        (folder / f"{when}-{name}.yaml").write_text(
            f"""\
date: {when}
source:
  title: {_q(h)}
  outlet: {_q("## " + h)}
  url: {_q(HOSTILE_URL)}
  kind: news
positions:
  - party: left
    issue: talks
    stance: {left}
    red_line: p1
    summary: {_q(HOSTILE_LINES + h)}
    quotes:
      - speaker: {_q("# " + h)}
        text: {_q(h + HOSTILE_LINES)}
  - party: right
    issue: talks
    stance: {right}
    red_line: p2
    summary: {_q(h)}
reported:
  - issue: talks
    status: progress
    quote: {{speaker: {_q("> " + h)}, text: {_q(h)}}}
events:
  - date: 2022-04-01
    title: {_q("| " + h)}
    parties: [left, right]
""",
            encoding="utf-8",
        )
    return folder


def test_hostile_text_in_every_section_keeps_the_structure(invoke, tmp_path):
    _hostile_root(tmp_path / "positions")
    result = invoke("brief", "--root", str(tmp_path / "positions"))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    tokens = check_document(text)
    h2 = headings(tokens, 2)
    assert h2 == [
        "Bottom line",
        "Where each issue stands",
        "What changed since 1 March 2022",
        "Next",
        "Annex: issue by issue",
        "Events",
        "Positions over time",
        "Sources",
    ]
    assert len(headings(tokens, 1)) == 1
    assert check_tables(tokens) == 2
    seen = text_of(tokens).replace("\u200b", "")  # mentions are broken with a ZWSP
    # The data reads as written (controls made visible, newlines as spaces).
    for piece in (
        "x | y || <script>alert(1)</script> <b>bold</b> `code` ```",
        "[link](javascript:alert(1)) ![img](x.png) **strong** _em_ ~~s~~",
        "&amp; &#124; \\ %%{init: {}}%%",
        "# heading - item 1. one     code",
    ):
        assert piece in seen, piece
    # No markup from the data: the renderer writes no emphasis, strike-through or image.
    assert not {t.type for t in walk(tokens)} & {"image", "em_open", "s_open"}
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1
    sections_ = check_gantt(fences[0].content)
    assert len(sections_) == 2
    # The URL still leads to the same place, percent-encoded, as one autolink.
    links = [t for t in walk(tokens) if t.type == "link_open"]
    assert {t.attrs["href"] for t in links} == {
        "https://example.org/a%7Cb%3Cc%3E%60d%60%22e%22)%5D(x)_*%5By%5D"
    }


FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FAST
@given(negotiation_and_snapshots(min_size=1, max_size=5), st.data())
def test_any_text_keeps_the_structure(generated, data):
    negotiation, snapshots = generated
    nasty = st.sampled_from([t for t in NASTY if t] + [HOSTILE, HOSTILE_LINES])
    first = snapshots[0]
    events = (Event(first.date.replace(day=28), data.draw(nasty), tuple(p.id for p in negotiation.parties)),)
    url = "https://example.org/" + data.draw(st.sampled_from(['|<>`"', "a)b]", "ü x"]))
    snapshots = [replace(first, events=events, source=replace(first.source, url=url)), *snapshots[1:]]
    dates = sorted({s.date for s in snapshots})
    as_of = data.draw(st.sampled_from(dates))
    briefing = build_briefing(negotiation, snapshots, as_of)
    for links in (None, {c.issue: "charts/x.svg" for c in briefing.charts}):
        out = io.StringIO()
        render_brief(briefing, out, links)
        check_document(out.getvalue())
    assert len(bottom_line_of(out.getvalue()).split()) <= 80  # by construction, whatever the data
    page = io.StringIO()
    render_html(briefing, page)
    parser = _Tags()
    parser.feed(page.getvalue())
    assert parser.open == [] and not {"script", "img", "link"} & {t for t, _ in parser.tags}


# ---------------------------------------------------------------- escape additions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# title", "\\# title"),
        ("- item", "\\- item"),
        ("+ x", "\\+ x"),
        ("=== ", "\\==="),
        ("12. twelve", "12\\. twelve"),
        ("3) three", "3\\) three"),
        ("    code", "code"),
        ("plain 1. text", "plain 1. text"),
        ("2022 talks", "2022 talks"),
    ],
)
def test_markdown_start_escapes_block_markers(text, expected):
    assert escape.markdown_start(text) == expected


def test_code_spans_only_for_identifiers():
    assert escape.code("nato-expansion") == "`nato-expansion`"
    assert escape.code("a|b `c`") == "a\\|b \\`c\\`"


def test_url_is_an_http_link_or_nothing():
    assert escape.url("https://example.org/a b|c<d>") == "https://example.org/a%20b%7Cc%3Cd%3E"
    assert escape.url("https://example.org/?q=1&r=(2)") == "https://example.org/?q=1&r=(2)"
    assert escape.url("javascript:alert(1)") is None
    assert escape.url("https://") is None


def test_mermaid_bare_keeps_only_plain_characters():
    assert escape.mermaid_bare('a: b; c # d %% e "f" [g] {h} <i>\n j') == "a b c d e f g h i j"
    assert escape.mermaid_bare("\x1b;:") == "x1b"
    assert escape.mermaid_bare(" ;; ") == "?"


# ---------------------------------------------------------------- HTML and charts


class _Tags(HTMLParser):
    """Every start tag with its attributes, and whether the tags balance."""

    VOID: ClassVar[set[str]] = {
        "meta",
        "br",
        "hr",
        "img",
        "link",
        "input",
        "path",
        "use",
        "rect",
        "circle",
        "line",
        "polyline",
        "polygon",
        "stop",
        "ellipse",
        "image",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def _html(invoke, tmp_path, *args: str) -> tuple[str, _Tags]:
    target = tmp_path / "brief.html"
    result = invoke("brief", "--root", str(POSITIONS), *args, "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    parser.close()
    assert parser.open == []
    return text, parser


def test_html_is_one_self_contained_file(invoke, tmp_path):
    text, parsed = _html(invoke, tmp_path, "--as-of", "2022-01-10")
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert "iframe" not in names and "object" not in names
    for tag, attrs in parsed.tags:  # nothing fetched: no remote src, href or url()
        for name in ("src", "href", "xlink:href"):
            value = attrs.get(name) or ""
            assert not (tag != "a" and value and not value.startswith("#")), (tag, value)
    assert "@import" not in text and not re.search(r"url\((?!#)", text)  # url(#clip) only
    links = [attrs["href"] for tag, attrs in parsed.tags if tag == "a"]
    ids = {attrs["id"] for _, attrs in parsed.tags if attrs.get("id")}
    assert all(h[1:] in ids for h in links if h.startswith("#"))  # every footnote resolves
    assert sum(1 for h in links if h.startswith("#fn")) >= 10
    notes = [i for i in ids if re.fullmatch(r"fn\d+", i)]
    assert notes and all(f"#fnref{i[2:]}" in links for i in notes)  # and each leads back
    assert names.count("svg") == 5 and names.count("figure") == 5
    body = " ".join(parsed.text)
    assert "No issue is deadlocked as of 10 January 2022." in body
    assert "[^" not in body and "```" not in body  # footnotes and no Mermaid left as text


def test_html_follows_the_format_option_and_the_file_name(invoke, tmp_path):
    out = invoke("brief", "--root", str(POSITIONS), "--format", "html")
    assert out.exit_code == 0 and out.stdout.startswith("<!DOCTYPE html>")
    md = tmp_path / "b.html.md"
    assert invoke("brief", "--root", str(POSITIONS), "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# Briefing: ")
    bad = invoke("brief", "--root", str(POSITIONS), "--format", "pdf")
    assert bad.exit_code == 2
    assert bad.stderr == "redline: error: --format must be markdown or html, not 'pdf'\n"


def test_html_without_matplotlib_has_its_charts(invoke, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    text, _ = _html(invoke, tmp_path)
    assert text.count("<svg") == 5 and "```" not in text and "Positions over time" in text


def test_html_keeps_the_data_as_text(invoke, tmp_path):
    root = _hostile_root(tmp_path / "positions")
    out = invoke("brief", "--root", str(root.parent), "--format", "html")
    assert out.exit_code == 0, out.stderr
    parser = _Tags()
    parser.feed(out.stdout)
    assert parser.open == []
    assert "script" not in [tag for tag, _ in parser.tags]
    assert "<script>alert(1)</script>" in " ".join(parser.text)
    hrefs = [a.get("href") or "" for t, a in parser.tags if t == "a"]
    assert not [h for h in hrefs if h.lower().startswith("javascript")]


def test_chart_bands_keep_every_character_and_one_colour_per_party():
    from redline.render.charts import colour, svg

    neg = demo_negotiation()
    scale = tuple(
        replace(p, label=label)
        for p, label in zip(
            neg.issues[0].scale,
            ("€30m or 6% of global turnover", "$1 & <2>", "Line C", "Line D"),
            strict=True,
        )
    )
    neg = replace(neg, issues=(replace(neg.issues[0], scale=scale), neg.issues[1]))
    snaps = [
        snap(3, pos("north", "a", "b"), pos("south", "d", "d"), pos("south", "quota", issue="trade")),
        snap(6, pos("east", "b"), pos("north", "free", issue="trade"), slug="b"),
    ]
    b = build_briefing(neg, snaps)
    drawn = svg(b, b.charts[0])
    assert "€30m or 6% of global turnover" in drawn and "$1 &amp; &lt;2&gt;" in drawn
    assert "deadlocked" in drawn  # the title says the analysis' status
    trade = svg(b, b.charts[1])
    for party in ("north", "south"):  # the same colour in both charts
        assert colour(b, party).lower() in drawn.lower() and colour(b, party).lower() in trade.lower()
    assert colour(b, "east") not in trade  # east holds no position on trade
    assert len({colour(b, p.id) for p in neg.parties}) == 3


def test_mermaid_only_where_a_stance_changed():
    neg = demo_negotiation()
    still = [snap(3, pos("north", "a"), pos("south", "d")), snap(5, pos("north", "a", "b"), slug="b")]
    assert "```mermaid" not in _render(build_briefing(neg, still))
    moved = [*still, snap(7, pos("south", "c"), slug="c")]
    text = _render(build_briefing(neg, moved))
    assert text.count("```mermaid") == 1 and "Line C : 2022-01-07, 2022-01-08" in text


def test_a_long_span_keeps_the_first_page_short():
    neg = demo_negotiation()
    stances = "abcdcbabcdcb"
    snaps = [snap(1, pos("north", "a"), pos("south", "d"))]
    snaps += [snap(n + 2, pos("north", stance), slug=f"s{n}") for n, stance in enumerate(stances[1:])]
    b = build_briefing(neg, snaps, since=day(1))
    text = _render(b)
    check_document(text)
    changes = sections(parse(text))["What changed since 1 January 2022"]
    shown = [inline_text(t) for t in changes if t.type == "inline"]
    assert len(shown) == 9 and shown[-1] == "and 4 more, listed in the annex"
    assert shown[0] == "The border: now diverging (was unclear)."  # statuses first
    listed = sections(parse(text))["All changes since 1 January 2022"]
    every = [inline_text(t) for t in listed if t.type == "inline"][1:]
    assert every[:8] == shown[:8] and len(every) == 12  # 11 moves and the status
    assert len(main_body(text).split()) <= 600


class _Marked(NamedTuple):
    """A quote as the model gives it once quotes carry `supports` (the shared vocabulary)."""

    speaker: str
    text: str
    line: int = 0
    supports: str = "stance"


def test_a_red_line_claim_prefers_the_quote_marked_as_its_evidence():
    neg = demo_negotiation()
    quotes = (
        _Marked("Envoy", "We want Line A."),
        _Marked("Envoy", "We will never accept Line C.", supports="red_line"),
    )
    north = pos("north", "a", "b")._replace(quotes=quotes)
    b = build_briefing(neg, [snap(3, north, pos("south", "d"))])
    assert b.claim("north", "border").quote.text == "We will never accept Line C."
    without = pos("north", "a")._replace(quotes=quotes)
    b = build_briefing(neg, [snap(3, without, pos("south", "d"))])
    assert b.claim("north", "border").quote.text == "We want Line A."
