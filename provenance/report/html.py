"""The one place that makes HTML: the Jinja environment, its filters, and highlighting.

Everything the report prints comes from hostile sources (militant statements,
reader comments), so:
- one Environment, `autoescape=True` for every template whatever its name
  (`select_autoescape` skips `*.j2`, RELIABILITY F5), `StrictUndefined`;
- `Markup(` is used in this module only (a test greps the package for it), and
  only around literal tags whose attribute values are escaped by `Markup.format`;
- the document text is highlighted from escaped segments (F7);
- outbound links must pass `safe_href` (F6, F9); internal links are built from
  ids and ASCII slugs by `paths`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..resources import resource_dir
from ..urls import safe_href
from . import paths

CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
_ANCHOR_ID = re.compile(r"^[a-z]+[0-9]+$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a text to mark: a claim's quote, or a citation marker linking to its target."""

    start: int
    end: int
    kind: str  # "claim" or "cite"
    id: int
    target: str  # site-root path of the page it links to


@dataclass(frozen=True, slots=True)
class Anchor:
    """An empty element with an id at an offset of the text (`c12` for claim 12)."""

    offset: int
    id: str


def render_highlighted(
    text: str,
    spans: Sequence[Span],
    anchors: Iterable[Anchor] = (),
    *,
    link: Callable[[str], str] = lambda path: path,
) -> Markup:
    """The text with every span marked, built only from escaped segments.

    The text is split at every span boundary. Each segment covered by claims is one
    `<mark>` listing them all (`data-claims="3 5"`), so overlapping, nested and
    adjacent quotes all work and each claim's text is the concatenation of the marks
    that list it; the segment links to its innermost claim, or to a citation's target
    when it is (part of) a citation marker. Nothing but tags is added, so the text
    block's textContent is exactly `text`.
    """
    size = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= size]
    by_offset: dict[int, list[str]] = {}
    for anchor in anchors:
        if _ANCHOR_ID.match(anchor.id) and 0 <= anchor.offset <= size:
            by_offset.setdefault(anchor.offset, []).append(anchor.id)
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    cuts = sorted({0, size, *by_offset, *(s.start for s in spans), *(s.end for s in spans)})
    out = [Markup("")]
    active: list[Span] = []  # the spans covering the current segment (a sweep, not a scan per segment)
    for i, start in enumerate(cuts):
        for anchor_id in by_offset.get(start, ()):
            out.append(Markup('<span class="anchor" id="{}"></span>').format(anchor_id))
        if i + 1 == len(cuts):
            break
        active = [s for s in active if s.end > start] + starting.get(start, [])
        out.append(_segment(text[start : cuts[i + 1]], active, link))
    return Markup("").join(out)


def _segment(piece: str, covering: list[Span], link: Callable[[str], str]) -> Markup:
    claims = sorted((s for s in covering if s.kind == "claim"), key=lambda s: (s.end - s.start, s.id))
    cites = sorted((s for s in covering if s.kind == "cite"), key=lambda s: (s.start, s.id))
    body: Markup = escape(piece)
    if cites:
        body = Markup('<a class="cite" href="{}">{}</a>').format(link(cites[0].target), body)
    elif claims:
        body = Markup('<a href="{}">{}</a>').format(link(claims[0].target), body)
    if claims:
        ids = " ".join(str(s.id) for s in sorted(claims, key=lambda s: s.id))
        css = "claim overlap" if len(claims) > 1 else "claim"
        body = Markup('<mark class="{}" data-claims="{}">{}</mark>').format(css, ids, body)
    return body


# ----------------------------------------------------------------------------------- filters


@pass_context
def link(context: Context, target: str) -> str:
    """The page-relative URL of a site-root path, from the page being rendered."""
    return paths.relative_url(context["page_path"], target)


@pass_context
def highlight(context: Context, text: str, spans: Sequence[Span], anchors: Iterable[Anchor] = ()) -> Markup:
    return render_highlighted(text, spans, anchors, link=lambda target: link(context, target))


def published_date(value: str | None) -> str:
    """ "2019-02-08" → "8 February 2019"; "2019-02" → "February 2019"; "2019" stays."""
    if not value:
        return "date unknown"
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {calendar.month_name[int(parts[1])]} {parts[0]}"
        if len(parts) == 2:
            return f"{calendar.month_name[int(parts[1])]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value


def language_tag(value: str | None) -> str:
    """A BCP 47-looking language tag for a `lang` attribute, or "" (then no attribute)."""
    return value if value and _LANGUAGE_TAG.match(value) else ""


def credibility_label(value: int | None) -> str:
    if value is None:
        return "not graded"
    return f"{value}: {CREDIBILITY.get(value, 'unknown')}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def _bytecode_cache() -> BytecodeCache | None:
    """Jinja's own per-user cache of compiled templates (keyed by their source): compiling them
    costs more than an incremental build's rendering. None where no such folder can be made."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def environment() -> Environment:
    """The report's Jinja environment: strict, escaping everything."""
    env = Environment(
        bytecode_cache=_bytecode_cache(),
        loader=FileSystemLoader(str(resource_dir("templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        link=link,
        safe_href=safe_href,
        published_date=published_date,
        credibility_label=credibility_label,
        language_tag=language_tag,
        plural=plural,
    )
    env.globals.update(highlight=highlight)
    return env
