"""`redline review`: real git repositories in temporary folders, committed, edited, reviewed.

Every test builds a small repository (the `demo` negotiation of conftest, or a copy of
the bundled dataset), commits it, edits it, and runs the review through the CLI or the
core. Git runs with a fixed identity and dates and without the user's configuration.
Golden files: `REDLINE_UPDATE_GOLDEN=1 python -m pytest tests/test_review.py`.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import DATASET, NEGOTIATION_YAML, ROOT, snapshot_yaml
from redline import filecheck
from redline.gitfiles import Git, Revision
from redline.render.review import render_github, render_markdown, summary_line
from redline.review import build_review

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("REDLINE_UPDATE_GOLDEN") == "1"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/snapshot.schema.json"


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch, tmp_path_factory):
    """A fixed author and date (stable commit ids), and no user or system git config."""
    empty = tmp_path_factory.mktemp("gitconfig") / "config"
    empty.write_text("", encoding="utf-8")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Reviewer")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "reviewer@example.org")
        monkeypatch.setenv(f"GIT_{who}_DATE", "2022-02-01T12:00:00+00:00")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("REDLINE_ROOT", raising=False)


def snapshot(
    day: str, *positions: dict, url: str | None = "https://example.org/source", title: str = "A source"
) -> str:
    """A snapshot file's text, with a source url unless told otherwise (see snapshot_yaml)."""
    return snapshot_yaml(day, list(positions), title=title, url=url)


# Each red line carries its evidence (`supports: red_line`), as `redline validate` asks:
# tests about something else see no `red-line-unquoted` warning.
NORTH_RED = ("N", "That is as far as we will ever go.", "red_line")
SOUTH_RED = ("S", "We will never accept less.", "red_line")
NORTH = {"party": "north", "stance": "a", "red_line": "b", "quotes": [("N", "We hold line A."), NORTH_RED]}
SOUTH = {"party": "south", "stance": "d", "red_line": "c", "quotes": [("S", "Line D or nothing."), SOUTH_RED]}


class Repo:
    """A git repository in a temporary folder, with the demo negotiation committed."""

    def __init__(self, path: Path):
        self.path = path

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str = "edit") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def line_of(self, rel: str, needle: str, after: str = "") -> int:
        """The 1-based line of the first line holding `needle` (after one holding `after`)."""
        lines = (self.path / rel).read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if after in line) if after else 0
        return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


DEMO = "positions/demo"
FIRST = f"{DEMO}/2022-01-10-src.yaml"
SECOND = f"{DEMO}/2022-01-20-src.yaml"


def demo_repo(tmp_path: Path, monkeypatch, extra: dict[str, str] | None = None) -> Repo:
    """The demo negotiation committed (deadlocked on 2022-01-10, restated on 2022-01-20),
    with `extra` files (path: text) beside it, and the working folder at its top."""
    r = Repo(tmp_path / "repo")
    r.path.mkdir()
    r.git("init", "-q", "-b", "main")
    r.write(f"{DEMO}/negotiation.yaml", NEGOTIATION_YAML)
    r.write(FIRST, snapshot("2022-01-10", NORTH, SOUTH))
    r.write(SECOND, snapshot("2022-01-20", NORTH, SOUTH))
    for rel, text in (extra or {}).items():
        r.write(rel, text)
    r.commit("positions")
    monkeypatch.chdir(r.path)
    return r


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    """The demo negotiation in git: deadlocked on 2022-01-10, restated on 2022-01-20."""
    return demo_repo(tmp_path, monkeypatch)


def core(
    r: Repo,
    base: str = "HEAD",
    head: str | None = None,
    today: date = date(2022, 2, 1),
    root: str = "positions",
):
    git = Git.at(r.path)
    head_rev = Revision(head, git.resolve(head)) if head else Revision("working tree", None)
    return build_review(git, Revision(base, git.resolve(base)), head_rev, root, today)


