"""W3C PROV (PROV-JSON): documents and claims as a provenance graph.

* entities: every document (`document:KEY`), every claim (`claim:KEY`), and the testimony of each
  person or body a claim rests on (`testimony:…`: what "regional intelligence officials" said);
* agents: outlets (prov:Organization), document authors (prov:Person), and the people and bodies
  claims cite (`source:…`, or `entity:KEY` for recorded entities);
* wasAttributedTo: a document to its outlet and authors, a testimony to whoever gave it;
* wasDerivedFrom, typed prov:Quotation: a claim from the document it is quoted from
  (prov:wasQuotedFrom), and from a document it `quotes`;
* wasDerivedFrom: a claim from each document or testimony it cites (the citation's kind and
  locator as attributes), and from a claim it repeats;
* wasDerivedFrom, typed prov:PrimarySource (prov:hadPrimarySource): a claim from each origin its
  chain reaches (`provenance.chains`: the documents, people and bodies nothing further rests on).

Identifiers are the store's keys, so the same store always gives the same file.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..chains import Node, all_origins, person_key
from ..models import Claim, Document, Entity, Relation, RelationKind, RelationStatus
from ..records import slugify
from ..tracing import load_graph
from .common import URN, ExportData

PREFIXES = {
    "provenance": f"{URN}vocab:",
    "document": f"{URN}document:",
    "claim": f"{URN}claim:",
    "outlet": f"{URN}outlet:",
    "author": f"{URN}author:",
    "source": f"{URN}source:",
    "entity": f"{URN}entity:",
    "testimony": f"{URN}testimony:",
}
_AGENT_TYPES = {"person": "prov:Person", "group": "prov:Organization"}


def _qname(value: str) -> dict[str, str]:
    return {"$": value, "type": "xsd:QName"}


def _slug(name: str) -> str:
    """An identifier for a name: its slug and a short hash, so different names never collide."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{slugify(name, max_length=40) or 'name'}-{digest}"


class _Graph:
    def __init__(self) -> None:
        self.sections: dict[str, dict[str, Any]] = {}
        self.counter: dict[str, int] = {}

    def add(self, section: str, ident: str, attributes: dict[str, Any]) -> None:
        self.sections.setdefault(section, {})[ident] = {k: v for k, v in attributes.items() if v is not None}

    def relate(self, section: str, stem: str, attributes: dict[str, Any]) -> None:
        n = self.counter.get(stem, 0) + 1
        self.counter[stem] = n
        self.add(section, f"_:{stem}-{n}", attributes)

    def derived(self, stem: str, generated: str, used: str, kind: str | None = None, **extra: Any) -> None:
        record = {"prov:generatedEntity": generated, "prov:usedEntity": used, **extra}
        if kind:
            record["prov:type"] = _qname(kind)
        self.relate("wasDerivedFrom", stem, record)


def render(session: Session, snap: ExportData) -> tuple[dict[str, Any], int]:
    """The PROV-JSON document and how many entities it holds."""
    g = _Graph()
    for outlet in snap.bundle.outlets:
        g.add(
            "agent",
            f"outlet:{outlet.key}",
            {"prov:type": _qname("prov:Organization"), "prov:label": outlet.name},
        )
    for d in snap.bundle.documents:
        ident = f"document:{d.key}"
        g.add(
            "entity",
            ident,
            {
                "prov:type": _qname("provenance:Document"),
                "prov:label": d.title,
                "provenance:published": d.published,
                "provenance:url": d.url,
                "provenance:held": "yes" if d.texts else "no",
                "provenance:partOf": f"document:{d.part_of}" if d.part_of else None,
            },
        )
        if d.outlet:
            g.relate(
                "wasAttributedTo",
                f"outlet-{d.key}",
                {"prov:entity": ident, "prov:agent": f"outlet:{d.outlet}"},
            )
        for author in d.authors:
            agent = f"author:{_slug(author)}"
            g.add("agent", agent, {"prov:type": _qname("prov:Person"), "prov:label": author})
            g.relate("wasAttributedTo", f"author-{d.key}", {"prov:entity": ident, "prov:agent": agent})
    entity_kinds = {e.key: e for e in snap.bundle.entities}

    def testimony(person: str | None = None, entity: str | None = None) -> str:
        """The entity for what a person or body said, with its agent."""
        if entity is not None:
            name, agent = entity_kinds[entity].name, f"entity:{entity}"
            kind = _AGENT_TYPES.get(entity_kinds[entity].kind, "prov:Agent")
            ident = f"testimony:entity-{entity}"
        else:
            name = person or ""
            key = _slug(person_key(name))
            agent, kind, ident = f"source:{key}", "prov:Agent", f"testimony:{key}"
        if ident not in g.sections.get("entity", {}):
            g.add("agent", agent, {"prov:type": _qname(kind), "prov:label": name})
            g.add(
                "entity",
                ident,
                {"prov:type": _qname("provenance:Testimony"), "prov:label": f"what {name} said"},
            )
            g.relate("wasAttributedTo", "testimony", {"prov:entity": ident, "prov:agent": agent})
        return ident

    for c in snap.bundle.claims:
        ident = f"claim:{c.key}"
        g.add(
            "entity",
            ident,
            {
                "prov:type": _qname("provenance:Claim"),
                "prov:label": c.statement,
                "provenance:quote": c.exact,
                "provenance:speaker": c.speaker,
                "provenance:verdict": c.verdict,
            },
        )
        g.derived(f"quoted-{c.key}", ident, f"document:{c.document}", "prov:Quotation")
    for cite in snap.bundle.citations:
        used = f"document:{cite.document}" if cite.document else testimony(cite.person, cite.entity)
        kind = "prov:Quotation" if cite.kind == "quotes" else None
        extra = {"provenance:kind": cite.kind, "provenance:locator": cite.locator}
        g.derived(
            f"cites-{cite.claim}", f"claim:{cite.claim}", used, kind, **{k: v for k, v in extra.items() if v}
        )
    _repeats_and_origins(session, g, testimony)
    return {"prefix": PREFIXES, **{k: g.sections[k] for k in sorted(g.sections)}}, len(
        g.sections.get("entity", {})
    )


def _repeats_and_origins(session: Session, g: _Graph, testimony: Any) -> None:
    claim_keys = dict(session.execute(select(Claim.id, Claim.key)).all())
    document_keys = dict(session.execute(select(Document.id, Document.key)).all())
    entity_keys = dict(session.execute(select(Entity.id, Entity.key)).all())
    for a, b in sorted(
        session.execute(
            select(Relation.claim_a_id, Relation.claim_b_id).where(
                Relation.kind == RelationKind.REPEATS, Relation.status == RelationStatus.CONFIRMED
            )
        ).all()
    ):
        g.derived(
            f"repeats-{claim_keys[a]}",
            f"claim:{claim_keys[a]}",
            f"claim:{claim_keys[b]}",
            None,
            **{"provenance:kind": "repeats"},
        )
    graph = load_graph(session)

    def origin(node: Node) -> str:
        kind, value = node
        if kind == "document":
            return f"document:{document_keys[int(value)]}"
        if kind == "entity":
            return testimony(entity=entity_keys[int(value)])
        return testimony(person=graph.person_names.get(str(value), str(value)))

    for claim_id, nodes in sorted(all_origins(graph).items(), key=lambda item: claim_keys[item[0]]):
        key = claim_keys[claim_id]
        for used in sorted({origin(n) for n in nodes}):
            g.derived(f"origin-{key}", f"claim:{key}", used, "prov:PrimarySource")
