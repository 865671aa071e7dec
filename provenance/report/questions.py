"""Disputed questions: the accounts of one subject and property, side by side.

An entity's assertions grouped by property form its questions. A question is
disputed when two accounts that hold for the same time or context cannot both be
true (`provenance.values.compatible`). Each account carries its chain's origins,
so the matrix shows which accounts are independent and which reach the same
origin (circular reporting).
"""

from __future__ import annotations

import builtins
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..chains import origin_groups
from ..detect import holds_for_key
from ..disputes import Disputed, Reading, disputed
from ..errors import ProvenanceError
from ..values import DateValue, Value, compatible, describe, fold_text, parse_value
from .trace import ChainNode, Chains, origin_nodes
from .views import AssertionView, ClaimView, DocumentView, EntityView, OutletView, Site


@dataclass(frozen=True, slots=True)
class Account:
    number: int  # row number in its question, from 1
    assertion: AssertionView
    claim: ClaimView
    document: DocumentView
    outlet: OutletView | None
    reading: str  # how the value is read ("May 2017 (month)"), or the value itself
    value: Value | None
    origins: tuple[ChainNode, ...]
    shares_origin_with: tuple[int, ...]  # row numbers reaching one of the same origins
    conflicts_with: tuple[int, ...]  # row numbers it cannot agree with


@dataclass(frozen=True, slots=True)
class Question:
    subject: EntityView
    property: str
    accounts: tuple[Account, ...]
    independent_origins: int = 0  # the accounts' groups once those of one source are one

    @builtins.property
    def disputed(self) -> bool:
        return any(a.conflicts_with for a in self.accounts)

    @builtins.property  # the field `property` hides the builtin in the class body
    def label(self) -> str:
        return self.property.replace("_", " ")


def read_value(site: Site, assertion: AssertionView) -> Value | None:
    """The parsed value, read with its document's date for year-less dates; None if unreadable."""
    if assertion.value_type == "entity":
        return None
    document = site.documents[site.claims[assertion.claim_id].document_id]
    try:
        return parse_value(assertion.value_type, assertion.value, context_date=document.published)
    except ProvenanceError:
        return None


def _holds_for(site: Site, a: AssertionView) -> tuple[str, ...] | None:
    """The time or context an account holds for, grouped as detection groups it."""
    return holds_for_key(a.holds_for, site.documents[site.claims[a.claim_id].document_id].published)


def _agree(a: AssertionView, va: Value | None, b: AssertionView, vb: Value | None) -> bool:
    if a.value_type == "entity" or b.value_type == "entity":
        return a.value_type == b.value_type and a.value_entity_id == b.value_entity_id
    if va is None or vb is None:
        return fold_text(a.value) == fold_text(b.value)
    return compatible(va, vb)


def questions_about(site: Site, entity_id: int, chains: Chains) -> list[Question]:
    """The entity's questions, one per property, with their accounts."""
    grouped: dict[str, list[AssertionView]] = defaultdict(list)
    for assertion_id in site.assertions_by_subject.get(entity_id, ()):
        assertion = site.assertions[assertion_id]
        grouped[assertion.property].append(assertion)
    return [
        _question(site, site.entities[entity_id], prop, rows, chains)
        for prop, rows in sorted(grouped.items())
    ]


def _question(
    site: Site, subject: EntityView, prop: str, rows: list[AssertionView], chains: Chains
) -> Question:
    values = [read_value(site, a) for a in rows]
    times = [_holds_for(site, a) for a in rows]
    # By the one rule claim pages and `trace` use (full origin sets, not the page's capped tree):
    # accounts quoted from one work, or whose chains meet, are one source, never independent.
    sources = {
        (a.claim_id, b.claim_id): bool(chains.shared(a.claim_id, b.claim_id))
        for a in rows
        for b in rows
        if a.claim_id < b.claim_id
    }

    def one_source(x: int, y: int) -> bool:
        return x == y or sources[(min(x, y), max(x, y))]

    accounts = []
    for i, assertion in enumerate(rows):
        claim = site.claims[assertion.claim_id]
        document = site.documents[claim.document_id]
        outlet = site.outlets.get(document.outlet_id) if document.outlet_id is not None else None
        conflicts = tuple(
            j + 1
            for j, other in enumerate(rows)
            if j != i and times[i] == times[j] and not _agree(assertion, values[i], other, values[j])
        )
        shared = tuple(
            j + 1 for j, other in enumerate(rows) if j != i and one_source(assertion.claim_id, other.claim_id)
        )
        chain = chains.chain(assertion.claim_id)
        accounts.append(
            Account(
                number=i + 1,
                assertion=assertion,
                claim=claim,
                document=document,
                outlet=outlet,
                reading=_reading(site, assertion, values[i]),
                value=values[i],
                origins=tuple(origin_nodes(chain)),
                shares_origin_with=shared,
                conflicts_with=conflicts,
            )
        )
    groups = origin_groups([a.claim_id for a in rows], chains.origins, chains.graph)
    return Question(subject=subject, property=prop, accounts=tuple(accounts), independent_origins=groups)


def _reading(site: Site, assertion: AssertionView, value: Value | None) -> str:
    if assertion.value_type == "entity" and assertion.value_entity_id in site.entities:
        return site.entities[assertion.value_entity_id].name
    return describe(value) if value is not None else assertion.value


def readings(site: Site, claim_id: int) -> list[Reading]:
    """A claim's accepted assertions as the dispute comparison reads them (provenance.disputes)."""
    document = site.documents[site.claims[claim_id].document_id]
    out = []
    for assertion_id in site.assertions_by_claim.get(claim_id, ()):
        a = site.assertions[assertion_id]
        entity = a.value_type == "entity" and a.value_entity_id in site.entities
        out.append(
            Reading(
                subject=site.entities[a.subject_id].name,
                subject_key=a.subject_id,
                property=a.property,
                kind=a.value_type,
                value=site.entities[a.value_entity_id].name if entity else a.value,  # type: ignore[index]
                value_key=a.value_entity_id,
                holds_for=a.holds_for,
                context_date=document.published,
            )
        )
    return out


def disputed_between(site: Site, a: int, b: int) -> tuple[Disputed, ...]:
    """What two contradicting claims read for each subject and property both assert."""
    return disputed(readings(site, a), readings(site, b))


def date_conflict(site: Site, rows: list[AssertionView]) -> tuple[list[DateValue | None], bool]:
    """Parsed dates of a timeline row and whether two comparable ones cannot both be true."""
    values = [read_value(site, a) for a in rows]
    dates = [v if isinstance(v, DateValue) else None for v in values]
    times = [_holds_for(site, a) for a in rows]
    conflict = any(
        (a := dates[i]) is not None
        and (b := dates[j]) is not None
        and times[i] == times[j]
        and not compatible(a, b)
        for i in range(len(rows))
        for j in range(i + 1, len(rows))
    )
    return dates, conflict


def contested_entities(site: Site, limit: int = 10) -> list[tuple[EntityView, int]]:
    """Entities by the number of live contradictions touching claims that name them."""
    counts: Counter[int] = Counter()
    for relation in site.relations.values():
        if relation.kind != "contradicts" or relation.status == "dismissed":
            continue
        touched: set[int] = set()
        for claim_id in (relation.claim_a_id, relation.claim_b_id):
            touched.update(site.claims[claim_id].entity_ids)
            touched.update(site.assertions[a].subject_id for a in site.assertions_by_claim.get(claim_id, ()))
        counts.update(touched)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], site.entities[item[0]].name, item[0]))
    return [(site.entities[entity_id], n) for entity_id, n in ranked[:limit]]
