"""schema.org ClaimReview for reviewed claims, embedded in claim pages as JSON-LD via `|tojson`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .html import safe_href

if TYPE_CHECKING:
    from .pages import ClaimRef


def claim_review(ref: ClaimRef) -> dict[str, Any]:
    """schema.org ClaimReview for a reviewed claim (serialised by `|tojson` in the page)."""
    claim, document = ref.claim, ref.document
    appearance: dict[str, Any] = {"@type": "CreativeWork", "name": document.title}
    if document.authors:
        appearance["author"] = [{"@type": "Person", "name": a} for a in document.authors]
    if document.published:
        appearance["datePublished"] = document.published
    if ref.outlet is not None:
        appearance["publisher"] = {"@type": "Organization", "name": ref.outlet.name}
    if safe_href(document.url):
        appearance["url"] = document.url
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.statement,
        "itemReviewed": {
            "@type": "Claim",
            "text": claim.exact,
            "author": {"@type": "Thing", "name": claim.speaker},
            "appearance": appearance,
        },
        "reviewRating": {"@type": "Rating", "alternateName": claim.verdict},
    }
