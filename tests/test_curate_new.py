"""`redline new` as a curator uses it: only the positions asked for, quote candidates from the
stored text, the state on the terminal, and nothing to delete.

The replay test records an article that moves one position and restates two, on a
negotiation and an article of our own making, and counts the lines the curator deletes.
"""

from __future__ import annotations

import difflib
import textwrap

import pytest

from redline.loading import parse_yaml

NEGOTIATION = textwrap.dedent("""\
    id: isles
    title: The isles talks
    parties:
      - id: north
        name: Northland
        aliases: [Nordby]
        side: n
      - id: south
        name: Southland (the Republic)
        side: s
      - id: east
        name: Eastland
        side: s
    issues:
      - id: border
        title: The border
        keywords: [frontier]
        scale:
          - {id: river, label: River line, description: The border follows the river.}
          - {id: joint, label: Joint zone, description: The land between is shared.}
          - {id: ridge, label: Ridge line, description: The border follows the ridge.}
      - id: fisheries
        title: Fishing quotas
        scale:
          - {id: equal, label: Equal shares}
          - {id: by-coast, label: By length of coast}
    """)

FIRST = textwrap.dedent("""\
    date: 2022-01-10
    source: {title: Talks open, kind: news, outlet: Gazette}
    positions:
      - {party: north, issue: border, stance: river, red_line: joint, summary: North holds the river.,
         quotes: [{speaker: Anna Berg, text: "A joint zone is as far as we will ever go.",
                   supports: red_line}]}
      - {party: south, issue: border, stance: ridge, summary: South wants the ridge.}
      - {party: north, issue: fisheries, stance: equal, summary: North wants equal shares.}
    """)

ARTICLE = textwrap.dedent("""\
    ---
    document: Border talks resume
    licence: written for this test
    ---
    # Border talks resume in Geneva

    Northland could now accept a joint zone on the border, its negotiator said.
    "We keep the river line," said Deputy Minister Anna Berg of Northland.
    Southland insists the frontier must follow the ridge line, envoy Paul Roy said.
    On fishing quotas, Northland still wants equal shares, Berg added.
    The weather in Geneva was mild.

    SOUTHLAND ENVOY ROY: The ridge line is the only border Southland will sign.

    DEPUTY MINISTER BERG: We want equal shares of the fishing quotas.
    """)


@pytest.fixture
def isles(tmp_path, monkeypatch):
    """A positions root with the isles negotiation, its first snapshot and the article's text."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "positions" / "isles"
    (folder / "sources").mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(NEGOTIATION, encoding="utf-8")
    (folder / "2022-01-10-gazette-talks-open.yaml").write_text(FIRST, encoding="utf-8")
    (folder / "sources" / "article.md").write_text(ARTICLE, encoding="utf-8")
    return folder


def new(invoke, *args):
    return invoke(
        "new", "--date", "2022-02-01", "--title", "Border talks resume", "--outlet", "Daily Isles", *args
    )


def deleted_lines(before: str, after: str) -> int:
    """How many lines of `before` are gone from `after` (a changed line is not deleted)."""
    matcher = difflib.SequenceMatcher(a=before.split("\n"), b=after.split("\n"), autojunk=False)
    gone = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "delete":
            gone += a2 - a1
        elif op == "replace":
            gone += max(0, (a2 - a1) - (b2 - b1))
    return gone


def uncomment(lines: list[str], index: int) -> None:
    """Uncomment one line as an editor's toggle-comment does: drop the first '# '."""
    assert lines[index].lstrip().startswith("# "), lines[index]
    lines[index] = lines[index].replace("# ", "", 1)


