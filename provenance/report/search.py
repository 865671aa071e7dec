"""The search index: what the search page's box searches, written as a script by `render`.

Each entry is {k: kind, u: site-root path, t: title, s: secondary text}; app.js
folds case and diacritics and matches every word typed against t and s. The
list is in id order per kind, so two builds write the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pages import PageBuilder


def search_entries(builder: PageBuilder) -> list[dict[str, str]]:
    """What the search box searches: claims, documents, entities (site-root paths)."""
    site = builder.site
    entries = []
    for claim_id in site.claims:
        ref = builder.ref(claim_id)
        entries.append(
            {
                "k": "claim",
                "u": ref.claim.path,
                "t": ref.claim.statement,
                "s": f"“{ref.claim.exact}” — {ref.claim.speaker}, in {ref.document.title}",
            }
        )
    for document in site.documents.values():
        outlet = builder.outlet(document)
        details = [*document.authors, outlet.name if outlet else "", document.published or ""]
        entries.append(
            {
                "k": "document",
                "u": document.path,
                "t": document.title,
                "s": ", ".join(x for x in details if x),
            }
        )
    for entity in site.entities.values():
        entries.append({"k": "entity", "u": entity.path, "t": entity.name, "s": ", ".join(entity.aliases)})
    return entries
