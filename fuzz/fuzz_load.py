"""Fuzz target for redline's loader and validator, with hypothesis (no other dependency).

Run a timed campaign on demand, from the repository's top folder:

    FUZZ_SECONDS=600 python fuzz/fuzz_load.py        # round-robin over the properties
    FUZZ_SECONDS=60 python fuzz/fuzz_load.py bytes   # one property (names: see PROPERTIES)
    FUZZ_PARSER=python ...                           # with PyYAML's pure-Python parser
    FUZZ_STRICT=1 FUZZ_STRICT_MESSAGES=1 ...         # known bugs count as failures too

It prints how many inputs each property ran and every failure hypothesis found (with
its shrunk input), and exits 1 when there was one. The normal test run does not
include it; tests/test_fuzz_smoke.py runs every property on a few dozen inputs.

What goes in: arbitrary bytes; the bundled dataset's files with random edits (YAML
punctuation, tabs, BOMs, NUL, invalid UTF-8, control and bidi characters, huge numbers
inserted; lines deleted, duplicated, re-indented, swapped; the file cut short);
generated YAML with random nesting, anchors, aliases, tags, merge and duplicate keys;
layered alias bombs against small limits; and snapshot-shaped data with wrong types
and hostile text, written out with PyYAML's emitter.

What must hold: `read_text` and `parse_yaml` raise nothing but `LoadError`;
`check_snapshot_bytes` and the negotiation checks raise nothing at all; every problem
names the file, has a line and column inside it (or 0 when there is none), a known
code and a one-line message; a parsed document never holds more values (aliases
expanded) or deeper nesting than the limits allow; and a snapshot that passes renders
in text, markdown and JSON without raising, with no raw escape character in the text.
Three more properties fuzz the markdown escaping (`escape.markdown` inline and in a
table cell, `escape.markdown_start` at the start of a list item) with markdown-it-py.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # run from a clone without installing, too

from redline.loading import DEFAULT_LIMITS, Limits, LoadError, parse_yaml, read_text  # noqa: E402
from redline.problems import Problem  # noqa: E402
from redline.repository import check_snapshot_bytes  # noqa: E402
from redline.schema import schema_problems  # noqa: E402
from redline.validation import check_negotiation  # noqa: E402
from redline.vocabulary import WARNING_CODES  # noqa: E402

DATASET = ROOT / "positions" / "us-russia-2022"
NEGOTIATION_RAW = (DATASET / "negotiation.yaml").read_bytes()
SEEDS = [p.read_bytes() for p in sorted(DATASET.glob("*.yaml"))]
SNAPSHOT_NAME = "2022-01-10-fuzz.yaml"


def _negotiation() -> Any:
    doc = parse_yaml(read_text(NEGOTIATION_RAW, "negotiation.yaml"), "negotiation.yaml")
    negotiation, problems = check_negotiation(doc, DATASET.name)
    assert negotiation is not None and not problems, problems
    return negotiation


NEGOTIATION = _negotiation()
PARTY_IDS = [p.id for p in NEGOTIATION.parties]
ISSUE_IDS = [i.id for i in NEGOTIATION.issues]
POINT_IDS = sorted({p.id for i in NEGOTIATION.issues for p in i.scale})

# Codes the loader may raise, and those of the schema and the rules.
LOADER_CODES = {"yaml-syntax", "duplicate-key", "merge-key", "non-string-key",
                "several-documents", "empty-file", "yaml-tag", "yaml-alias", "encoding",
                "file-too-large", "too-deep", "too-many-values", "too-much-text", "number-too-long",
                "comment-after-text"}
HIDDEN = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}  # what escape.terminal shows as escapes


def _one_visible_line(text: str) -> bool:
    return text.isprintable() or not any(unicodedata.category(c) in HIDDEN for c in text)


RULE_CODES = {"schema", "unknown-party", "unknown-issue", "off-scale", "duplicate-position",
              "date-mismatch", "file-name", "bad-date", "duplicate-id", "id-mismatch"}

# Messages made outside loading.py still quote text from the file as it is (newlines and
# escape characters included; e.g. the schema's "unknown key '\x1f'"): a known limitation,
# harmless on output because Problem.format() escapes every message
# (tests/test_hostile_files.py::test_validate_output_neutralises_text_from_the_files).
# Only the loader's messages must be printable single lines by themselves;
# FUZZ_STRICT_MESSAGES=1 checks every message.
STRICT_MESSAGES = os.environ.get("FUZZ_STRICT_MESSAGES") == "1"

# Crashes already reported and not fixed yet, by (exception, file, function) of the
# innermost redline frame, each with the test that pins it. The campaign counts them and
# goes on looking for new ones; FUZZ_STRICT=1 treats them as failures like any other.
# None today: the last one (a number where a position mapping belongs, `positions: [1]`)
# is fixed and kept by tests/test_hostile_files.py::test_scalar_list_item_where_a_position_belongs.
KNOWN_CRASHES: dict[tuple[str, str, str], str] = {}
STRICT = os.environ.get("FUZZ_STRICT") == "1"

STATS: Counter[str] = Counter()
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks


# ---------------------------------------------------------------- the checks


def check_problem(problem: Problem, shown: str, text: str | None) -> None:
    """A problem names the file, a place inside it, a known code and a one-line message."""
    STATS[f"code:{problem.code}"] += 1
    assert problem.path == shown, problem
    assert problem.code in LOADER_CODES | RULE_CODES | set(WARNING_CODES), problem
    assert problem.severity == ("warning" if problem.code in WARNING_CODES else "error"), problem
    assert problem.message.strip(), problem
    assert problem.line >= 0 and problem.column >= 0, problem
    if text is not None and problem.line:
        assert problem.line <= len(_BREAK.findall(text)) + 1, problem
        assert problem.column >= 1, problem
    # Problem.format() makes every problem one line with nothing hidden (spaces such as
    # U+00A0 may stay); the loader's own messages must already be printable (they quote
    # the file's text escaped and cut).
    assert _one_visible_line(problem.format()), f"message not one visible line: {problem!r}"
    if problem.code in LOADER_CODES or STRICT_MESSAGES:
        line = problem.message
        assert line.isprintable(), f"message not one printable line: {line!r}"


def _text_or_none(raw: bytes) -> str | None:
    try:
        return read_text(raw, "f.yaml")
    except LoadError:
        return None


def load_bytes(raw: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """read_text + parse_yaml: a document, or a LoadError with a well-formed problem."""
    STATS["load"] += 1
    try:
        text = read_text(raw, "f.yaml", limits)
    except LoadError as exc:
        check_problem(exc.problem, "f.yaml", None)
        return None
    try:
        doc = parse_yaml(text, "f.yaml", limits)
    except LoadError as exc:
        check_problem(exc.problem, "f.yaml", text)
        return None
    STATS["load:ok"] += 1
    within_limits(doc.data, limits)
    return doc


def _size_and_depth(value: Any, budget: int) -> tuple[int, int]:
    """Values (keys included, aliases expanded) and nesting levels of a parsed value."""
    if isinstance(value, dict):
        size, depth = 1, 1
        for v in value.values():
            s, d = _size_and_depth(v, budget - size)
            size, depth = size + 1 + s, max(depth, d + 1)
            if size > budget:
                break
        return size, depth
    if isinstance(value, list):
        size, depth = 1, 1
        for v in value:
            s, d = _size_and_depth(v, budget - size)
            size, depth = size + s, max(depth, d + 1)
            if size > budget:
                break
        return size, depth
    return 1, 0


def within_limits(data: Any, limits: Limits) -> None:
    # The loader stops at max_depth levels, so this recursion stays shallow when it holds.
    size, depth = _size_and_depth(data, limits.max_values + 1)
    assert depth <= limits.max_depth, f"{depth} levels > {limits.max_depth}"
    assert size <= limits.max_values, f"{size} values > {limits.max_values}"


def validate_snapshot(raw: bytes) -> None:
    """The validator on one snapshot file: problems or a snapshot, never an exception."""
    STATS["snapshot"] += 1
    snapshot, problems = check_snapshot_bytes(raw, SNAPSHOT_NAME, NEGOTIATION)
    text = _text_or_none(raw)
    for problem in problems:
        check_problem(problem, SNAPSHOT_NAME, text)
    if snapshot is None:
        assert any(p.severity == "error" for p in problems) or not problems
        return
    STATS["snapshot:ok"] += 1
    if not problems:
        STATS["snapshot:valid"] += 1
        render_all(snapshot)


def validate_negotiation(raw: bytes) -> None:
    STATS["negotiation"] += 1
    doc = load_bytes(raw)
    if doc is None:
        return
    problems = schema_problems(doc, "negotiation")
    if not problems:
        negotiation, problems = check_negotiation(doc, DATASET.name)
        if negotiation is not None and not problems:
            STATS["negotiation:valid"] += 1
    text = _text_or_none(raw)
    for problem in problems:
        check_problem(problem, "f.yaml", text)


def render_all(snapshot: Any) -> None:
    """A valid snapshot renders in every format; the terminal never gets a raw ESC or BEL."""
    from redline.render import jsonout, markdown, text
    from redline.views import build_report

    report = build_report(NEGOTIATION, [snapshot], None)
    out = io.StringIO()
    text.render_report(report, text.make_console(out, width=100))
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    markdown.render_report(report, io.StringIO())
    data = io.StringIO()
    jsonout.dump(jsonout.report_data(report), data)
    json.loads(data.getvalue())


_MARKDOWN: list[Any] = []


def _markdown() -> Any:
    if not _MARKDOWN:
        from markdown_it import MarkdownIt  # a test extra: only these properties need it

        _MARKDOWN.append(MarkdownIt("commonmark").enable(["table", "strikethrough"]))
    return _MARKDOWN[0]


def escaped_inline(text: str) -> None:
    """`escape.markdown` text between words is one paragraph of plain text: exactly the
    terminal form of the input (zero-width spaces aside), with no mention left whole."""
    from redline.render import escape

    out = escape.markdown(text)
    tokens = _markdown().parse(f"x {out} y")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], out
    children = tokens[1].children or []
    assert all(c.type == "text" for c in children), ([c.type for c in children], out)
    seen = "".join(c.content for c in children)
    assert seen.replace("\u200b", "") == f"x {escape.terminal(text)} y", (seen, out)
    assert not re.search(r"[@#][A-Za-z0-9]", seen), seen


def escaped_cell(text: str) -> None:
    """`escape.markdown` text in a table cell keeps the table at two columns."""
    from redline.render import escape

    tokens = _markdown().parse(f"| a | b |\n|---|---|\n| {escape.markdown(text)} | y |\n")
    assert sum(1 for t in tokens if t.type == "td_open") == 2, text


def escaped_start(text: str) -> None:
    """`escape.markdown_start` text opening a list item starts no other block."""
    from redline.render import escape

    out = escape.markdown_start(text)
    tokens = _markdown().parse(f"- {out}\n")
    kinds = [t.type for t in tokens]
    assert kinds.count("list_item_open") == 1, (kinds, out)
    assert not set(kinds) & {"heading_open", "hr", "code_block", "fence", "blockquote_open",
                             "ordered_list_open", "html_block", "table_open"}, (kinds, out)


# ---------------------------------------------------------------- inputs

TOKENS = [
    ": ", "- ", "? ", ",", "[", "]", "{", "}", "&a ", "&b ", "*a", "*b", "*zz", "<<: ", "<<: *a",
    "!!python/object/apply:os.system ['true'] ", "!!python/name:os.system ", "!custom ",
    "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!set ", "!!omap ",
    "!<tag:yaml.org,2002:str> ", "!<tag:x%0A%1B> ", "%YAML 1.1\n", "%TAG !e! tag:e.org,2000:\n",
    "---\n", "...\n", "--- ", "|", "|-", ">", "'", '"', "\\", "\\x1b", "\\u202e", "\\0", "#",
    "\t", "\n", "\r\n", "\r", " " * 9, "~", "null", "yes", "no", "0x", "0o7", "1e999", ".nan",
    "2022-02-30", "10:30", "9" * 1200, "0x" + "f" * 1200, "x" * 300,
    "\x00", "\x1b[31m", "\x1b]8;;http://x\x07", "\x07", "\x7f", "\x85", "\u2028", "\u202e",
    "\u200b", "\ufeff", "\U0001f600", "[bold]", "[/]", "<!--", "</details>", "@everyone", "#1",
]
BYTE_TOKENS = [b"\xff", b"\xfe", b"\xc3", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xed\xa0\x80",
               b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes] | None = None) -> bytes:
    """A file of the dataset (or a generated one) with a few random edits."""
    pool = seeds or SEEDS
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "insert", "bytes", "delete", "dup-line", "indent",
                                   "swap", "replace-byte", "cut"]))
        at = draw(st.integers(0, len(data)))
        if op == "insert":
            token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)))
            data[at:at] = token.encode("utf-8", "surrogatepass")
        elif op == "bytes":
            data[at:at] = draw(st.one_of(st.sampled_from(BYTE_TOKENS), st.binary(max_size=4)))
        elif op == "delete":
            data[at:at + draw(st.integers(1, 40))] = b""
        elif op == "replace-byte" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(i, lines[i])
            elif op == "indent":
                lines[i] = b" " * draw(st.integers(0, 6)) + lines[i].lstrip(b" ")
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


_WORDS = ["a", "b", "key", "date", "positions", "stance", "<<", "x y", "k", "1", "true", "null",
          "2022-01-10", "open-door", "us", "russia", "-1.5", "0o17", "0x1F", ".inf"]
_ANCHORS = ["a", "b", "c"]


def _scalar() -> st.SearchStrategy[str]:
    plain = st.sampled_from(_WORDS)
    quoted = st.text(max_size=12).map(json.dumps)  # a valid YAML double-quoted string
    single = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8).map(
        lambda s: "'" + s.replace("'", "''") + "'")
    tagged = st.tuples(st.sampled_from(["!!str", "!!int", "!!float", "!!bool", "!!null",
                                        "!!timestamp", "!", "!!python/none", "!x", "!!merge"]),
                       plain).map(" ".join)
    alias = st.sampled_from(_ANCHORS).map(lambda a: "*" + a)
    return st.one_of(plain, plain, quoted, single, tagged, alias)


def _anchor(node: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(node, st.tuples(st.sampled_from(_ANCHORS), node).map(lambda t: f"&{t[0]} {t[1]}"))


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    seq = st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    pair = st.tuples(st.one_of(st.sampled_from(_WORDS), _scalar()), children).map(
        lambda kv: f"{kv[0]}: {kv[1]}")
    mapping = st.lists(pair, max_size=4).map(lambda xs: "{" + ", ".join(xs) + "}")
    return _anchor(st.one_of(seq, mapping))


FLOW = st.recursive(_anchor(_scalar()), _flow, max_leaves=30)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A block mapping of flow values, anchors and aliases, tags, merge and duplicate keys."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        key = draw(st.one_of(st.sampled_from(_WORDS), _scalar()))
        value = draw(FLOW)
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2]))
        lines.append(f"{indent}{key}: {value}")
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["---", "...", "# a comment", "- x", "\t", ""])))
    return "\n".join(lines) + "\n"


@st.composite
def alias_bombs(draw: st.DrawFn) -> tuple[str, Limits]:
    """Layers of aliases (lists, mappings, nested brackets) against small limits."""
    fan = draw(st.integers(1, 6))
    layers = draw(st.integers(1, 12))
    nest = draw(st.integers(0, 6))
    lines = []
    prev = "x"
    for n in range(layers):
        kind = draw(st.sampled_from(["list", "map", "nest"]))
        if kind == "list":
            body = "[" + ", ".join([prev] * fan) + "]"
        elif kind == "map":
            body = "{" + ", ".join(f"k{i}: {prev}" for i in range(fan)) + "}"
        else:
            body = "[" * nest + prev + "]" * nest
        lines.append(f"l{n}: &a{n} {body}")
        prev = f"*a{n}"
    limits = Limits(max_bytes=4096, max_depth=draw(st.integers(1, 30)),
                    max_values=draw(st.integers(1, 5000)), max_number_chars=50)
    return "\n".join(lines) + "\n", limits


_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(TOKENS),
                  st.sampled_from(["[bold]x[/]", "\x1b[2J\x1b]0;t\x07", "a\nb", "@here #1 <b>|</b>",
                                   "\u202eevil\u202c\u200b", "x" * 5000]))
_ANY = st.one_of(_TEXT, st.integers(), st.floats(), st.booleans(), st.none(),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                      st.integers(), max_size=2))


def _maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a fitting value, one time in eight anything at all."""
    return st.integers(0, 7).flatmap(lambda n: _ANY if n == 0 else value)


