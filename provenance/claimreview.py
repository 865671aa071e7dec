"""schema.org ClaimReview for a reviewed claim: one builder for the report's pages and the export. Pure.

The report embeds it in claim pages (through `|tojson`); `export --format claimreview` completes it
with stable `@id`s for a feed. Both pass the same plain fields, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .urls import safe_href

# Verdicts on schema.org's 1 (worst) … 5 (best) scale; 4 is unused: the store has no "mostly true".
RATINGS = {"refuted": 1, "disputed": 2, "unverifiable": 3, "supported": 5}
REVIEWER = {"@type": "Organization", "name": "provenance"}


def claim_author(speaker: str, authors: Sequence[str], outlet_name: str | None) -> Any:
    """Who makes the claim: its speaker, or — when the author speaks — the authors or the outlet."""
    if speaker != "author":
        return {"@type": "Thing", "name": speaker}
    if authors:
        people = [{"@type": "Person", "name": a} for a in authors]
        return people[0] if len(people) == 1 else people
    if outlet_name is not None:
        return {"@type": "Organization", "name": outlet_name}
    return {"@type": "Thing", "name": "the author of the document"}


def claim_review(
    *,
    statement: str,
    exact: str,
    speaker: str,
    verdict: str,
    title: str,
    authors: Sequence[str],
    published: str | None,
    url: str | None,
    outlet_name: str | None,
    part_authors: Sequence[str] = (),
) -> dict[str, Any]:
    """The ClaimReview of a claim (``verdict`` not "unreviewed") quoted from a document titled ``title``.

    ``part_authors``: the authors of the article inside a journal issue the claim sits in; the claim
    is their word rather than the issue's."""
    appearance: dict[str, Any] = {"@type": "CreativeWork", "name": title}
    if authors:
        appearance["author"] = [{"@type": "Person", "name": a} for a in authors]
    if published:
        appearance["datePublished"] = published
    if outlet_name is not None:
        appearance["publisher"] = {"@type": "Organization", "name": outlet_name}
    if safe_href(url):
        appearance["url"] = url
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": statement,
        "author": REVIEWER,
        "itemReviewed": {
            "@type": "Claim",
            "text": exact,
            "author": claim_author(speaker, list(part_authors) or list(authors), outlet_name),
            "appearance": appearance,
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": verdict,
            "ratingValue": RATINGS[verdict],
            "bestRating": 5,
            "worstRating": 1,
        },
    }
