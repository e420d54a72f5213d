"""`redline init`, `redline new` and `redline sources`: the curator's commands.

`init` and `new` write scaffolds (see `redline.curate`) atomically and never over an
existing file; `new` takes its quote candidates from `redline.candidates`; `sources`
checks every quote against the local source texts (see `redline.quotes`).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import DataError, UsageError
from .common import Format as SourcesFormat
from .common import NegotiationArg, RootOption, load_valid, parse_date_option, settings, user_errors

if TYPE_CHECKING:
    from ..curate import SourceFields


class Kind(str, Enum):
    news = "news"
    official = "official"
    transcript = "transcript"


def init(
    negotiation: Annotated[
        str,
        typer.Argument(
            help="The new negotiation's id, which is also its folder name (lower case, digits, - and _)."
        ),
    ],
    title: Annotated[str, typer.Option("--title", help="A human title, used in reports.")],
    root: RootOption = None,
) -> None:
    """Create a negotiation: <root>/NEGOTIATION/negotiation.yaml, with a commented example.

    The file holds the id, the title and a commented example party and issue with its
    scale; declare the real ones, then run redline validate. The positions root is
    created when missing, and the schemas are copied into <root>/.schemas/, where the
    files' schema headers point (editors validate against them in any repository).
    Refuses when the negotiation.yaml exists.

    Exit 0 when created, 1 when the file exists, 2 on a usage error.
    """
    from ..curate import ID_PATTERN, negotiation_scaffold
    from ..fsutil import write_atomic
    from ..repository import NEGOTIATION_FILE, display_path
    from ..schemafiles import write_schemas

    with user_errors():
        if not ID_PATTERN.match(negotiation) or len(negotiation) > 100:
            raise UsageError(
                f"negotiation id '{negotiation}' is not valid: use lower case letters, "
                "digits, '-' and '_', starting with a letter or digit"
            )
        if not title.strip():
            raise UsageError("--title must not be empty")
        base = settings(root, existing=False).root
        if base.exists() and not base.is_dir():
            raise UsageError(f"positions root '{base}' is not a folder")
        folder = base / negotiation
        target = folder / NEGOTIATION_FILE
        if target.exists():
            raise DataError(f"'{display_path(target)}' already exists; not overwriting it")
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(target, negotiation_scaffold(negotiation, title.strip()))
        typer.echo(f"created {display_path(target)}")
        for path, what in write_schemas(base):
            if what != "unchanged":
                typer.echo(f"{what} {display_path(path)}")
        typer.echo(
            "next: declare the parties and issues (see the commented example in the file), "
            "then run redline validate"
        )


def new(
    day: Annotated[
        str,
        typer.Option(
            "--date", help="The date the positions were stated (YYYY-MM-DD); the file name starts with it."
        ),
    ],
    title: Annotated[str, typer.Option("--title", help="The source document's title.")],
    negotiation: NegotiationArg = None,
    position: Annotated[
        list[str] | None,
        typer.Option(
            "--position",
            "-p",
            help="PARTY:ISSUE of a position this source states (repeatable); "
            "written with its current stance, an empty summary and quote candidates.",
        ),
    ] = None,
    slug: Annotated[
        str | None, typer.Option("--slug", help="The file name's slug [default: outlet-title].")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="The outlet or issuing body.")] = None,
    author: Annotated[str | None, typer.Option("--author", help="The author, when named.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the document can be read.")] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", help="The publication date (YYYY-MM-DD), when it differs from --date."),
    ] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="The kind of source.")] = Kind.news,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            help="A local copy of the source text, "
            "relative to the negotiation folder "
            "(e.g. sources/x.md): quote candidates come from it.",
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """Create the next snapshot file: the source block and the positions you name.

    Writes NEGOTIATION/<date>-<slug>.yaml with the source block from the options and, for
    each --position PARTY:ISSUE, a block with the stance the party holds on --date (its
    label as a comment), an empty summary to write and no red line (a standing red line
    carries on by itself). With --text, the sentences of the text that name the party and
    the issue follow each block as commented quote candidates, best first: uncomment
    `quotes:` and the ones to keep. Without --position, --text lists the pairs the text
    seems to address. The state on --date is printed, not written into the file. An
    existing file is never overwritten.

    Exit 0 when created, 1 when the file exists or the data is invalid, 2 on a usage error.
    """
    from ..curate import URL_PATTERN, SourceFields, default_slug, snapshot_file_name

    with user_errors():
        when = parse_date_option(day, "--date")
        assert when is not None
        if published is not None:
            parse_date_option(published, "--published")
        for option, value in (("--title", title), ("--outlet", outlet), ("--author", author)):
            if value is not None and not value.strip():
                raise UsageError(f"{option} must not be empty")
        if url is not None and not URL_PATTERN.match(url):
            raise UsageError(f"--url '{url}' is not an http(s) URL without spaces")
        chosen = slug if slug is not None else default_slug(title, outlet or "")
        name = snapshot_file_name(when, chosen)
        if name is None:
            raise UsageError(
                f"--slug '{slug}' is not valid: use letters, digits, '-', '_' and "
                "'.', starting with a letter or digit, without .yaml"
            )
        loaded = load_valid(settings(root), negotiation)
        source = SourceFields(
            title.strip(),
            kind.value,
            (outlet or "").strip(),
            (author or "").strip(),
            url or "",
            published or "",
            text or "",
        )
        _write_snapshot(loaded, when, name, source, position or [])


def _write_snapshot(loaded: Any, when: date, name: str, source: SourceFields, pairs: list[str]) -> None:
    """Build and write the scaffold of `new`, then print the state and what to do next."""
    import shutil

    from ..candidates import Matcher
    from ..curate import Block, parse_pair, scale_lines, snapshot_scaffold, state_rows, state_table
    from ..fold import fold
    from ..fsutil import write_atomic
    from ..loading import LoadError
    from ..quotes import read_source_text, text_path
    from ..repository import display_path
    from ..sentences import sentences

    neg = loaded.negotiation
    folder = Path(loaded.folder)
    found = []
    if source.text:
        path, why = text_path(folder, source.text)
        if path is None:
            raise UsageError(f"--text: {why}")
        try:
            found = sentences(read_source_text(path, (folder / source.text).as_posix()))
        except LoadError as exc:  # not UTF-8, unreadable: a problem with the data, exit 1
            typer.echo(exc.problem.format(), err=True)
            raise DataError(f"--text '{source.text}' cannot be read; nothing written") from None
    wanted = list(dict.fromkeys(parse_pair(neg, p) for p in pairs))
    target = folder / name
    if target.exists():
        raise DataError(
            f"'{display_path(target)}' already exists; not overwriting it (edit it, or choose another --slug)"
        )
    state = fold(loaded.snapshots, when)
    matcher = Matcher(found, neg) if found else None  # one for every pair
    blocks = []
    for party, issue in wanted:
        held = state.get(party, issue)
        blocks.append(
            Block(
                party,
                neg.issue_by_id[issue],
                held.stance if held else None,
                matcher.candidates(party, issue) if matcher else (),
            )
        )
    write_atomic(target, snapshot_scaffold(when, source, blocks))
    typer.echo(f"created {display_path(target)}")
    rows = state_rows(neg, state)
    typer.echo(
        f"\nPositions as of {when.isoformat()}:"
        if rows
        else f"\nNo position is held as of {when.isoformat()}."
    )
    for line in state_table(rows, shutil.get_terminal_size().columns - 2) if rows else ():
        typer.echo("  " + line)
    for block in blocks:
        typer.echo(
            f"\n{block.party}:{block.issue.id}: {block.issue.title} "
            f"({len(block.candidates)} quote candidate(s))"
            if found
            else f"\n{block.party}:{block.issue.id}: {block.issue.title}"
        )
        for line in scale_lines(block.issue, block.stance):
            typer.echo(line)
    if matcher and not blocks:
        pairs_found = matcher.addressed_pairs()
        typer.echo(
            "\nThe text seems to address (sentences naming the party and the issue):"
            if pairs_found
            else "\nNo sentence of the text names both a party and an issue."
        )
        for party, issue, count in pairs_found:
            typer.echo(f"  --position {party}:{issue}  ({count} sentence(s))")
    typer.echo(
        "\nnext: "
        + (
            "write each summary, change a stance the source moves, uncomment the quotes to keep; then "
            if blocks
            else "add the positions this source states; then "
        )
        + "run redline validate"
        + (" and redline sources" if source.text else "")
    )


def sources(
    negotiation: NegotiationArg = None,
    root: RootOption = None,
    output_format: Annotated[
        SourcesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SourcesFormat.text,
) -> None:
    """Check that every quote appears verbatim in its snapshot's local source text.

    A snapshot's source.text names a local copy of its source document. Whitespace,
    quote marks and dashes are normalised; anything else must match. For each quote
    that does not, the closest passage of the text and a word diff are shown. Quotes of
    sources without a local text are reported as unverified (a warning), and a quote that
    starts right after a negation of its sentence ("not", "never", "no") is a warning.
    Every file that reads as YAML is checked, whatever errors it or others have; those
    errors are counted on stderr (redline validate lists them).

    Exit 0 when no quote mismatches and the data is valid, 1 on a mismatch, a missing
    source text or invalid data, 2 on a usage error.
    """
    import sys

    from ..quotes import check_folder
    from ..render import sources as render_sources
    from ..repository import find_negotiation, load_folder

    with user_errors():
        where = settings(root)
        folder = find_negotiation(where.root, negotiation)
        loaded = load_folder(folder, settings=where)
        results = check_folder(folder)
    errors = [p for p in loaded.problems if p.severity == "error"]
    report = render_sources.SourcesReport(folder.name, tuple(results))
    if output_format is SourcesFormat.json:
        render_sources.write_json(report, sys.stdout)
    else:
        render_sources.write_text(report, sys.stdout)
    if errors:
        typer.echo(
            f"redline: {len(errors)} error(s) in the data of '{loaded.folder}' besides the "
            "quotes (see redline validate)",
            err=True,
        )
    raise typer.Exit(1 if report.failed or errors else 0)