def markdown(result, max_chars: int = 65_000) -> str:
    out = io.StringIO()
    render_markdown(result, out, max_chars)
    return out.getvalue()


# --- the issue's acceptance cases ------------------------------------------------------------


def test_bundled_dataset_one_stance_changed(tmp_path, monkeypatch, invoke):
    from redline.repository import load_negotiation

    r = Repo(tmp_path / "repo")
    r.path.mkdir()
    r.git("init", "-q", "-b", "main")
    shutil.copytree(DATASET, r.path / "positions" / DATASET.name, ignore=shutil.ignore_patterns("sources"))
    r.commit("dataset")
    monkeypatch.chdir(r.path)
    loaded = load_negotiation(Path("positions"), DATASET.name)
    snap = loaded.snapshots[-1]
    position = next(p for p in snap.positions if p.stance and p.stance_line)
    issue = loaded.negotiation.issue_by_id[position.issue]
    ids = [p.id for p in issue.scale]
    new = ids[ids.index(position.stance) - 1] if ids.index(position.stance) else ids[1]
    path = r.path / snap.path
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[position.stance_line - 1] = lines[position.stance_line - 1].replace(position.stance, new)
    path.write_text("\n".join(lines), encoding="utf-8")

    result = invoke("review", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        f"redline review: {position.party}'s stance on {position.issue} {position.stance} → {new} ("
    )
    change = next(
        line
        for line in result.stdout.splitlines()
        if f"{position.party}'s stance on {position.issue}: {position.stance} → {new}" in line
    )
    assert re.search(r"(conceded|hardened|moved) by 1 step", change)
    assert f"{snap.path}:{position.stance_line}" in change


def test_invalid_edit_exits_1_with_an_error_annotation_on_the_line(repo, invoke):
    text = (repo.path / SECOND).read_text(encoding="utf-8")
    repo.write(SECOND, text.replace("stance: d", "stance: zz"))
    line = repo.line_of(SECOND, "stance: zz")
    result = invoke("review", "--base", "HEAD", "--format", "github")
    assert result.exit_code == 1
    assert f"::error file={SECOND},line={line}::stance 'zz' is not a point on the scale" in (result.stdout)
    text_result = invoke("review", "--base", "HEAD")
    assert text_result.exit_code == 1
    assert "1 validation error" in text_result.stdout.splitlines()[0]


HOSTILE = "</details> <!-- hidden | @everyone `rm -rf /` #123 <img src=x onerror=alert(1)>"


def test_hostile_quote_renders_literally_in_the_comment(repo):
    north = {**NORTH, "quotes": [*NORTH["quotes"], ("Troll @here", HOSTILE)]}
    repo.write(SECOND, snapshot("2022-01-20", north, SOUTH))
    md = markdown(core(repo))
    assert md.startswith("<!-- redline-review -->\n**redline review**: ")
    assert md.count("<!--") == 1
    assert md.count("<details") == md.count("</details>") >= 1
    assert "<img" not in md and "@everyone" not in md and "#123" not in md
    assert "&lt;/details&gt; &lt;!-- hidden \\| @&#8203;everyone \\`rm -rf /\\` #&#8203;123" in md
    assert "Troll @&#8203;here" not in md  # the speaker is not shown for an added quote


def test_hostile_names_in_the_summary_of_a_section(repo):
    hostile = NEGOTIATION_YAML.replace("title: Demo talks", 'title: "</summary></details><b>@team</b> `x`"')
    repo.write(f"{DEMO}/negotiation.yaml", hostile)
    md = markdown(core(repo))
    summary = next(line for line in md.splitlines() if line.startswith("<details><summary>"))
    assert summary.endswith("</summary>") and summary.count("</summary>") == 1
    assert "&lt;/summary&gt;&lt;/details&gt;&lt;b&gt;@&#8203;team&lt;/b&gt; `x`" in summary


