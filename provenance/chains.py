"""What a claim rests on, all the way down — pure graph logic, no database.

The graph's nodes are claims and sources. A claim points at what it rests on:
- each citation's target: a document (held or unheld), an entity, or an unnamed person;
- each claim it *repeats* (passes on): the chain continues through that claim.
A cited document is itself an origin unless the citing claim repeats a particular
claim in it; a claim that rests on nothing is its own document's word (the
author's), so its origin is its document.

Two corroborating claims are independent only when their origin sets are
disjoint and they are not quoted from one work; agreement that reaches a shared
origin is circular reporting, and two accounts from one article are one source
whatever each cites. Documents of one work (a syndicated copy, a repost, two
records of one article) are one origin: `works` maps each to the record
representing the work.
Origins are computed once per strongly connected component (Tarjan), so
citation cycles are reported, never looped on, and the whole graph costs
O(claims + edges).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .text import fold_name

# A node: ("claim", id), ("document", id), ("entity", id) or ("person", name).
Node = tuple[str, int | str]


@dataclass(frozen=True)
class Edge:
    """`source` rests on `target`, as `kind` (quotes, cites, according_to, repeats, …)."""

    source: Node
    target: Node
    kind: str
    locator: str | None = None


def person_key(name: str) -> str:
    """Unnamed sources are one origin when their names match but for case and punctuation:
    "regional intelligence officials" and "Regional intelligence officials," are one source."""
    return fold_name(name)


@dataclass
class Graph:
    claim_documents: dict[int, int]  # claim id -> the document it is quoted from
    edges: dict[Node, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    person_names: dict[str, str] = field(default_factory=dict)  # person key -> the name as first written
    # document id -> the record representing its work (a merged, syndicated or reposted copy's
    # original): documents of one work are one origin. Documents not in it are their own work.
    works: dict[int, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        claim_documents: dict[int, int],
        citations: Iterable[tuple[int, Node, str, str | None]],
        repeats: Iterable[tuple[int, int]],
        works: dict[int, int] | None = None,
    ) -> Graph:
        """`citations`: (claim id, target node, kind, locator); `repeats`: (claim, the claim it repeats);
        `works`: document -> the document representing its work, for documents of a shared work."""
        graph = cls(dict(claim_documents), works=dict(works or {}))
        # A citation of a document whose claim the citing claim repeats leads through
        # that claim: the document is then a step on the chain, not an origin.
        repeated: dict[tuple[int, int], int] = {}
        for claim_id, source_id in repeats:
            repeated.setdefault((claim_id, graph.claim_documents[source_id]), source_id)
        merged: set[tuple[int, int]] = set()
        for claim_id, target, kind, locator in citations:
            if target[0] == "person":
                key = person_key(str(target[1]))
                graph.person_names.setdefault(key, str(target[1]))
                target = ("person", key)
            through = repeated.get((claim_id, int(target[1]))) if target[0] == "document" else None
            if through is not None:
                target = ("claim", through)
                merged.add((claim_id, through))
            graph.edges[("claim", claim_id)].append(Edge(("claim", claim_id), target, kind, locator))
        for claim_id, source_id in repeats:
            if (claim_id, source_id) not in merged:
                graph.edges[("claim", claim_id)].append(
                    Edge(("claim", claim_id), ("claim", source_id), "repeats")
                )
        for out in graph.edges.values():
            out.sort(key=lambda e: (e.target[0], str(e.target[1]), e.kind, e.locator or ""))
        return graph

    def origin(self, node: Node) -> Node:
        """The source a node stands for: a document stands for its work."""
        if node[0] == "document":
            return ("document", self.works.get(int(node[1]), int(node[1])))
        return node

    def successors(self, node: Node) -> list[Node]:
        """What `node` rests on. A claim that rests on nothing rests on its own document."""
        if node[0] != "claim":
            return []
        out = self.edges.get(node)
        if out:
            return [e.target for e in out]
        return [("document", self.claim_documents[int(node[1])])]


@dataclass
class TraceNode:
    node: Node
    via: str | None = None  # how the parent rests on it: cites, quotes, repeats, …
    locator: str | None = None
    children: list[TraceNode] = field(default_factory=list)
    cycle: bool = False  # the node is already on this path: not followed again

    @property
    def is_origin(self) -> bool:
        return not self.children and not self.cycle and self.node[0] != "claim"


def trace(graph: Graph, claim_id: int, *, max_depth: int = 50) -> TraceNode:
    """The chain from a claim to its origins, as a tree; cycles are marked, not followed."""

    def walk(
        node: Node, via: str | None, locator: str | None, path: frozenset[Node], depth: int
    ) -> TraceNode:
        here = TraceNode(node, via, locator)
        if node in path:
            here.cycle = True
            return here
        if node[0] != "claim" or depth >= max_depth:
            return here
        edges = graph.edges.get(node)
        if not edges:
            document = ("document", graph.claim_documents[int(node[1])])
            here.children.append(TraceNode(document, "asserted in"))
            return here
        for edge in edges:
            here.children.append(walk(edge.target, edge.kind, edge.locator, path | {node}, depth + 1))
        return here

    return walk(("claim", claim_id), None, None, frozenset(), 0)


def path_to(graph: Graph, claim_id: int, origin: Node) -> list[Node]:
    """The shortest chain from a claim to one of its origins (the claim first, the origin last), or
    [] when the claim's chain does not reach it: how an account comes to rest on a shared source."""
    start: Node = ("claim", claim_id)
    came_from: dict[Node, Node | None] = {start: None}
    queue = [start]
    for node in queue:  # breadth-first: the list grows as it is read
        for successor in graph.successors(node):
            if successor in came_from:
                continue
            came_from[successor] = node
            if graph.origin(successor) == origin:
                path = [successor]
                back = came_from[successor]
                while back is not None:
                    path.append(back)
                    back = came_from[back]
                path.reverse()
                path[-1] = origin
                return path
            queue.append(successor)
    return []


