"""Hostile files, end to end: `redline validate` on a negotiation folder holding one.

Each case puts one hostile file (from the corpus in tests/hostile/, or made here when it
cannot be committed sensibly: huge files, symbolic links, unreadable files, folders
named like files) into a copy of the small `demo` negotiation, beside an ordinary file
with an ordinary problem (`stnace:` for `stance:`), and runs `redline validate`. Each
asserts the exit code (1), the exact `path:line:col: error: message (code)` line (or
`path: error: ...` where there is no line), that the ordinary file's problem is still
reported, and that no traceback appears. The cases that could take long (an alias
bomb, deep nesting, 100,000 keys, a huge scalar) assert the limit's message: the limit
is what keeps them fast.

Files that fail to load fail the same way as the negotiation.yaml, so the loader's
cases run in both places. The corpus, one file per case, is listed in
tests/hostile/README.md.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import NEGOTIATION_YAML, snapshot_yaml

CORPUS = Path(__file__).parent / "hostile"
ORDINARY = "2022-01-11-ordinary.yaml"
ORDINARY_TEXT = snapshot_yaml("2022-01-11", [{"party": "north", "stance": "a"}]).replace(
    "    stance: a", "    stnace: a"
)
ORDINARY_PROBLEM = (
    f"positions/demo/{ORDINARY}:9:5: error: unknown key 'stnace'; did you mean 'stance'? (schema)"
)

# The corpus: file name -> the problem after `path:`, by item of the issue.
EXPECTED = {
    # malformed YAML, tabs
    "2022-01-10-malformed.yaml": "10:12: error: did not find expected ',' or ']' (while parsing a "
    "flow sequence), started at line 9, column 13 (yaml-syntax)",
    "2022-01-10-tab.yaml": "9:1: error: tab character where indentation or a value was expected; "
    "indent with spaces (yaml-syntax)",
    "2022-01-10-control-character.yaml": "10:16: error: control character U+001B is not allowed "
    "in YAML (yaml-syntax)",
    # duplicate keys at any depth
    "2022-01-10-duplicate-key-top.yaml": "11:1: error: duplicate key 'date' (first defined at "
    "line 2) (duplicate-key)",
    "2022-01-10-duplicate-key-position.yaml": "11:5: error: duplicate key 'stance' (first "
    "defined at line 9) (duplicate-key)",
    "2022-01-10-duplicate-key-quote.yaml": "14:9: error: duplicate key 'speaker' (first defined "
    "at line 12) (duplicate-key)",
    # alias bombs, very deep nesting (also through aliases), huge numbers
    "2022-01-10-alias-bomb.yaml": "17:10: error: document expands to more than 200,000 values "
    "(an alias bomb?) (too-many-values)",
    "2022-01-10-deep-block.yaml": "12:129: error: nesting deeper than 64 levels (too-deep)",
    "2022-01-10-deep-flow.yaml": "11:1006: error: exceeded maximum nesting depth (while "
    "increasing flow level) (yaml-syntax)",
    "2022-01-10-deep-alias.yaml": "12:49: error: nesting deeper than 64 levels (through alias "
    "*a0) (too-deep)",
    "2022-01-10-huge-number.yaml": "9:13: error: number of 5,000 characters, over the limit of "
    "1,000; quote it if it is text (number-too-long)",
    # unknown and Python-specific tags
    "2022-01-10-python-tag.yaml": "4:10: error: unsupported tag !!python/object/apply:os.system (yaml-tag)",
    "2022-01-10-python-name.yaml": "10:14: error: unsupported tag !!python/name:os.system (yaml-tag)",
    "2022-01-10-verbatim-tag.yaml": "9:13: error: unsupported tag !!python/object:os.system (yaml-tag)",
    "2022-01-10-unknown-tag.yaml": "4:10: error: unsupported tag !vault (yaml-tag)",
    # several documents, empty and comment-only files
    "2022-01-10-several-documents.yaml": "11:1: error: file holds several YAML documents; keep "
    "one per file (several-documents)",
    "2022-01-10-empty.yaml": "1:1: error: file holds no YAML document (empty, or only comments) (empty-file)",
    "2022-01-10-comment-only.yaml": "1:1: error: file holds no YAML document (empty, or only "
    "comments) (empty-file)",
    # a list or scalar where a mapping belongs
    "2022-01-10-list-document.yaml": "2:1: error: the document should be a mapping, not a list (schema)",
    "2022-01-10-scalar-document.yaml": "2:1: error: the document should be a mapping, not the "
    "string 'date 2022-01-10, a source, positions' (schema)",
    "2022-01-10-list-for-mapping.yaml": "4:3: error: 'source' should be a mapping, not a list (schema)",
    "2022-01-10-scalar-for-mapping.yaml": "3:9: error: 'source' should be a mapping, not the "
    "string 'A source, news' (schema)",
    # non-string keys, merge keys
    "2022-01-10-non-string-key.yaml": "11:1: error: mapping key '2022' must be a string; quote "
    "it (non-string-key)",
    "2022-01-10-complex-key.yaml": "11:3: error: mapping key must be a string, not a collection "
    "(non-string-key)",
    "2022-01-10-merge-key.yaml": "11:5: error: merge keys (<<) are not supported; write the keys "
    "out (merge-key)",
    # invalid UTF-8, UTF-16/32 and BOMs, NUL bytes
    "2022-01-10-invalid-utf8.yaml": "10:17: error: invalid UTF-8 (byte 0xe9); save the file as "
    "UTF-8 (encoding)",
    "2022-01-10-utf16.yaml": "1:1: error: file is encoded as UTF-16; save it as UTF-8 (encoding)",
    "2022-01-10-utf16-be.yaml": "1:1: error: file is encoded as UTF-16; save it as UTF-8 (encoding)",
    "2022-01-10-utf32.yaml": "1:1: error: file is encoded as UTF-32; save it as UTF-8 (encoding)",
    "2022-01-10-nul-byte.yaml": "10:19: error: file contains a NUL byte; is it a binary file? (encoding)",
    # a UTF-8 BOM is fine; CRLF gives the lines of LF (see the tests below)
    "2022-01-10-utf8-bom.yaml": None,
    "2022-01-10-crlf.yaml": "7:12: error: unknown party 'nrth'; did you mean 'north'? (unknown-party)",
}
# Problems the loader raises, the same wherever the file is: these also run as negotiation.yaml.
LOADER_CASES = sorted(
    name
    for name, line in EXPECTED.items()
    if line and "(schema)" not in line and "(unknown-party)" not in line
)


@pytest.fixture
def here(demo, monkeypatch):
    """The demo folder with the ordinary file, run from above `positions/`."""
    monkeypatch.chdir(demo.root.parent)
    demo.write(ORDINARY, ORDINARY_TEXT)
    return demo


def validate(invoke, *args: str):
    result = invoke("validate", "positions/demo", *args)
    assert "Traceback" not in result.output
    assert result.stderr == ""
    return result


def expected(lines: list[str], files: int = 3) -> str:
    """The whole output: the problem lines (sorted, as redline sorts them) and the summary."""
    lines = sorted([*lines, ORDINARY_PROBLEM])
    bad = len({line.split(":", 1)[0] for line in lines})
    return "".join(f"{line}\n" for line in lines) + (
        f"{files} files checked: {len(lines)} error(s) in {bad} file(s), 0 warning(s)\n"
    )


def test_the_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for name in EXPECTED:
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize("name", sorted(n for n, line in EXPECTED.items() if line))
def test_hostile_snapshot(invoke, here, name):
    raw = (CORPUS / name).read_bytes()
    if name.endswith("-crlf.yaml"):
        raw = raw.replace(b"\n", b"\r\n")  # made here, so no git setting can change it
    (here.path / name).write_bytes(raw)
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout == expected([f"positions/demo/{name}:{EXPECTED[name]}"])


@pytest.mark.parametrize("name", LOADER_CASES)
def test_hostile_negotiation(invoke, here, name):
    shutil.copyfile(CORPUS / name, here.path / "negotiation.yaml")
    result = validate(invoke)
    assert result.exit_code == 1
    # Without a negotiation, the snapshots are still checked against their schema.
    assert result.stdout == expected([f"positions/demo/negotiation.yaml:{EXPECTED[name]}"], files=2)


def test_the_whole_corpus_at_once(invoke, here):
    for name in EXPECTED:
        shutil.copyfile(CORPUS / name, here.path / name)
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout == expected(
        [f"positions/demo/{name}:{line}" for name, line in EXPECTED.items() if line], files=len(EXPECTED) + 2
    )
    data = json.loads(validate(invoke, "--format", "json").stdout)
    assert data["errors"] == len(EXPECTED)  # the corpus less the BOM file, plus the ordinary one
    assert all("\n" not in p["message"] for p in data["problems"])


def test_python_tags_run_nothing(invoke, here):
    for name in ("2022-01-10-python-tag.yaml", "2022-01-10-python-name.yaml"):
        shutil.copyfile(CORPUS / name, here.path / name)
    assert validate(invoke).exit_code == 1
    assert not list(here.root.parent.rglob("PWNED"))
    assert "touch PWNED" in (CORPUS / "2022-01-10-python-tag.yaml").read_text(encoding="utf-8")


def test_a_utf8_bom_changes_nothing(invoke, here):
    name = "2022-01-10-utf8-bom.yaml"
    shutil.copyfile(CORPUS / name, here.path / name)
    result = validate(invoke)
    assert (result.exit_code, result.stdout) == (1, expected([]))


def test_crlf_reports_the_lines_of_lf(invoke, here):
    name = "2022-01-10-crlf.yaml"
    lf = (CORPUS / name).read_bytes()
    assert b"\r" not in lf
    (here.path / name).write_bytes(lf)
    assert validate(invoke).stdout == expected([f"positions/demo/{name}:{EXPECTED[name]}"])


# ---------------------------------------------------------------- made at test time


def test_huge_scalar(invoke, here):
    name = "2022-01-10-huge-scalar.yaml"
    text = snapshot_yaml(
        "2022-01-10", [{"party": "north", "stance": "a", "summary": "x" * (3 * 1024 * 1024)}]
    )
    here.write(name, text)
    result = validate(invoke)
    assert result.exit_code == 1
    size = len(text.encode())
    assert result.stdout == expected(
        [
            f"positions/demo/{name}: error: file is {size:,} bytes, over the limit of 2,097,152 "
            "(file-too-large)"
        ]
    )


def test_hundred_thousand_keys(invoke, here):
    name = "2022-01-10-many-keys.yaml"
    text = (
        snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}])
        + "extra:\n"
        + "".join(f"  k{i}: {i}\n" for i in range(100_000))
    )
    assert len(text.encode()) < 2 * 1024 * 1024  # the value limit, not the size limit, stops it
    here.write(name, text)
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout == expected(
        [f"positions/demo/{name}:100001:3: error: document holds more than 200,000 values (too-many-values)"]
    )


def test_a_folder_named_like_a_snapshot(invoke, here):
    name = "2022-01-10-folder.yaml"
    (here.path / name).mkdir()
    (here.path / name / "inside.yaml").write_text("date: x\n", encoding="utf-8")
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout == expected(
        [f"positions/demo/{name}: error: is a folder, not a YAML file (not-a-file)"]
    )


def test_unreadable_file(invoke, here, monkeypatch):
    # Tests run as root in CI, where chmod 000 does not stop reading: the refusal is
    # simulated by making every way of opening that one file fail as the OS would.
    name = "2022-01-10-unreadable.yaml"
    here.snapshot("2022-01-10", [{"party": "north", "stance": "a"}], slug="unreadable")
    real_open = io.open

    def refusing_open(file, *args, **kwargs):
        if os.fspath(file).endswith(name) if isinstance(file, (str, os.PathLike)) else False:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", refusing_open)
    monkeypatch.setattr(builtins, "open", refusing_open)

    def read_bytes(self):
        with refusing_open(self, "rb") as fh:
            return fh.read()

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout == expected(
        [f"positions/demo/{name}: error: cannot read file: Permission denied (unreadable)"]
    )


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="root reads a file whatever its mode (see test_unreadable_file)",
)
def test_unreadable_file_by_its_mode(invoke, here):  # pragma: no cover - not as root
    path = here.snapshot("2022-01-10", [{"party": "north", "stance": "a"}], slug="unreadable")
    path.chmod(0)
    try:
        result = validate(invoke)
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert result.stdout == expected(
        [f"positions/demo/{path.name}: error: cannot read file: Permission denied (unreadable)"]
    )


# ---------------------------------------------------------------- symbolic links

OUTSIDE = "error: is a symbolic link to a file outside the positions root; not read (outside-root)"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A snapshot file outside the positions root, with a problem that would show if read."""
    target = tmp_path / "elsewhere" / "secret.yaml"
    target.parent.mkdir()
    target.write_text(snapshot_yaml("2022-01-10", [{"party": "s3cr3t", "stance": "a"}]), encoding="utf-8")
    return target


