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
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import POSITIONS, parse_markdown, walk_tokens
from redline.briefing import build_briefing, default_since
from redline.errors import UsageError
from redline.model import Event, Quote, Reported
from redline.render import escape
from redline.render.brief import render_brief
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
    "brief-2022-01-13.md": ["brief", "us-russia-2022", "--as-of", "2022-01-13"],
    "brief-2022-01-10-since-2021-12-17.md": ["brief", "us-russia-2022", "--as-of", "2022-01-10",
                                             "--since", "2021-12-17"],
    "brief-latest.md": ["brief"],
}
SECTIONS = ["Bottom line", "What changed", "Issue by issue", "Deadlocks", "Key quotes",
            "Upcoming events", "Positions over time", "Sources"]


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
    return "".join(" " if c.type in ("softbreak", "hardbreak") else c.content
                   for c in token.children or () if c.type in ("text", "code_inline",
                                                                "softbreak", "hardbreak"))


def text_of(tokens) -> str:
    """The text of every inline run among `tokens`, one space between runs."""
    return " ".join(inline_text(t) for t in walk(tokens) if t.type == "inline")


def headings(tokens, level: int) -> list[str]:
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == f"h{level}":
            out.append(inline_text(tokens[i + 1]))
    return out


GANTT_KEYWORDS = ("gantt", "title", "section", "dateformat", "axisformat", "tickinterval",
                  "includes", "excludes", "todaymarker", "weekday", "inclusiveenddates",
                  "topaxis", "click", "call", "href", "acctitle", "accdescr", "accdescription")
TASK = re.compile(r"(?P<text>[^:#;%\n]+?) : (?P<start>\d{4}-\d{2}-\d{2}), "
                  r"(?P<end>\d{4}-\d{2}-\d{2})")


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
            section = line[len("section "):]
            assert section and ":" not in section
            sections.append((section, 0))
        else:
            match = TASK.fullmatch(line)
            assert match, line
            text = match["text"]
            assert not text.lower().startswith(GANTT_KEYWORDS), text
            assert not re.match(r"\d{4}-\d{2}-\d{2}", text)
            assert re.match(r"\d+/\d+ \S", text), text
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
    h2 = headings(tokens, 2)
    expected = [s for s in SECTIONS if s != "Positions over time" or "Positions over time" in h2]
    assert [next((s for s in expected if h.startswith(s)), h) for h in h2
            if not h.startswith("Caveats")] == expected
    for token in tokens:
        if token.type == "fence":
            assert token.info == "mermaid"
            check_gantt(token.content)
    check_citations(tokens)
    return tokens


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


CITATION = re.compile(r"\[(\d+)\]")


def check_citations(tokens) -> None:
    """Every quote carries a citation, and every citation is a listed source."""
    parts = sections(tokens)
    listed = [t for t in parts["Sources"] if t.type == "list_item_open"]
    assert all(t.info == str(n) for n, t in enumerate(listed, 1))  # numbered 1, 2, 3...
    body = text_of([t for name, ts in parts.items() if name != "Sources" for t in ts])
    for n in CITATION.findall(body):
        assert 1 <= int(n) <= len(listed), n
    # Each quote (a list item of Key quotes, a block quote under an issue) ends with one.
    for name in ("Key quotes", "Issue by issue"):
        part = parts[name]
        opener = "list_item_open" if name == "Key quotes" else "blockquote_open"
        quotes = [inline_text(t) for i, t in enumerate(part)
                  if t.type == "inline" and i >= 2 and part[i - 2].type == opener]
        assert all("“" in q and re.search(r" (\[\d+\])+$", q) for q in quotes), quotes


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


@pytest.fixture(scope="module")
def bundled() -> str:
    return (GOLDEN / "brief-2022-01-13.md").read_text(encoding="utf-8")


def test_bottom_line_names_the_deadlocked_and_the_other_issues(bundled):
    parts = sections(parse(bundled))
    items = [inline_text(t) for t in parts["Bottom line"] if t.type == "inline"]
    assert 3 <= len(items) <= 5
    deadlocks, others, zones, moved = items[:4]
    assert deadlocks.startswith("Two issues are deadlocked")
    assert "nato-expansion" in deadlocks and "military-cooperation" in deadlocks
    assert "since 2022-01-10" in deadlocks
    for issue in ("missile-deployment", "military-exercises", "de-escalation"):
        assert issue in others and issue not in deadlocks
    assert "unclear" in others and "stalled since 2022-01-07" in others and "diverging" in others
    assert zones.startswith("No zone of possible agreement")
    assert moved.startswith("Since 2022-01-12, Russia hardened its stance on de-escalation")


