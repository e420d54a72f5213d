"""The `redline` command: a table of commands, each built only when it is run.

Each command lives in `redline.commands.<module>` as a thin function (parse options,
call the core, render). This module holds what they share at the edge:

- the table of commands with their one-line help, so that `redline --help` and shell
  completion list them without importing or building any (start-up stays close to
  `import typer` alone);
- the conventions: a usage error is one line on stderr with exit 2; `--format` takes
  only the formats the command's view offers (`redline.render.formats`); `-o FILE` onto
  an existing file without `--force` is a usage error; output a terminal cannot encode
  is written escaped, never a traceback.

Exit codes: 0 fine; 1 invalid data (or, with `diff --exit-code`, changes found);
2 usage or environment error. Nothing below this module prints or exits.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .commands.coercion import lighten, not_one_of
from .errors import RedlineError

# name: (module under redline.commands, function, the first paragraph of its help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("validate", "validate", "Check positions files against the schemas and redline's rules."),
    "report": (
        "report",
        "report",
        "The state of a negotiation at a date: issues x parties, statuses, what moved last.",
    ),
    "diff": (
        "diff",
        "diff",
        "The classified changes between two dates of a negotiation, or two snapshot files.",
    ),
    "timeline": ("timeline", "timeline", "Each party's stance and red line on each issue, date by date."),
    "review": ("review", "review", "Review the changes to the positions between two git revisions."),
    "brief": (
        "brief",
        "brief",
        "A one-page briefing (bottom line, issues, what changed, next events), then an annex.",
    ),
    "init": (
        "curate",
        "init",
        "Create a negotiation: <root>/NEGOTIATION/negotiation.yaml, with a commented example.",
    ),
    "new": ("curate", "new", "Create the next snapshot file: the source block and the positions you name."),
    "sources": (
        "curate",
        "sources",
        "Check that every quote appears verbatim in its snapshot's local source text.",
    ),
    "schemas": (
        "schemas",
        "schemas",
        "Show whether <root>/.schemas/ holds this redline's schemas; --write copies them there.",
    ),
    "completion": (
        "completion",
        "completion",
        "Print the shell completion script for bash, zsh, fish or powershell.",
    ),
}

# typer's usage errors (click's, vendored by typer 0.29): the base class of BadParameter.
_CLICK_ERROR: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class RedlineCommand(TyperCommand):
    """A typer command with redline's conventions checked before it runs."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        lighten([option] if option is not None else [], "")
        return option

    def invoke(self, ctx: Any) -> Any:
        from .commands.common import user_errors
        from .errors import UsageError
        from .render import formats

        params = ctx.params
        fmt = getattr(params.get("output_format"), "value", params.get("output_format"))
        offered = formats(self.name or "")
        if fmt is not None and offered and fmt not in [f.value for f in offered]:
            # Checked here too for typers whose choices `commands.coercion` leaves alone.
            param: Any = next(p for p in self.params if p.name == "output_format")
            raise typer.BadParameter(not_one_of(fmt, offered), ctx=ctx, param=param)
        with user_errors():
            output = params.get("output")
            if output is not None and not params.get("force") and Path(output).exists():
                raise UsageError(f"'{output}' already exists; not overwriting it (use --force to replace it)")
        return super().invoke(ctx)


def _build(name: str) -> Any:
    """The click command of `name`, built from its function."""
    from importlib import import_module

    module, function, _ = COMMANDS[name]
    callback = getattr(import_module(f"redline.commands.{module}"), function)
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    single.command(name=name, cls=RedlineCommand)(callback)
    command = typer.main.get_command(single)
    from .render import formats

    offered = [f.value for f in formats(name)]
    for param in command.params:
        if param.name == "output_format" and offered:
            param.metavar = "[" + "|".join(offered) + "]"
            param._custom_shell_complete = lambda ctx, param, incomplete: [
                value for value in offered if value.startswith(incomplete)
            ]
    lighten(command.params, name)
    return command


class _Commands(Mapping[str, Any]):
    """The commands by name, each built on first use."""

    def __init__(self) -> None:
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self.built:
            self.built[name] = _build(name)
        return self.built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class RedlineGroup(TyperGroup):
    """The group of redline's commands: lazily built, errors on one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()  # type: ignore[assignment]
        lighten(self.params, "")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        lighten([option] if option is not None else [], "")
        return option

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        with formatter.section("Commands"):
            formatter.write_dl([(name, _short(help, limit)) for name, (_, _, help) in COMMANDS.items()])

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        import os

        if os.environ.get(complete_var or "_REDLINE_COMPLETE"):
            # typer registers its completion classes only with add_completion=True, which
            # would cost every start-up: register them when a shell asks to complete.
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        for stream in (sys.stdout, sys.stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:  # a character the terminal cannot show is escaped
                reconfigure(errors="backslashreplace")
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except _CLICK_ERROR as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()
            else:
                sys.stderr.write(_one_line(exc) + "\n")
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("redline: aborted\n")
            sys.exit(1)
        except RedlineError as exc:  # raised outside a command's own handling
            from .commands.common import error_line

            sys.stderr.write(error_line(exc) + "\n")
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _short(text: str, limit: int) -> str:
    """`text` cut at a word to fit `limit` characters, with "..." (as click shortens help)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 3, 0)].rsplit(" ", 1)[0] + "..."


def _one_line(exc: Any) -> str:
    """A usage error as one line: the message, then where to read the command's help."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"redline: error: {message}{hint}"


app = typer.Typer(
    name="redline",
    cls=RedlineGroup,
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


# A run makes hundreds of thousands of objects that live until it ends (parsed documents,
# snapshots, states) and few cycles: the cyclic collector, run every 700 allocations by
# default, walks them again and again and frees nothing (a third of `report --all` of a
# 10,000-file archive). The command line collects a young generation every 200,000
# allocations instead, as mypy's does; a program that imports redline keeps its own settings.
GC_THRESHOLD = (200_000, 10, 10)


def main() -> None:
    """Entry point: run the app (usage and redline errors end as one line and an exit code)."""
    gc.set_threshold(*GC_THRESHOLD)
    app(prog_name="redline")
