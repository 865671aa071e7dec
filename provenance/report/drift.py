"""What a revision did to a claim's quote: the passage the claim was made on (its revision) beside
the current text's passage, and the difference between them, word by word.

Shown for claims a revision left orphaned, ambiguous or fuzzy, so a curator sees why and can
re-quote them. Pieces are plain strings: the template escapes them (texts are hostile).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from ..anchoring import Span, find_quote
from ..errors import QuoteAmbiguous, QuoteNotFound
from ..reanchoring import sentence_of
from ..text import shorten
from .views import AnchorReview

REVIEWED = ("orphaned", "ambiguous", "fuzzy")
PASSAGE = 400  # longest passage shown each side
_PIECE = re.compile(r"\s+|\w+|[^\w\s]")


def made_on(c: Any) -> tuple[int, int, int]:
    """The revision and span a reviewed claim's quote was made on."""
    if c.anchor_state.value == "fuzzy" and c.made_revision is not None:
        return c.made_revision, c.made_start, c.made_end
    return c.revision, c.start, c.end


def passage(text: str, span: Span) -> str:
    around = sentence_of(text, span)
    return shorten(text[around.start : around.end], PASSAGE, one_line=False)


def current_passage(c: Any, text: str) -> str | None:
    """Where the claim is in the current text (fuzzy), or the passage most like its quote."""
    if c.anchor_state.value == "fuzzy":
        return passage(text, Span(c.start, c.end))
    try:
        span = find_quote(text, c.exact)
    except QuoteAmbiguous as e:
        span = Span(e.offsets[0], e.offsets[0] + len(c.exact))
    except QuoteNotFound as e:
        if not e.closest:
            return None
        at = text.find(e.closest)
        span = Span(at, at + len(e.closest))
    return passage(text, span)


def difference(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """``old`` into ``new`` as pieces: ("equal" | "delete" | "insert", text)."""
    a, b = _PIECE.findall(old), _PIECE.findall(new)
    # Spacing is not a difference a reader needs shown (reflowed lines, a doubled space).
    key_a, key_b = ([" " if t.isspace() else t for t in x] for x in (a, b))
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            pieces.append(("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
        if tag == "equal":
            pieces.append(("equal", "".join(b[j1:j2])))
    return tuple(pieces)


def review(
    c: Any, old_text: str | None, current_text: str | None, current_revision: int
) -> AnchorReview | None:
    """The side-by-side view of one reviewed claim, or None when its texts are not there."""
    revision, start, end = made_on(c)
    if old_text is None or current_text is None or not 0 <= start < end <= len(old_text):
        return None
    old = passage(old_text, Span(start, end))
    new = current_passage(c, current_text)
    return AnchorReview(
        state=c.anchor_state.value,
        score=c.anchor_score,
        made_revision=revision,
        made_passage=old,
        made_quote=old_text[start:end],
        current_revision=current_revision,
        current_passage=new,
        difference=difference(old, new) if new is not None else (),
    )


CHANGES_SHOWN = 12  # changed passages of a quiet edit shown on the document's page


def text_changes(
    old: str, new: str, *, limit: int = CHANGES_SHOWN
) -> tuple[tuple[tuple[tuple[str, str], ...], ...], int]:
    """What changed from one revision's text to the next: the changed passages (by line), each as
    the word-by-word `difference` of its old and new lines; at most ``limit``, and how many more."""
    a, b = old.split("\n"), new.split("\n")
    hunks: list[tuple[tuple[str, str], ...]] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    changed = [op for op in opcodes if op[0] != "equal"]
    for _tag, i1, i2, j1, j2 in changed[:limit]:
        before = shorten("\n".join(a[i1:i2]).strip(), 2 * PASSAGE, one_line=False)
        after = shorten("\n".join(b[j1:j2]).strip(), 2 * PASSAGE, one_line=False)
        if before or after:
            hunks.append(difference(before, after))
    return tuple(hunks), max(0, len(changed) - limit)