def test_a_link_outside_the_root_is_refused(invoke, here, outside):
    name = "2022-01-10-link.yaml"
    (here.path / name).symlink_to(outside)
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout == expected([f"positions/demo/{name}: {OUTSIDE}"])
    assert "s3cr3t" not in result.stdout


@pytest.mark.parametrize("target", ["/dev/null", "/etc/passwd", "/proc/self/environ"])
def test_a_link_to_a_system_file_is_refused_unread(invoke, here, target):
    if not Path(target).exists():
        pytest.skip(f"no {target} here")
    name = "2022-01-10-system.yaml"
    (here.path / name).symlink_to(target)
    result = validate(invoke)
    assert result.stdout == expected([f"positions/demo/{name}: {OUTSIDE}"])


def test_a_chain_of_links_leading_outside_is_refused(invoke, here, outside):
    (here.root / "hop.yaml").symlink_to(outside)  # inside the root, but leads outside
    name = "2022-01-10-chain.yaml"
    (here.path / name).symlink_to(here.root / "hop.yaml")
    result = validate(invoke)
    assert result.stdout == expected([f"positions/demo/{name}: {OUTSIDE}"])


def test_a_relative_link_climbing_out_is_refused(invoke, here, outside):
    name = "2022-01-10-climb.yaml"
    (here.path / name).symlink_to(Path("..", "..", "elsewhere", "secret.yaml"))
    assert (here.path / name).read_text(encoding="utf-8")  # it does lead somewhere
    result = validate(invoke)
    assert result.stdout == expected([f"positions/demo/{name}: {OUTSIDE}"])


