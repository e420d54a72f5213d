"""Hostile text in valid data, through every command and every output format.

A copy of the bundled dataset gets a hostile string in every free-text field (the
negotiation's title, description, party names and aliases, issue titles, descriptions,
scale labels and descriptions; each snapshot's source title, outlet and author,
summaries, quote speakers and texts, reported summaries and quotes, event titles),
written as YAML double-quoted strings with escapes, so that the files stay valid.
Then `report`, `diff` and `timeline` (text, markdown, JSON), `brief`, and `review`
(markdown, github, JSON, text; in a git repository holding the clean copy) run on it:

- text output holds no raw control character (ESC, BEL, C1), no bidi override or
  zero-width character, and shows rich markup such as `[bold]` literally;
- markdown, parsed with markdown-it-py, has no HTML from the data, tables that keep
  their column counts, no `@mention` or `#123` reference left whole, one review marker,
  and every `<details>` closed by redline's own `</details>`;
- JSON carries every hostile string exactly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DATASET, parse_markdown, walk_tokens
from redline.cli import app
from redline.loading import parse_yaml
from test_brief import check_gantt

# Every kind of hostile text of the issue's point 2, one string each.
HOSTILE = [
    "[bold]loud[/bold] [/] [link=https://evil.example/]click[/link] [red on white]x[/]",
    "\x1b[31mred\x1b[0m \x1b[2J\x1b[H cleared \x1b[1A\x1b[K",
    "\x1b]8;;https://evil.example/\x07a link\x1b]8;;\x07 \x1b]0;window title\x07 "
    "\x1b]52;c;cm0gLXJmIH4=\x1b\\ \x9b31m C1 CSI \x90 DCS \x9c",
    "\u202egnp.exe\u202c \u2066isolated\u2069 \u200fRLM zero\u200bwidth\u200c\u200d\u2060\ufeff"
    " soft\xadhyphen tag\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065 smuggled"
    " filler\u3164",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> </details> </summary> <!-- hidden "
    "--> &amp; &lt; <b>bold</b>",
    "**bold** _em_ `code` ``` [link](https://evil.example/) ![img](https://evil.example/x.png) "
    "| a | b | ~~gone~~ \\ <https://evil.example/> # heading",
    "```mermaid\ngraph TD; A-->B; click A call alert()\n``` %%{init: {'theme': 'dark'}}%% ; : # -->",
    "@everyone @here @org/team #123 GH-123 owner/repo#45",
    "line one\nline two\r\nline three\rline four\u2028line five\u2029line six\x85seven\tTAB",
    "- not a list\n# not a heading\n> not a quote\n1. not a list\n    not code\n===\n|x|y|\n|-|-|",
    # (Long enough to wrap and fold anywhere; longer only slows review's character-level
    # quote similarity, which is quadratic.)
    "very long " + "w" * 300 + " " + "word " * 300,
]
PLAIN_MARKERS = ["[bold]", "[/]", "[link=https://evil.example/]"]
# Characters that must never reach a terminal as they are.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\u2028\u2029\u3164"
    "\U000e0000-\U000e007f]"
)
MARKER = "<!-- redline-review -->"


# ---------------------------------------------------------------- writing YAML


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar for any text: printable ASCII as is, the rest escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return _quoted(value)


def to_yaml(value: Any, indent: int = 0) -> list[str]:
    """Block YAML for plain values, every string double-quoted."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += to_yaml(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {'{}' if item == {} else '[]' if item == [] else _scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = to_yaml(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


# ---------------------------------------------------------------- the hostile copy


class Injector:
    """Puts the hostile strings into fields in turn, and remembers what went where."""

    def __init__(self) -> None:
        self.turn = 0
        self.values: set[str] = set()

    def __call__(self, original: str | None = None) -> str:
        hostile = HOSTILE[self.turn % len(HOSTILE)]
        self.turn += 1
        value = f"{hostile} ({original})" if original else hostile
        self.values.add(value)
        return value


def hostile_negotiation(data: dict[str, Any], put: Injector) -> dict[str, Any]:
    data["title"] = " ".join(HOSTILE)  # every kind at once, where every renderer shows it
    put.values.add(data["title"])
    data["description"] = put(data.get("description"))
    for party in data["parties"]:
        party["name"] = put(party["name"])
        party["aliases"] = [*party.get("aliases", []), put()]
    for issue in data["issues"]:
        issue["title"] = put(issue["title"])
        issue["description"] = put(issue.get("description"))
        for point in issue["scale"]:
            point["label"] = put(point["label"])
            point["description"] = put(point.get("description"))
    return data