def test_quote_edit_flagged_and_escaped(repo):
    north = {**NORTH, "quotes": [("N", "We hold line A | @team </details>"), NORTH_RED]}
    repo.write(SECOND, snapshot("2022-01-20", north, SOUTH))
    result = core(repo)
    assert [f.code for f in result.flags] == ["quote-edited"]
    flag = result.flags[0]
    assert (flag.path, flag.line) == (SECOND, repo.line_of(SECOND, "We hold line A |"))
    md = markdown(result)
    assert "“We hold line A.” → “We hold line A \\| @&#8203;team &lt;/details&gt;”" in md
    assert md.count("<details") == md.count("</details>")


# --- files: added, renamed, deleted ------------------------------------------------------------


def test_rename_is_flagged_as_history_removed(repo, invoke):
    repo.git("mv", SECOND, f"{DEMO}/2022-01-20-renamed.yaml")
    result = core(repo)
    (neg,) = result.negotiations
    (fc,) = neg.files
    assert (fc.status, fc.path, fc.old_path, fc.changes) == (
        "renamed",
        f"{DEMO}/2022-01-20-renamed.yaml",
        SECOND,
        (),
    )
    assert [(f.code, f.path, f.line) for f in result.flags] == [
        ("history-removed", f"{DEMO}/2022-01-20-renamed.yaml", 1)
    ]
    assert neg.effects == ()
    out = invoke("review", "--base", "HEAD")
    assert out.exit_code == 0
    assert f"R {DEMO}/2022-01-20-renamed.yaml (from {SECOND})" in out.stdout


def test_deletion_removes_positions_and_shifts_the_state(repo, invoke):
    repo.write(SECOND, snapshot("2022-01-20", NORTH, {**SOUTH, "red_line": "b"}))
    repo.commit("south softens its red line")
    (repo.path / SECOND).unlink()
    result = core(repo)
    (neg,) = result.negotiations
    (fc,) = neg.files
    assert fc.status == "deleted"
    assert [(c.kind, c.party, c.path) for c in fc.changes] == [
        ("removed", "north", SECOND),
        ("removed", "south", SECOND),
    ]
    assert [f.code for f in result.flags] == ["history-removed"]
    (effect,) = neg.effects
    assert effect.date == date(2022, 1, 20)
    assert [(c.party, c.kind, c.old, c.new) for c in effect.changes] == [("south", "red_line", "b", "c")]
    assert [s.event for s in effect.status_changes] == ["entered deadlock"]
    assert summary_line(result) == (
        "south's red line on border b → c (hardened); today border "
        "enters deadlock (open → deadlocked); no validation "
        "problems; 1 review flag"
    )
    out = invoke("review", "--base", "HEAD")
    assert out.exit_code == 0
    assert (
        "as of 2022-01-20, south's red line on border moves from Line B to Line C: hardened by 1 step"
    ) in out.stdout
    assert "as of 2022-01-20, border enters deadlock (open → deadlocked)" in out.stdout


def test_added_untracked_snapshot_is_reviewed(repo):
    repo.write(
        f"{DEMO}/2022-01-25-new.yaml",
        snapshot("2022-01-25", {**SOUTH, "stance": "c", "red_line": "b"}, url=None),
    )
    result = core(repo)
    (fc,) = result.negotiations[0].files
    assert fc.status == "added"
    assert [(c.kind, c.new) for c in fc.changes] == [("added", "c")]
    assert [f.code for f in result.flags] == ["no-url"]
    (effect,) = result.negotiations[0].effects
    assert [(c.kind, c.direction) for c in effect.changes] == [
        ("stance", "conceded"),
        ("red_line", "conceded"),
    ]
    assert summary_line(result).startswith(
        "south's stance on border d → c (conceded), south's red line on border c → b (conceded); "
        "today border leaves deadlock (deadlocked → converging); "
    )


