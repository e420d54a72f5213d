"""The briefing as one self-contained HTML file, from the same markdown.

The markdown of `render_brief` goes through markdown-it-py (CommonMark, tables, no raw
HTML: the data's `<` and `&` stay text), with two small additions it lacks: GFM
footnotes (`[^n]` references and `[^n]: ...` definitions, rendered as links both ways)
and charts, which arrive as images with a `chart:<issue>` source and are replaced by
their SVG, inline. The CSS is inline too: the file makes no request of its own.

Printed on A4, the main body fills the first page; the divider before the annex is a
page break.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any, TextIO

from ..briefing import Briefing
from .brief import render_brief

CHART_SCHEME = "chart:"
_REF = re.compile(r"\[\^(\d{1,4})\]")
_DEF = re.compile(r"\[\^(\d{1,4})\]: ")
_XML_PROLOGUE = re.compile(r"\A(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?")

CSS = """
@page { size: A4; margin: 14mm 15mm; }
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d4d9; --band: #f4f6f8; }
html { font: 10pt/1.42 "Source Serif Pro", Georgia, "Times New Roman", serif; color: var(--ink); }
body { margin: 0; background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 1.2rem 1.4rem 3rem; }
h1 { font: 600 1.55rem/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 0 .3rem; }
h1 + p { color: var(--muted); margin-top: 0; }
h2 { font: 600 1.05rem/1.3 system-ui, -apple-system, "Segoe UI", sans-serif;
     border-bottom: 1px solid var(--rule); padding-bottom: .15rem; margin: 1.1rem 0 .45rem; }
h3 { font: 600 .95rem/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1rem 0 .3rem; }
h2:first-of-type + p { font-size: 1.08rem; background: var(--band); padding: .55rem .75rem;
     border-left: 3px solid #3b6ea5; }
p, ul { margin: .35rem 0; }
ul { padding-left: 1.2rem; }
li { margin: .12rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .86rem; margin: .3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .22rem .35rem; text-align: left;
         vertical-align: top; }
th { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-weight: 600; }
blockquote { margin: .35rem 0 .35rem .2rem; padding-left: .7rem; border-left: 2px solid var(--rule);
             color: #33373b; font-style: italic; }
sup.fn { font-size: .7em; line-height: 0; }
sup.fn a { text-decoration: none; color: #3b6ea5; }
hr { border: 0; border-top: 2px solid var(--ink); margin: 1.6rem 0 1rem; }
figure.chart { margin: .4rem 0; }
figure.chart svg { width: 100%; height: auto; }
p.footnote { font-size: .82rem; margin: .15rem 0; padding-left: 1.6rem; text-indent: -1.6rem;
             overflow-wrap: anywhere; }
p.footnote .n { display: inline-block; width: 1.6rem; text-indent: 0; color: var(--muted); }
a { color: #2f5f8f; }
a.back { text-decoration: none; }
@media print {
  main { max-width: none; padding: 0; }
  hr { break-after: page; page-break-after: always; border: 0; margin: 0; }
  h2, h3 { break-after: avoid; }
  figure.chart, tr, blockquote { break-inside: avoid; }
}
"""


def render_html(briefing: Briefing, out: TextIO, svgs: dict[str, str] | None = None) -> None:
    """Write the briefing as HTML; `svgs` ({issue id: SVG text}, `charts.svg_files`) are the
    charts, inline (`redline brief` always draws them; without them the page has none)."""
    markdown = io.StringIO()
    links = {issue: CHART_SCHEME + issue for issue in svgs or {}}
    render_brief(briefing, markdown, links)
    body = to_html(markdown.getvalue(), svgs or {})
    title = html.escape(f"Briefing: {briefing.negotiation.title} as of {briefing.as_of.isoformat()}")
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def to_html(markdown: str, svgs: dict[str, str]) -> str:
    """The HTML of a briefing's markdown, footnotes linked and charts inline."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.inline.ruler.before("link", "footnote_ref", _footnote_ref)
    md.block.ruler.before("reference", "footnote_def", _footnote_def, {"alt": ["paragraph", "reference"]})
    md.add_render_rule("footnote_ref", _render_ref)
    md.add_render_rule("footnote_def_open", _render_def_open)
    md.add_render_rule("footnote_def_close", _render_def_close)
    md.add_render_rule("image", _chart_renderer(svgs))
    return md.render(markdown)


def _footnote_ref(state: Any, silent: bool) -> bool:
    match = _REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"n": match.group(1)}
    state.pos = match.end()
    return True


def _footnote_def(state: Any, start: int, end: int, silent: bool) -> bool:
    begin = state.bMarks[start] + state.tShift[start]
    stop = state.eMarks[start]
    match = _DEF.match(state.src, begin, stop)
    if match is None or state.sCount[start] - state.blkIndent >= 4:
        return False
    if silent:
        return True
    token = state.push("footnote_def_open", "p", 1)
    token.meta = {"n": match.group(1)}
    token.map = [start, start + 1]
    inline = state.push("inline", "", 0)
    inline.content = state.src[match.end() : stop].strip()
    inline.map = [start, start + 1]
    inline.children = []
    close = state.push("footnote_def_close", "p", -1)
    close.meta = {"n": match.group(1)}
    state.line = start + 1
    return True


def _render_ref(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    n = tokens[idx].meta["n"]
    comma = "," if idx and tokens[idx - 1].type == "footnote_ref" else ""  # [^1][^2] -> 1,2
    seen = env.setdefault("footnote_refs", set())
    anchor = "" if n in seen else f' id="fnref{n}"'  # the first reference, for the way back
    seen.add(n)
    return f'<sup class="fn">{comma}<a href="#fn{n}"{anchor}>{n}</a></sup>'


def _render_def_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    n = tokens[idx].meta["n"]
    return f'<p class="footnote" id="fn{n}"><span class="n">{n}.</span>'


def _render_def_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    n = tokens[idx].meta["n"]
    back = (
        f' <a class="back" href="#fnref{n}" aria-label="Back to the text">↩</a>'
        if n in env.get("footnote_refs", ())
        else ""
    )
    return f"{back}</p>\n"


def _chart_renderer(svgs: dict[str, str]) -> Any:
    def render(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = token.attrGet("src") or ""
        if src.startswith(CHART_SCHEME) and src[len(CHART_SCHEME) :] in svgs:
            svg = _XML_PROLOGUE.sub("", svgs[src[len(CHART_SCHEME) :]])
            alt = html.escape(self.renderInlineAsText(token.children or [], options, env))
            return f'<figure class="chart" role="img" aria-label="{alt}">{svg}</figure>'
        return self.renderInlineAsText(token.children or [], options, env)  # no other images

    return render
