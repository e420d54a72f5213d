"""Every console example in README.md and docs/*.md is run, and its output compared (issue 18).

A ```console block holds `$ redline ...` lines (a trailing `\\` continues one), each
followed by its output as printed at 80 columns off a terminal, without colour. The
output must match line for line, trailing spaces aside; a line `...` in the docs stands
for any number of lines. Paths of the temporary folder are the only thing normalised.

Each block runs in a fresh folder holding a copy of the bundled `positions/` (the working
directory, so paths read `positions/...`). An HTML comment just above a block changes
that; it names one or more of these setups, separated by commas:

    <!-- example: empty folder -->        an empty folder instead (for `redline init`)
    <!-- example: continues -->           the folder the previous block of the page left
    <!-- example: git repository -->      the folder is a git repository: the positions
                                          committed on `main` and tagged `v1.2`
    <!-- example: source text saved -->   the Blinken–Lavrov transcript of docs/curation.md
                                          saved in the negotiation's sources/ folder
    <!-- example: quote recorded -->      the snapshot scaffolded by `redline new` gets, from
                                          its `positions:` line on, the page's previous ```yaml block
    <!-- example: quote fixed -->         that quote corrected to the source's words
    <!-- example: synopsis -->            the block shows invocations, not output: each
                                          `redline` command must exit 0; others (pandoc) are
                                          not run

A command may end in a comment; one that starts with "after" names an edit, from EDITS
below, made just before the command runs (`$ redline validate   # after a careless edit`).

`REDLINE_UPDATE_DOCS=1 python -m pytest tests/test_docs_examples.py` rewrites the output
of every example in place (keeping the `...` of elided blocks where they still fit);
review the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, POSITIONS, ROOT
from redline.cli import app

UPDATE = os.environ.get("REDLINE_UPDATE_DOCS") == "1"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = re.compile(r"<!--\s*example:\s*(.*?)\s*-->")
TRANSCRIPT = FIXTURES / "docs" / "2022-01-21-blinken-lavrov-before-meeting.md"
NEW_SNAPSHOT = "positions/us-russia-2022/2022-01-21-blinken-lavrov-before-meeting.yaml"


@dataclass
class Command:
    text: list[str]  # the lines as written, `$ ` included
    output: list[str]

    @property
    def argv(self) -> list[str]:
        words = shlex.split(" ".join(line.removeprefix("$ ").rstrip("\\") for line in self.text))
        return words[: words.index("#")] if "#" in words else words

    @property
    def comment(self) -> str:
        words = shlex.split(" ".join(line.removeprefix("$ ").rstrip("\\") for line in self.text))
        return " ".join(words[words.index("#") + 1 :]) if "#" in words else ""


@dataclass
class Block:
    page: Path
    start: int  # index of the first line inside the fence
    end: int  # index of the closing fence
    setups: list[str]
    commands: list[Command]
    yaml_before: str = ""  # the page's latest ```yaml block above this one
    lines: list[str] = field(default_factory=list)


def parse(page: Path) -> list[Block]:
    """The console blocks of `page` that run `redline` (output-only blocks illustrate)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks, yaml_text, i = [], "", 0
    while i < len(lines):
        fence = lines[i].strip()
        ticks = len(fence) - len(fence.lstrip("`"))
        if ticks < 3:
            i += 1
            continue
        end = next(
            j
            for j in range(i + 1, len(lines))
            if lines[j].strip()
            and lines[j].strip() == "`" * len(lines[j].strip())
            and len(lines[j].strip()) >= ticks
        )
        body = lines[i + 1 : end]
        if fence == "```yaml":
            yaml_text = "\n".join(body) + "\n"
        elif fence == "```console" and any(line.startswith("$ redline") for line in body):
            above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            marker = MARKER.fullmatch(above.strip())
            setups = [s.strip() for s in marker.group(1).split(",")] if marker else []
            blocks.append(Block(page, i + 1, end, setups, _commands(body), yaml_text, body))
        i = end + 1
    return blocks