@st.composite
def snapshot_data(draw: st.DrawFn) -> bytes:
    """A snapshot-shaped mapping with ids of the dataset, wrong types and hostile text."""
    position = st.fixed_dictionaries(
        {"party": _maybe(st.sampled_from(PARTY_IDS)), "issue": _maybe(st.sampled_from(ISSUE_IDS))},
        optional={"stance": _maybe(st.sampled_from(POINT_IDS)),
                  "red_line": _maybe(st.sampled_from(POINT_IDS)),
                  "summary": _TEXT, "withdrawn": _maybe(st.booleans()),
                  "quotes": _maybe(st.lists(st.fixed_dictionaries(
                      {"speaker": _TEXT, "text": _TEXT}), max_size=2))})
    data = {
        "date": draw(_maybe(st.sampled_from(["2022-01-10", "2022-02-30", "10/01/2022"]))),
        "source": draw(_maybe(st.fixed_dictionaries(
            {"title": _TEXT, "kind": _maybe(st.sampled_from(["news", "official", "transcript"]))},
            optional={"outlet": _TEXT, "author": _TEXT,
                      "url": _maybe(st.sampled_from(["https://example.org/x", "javascript:x"])),
                      "published": _maybe(st.just("2022-01-11"))}))),
        "positions": draw(_maybe(st.lists(position, max_size=4))),
    }
    if draw(st.booleans()):
        data["reported"] = draw(_maybe(st.lists(st.fixed_dictionaries(
            {"issue": _maybe(st.sampled_from(ISSUE_IDS)),
             "status": _maybe(st.sampled_from(["impasse", "no-progress", "progress", "agreed"]))},
            optional={"summary": _TEXT, "quote": st.fixed_dictionaries(
                {"speaker": _TEXT, "text": _TEXT})}), max_size=2)))
    if draw(st.booleans()):
        data["events"] = draw(_maybe(st.lists(st.fixed_dictionaries(
            {"date": _maybe(st.just("2022-01-12")), "title": _TEXT,
             "parties": _maybe(st.lists(st.sampled_from(PARTY_IDS), max_size=3))}), max_size=2)))
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.text(max_size=5))] = draw(_ANY)
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False,
                          default_flow_style=draw(st.sampled_from([False, None, True])))
    return text.encode("utf-8", "surrogatepass")