def cycles(graph: Graph) -> list[list[Node]]:
    """Every citation cycle (a strongly connected component with more than one node, or a self-loop)."""
    return [sorted(c, key=str) for c in _components(graph) if len(c) > 1 or _self_loop(graph, c[0])]


def _self_loop(graph: Graph, node: Node) -> bool:
    return node in graph.successors(node)


def _components(graph: Graph) -> list[list[Node]]:
    """Tarjan's strongly connected components, iteratively (deep chains must not hit the recursion limit).
    Components come out in reverse topological order: every successor's component first."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    on_stack: set[Node] = set()
    stack: list[Node] = []
    result: list[list[Node]] = []
    counter = 0
    roots = [("claim", c) for c in sorted(graph.claim_documents)]
    for root in roots:
        if root in index:
            continue
        work: list[tuple[Node, Iterator[Node]]] = [(root, iter(graph.successors(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.successors(child))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
    return result


def all_origins(graph: Graph) -> dict[int, frozenset[Node]]:
    """Every claim's origin set, in one pass over the condensed graph."""
    origins_of: dict[Node, frozenset[Node]] = {}
    for component in _components(graph):  # successors' components come first
        members = set(component)
        collected: set[Node] = set()
        for member in component:
            if member[0] != "claim":
                collected.add(graph.origin(member))
                continue
            for successor in graph.successors(member):
                if successor in members:
                    continue
                collected |= origins_of.get(
                    successor,
                    frozenset({graph.origin(successor)}) if successor[0] != "claim" else frozenset(),
                )
        frozen = frozenset(collected)
        for member in component:
            origins_of[member] = frozen
    return {int(node[1]): found for node, found in origins_of.items() if node[0] == "claim"}


@dataclass(frozen=True)
class Independence:
    """How a claim's corroboration stands once chains are followed to their origins."""

    claim_id: int
    independent: tuple[int, ...]  # corroborating claims sharing no origin with this one
    circular: tuple[int, ...]  # corroborating claims that reach an origin this one rests on too
    independent_origins: int  # distinct origins behind the independent corroborators
    # For each circular corroborator, the origins it shares with this claim: why it is not independent.
    shared: dict[int, frozenset[Node]] = field(default_factory=dict)
    # "N accounts, K independent origins": the claim and its corroborators (N), and how many groups
    # they fall into once accounts from one work or whose chains meet are counted as one (K).
    accounts: int = 1
    origin_groups: int = 1

    @property
    def independently_corroborated(self) -> bool:
        return bool(self.independent)


def shared_sources(
    a: int, b: int, origins: dict[int, frozenset[Node]], graph: Graph | None = None
) -> frozenset[Node]:
    """What makes two claims' accounts one source, empty when they are independent: the origins
    both chains reach, and (given the graph) the work both are quoted from."""
    shared = origins.get(a, frozenset()) & origins.get(b, frozenset())
    if graph is not None and a in graph.claim_documents and b in graph.claim_documents:
        work = graph.origin(("document", graph.claim_documents[a]))
        if work == graph.origin(("document", graph.claim_documents[b])):
            shared |= {work}
    return shared


def origin_groups(
    claims: Iterable[int], origins: dict[int, frozenset[Node]], graph: Graph | None = None
) -> int:
    """How many independent origins a set of accounts has: the groups they fall into when two
    accounts that share a source (`shared_sources`) are one."""
    members = sorted(set(claims))
    parent = {c: c for c in members}

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if root(a) != root(b) and shared_sources(a, b, origins, graph):
                parent[root(b)] = root(a)
    return len({root(c) for c in members})


def independence(
    claim_id: int,
    corroborators: Iterable[int],
    origins: dict[int, frozenset[Node]],
    graph: Graph | None = None,
) -> Independence:
    """How a claim's corroboration stands; with the graph, accounts quoted from one work are one
    source even when their chains do not meet (two accounts from one article)."""
    independent: list[int] = []
    circular: list[int] = []
    support: set[Node] = set()
    shared: dict[int, frozenset[Node]] = {}
    others = sorted(set(corroborators) - {claim_id})
    for other in others:
        common = shared_sources(claim_id, other, origins, graph)
        if common:
            circular.append(other)
            shared[other] = common
        else:
            independent.append(other)
            support |= origins.get(other, frozenset())
    groups = origin_groups([claim_id, *others], origins, graph)
    return Independence(
        claim_id, tuple(independent), tuple(circular), len(support), shared, 1 + len(others), groups
    )