def _commands(body: list[str]) -> list[Command]:
    commands: list[Command] = []
    continued = False
    for line in body:
        if line.startswith("$ ") or continued:
            if not continued:
                commands.append(Command([], []))
            commands[-1].text.append(line)
            continued = line.endswith("\\")
        elif commands:
            commands[-1].output.append(line)
    return commands


# ---- setups and edits -------------------------------------------------------------


def _git(folder: Path, *args: str) -> None:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(
        ["git", "-c", "user.name=docs", "-c", "user.email=docs@example.org", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )


def _git_repository(folder: Path, block: Block) -> None:
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "positions"],
        ["tag", "v1.2"],
    ):
        _git(folder, *args)


def _source_text_saved(folder: Path, block: Block) -> None:
    shutil.copy(TRANSCRIPT, folder / "positions/us-russia-2022/sources" / TRANSCRIPT.name)


def _quote_recorded(folder: Path, block: Block) -> None:
    path = folder / NEW_SNAPSHOT
    text = path.read_text(encoding="utf-8")
    start = re.search(r"^positions:", text, re.MULTILINE)
    assert start is not None, f"{path.name} has no positions: line"
    path.write_text(text[: start.start()] + block.yaml_before, encoding="utf-8")


def _quote_fixed(folder: Path, block: Block) -> None:
    path = folder / NEW_SNAPSHOT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("What we expect are", "What we expect is"), encoding="utf-8")


SETUPS: dict[str, Callable[[Path, Block], None]] = {
    "empty folder": lambda folder, block: None,
    "continues": lambda folder, block: None,
    "synopsis": lambda folder, block: None,
    "git repository": _git_repository,
    "source text saved": _source_text_saved,
    "quote recorded": _quote_recorded,
    "quote fixed": _quote_fixed,
}