def test_tables_quotes_and_chart_are_well_formed(bundled):
    tokens = check_document(bundled)
    assert check_tables(tokens) == 3  # issues, deadlocks, events
    charts = [check_gantt(t.content) for t in tokens if t.type == "fence"]
    assert len(charts) == 5
    assert charts[0] == [("United States", 1), ("NATO (Secretary General and Allies)", 1),
                         ("Russia", 1)]
    assert charts[-1][-1] == ("Russia", 2)  # Russia moved on de-escalation on 2022-01-13


def test_every_quote_resolves_to_its_source(bundled):
    parts = sections(parse(bundled))
    sources = [inline_text(t) for t in parts["Sources"] if t.type == "inline"]
    quotes = text_of(parts["Key quotes"])
    # Lukashevich's quote is from the EIR report of 2022-01-13.
    cited = re.search(r"Alexander Lukashevich \(Russia\), 2022-01-13: “[^”]+” \[(\d+)\]", quotes)
    assert cited
    assert sources[int(cited[1]) - 1].startswith("Executive Intelligence Review")
    assert sources == sorted(sources, key=lambda s: re.search(r"\d{4}-\d{2}-\d{2}", s)[0])


def test_deadlocks_section_gives_gap_since_and_restatements(bundled):
    parts = sections(parse(bundled))
    cells = [inline_text(t) for t in parts["Deadlocks"] if t.type == "inline"]
    row = cells.index("Military cooperation with non-member former Soviet states "
                      "(military-cooperation)")
    assert cells[row:row + 6] == ["Military cooperation with non-member former Soviet states "
                                  "(military-cooperation)", "United States and Russia",
                                  "2 steps", "3 steps", "2022-01-10", "0 times"]


def test_same_status_vocabulary_as_report(brief):
    briefing = brief("brief", "--as-of", "2022-01-13")
    report = json.loads(brief("report", "--as-of", "2022-01-13", "--format", "json"))
    for issue in report["issues"]:
        assert f"(`{issue['id']}`) | " in briefing
        row = next(line for line in briefing.splitlines() if line.startswith(
            f"| {issue['title']} (`{issue['id']}`)"))
        assert row.split(" | ")[-1].startswith(f"**{issue['status']}**")


def test_contradiction_is_flagged(brief):
    text = brief("brief")  # latest: the source said impasse; the positions converge
    assert ("Flagged, the sources' own word against the analysis: on `military-cooperation`, "
            "the source reports impasse (2022-01-10) while the computed status is converging."
            in text)
    assert "**converging**; flagged: the source reports impasse |" in text
    assert "**Flag:** the source reports impasse (2022-01-10) while the computed status is " \
           "converging" in text


def test_upcoming_events_are_after_the_as_of_date(brief):
    text = brief("brief", "--as-of", "2022-01-12")
    events = sections(parse(text))["Upcoming events"]
    cells = [inline_text(t) for t in events if t.type == "inline"]
    dates = [c for c in cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)]
    assert dates == ["2022-01-13", "2022-01-13", "2022-06-29"]
    assert "OSCE Permanent Council meeting in Vienna" in cells


def test_output_is_deterministic(brief):
    assert brief("brief", "--since", "2021-12-07") == brief("brief", "--since", "2021-12-07")


# ---------------------------------------------------------------- the command


def test_output_file_is_written_atomically_and_not_overwritten(invoke, tmp_path):
    target = tmp_path / "briefing.md"
    args = ["brief", "--root", str(POSITIONS), "--as-of", "2022-01-13", "-o", str(target)]
    first = invoke(*args)
    assert first.exit_code == 0 and first.stdout == ""
    assert target.read_text(encoding="utf-8") == (GOLDEN / "brief-2022-01-13.md").read_text(
        encoding="utf-8")
    again = invoke(*args)
    assert again.exit_code == 2
    assert again.stderr == (f"redline: error: '{target}' already exists; not overwriting it "
                            "(use --force to replace it)\n")
    target.write_text("old", encoding="utf-8")
    assert invoke(*args, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Briefing: ")


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2022-13-01"], "--as-of '2022-13-01' is not a date as YYYY-MM-DD"),
    (["--since", "yesterday"], "--since 'yesterday' is not a date as YYYY-MM-DD"),
    (["--as-of", "2022-01-10", "--since", "2022-01-12"],
     "--since 2022-01-12 is after --as-of 2022-01-10"),
    (["--as-of", "2021-01-01"], "--as-of 2021-01-01 is before the first snapshot of "
                                "us-russia-2022 (2021-12-07): nothing to show"),
])
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke("brief", "--root", str(POSITIONS), *args)
    assert result.exit_code == 2
    assert result.stderr == f"redline: error: {message}\n"


def test_invalid_data_exits_1(invoke, demo):
    demo.write("2022-01-05-bad.yaml", "date: 2022-01-05\n")
    result = invoke("brief", "--root", str(demo.root))
    assert result.exit_code == 1
    assert "fix them first" in result.stderr