def test_withdrawal_is_told_apart_from_a_removed_entry(repo):
    repo.write(SECOND, snapshot("2022-01-20", NORTH, {"party": "south", "withdrawn": True}))
    (fc,) = core(repo).negotiations[0].files
    (change,) = fc.changes
    assert (change.kind, change.line) == ("withdrawn", repo.line_of(SECOND, "party: south"))
    repo.write(SECOND, snapshot("2022-01-20", NORTH))
    (fc,) = core(repo).negotiations[0].files
    assert [(c.kind, c.path) for c in fc.changes] == [("removed", SECOND)]


def test_a_changed_date_is_shown_and_shifts_both_dates(repo, invoke):
    repo.git("mv", SECOND, f"{DEMO}/2022-01-22-src.yaml")
    repo.write(
        f"{DEMO}/2022-01-22-src.yaml",
        snapshot(
            "2022-01-22",
            NORTH,
            {**SOUTH, "stance": "c", "red_line": "b", "quotes": [("S", "C, then."), SOUTH_RED]},
        ),
    )
    result = core(repo)
    (fc,) = result.negotiations[0].files
    assert (fc.status, fc.old_date, fc.date) == ("renamed", date(2022, 1, 20), date(2022, 1, 22))
    assert [e.date for e in result.negotiations[0].effects] == [date(2022, 1, 22)]
    out = invoke("review", "--base", "HEAD")
    assert f"(from {SECOND}); date 2022-01-20 → 2022-01-22" in out.stdout


def test_terminal_output_shows_data_literally(repo, invoke):
    north = {**NORTH, "quotes": [*NORTH["quotes"], ("N", "[bold]x[/bold] \x1b[31mred")]}
    repo.write(SECOND, snapshot("2022-01-20", north, SOUTH))
    out = invoke("review", "--base", "HEAD").stdout
    assert "quote added: “[bold]x[/bold] \\x1b[31mred”" in out
    assert "\x1b" not in out


# --- flags ---------------------------------------------------------------------------------------


def test_stance_move_without_new_quote_is_flagged_at_the_stance_line(repo):
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    result = core(repo)
    (flag,) = result.flags
    assert (flag.code, flag.path, flag.line) == ("unquoted-move", SECOND, repo.line_of(SECOND, "stance: b"))
    assert flag.message == "north's stance on border changed (a → b) without a new or changed quote"
    (change,) = result.negotiations[0].files[0].changes
    assert (change.kind, change.direction, change.steps) == ("stance", "conceded", 1)


def test_stance_move_with_a_new_quote_is_not_flagged(repo):
    north = {**NORTH, "stance": "b", "quotes": [*NORTH["quotes"], ("N", "B will do.")]}
    repo.write(SECOND, snapshot("2022-01-20", north, SOUTH))
    assert core(repo).flags == ()


def test_future_date_uses_the_injected_today(repo):
    repo.write(f"{DEMO}/2022-03-01-later.yaml", snapshot("2022-03-01", NORTH))
    flags = core(repo, today=date(2022, 2, 1)).flags
    assert [(f.code, f.line, f.message) for f in flags] == [
        ("future-date", 2, "snapshot dated 2022-03-01, after today (2022-02-01)")
    ]
    assert core(repo, today=date(2022, 3, 1)).flags == ()


def test_flags_come_most_important_first(repo):
    repo.write(f"{DEMO}/2022-03-01-later.yaml", snapshot("2022-03-01", NORTH, url=None))
    north = {**NORTH, "stance": "b", "quotes": [("N", "We hold line A!"), NORTH_RED]}
    repo.write(SECOND, snapshot("2022-01-20", north, SOUTH))
    (repo.path / FIRST).unlink()
    codes = [f.code for f in core(repo, today=date(2022, 2, 1)).flags]
    assert codes == ["history-removed", "quote-edited", "future-date", "no-url"]


# --- revisions -----------------------------------------------------------------------------------


