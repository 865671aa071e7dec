"""W3C Web Annotation (JSON-LD): one annotation per claim, in an AnnotationCollection of one page.

The target is the claim's document, named `urn:provenance:document:{key}` (the offsets count
code points of the store's canonical text, not of any web page, so the document's URL goes in
`scope`), with a TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start,
end) — the claim's own selectors. A claim whose anchor was orphaned or left ambiguous by a
revision keeps only its quote. The body is the curator's statement; a reviewed claim's
motivation is "assessing", with its verdict as a second body, otherwise "commenting".
"""

from __future__ import annotations

from typing import Any

from ..bundle.schema import ClaimRec
from ..urls import safe_href
from .common import URN, ExportData, urn

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation(snap: ExportData, claim: ClaimRec) -> dict[str, Any]:
    document = snap.documents[claim.document]
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix}
    ]
    if claim.anchor in ("exact", "moved", "fuzzy"):
        selectors.append({"type": "TextPositionSelector", "start": claim.start, "end": claim.end})
    target: dict[str, Any] = {"source": urn("document", document.key), "selector": selectors}
    if safe_href(document.url):
        target["scope"] = document.url
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": claim.statement, "format": "text/plain", "purpose": "describing"}
    ]
    reviewed = claim.verdict != "unreviewed"
    if reviewed:
        body.append({"type": "TextualBody", "value": claim.verdict, "purpose": "assessing"})
    return {
        "id": urn("claim", claim.key),
        "type": "Annotation",
        "motivation": "assessing" if reviewed else "commenting",
        "body": body,
        "target": target,
    }


def render(snap: ExportData) -> tuple[dict[str, Any], int]:
    items = [annotation(snap, c) for c in snap.bundle.claims]
    collection = {
        "@context": CONTEXT,
        "id": f"{URN}annotations",
        "type": "AnnotationCollection",
        "label": "Claims logged in the provenance store",
        "total": len(items),
        "first": {
            "id": f"{URN}annotations:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
    return collection, len(items)