def test_recording_an_article_deletes_no_line(invoke, isles):
    result = new(
        invoke,
        "--position",
        "north:border",
        "--position",
        "south:border",
        "--position",
        "north:fisheries",
        "--text",
        "sources/article.md",
    )
    assert result.exit_code == 0, result.output
    path = isles / "2022-02-01-daily-isles-border-talks-resume.yaml"
    scaffold = path.read_text(encoding="utf-8")
    assert scaffold == textwrap.dedent("""\
        # yaml-language-server: $schema=../.schemas/snapshot.schema.json
        date: 2022-02-01
        source:
          title: "Border talks resume"
          outlet: Daily Isles
          kind: news
          text: sources/article.md
        positions:
          - party: north
            issue: border
            stance: river  # River line - The border follows the river.
            summary:
            # quotes:
            #   - speaker: Northland
            #     text: "Northland could now accept a joint zone on the border, its negotiator said."
            #   - speaker: Anna Berg
            #     text: "\\"We keep the river line,\\" said Deputy Minister Anna Berg of Northland."
          - party: south
            issue: border
            stance: ridge  # Ridge line - The border follows the ridge.
            summary:
            # quotes:
            #   - speaker: Paul Roy
            #     text: "Southland insists the frontier must follow the ridge line, envoy Paul Roy said."
            #   - speaker: Roy
            #     text: "The ridge line is the only border Southland will sign."
          - party: north
            issue: fisheries
            stance: equal  # Equal shares
            summary:
            # quotes:
            #   - speaker: Berg
            #     text: "On fishing quotas, Northland still wants equal shares, Berg added."
            #   - speaker: Berg
            #     text: "We want equal shares of the fishing quotas."
        """)

    # The curator: moves North on the border, writes three summaries, keeps one candidate each.
    lines = scaffold.split("\n")
    moved = lines.index("    stance: river  # River line - The border follows the river.")
    lines[moved] = "    stance: joint"
    summaries = iter(
        [
            "Northland would now accept a joint zone.",
            "Southland still wants the ridge.",
            "Northland still wants equal shares.",
        ]
    )
    for i, line in enumerate(lines):
        if line == "    summary:":
            lines[i] = f"    summary: {next(summaries)}"
    for i in [i for i, line in enumerate(lines) if line == "    # quotes:"]:
        for j in (i, i + 1, i + 2):
            uncomment(lines, j)
    finished = "\n".join(lines)
    path.write_text(finished, encoding="utf-8")

    assert deleted_lines(scaffold, finished) == 0
    result = invoke("validate", "--quotes")
    assert result.stdout == "3 files checked: all valid\n", result.stdout
    result = invoke("sources")
    assert result.exit_code == 0, result.output
    assert (
        "positions/isles/2022-02-01-daily-isles-border-talks-resume.yaml: 3 verified "
        "(sources/article.md)\n" in result.stdout
    )
    result = invoke("diff", "--format", "json")
    assert '"new": "joint"' in result.stdout


def test_every_candidate_uncommented_verifies(invoke, isles):
    new(
        invoke,
        "-p",
        "north:border",
        "-p",
        "south:border",
        "-p",
        "north:fisheries",
        "--text",
        "sources/article.md",
    )
    path = isles / "2022-02-01-daily-isles-border-talks-resume.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    summary = "    summary: Written."
    lines = [summary if line == "    summary:" else line for line in lines]
    for i, line in enumerate(lines[1:], start=1):  # not the schema header
        if line.lstrip().startswith("# "):
            uncomment(lines, i)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = invoke("sources")
    assert result.exit_code == 0, result.output
    assert "6 verified (sources/article.md)" in result.stdout


def test_the_state_is_printed_with_labels_and_the_scale_of_each_pair(invoke, isles):
    result = new(invoke, "-p", "Nordby:border", "-p", "east:border")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "created positions/isles/2022-02-01-daily-isles-border-talks-resume"
        ".yaml\n\nPositions as of 2022-02-01:\n"
    )
    table = result.stdout.split("\n")[4:7]
    assert [line.split() for line in table] == [
        ["north", "border", "river", "(River", "line)", "joint", "(Joint", "zone)", "2022-01-10"],
        ["south", "border", "ridge", "(Ridge", "line)", "-", "2022-01-10"],
        ["north", "fisheries", "equal", "(Equal", "shares)", "-", "2022-01-10"],
    ]
    assert (
        "\nnorth:border: The border\n  * river: River line - The border follows the river.\n"
        "    joint: Joint zone - The land between is shared.\n" in result.stdout
    )
    assert "\neast:border: The border\n    river: River line" in result.stdout
    text = (isles / "2022-02-01-daily-isles-border-talks-resume.yaml").read_text(encoding="utf-8")
    # A party without a standing position gets an empty stance to fill, never a guess.
    assert text.endswith("  - party: east\n    issue: border\n    stance:\n    summary:\n")
    assert "red_line" not in text