def test_a_linked_negotiation_outside_the_root_is_refused(invoke, here, tmp_path):
    elsewhere = tmp_path / "negotiation.yaml"
    elsewhere.write_text(NEGOTIATION_YAML, encoding="utf-8")
    (here.path / "negotiation.yaml").unlink()
    (here.path / "negotiation.yaml").symlink_to(elsewhere)
    result = validate(invoke)
    assert result.stdout == expected([f"positions/demo/negotiation.yaml: {OUTSIDE}"], files=2)


def test_a_linked_negotiation_folder_outside_the_root_is_refused(invoke, here, tmp_path):
    elsewhere = tmp_path / "elsewhere-talks"
    elsewhere.mkdir()
    (elsewhere / "negotiation.yaml").write_text(
        NEGOTIATION_YAML.replace("id: demo", "id: linked"), encoding="utf-8"
    )
    (elsewhere / "2022-01-10-src.yaml").write_text(
        snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}]), encoding="utf-8"
    )
    (here.root / "linked").symlink_to(elsewhere, target_is_directory=True)
    result = invoke("validate", "positions/linked")
    assert (result.exit_code, result.stdout) == (
        1,
        (
            f"positions/linked/2022-01-10-src.yaml: {OUTSIDE}\n"
            f"positions/linked/negotiation.yaml: {OUTSIDE}\n"
            "2 files checked: 2 error(s) in 2 file(s), 0 warning(s)\n"
        ),
    )


