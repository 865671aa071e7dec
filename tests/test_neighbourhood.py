"""Neighbourhood commands read what they show (issue 21): `trace` and the credibility-1 rule read
the claim's reachable part of the citation graph, never the whole store. Counted, not timed: the
statements and rows a trace loads stay the same when an unrelated component of the store grows,
and the answer is the one the whole-graph computation gives, for every claim."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from provenance import migrate, tracing
from provenance.chains import all_origins, cycles, independence, path_to, person_key, trace
from provenance.db import Database
from provenance.models import (
    Citation,
    Claim,
    Document,
    Entity,
    Relation,
    RelationKind,
    RelationStatus,
    SameWork,
)


def _claim(session: Session, key: str, doc: Document) -> Claim:
    claim = Claim(key=key, document_id=doc.id, revision=1, exact=key, start=0, end=1, statement=f"says {key}")
    session.add(claim)
    session.flush()
    return claim


def _doc(session: Session, key: str) -> Document:
    doc = Document(key=key, title=f"The document {key}")
    session.add(doc)
    session.flush()
    return doc


def _person(session: Session, claim: Claim, name: str) -> None:
    """A citation of an unnamed source, keyed as the library keys it."""
    session.add(Citation(claim_id=claim.id, target_person=name, target_person_key=person_key(name)))


def _relate(session: Session, a: Claim, kind: RelationKind, b: Claim) -> None:
    session.add(
        Relation(claim_a_id=a.id, kind=kind, claim_b_id=b.id, status=RelationStatus.CONFIRMED, created_by="t")
    )


def traced_part(session: Session) -> None:
    """The claim `a` and what it rests on: a repeat through a cited document, an unnamed source
    written two ways, a cycle, a work of two records; corroborators circular and independent."""
    d = {k: _doc(session, k) for k in ("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8")}
    a, b, c = _claim(session, "a", d["d1"]), _claim(session, "b", d["d2"]), _claim(session, "c", d["d3"])
    x, y, z = _claim(session, "x", d["d6"]), _claim(session, "y", d["d7"]), _claim(session, "z", d["d7"])
    q = _claim(session, "q", d["d6"])  # outside a's neighbourhood: it writes the source's name first
    _person(session, q, "Regional Intelligence Officials,")
    session.flush()
    _relate(session, a, RelationKind.REPEATS, b)
    session.add(Citation(claim_id=a.id, target_document_id=d["d2"].id, locator="[1]"))
    _person(session, b, "regional intelligence officials")
    _person(session, z, "regional intelligence officials.")
    _relate(session, z, RelationKind.CORROBORATES, a)  # circular: the same unnamed source
    _relate(session, b, RelationKind.REPEATS, x)
    _relate(session, x, RelationKind.REPEATS, y)
    _relate(session, y, RelationKind.REPEATS, x)  # a cycle on a's chain
    _relate(session, c, RelationKind.CORROBORATES, a)
    session.add(Citation(claim_id=c.id, target_document_id=d["d4"].id))
    session.add(SameWork(document_id=d["d5"].id, same_as_id=d["d4"].id, created_by="t"))
    w = _claim(session, "w", d["d5"])
    _relate(session, a, RelationKind.CORROBORATES, w)  # w's own word: d5, one work with d4
    session.add(Citation(claim_id=a.id, target_document_id=d["d5"].id))  # so a rests on that work too
    _relate(session, _claim(session, "v", d["d8"]), RelationKind.CORROBORATES, a)  # independent
    session.flush()


def unrelated_part(session: Session, start: int, count: int) -> None:
    """A component the traced claim never reaches: a long repeats chain citing documents, an
    entity, the traced chain's unnamed source and its own, with same-work links and corroborations."""
    entity = session.scalars(select(Entity).where(Entity.key == "u-entity")).one_or_none()
    if entity is None:
        entity = Entity(key="u-entity", name="Unrelated Entity", folded="unrelated entity")
        session.add(entity)
        session.flush()
    previous: Claim | None = None
    for n in range(start, start + count):
        doc = _doc(session, f"u-doc-{n}")
        claim = _claim(session, f"u-{n}", doc)
        _person(session, claim, "regional intelligence officials")  # as a's chain writes it, later
        _person(session, claim, f"officials of district {n}")  # and sources of its own
        session.add(Citation(claim_id=claim.id, target_entity_id=entity.id))
        if previous is not None:
            _relate(session, claim, RelationKind.REPEATS, previous)
            _relate(session, claim, RelationKind.CORROBORATES, previous)
            session.add(SameWork(document_id=doc.id, same_as_id=previous.document_id, created_by="t"))
        previous = claim
    session.flush()


