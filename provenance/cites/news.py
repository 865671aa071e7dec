"""News attribution as citations: what provenance.reading finds ("X said", "according to X", "told
X", wire credits, named people with roles, unnamed officials) next to the scanner's markers.

The scanner (parentheticals, notes, references) is kept as it is; each attribution the reader
finds is either joined to the scanner's proposal at the same place (the proposal then says who
the reader reads as the source) or proposed on its own, targeting the known outlet it names
(a leading article and case ignored: "the Guardian" = The Guardian), a known entity, or a person.
Nothing in the text's own header lines (URL:, Title:, a front matter block) is proposed. Pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from ..reading import Attribution, attach, find_attributions, split_header
from .model import ClaimSpan, DocumentIndex, KnownDocument, KnownOutlet, NewDocument, OutletIndex, Proposal

# The reader's kinds of source, and the citation kind each one is recorded as.
_CITATION_KIND = {"outlet": "cites", "document": "cites"}


def _overlaps(p: Proposal, a: Attribution) -> bool:
    return p.start < a.end and a.start < p.end


def merge_attributions(
    text: str,
    proposals: Sequence[Proposal],
    *,
    outlets: Sequence[KnownOutlet] = (),
    documents: Sequence[KnownDocument] = (),
    claims: Sequence[ClaimSpan] = (),
    published: str | None = None,
    entity_named: Callable[[str], str | None] | None = None,
) -> list[Proposal]:
    """The scanner's proposals and the reader's attributions, in text order, numbered from 1.

    ``entity_named`` maps a printed name to a known entity's name (folded lookup), if any."""
    body = split_header(text).start
    kept = [p for p in proposals if p.start >= body]  # a header line is metadata, never a citation
    found = attach(
        find_attributions(text, start=body), text, {c.key: (c.start, c.end) for c in claims}, start=body
    )
    outlet_index, document_index = OutletIndex(outlets), DocumentIndex(documents)
    names = {o.key: o.name for o in outlets}
    joined: set[int] = set()
    out: list[Proposal] = []
    for a in found:
        outlet = outlet_index.match(a.source, prefix=False) or (
            outlet_index.match(a.via, prefix=False) if a.via else None
        )
        document = new = person = None
        if outlet is not None:
            document = document_index.by_outlet_and_date(outlet, None, published)
            if document is None:
                new = NewDocument(f"{names[outlet]} report", outlet, None)
        at = next((i for i, p in enumerate(kept) if i not in joined and _overlaps(p, a)), None)
        if at is not None:
            joined.add(at)
            p = dataclasses.replace(
                kept[at], said_by=a.source, source_kind=a.kind, phrase=(a.start, a.end), via=a.via
            )
            if outlet is not None and p.outlet is None and p.document is None:
                # The reader knows the outlet the scanner did not ("according to the Guardian").
                p = dataclasses.replace(p, outlet=outlet, document=document, new_document=new, person=None)
            kept[at] = p
            continue
        elif a.kind == "outlet":
            new = NewDocument(f"{a.source} report", None, None)
        else:
            entity = entity_named(a.source) if entity_named else None
            person = entity or (f"{a.source}, {a.role}" if a.role and a.role not in a.source else a.source)
        out.append(
            Proposal(
                number=0,
                start=a.start,
                end=a.end,
                marker=text[a.start : a.end],
                kind=_CITATION_KIND.get(a.kind, "according_to"),
                source="attribution",
                cited_as=a.printed or a.source,
                outlet=outlet,
                published=None,
                document=document,
                new_document=new,
                person=person,
                claims=a.claims,
                said_by=a.source,
                source_kind=a.kind,
                phrase=(a.start, a.end),
                via=a.via,
            )
        )
    merged = sorted([*kept, *out], key=lambda p: (p.start, p.end))
    return [dataclasses.replace(p, number=i) for i, p in enumerate(merged, 1)]