def hostile_snapshot(data: dict[str, Any], put: Injector) -> dict[str, Any]:
    source = data["source"]
    for key in ("title", "outlet", "author"):
        source[key] = put(source.get(key))
    for position in data["positions"]:
        position["summary"] = put(position.get("summary"))
        for quote in position.get("quotes", []):
            quote["speaker"], quote["text"] = put(quote["speaker"]), put(quote["text"])
    for reported in data.get("reported", []):
        reported["summary"] = put(reported.get("summary"))
        if reported.get("quote"):
            reported["quote"] = {
                "speaker": put(reported["quote"]["speaker"]),
                "text": put(reported["quote"]["text"]),
            }
    for event in data.get("events", []):
        event["title"] = put(event["title"])
    return data


def write_hostile(folder: Path) -> Injector:
    """Rewrite every file of a copy of the dataset with hostile text; return what went in."""
    put = Injector()
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        schema_line = text.splitlines()[0]
        data = parse_yaml(text, path.name).data
        if path.name == "negotiation.yaml":
            data = hostile_negotiation(data, put)
        else:
            data = hostile_snapshot(data, put)
        path.write_text("\n".join([schema_line, *to_yaml(data)]) + "\n", encoding="utf-8")
    return put


def copy_dataset(target: Path) -> Path:
    shutil.copytree(DATASET, target, ignore=shutil.ignore_patterns("sources"))
    return target


# ---------------------------------------------------------------- running the commands

COMMANDS = {
    "report": ["report"],
    "diff": ["diff", "us-russia-2022", "--from", "2021-12-07", "--all"],
    "timeline": ["timeline"],
}