_MD_TOKENS = ["*", "_", "`", "[", "]", "(", ")", "<", ">", "&", "#", "@", "|", "~", "\\", "!",
              "\n", "\r", " ", "a", "x", "-", "1.", "1)", ":", "http://x.y", "www.x.y", "<!--",
              "&amp;", "&#64;", "&#x40;", "\t", "=", "+", "$", "{", "}", '"', "'", "    ",
              "\x1b[31m", "\u202e", "\u200b", "\u2028", "\x85"]
MARKDOWN_TEXT = st.lists(st.one_of(st.sampled_from(_MD_TOKENS), st.text(max_size=3)),
                         max_size=25).map("".join)


# ---------------------------------------------------------------- the properties

PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "bytes": (st.binary(max_size=2048), load_bytes),
    "mutated-snapshot": (mutated(), validate_snapshot),
    "mutated-negotiation": (mutated([NEGOTIATION_RAW]), validate_negotiation),
    "generated-yaml": (yaml_documents().map(lambda t: t.encode("utf-8", "surrogatepass")),
                       load_bytes),
    "generated-yaml-as-snapshot": (yaml_documents().map(
        lambda t: t.encode("utf-8", "surrogatepass")), validate_snapshot),
    "alias-bombs": (alias_bombs(), lambda case: load_bytes(case[0].encode(), case[1])),
    "snapshot-data": (snapshot_data(), validate_snapshot),
    "mutated-snapshot-data": (snapshot_data().flatmap(lambda raw: mutated([raw])),
                              validate_snapshot),
    "escape-markdown-inline": (MARKDOWN_TEXT, escaped_inline),
    "escape-markdown-cell": (MARKDOWN_TEXT, escaped_cell),
    "escape-markdown-start": (MARKDOWN_TEXT, escaped_start),
}


