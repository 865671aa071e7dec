"""Proposing citation records from a document's text: the pure core of `provenance cites find`.

`scan_text(text, outlets=…, documents=…, claims=…, published=…)` finds every marker (see
`markers` and `notes`), works out what each cites (a known document, a known outlet's new
unheld document, or a person), completes dates from the citing document's date, and links
each marker to the claims it supports:

* a marker that closes a passage (a parenthetical, a note number or letter, a reference, a
  title) supports the claims ending in that passage: back to the previous such marker in the
  same paragraph, or the paragraph's start; markers side by side share one passage;
* an attribution or "according to …" supports the claims in its own sentence;
* one that introduces a quotation ("The report states:") supports the claims in the paragraph
  that follows;
* and every marker supports the claims whose quote contains it.

A note whose text is not in the document (superscript numbers in a journal's text) is matched
to a known document by what its passage names: the document's date, outlet, an author.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..errors import InvalidInput
from ..values import parse_date
from . import markers as found
from . import notes
from .model import ClaimSpan, DocumentIndex, KnownDocument, KnownOutlet, NewDocument, OutletIndex, Proposal
from .text import CLOSES, OPENS, Layout, Marker, clean

# When two markers overlap, the more specific one stays.
_PRIORITY = {
    "endnote": 0,
    "superscript": 0,
    "footnote": 0,
    "parenthetical": 1,
    "reference": 2,
    "reported_for": 3,
    "according_to": 4,
    "attribution": 5,
    "title": 6,
    "url": 7,
}
_PHRASES = ("reported_for", "according_to", "attribution")
_ADJACENT = re.compile(r"[\s.,;:)\]”’\"]*")
_TRAILING_NOUNS = re.compile(rf"\s+(?:{found._SOURCE_NOUNS})$", re.I)


def complete_date(printed: str | None, citing: str | None) -> str | None:
    """An ISO partial date for a date as printed; one without a year takes the citing document's
    ("February 8" in a 2019 article is 2019-02-08), or the year before if that would be later."""
    if not printed:
        return None
    try:
        value = parse_date(printed, context_date=citing)
    except InvalidInput:
        return None
    if value.precision == "day":
        day = value.low
        if citing and not re.search(r"\d{4}", printed) and day.isoformat()[: len(citing)] > citing:
            try:
                day = date(day.year - 1, day.month, day.day)
            except ValueError:
                return None
        return day.isoformat()
    if value.precision == "month":
        return value.low.isoformat()[:7]
    if value.precision == "year":
        return str(value.low.year)
    return None


def _merge(
    candidates: list[Marker], text: str, layout: Layout, list_spans: list[tuple[int, int]]
) -> list[Marker]:
    """One marker per place. A note marker takes the name and kind of the phrase around it
    ("according to an [AFP report] [3]") or of the "according to …" its number closes; otherwise the
    more specific of overlapping markers stays. A notes list's own phrases are its notes' business."""
    candidates = [
        m
        for m in candidates
        if not (
            m.source in ("title", "attribution", "according_to")
            and any(s <= m.start < e for s, e in list_spans)
        )
    ]
    phrases = [m for m in candidates if m.source in _PHRASES]
    absorbed: set[int] = set()
    for m in candidates:
        if m.source == "endnote":
            inside = [p for p in phrases if p.start <= m.start and m.end <= p.end]
        elif m.source in ("superscript", "footnote"):
            s0, _ = layout.sentence(m.start, m.end)
            inside = [p for p in phrases if p.source == "according_to" and s0 <= p.start and p.end <= m.start]
            inside = [p for p in inside if not p.person][-1:]  # only a named outlet's account
        else:
            continue
        for p in inside:
            m.name = m.name or p.name
            m.date = m.date or p.date
            m.kind = p.kind if p.kind != "cites" else m.kind
            m.person = m.person or p.person
            if m.source == "endnote":
                m.scope = p.scope  # "reported [1] for …, that X": the phrase's sentence
            absorbed.add(id(p))
    # "“Title,” Outlet, Date.": the title and the reference after it are one citation.
    references = [m for m in candidates if m.source == "reference"]
    for t in (m for m in candidates if m.source == "title"):
        s0, s1 = layout.sentence(t.start, t.end)
        after = [r for r in references if t.end <= r.start < s1 and r.start - t.end < 120]
        if after:
            after[0].document = after[0].document or t.document
            absorbed.add(id(t))
    kept: list[Marker] = []
    for m in sorted(candidates, key=lambda m: (_PRIORITY[m.source], m.start)):
        if id(m) in absorbed or any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


class _Resolver:
    """Works out each marker's target, in text order (so "the source" can mean the last one named)."""

    def __init__(self, outlets: OutletIndex, documents: DocumentIndex, published: str | None) -> None:
        self.outlets = outlets
        self.documents = documents
        self.published = published
        self.last_person: str | None = None
        self.last_document: dict[str, object] | None = None

    def mentioned(self, passage: str) -> set[str]:
        """Known outlets a passage names in full ("Human Rights Watch", "Al-Naba")."""
        keys = set()
        for name in found.names(passage):
            words = name.split()
            for i in range(len(words)):
                for j in range(i + 1, min(len(words), i + 6) + 1):
                    key = self.outlets.match(" ".join(words[i:j]), prefix=False)
                    if key:
                        keys.add(key)
        return keys

    def outlet_of(self, name: str | None) -> str | None:
        if not name:
            return None
        key = self.outlets.match(name) or self.outlets.match(_TRAILING_NOUNS.sub("", name))
        if key:
            return key
        mentioned = self.mentioned(name)
        return mentioned.pop() if len(mentioned) == 1 else None

    def resolve(
        self, m: Marker, previous: Marker | None, text: str, passage_start: int
    ) -> dict[str, object] | None:
        if m.source in ("endnote", "footnote") and m.note is not None:
            ref = found.note_reference(m.note, lambda n: self.outlets.match(n) is not None)
            m.document = m.document or self.documents.by_title(m.note)
            if ref is None and m.document is None:
                return None  # a discursive note: it cites nothing
            if ref is not None:
                m.name, m.date, m.url, m.title = m.name or ref.name, m.date or ref.date, ref.url, ref.title
        if m.unknown_note and not m.name:
            return self._from_passage(m, text[passage_start : m.start])
        # A note that names no outlet, right after a parenthetical, continues it ("ibid.").
        adjacent = previous is not None and _ADJACENT.fullmatch(text[previous.end : m.start]) is not None
        if m.note is not None and not m.name and previous is not None and adjacent and previous.name:
            m.name = previous.name
        if m.anaphora:
            return self._anaphora(m)
        outlet = self.outlet_of(m.name)
        if outlet is None and m.url:
            outlet = self.documents.outlet_of_domain(m.url)
        published = complete_date(m.date, self.published)
        if m.person and outlet is None:
            person = m.name[0].lower() + m.name[1:] if m.name and re.match(r"An? |The ", m.name) else m.name
            self.last_person = person
            return {"person": person}
        document = m.document or (self.documents.by_url(m.url) if m.url else None)
        if document is None and (outlet or published):
            document = self.documents.by_outlet_and_date(outlet, published, self.published)
        return self._document(m, document, outlet, published)

    def _document(
        self, m: Marker, document: str | None, outlet: str | None, published: str | None
    ) -> dict[str, object]:
        new = None if document else NewDocument(self._title(m), outlet, published, m.url)
        target: dict[str, object] = {
            "document": document,
            "new_document": new,
            "outlet": outlet,
            "published": published,
        }
        self.last_document = target
        return target

    def _from_passage(self, m: Marker, passage: str) -> dict[str, object]:
        """A note whose text is absent: the document its passage points at, if one clearly is."""
        outlets = self.mentioned(passage)
        dates = {d for d in (complete_date(p, self.published) for p in found.dates(passage)) if d}
        document = self.documents.by_evidence(passage, outlets, dates)
        outlet = next(iter(outlets)) if len(outlets) == 1 else None
        return self._document(m, document, outlet, None)

    def _title(self, m: Marker) -> str:
        if m.title and not re.fullmatch(r"\d+|[a-z]", m.title):
            return clean(m.title)
        if m.name:
            return clean(f"{m.name}, {m.date}" if m.date else m.name)
        if m.label:
            return f"Source of note {m.label}"
        return clean(m.url or "Cited source")

    def _anaphora(self, m: Marker) -> dict[str, object]:
        noun = (m.name or "").lower()
        if "source" in noun or "official" in noun:
            if self.last_person:
                return {"person": self.last_person}
        elif self.last_document is not None:
            return {**self.last_document, "published": None}
        return {"person": m.name}