def run(args: list[str], env: dict[str, str | None]) -> Any:
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output[-2000:])
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Any]:
    """Outputs of every command and format on the hostile dataset, computed once."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "positions"
    put = write_hostile(copy_dataset(root / "us-russia-2022"))
    env = {
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "REDLINE_ROOT": str(root),
        "REDLINE_CACHE_DIR": str(base / "cache"),
    }
    check = run(["validate"], env)
    assert check.stdout.endswith(": all valid\n"), check.stdout[-3000:]
    outputs: dict[str, Any] = {"values": put.values}
    for name, args in COMMANDS.items():
        for fmt in ("text", "markdown", "json"):
            outputs[name, fmt] = run([*args, "--format", fmt], env).stdout
    outputs["brief", "markdown"] = run(["brief"], env).stdout
    outputs["brief-since", "markdown"] = run(["brief", "--since", "2021-12-07"], env).stdout
    return outputs


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> dict[str, str]:
    """`review --base HEAD` in every format: the clean dataset committed, the hostile edit not."""
    repo = tmp_path_factory.mktemp("review")
    config = repo.parent / f"{repo.name}-gitconfig"
    config.write_text("", encoding="utf-8")
    env: dict[str, str | None] = {
        "GIT_AUTHOR_NAME": "R",
        "GIT_AUTHOR_EMAIL": "r@example.org",
        "GIT_COMMITTER_NAME": "R",
        "GIT_COMMITTER_EMAIL": "r@example.org",
        "GIT_AUTHOR_DATE": "2022-02-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2022-02-01T12:00:00+00:00",
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
        "COLUMNS": "200",
        "REDLINE_ROOT": None,
        "REDLINE_CACHE_DIR": str(repo.parent / f"{repo.name}-cache"),
    }
    git_env = {k: v for k, v in env.items() if v is not None}

    def git(*args: str) -> None:
        subprocess.run(
            ["git", *args], cwd=repo, check=True, capture_output=True, env={**_os_environ(), **git_env}
        )

    git("init", "-q", "-b", "main")
    folder = copy_dataset(repo / "positions" / "us-russia-2022")
    git("add", "-A")
    git("commit", "-q", "-m", "clean")
    write_hostile(folder)
    outputs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(repo)
        for fmt in ("markdown", "github", "json", "text"):
            result = CliRunner().invoke(
                app, ["review", "--base", "HEAD", "--format", fmt], env=env, catch_exceptions=False
            )
            # 1: the edited snapshots name stored texts, which the copy leaves out, so their
            # new quotes cannot be checked (review checks changed quotes like validate --quotes)
            assert result.exit_code == 1, result.output[-2000:]
            assert "source-text-missing" in result.stdout
            assert "Traceback" not in result.output
            outputs[fmt] = result.stdout
    return outputs


def _os_environ() -> dict[str, str]:
    import os

    return dict(os.environ)


# ---------------------------------------------------------------- checks


def check_terminal(text: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"raw {found.group()!r} at {text[max(0, found.start() - 60) : found.end() + 20]!r}"
    for marker in PLAIN_MARKERS:
        assert marker in text, marker


parse = parse_markdown
walk = walk_tokens


def check_markdown(text: str, *, review: bool = False) -> list:
    tokens = parse(text)
    # redline's own line breaks in table cells are the only inline HTML outside the review.
    html = [
        t.content for t in walk(tokens) if t.type in ("html_inline", "html_block") and t.content != "<br>"
    ]
    # redline's own HTML: the review's marker and <details>/<summary>/<sub>/<b> wrappers.
    own = re.compile(
        r"^(<!-- redline-review -->|</?details( open)?>|</?summary>|</?sub>|</?b>"
        r"|<details( open)?><summary>.*</summary>)\s*$",
        re.S,
    )
    if review:
        for fragment in html:
            for line in fragment.strip().splitlines():
                assert own.match(line.strip()) or _summary_line_ok(line), line[:300]
    else:
        assert html == [], html[:3]
    # Tables keep their column counts.
    widths: list[int] = []
    for token in tokens:
        if token.type == "table_open":
            widths = []
        elif token.type == "tr_open":
            widths.append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1] += 1
        elif token.type == "table_close":
            assert len(set(widths)) == 1, widths
    # No mention and no issue reference survives: @ and # are followed by a zero-width space.
    assert not re.search(r"(?<![\w&])@(?=[\w-])", text), re.search(r".{0,40}@\w.{0,20}", text)
    assert not re.search(r"(?<![&\w])#\d", text)
    for token in walk(tokens):
        if token.type == "text":
            assert not re.search(r"(?<!\w)@[\w-]", token.content), token.content[:200]
            assert not re.search(r"(?<![\w&])#\d", token.content)
    # Nothing from the data became a link, an image, code or a heading.
    kinds = {t.type for t in walk(tokens)}
    assert "image" not in kinds
    links = [t for t in walk(tokens) if t.type == "link_open"]
    assert all("evil.example" not in (t.attrs.get("href") or "") for t in links)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            assert not tokens[i + 1].content.startswith(("not a heading", "heading")), tokens[i + 1].content[
                :80
            ]
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open", "code_block", "hr"):
            following = tokens[i + 1].content if i + 1 < len(tokens) else ""
            assert not following.startswith(("not a", "===")), following[:80]
    lines = text.splitlines()
    # redline's own block quotes (the brief's quotes, also inside a list item, and the
    # review's truncation notice) and the brief's one divider before its annex.
    bad = [
        (t.type, lines[t.map[0]][:120] if t.map else "")
        for t in tokens
        if t.type == "code_block"
        or (t.type == "hr" and lines[t.map[0]] != "---")
        or (
            t.type == "blockquote_open"
            and t.map
            and not lines[t.map[0]].lstrip(" ").startswith(("> “", "> ⚠️"))
        )
    ]
    assert [t.type for t in tokens].count("hr") <= 1
    assert not bad, bad[:3]
    return tokens


def _summary_line_ok(line: str) -> bool:
    """A <details><summary>...</summary> line of the review, its data made entities."""
    match = re.fullmatch(r"<details( open)?><summary>(?P<inner>.*)</summary>", line.strip())
    return bool(match) and "<" not in re.sub(r"</?b>", "", match.group("inner"))


def json_strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return [value] if isinstance(value, str) else []


# ---------------------------------------------------------------- tests: report, diff, timeline


@pytest.mark.parametrize("command", list(COMMANDS))
def test_text_output_shows_data_literally_and_neutralises_control(hostile, command):
    text = hostile[command, "text"]
    check_terminal(text)
    assert "\\x1b[31mred\\x1b[0m" in text  # the escape made visible, not dropped
    assert "\\u202e" in text


@pytest.mark.parametrize("command", list(COMMANDS))
def test_markdown_output_keeps_its_structure(hostile, command):
    text = hostile[command, "markdown"]
    tokens = check_markdown(text)
    assert RAW_CONTROL.search(text) is None
    titles = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert len(titles) == 1  # the data's '# heading' and newlines made no new heading


@pytest.mark.parametrize("command", list(COMMANDS))
def test_json_output_round_trips_every_hostile_string(hostile, command):
    data = json.loads(hostile[command, "json"])
    strings = json_strings(data)
    if command == "report":
        assert data["title"] == " ".join(HOSTILE)
        carried = [s for s in strings if s in hostile["values"]]
        assert carried, "no injected value in the report"
        for hostile_text in HOSTILE:
            assert any(hostile_text in s for s in carried), hostile_text[:40]
    elif command == "diff":
        summaries = [c["new"] for c in data["changes"] if c["kind"] == "summary"]
        assert summaries and all(s in hostile["values"] for s in summaries)
        kinds = {h for h in HOSTILE for s in summaries if h in s}
        assert len(kinds) >= 3, kinds
    else:
        sources = {p["source"] for s in data["series"] for p in s["points"]}
        assert sources  # the timeline carries file paths, not free text
    # Nothing was escaped on the way.
    assert not any("&#8203;" in s or "\\u202e" in s for s in strings)


def test_report_json_positions_carry_their_snapshot_text_exactly(hostile):
    data = json.loads(hostile["report", "json"])
    for issue in data["issues"]:
        assert issue["title"] in hostile["values"]
        for position in issue["positions"]:
            assert position["summary"] in hostile["values"]
            assert position["source"]["title"] in hostile["values"]
            for quote in position["quotes"]:
                assert quote["speaker"] in hostile["values"]
                assert quote["text"] in hostile["values"]


# ---------------------------------------------------------------- tests: brief


@pytest.mark.parametrize("which", ["brief", "brief-since"])
def test_brief_keeps_its_structure(hostile, which):
    text = hostile[which, "markdown"]
    tokens = check_markdown(text)
    assert RAW_CONTROL.search(text) is None
    h1 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1 and h1[0].startswith("Briefing: ")
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h2[0] == "Bottom line" and h2[-1] == "Sources"
    fences = [t for t in tokens if t.type == "fence"]
    assert fences and all(t.info == "mermaid" for t in fences)
    for fence in fences:  # the data's ``` and Mermaid directives stay words in the labels
        assert check_gantt(fence.content)


def test_brief_shows_rich_markup_and_html_as_text(hostile):
    tokens = parse(hostile["brief", "markdown"])
    seen = " ".join(t.content for t in walk(tokens) if t.type == "text")
    assert "[bold]loud[/bold]" in seen
    assert "<script>alert(1)</script>" in seen
    assert "</details>" in seen


# ---------------------------------------------------------------- tests: review


def test_review_markdown_keeps_its_structure(reviewed):
    text = reviewed["markdown"]
    assert text.startswith(MARKER + "\n")
    assert text.count(MARKER) == 1
    assert text.count("<!--") == 1  # the data's '<!--' is an entity
    tokens = check_markdown(text, review=True)
    html = "".join(t.content for t in walk(tokens) if t.type in ("html_inline", "html_block"))
    assert html.count("<details") == html.count("</details>") >= 1
    assert RAW_CONTROL.search(text) is None
    seen = " ".join(t.content for t in walk(tokens) if t.type == "text")
    assert "</details>" in seen  # shown, as text


def test_review_github_annotations_cannot_inject_commands(reviewed):
    lines = reviewed["github"].split("\n")[:-1]  # the runner splits at \n only
    assert lines[0].startswith("redline review: ")
    assert all(line.startswith("::") for line in lines[1:]), [
        line[:80] for line in lines[1:] if not line.startswith("::")
    ]
    assert "\r" not in reviewed["github"]


def test_review_github_annotations_neutralise_control(reviewed):
    found = RAW_CONTROL.search(reviewed["github"])
    assert found is None, repr(reviewed["github"][max(0, found.start() - 60) : found.end() + 20])


def test_review_json_round_trips(reviewed):
    data = json.loads(reviewed["json"])
    strings = json_strings(data)
    assert data["negotiations"][0]["title"] == " ".join(HOSTILE)
    for hostile_text in HOSTILE:
        assert any(hostile_text in s for s in strings), hostile_text[:40]


def test_review_text_neutralises_control(reviewed):
    text = reviewed["text"]
    found = RAW_CONTROL.search(text)
    assert found is None, repr(text[max(0, found.start() - 60) : found.end() + 20])
    assert "[bold]loud[/bold]" in text
