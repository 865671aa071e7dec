"""Provenance chains for the report, by the same rule as `provenance trace`.

The graph logic is `provenance.chains` (one rule for the CLI and the report): a
claim rests on its citations' targets and on the claims it repeats; a claim that
rests on nothing is its document's word. Here the loaded site becomes that graph
(no queries), and each chain becomes a tree of labelled, linked nodes, capped in
depth and size so one page stays small.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..chains import Graph, Independence, Node, TraceNode, all_origins, independence, shared_sources, trace
from .depends import Recorder
from .views import ClaimView, Site

MAX_DEPTH = 8
MAX_NODES = 120


@dataclass(frozen=True, slots=True)
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
    key: Node  # identity, for origins and independence


class Chains:
    """Every chain and origin set of one site, computed once."""

    def __init__(self, site: Site, recorder: Recorder | None = None) -> None:
        self.site = site
        self.recorder = recorder or Recorder()
        self._closures: dict[int, tuple[int, ...]] = {}

    @cached_property
    def graph(self) -> Graph:
        # Built from every citation and relation, so no page that uses it is noted as reading
        # them all: each chain notes the claims it passes through instead.
        return self.recorder.aside(self._graph)

    def _graph(self) -> Graph:
        site = self.site
        citations = []
        for citation in site.citations.values():
            target: Node = (
                ("document", citation.target_document_id)
                if citation.target_document_id is not None
                else ("entity", citation.target_entity_id)
                if citation.target_entity_id is not None
                else ("person", citation.target_person or "an unnamed source")
            )
            citations.append((citation.claim_id, target, citation.kind, citation.locator))
        repeats = [
            (r.claim_a_id, r.claim_b_id)
            for r in site.relations.values()
            if r.kind == "repeats" and r.status == "confirmed"
        ]
        works = {d.id: d.work_id for d in site.documents.values() if d.work_id is not None}
        return Graph.build({c.id: c.document_id for c in site.claims.values()}, citations, repeats, works)

    @cached_property
    def origins(self) -> dict[int, frozenset[Node]]:
        return self.recorder.aside(lambda: all_origins(self.graph))

    def independence(self, claim_id: int, corroborators: list[int]) -> Independence:
        for claim in (claim_id, *corroborators):
            self._read_upstream(claim)
        return independence(claim_id, corroborators, self.origins, self.graph)

    def shared(self, a: int, b: int) -> frozenset[Node]:
        """What makes two claims one source (one work, or chains that meet); empty if independent."""
        for claim in (a, b):
            self._read_upstream(claim)
        return shared_sources(a, b, self.origins, self.graph)

    def origins_of(self, claim_id: int) -> frozenset[Node]:
        """The origins a claim's chain reaches, uncapped."""
        self._read_upstream(claim_id)
        return self.origins.get(claim_id, frozenset())

    def _read_upstream(self, claim_id: int) -> None:
        """Read every claim the chain passes through, so that a page built from these origins
        depends on each of them (report/depends.py), not only on the capped tree it shows."""
        for claim in self._upstream(claim_id):
            self._read_claim(claim)
            # The documents it rests on: recording one as a copy of another changes the origins.
            for target in self.graph.successors(("claim", claim)):
                if target[0] == "document":
                    self.site.documents.get(int(target[1]))

    def _read_claim(self, claim_id: int) -> ClaimView:
        """A claim, read with the citations and relations its chain follows (report/depends.py)."""
        self.site.citations_by_claim.get(claim_id)
        self.site.relations_by_claim.get(claim_id)
        return self.site.claims[claim_id]

    def _upstream(self, claim_id: int) -> tuple[int, ...]:
        if claim_id not in self._closures:
            seen: set[Node] = {("claim", claim_id)}
            stack: list[Node] = [("claim", claim_id)]
            while stack:
                for target in self.graph.successors(stack.pop()):
                    if target[0] == "claim" and target not in seen:
                        seen.add(target)
                        stack.append(target)
            self._closures[claim_id] = tuple(sorted(int(node[1]) for node in seen))
        return self._closures[claim_id]

    def chain(self, claim_id: int) -> ChainNode:
        """The provenance chain of one claim, as a tree rooted at the claim."""
        budget = [MAX_NODES]
        return self._convert(trace(self.graph, claim_id, max_depth=MAX_DEPTH), budget)

    def _convert(self, node: TraceNode, budget: list[int]) -> ChainNode:
        budget[0] -= 1
        kind, ident = node.node
        label, detail, path = self._describe(node.node)
        children: list[ChainNode] = []
        truncated = False
        for child in node.children:
            if budget[0] <= 0:
                truncated = True
                break
            children.append(self._convert(child, budget))
        # The trace stops at MAX_DEPTH: a claim there with more behind it is truncated, not an origin.
        if kind == "claim" and not node.children and not node.cycle:
            truncated = True
        via = node.via.replace("_", " ") if node.via else None
        return ChainNode(
            kind,
            label,
            detail,
            path,
            via,
            node.locator,
            node.is_origin,
            node.cycle,
            truncated,
            tuple(children),
            node.node,
        )

    def describe(self, node: Node) -> str:
        """A node's name as pages print it (a document by its title)."""
        return self._describe(node)[0]

    def _describe(self, node: Node) -> tuple[str, str | None, str | None]:
        site = self.site
        kind, ident = node
        if kind == "claim":
            claim = self._read_claim(int(ident))
            return claim.statement, site.documents[claim.document_id].title, claim.path
        if kind == "document":
            document = site.documents[int(ident)]
            outlet = site.outlets.get(document.outlet_id) if document.outlet_id is not None else None
            return document.title, outlet.name if outlet else None, document.path
        if kind == "entity":
            entity = site.entities[int(ident)]
            return entity.name, None, entity.path
        return self.graph.person_names.get(str(ident), str(ident)), "unnamed source", None


def origins(node: ChainNode) -> frozenset[Node]:
    """The origins a chain reaches."""
    found: set[Node] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if current.origin:
            found.add(current.key)
        stack.extend(current.children)
    return frozenset(found)


def origin_nodes(node: ChainNode) -> list[ChainNode]:
    """The origin nodes of a chain, once each, in the order they are first reached."""
    found: dict[Node, ChainNode] = {}
    queue = [node]
    while queue:
        current = queue.pop(0)
        if current.origin and current.key not in found:
            found[current.key] = current
        queue.extend(current.children)
    return list(found.values())
