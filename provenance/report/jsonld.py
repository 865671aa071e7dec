"""schema.org ClaimReview for reviewed claims, embedded in claim pages as JSON-LD via `|tojson`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .html import safe_href

if TYPE_CHECKING:
    from .pages import ClaimRef


# Verdicts on schema.org's 1 (worst) … 5 (best) scale; 4 is unused: the store has no "mostly true".
RATINGS = {"refuted": 1, "disputed": 2, "unverifiable": 3, "supported": 5}
REVIEWER = {"@type": "Organization", "name": "provenance"}


def claim_author(speaker: str, authors: list[str], outlet_name: str | None) -> Any:
    """Who makes the claim: its speaker, or — when the author speaks — the authors or the outlet."""
    if speaker != "author":
        return {"@type": "Thing", "name": speaker}
    if authors:
        people = [{"@type": "Person", "name": a} for a in authors]
        return people[0] if len(people) == 1 else people
    if outlet_name is not None:
        return {"@type": "Organization", "name": outlet_name}
    return {"@type": "Thing", "name": "the author of the document"}


def claim_review(ref: ClaimRef) -> dict[str, Any]:
    """schema.org ClaimReview for a reviewed claim (serialised by `|tojson` in the page)."""
    claim, document = ref.claim, ref.document
    # A claim inside an article of a journal issue is the article's authors' word.
    part = getattr(ref, "part", None)
    authors = (part.authors if part is not None and part.authors else None) or document.authors
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
        "author": REVIEWER,
        "itemReviewed": {
            "@type": "Claim",
            "text": claim.exact,
            "author": claim_author(claim.speaker, authors, ref.outlet.name if ref.outlet else None),
            "appearance": appearance,
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": claim.verdict,
            "ratingValue": RATINGS[claim.verdict],
            "bestRating": 5,
            "worstRating": 1,
        },
    }
