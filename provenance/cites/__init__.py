"""The citation finder: read a held document's own citations and propose citation records.

    from provenance.cites import find_citations, scan_text

    with store.read() as session:
        proposals = find_citations(session, "tm-hazimite-coup")

`scan_text` is the pure core (text, known outlets, documents and claims in; proposals out);
`find_citations` and `accept` work against a store. Stages, one module each: ``notes``
(endnotes, superscripts, lettered footnotes), ``markers`` (inline patterns), ``scan``
(targets, dates, claims), ``store`` (the database side).
"""

from __future__ import annotations

from .model import ClaimSpan, KnownDocument, KnownOutlet, NewDocument, Proposal
from .scan import complete_date, scan_text
from .store import Accepted, accept, accept_chosen, find_citations, parse_choice, retarget

__all__ = [
    "Accepted",
    "ClaimSpan",
    "KnownDocument",
    "KnownOutlet",
    "NewDocument",
    "Proposal",
    "accept",
    "accept_chosen",
    "complete_date",
    "find_citations",
    "parse_choice",
    "retarget",
    "scan_text",
]
