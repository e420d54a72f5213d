"""`redline init` and `redline new`: scaffolds that validate, carried positions, no clobbering.

The end-to-end test runs the curator's whole round, init -> new -> edit -> validate ->
diff, in a temporary folder, editing the scaffolds the way a person would: by
uncommenting lines.
"""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from conftest import DATASET, NEGOTIATION_YAML
from redline import fsutil
from redline.curate import scalar, slugify, snapshot_file_name
from redline.loading import parse_yaml


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty working folder, so that paths print as positions/..."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def dataset(here):
    """A copy of the bundled dataset under ./positions."""
    shutil.copytree(DATASET, here / "positions" / DATASET.name)
    return here / "positions" / DATASET.name


def uncomment(text: str, first: str, count: int) -> str:
    """Uncomment `count` lines from the line `first`, as an editor's toggle would ('# ')."""
    lines = text.split("\n")
    start = lines.index(first)
    for i in range(start, start + count):
        assert lines[i].startswith("# "), lines[i]
        lines[i] = lines[i][2:]
    return "\n".join(lines)


def use_positions(text: str) -> str:
    """Turn `positions: []` into `positions:`, as the scaffold's comment says."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("positions: []"))
    lines[i] = "positions:"
    return "\n".join(lines)


# --- init --------------------------------------------------------------------------


def test_init_writes_the_header_id_title_and_a_commented_example(invoke, here):
    result = invoke("init", "demo", "--title", "Demo talks: the border")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "created positions/demo/negotiation.yaml\n"
        "created positions/.schemas/negotiation.schema.json\n"
        "created positions/.schemas/snapshot.schema.json\n"
        "next: declare the parties and issues (see the commented example in the file), then run "
        "redline validate\n"
    )
    text = (here / "positions" / "demo" / "negotiation.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../.schemas/negotiation.schema.json\n"
        'id: demo\ntitle: "Demo talks: the border"\n'
    )
    assert parse_yaml(text, "x").data == {"id": "demo", "title": "Demo talks: the border"}
    assert sorted(p.name for p in (here / "positions" / "demo").iterdir()) == ["negotiation.yaml"]


def test_a_fresh_negotiation_fails_validate_with_a_clear_message(invoke, here):
    invoke("init", "demo", "--title", "Demo")
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "positions/demo/negotiation.yaml:2:1: error: missing required key 'parties' (schema)" in result.stdout
    )


def test_the_uncommented_example_is_a_valid_negotiation(invoke, here):
    invoke("init", "demo", "--title", "Demo")
    path = here / "positions" / "demo" / "negotiation.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n").index("# parties:")
    path.write_text(uncomment(text, "# parties:", len(text.split("\n")) - first - 1), encoding="utf-8")
    result = invoke("validate")
    assert result.stdout == "1 file checked: all valid\n"
    assert result.exit_code == 0


def test_init_refuses_an_existing_negotiation(invoke, here):
    invoke("init", "demo", "--title", "Demo")
    path = here / "positions" / "demo" / "negotiation.yaml"
    path.write_text("id: demo\n", encoding="utf-8")
    result = invoke("init", "demo", "--title", "Other")
    assert result.exit_code == 1
    assert result.stderr == (
        "redline: error: 'positions/demo/negotiation.yaml' already exists; not overwriting it\n"
    )
    assert path.read_text(encoding="utf-8") == "id: demo\n"


@pytest.mark.parametrize("name", ["Demo", "../x", "a/b", "_x", ""])
def test_init_rejects_a_bad_id(invoke, here, name):
    result = invoke("init", name, "--title", "Demo")
    assert result.exit_code == 2
    assert "is not valid: use lower case letters" in result.stderr
    assert not (here / "positions").exists()


def test_init_uses_root_option(invoke, here):
    result = invoke("init", "talks", "--title", "T", "--root", "data")
    assert result.exit_code == 0
    assert (here / "data" / "talks" / "negotiation.yaml").is_file()


# --- new ---------------------------------------------------------------------------


def test_new_refuses_an_existing_file_and_leaves_it_byte_for_byte(invoke, dataset):
    path = dataset / "2022-01-10-reuters-us-pushed-back-non-starters.yaml"
    before = path.read_bytes()
    result = invoke(
        "new", "--date", "2022-01-10", "--title", "x", "--slug", "reuters-us-pushed-back-non-starters"
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"redline: error: 'positions/{DATASET.name}/{path.name}' already "
        "exists; not overwriting it (edit it, or choose another --slug)\n"
    )
    assert path.read_bytes() == before
    assert not [p for p in dataset.iterdir() if p.name.startswith(".")]


def test_an_interrupted_write_leaves_nothing_behind(invoke, dataset, monkeypatch):
    def interrupted(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(fsutil.os, "link", interrupted)
    monkeypatch.setattr(fsutil.os, "replace", interrupted)
    before = sorted(p.name for p in dataset.iterdir())
    with pytest.raises(RuntimeError, match="power cut"):
        invoke("new", "--date", "2022-01-11", "--title", "Half", "--slug", "half")
    assert sorted(p.name for p in dataset.iterdir()) == before


def test_new_links_a_local_text(invoke, dataset):
    (dataset / "sources" / "x.md").write_text("Text.\n", encoding="utf-8")
    result = invoke(
        "new",
        "--date",
        "2022-01-11",
        "--title",
        "T",
        "--slug",
        "t",
        "--text",
        "sources/x.md",
        "--kind",
        "official",
    )
    assert result.exit_code == 0, result.output
    text = (dataset / "2022-01-11-t.yaml").read_text(encoding="utf-8")
    assert "\n  kind: official\n  text: sources/x.md\n" in text
    assert result.stdout.endswith("then run redline validate and redline sources\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2022-02-30", "--title", "T"], "--date '2022-02-30' is not a date as YYYY-MM-DD"),
        (["--date", "2022-01-11", "--title", " "], "--title must not be empty"),
        (["--date", "2022-01-11", "--title", "T", "--slug", "a/b"], "--slug 'a/b' is not valid"),
        (["--date", "2022-01-11", "--title", "T", "--slug", "x.yaml"], "--slug 'x.yaml' is not valid"),
        (["--date", "2022-01-11", "--title", "T", "--url", "www.x.org"], "--url 'www.x.org' is not"),
        (
            ["--date", "2022-01-11", "--title", "T", "--text", "../../x.md"],
            "--text: source text '../../x.md' points outside the negotiation folder",
        ),
        (
            ["--date", "2022-01-11", "--title", "T", "--text", "sources/none.md"],
            "--text: source text 'sources/none.md' does not exist",
        ),
    ],
)
def test_new_rejects_bad_options(invoke, dataset, args, message):
    before = sorted(p.name for p in dataset.iterdir())
    result = invoke("new", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(p.name for p in dataset.iterdir()) == before


def test_new_needs_date_and_title(invoke, dataset):
    result = invoke("new", "--title", "T")
    assert result.exit_code == 2
    assert "Missing option '--date'" in result.stderr
    result = invoke("new", "--date", "2022-01-11")
    assert result.exit_code == 2
    assert "Missing option '--title'" in result.stderr


def test_new_refuses_invalid_data(invoke, dataset):
    (dataset / "2022-01-11-bad.yaml").write_text("date: [\n", encoding="utf-8")
    result = invoke("new", "--date", "2022-01-12", "--title", "T")
    assert result.exit_code == 1
    assert "fix them first" in result.stderr


# --- the curator's round -----------------------------------------------------------


def test_init_new_edit_validate_diff(invoke, here):
    assert invoke("init", "demo", "--title", "Demo talks").exit_code == 0
    folder = here / "positions" / "demo"
    (folder / "negotiation.yaml").write_text(NEGOTIATION_YAML, encoding="utf-8")

    # The first article: North asks for line A, South for line D. Without --position the
    # scaffold has an empty list and is valid as written; it stays valid once positions are added.
    assert (
        invoke(
            "new", "demo", "--date", "2022-01-10", "--title", "Talks open", "--outlet", "Gazette"
        ).exit_code
        == 0
    )
    first = folder / "2022-01-10-gazette-talks-open.yaml"
    text = first.read_text(encoding="utf-8")
    assert text.endswith("  kind: news\npositions: []\n")
    assert invoke("validate").exit_code == 0
    text = text.replace(
        "positions: []\n",
        "positions:\n"
        "  - {party: north, issue: border, stance: a, summary: North wants line A.}\n"
        "  - {party: south, issue: border, stance: d, summary: South wants line D.}\n",
    )
    first.write_text(text, encoding="utf-8")
    result = invoke("validate")
    assert result.stdout == "2 files checked: all valid\n"

    # The second article: North moves to line B; South is not mentioned.
    assert (
        invoke(
            "new",
            "demo",
            "--date",
            "2022-01-20",
            "--title",
            "North gives ground",
            "--kind",
            "official",
            "--position",
            "north:border",
        ).exit_code
        == 0
    )
    second = folder / "2022-01-20-north-gives-ground.yaml"
    text = second.read_text(encoding="utf-8")
    assert text.endswith(
        "positions:\n  - party: north\n    issue: border\n    stance: a  # Line A\n    summary:\n"
    )
    text = text.replace("stance: a  # Line A", "stance: b").replace(
        "summary:\n", "summary: North now accepts line B.\n"
    )
    second.write_text(text, encoding="utf-8")
    result = invoke("validate")
    assert result.stdout == "3 files checked: all valid\n"

    result = invoke("diff", "demo", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2022-01-10", "2022-01-20")
    assert [(c["party"], c["issue"], c["kind"], c["old"], c["new"], c["steps"]) for c in data["changes"]] == [
        ("north", "border", "stance", "a", "b", 1)
    ]


# --- pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("U.S.-Russia Conclude 'Difficult' Geneva Talks", "u-s-russia-conclude-difficult-geneva-talks"),
        ("Путин: НАТО", "source"),
        ("Élysée readout — Macron/Putin call", "elysee-readout-macron-putin-call"),
        ("A " * 40, "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a"),
        ("Supercalifragilisticexpialidocious" * 3, ("supercalifragilisticexpialidocious" * 3)[:50]),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug
    assert snapshot_file_name(date(2022, 1, 1), slug) == f"2022-01-01-{slug}.yaml"


@pytest.mark.parametrize(
    "value",
    [
        "U.S. Department of State",
        "yes",
        "null",
        "12",
        "a: b",
        "#x",
        "x #y",
        "[x]",
        "'q'",
        '"q"',
        "@me",
        "tab\there",
        "-",
        "~",
        "https://x.org/a?b=c#d",
        "line\nbreak",
        "back\\slash",
        "",
    ],
)
def test_scalar_reads_back_as_the_same_string(value):
    assert parse_yaml(f"k: {scalar(value)}\n", "x").data == {"k": value}


def test_aliases_are_accepted_only_when_the_negotiation_says_so(invoke, demo, monkeypatch):
    monkeypatch.chdir(demo.root.parent)
    demo.write(
        "2022-01-10-src.yaml",
        (
            "date: 2022-01-10\nsource: {title: T, kind: news}\npositions:\n"
            "  - {party: Capital N, issue: border, stance: a, summary: S.}\n"
            "  - {party: south, issue: bordr, stance: a, summary: S.}\n"
            "  - {party: south, issue: border, stance: line-b, summary: S.}\n"
        ),
    )
    result = invoke("validate")
    assert result.stdout == (
        "positions/demo/2022-01-10-src.yaml:4:13: error: unknown party 'Capital N'; did you mean "
        "'north'? (unknown-party)\n"
        "positions/demo/2022-01-10-src.yaml:5:27: error: unknown issue 'bordr'; did you mean "
        "'border'? (unknown-issue)\n"
        "positions/demo/2022-01-10-src.yaml:6:43: error: stance 'line-b' is not a point on the "
        "scale of 'border'; the scale is: a, b, c, d (off-scale)\n"
        "2 files checked: 3 error(s) in 1 file(s), 0 warning(s)\n"
    )
    negotiation = demo.path / "negotiation.yaml"
    negotiation.write_text(
        NEGOTIATION_YAML.replace("title: Demo talks\n", "title: Demo talks\naccept_aliases: true\n"),
        encoding="utf-8",
    )
    result = invoke("validate")
    assert "unknown-party" not in result.stdout
    assert result.stdout.count("error:") == 2
