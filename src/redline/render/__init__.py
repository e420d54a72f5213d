"""Renderers, chosen from one table keyed by (view, format).

A view is what a command shows (`report`, `diff`, `review`...); a format is how
(`text`, `json`, `markdown`, `github`). Each entry names the module of this package
and the function that renders the view in that format, and how the function takes its
output: a stream, a rich console (text for a terminal), or JSON data to dump. The
module is imported only when its renderer is used, so that `redline --help` and a
one-file `validate` never import rich or the renderers they do not need.

    render("report", Format.json, report, sys.stdout)

The table is also the list of formats each command offers (`formats("sources")`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, TextIO


class Format(str, Enum):
    """Every output format; each view offers some of them (see `formats`)."""

    text = "text"
    json = "json"
    markdown = "markdown"
    github = "github"


# How a renderer takes its output.
STREAM = "stream"  # function(result, out, **options)
CONSOLE = "console"  # function(result, console): a console shaped like the terminal, writing to out
LOG = "log"  # function(result, console): one line per finding, whatever the width (greppable logs)
DATA = "data"  # function(result) -> dict, written as JSON

RENDERERS: dict[tuple[str, Format], tuple[str, str, str]] = {
    ("validate", Format.text): ("problems", "render_text", STREAM),
    ("validate", Format.json): ("problems", "validation_data", DATA),
    ("validate", Format.github): ("problems", "render_github", STREAM),
    ("report", Format.text): ("text", "render_report", CONSOLE),
    ("report", Format.json): ("jsonout", "report_data", DATA),
    ("report", Format.markdown): ("markdown", "render_report", STREAM),
    ("diff", Format.text): ("text", "render_diff", CONSOLE),
    ("diff", Format.json): ("jsonout", "diff_data", DATA),
    ("diff", Format.markdown): ("markdown", "render_diff", STREAM),
    ("timeline", Format.text): ("text", "render_timeline", CONSOLE),
    ("timeline", Format.json): ("jsonout", "timeline_data", DATA),
    ("timeline", Format.markdown): ("markdown", "render_timeline", STREAM),
    ("review", Format.text): ("review_text", "render_text", LOG),
    ("review", Format.json): ("review_json", "review_data", DATA),
    ("review", Format.markdown): ("review", "render_markdown", STREAM),
    ("review", Format.github): ("review", "render_github", STREAM),
    ("sources", Format.text): ("sources", "write_text", STREAM),
    ("sources", Format.json): ("sources", "report_data", DATA),
    ("brief", Format.markdown): ("brief", "render_brief", STREAM),
}


def formats(view: str) -> tuple[Format, ...]:
    """The formats `view` can be rendered in, in the order of `Format`."""
    return tuple(f for f in Format if (view, f) in RENDERERS)


def _function(module: str, name: str) -> Callable[..., Any]:
    from importlib import import_module

    function: Callable[..., Any] = getattr(import_module(f"{__name__}.{module}"), name)
    return function


def render(view: str, fmt: Format, result: object, out: TextIO, **options: Any) -> None:
    """Write `result` of `view` to `out` in `fmt` (text: as the terminal would show it)."""
    module, name, kind = RENDERERS[view, fmt]
    function = _function(module, name)
    if kind == DATA:
        from .jsonout import dump

        dump(function(result, **options), out)
    elif kind == STREAM:
        function(result, out, **options)
    else:
        from .text import console_like, make_console

        console = make_console(out) if kind == LOG else console_like(make_console(sys.stdout), out)
        console.soft_wrap = kind == LOG
        function(result, console, **options)


def data(view: str, result: object) -> dict[str, Any]:
    """The JSON data of `result` of `view` (for a list of several results)."""
    module, name, kind = RENDERERS[view, Format.json]
    assert kind == DATA, (view, kind)
    value: dict[str, Any] = _function(module, name)(result)
    return value
