"""The `redline` command: parses options, calls the core, picks a renderer, sets the exit code.

Exit codes: 0 fine; 1 invalid data (or, with `diff --exit-code`, changes found);
2 usage or environment error. Nothing below this module prints or exits.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .commands.common import (
    AsOfOption,
    Format,
    FormatOption,
    NegotiationArg,
    RootOption,
    ValidateFormat,
    load_valid,
    output_key,
    parse_date_option,
    render,
    rendered,
    user_errors,
)
from .errors import RedlineError, UsageError

app = typer.Typer(
    name="redline",
    help=(
        "Track how the positions of parties in a negotiation shift over time.\n\n"
        "Exit codes: 0 fine; 1 invalid data (or changes, with diff --exit-code); "
        "2 usage or environment error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"redline {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Track how the positions of parties in a negotiation shift over time."""


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to check [default: the whole positions root]."),
    ] = None,
    root: RootOption = None,
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ValidateFormat.text,
    quotes: Annotated[bool, typer.Option(
        "--quotes", help="Also check every quote against its snapshot's local source text.")] = False,
) -> None:
    """Check positions files against the schemas and redline's rules.

    Every problem in every file is reported as path:line:col: message.
    Exit 0 when all files are valid, 1 when any is not, 2 on a usage error.
    """
    from .checks import run_validate

    with user_errors():
        result = run_validate([str(p) for p in paths] if paths else None, root, quotes=quotes)
    out = sys.stdout
    if output_format is ValidateFormat.json:
        from .render.jsonout import dump

        dump(result.to_json(), out)
    elif output_format is ValidateFormat.github:
        from .render.github import problems_as_annotations

        out.write(problems_as_annotations(result.problems))
    else:
        for problem in result.problems:
            out.write(problem.format() + "\n")
        out.write(result.summary() + "\n")
    raise typer.Exit(1 if result.errors else 0)


@app.command()
def report(
    negotiation: NegotiationArg = None,
    as_of: AsOfOption = None,
    every: Annotated[bool, typer.Option("--all", help="Report every negotiation under the root, "
                                        "one after the other (JSON: a list).")] = False,
    root: RootOption = None,
    output_format: FormatOption = Format.text,
) -> None:
    """The state of a negotiation at a date: issues x parties, statuses, what moved last.

    Exit 0 on success, 1 when the data is invalid, 2 on a usage error.
    """
    from .views import build_report

    with user_errors():
        when = parse_date_option(as_of, "--as-of")
        if every and negotiation is not None:
            raise UsageError("give a negotiation or --all, not both")
        names: list[str | None] = [negotiation]
        if every:
            from .repository import negotiation_folders, resolve_root

            names = [folder.name for folder in negotiation_folders(resolve_root(root))]
        as_list = every and output_format is Format.json
        key = f"report:{'list-item' if as_list else output_key(output_format)}:{when}"
        outputs = []
        for name in names:
            loaded = load_valid(root, name)

            def make(loaded: Any = loaded) -> Any:
                result = build_report(loaded.negotiation, loaded.snapshots, when)
                if as_list:
                    from .render.jsonout import report_data

                    return report_data(result)
                return rendered("report", output_format, result)

            # The same data gives the same report: remembered while no file changes.
            outputs.append(loaded.memoized(
                f"{key}:{loaded.folder}", make,
                (lambda v: isinstance(v, dict)) if as_list else (lambda v: isinstance(v, str))))
        if as_list:
            from .render.jsonout import dump_list

            dump_list(outputs, sys.stdout)
        else:
            sys.stdout.write("\n".join(outputs))