def _claims_for(
    m: Marker, passage_start: int, layout: Layout, claims: Sequence[ClaimSpan]
) -> tuple[str, ...]:
    if m.scope == CLOSES:
        chosen = [c for c in claims if passage_start < c.end <= m.end and c.start < m.start]
    elif m.scope == OPENS:
        _, p1 = layout.paragraph(m.end)  # the rest of its paragraph and the next one (the quotation)
        _, end = next((p for p in layout.paragraphs if p[0] > p1), (p1, p1))
        chosen = [c for c in claims if c.start < end and c.end > m.end]
    else:
        s0, s1 = layout.sentence(m.start, m.end)
        chosen = [c for c in claims if c.start < s1 and c.end > s0]
    chosen += [c for c in claims if c.start <= m.start and m.end <= c.end and c not in chosen]
    return tuple(c.key for c in sorted(chosen, key=lambda c: (c.start, c.key)))


def scan_text(
    text: str,
    *,
    outlets: Sequence[KnownOutlet] = (),
    documents: Sequence[KnownDocument] = (),
    claims: Sequence[ClaimSpan] = (),
    published: str | None = None,
    outlet: str | None = None,
) -> list[Proposal]:
    """Every citation marker in `text`, with its target and the claims it supports, in text order.

    `published` and `outlet` are the citing document's: its date completes dates printed without
    a year, and its own byline ("Global Research, February 09, 2019") is not a citation.
    """
    outlet_index, document_index = OutletIndex(outlets), DocumentIndex(documents)
    resolver = _Resolver(outlet_index, document_index, published)

    def is_outlet(name: str) -> bool:
        return resolver.outlet_of(name) is not None

    endnote_markers, list_spans = notes.endnotes(text)
    footnote_markers, footnote_spans = notes.footnotes(text)
    layout = Layout(text)
    candidates = (
        endnote_markers
        + footnote_markers
        + notes.superscripts(text)
        + found.parentheticals(text)
        + found.references(text, is_outlet)
        + found.see_references(text, list_spans + footnote_spans)
        + found.according_to(text, is_outlet)
        + found.attributions(text, is_outlet)
        + found.reported_for(text)
        + found.titles(text, documents, document_index.title_trie())
        + found.urls(text, list_spans + footnote_spans)
    )
    resolved: list[tuple[Marker, dict[str, object], int]] = []
    previous: Marker | None = None  # the previous marker closing a passage
    passage_start = 0
    cut = 0  # the end of the sentence a note marker inside a phrase took ("reported [1] for …")
    for m in _merge(candidates, text, layout, list_spans):
        p0, _ = layout.paragraph(m.start)
        if m.scope == CLOSES:
            previous_end = previous.end if previous is not None else -1
            in_paragraph = previous_end > p0
            if not (in_paragraph and _ADJACENT.fullmatch(text[previous_end : m.start])):
                passage_start = previous_end if in_paragraph else p0
            if p0 <= cut <= m.start:
                passage_start = max(passage_start, cut)
        elif m.source in ("endnote", "superscript", "footnote"):
            cut = layout.sentence(m.start, m.end)[1]
        target = resolver.resolve(m, previous if m.scope == CLOSES else None, text, passage_start)
        if m.scope == CLOSES:
            previous = m
        if target is None or (
            outlet and target.get("outlet") == outlet and target.get("published") == published
        ):
            continue  # a discursive note, or the document's own byline
        resolved.append((m, target, passage_start))
    return _proposals(text, layout, resolved, sorted(claims, key=lambda c: (c.end, c.start)))


