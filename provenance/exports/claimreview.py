"""schema.org ClaimReview (JSON-LD) for every reviewed claim: one document with an `@graph`.

Each review is the one the report embeds (`provenance.claimreview`: the claim's author, the
review's author, the numeric rating), completed for a feed with stable `@id`s and the
appearance's headline. Unreviewed claims are left out.
"""

from __future__ import annotations

from typing import Any

from ..bundle.schema import ClaimRec
from ..claimreview import claim_review
from .common import ExportData, urn


def review(snap: ExportData, claim: ClaimRec) -> dict[str, Any]:
    document = snap.documents[claim.document]
    outlet = snap.outlet_of(document)
    item = claim_review(
        statement=claim.statement,
        exact=claim.exact,
        speaker=claim.speaker,
        verdict=claim.verdict,
        title=document.title,
        authors=document.authors,
        published=document.published,
        url=document.url,
        outlet_name=outlet.name if outlet is not None else None,
    )
    item.pop("@context", None)
    item["@id"] = urn("review", claim.key)
    item["itemReviewed"]["@id"] = urn("claim", claim.key)
    appearance = item["itemReviewed"]["appearance"]
    appearance["@id"] = urn("document", document.key)
    appearance["headline"] = document.title
    return item


def render(snap: ExportData) -> tuple[dict[str, Any], int]:
    """The JSON-LD document and how many reviews it holds."""
    reviews = [review(snap, c) for c in snap.bundle.claims if c.verdict != "unreviewed"]
    return {"@context": "https://schema.org", "@graph": reviews}, len(reviews)
