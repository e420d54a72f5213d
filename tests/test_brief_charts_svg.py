"""The briefing's charts, written as SVG by redline itself (`render/chart_svg.py`).

A golden file pins one chart byte for byte; regenerate it on purpose with
`REDLINE_UPDATE_GOLDEN=1 python -m pytest tests/test_brief_charts_svg.py` and look at it
(in a browser) before committing. Every chart must parse as XML whatever its labels say,
give the same bytes in any process, and keep its ids apart from the other charts of an
HTML page. The date ticks are pinned to the ones matplotlib's `AutoDateLocator(minticks=4,
maxticks=8)` chooses (listed here from matplotlib 3.11), which drew these charts before.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import POSITIONS, ROOT
from redline.briefing import build_briefing
from redline.model import Party, ScalePoint
from redline.render import date_ticks
from redline.render.charts import plot, svg, svg_files
from redline.render.html import render_html
from strategies import NASTY, day, demo_negotiation, negotiation_and_snapshots, pos, snap

GOLDEN = Path(__file__).parent / "golden" / "chart-nato-expansion-2022-01-13.svg"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"
SVG = "{http://www.w3.org/2000/svg}"


def _bundled(as_of: date | None = None):
    from redline.repository import load_folder

    loaded = load_folder(POSITIONS / "us-russia-2022")
    when = as_of or max(s.date for s in loaded.snapshots)
    return build_briefing(loaded.negotiation, loaded.snapshots, when, None, {})


def test_golden_chart():
    briefing = _bundled(date(2022, 1, 13))
    drawn = svg(briefing, briefing.charts[0])
    if UPDATE:
        GOLDEN.write_text(drawn, encoding="utf-8")
    assert drawn == GOLDEN.read_text(encoding="utf-8")


def test_a_chart_is_one_svg_with_a_title_and_a_label():
    briefing = _bundled()
    root = ET.fromstring(svg(briefing, briefing.charts[0]).encode("utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-label") == "Positions over time: NATO enlargement — deadlocked"
    assert root.findtext(f"{SVG}title") == root.get("aria-label")
    assert root.get("width") == "180mm" and root.get("viewBox", "").startswith("0 0 720 ")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"Open door", "Legally binding ban", "Russia", "gap", "deadlock gap"} <= set(texts)
    assert root.find(f"{SVG}defs/{SVG}pattern") is not None  # the hatch of the gap
    tags = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert tags <= {"svg", "title", "desc", "defs", "pattern", "line", "rect", "path", "text", "tspan", "g"}


def test_each_pair_of_counterparts_is_hatched_over_its_own_deadlock_only():
    # three parties, each its own side: council (a..b) and parliament (c..d) deadlock from
    # day 3; the commission's red line (d) comes on day 6, deadlocking it with the council;
    # on day 9 the council moves to b with red line c, which meets parliament's range (no
    # deadlock) and narrows its gap to the commission. Parliament and the commission
    # share a zone (c..d) and are never hatched.
    neg = replace(
        demo_negotiation(),
        parties=(Party("council", "Council"), Party("parliament", "Parliament"), Party("commission", "EC")),
    )
    snaps = [
        snap(3, pos("council", "a", "b"), pos("parliament", "d", "c"), pos("commission", "d")),
        snap(6, pos("commission", "d", "d"), slug="b"),
        snap(9, pos("council", "b", "c"), slug="c"),
    ]
    briefing = build_briefing(neg, snaps)
    chart = next(c for c in briefing.charts if c.issue == "border")
    band = 0.16  # charts._BAND: a gap runs between the bands' edges
    gaps = [
        (g.start, g.end, round(g.low - band, 2), round(g.high + band, 2)) for g in plot(briefing, chart).gaps
    ]
    assert gaps == [(day(3), day(9), 1, 2), (day(6), day(9), 1, 3), (day(9), day(10), 2, 3)]


def _hostile_briefing(label: str):
    neg = demo_negotiation()
    scale = tuple(replace(p, label=text) for p, text in zip(neg.issues[0].scale, label, strict=True))
    parties = tuple(replace(p, name=name) for p, name in zip(neg.parties, NASTY[6:9], strict=True))
    issues = (replace(neg.issues[0], title=NASTY[6] + "\u05e9\u05dc\u05d5\u05dd", scale=scale), neg.issues[1])
    neg = replace(neg, title=NASTY[7], issues=issues, parties=parties)
    snaps = [
        snap(3, pos("north", "a", "b"), pos("south", "d", "d"), pos("south", "quota", issue="trade")),
        snap(6, pos("east", "b"), pos("north", "free", issue="trade"), slug="b"),
    ]
    return build_briefing(neg, snaps)


HOSTILE_SCALES = [
    (NASTY[6], "\x00\x07\x7f\x85\x9f \u202egnirts\u202c", "“quoted” & 'single' \"double\"", "x" * 5000),
    ("שלום עליכם (peace)", "مرحبا بالعالم", "日本語のラベル" * 20, "ok"),
]


@pytest.mark.parametrize("labels", HOSTILE_SCALES, ids=["markup-controls-long", "rtl-cjk"])
def test_hostile_labels_leave_well_formed_svg(labels):
    briefing = _hostile_briefing(labels)
    for chart in briefing.charts:
        drawn = svg(briefing, chart)
        root = ET.fromstring(drawn.encode("utf-8"))  # raises on anything not well formed
        assert "<script>" not in drawn and "\u202e" not in drawn and "\x00" not in drawn
        for text in root.iter(f"{SVG}text"):
            assert len(text.findall(f"{SVG}tspan")) <= 3  # long labels are cut, not spilled
    first = ET.fromstring(svg(briefing, briefing.charts[0]).encode("utf-8"))
    assert first.findtext(f"{SVG}title", "").startswith(
        "Positions over time: <script>alert(1)</script> & <b>"
    )
    shown = ["".join(t.itertext()) for t in first.iter(f"{SVG}text")]
    assert labels[0] in " ".join(shown) or labels[0] == NASTY[6]


def test_a_cut_label_keeps_its_whole_text_as_a_tooltip():
    briefing = _hostile_briefing(("a", "b", "c", "word " * 40))
    root = ET.fromstring(svg(briefing, briefing.charts[0]).encode("utf-8"))
    labels = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    cut = [t for t in labels if t.find(f"{SVG}title") is not None]
    assert len(labels) == 4 and len(cut) == 1
    assert cut[0].findtext(f"{SVG}title") == "word " * 40
    assert [s.text for s in cut[0].findall(f"{SVG}tspan")][-1].endswith("…")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(negotiation_and_snapshots(min_size=1))
def test_any_data_gives_well_formed_charts(data):
    negotiation, snapshots = data
    briefing = build_briefing(negotiation, snapshots)
    for issue, drawn in svg_files(briefing).items():
        root = ET.fromstring(drawn.encode("utf-8"))
        assert root.get("id", "").startswith("chart-"), issue


def test_ids_are_unique_across_the_charts_of_a_page():
    import io

    briefing = _bundled()
    out = io.StringIO()
    render_html(briefing, out, svg_files(briefing))
    page = out.getvalue()
    ids = re.findall(r'\bid="([^"]*)"', page)
    assert len(ids) == len(set(ids))
    assert page.count("<svg") == 5
    for ref in re.findall(r"url\(#([^)]*)\)", page):  # every pattern used is defined
        assert ref in ids


def test_issue_ids_that_read_alike_keep_their_ids_apart():
    from redline.render.charts import _key

    assert _key("a b") != _key("a-b") and _key("a b").startswith("chart-a-b-")


DIGEST = """
import hashlib, sys
from datetime import date
sys.path.insert(0, "tests")
from test_brief_charts_svg import _bundled
from redline.render.charts import svg_files
drawn = svg_files(_bundled(date(2022, 1, 13)))
print(hashlib.sha256("".join(drawn[k] for k in sorted(drawn)).encode()).hexdigest())
"""


def test_the_same_bytes_in_any_process():
    digests = set()
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-c", DIGEST], capture_output=True, text=True, cwd=ROOT, env=env, check=True
        )
        digests.add(result.stdout.strip())
    drawn = svg_files(_bundled(date(2022, 1, 13)))
    here = hashlib.sha256("".join(drawn[k] for k in sorted(drawn)).encode()).hexdigest()
    assert digests == {here}


# ---------------------------------------------------------------- the date axis

MATPLOTLIB_TICKS = [
    ("2021-12-07", "2022-02-03", ["2021-12-15", "2022-01-01", "2022-01-15", "2022-02-01"]),
    ("2006-01-10", "2006-01-29", ["2006-01-13", "2006-01-17", "2006-01-21", "2006-01-25", "2006-01-29"]),
    (
        "2017-02-05",
        "2017-05-27",
        ["2017-02-15", "2017-03-01", "2017-03-15", "2017-04-01", "2017-04-15", "2017-05-01", "2017-05-15"],
    ),
    (
        "2022-05-26",
        "2022-06-23",
        ["2022-05-29", "2022-06-01", "2022-06-05", "2022-06-09", "2022-06-13", "2022-06-17", "2022-06-21"],
    ),
    (
        "2021-03-01",
        "2022-01-15",
        ["2021-03-01", "2021-05-01", "2021-07-01", "2021-09-01", "2021-11-01", "2022-01-01"],
    ),
    (
        "2019-06-30",
        "2021-02-01",
        ["2019-07-01", "2019-10-01", "2020-01-01", "2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"],
    ),
    (
        "2003-05-05",
        "2016-08-08",
        ["2004-01-01", "2006-01-01", "2008-01-01", "2010-01-01", "2012-01-01", "2014-01-01", "2016-01-01"],
    ),
    ("2020-01-01", "2020-01-09", ["2020-01-01", "2020-01-03", "2020-01-05", "2020-01-07", "2020-01-09"]),
    (
        "1999-11-20",
        "2000-03-01",
        ["1999-12-01", "1999-12-15", "2000-01-01", "2000-01-15", "2000-02-01", "2000-02-15", "2000-03-01"],
    ),
    ("2001-01-01", "2045-01-01", ["2010-01-01", "2020-01-01", "2030-01-01", "2040-01-01"]),
]


@pytest.mark.parametrize(("first", "last", "expected"), MATPLOTLIB_TICKS)
def test_date_ticks_as_matplotlib_chooses_them(first, last, expected):
    ticks = date_ticks.ticks(date.fromisoformat(first), date.fromisoformat(last))
    assert [t.isoformat() for t in ticks] == expected


def test_a_span_of_a_few_days_has_a_tick_a_day():
    assert date_ticks.ticks(date(2022, 1, 30), date(2022, 2, 1)) == [
        date(2022, 1, 30),
        date(2022, 1, 31),
        date(2022, 2, 1),
    ]


def test_date_labels_give_the_year_under_the_first_tick_and_where_it_changes():
    days = [date(2021, 12, 15), date(2022, 1, 1), date(2022, 1, 15)]
    assert date_ticks.labels(days, wide=False) == ["15 Dec\n2021", "1 Jan\n2022", "15 Jan"]
    assert date_ticks.labels(days, wide=True) == ["Dec\n2021", "Jan\n2022", "Jan"]


# ---------------------------------------------------------------- many parties


def test_one_colour_per_party_in_the_legend_of_eight_parties():
    from redline.render.charts import PALETTE

    neg = demo_negotiation()
    parties = tuple(Party(f"p{i}", f"Party number {i} with a long name" * (i % 3 + 1)) for i in range(8))
    scale = tuple(ScalePoint(p.id, p.label) for p in neg.issues[0].scale)
    neg = replace(neg, parties=parties, issues=(replace(neg.issues[0], scale=scale),))
    snaps = [snap(3, *(pos(f"p{i}", "abcd"[i % 4]) for i in range(8)))]
    briefing = build_briefing(neg, snaps)
    root = ET.fromstring(svg(briefing, briefing.charts[0]).encode("utf-8"))
    swatches = [g.find(f"{SVG}rect") for g in root.iter(f"{SVG}g")]
    fills = [r.get("fill") for r in swatches if r is not None and not r.get("fill", "").startswith("url")]
    assert fills == list(PALETTE)
