"""A chart of ranges over time, written as SVG text: no drawing library.

`draw(plot)` lays out a `Plot` (what `charts.svg` makes of one issue) on a 720-unit wide
canvas printed 180 mm wide, the text width of an A4 page: the title, a legend of the
parties and of the line styles, the scale's labels up the y axis, the dates along x
(`date_ticks`), a band per party and span, and the hatched gaps. Only `<rect>`, `<line>`,
`<path>`, `<text>` and one `<pattern>` are used, so that browsers, pandoc and print all
show the same thing.

Every text from the data goes through `escape.xml_text`; a scale label longer than three
lines of 32 characters is cut with '…' (the scale is spelled out in full under the chart,
and the full label is the tooltip). Every id starts with the plot's `key`, unique per
issue, so that the charts of one HTML page do not share ids. The same plot gives the
same bytes: numbers are written with at most two decimals, in a fixed order.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import date

from . import date_ticks
from .escape import terminal, xml_text

WIDTH = 720.0  # canvas units (CSS pixels at 100%); printed 180 mm wide
FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
_SIZE, _TITLE_SIZE, _LINE = 12.0, 13.0, 14.0  # font sizes and the line height of labels
_WRAP, _MAX_LINES, _MAX_NAME = 32, 3, 40  # scale labels: characters a line, lines; legend names
_LABEL_ROOM = 220.0  # the widest a scale label's line may be (32 characters of Latin text)
_RIGHT = 36.0  # room right of the plot for the 'gap' note and the last date
_BOTTOM = 40.0  # room under the plot for two lines of dates
GRID, INK, MUTED, HATCH = "#e3e3e3", "#333333", "#6a6a6a", "#9a9a9a"


@dataclass(frozen=True)
class Band:
    """One party's range over a span: `low` to `high` on the scale (0 the first point)."""

    colour: str
    start: date
    end: date
    low: float
    high: float
    stance: float
    red_line: float | None  # where the dashed red line is drawn, if the red line is known


@dataclass(frozen=True)
class Gap:
    """The hatched space between two deadlocked ranges."""

    start: date
    end: date
    low: float
    high: float


@dataclass(frozen=True)
class Plot:
    key: str  # the prefix of every id in the SVG
    title: str
    scale: tuple[str, ...]  # labels, from the first point (bottom) up
    parties: tuple[tuple[str, str], ...]  # (name, colour), in legend order
    bands: tuple[Band, ...]
    gaps: tuple[Gap, ...]
    first: date
    last: date


def draw(plot: Plot) -> str:
    """The SVG document of `plot` (an XML declaration, then one `<svg>` element)."""
    labels = [_label_lines(label) for label in plot.scale]
    left = 14 + min(max((_width(line) for lines in labels for line in lines), default=0), _LABEL_ROOM + 10)
    legend, legend_height = _legend(plot, 8.0, 40.0)
    top = 40 + legend_height + 10
    row = max(34.0, _LINE * max((len(lines) for lines in labels), default=1) + 8)
    frame = _Frame(plot, left, top, WIDTH - left - _RIGHT, row)
    height = top + frame.height + _BOTTOM
    label = xml_text(f"Positions over time: {plot.title}")
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{plot.key}" viewBox="0 0 {_n(WIDTH)} {_n(height)}"'
        f' width="180mm" height="{_n(height * 180 / WIDTH)}mm" role="img" aria-label="{label}"'
        f' font-family="{FONT}" font-size="{_n(_SIZE)}">',
        f'<title id="{plot.key}-title">{label}</title>',
        f"<desc>{_description(plot)}</desc>",
        f'<defs><pattern id="{plot.key}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}"'
        ' stroke-width="1.2"/></pattern></defs>',
        f'<rect width="{_n(WIDTH)}" height="{_n(height)}" fill="#ffffff"/>',
        f'<text x="8" y="19" font-size="{_n(_TITLE_SIZE)}" font-weight="bold" fill="{INK}">'
        f"{xml_text(_cut(plot.title, WIDTH - 16, _TITLE_SIZE))}</text>",
    ]
    body = legend + frame.grid() + frame.bands() + frame.gaps() + frame.axes(labels)
    return "\n".join([*head, *body, "</svg>"]) + "\n"


