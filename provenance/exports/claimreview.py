"""schema.org ClaimReview (JSON-LD) for every reviewed claim: one document with an `@graph`.

Each review is the report's (`provenance.report.jsonld.claim_review`: the claim's author, the
review's author, the numeric rating), completed for a feed with stable `@id`s and the
appearance's headline. Unreviewed claims are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..bundle.schema import ClaimRec, DocumentRec, OutletRec
from ..report.jsonld import claim_review
from .common import Snapshot, urn


@dataclass(frozen=True)
class _Ref:
    """What `claim_review` reads from a report ClaimRef, built from bundle records."""

    claim: ClaimRec
    document: DocumentRec
    outlet: OutletRec | None


def review(snap: Snapshot, claim: ClaimRec) -> dict[str, Any]:
    document = snap.documents[claim.document]
    item = claim_review(_Ref(claim, document, snap.outlet_of(document)))  # type: ignore[arg-type]
    item.pop("@context", None)
    item["@id"] = urn("review", claim.key)
    item["itemReviewed"]["@id"] = urn("claim", claim.key)
    appearance = item["itemReviewed"]["appearance"]
    appearance["@id"] = urn("document", document.key)
    appearance["headline"] = document.title
    return item


def render(snap: Snapshot) -> tuple[dict[str, Any], int]:
    """The JSON-LD document and how many reviews it holds."""
    reviews = [review(snap, c) for c in snap.bundle.claims if c.verdict != "unreviewed"]
    return {"@context": "https://schema.org", "@graph": reviews}, len(reviews)
