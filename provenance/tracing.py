"""Reading the citation graph from the store: trace a claim, and judge its independence.

Loads the whole graph in a fixed number of queries (four), then hands it to the
pure logic in `provenance.chains`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .chains import Graph, Independence, Node, TraceNode, all_origins, cycles, independence, trace
from .errors import InvalidInput
from .models import Citation, Claim, Document, Entity, Relation, RelationKind, RelationStatus
from .records import get as get_record

_LIVE = (RelationStatus.CONFIRMED,)


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
    graph = load_graph(session)
    origins = all_origins(graph)
    tree = trace(graph, claim.id)
    judged = independence(claim.id, corroborations(session).get(claim.id, set()), origins, graph)
    on_path = _nodes(tree)
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
    return Trace(tree, labels, judged, origins.get(claim.id, frozenset()), loops)


def require_independent_corroboration(session: Session, claim: Claim) -> None:
    """Credibility 1 ("confirmed by other sources") needs corroboration from an independent origin."""
    graph = load_graph(session)
    judged = independence(claim.id, corroborations(session).get(claim.id, set()), all_origins(graph), graph)
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