def _superseded(m: Marker, target: dict[str, object], later: list[tuple[Marker, dict[str, object]]]) -> bool:
    """An "according to …" that a reference later in its paragraph spells out ("According to one
    source, … See Abu Salim, Iqaf al-dalil"; "According to the United Nations, … United Nations, June
    27, 2018"): the reference is the citation."""
    if m.source != "according_to":
        return False
    generic = "person" in target and m.name is not None and m.name[:1].islower()
    for _, other in later:
        if generic:
            return True
        same_document = target.get("document") and other.get("document") == target.get("document")
        if same_document or (target.get("outlet") and other.get("outlet") == target.get("outlet")):
            return True
    return False


def _proposals(
    text: str, layout: Layout, resolved: list[tuple[Marker, dict[str, object], int]], claims: list[ClaimSpan]
) -> list[Proposal]:
    proposals: list[Proposal] = []
    for i, (m, target, passage_start) in enumerate(resolved):
        # "According to one source, … See Abu Salim, Iqaf al-dalil": the reference names the source.
        _, paragraph_end = layout.paragraph(m.start)
        later = [
            (n, t)
            for n, t, _ in resolved[i + 1 :]
            if n.source in ("title", "reference", "parenthetical") and n.start < paragraph_end
        ]
        if _superseded(m, target, later):
            continue
        proposals.append(
            Proposal(
                number=len(proposals) + 1,
                start=m.start,
                end=m.end,
                marker=text[m.start : m.end],
                kind=m.kind,
                source=m.source,
                cited_as=m.name,
                outlet=_text(target, "outlet"),
                published=_text(target, "published"),
                url=m.url,
                note=clean(m.note) if m.note else None,
                document=_text(target, "document"),
                new_document=_new_document(target),
                person=_text(target, "person"),
                claims=_claims_for(m, passage_start, layout, claims),
            )
        )
    return proposals


__all__ = ["complete_date", "scan_text"]


def _text(target: dict[str, object], name: str) -> str | None:
    """A text field of a proposal's target (the scanner fills them with str or None)."""
    value = target.get(name)
    return value if isinstance(value, str) else None


def _new_document(target: dict[str, object]) -> NewDocument | None:
    value = target.get("new_document")
    return value if isinstance(value, NewDocument) else None
