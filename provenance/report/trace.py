"""Provenance chains for the report: what a claim rests on, followed down to its origins.

A simple recursive walk over the loaded site with a visited set:
claim → each citation's target (and each claim it *repeats*);
a cited document → the claims of that document that cite further;
a document whose claims cite nothing further, a named entity and an unnamed
person or body ("regional intelligence officials") are origins. A node already
shown in the same chain is listed again but not followed ("see above"), so
cycles end. The walk is also capped in depth and size so one page stays small.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..entities import fold_name
from .views import Site

MAX_DEPTH = 8
MAX_NODES = 120


@dataclass(frozen=True)
class ChainNode:
    kind: str  # claim, document, entity, person
    label: str
    detail: str | None  # the outlet of a document, the document of a claim
    path: str | None  # the page it links to
    via: str | None  # how the parent rests on it: quotes, cites, according to, repeats
    locator: str | None
    origin: bool
    seen: bool  # already in this chain: not followed again
    truncated: bool  # the walk stopped here (depth or size cap)
    children: tuple[ChainNode, ...]
    key: tuple[str, int | str]  # identity, for origins and independence


def _repeats(site: Site, claim_id: int) -> list[int]:
    return [
        r.claim_b_id
        for r in (site.relations[i] for i in site.relations_by_claim.get(claim_id, ()))
        if r.kind == "repeats" and r.claim_a_id == claim_id and r.status != "dismissed"
    ]


def _rests_on_something(site: Site, claim_id: int) -> bool:
    return bool(site.citations_by_claim.get(claim_id)) or bool(_repeats(site, claim_id))


class _Walk:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.visited: set[tuple[str, int | str]] = set()
        self.count = 0

    def _node(
        self,
        kind,
        label,
        detail,
        path,
        via,
        locator,
        key,
        children=(),
        *,
        origin=False,
        seen=False,
        truncated=False,
    ) -> ChainNode:  # type: ignore[no-untyped-def]
        self.count += 1
        return ChainNode(
            kind, label, detail, path, via, locator, origin, seen, truncated, tuple(children), key
        )

    def _stop(self, key: tuple[str, int | str], depth: int) -> str | None:
        if key in self.visited:
            return "seen"
        if depth >= MAX_DEPTH or self.count >= MAX_NODES:
            return "truncated"
        self.visited.add(key)
        return None

    def claim(self, claim_id: int, via: str | None, locator: str | None, depth: int) -> ChainNode:
        site = self.site
        claim = site.claims[claim_id]
        document = site.documents[claim.document_id]
        key = ("claim", claim_id)
        label = claim.statement
        stop = self._stop(key, depth)
        if stop:
            return self._node(
                "claim",
                label,
                document.title,
                claim.path,
                via,
                locator,
                key,
                seen=stop == "seen",
                truncated=stop == "truncated",
            )
        children = [self.citation(cid, depth + 1) for cid in site.citations_by_claim.get(claim_id, ())]
        children += [self.claim(other, "repeats", None, depth + 1) for other in _repeats(site, claim_id)]
        if not children and depth == 0:
            # A claim that cites nothing rests on its own document's word: that is its origin.
            key = ("document", claim.document_id)
            self.visited.add(key)
            outlet = site.outlets.get(document.outlet_id) if document.outlet_id is not None else None
            detail = outlet.name if outlet else None
            children = [
                self._node(
                    "document", document.title, detail, document.path, "asserted in", None, key, origin=True
                )
            ]
        return self._node("claim", label, document.title, claim.path, via, locator, key, children)

    def citation(self, citation_id: int, depth: int) -> ChainNode:
        site = self.site
        citation = site.citations[citation_id]
        via = citation.kind.replace("_", " ")
        if citation.target_document_id is not None:
            return self.document(citation.target_document_id, via, citation.locator, depth)
        if citation.target_entity_id is not None:
            entity = site.entities[citation.target_entity_id]
            key = ("entity", entity.id)
            self.visited.add(key)
            return self._node(
                "entity", entity.name, None, entity.path, via, citation.locator, key, origin=True
            )
        person = citation.target_person or "an unnamed source"
        key = ("person", fold_name(person))
        self.visited.add(key)
        return self._node("person", person, "unnamed source", None, via, citation.locator, key, origin=True)

    def document(self, document_id: int, via: str | None, locator: str | None, depth: int) -> ChainNode:
        site = self.site
        document = site.documents[document_id]
        outlet = site.outlets.get(document.outlet_id) if document.outlet_id is not None else None
        detail = outlet.name if outlet else None
        key = ("document", document_id)
        stop = self._stop(key, depth)
        if stop:
            return self._node(
                "document",
                document.title,
                detail,
                document.path,
                via,
                locator,
                key,
                seen=stop == "seen",
                truncated=stop == "truncated",
            )
        further = [c for c in site.claims_by_document.get(document_id, ()) if _rests_on_something(site, c)]
        children = [self.claim(c, "says", None, depth + 1) for c in further]
        return self._node(
            "document",
            document.title,
            detail,
            document.path,
            via,
            locator,
            key,
            children,
            origin=not children,
        )


def chain(site: Site, claim_id: int) -> ChainNode:
    """The provenance chain of one claim, as a tree rooted at the claim."""
    return _Walk(site).claim(claim_id, None, None, 0)


def origins(node: ChainNode) -> frozenset[tuple[str, int | str]]:
    """The origins a chain reaches."""
    found: set[tuple[str, int | str]] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.origin:
            found.add(current.key)
        stack.extend(current.children)
    return frozenset(found)


def origin_nodes(node: ChainNode) -> list[ChainNode]:
    """The origin nodes of a chain, once each, in the order they are first reached."""
    found: dict[tuple[str, int | str], ChainNode] = {}
    stack = [node]
    while stack:
        current = stack.pop(0)
        if current.origin and current.key not in found:
            found[current.key] = current
        stack.extend(current.children)
    return list(found.values())
