"""`redline init`, `redline new` and `redline sources`: the curator's commands.

`init` and `new` write scaffolds (see `redline.curate`) atomically and never over an
existing file; `sources` checks every quote against the local source texts (see
`redline.quotes`).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .common import Format as SourcesFormat
from .common import NegotiationArg, RootOption, load_valid, parse_date_option, settings, user_errors


class Kind(str, Enum):
    news = "news"
    official = "official"
    transcript = "transcript"


def init(
    negotiation: Annotated[str, typer.Argument(help="The new negotiation's id, which is also "
                                               "its folder name (lower case, digits, - and _).")],
    title: Annotated[str, typer.Option("--title", help="A human title, used in reports.")],
    root: RootOption = None,
) -> None:
    """Create a negotiation: <root>/NEGOTIATION/negotiation.yaml, with a commented example.

    The file holds the id, the title and a commented example party and issue with its
    scale; declare the real ones, then run redline validate. The positions root is
    created when missing. Refuses when the negotiation.yaml exists.

    Exit 0 when created, 1 when the file exists, 2 on a usage error.
    """
    from ..curate import ID_PATTERN, negotiation_scaffold
    from ..errors import DataError, UsageError
    from ..fsutil import write_atomic
    from ..repository import NEGOTIATION_FILE, display_path

    with user_errors():
        if not ID_PATTERN.match(negotiation) or len(negotiation) > 100:
            raise UsageError(f"negotiation id '{negotiation}' is not valid: use lower case letters, "
                             "digits, '-' and '_', starting with a letter or digit")
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
        typer.echo("next: declare the parties and issues (see the commented example in the file), "
                   "then run redline validate")


def new(
    day: Annotated[str, typer.Option("--date", help="The date the positions were stated "
                                     "(YYYY-MM-DD); the file name starts with it.")],
    title: Annotated[str, typer.Option("--title", help="The source document's title.")],
    negotiation: NegotiationArg = None,
    slug: Annotated[str | None, typer.Option("--slug", help="The file name's slug "
                                             "[default: from the title].")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="The outlet or issuing body.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the document can be read.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", help="The kind of source.")] = Kind.news,
    text: Annotated[str | None, typer.Option("--text", help="A local copy of the source text, "
                                             "relative to the negotiation folder "
                                             "(e.g. sources/x.md).")] = None,
    root: RootOption = None,
) -> None:
    """Create the next snapshot file, with every current position carried as comments.

    Writes NEGOTIATION/<date>-<slug>.yaml: the source block from the options, and, commented
    out, each party's position as it stands on --date (stance, red line, summary) with the
    file and date it comes from. Uncomment what the source restates or changes and edit
    it. The file is valid as written, and an existing file is never overwritten.

    Exit 0 when created, 1 when the file exists or the data is invalid, 2 on a usage error.
    """
    from ..curate import (
        URL_PATTERN,
        SourceFields,
        carried_positions,
        slugify,
        snapshot_file_name,
        snapshot_scaffold,
    )
    from ..errors import DataError, UsageError
    from ..fold import fold
    from ..fsutil import write_atomic
    from ..quotes import text_path
    from ..repository import display_path

    with user_errors():
        when = parse_date_option(day, "--date")
        assert when is not None
        if not title.strip():
            raise UsageError("--title must not be empty: give the source document's title")
        if url is not None and not URL_PATTERN.match(url):
            raise UsageError(f"--url '{url}' is not an http(s) URL without spaces")
        if outlet is not None and not outlet.strip():
            raise UsageError("--outlet must not be empty")
        name = snapshot_file_name(when, slug if slug is not None else slugify(title))
        if name is None:
            raise UsageError(f"--slug '{slug}' is not valid: use letters, digits, '-', '_' and "
                             "'.', starting with a letter or digit, without .yaml")
        loaded = load_valid(settings(root), negotiation)
        folder = Path(loaded.folder)
        if text is not None:
            found, why = text_path(folder, text)
            if found is None:
                raise UsageError(f"--text: {why}")
        target = folder / name
        if target.exists():
            raise DataError(f"'{display_path(target)}' already exists; not overwriting it "
                            "(edit it, or choose another --slug)")
        carried = carried_positions(loaded.negotiation, fold(loaded.snapshots, when))
        source = SourceFields(title.strip(), kind.value, (outlet or "").strip(), url or "",
                              text or "")
        write_atomic(target, snapshot_scaffold(loaded.negotiation, when, source, carried))
        typer.echo(f"created {display_path(target)}")
        if carried:
            typer.echo(f"{len(carried)} position(s) as of {when.isoformat()} carried as comments: "
                       "uncomment and edit what this source restates or changes")
        typer.echo("then run redline validate" + (" and redline sources" if text else ""))


def sources(
    negotiation: NegotiationArg = None,
    root: RootOption = None,
    output_format: Annotated[SourcesFormat, typer.Option("--format", "-f",
                                                         help="Output format.")] = SourcesFormat.text,
) -> None:
    """Check that every quote appears verbatim in its snapshot's local source text.

    A snapshot's source.text names a local copy of its source document. Whitespace,
    quote marks and dashes are normalised; anything else must match. For each quote
    that does not, the closest passage of the text and a word diff are shown. Quotes of
    sources without a local text are reported as unverified (a warning).

    Exit 0 when no quote mismatches, 1 on a mismatch or a missing source text (or
    invalid data), 2 on a usage error.
    """
    import sys

    from ..quotes import check_loaded
    from ..render import sources as render_sources

    with user_errors():
        loaded = load_valid(settings(root), negotiation)
        results = check_loaded(loaded)
    report = render_sources.SourcesReport(loaded.negotiation.id, tuple(results))
    if output_format is SourcesFormat.json:
        render_sources.write_json(report, sys.stdout)
    else:
        render_sources.write_text(report, sys.stdout)
    raise typer.Exit(1 if report.failed else 0)
