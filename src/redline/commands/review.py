"""`redline review`: what a change to the positions does, between two git revisions."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import Format as ReviewFormat
from .common import RootOption, settings, user_errors

MIN_CHARS = 2_000


def review(
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="The revision to compare with [default: the merge-base of the head "
            "with origin/main, else main].",
        ),
    ] = None,
    head: Annotated[
        str | None, typer.Option("--head", help="The revision to review [default: the working tree].")
    ] = None,
    root: RootOption = None,
    output_format: Annotated[
        ReviewFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: text (terminal), markdown (a pull-request "
            "comment), github (workflow annotations), json.",
        ),
    ] = ReviewFormat.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Also write the markdown comment to FILE (with --format markdown: instead of stdout).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars",
            help="Cut the markdown to this many characters, with a notice (GitHub comments take 65,536).",
        ),
    ] = 65_000,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Exit 1 on review flags too (unquoted moves, edited quotes...), not only on invalid data.",
        ),
    ] = False,
) -> None:
    """Review the changes to the positions between two git revisions.

    Reads both sides through git (no checkout), validates the negotiations the change
    touches, and shows the changed files, the changes to positions, their effect on the
    folded state at each affected date, and review flags.

    The positions root (--root, $REDLINE_ROOT, else positions) is relative to the top
    of the repository. Exit 0 when the head is valid (changes or not), 1 when the head
    has invalid data (or, with --strict, when there are review flags), 2 on a usage or
    git error.
    """
    from ..errors import UsageError
    from ..gitfiles import Git, Revision, relative_root
    from ..review import build_review

    with user_errors():
        if max_chars < MIN_CHARS:
            raise UsageError(f"--max-chars must be at least {MIN_CHARS:,}")
        git = Git.at(Path.cwd())
        where = settings(root, existing=False)
        positions = relative_root(git.top, str(where.root))
        head_rev = Revision(head, git.resolve(head)) if head else Revision("working tree", None)
        base_rev = Revision(base, git.resolve(base)) if base else git.default_base(head_rev.commit)
        result = build_review(git, base_rev, head_rev, positions, settings=where)
        if output is not None:
            _write_comment(result, output, force, max_chars)
        _render(result, output_format, output is not None, max_chars)
    raise typer.Exit(0 if result.valid and not (strict and result.flags) else 1)


def _write_comment(result: Any, output: Path, force: bool, max_chars: int) -> None:
    from ..fsutil import write_atomic
    from ..render.review import render_markdown

    buffer = io.StringIO()
    render_markdown(result, buffer, max_chars)
    write_atomic(output, buffer.getvalue(), force=force, hint=" (use --force to replace it)")


def _render(result: Any, output_format: ReviewFormat, written: bool, max_chars: int) -> None:
    out = sys.stdout
    if output_format is ReviewFormat.json:  # the JSON renderer alone, without the others' imports
        from ..render.review_json import render_json

        render_json(result, out)
        return
    from ..render import review as render

    if output_format is ReviewFormat.markdown:
        if not written:
            render.render_markdown(result, out, max_chars)
    elif output_format is ReviewFormat.github:
        render.render_github(result, out)
    else:
        from ..render.review_text import render_text
        from ..render.text import make_console

        console = make_console(out)
        console.soft_wrap = True  # one line per finding, whatever the width: greppable logs
        render_text(result, console)
