"""The CLI's conventions: one layout, one renderer table, settings at the edge, one-line
usage errors, completion, strict dates, output on any terminal, and a cheap start-up."""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from conftest import DATASET, POSITIONS, ROOT
from redline import __version__
from redline.cli import COMMANDS, app
from redline.commands.common import settings
from redline.render import RENDERERS, formats

SRC = ROOT / "src" / "redline"


def run(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`redline ARGS` in a real process, with the real console (exact bytes, exit code)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REDLINE_ROOT")}
    environment.update(NO_COLOR="1", COLUMNS="100", **(env or {}))
    return subprocess.run(
        [sys.executable, "-c", "from redline.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd or ROOT,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def imported_after(*args: str) -> set[str]:
    """The top-level packages imported by `redline ARGS` (run in a fresh interpreter)."""
    code = (
        "import sys\nfrom redline.cli import main\nsys.argv = ['redline', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.__stderr__.write('MODULES ' + ' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=dict(os.environ, NO_COLOR="1"),
    )
    return set(done.stderr.rsplit("MODULES ", 1)[1].split())


# -- one layout, one table ---------------------------------------------------------------


def test_every_command_lives_in_its_own_module_under_commands():
    for name, (module, function, _) in COMMANDS.items():
        assert (SRC / "commands" / f"{module}.py").is_file(), name
        assert callable(getattr(importlib.import_module(f"redline.commands.{module}"), function))
    assert "def validate(" not in (SRC / "cli.py").read_text(encoding="utf-8")


def test_the_help_table_is_the_first_paragraph_of_each_command_s_help(invoke):
    group = typer.main.get_command(app)
    for name, (_, _, first) in COMMANDS.items():
        help_text = group.commands[name].help  # type: ignore[attr-defined]
        assert " ".join(help_text.split("\n\n")[0].split()) == first, name
    listed = invoke("--help").stdout
    assert "  report      The state of a negotiation at a date: issues x parties,...\n" in listed


def test_help_builds_no_command(invoke):
    group = typer.main.get_command(app)
    with pytest.raises(SystemExit) as exit_:
        group.main(["--help"], standalone_mode=True)
    assert exit_.value.code == 0
    assert group.commands.built == {}  # type: ignore[attr-defined]


def test_every_renderer_in_the_table_exists():
    for (view, fmt), (module, name, kind) in RENDERERS.items():
        function = getattr(importlib.import_module(f"redline.render.{module}"), name)
        assert callable(function), (view, fmt)
        assert kind in ("stream", "console", "log", "data")


@pytest.mark.parametrize("name", [n for n in COMMANDS if formats(n) and n != "brief"])
def test_each_format_option_offers_exactly_the_view_s_formats(invoke, name):
    help_text = " ".join(invoke(name, "--help").stdout.split())
    offered = "|".join(f.value for f in formats(name))
    assert f"--format [{offered}]" in help_text


def test_one_format_type_everywhere():
    for module in ("review", "curate", "validate", "report", "diff", "timeline"):
        text = (SRC / "commands" / f"{module}.py").read_text(encoding="utf-8")
        assert "Format(str, Enum)" not in text, module
    assert 'getattr(text, f"render_' not in (SRC / "commands" / "common.py").read_text(encoding="utf-8")


def test_a_format_the_view_does_not_offer_is_a_usage_error():
    done = run("sources", "--format", "markdown")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "redline: error: Invalid value for '--format' / '-f': 'markdown' is not "
        "one of 'text', 'json'. (see 'redline sources --help')\n"
    )


# -- usage errors: one line, exit 2 --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["report", "--bogus"], "redline: error: No such option: --bogus (see 'redline report --help')"),
        (
            ["report", "-f", "xml"],
            "redline: error: Invalid value for '--format' / '-f': 'xml' is not one "
            "of 'text', 'json', 'markdown'. (see 'redline report --help')",
        ),
        (["init", "x"], "redline: error: Missing option '--title'. (see 'redline init --help')"),
        (["nonsense"], "redline: error: No such command 'nonsense'. (see 'redline --help')"),
        (
            ["review", "--max-chars", "many"],
            "redline: error: Invalid value for '--max-chars': 'many' is "
            "not a valid integer. (see 'redline review --help')",
        ),
        (
            ["report", "--root", "nowhere"],
            "redline: error: positions root 'nowhere' is not a folder (set it with --root or REDLINE_ROOT)",
        ),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args, line):
    done = run(*args)
    if not hasattr(typer.core.TyperOption, "get_runtime_param"):  # typer < 0.29: click's words
        line = line.replace("'text', 'json', 'markdown'.", "'text', 'json', 'markdown', 'github'.")
        line = line.replace("valid integer", "valid int")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", line + "\n")


def test_no_arguments_shows_the_help_with_exit_2():
    done = run()
    assert done.returncode == 2 and "Commands:" in done.stderr and "Traceback" not in done.stderr


def test_version_comes_from_one_place():
    assert run("--version").stdout == f"redline {__version__}\n"
    assert importlib.metadata.version("redline") == __version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and not re.search(r"^version\s*=", pyproject, re.M)


def test_the_command_line_collects_cycles_less_often_and_importing_redline_does_not():
    probe = (
        "import gc, sys; from redline import cli, views, repository; before = gc.get_threshold()\n"
        "sys.argv = ['redline', '--version']\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print(before, gc.get_threshold(), sep='|')"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, after = done.stdout.splitlines()[-1].split("|")
    assert after == "(200000, 10, 10)" and before != after  # before: Python's own default


# -- settings at the edge ------------------------------------------------------------------


def test_only_the_cli_edge_reads_the_environment():
    readers = {
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if re.search(r"os\.environ|getenv", p.read_text(encoding="utf-8"))
    }
    # gitfiles passes the environment on to git itself (with a few variables pinned); cli
    # reads the shell-completion request; the terminal renderer reads COLUMNS, as rich itself
    # does, to lay out output that is not a terminal.
    assert readers == {"cli.py", "commands/common.py", "gitfiles.py", "render/text.py"}
    assert re.findall(
        r"os\.environ\.get\(\"(\w+)\"\)", (SRC / "render/text.py").read_text(encoding="utf-8")
    ) == ["COLUMNS"]
    for name in ("cli.py", "gitfiles.py", "render/text.py"):
        assert not re.search(r"REDLINE_(ROOT|NO_|CACHE)", (SRC / name).read_text(encoding="utf-8"))


def test_settings_resolve_the_options_then_the_environment(monkeypatch, tmp_path):
    for name in ("REDLINE_ROOT", "REDLINE_NO_CACHE", "REDLINE_CACHE_DIR", "REDLINE_NO_PARALLEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    plain = settings(None, existing=False)
    assert (plain.root, plain.cache_dir, plain.parallel) == (
        Path("positions"),
        tmp_path / "xdg" / "redline",
        True,
    )
    monkeypatch.setenv("REDLINE_ROOT", str(tmp_path))
    monkeypatch.setenv("REDLINE_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("REDLINE_NO_PARALLEL", "1")
    chosen = settings(None)
    assert (chosen.root, chosen.cache_dir, chosen.parallel) == (tmp_path, tmp_path / "c", False)
    assert settings("elsewhere", existing=False).root == Path("elsewhere")
    monkeypatch.setenv("REDLINE_NO_CACHE", "1")
    assert settings(None).cache_dir is None


def test_a_library_caller_gets_no_cache_and_no_environment(monkeypatch, tmp_path):
    from redline.repository import load_folder

    monkeypatch.setenv("REDLINE_CACHE_DIR", str(tmp_path / "cache"))
    loaded = load_folder(DATASET)
    assert loaded.ok and loaded.cache is None and not (tmp_path / "cache").exists()


# -- -o onto an existing file --------------------------------------------------------------


def test_the_commands_with_an_output_file_are_checked_at_the_edge():
    group = typer.main.get_command(app)
    with_output = sorted(
        name for name in COMMANDS if any(p.name == "output" for p in group.commands[name].params)
    )  # type: ignore[attr-defined]
    assert with_output == ["brief", "review"]  # review's refusal: tests/test_review.py


def test_output_onto_an_existing_file_is_a_usage_error(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("mine\n", encoding="utf-8")
    done = run("brief", "--root", str(POSITIONS), "-o", str(target))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"redline: error: '{target}' already exists; not overwriting it (use --force to replace it)\n"
    )
    assert target.read_text(encoding="utf-8") == "mine\n"


# -- report --all ---------------------------------------------------------------------------


@pytest.fixture
def two_negotiations(demo):
    demo.snapshot("2022-01-10", [{"party": "north", "stance": "a"}, {"party": "south", "stance": "d"}])
    broken = demo.root / "broken"
    broken.mkdir()
    (broken / "negotiation.yaml").write_text(
        (demo.path / "negotiation.yaml").read_text(encoding="utf-8").replace("id: demo", "id: broken"),
        encoding="utf-8",
    )
    (broken / "2022-01-10-bad.yaml").write_text("date: 2022-01-10\nsource: {}\n", encoding="utf-8")
    return demo


def test_report_all_reports_the_valid_ones_and_the_problems_of_the_others(invoke, two_negotiations):
    result = invoke("report", "--all", "--root", str(two_negotiations.root))
    assert result.exit_code == 1
    assert "Demo talks (demo)" in result.stdout and "(broken)" not in result.stdout
    assert "2022-01-10-bad.yaml:" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("redline: error: ") and "broken" in result.stderr


def test_report_all_as_json_lists_the_valid_ones(invoke, two_negotiations):
    result = invoke("report", "--all", "--root", str(two_negotiations.root), "--format", "json")
    assert result.exit_code == 1
    assert [item["negotiation"] for item in json.loads(result.stdout)] == ["demo"]


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["20220110", "2022-W02-1", "2022W021", "2022-1-10", "2022-01-10T00:00", "２０２２-01-10", "2022-02-30"],
)
def test_only_year_month_day_is_a_date(invoke, value):
    result = invoke("report", "--root", str(POSITIONS), "--as-of", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"redline: error: --as-of '{value}' is not a date as YYYY-MM-DD\n"


def test_new_refuses_a_week_date(invoke, demo):
    before = sorted(p.name for p in demo.path.iterdir())
    result = invoke("new", "--root", str(demo.root), "--date", "2022W021", "--title", "T")
    assert result.exit_code == 2
    assert result.stderr == "redline: error: --date '2022W021' is not a date as YYYY-MM-DD\n"
    assert sorted(p.name for p in demo.path.iterdir()) == before


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--as-of", "2021-01-01"],
        ["brief", "--as-of", "2021-01-01"],
        ["report", "--all", "--as-of", "2021-01-01"],
    ],
)
def test_a_date_before_the_first_snapshot_is_refused_alike(invoke, args):
    result = invoke(*args, "--root", str(POSITIONS))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "redline: error: --as-of 2021-01-01 is before the first snapshot of "
        "us-russia-2022 (2021-12-07): nothing to show\n"
    )


def test_diff_to_a_date_before_the_first_snapshot_is_refused(invoke):
    result = invoke("diff", "--root", str(POSITIONS), "--to", "2021-01-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "redline: error: --to 2021-01-01 is before the first snapshot of "
        "us-russia-2022 (2021-12-07): nothing to show\n"
    )


# -- terminals that cannot encode a character --------------------------------------------------


@pytest.mark.parametrize(
    "args", [["report"], ["diff"], ["timeline"], ["brief"], ["timeline", "-f", "markdown"], ["sources"]]
)
def test_a_cp1252_terminal_gets_escapes_not_a_traceback(args):
    done = run(*args, env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and done.stderr == ""
    if args != ["sources"]:
        assert re.search(r"\\u[0-9a-f]{4}", done.stdout), done.stdout[:300]


# -- completion ----------------------------------------------------------------------------------


def test_completion_prints_a_script_that_calls_redline_back():
    done = run("completion", "bash")
    assert done.returncode == 0 and "_REDLINE_COMPLETE=complete_bash" in done.stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("redline rep", "1", ["report"]),
        ("redline sources --format ", "3", ["text", "json"]),
    ],
)
def test_completion_completes_commands_and_formats(words, cword, expected):
    done = run(env={"_REDLINE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert done.returncode == 0 and done.stdout.split() == expected


# -- start-up ------------------------------------------------------------------------------------


def test_help_imports_neither_the_core_nor_heavy_libraries():
    loaded = imported_after("--help")
    assert not loaded & {"pydantic", "rich", "yaml", "deepdiff", "jsonschema", "numpy"}


def test_validating_one_file_imports_no_pydantic_rich_or_deepdiff():
    loaded = imported_after("validate", str(DATASET / "2022-01-10-civil-ge-us-reiterates-open-door.yaml"))
    assert "yaml" in loaded
    assert not loaded & {"pydantic", "rich", "deepdiff", "numpy"}


def test_the_typer_requirement_admits_the_installed_current_typer():
    from packaging.requirements import Requirement

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = re.search(r'^\s*"(typer[^"]*)"', pyproject, re.M)
    assert line is not None
    requirement = Requirement(line.group(1))
    assert not any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier)
    assert requirement.specifier.contains(importlib.metadata.version("typer"))