def _careless_edit(folder: Path) -> None:
    path = folder / "positions/us-russia-2022/2022-01-14-rt-lavrov-written-answers.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("- party: russia", "- party: Moscow", 1)
    path.write_text(text.replace("stance: legally-binding-ban", "stance: ban", 1), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {"after a careless edit": _careless_edit}


# ---- running and comparing ---------------------------------------------------------


def run(command: Command, folder: Path) -> tuple[list[str], int]:
    if command.comment.startswith("after "):
        assert command.comment in EDITS, f"unknown edit {command.comment!r}: add it to EDITS"
        EDITS[command.comment](folder)
    result = CliRunner().invoke(app, command.argv[1:], catch_exceptions=False)
    output = result.output.replace(f"{folder}/", "").replace(str(folder), ".")
    return [line.rstrip() for line in output.splitlines()], result.exit_code


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` reads as `expected`, where a line `...` stands for any lines."""
    pattern = "\n".join(".*?" if line == "..." else re.escape(line.rstrip()) for line in expected)
    pattern = pattern.replace("\n.*?\n", "(?:\n.*?)?\n")
    pattern = re.sub(r"^\.\*\?\n", "(?:.*?\n)?", pattern)
    pattern = re.sub(r"\n\.\*\?$", "(?:\n.*?)?", pattern)
    return re.fullmatch(pattern, "\n".join(actual), re.DOTALL) is not None


def updated(expected: list[str], actual: list[str]) -> list[str]:
    """`actual`, keeping the `...` of `expected`: lines the docs left out stay left out.

    Each run of lines between two `...` is laid where it best matches the actual output
    (after the previous run); what lies between two runs becomes `...` again.
    """
    if "..." not in expected:
        return actual
    runs = "\n".join(expected).split("...")
    segments = [run.strip("\n").split("\n") if run.strip("\n") else [] for run in runs]
    out: list[str] = []
    pos = 0
    for n, segment in enumerate(segments):
        if not segment:
            continue
        last = len(actual) - len(segment)
        if n == 0:
            starts = [0]
        elif n == len(segments) - 1:  # the output ends with the last run
            starts = [max(pos, last)]
        else:
            starts = list(range(pos, max(pos, last) + 1))

        def score(at: int, segment: list[str] = segment) -> float:
            return sum(
                difflib.SequenceMatcher(a=x, b=y).ratio()
                for x, y in zip(segment, actual[at : at + len(segment)], strict=False)
            )

        start = max(starts, key=score)
        size = len(segment)
        if n < len(segments) - 1:  # rewrapped output may take a line or two more, or less
            sizes = range(max(1, size - 2), min(size + 2, len(actual) - start) + 1)
            size = max(
                sizes,
                key=lambda k: difflib.SequenceMatcher(
                    a="\n".join(segment), b="\n".join(actual[start : start + k])
                ).ratio(),
            )
        if n > 0 and out[-1:] != ["..."]:
            out.append("...")
        out += actual[start : start + size]
        pos = start + size
    if not segments[-1] and out[-1:] != ["..."]:
        out.append("...")
    return out


def workspace(block: Block, tmp: Path, previous: Path | None) -> Path:
    if "continues" in block.setups:
        assert previous is not None, "'continues' needs an earlier block on the page"
        folder = previous
    else:
        folder = tmp / f"block-{block.start}"
        folder.mkdir()
        if "empty folder" not in block.setups:
            shutil.copytree(POSITIONS, folder / "positions")
    for name in block.setups:
        assert name in SETUPS, f"unknown setup {name!r} in {block.page.name}: add it to SETUPS"
        SETUPS[name](folder, block)
    return folder


@pytest.mark.parametrize("page", [p for p in PAGES if parse(p)], ids=lambda p: p.name)
def test_console_examples(page, tmp_path, monkeypatch):
    monkeypatch.delenv("REDLINE_ROOT", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    lines = page.read_text(encoding="utf-8").splitlines()
    failures, folder = [], None
    rewritten: list[tuple[Block, list[str]]] = []
    for block in parse(page):
        folder = workspace(block, tmp_path, folder)
        monkeypatch.chdir(folder)
        body: list[str] = []
        for command in block.commands:
            body += command.text
            if command.argv[0] != "redline":
                assert "synopsis" in block.setups, f"{command.argv[0]}: only redline is run"
                continue
            actual, code = run(command, folder)
            if "synopsis" in block.setups:
                assert code == 0, f"{page.name}:{block.start}: {command.text[0]}\n" + "\n".join(actual)
                continue
            if not matches(command.output, actual):
                failures.append(
                    f"{page.name}:{block.start + 1}: {command.text[0]}\n"
                    + "\n".join(difflib.unified_diff(command.output, actual, "docs", "actual", lineterm=""))
                )
            body += updated(command.output, actual)
        rewritten.append((block, body))
    if UPDATE and failures:
        for block, body in reversed(rewritten):  # from the end: earlier indices hold
            lines[block.start : block.end] = body
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert not failures, "\n\n".join(failures) + "\n\n(REDLINE_UPDATE_DOCS=1 rewrites them)"


def test_markers_name_known_setups():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for marker in MARKER.findall(text):
            assert all(s.strip() in SETUPS for s in marker.split(",")), (page.name, marker)


def test_the_parser_reads_commands_continuations_and_output(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "\n".join(
            [
                "```yaml",
                "a: 1",
                "```",
                "<!-- example: continues, synopsis -->",
                "",
                "```console",
                "$ redline new x --date 2022-01-01 \\",
                "    --title 'Two words'",
                "created x",
                "$ redline validate   # after a careless edit",
                "1 file checked",
                "...",
                "```",
                "```console",
                "output only, not an example",
                "```",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    [block] = parse(page)
    assert block.setups == ["continues", "synopsis"] and block.yaml_before == "a: 1\n"
    first, second = block.commands
    assert first.argv == ["redline", "new", "x", "--date", "2022-01-01", "--title", "Two words"]
    assert first.output == ["created x"]
    assert (second.argv, second.comment) == (["redline", "validate"], "after a careless edit")
    assert second.output == ["1 file checked", "..."]


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "b "], ["a", "b"], True),
        (["a", "b"], ["a", "c"], False),
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "d"], ["a", "d"], True),
        (["...", "c"], ["a", "b", "c"], True),
        (["a", "..."], ["a", "b"], True),
        (["a", "...", "d"], ["a", "b", "c"], False),
        ([], [], True),
        ([], ["a"], False),
    ],
)
def test_ellipsis_matching(expected, actual, ok):
    assert matches(expected, actual) is ok


