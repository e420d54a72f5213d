"""A briefing on a negotiation of three parties, each its own side: nothing assumes two.

An EU trilogue on a fines clause: the Commission, the Parliament and the Council, with
scale labels that carry € and %. The Commission moves toward the Parliament and away
from the Council; the Parliament and the Council are deadlocked; the Commission's range
meets each of the others'.
"""

from __future__ import annotations

import textwrap

import pytest

from conftest import snapshot_yaml
from test_brief import MAIN, bottom_line_of, check_document, main_body, sections

NEGOTIATION = textwrap.dedent("""\
    id: ai-act
    title: AI Act trilogue
    parties:
      - {id: commission, name: Commission, side: commission}
      - {id: parliament, name: Parliament, side: parliament}
      - {id: council, name: Council, side: council}
    issues:
      - id: fines
        title: Fines
        scale:
          - {id: none, label: No fines}
          - {id: eur-10m, label: "€10m or 2% of turnover"}
          - {id: eur-20m, label: "€20m or 4% of global turnover"}
          - {id: eur-30m, label: "€30m or 6% of global turnover"}
      - id: scope
        title: Scope of the ban on biometric identification
        scale:
          - {id: narrow, label: Narrow}
          - {id: wide, label: Wide}
          - {id: total, label: Total ban}
    """)


@pytest.fixture
def trilogue(tmp_path):
    folder = tmp_path / "positions" / "ai-act"
    folder.mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(NEGOTIATION, encoding="utf-8")
    first = [
        {"party": "commission", "issue": "fines", "stance": "eur-20m", "red_line": "eur-10m"},
        {"party": "parliament", "issue": "fines", "stance": "eur-30m", "red_line": "eur-20m"},
        {"party": "council", "issue": "fines", "stance": "none", "red_line": "eur-10m"},
        {"party": "commission", "issue": "scope", "stance": "wide"},
        {"party": "parliament", "issue": "scope", "stance": "total"},
        {"party": "council", "issue": "scope", "stance": "narrow"},
    ]
    second = [
        {"party": "commission", "issue": "fines", "stance": "eur-30m", "red_line": "eur-10m",
         "quotes": [("A Commissioner", "We can go as high as the Parliament asks.")]},
    ]
    (folder / "2023-03-01-proposals.yaml").write_text(
        snapshot_yaml("2023-03-01", first, title="Three proposals"), encoding="utf-8")
    text = snapshot_yaml("2023-04-01", second, title="Commission moves") + textwrap.dedent("""\
        events:
          - date: 2023-05-10
            title: Trilogue in Brussels
            parties: [commission, parliament, council]
        """)
    (folder / "2023-04-01-commission.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "positions"


def test_three_parties_each_on_its_own_side(invoke, trilogue):
    result = invoke("brief", "--root", str(trilogue))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    tokens = check_document(text)
    bottom = bottom_line_of(text)
    assert len(bottom.split()) <= 80
    assert bottom.startswith("Parliament and Council are deadlocked on Fines.")
    assert ("Since 1 March, Commission conceded 1 step toward Parliament, hardened 1 step "
            "away from Council on Fines.") in bottom
    assert "Next: Trilogue in Brussels on 10 May." in bottom
    main = main_body(text)
    assert "| Issue | Commission | Parliament | Council | Status |" in main
    assert ("| Fines | €30m or 6% of global turnover (red line: €10m or 2% of turnover) | "
            "€30m or 6% of global turnover (red line: €20m or 4% of global turnover) | "
            "No fines (red line: €10m or 2% of turnover) | deadlocked since the first record "
            "(1 March 2023) |") in main
    assert [h for h in sections(tokens) if h in MAIN] == ["Bottom line", "Where each issue stands", "Next"]
    annex = text[len(main):]
    assert "Commission and Parliament: the same stance" in annex
    assert ("Parliament and Council: red lines 1 step apart, stances 3 steps apart." in annex)
    assert ("Commission and Council: stances 3 steps apart, agreement possible at €10m or 2% "
            "of turnover") in annex


def test_three_parties_in_html(invoke, trilogue):
    pytest.importorskip("matplotlib")
    result = invoke("brief", "--root", str(trilogue), "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.count("<svg") == 2
    assert "€30m or 6% of global turnover" in page
    assert "Parliament and Council are deadlocked on Fines." in page