class _Frame:
    """The plot area: dates to x, scale positions to y, and what is drawn in it."""

    def __init__(self, plot: Plot, left: float, top: float, width: float, row: float) -> None:
        self.plot, self.left, self.top, self.width, self.row = plot, left, top, width, row
        self.span = max((plot.last - plot.first).days, 1)
        self.height = row * (len(plot.scale) + 0.2)  # half a row and a bit above and below

    def x(self, day: date) -> float:
        return self.left + (day - self.plot.first).days / self.span * self.width

    def y(self, point: float) -> float:
        return self.top + (len(self.plot.scale) - 0.4 - point) * self.row

    def grid(self) -> list[str]:
        right = self.left + self.width
        return [
            f'<line x1="{_n(self.left)}" y1="{_n(self.y(n))}" x2="{_n(right)}" y2="{_n(self.y(n))}"'
            f' stroke="{GRID}" stroke-width="0.8"/>'
            for n in range(len(self.plot.scale))
        ]

    def bands(self) -> list[str]:
        ranges, lines = [], []
        for b in self.plot.bands:
            x1, x2 = self.x(b.start), self.x(b.end)
            top, bottom = self.y(b.high), self.y(b.low)
            ranges.append(
                f'<rect x="{_n(x1)}" y="{_n(top)}" width="{_n(x2 - x1)}" height="{_n(bottom - top)}"'
                f' fill="{b.colour}" fill-opacity="0.22"/>'
            )
            lines.append(_hline(x1, x2, self.y(b.stance), b.colour, "2.9"))
            if b.red_line is not None:
                lines.append(_hline(x1, x2, self.y(b.red_line), b.colour, "1.7", ' stroke-dasharray="7 3.5"'))
        return ranges + lines

    def gaps(self) -> list[str]:
        out = []
        for g in self.plot.gaps:
            x1, x2 = self.x(g.start), self.x(g.end)
            top, bottom = self.y(g.high), self.y(g.low)
            out += [
                f'<rect x="{_n(x1)}" y="{_n(top)}" width="{_n(x2 - x1)}" height="{_n(bottom - top)}"'
                f' fill="url(#{self.plot.key}-hatch)"/>',
                f'<text x="{_n(x2 + 3)}" y="{_n((top + bottom) / 2 + 4)}" font-size="10.5"'
                f' fill="{MUTED}">gap</text>',
            ]
        return out

    def axes(self, labels: list[list[str]]) -> list[str]:
        bottom, right = self.top + self.height, self.left + self.width
        out = [
            f'<path d="M{_n(self.left)} {_n(self.top)}V{_n(bottom)}H{_n(right)}" fill="none"'
            f' stroke="{INK}" stroke-width="1"/>'
        ]
        for n, lines in enumerate(labels):
            y = self.y(n)
            out.append(_hline(self.left - 4, self.left, y, INK, "1"))
            out.append(self._scale_label(n, lines, y))
        wide = self.plot.last - self.plot.first > date_ticks.WIDE_SPAN
        days = date_ticks.ticks(self.plot.first, self.plot.last)
        for day, text in zip(days, date_ticks.labels(days, wide), strict=True):
            x = self.x(day)
            out.append(
                f'<line x1="{_n(x)}" y1="{_n(bottom)}" x2="{_n(x)}" y2="{_n(bottom + 4)}" stroke="{INK}"/>'
            )
            spans = "".join(
                f'<tspan x="{_n(x)}" y="{_n(bottom + 17 + _LINE * k)}">{xml_text(line)}</tspan>'
                for k, line in enumerate(text.split("\n"))
            )
            out.append(f'<text text-anchor="middle" fill="{INK}">{spans}</text>')
        return out

    def _scale_label(self, n: int, lines: list[str], y: float) -> str:
        first = y + 4 - (len(lines) - 1) * _LINE / 2  # the lines centred on the grid line
        full = terminal(self.plot.scale[n])
        tooltip = f"<title>{xml_text(full)}</title>" if " ".join(lines) != " ".join(full.split()) else ""
        spans = "".join(
            f'<tspan x="{_n(self.left - 7)}" y="{_n(first + _LINE * k)}">{xml_text(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        return f'<text text-anchor="end" fill="{INK}">{tooltip}{spans}</text>'


def _legend(plot: Plot, x0: float, y0: float) -> tuple[list[str], float]:
    """The legend's elements, flowing in rows under the title, and the height they take."""
    items: list[tuple[str, str, str]] = []  # (swatch, text, tooltip)
    for name, colour in plot.parties:
        items.append(
            (f'<rect x="0" y="-9" width="14" height="10" fill="{colour}" fill-opacity="0.6"/>', *_name(name))
        )
    items.append((_hline(0, 16, -4, MUTED, "2.9"), "stance", ""))
    items.append((_hline(0, 16, -4, MUTED, "1.7", ' stroke-dasharray="7 3.5"'), "red line", ""))
    if plot.gaps:
        items.append(
            (f'<rect x="0" y="-9" width="14" height="10" fill="url(#{plot.key}-hatch)"/>', "deadlock gap", "")
        )
    out, x, y = [], x0, y0
    for swatch, text, tooltip in items:
        width = 20 + _width(text)
        if x > x0 and x + width > WIDTH - 8:
            x, y = x0, y + 18
        out.append(
            f'<g transform="translate({_n(x)} {_n(y)})">{swatch}<text x="20" y="0" fill="{INK}">'
            f"{tooltip}{xml_text(text)}</text></g>"
        )
        x += width + 14
    return out, y - y0 + 18


def _name(name: str) -> tuple[str, str]:
    """A legend name, cut at _MAX_NAME characters, and the tooltip that gives it whole."""
    shown = terminal(name)
    if len(shown) <= _MAX_NAME:
        return shown, ""
    return shown[: _MAX_NAME - 1].rstrip() + "…", f"<title>{xml_text(shown)}</title>"


def _label_lines(label: str) -> list[str]:
    """A scale label on at most _MAX_LINES lines of about _WRAP characters (fewer where they
    are wide, as CJK ones are), the last cut with '…' if the label is longer."""
    text = terminal(label)
    per_char = _width(text) / len(text) if text else 1.0
    wrap = max(4, min(_WRAP, int(_LABEL_ROOM / per_char)))
    lines = textwrap.wrap(text, wrap, break_long_words=True, break_on_hyphens=False) or ["?"]
    if len(lines) <= _MAX_LINES:
        return lines
    return [*lines[: _MAX_LINES - 1], lines[_MAX_LINES - 1][: wrap - 1].rstrip() + "…"]


def _description(plot: Plot) -> str:
    scale = " → ".join(terminal(label) for label in plot.scale)
    parties = ", ".join(terminal(name) for name, _ in plot.parties)
    dates = f"from {plot.first.isoformat()} to {plot.last.isoformat()}"
    return xml_text(
        f"Each party's range from its stance to its red line, {dates}. Scale: {scale}. Parties: {parties}."
    )


def _hline(x1: float, x2: float, y: float, colour: str, width: str, extra: str = "") -> str:
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y)}" x2="{_n(x2)}" y2="{_n(y)}" stroke="{colour}"'
        f' stroke-width="{width}"{extra}/>'
    )


