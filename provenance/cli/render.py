"""Records as plain dicts for `--json` (stable field names: scripts depend on them)."""

from __future__ import annotations

from typing import Any


def outlet(o: Any) -> dict[str, Any]:
    return {"id": o.id, "key": o.key, "name": o.name, "grade": o.grade.value, "reason": o.grade_reason}


def document(d: Any, *, outlet_name: str | None = None, claims: int | None = None) -> dict[str, Any]:
    data = {
        "id": d.id,
        "key": d.key,
        "title": d.title,
        "authors": d.authors,
        "outlet": outlet_name,
        "published": d.published,
        "url": d.url,
        "language": d.language,
        "held": d.held,
        "revision": d.revision,
        "sha256": d.sha256,
        "part_of": d.part_of_id,
        "span": [d.part_start, d.part_end] if d.part_of_id else None,
    }
    if claims is not None:
        data["claims"] = claims
    return data


def claim(c: Any, *, entities: list[str] | None = None) -> dict[str, Any]:
    data = {
        "id": c.id,
        "key": c.key,
        "document": c.document_id,
        "revision": c.revision,
        "exact": c.exact,
        "prefix": c.prefix,
        "suffix": c.suffix,
        "start": c.start,
        "end": c.end,
        "statement": c.statement,
        "speaker": c.speaker,
        "hedging": c.hedging,
        "verdict": c.verdict.value,
        "credibility": c.credibility,
        "anchor": c.anchor_state.value,
        "anchor_score": c.anchor_score,
        "made_on": None
        if c.made_revision is None
        else {"revision": c.made_revision, "start": c.made_start, "end": c.made_end},
        "note": c.note,
        "version": c.version,
    }
    if entities is not None:
        data["entities"] = entities
    return data


def citation(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "claim": c.claim_id,
        "kind": c.kind.value,
        "document": c.target_document_id,
        "entity": c.target_entity_id,
        "person": c.target_person,
        "locator": c.locator,
        "locator_start": c.locator_start,
        "locator_end": c.locator_end,
        "note": c.note,
    }


def relation(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "a": r.claim_a_id,
        "kind": r.kind.value,
        "b": r.claim_b_id,
        "status": r.status.value,
        "note": r.note,
        "by": r.created_by,
    }


def entity(e: Any, *, aliases: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": e.id,
        "key": e.key,
        "name": e.name,
        "kind": e.kind.value,
        "aliases": aliases if aliases is not None else [],
        "description": e.description,
    }


def assertion(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "claim": a.claim_id,
        "subject": a.subject_id,
        "property": a.property,
        "type": a.value_type.value,
        "value": a.value,
        "holds_for": a.holds_for,
    }


def event(e: Any) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "action": e.action,
        "noun": e.noun,
        "record": e.record_id,
        "key": e.record_key,
        "summary": e.summary,
        "before": e.before,
        "after": e.after,
    }