def test_update_keeps_the_ellipsis_where_lines_were_left_out():
    assert updated(["a", "...", "d"], ["a", "b", "c", "D"]) == ["a", "...", "D"]
    assert updated(["x", "y"], ["x", "z"]) == ["x", "z"]
    assert updated(["...", "c", "..."], ["a", "c2", "e"]) == ["...", "c2", "..."]
    rewrapped = ["x", "a long line that", "wraps", "y"]
    assert updated(["...", "a long line that wraps", "..."], rewrapped) == [
        "...",
        "a long line that",
        "wraps",
        "...",
    ]


# ---- JSON examples -----------------------------------------------------------------
# A ```json block under `<!-- output of: redline ... -->` abbreviates that command's
# output on the bundled data: every value it shows must be the real one, where "..."
# stands for any value, a key "..." for the keys not shown, and a list for its first items.

OUTPUT_OF = re.compile(r"<!--\s*output of:\s*(redline .*?)\s*-->\n+```json\n(.*?)\n```", re.DOTALL)


def fits(doc: object, actual: object, at: str = "") -> list[str]:
    """Where `actual` differs from the abbreviated `doc` (empty when it fits)."""
    if doc == "...":
        return []
    if isinstance(doc, dict):
        if not isinstance(actual, dict):
            return [f"{at}: {actual!r} is not an object"]
        return [
            f"{at}.{key}: missing" if key not in actual else problem
            for key, value in doc.items()
            if key != "..."
            for problem in (fits(value, actual[key], f"{at}.{key}") if key in actual else [""])
        ]
    if isinstance(doc, list):
        if not isinstance(actual, list) or len(actual) < len(doc):
            return [f"{at}: {actual!r} is not a list of {len(doc)} or more"]
        pairs = enumerate(zip(doc, actual[: len(doc)], strict=True))
        return [p for n, (d, a) in pairs for p in fits(d, a, f"{at}[{n}]")]
    return [] if doc == actual else [f"{at}: the docs say {doc!r}, redline prints {actual!r}"]


JSON_EXAMPLES = [
    (page, m.group(1), m.group(2))
    for page in PAGES
    for m in OUTPUT_OF.finditer(page.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(
    ("page", "command", "example"), JSON_EXAMPLES, ids=[f"{p.name}:{c}" for p, c, _ in JSON_EXAMPLES]
)
def test_json_examples(page, command, example, monkeypatch, invoke):
    import json

    monkeypatch.chdir(POSITIONS.parent)
    result = invoke(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert fits(json.loads(example), json.loads(result.stdout)) == []


def test_abbreviated_json_fits_only_what_it_says():
    actual = {"a": 1, "b": [{"c": 2}, {"c": 3}], "d": {"e": "x"}}
    assert fits({"a": 1, "b": [{"c": 2}], "...": "the rest"}, actual) == []
    assert fits({"a": "...", "d": {"...": "..."}}, actual) == []
    assert fits({"a": 2}, actual) == [".a: the docs say 2, redline prints 1"]
    assert fits({"z": 1}, actual) == [".z: missing"]
    assert fits({"b": [{"c": 3}]}, actual) == [".b[0].c: the docs say 3, redline prints 2"]