def test_a_link_inside_the_root_is_read_under_its_own_name(invoke, here):
    shared = here.root / "shared"
    shared.mkdir()
    (shared / "talks.yaml").write_text(
        snapshot_yaml("2022-01-10", [{"party": "nrth", "stance": "a"}]), encoding="utf-8"
    )
    name = "2022-01-10-talks.yaml"
    (here.path / name).symlink_to(Path("..", "shared", "talks.yaml"))
    result = validate(invoke)
    assert result.stdout == expected(
        [f"positions/demo/{name}:7:12: error: unknown party 'nrth'; did you mean 'north'? (unknown-party)"]
    )


# ---------------------------------------------------------------- bugs found, not fixed here


def test_scalar_list_item_where_a_position_belongs(invoke, here):
    name = "2022-01-10-scalar-item.yaml"
    here.write(name, snapshot_yaml("2022-01-10", []).replace("positions: []", "positions: [1]"))
    result = validate(invoke)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"positions/demo/{name}:6:13: error: ")


@pytest.mark.parametrize("item", ["null", "'text'", "[a]"])
def test_non_mapping_list_item_gives_one_clear_problem(invoke, here, item):
    name = "2022-01-10-item.yaml"
    here.write(name, snapshot_yaml("2022-01-10", []).replace("positions: []", f"positions: [{item}]"))
    lines = validate(invoke).stdout.splitlines()
    mine = [line for line in lines if line.startswith(f"positions/demo/{name}:")]
    assert len(mine) == 1 and "should not be valid under" not in mine[0], mine


