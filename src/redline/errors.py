"""redline's exceptions: user-ready messages, caught once at the CLI edge.

Data problems are not exceptions (see `problems`); these are for situations where a
command cannot go on at all: a missing positions root, an unknown negotiation, a bad
option value, a git failure.
"""


class RedlineError(Exception):
    """Base class: the message is shown to the user as is; exit code 2.

    `setting` names the setting the message is about (e.g. "root"), so that the CLI can
    say how to set it; the core names concepts, never command-line flags.
    """

    exit_code = 2

    def __init__(self, message: str, setting: str = ""):
        super().__init__(message)
        self.setting = setting


class UsageError(RedlineError):
    """The command was called wrongly: unknown path, negotiation, date or option."""


class GitError(RedlineError):
    """git is missing, the folder is not a repository, or a revision is unknown."""


class DataError(RedlineError):
    """The data is invalid and the command needs it valid; exit code 1."""

    exit_code = 1