def make_test(name: str, **options: Any) -> Callable[[], None]:
    """The hypothesis test of one property, with the given settings."""
    strategy, check = PROPERTIES[name]
    options.setdefault("suppress_health_check", list(HealthCheck))
    options.setdefault("database", None)
    options.setdefault("print_blob", True)

    @settings(**options)
    @given(strategy)
    def run(case: Any) -> None:
        STATS[f"examples:{name}"] += 1
        try:
            check(case)
        except Exception as exc:
            known = KNOWN_CRASHES.get(crash_signature(exc))
            if known is None or STRICT:
                raise
            STATS[f"known-crash:{known}"] += 1

    run.__name__ = f"fuzz_{name.replace('-', '_')}"
    return run  # type: ignore[no-any-return]


def crash_signature(exc: BaseException) -> tuple[str, str, str]:
    """(exception type, file, function) of the innermost frame inside redline."""
    where = ("", "")
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        path = Path(frame.f_code.co_filename)
        if "redline" in path.parts:
            where = (path.name, frame.f_code.co_name)
    return (type(exc).__name__, *where)


# ---------------------------------------------------------------- the campaign


def campaign(seconds: float, names: list[str], chunk: int = 500) -> int:
    """Run the properties round-robin for `seconds`; print what ran and what failed."""
    from datetime import timedelta

    started = time.monotonic()
    failures: list[tuple[str, str]] = []
    rounds = 0
    while time.monotonic() - started < seconds:
        for name in names:
            test = make_test(name, max_examples=chunk, deadline=timedelta(seconds=5))
            try:
                test()
            except Exception:
                failures.append((name, traceback.format_exc(limit=-8)))
                print(f"FAILURE in {name}:\n{failures[-1][1]}", flush=True)
            if time.monotonic() - started >= seconds:
                break
        rounds += 1
        elapsed = time.monotonic() - started
        total = sum(v for k, v in STATS.items() if k.startswith("examples:"))
        print(f"[{elapsed:7.0f}s] round {rounds}: {total:,} inputs, {len(failures)} failure(s)",
              flush=True)
    elapsed = time.monotonic() - started
    print(f"\nran {elapsed:.0f}s, {rounds} round(s), libyaml={'yes' if _libyaml() else 'no'}, "
          f"strict messages={'yes' if STRICT_MESSAGES else 'no'}")
    for key in sorted(STATS):
        if key.startswith("examples:"):
            print(f"  {key[len('examples:'):]:28} {STATS[key]:>9,} inputs")
    print("  outcomes: " + ", ".join(f"{k}={STATS[k]:,}" for k in sorted(STATS)
                                     if not k.startswith(("examples:", "code:", "known-crash:"))))
    for key in sorted(STATS):
        if key.startswith("known-crash:"):
            print(f"  known crash hit {STATS[key]:,} times: {key[len('known-crash:'):]}")
    print("  problem codes seen: " + ", ".join(f"{k[5:]}={v:,}" for k, v in sorted(STATS.items())
                                               if k.startswith("code:")))
    print(f"  failures: {len(failures)}")
    for name, trace in failures:
        print(f"--- {name}\n{trace}")
    return 1 if failures else 0


def _libyaml() -> bool:
    from redline import loading

    return loading.HAVE_LIBYAML


def main(argv: list[str]) -> int:
    seconds = float(os.environ.get("FUZZ_SECONDS", "60"))
    if os.environ.get("FUZZ_PARSER") == "python":  # PyYAML's pure-Python parser, not libyaml
        from redline import loading

        loading._Loader = yaml.SafeLoader  # type: ignore[misc]
        loading.HAVE_LIBYAML = False
    names = argv or list(PROPERTIES)
    unknown = [n for n in names if n not in PROPERTIES]
    if unknown:
        print(f"unknown properties: {', '.join(unknown)}; known: {', '.join(PROPERTIES)}")
        return 2
    return campaign(seconds, names)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