def test_head_revision_is_read_through_git_and_the_working_tree_is_ignored(repo, invoke):
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    repo.commit("north softens")
    repo.write(FIRST, "not: [valid")  # uncommitted: not part of HEAD
    status = repo.git("status", "--porcelain")
    result = invoke("review", "--base", base, "--head", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["changed"] == 1 and data["valid"] is True
    assert data["head"] == {"rev": "HEAD", "commit": repo.git("rev-parse", "HEAD").strip()}
    assert repo.git("status", "--porcelain") == status
    assert (repo.path / FIRST).read_text(encoding="utf-8") == "not: [valid"


def test_review_leaves_the_working_tree_and_index_alone(repo, invoke):
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    before = repo.git("status", "--porcelain")  # refreshes the index, once
    index = (repo.path / ".git" / "index").read_bytes()
    assert invoke("review", "--base", "HEAD").exit_code == 0
    assert (repo.path / ".git" / "index").read_bytes() == index
    assert repo.git("status", "--porcelain") == before


def test_base_that_is_not_an_ancestor(repo, invoke):
    repo.git("checkout", "-q", "-b", "other")
    repo.write(FIRST, snapshot("2022-01-10", {**NORTH, "stance": "b"}, SOUTH))
    repo.commit("other side")
    repo.git("checkout", "-q", "main")
    repo.write(SECOND, snapshot("2022-01-20", NORTH, {**SOUTH, "stance": "c"}))
    repo.commit("main side")
    result = invoke("review", "--base", "other", "--head", "main")
    assert result.exit_code == 0, result.output
    assert "the base is not an ancestor of the head" in result.stdout
    assert result.stdout.splitlines()[0].startswith(
        "redline review: north's stance on border b → a (hardened), south's stance on border "
        "d → c (conceded); "
    )
    md = markdown(core(repo, base="other", head="main"))
    assert "⚠️ the base is not an ancestor of the head" in md


def test_default_base_is_the_merge_base_with_main_then_origin_main(repo, invoke):
    start = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    repo.commit("feature")
    repo.git("checkout", "-q", "main")
    repo.write(f"{DEMO}/2022-01-25-main.yaml", snapshot("2022-01-25", NORTH))
    repo.commit("main moves on")
    repo.git("checkout", "-q", "feature")
    data = json.loads(invoke("review", "--format", "json").stdout)
    assert data["base"] == {"rev": "merge-base with main", "commit": start}
    assert data["summary"]["changed"] == 1 and data["summary"]["added"] == 0
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    data = json.loads(invoke("review", "--format", "json").stdout)
    assert data["base"]["rev"] == "merge-base with origin/main"
    assert data["summary"]["changed"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--base", "nope"],
            "redline: error: unknown revision 'nope' (not a commit here; was it fetched?)\n",
        ),
        (["--base", "HEAD", "--head", "--help-me"], "redline: error: unknown revision '--help-me'\n"),
        (
            ["--base", "HEAD", "--root", "elsewhere"],
            "redline: error: positions root 'elsewhere' "
            "(relative to the top of the repository) is not a folder at the base nor at the head (set it "
            "with --root or REDLINE_ROOT)\n",
        ),
        (["--base", "HEAD", "--max-chars", "10"], "redline: error: --max-chars must be at least 2,000\n"),
    ],
)
def test_usage_and_git_errors_exit_2_with_one_line(repo, invoke, args, message):
    result = invoke("review", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_not_a_git_repository(tmp_path, monkeypatch, invoke):
    monkeypatch.chdir(tmp_path)
    result = invoke("review")
    assert result.exit_code == 2
    assert result.stderr == f"redline: error: '{tmp_path}' is not inside a git repository\n"


def test_no_default_branch(repo, invoke):
    repo.git("branch", "-m", "main", "trunk")
    result = invoke("review")
    assert result.exit_code == 2
    assert result.stderr == (
        "redline: error: no default branch to compare with (neither origin/main nor main); pass --base REV\n"
    )


def test_root_from_the_environment_and_a_subfolder(repo, invoke, monkeypatch):
    repo.git("mv", "positions", "data")
    repo.commit("move")
    repo.write("data/demo/2022-01-25-x.yaml", snapshot("2022-01-25", NORTH))
    monkeypatch.chdir(repo.path / "data" / "demo")
    monkeypatch.setenv("REDLINE_ROOT", "data")
    result = invoke("review", "--base", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["root"] == "data"
    assert data["negotiations"][0]["files"][0]["path"] == "data/demo/2022-01-25-x.yaml"


# --- reading only what is needed -------------------------------------------------------------------


def test_only_the_touched_negotiation_is_parsed(repo, monkeypatch):
    other = NEGOTIATION_YAML.replace("id: demo", "id: other")
    repo.write("positions/other/negotiation.yaml", other)
    repo.write("positions/other/2022-01-10-bad.yaml", "date: [broken")
    repo.commit("another negotiation, invalid")
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    parsed: list[str] = []
    real = filecheck.parse_document
    monkeypatch.setattr(filecheck, "parse_document", lambda raw, path: parsed.append(path) or real(raw, path))
    result = core(repo)
    assert result.valid and [n.id for n in result.negotiations] == ["demo"]
    # the base's three files once each, and the changed file at the head
    assert sorted(parsed) == sorted([f"{DEMO}/negotiation.yaml", FIRST, SECOND, SECOND])


def test_a_changed_negotiation_rechecks_unchanged_snapshots(repo, invoke):
    repo.write(
        f"{DEMO}/negotiation.yaml", NEGOTIATION_YAML.replace("      - id: d\n        label: Line D\n", "")
    )
    result = invoke("review", "--base", "HEAD", "--format", "github")
    assert result.exit_code == 1
    line = repo.line_of(FIRST, "stance: d")
    assert f"::error file={FIRST},line={line}::stance 'd' is not a point" in result.stdout


def test_definition_changes_are_listed(repo):
    repo.write(
        f"{DEMO}/negotiation.yaml",
        NEGOTIATION_YAML.replace(
            "      - id: d\n", "      - id: e\n        label: Line E\n      - id: d\n"
        ).replace("side: s", "side: n"),
    )
    (neg,) = core(repo).negotiations
    assert neg.definition == (
        "party 'south' changed side: s → n",
        "issue 'border': scale changed from a, b, c, d to a, b, c, e, d (directions and statuses "
        "may change at every date)",
    )
    assert [f.status for f in neg.files] == ["modified"]


def test_invalid_base_is_reported_apart_and_does_not_fail(repo):
    repo.write(SECOND, "date: [broken")
    repo.commit("broken")
    repo.write(SECOND, snapshot("2022-01-20", NORTH, SOUTH))
    result = core(repo)
    assert result.valid and [p for p in result.problems if p.severity == "error"] == []
    assert [p.code for p in result.base_problems if p.severity == "error"] == ["yaml-syntax"]
    assert "effects not computed: the base has validation errors" in result.negotiations[0].note
    assert "at the base (for reference)" in markdown(result)


# --- rendering -------------------------------------------------------------------------------------


def _many_changes(repo: Repo, n: int = 30) -> None:
    for i in range(n):
        day = f"2022-01-{21 + i % 8:02d}"
        repo.write(
            f"{DEMO}/{day}-source-{i:02d}.yaml",
            snapshot(
                day,
                {**NORTH, "stance": "bcd"[i % 3], "quotes": [("N", f"q{i}"), NORTH_RED]},
                url=None,
                title=f"Source {i}",
            ),
        )


def test_markdown_is_cut_with_a_notice_and_keeps_its_structure(repo):
    _many_changes(repo)
    result = core(repo)
    full = markdown(result)
    assert "Truncated" not in full and len(full) > 6000
    cut = markdown(result, max_chars=4000)
    assert len(cut) <= 4000
    assert "> ⚠️ **Truncated**: this comment is limited to 4,000 characters and" in cut
    assert "more lines not shown*" in cut
    assert cut.count("<details") == cut.count("</details>")
    assert cut.splitlines()[1] == full.splitlines()[1]  # the summary line survives


def test_github_annotations_are_capped_with_a_closing_count(repo):
    _many_changes(repo)
    out = io.StringIO()
    render_github(core(repo), out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("redline review: ")
    for level in ("warning", "notice"):
        assert sum(line.startswith(f"::{level} ") for line in lines) <= 11
    assert lines[-1].startswith("::notice::redline: ") and "not annotated" in lines[-1]


def test_output_file_with_another_format(repo, invoke):
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    result = invoke("review", "--base", "HEAD", "--format", "github", "-o", "review.md")
    assert result.exit_code == 0
    assert result.stdout.startswith("redline review: north's stance on border a → b (conceded)")
    written = (repo.path / "review.md").read_text(encoding="utf-8")
    assert written.startswith("<!-- redline-review -->\n")
    again = invoke("review", "--base", "HEAD", "--format", "markdown", "-o", "review.md")
    assert again.exit_code == 2 and "already exists" in again.stderr
    forced = invoke("review", "--base", "HEAD", "--format", "markdown", "-o", "review.md", "--force")
    assert (forced.exit_code, forced.stdout) == (0, "")


def test_no_change(repo, invoke):
    result = invoke("review", "--base", "HEAD")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        0,
        "redline review: no change to the positions under positions",
    )


GOLDEN_CASES = {
    "review-demo.md": "markdown",
    "review-demo.txt": "text",
    "review-demo.json": "json",
    "review-demo-github.txt": "github",
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(repo, invoke, name):
    base = repo.git("rev-parse", "HEAD").strip()
    north = {**NORTH, "stance": "b", "quotes": [("N", "We hold line A, mostly."), NORTH_RED]}
    repo.write(SECOND, snapshot("2022-01-20", north, {**SOUTH, "red_line": "b"}))
    south = {**SOUTH, "stance": "c", "quotes": [("S", "Line C will do."), SOUTH_RED]}
    repo.write(f"{DEMO}/2022-01-25-new.yaml", snapshot("2022-01-25", south, url=None))
    repo.git("mv", FIRST, f"{DEMO}/2022-01-10-renamed.yaml")
    result = invoke("review", "--base", "HEAD", "--format", GOLDEN_CASES[name])
    assert result.exit_code == 0, result.output
    text = result.stdout.replace(base, "<base>").replace(base[:7], "<base>")
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# --- shipped files -------------------------------------------------------------------------------


def test_workflow_is_read_only_and_runs_on_pull_request():
    text = (ROOT / ".github" / "workflows" / "redline-review.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request"}
    code = "\n".join(line.split("# ")[0] for line in text.splitlines())
    assert "pull_request_target" not in code and "secrets." not in code
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "redline review" in script and "--format github" in script
    assert "GITHUB_STEP_SUMMARY" in script


def test_pre_commit_hook_runs_redline_validate():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook, quotes = hooks
    assert hook["id"] == "redline-validate"
    assert hook["entry"] == "redline validate"
    assert hook["language"] == "python"
    assert (quotes["id"], quotes["entry"], quotes["pass_filenames"]) == (
        "redline-quotes",
        "redline validate --quotes",
        True,
    )


def test_a_json_review_imports_no_other_renderer(repo):
    """`--format json` is what scripts and the benchmark run: it leaves the markdown and
    annotation renderers, the views and rich alone, and the quote checks of stored texts
    when no changed snapshot names one (checked in a fresh interpreter)."""
    repo.write(SECOND, snapshot("2022-01-20", {**NORTH, "stance": "b"}, SOUTH))
    probe = (
        "import json, sys\nfrom redline.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\nheavy = ('redline.views', 'redline.render.markdown', 'redline.render.github',"
        " 'redline.render.review', 'redline.quotes', 'rich')\n"
        "sys.stderr.write(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "review", "--base", "HEAD", "--format", "json"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REDLINE_NO_CACHE": "1"},
    )
    assert json.loads(done.stdout)["summary"]["changed"] == 1
    assert json.loads(done.stderr.splitlines()[-1]) == []