def test_without_position_the_text_lists_the_pairs_it_addresses(invoke, isles):
    result = new(invoke, "--text", "sources/article.md")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n")[-2:] == [
        "The text seems to address (sentences naming the party and the issue):\n"
        "  --position north:border  (2 sentence(s))\n"
        "  --position south:border  (2 sentence(s))\n"
        "  --position north:fisheries  (2 sentence(s))",
        "next: add the positions this source states; then run redline validate and redline sources\n",
    ]
    text = (isles / "2022-02-01-daily-isles-border-talks-resume.yaml").read_text(encoding="utf-8")
    assert text.endswith("  text: sources/article.md\npositions: []\n")
    assert invoke("validate").stdout == "3 files checked: all valid\n"


def test_source_options_are_written_and_nothing_else(invoke, isles):
    result = invoke(
        "new",
        "--date",
        "2022-02-01",
        "--title",
        "Roy: no deal",
        "--author",
        "A. Writer",
        "--published",
        "2022-02-03",
        "--url",
        "https://isles.example/roy",
        "--kind",
        "transcript",
    )
    assert result.exit_code == 0, result.output
    text = (isles / "2022-02-01-roy-no-deal.yaml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../.schemas/snapshot.schema.json\n"
        'date: 2022-02-01\nsource:\n  title: "Roy: no deal"\n  author: A. Writer\n'
        "  url: https://isles.example/roy\n  published: 2022-02-03\n  kind: transcript\n"
        "positions: []\n"
    )
    assert parse_yaml(text, "x").data["source"]["published"] == "2022-02-03"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "nort:border"], "--position 'nort:border': unknown party 'nort'; did you mean 'north'?"),
        (["-p", "north:bordr"], "--position 'north:bordr': unknown issue 'bordr'; did you mean 'border'?"),
        (
            ["-p", "north:fishing-quotas"],
            "unknown issue 'fishing-quotas'; did you mean 'fisheries' (Fishing quotas)?",
        ),
        (["-p", "north"], "--position 'north' should be PARTY:ISSUE, e.g. north:border"),
        (["--published", "2022-02-31"], "--published '2022-02-31' is not a date as YYYY-MM-DD"),
        (["--author", " "], "--author must not be empty"),
    ],
)
def test_bad_options_are_usage_errors_and_write_nothing(invoke, isles, args, message):
    before = sorted(p.name for p in isles.iterdir())
    result = new(invoke, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("redline: error: ") and result.stderr.count("\n") == 1
    assert sorted(p.name for p in isles.iterdir()) == before


def test_a_scaffold_with_positions_is_invalid_until_each_summary_is_written(invoke, isles):
    new(invoke, "-p", "north:border")
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "positions/isles/2022-02-01-daily-isles-border-talks-resume.yaml:11:13: error: 'summary' "
        "should be a string, not nothing (null) (schema)\n"
        "3 files checked: 1 error(s) in 1 file(s), 0 warning(s)\n"
    )


def test_the_state_table_stacks_by_issue_when_it_does_not_fit():
    from redline.curate import Row, state_table

    rows = [
        Row("north", "border", "river (River line)", "river (River line)", "2022-01-10"),
        Row("south", "border", "ridge (Ridge line)", "-", "2022-01-10"),
        Row("north", "fisheries", "equal (Equal shares)", "-", "2022-01-10"),
    ]
    wide = state_table(rows)
    assert wide[0] == "party  issue      stance                red line            since"
    assert state_table(rows, width=max(len(line) for line in wide)) == wide
    assert state_table(rows, width=40) == [
        "border",
        "  north  river (River line); red line river (River line); since 2022-01-10",
        "  south  ridge (Ridge line); since 2022-01-10",
        "fisheries",
        "  north  equal (Equal shares); since 2022-01-10",
    ]


def test_a_text_that_is_not_utf8_is_one_error_line_and_nothing_written(invoke, isles):
    (isles / "sources" / "bad.md").write_bytes(b"caf\xe9\n")
    before = sorted(p.name for p in isles.iterdir())
    result = new(invoke, "--text", "sources/bad.md")
    assert result.exit_code == 1
    assert result.stderr == (
        "positions/isles/sources/bad.md:1:4: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8 "
        "(encoding)\nredline: error: --text 'sources/bad.md' cannot be read; nothing written\n"
    )
    assert sorted(p.name for p in isles.iterdir()) == before