def test_charts_need_matplotlib(invoke, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    result = invoke("brief", "--root", str(POSITIONS), "--charts", str(tmp_path / "c"))
    assert result.exit_code == 2
    assert result.stderr == ("redline: error: --charts needs matplotlib: "
                             "pip install 'redline[charts]'\n")
    assert not (tmp_path / "c").exists()


def test_charts_are_written_and_linked_from_the_briefing(invoke, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "brief"
    out.mkdir()
    result = invoke("brief", "--root", str(POSITIONS), "--as-of", "2022-01-13",
                    "-o", str(out / "b.md"), "--charts", str(out / "charts"))
    assert result.exit_code == 0, result.output
    text = (out / "b.md").read_text(encoding="utf-8")
    tokens = check_document(text)
    assert "```mermaid" not in text
    images = [t for t in walk(tokens) if t.type == "image"]
    assert [t.attrs["src"] for t in images] == [
        f"charts/{i}.svg" for i in ("nato-expansion", "military-cooperation",
                                    "missile-deployment", "military-exercises", "de-escalation")]
    for image in images:
        svg = (out / image.attrs["src"]).read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "</svg>" in svg
    assert "Move at will" in (out / "charts" / "de-escalation.svg").read_text(encoding="utf-8")
    # Charts exist now: without --force nothing is written, the briefing included.
    (out / "b.md").unlink()
    again = invoke("brief", "--root", str(POSITIONS), "-o", str(out / "b.md"),
                   "--charts", str(out / "charts"))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert not (out / "b.md").exists()


def test_chart_files_are_deterministic():
    pytest.importorskip("matplotlib")
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
    snaps = [snap(3, pos("north", "a", "b"), pos("south", "d", "d")),
             snap(5, pos("north", "b"), slug="one"),
             snap(7, pos("north", withdrawn=True), slug="two"),
             snap(9, pos("north", "c"), slug="three")]
    b = build_briefing(neg, snaps, since=day(3))
    assert [(m.date, m.change.kind, m.change.direction) for m in b.moves] == [
        (day(9), "added", None), (day(7), "withdrawn", None), (day(5), "stance", "softened"),
        (day(5), "red_line", "dropped")]
    assert b.moves[1].source.path.endswith("2022-01-07-two.yaml")
    # The chart shows the gap while north held no position.
    chart = b.charts[0]
    assert [(s.party, s.stance, s.start.day, s.end.day) for s in chart.segments] == [
        ("north", "a", 3, 5), ("north", "b", 5, 7), ("north", "c", 9, 10), ("south", "d", 3, 10)]


def test_events_after_as_of_once_each_with_every_source():
    neg = demo_negotiation()
    talks = Event(day(12), "Talks", ("north", "south"))
    snaps = [replace(snap(3, pos("north", "a")), events=(talks, Event(day(4), "Past", ()))),
             replace(snap(5, pos("south", "d"), slug="b"), events=(talks,))]
    b = build_briefing(neg, snaps)
    assert [(e.date, e.title, len(e.sources)) for e in b.events] == [(day(12), "Talks", 2)]
    assert [s.date for s in b.sources] == [day(3), day(5)]


def test_key_quote_is_the_newest_behind_a_position():
    neg = demo_negotiation()
    snaps = [snap(3, pos("north", "a", quotes=("old",)), pos("south", "d", quotes=("south",))),
             snap(5, pos("north", "a", quotes=("new", "second")), slug="b")]
    b = build_briefing(neg, snaps)
    assert [(q.party, q.text) for q in b.quotes] == [("north", "new"), ("south", "south")]
    assert b.key_quote("border").text == "new"
    assert b.key_quote("trade") is None


def test_a_reported_impasse_against_convergence_is_flagged():
    neg = demo_negotiation()
    impasse = (Reported("border", "impasse", quote=Quote("Envoy", "We are stuck")),)
    snaps = [snap(3, pos("north", "a"), pos("south", "d")),
             snap(5, pos("south", "c"), slug="b", reported=impasse)]
    b = build_briefing(neg, snaps)
    out = io.StringIO()
    render_brief(b, out)
    text = out.getvalue()
    assert "the source reports impasse (2022-01-05) while the computed status is converging" \
        in text
    assert "- **Envoy**, of the talks, 2022-01-05: “We are stuck” \\[2\\]" in text
    check_document(text)


def _bottom_line(briefing) -> list[str]:
    out = io.StringIO()
    render_brief(briefing, out)
    return [inline_text(t) for t in sections(parse(out.getvalue()))["Bottom line"]
            if t.type == "inline"]


def test_bottom_line_groups_allies_facing_one_party():
    neg = demo_negotiation()
    both = [snap(3, pos("north", "a", "a"), pos("east", "a", "b"), pos("south", "d", "d"))]
    assert _bottom_line(build_briefing(neg, both))[0] == (
        "One issue is deadlocked, with red lines that do not meet: The border (border) "
        "between North and East on one side and South on the other, since 2022-01-03.")
    one = [snap(3, pos("north", "a", "a"), pos("east", "a", "c"), pos("south", "d", "c"))]
    lines = _bottom_line(build_briefing(neg, one))
    assert lines[0].endswith("The border (border) between North and South, since 2022-01-03.")
    assert lines[2] == ("A zone of possible agreement exists on The border (border) between "
                        "East and South (Line C).")


def test_a_briefing_on_the_first_date_has_nothing_to_compare():
    b = build_briefing(demo_negotiation(), [snap(3, pos("north", "a"), pos("south", "d"))])
    assert b.since is None and b.moves == ()
    out = io.StringIO()
    render_brief(b, out)
    assert "2022-01-03 is the first date in the data" in out.getvalue()
    with pytest.raises(UsageError):
        build_briefing(demo_negotiation(), [])


# ---------------------------------------------------------------- hostile text

HOSTILE = ("x | y || <script>alert(1)</script> <b>bold</b> `code` ``` "
           "[link](javascript:alert(1)) ![img](x.png) **strong** _em_ ~~s~~ @team #12 "
           "&amp; &#124; \\ %%{init: {}}%% section click call gantt title ; : # \" ' "
           "--> ]] [[ {{ }} <!-- \x1b[31m \u202e end")
HOSTILE_URL = 'https://example.org/a|b<c>`d`"e")](x)_*[y]'
HOSTILE_LINES = "# heading\n- item\n1. one\n    code\n| a | b |\n|---|---|\n===\n---"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (YAML 1.2 reads JSON strings)."""
    return json.dumps(text, ensure_ascii=True)


def _hostile_root(root: Path) -> Path:
    folder = root / "hostile"
    folder.mkdir(parents=True)
    h = HOSTILE
    (folder / "negotiation.yaml").write_text(f"""\
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
""", encoding="utf-8")
    for when, left, right, name in (("2022-03-01", "p0", "p3", "a"), ("2022-03-05", "p1", "p3", "b")):
        (folder / f"{when}-{name}.yaml").write_text(f"""\
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
""", encoding="utf-8")
    return folder


def test_hostile_text_in_every_section_keeps_the_structure(invoke, tmp_path):
    _hostile_root(tmp_path / "positions")
    result = invoke("brief", "--root", str(tmp_path / "positions"))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    tokens = check_document(text)
    h2 = headings(tokens, 2)
    assert h2 == ["Bottom line", "What changed since 2022-03-01", "Issue by issue", "Deadlocks",
                  "Key quotes", "Upcoming events", "Positions over time", "Sources"]
    assert len(headings(tokens, 1)) == 1
    assert check_tables(tokens) == 3
    seen = text_of(tokens).replace("\u200b", "")  # mentions are broken with a ZWSP
    # The data reads as written (controls made visible, newlines as spaces).
    for piece in ("x | y || <script>alert(1)</script> <b>bold</b> `code` ```",
                  "[link](javascript:alert(1)) ![img](x.png) **strong** _em_ ~~s~~",
                  "&amp; &#124; \\ %%{init: {}}%%", "# heading - item 1. one     code"):
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
        "https://example.org/a%7Cb%3Cc%3E%60d%60%22e%22)%5D(x)_*%5By%5D"}


FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(negotiation_and_snapshots(min_size=1, max_size=5), st.data())
def test_any_text_keeps_the_structure(generated, data):
    negotiation, snapshots = generated
    nasty = st.sampled_from([t for t in NASTY if t] + [HOSTILE, HOSTILE_LINES])
    first = snapshots[0]
    events = (Event(first.date.replace(day=28), data.draw(nasty), tuple(p.id for p in
                                                                           negotiation.parties)),)
    url = "https://example.org/" + data.draw(st.sampled_from(["|<>`\"", "a)b]", "ü x"]))
    snapshots = [replace(first, events=events,
                         source=replace(first.source, url=url)), *snapshots[1:]]
    dates = sorted({s.date for s in snapshots})
    as_of = data.draw(st.sampled_from(dates))
    briefing = build_briefing(negotiation, snapshots, as_of)
    for links in (None, {c.issue: "charts/x.svg" for c in briefing.charts}):
        out = io.StringIO()
        render_brief(briefing, out, links)
        check_document(out.getvalue())


# ---------------------------------------------------------------- escape additions


@pytest.mark.parametrize(("text", "expected"), [
    ("# title", "\\# title"), ("- item", "\\- item"), ("+ x", "\\+ x"), ("=== ", "\\==="),
    ("12. twelve", "12\\. twelve"), ("3) three", "3\\) three"), ("    code", "code"),
    ("plain 1. text", "plain 1. text"), ("2022 talks", "2022 talks"),
])
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
