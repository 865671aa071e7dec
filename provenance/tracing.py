"""Reading the citation graph from the store: trace a claim, and judge its independence.

`load_graph` loads the whole graph in a fixed number of queries (four), for the exports that need
every claim's origins. Tracing one claim, and the credibility-1 rule, read only its neighbourhood
(`load_neighbourhood`): the claims reachable from it and from its corroborators, breadth-first, one
batch of indexed `IN` queries per level, and the same-work groups of the documents they reach. Both
hand the graph to the pure logic in `provenance.chains`; on a part closed under "rests on", origins
and cycles are those of the whole graph, so the answer is the same at any store size. (One order
can differ: with two or more cycles on a chain, they are listed in the order Tarjan's walk of the
neighbourhood meets them, where the whole-graph walk's order also depended on unrelated claims
with lower ids that lead into them; now it depends on the neighbourhood alone.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .chains import (
    Graph,
    Independence,
    Node,
    TraceNode,
    all_origins,
    cycles,
    independence,
    path_to,
    trace,
)
from .errors import InvalidInput
from .models import Citation, Claim, Document, Entity, Relation, RelationKind, RelationStatus, SameWork
from .records import get as get_record

_LIVE = (RelationStatus.CONFIRMED,)
_BATCH = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


def load_graph(session: Session) -> Graph:
    claim_documents = dict(session.execute(select(Claim.id, Claim.document_id)).all())
    citations = []
    for claim_id, doc_id, entity_id, person, kind, locator in session.execute(
        select(
            Citation.claim_id,
            Citation.target_document_id,
            Citation.target_entity_id,
            Citation.target_person,
            Citation.kind,
            Citation.locator,
        )
    ):
        target: Node = (
            ("document", doc_id)
            if doc_id is not None
            else ("entity", entity_id)
            if entity_id is not None
            else ("person", person or "")
        )
        citations.append((claim_id, target, kind.value, locator))
    repeats = session.execute(
        select(Relation.claim_a_id, Relation.claim_b_id).where(
            Relation.kind == RelationKind.REPEATS, Relation.status.in_(_LIVE)
        )
    ).all()
    from .works import work_of

    return Graph.build(
        claim_documents, citations, [(int(a), int(b)) for a, b in repeats], works=work_of(session)
    )


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for at in range(0, len(ordered), _BATCH):
        yield ordered[at : at + _BATCH]


def _target(doc_id: int | None, entity_id: int | None, person: str | None) -> Node:
    if doc_id is not None:
        return ("document", doc_id)
    if entity_id is not None:
        return ("entity", entity_id)
    return ("person", person or "")


def load_neighbourhood(session: Session, roots: Iterable[int]) -> Graph:
    """The part of the graph that `roots` (claim ids) rest on, all the way down: breadth-first over
    `repeats`, each level's claims, citations and repeats read by indexed `IN` queries in batches.
    The part is closed under "rests on", so every origin and cycle found in it is the whole graph's.
    Rows are taken in id order, the order `load_graph` reads them in."""
    claim_documents: dict[int, int] = {}
    citations: list[tuple[int, int, Node, str, str | None]] = []
    repeats: list[tuple[int, int, int]] = []
    seen = set(roots)
    frontier = set(seen)
    while frontier:
        reached: set[int] = set()
        for batch in _batches(frontier):
            for claim_id, claim_doc in session.execute(
                select(Claim.id, Claim.document_id).where(Claim.id.in_(batch))
            ):
                claim_documents[int(claim_id)] = int(claim_doc)
            for cid, claim_id, doc_id, entity_id, person, kind, locator in session.execute(
                select(
                    Citation.id,
                    Citation.claim_id,
                    Citation.target_document_id,
                    Citation.target_entity_id,
                    Citation.target_person,
                    Citation.kind,
                    Citation.locator,
                ).where(Citation.claim_id.in_(batch))
            ):
                citations.append((cid, claim_id, _target(doc_id, entity_id, person), kind.value, locator))
            for rid, a, b in session.execute(
                select(Relation.id, Relation.claim_a_id, Relation.claim_b_id).where(
                    Relation.claim_a_id.in_(batch),
                    Relation.kind == RelationKind.REPEATS,
                    Relation.status.in_(_LIVE),
                )
            ):
                repeats.append((rid, int(a), int(b)))
                if b not in seen:
                    reached.add(int(b))
        seen |= reached
        frontier = reached
    citations.sort(key=lambda row: row[0])
    repeats.sort(key=lambda row: row[0])
    documents = set(claim_documents.values()) | {
        int(target[1]) for _, _, target, _, _ in citations if target[0] == "document"
    }
    graph = Graph.build(
        claim_documents,
        [(claim_id, target, kind, locator) for _, claim_id, target, kind, locator in citations],
        [(a, b) for _, a, b in repeats],
        works=works_around(session, documents),
    )
    graph.person_names.update(first_person_names(session, set(graph.person_names)))
    return graph


def works_around(session: Session, documents: Iterable[int]) -> dict[int, int]:
    """`work_of` for the works of `documents` only: the same-work groups they belong to, whole
    (each linked document -> the least id of its group), read breadth-first over the links."""
    from .works import group_works

    links: set[tuple[int, int]] = set()
    seen = set(documents)
    frontier = set(seen)
    while frontier:
        reached: set[int] = set()
        for batch in _batches(frontier):
            for a, b in session.execute(
                select(SameWork.document_id, SameWork.same_as_id).where(
                    or_(SameWork.document_id.in_(batch), SameWork.same_as_id.in_(batch))
                )
            ):
                links.add((int(a), int(b)))
                reached |= {int(a), int(b)} - seen
        seen |= reached
        frontier = reached
    return group_works(sorted(links))


def first_person_names(session: Session, keys: set[str]) -> dict[str, str]:
    """For unnamed sources (person keys), the name as first written anywhere in the store, as
    `load_graph` labels them: the least citation id per key (the index on the key and the id),
    then those citations' names. Two queries, whatever the store's size."""
    if not keys:
        return {}
    first: dict[str, int] = {}
    for batch in _key_batches(keys):
        for key, least in session.execute(
            select(Citation.target_person_key, func.min(Citation.id))
            .where(Citation.target_person_key.in_(batch))
            .group_by(Citation.target_person_key)
        ):
            first[str(key)] = int(least)
    names: dict[int, str] = {}
    for ids in _batches(first.values()):
        rows = session.execute(select(Citation.id, Citation.target_person).where(Citation.id.in_(ids)))
        for cid, name in rows:
            names[int(cid)] = str(name)
    return {key: names[cid] for key, cid in first.items() if cid in names}


def _key_batches(keys: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(keys)
    for at in range(0, len(ordered), _BATCH):
        yield ordered[at : at + _BATCH]


def corroborators(session: Session, claim_id: int) -> set[int]:
    """The claims a confirmed corroboration links to this one, either way round (indexed)."""
    found: set[int] = set()
    for a, b in session.execute(
        select(Relation.claim_a_id, Relation.claim_b_id).where(
            Relation.kind == RelationKind.CORROBORATES,
            Relation.status.in_(_LIVE),
            or_(Relation.claim_a_id == claim_id, Relation.claim_b_id == claim_id),
        )
    ):
        found.add(int(b) if a == claim_id else int(a))
    return found


def corroborations(session: Session) -> dict[int, set[int]]:
    """Confirmed corroborations, both ways round."""
    found: dict[int, set[int]] = {}
    for a, b in session.execute(
        select(Relation.claim_a_id, Relation.claim_b_id).where(
            Relation.kind == RelationKind.CORROBORATES, Relation.status.in_(_LIVE)
        )
    ):
        found.setdefault(a, set()).add(b)
        found.setdefault(b, set()).add(a)
    return found


@dataclass(frozen=True)
class Trace:
    tree: TraceNode
    labels: dict[Node, str]
    independence: Independence
    origins: frozenset[Node]
    cycles: list[list[Node]]
    # For each corroborator that is not independent, per shared origin: this claim's path to it and
    # the corroborator's (each from the claim to the origin; empty when the two are quoted from one work).
    paths: dict[int, list[tuple[Node, list[Node], list[Node]]]] = field(default_factory=dict)


def node_labels(
    session: Session, nodes: set[Node], person_names: dict[str, str] | None = None
) -> dict[Node, str]:
    """Human names for nodes, in three queries whatever their number."""
    ids = {kind: [n[1] for n in nodes if n[0] == kind] for kind in ("claim", "document", "entity")}
    labels: dict[Node, str] = {n: str(n[1]) for n in nodes if n[0] == "person"}
    labels.update({("person", k): v for k, v in (person_names or {}).items() if ("person", k) in nodes})
    if ids["claim"]:
        for cid, key, statement in session.execute(
            select(Claim.id, Claim.key, Claim.statement).where(Claim.id.in_(ids["claim"]))
        ):
            labels[("claim", cid)] = f"claim {cid} ({key}): {statement}"
    if ids["document"]:
        for did, title, held in session.execute(
            select(Document.id, Document.title, Document.revision).where(Document.id.in_(ids["document"]))
        ):
            labels[("document", did)] = f"document {did}: {title}" + ("" if held else " (unheld)")
    if ids["entity"]:
        for eid, name in session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(ids["entity"]))):
            labels[("entity", eid)] = f"entity {eid}: {name}"
    return labels


def _nodes(tree: TraceNode) -> set[Node]:
    found = {tree.node}
    for child in tree.children:
        found |= _nodes(child)
    return found


def trace_claim(session: Session, ref: str) -> Trace:
    claim = get_record(session, Claim, ref, noun="claim")
    others = corroborators(session, claim.id)
    graph = load_neighbourhood(session, {claim.id} | others)
    origins = all_origins(graph)
    tree = trace(graph, claim.id)
    judged = independence(claim.id, others, origins, graph)
    on_path = _nodes(tree)
    paths = {
        other: [
            (origin, path_to(graph, claim.id, origin), path_to(graph, other, origin))
            for origin in sorted(common, key=str)
        ]
        for other, common in judged.shared.items()
    }
    on_path |= {n for found in paths.values() for _, mine, theirs in found for n in (*mine, *theirs)}
    loops = [c for c in cycles(graph) if set(c) & on_path]
    labels = node_labels(
        session,
        on_path
        | {n for c in loops for n in c}
        | set(origins.get(claim.id, ()))
        | {n for common in judged.shared.values() for n in common},
        graph.person_names,
    )
    # An origin that stands for a work of several records says so: that is why copies are one source.
    members: dict[int, list[int]] = {}
    for doc_id, work in graph.works.items():
        if doc_id != work:
            members.setdefault(work, []).append(doc_id)
    for node in origins.get(claim.id, ()):
        if node[0] == "document" and int(node[1]) in members:
            copies = ", ".join(map(str, sorted(members[int(node[1])])))
            labels[node] = f"{labels.get(node, node[1])} (one work with its copies: document {copies})"
    return Trace(tree, labels, judged, origins.get(claim.id, frozenset()), loops, paths)


def require_independent_corroboration(session: Session, claim: Claim) -> None:
    """Credibility 1 ("confirmed by other sources") needs corroboration from an independent origin."""
    others = corroborators(session, claim.id)
    graph = load_neighbourhood(session, {claim.id} | others)
    judged = independence(claim.id, others, all_origins(graph), graph)
    if judged.independently_corroborated:
        return
    why = (
        f"its {len(judged.circular)} corroboration(s) reach the same origin (circular reporting)"
        if judged.circular
        else "no claim corroborates it"
    )
    raise InvalidInput(
        f"credibility 1 (confirmed by other sources) needs independent corroboration, and claim {claim.key} "
        f"has none: {why}; relate it to an independent claim with `provenance relate … corroborates …`"
    )