HOSTILE_NAMES = [
    "2022-01-10-\x1b[31mred\x1b[0m.yaml",
    "2022-01-10-new\nline.yaml",
    "2022-01-10-\u202egnp.yaml",
]


@pytest.mark.parametrize("case", ["key", "party", *HOSTILE_NAMES])
def test_validate_output_neutralises_text_from_the_files(invoke, here, case):
    if case == "key":
        here.write(
            "2022-01-10-key.yaml",
            snapshot_yaml("2022-01-10", []) + '"\\e]0;owned\\a\\npositions/demo/x.yaml: all valid": 1\n',
        )
    elif case == "party":
        here.write(
            "2022-01-10-party.yaml",
            snapshot_yaml("2022-01-10", [{"party": '"\\e[2J\\u202enrth"', "stance": "a"}]),
        )
    else:
        here.write(case, snapshot_yaml("2022-01-10", [{"party": "north", "stance": "a"}]))
    for fmt in ("text", "github"):
        out = validate(invoke, "--format", fmt).stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        if fmt == "text":
            assert all(
                line.startswith("positions/demo/") or " files checked: " in line
                for line in out.split("\n")[:-1]
            ), out


def test_review_of_the_working_tree_refuses_links_outside(invoke, tmp_path, monkeypatch, outside):
    import subprocess

    repo = tmp_path / "repo"
    folder = repo / "positions" / "demo"
    folder.mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(NEGOTIATION_YAML, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "R",
        "GIT_AUTHOR_EMAIL": "r@example.org",
        "GIT_COMMITTER_NAME": "R",
        "GIT_COMMITTER_EMAIL": "r@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)
    (folder / "2022-01-10-link.yaml").symlink_to(outside)
    monkeypatch.chdir(repo)
    result = invoke("review", "--base", "HEAD", "--format", "json")
    assert "s3cr3t" not in result.stdout
    assert "outside-root" in result.stdout


# ---------------------------------------------------------------- nothing is ever executed

UNSAFE = re.compile(
    r"yaml\.(load|load_all|unsafe_load|full_load)\b|\b(Full|Unsafe)Loader\b"
    r"|\byaml\.Loader\b|add_(multi_)?constructor|\bpickle\.|\bmarshal\.|"
    r"\beval\(|\bexec\("
)


def test_no_unsafe_yaml_loading_in_the_sources():
    src = Path(__file__).resolve().parents[1] / "src"
    found = [
        f"{path}:{n}: {line.strip()}"
        for path in sorted(src.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE.search(line)
    ]
    assert found == []
    loading = (src / "redline" / "loading.py").read_text(encoding="utf-8")
    builder = (src / "redline" / "yamlbuilder.py").read_text(encoding="utf-8")
    # events only (the parser's get_event), never constructors
    assert "builder.build(_Loader(text))" in loading and "loader.get_event" in builder
    for code in (loading, builder):
        assert not any(call in code for call in ("get_single_data", "get_data(", "construct_"))