def _cut(text: str, room: float, size: float = _SIZE) -> str:
    """`text` (one line), cut with '…' to about `room` units wide."""
    text = terminal(text)
    if _width(text, size) <= room:
        return text
    used, room = 0.0, room - _width("…", size)
    for n, c in enumerate(text):
        used += size / 100 * _em(c)
        if used > room:
            return text[:n].rstrip() + "…"
    return text


def _width(text: str, size: float = _SIZE) -> float:
    """About how wide `text` is in DejaVu Sans of `size` (ASCII exactly, the rest guessed)."""
    return size / 100 * sum(_em(c) for c in text)


# DejaVu Sans' advance widths of ' ' to '~', in hundredths of an em (from the font file).
_ASCII = bytes.fromhex(
    "20282e54405f4e1b272732542024202240404040404040404040222254545435"
    "644445464d3f3a4d4b1d1d4238564b4f3c4f453f3d494463453d452722275432"
    "323d3f373f3e233f3f1c1c3a1c613f3d3f3f2934273f3b523b3b3440224054"
)


def _em(c: str) -> int:
    if " " <= c <= "~":
        return _ASCII[ord(c) - 32]
    if unicodedata.east_asian_width(c) in "WF":
        return 100
    return 72 if c.isupper() else 62


def _n(value: float) -> str:
    """A number with at most two decimals, no trailing zeros: the same value, the same text."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