@pytest.fixture
def db(store_url: str) -> Iterator[Database]:
    migrate.upgrade(store_url)
    database = Database(store_url, actor="test")
    with database.write() as session:
        traced_part(session)
        unrelated_part(session, 0, 5)
    yield database
    database.dispose()


def loaded(database: Database, work: Any) -> tuple[int, int, Any]:
    """(statements, rows fetched, answer) of `work(session)`: every row a query returns is counted."""
    tally = {"statements": 0, "rows": 0}
    with database.read() as session:

        @event.listens_for(session, "do_orm_execute")
        def count(state: Any) -> Any:
            frozen = state.invoke_statement().freeze()
            tally["statements"] += 1
            tally["rows"] += len(frozen.data)
            return frozen()

        answer = work(session)
    return tally["statements"], tally["rows"], answer


def _trace(session: Session) -> Any:
    found = tracing.trace_claim(session, "a")
    return repr(found.tree), found.labels, found.independence, found.origins, found.cycles


def _credibility(session: Session) -> Any:
    claim = session.scalars(select(Claim).where(Claim.key == "a")).one()
    tracing.require_independent_corroboration(session, claim)
    return True


@pytest.mark.parametrize("work", [_trace, _credibility], ids=["trace", "credibility-1"])
def test_an_unrelated_component_is_never_read(db: Database, work: Any) -> None:
    small = loaded(db, work)
    with db.write() as session:
        unrelated_part(session, 5, 300)
    large = loaded(db, work)
    assert large == small  # the same statements, the same rows, the same answer
    statements, rows, _ = small
    assert rows < 60 and statements < 30, small  # the neighbourhood, not the store (400+ claims)


def whole_graph_trace(session: Session, claim_id: int) -> Any:
    """The whole-graph computation `trace_claim` used to run, for comparison."""
    graph = tracing.load_graph(session)
    origins = all_origins(graph)
    tree = trace(graph, claim_id)
    judged = independence(claim_id, tracing.corroborations(session).get(claim_id, set()), origins, graph)
    on_path = tracing._nodes(tree)
    loops = [c for c in cycles(graph) if set(c) & on_path]
    shown = on_path | {n for c in loops for n in c} | set(origins.get(claim_id, ()))
    shown |= {n for common in judged.shared.values() for n in common}
    paths = {
        other: [
            (origin, path_to(graph, claim_id, origin), path_to(graph, other, origin))
            for origin in sorted(common, key=str)
        ]
        for other, common in judged.shared.items()
    }
    shown |= {n for found in paths.values() for _, mine, theirs in found for n in (*mine, *theirs)}
    labels = tracing.node_labels(session, shown, graph.person_names)
    members: dict[int, list[int]] = {}
    for doc_id, work in graph.works.items():
        if doc_id != work:
            members.setdefault(work, []).append(doc_id)
    for node in origins.get(claim_id, ()):
        if node[0] == "document" and int(node[1]) in members:
            copies = ", ".join(map(str, sorted(members[int(node[1])])))
            labels[node] = f"{labels.get(node, node[1])} (one work with its copies: document {copies})"
    return repr(tree), labels, judged, origins.get(claim_id, frozenset()), loops, paths


def test_every_claims_trace_is_the_whole_graphs(db: Database) -> None:
    with db.read() as session:
        ids = list(session.scalars(select(Claim.id).order_by(Claim.id)))
        for claim_id in ids:
            found = tracing.trace_claim(session, str(claim_id))
            mine = (
                repr(found.tree),
                found.labels,
                found.independence,
                found.origins,
                found.cycles,
                found.paths,
            )
            assert mine == whole_graph_trace(session, claim_id), claim_id
        traced = tracing.trace_claim(session, "a")
    # The fixture's shape is what the comparison covers: a cycle, a work of two records, one
    # unnamed source written two ways (labelled as first written), a circular corroborator.
    assert traced.cycles and traced.independence.independent and traced.independence.circular
    assert any(len(way) > 2 for found in traced.paths.values() for _, *ways in found for way in ways)
    assert any("one work with its copies" in label for label in traced.labels.values())
    assert traced.labels[("person", "regional intelligence officials")] == "Regional Intelligence Officials,"
