"""The terminal view of `redline review` (rich), apart so that the other formats need no rich."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..compare import Change
from ..review import Effect, NegotiationReview, Review
from . import phrases
from .escape import terminal
from .review_phrases import (
    ANCESTRY,
    STATUS_MARK,
    change_phrase,
    context_line,
    effect_phrase,
    negotiation_counts,
    quote_words,
    redated,
    retold_phrase,
    source_words,
    stated_arrow,
    stated_phrase,
    status_phrase,
    summary_line,
    today_effect,
    where,
)
from .text import CROSSING_STYLE, DIRECTION_STYLE, STATUS_STYLE


def _t(text: str, style: str = "") -> Text:
    return Text(terminal(text), style=style)


def render_text(review: Review, console: Console) -> None:
    s = review.summary
    style = "bold red" if s.errors else "bold yellow" if s.flags else "bold green"
    console.print(Text.assemble(_t("redline review: ", "bold"), _t(summary_line(review), style)))
    console.print(_t(context_line(review), "dim"))
    if not review.base_is_ancestor:
        console.print(_t(f"! {ANCESTRY}", "yellow"))
    for neg in review.negotiations:
        _text_negotiation(neg, console)
    if review.flags:
        console.print()
        console.print(_t("Review flags", "bold underline"))
        for f in review.flags:
            console.print(
                Text.assemble(
                    "  ",
                    _t(where(f.path, f.line)),
                    ": ",
                    _t("! ", "yellow"),
                    _t(f.message),
                    _t(f" ({f.code})", "dim"),
                ),
                soft_wrap=True,
            )
    for title, problems in (
        ("Validation problems at the head", review.problems),
        ("Validation problems at the base (for reference)", review.base_problems),
    ):
        if problems:
            console.print()
            console.print(_t(title, "bold underline"))
            for p in problems:
                style = "red" if p.severity == "error" and problems is review.problems else ""
                console.print(Text.assemble("  ", _t(p.format(), style)), soft_wrap=True)


def _text_words(c: Change) -> Text:
    """A reworded summary as word runs: [-removed-] {+added+}, as `git diff --word-diff`."""
    parts = [
        _t(f"[-{w}-]", "red strike") if op == "-" else _t(f"{{+{w}+}}", "green") if op == "+" else _t(w)
        for op, w in c.words
    ]
    return Text(" ").join(parts)


def _text_negotiation(neg: NegotiationReview, console: Console) -> None:
    model = neg.negotiation
    console.print()
    title = f" ({model.title})" if model else ""
    console.print(Text.assemble(_t(neg.id, "bold"), _t(title, "dim"), ": ", _t(negotiation_counts(neg))))
    if model is not None:
        for crossed in neg.crossings:
            console.print(_t(f"  ! {phrases.crossing(model, crossed)}", CROSSING_STYLE), soft_wrap=True)
    console.print(_t("  Files", "bold"))
    for fc in neg.files:
        console.print(
            Text.assemble(
                "    ",
                _t(STATUS_MARK.get(fc.status, "?"), "bold"),
                " ",
                _t(fc.path),
                _t(f" (from {fc.old_path})" if fc.old_path else "", "dim"),
                _t(f"; {redated(fc)}" if fc.old_date else "", "yellow"),
            ),
            soft_wrap=True,
        )
    for line in neg.definition:
        console.print(Text.assemble("    ", _t(f"negotiation.yaml: {line}", "yellow")))
    _text_added(neg, console)
    changed = [fc for fc in neg.files if (fc.changes or not fc.compared) and not fc.stated]
    if changed:
        console.print(_t("  Changes to positions", "bold"))
    for fc in changed:
        if not fc.compared:
            console.print(
                Text.assemble(
                    "    ",
                    _t(fc.path),
                    ": ",
                    _t("not compared: validation problems in this file or its negotiation", "dim"),
                ),
                soft_wrap=True,
            )
        for c in fc.changes:
            arrow = phrases.ARROW.get(c.direction or "", "•")
            colour = DIRECTION_STYLE.get(c.direction or "", "")
            gone = " (base)" if c.kind == "removed" else ""
            console.print(
                Text.assemble(
                    "    ",
                    _t(where(c.path, c.line) + gone + ": "),
                    _t(arrow, colour),
                    " ",
                    _t(change_phrase(model, c), colour),
                ),
                soft_wrap=True,
            )
            if c.kind == "summary" and c.words:
                console.print(Text.assemble("      ", _text_words(c)), soft_wrap=True)
    if neg.effects or neg.note:
        console.print(_t("  Effect on the folded state", "bold"))
    if neg.note:
        console.print(_t(f"    {neg.note}", "dim"))
    for effect in neg.effects:
        _text_effect(neg, effect, console)
    today = today_effect(neg)
    if today is not None:
        console.print(_t(f"  Today (as of {today.date.isoformat()})", "bold"))
        _text_effect(neg, today, console)


def _text_added(neg: NegotiationReview, console: Console) -> None:
    """Each added snapshot: its source, and each position restated or moved, with quotes."""
    added = [fc for fc in neg.files if fc.stated]
    if added:
        console.print(_t("  New snapshots", "bold"))
    for fc in added:
        url = f" <{fc.source.url}>" if fc.source and fc.source.url else ""
        console.print(
            Text.assemble("    ", _t(fc.path), ": ", _t(source_words(fc) + url, "dim")), soft_wrap=True
        )
        for s in fc.stated:
            console.print(
                Text.assemble(
                    "      ",
                    _t(where(fc.path, s.stance_line or s.line)),
                    ": ",
                    _t(stated_arrow(s)),
                    " ",
                    _t(stated_phrase(s)),
                ),
                soft_wrap=True,
            )
            for q in s.quotes:
                console.print(Text.assemble("        ", _t(quote_words(q), "italic")), soft_wrap=True)


def _text_effect(neg: NegotiationReview, effect: Effect, console: Console) -> None:
    when = effect.date.isoformat() + (" (ripple)" if effect.ripple else "")
    for c in effect.changes:
        colour = DIRECTION_STYLE.get(c.direction or "", "")
        console.print(
            Text.assemble(
                "    ",
                _t(phrases.ARROW.get(c.direction or "", "•"), colour),
                " ",
                _t(effect_phrase(neg.negotiation, when, c), colour),
            )
        )
    for s in effect.status_changes:
        console.print(
            Text.assemble(
                "    ", _t("⚖", "bold"), " ", _t(status_phrase(when, s), STATUS_STYLE.get(s.new, ""))
            )
        )
    for before, after in effect.retold:
        console.print(Text.assemble("    ", _t("↻", "bold"), " ", _t(retold_phrase(when, before, after))))