@app.command()
def diff(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="NEGOTIATION (with --from/--to), or two snapshot files A.yaml B.yaml."),
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Old date (YYYY-MM-DD) "
                                                     "[default: the previous snapshot date].")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="New date (YYYY-MM-DD) "
                                                   "[default: the latest snapshot date].")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Between two dates, also list reworded "
                                           "summaries and quote changes (files: always).")] = False,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when something changed, "
                                            "0 when nothing did, 2 on any error.")] = False,
    root: RootOption = None,
    output_format: FormatOption = Format.text,
) -> None:
    """The classified changes between two dates of a negotiation, or two snapshot files.

    Exit 0 on success, 1 when the data is invalid, 2 on a usage error; with --exit-code:
    0 nothing changed, 1 something changed, 2 any error.
    """
    from .views import build_date_diff, build_file_diff

    fail = 2 if exit_code else None
    with user_errors(fail):
        items = targets or []
        if len(items) == 2 and all(t.endswith((".yaml", ".yml")) for t in items):
            if date_from or date_to:
                raise UsageError("--from/--to go with a negotiation, not with two files")
            negotiation, old, new = _load_pair(Path(items[0]), Path(items[1]))
            result = build_file_diff(negotiation, old, new)
        elif len(items) <= 1:
            loaded = load_valid(root, items[0] if items else None)
            dates = sorted({s.date for s in loaded.snapshots})
            new_date = parse_date_option(date_to, "--to") or (dates[-1] if dates else None)
            old_date = parse_date_option(date_from, "--from")
            if old_date is None:
                earlier = [d for d in dates if new_date is None or d < new_date]
                old_date = earlier[-1] if earlier else new_date
            if old_date is None or new_date is None:
                raise UsageError("the negotiation has no snapshots to compare")
            result = build_date_diff(loaded.negotiation, loaded.snapshots, old_date, new_date,
                                     evidence=show_all)
        else:
            raise UsageError("give a negotiation, or exactly two snapshot files")
        render("diff", output_format, result)
    if exit_code:
        raise typer.Exit(1 if result.moved else 0)


def _load_pair(a: Path, b: Path):  # type: ignore[no-untyped-def]
    """Two snapshot files, checked against the negotiation beside the second one."""
    from .errors import DataError
    from .repository import NEGOTIATION_FILE, load_negotiation_file, load_snapshot_file

    for path in (a, b):
        if not path.is_file():
            raise UsageError(f"no such file: '{path}'")
    negotiation_path = b.parent / NEGOTIATION_FILE
    if not negotiation_path.is_file():
        raise UsageError(f"'{b}' has no {NEGOTIATION_FILE} beside it")
    negotiation, problems = load_negotiation_file(negotiation_path)
    snapshots = []
    if negotiation is not None:
        for path in (a, b):
            snapshot, found = load_snapshot_file(path, negotiation)
            problems.extend(found)
            snapshots.append(snapshot)
    errors = [p for p in problems if p.severity == "error"]
    if errors or negotiation is None:
        for problem in errors:
            typer.echo(problem.format(), err=True)
        raise DataError(f"{len(errors)} problem(s) in the files; fix them first")
    return negotiation, snapshots[0], snapshots[1]


@app.command()
def timeline(
    negotiation: NegotiationArg = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue.")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Only this party.")] = None,
    root: RootOption = None,
    output_format: FormatOption = Format.text,
) -> None:
    """Each party's stance and red line on each issue, date by date.

    Exit 0 on success, 1 when the data is invalid, 2 on a usage error.
    """
    from .views import build_timeline

    with user_errors():
        loaded = load_valid(root, negotiation)
        result = build_timeline(loaded.negotiation, loaded.snapshots, issue, party)
        render("timeline", output_format, result)


# Commands defined in their own modules (each imports only typer at the top).
from .commands.brief import brief  # noqa: E402
from .commands.curate import init, new, sources  # noqa: E402
from .commands.review import review  # noqa: E402
from .commands.schemas import schemas  # noqa: E402

app.command()(review)
app.command()(brief)
app.command()(init)
app.command()(new)
app.command()(sources)
app.command()(schemas)


def main() -> None:
    """Entry point: run the app; turn redline's errors into one clean line and an exit code."""
    try:
        app()
    except RedlineError as exc:
        sys.stderr.write(f"redline: error: {exc}\n")
        sys.exit(exc.exit_code)
