"""`redline completion`: the shell completion script, printed on demand.

Completion costs nothing at start-up: the script calls `redline` back with
`_REDLINE_COMPLETE` set, and the command table answers without building the commands
it does not complete (see `redline.cli`).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell: bash, zsh, fish or powershell.")],
) -> None:
    """Print the shell completion script for bash, zsh, fish or powershell.

    Load it from your shell's start-up file, for example in ~/.bashrc:
    eval "$(redline completion bash)"; in ~/.zshrc: eval "$(redline completion zsh)";
    for fish: redline completion fish > ~/.config/fish/completions/redline.fish.

    Exit 0, 2 on a usage error.
    """
    from typer._completion_shared import get_completion_script

    typer.echo(
        get_completion_script(prog_name="redline", complete_var="_REDLINE_COMPLETE", shell=shell.value)
    )
