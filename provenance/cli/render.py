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
        "decision": decision(r),
    }


def utc_time(at: Any) -> str | None:
    """A stored time in UTC to the second, ISO 8601 (SQLite hands back naive UTC times)."""
    if at is None:
        return None
    from datetime import UTC

    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def decision(r: Any) -> dict[str, Any] | None:
    """A curator's confirm or dismiss of a relation, apart from its note (the tool's reason)."""
    if r.decided_by is None:
        return None
    return {"by": r.decided_by, "at": utc_time(r.decided_at), "note": r.decision_note}


def decision_line(r: Any) -> str:
    """`confirmed by alice at 2026-12-07 23:40 UTC`, or "" for an undecided relation."""
    if r.decided_by is None:
        return ""
    when = utc_time(r.decided_at)
    return f"{r.status.value} by {r.decided_by}" + (f" at {when[:10]} {when[11:16]} UTC" if when else "")


def disputed(values: Any) -> list[dict[str, Any]]:
    return [
        {
            "subject": d.subject,
            "property": d.property,
            "a": list(d.a),
            "b": list(d.b),
            "conflicting": d.conflicting,
        }
        for d in values
    ]


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


def reading_line(a: Any, *, subject: str | None = None) -> str:
    """A proposed or decided reading in one line: number, value, time it holds for, state."""
    from ..proposals import describe

    of = f" of {subject}" if subject else ""
    text = describe(a)
    prop, _, rest = text.partition(" = ")
    return f"[{a.id}] {prop}{of} = {rest}  [{a.status}]"


def attribution_line(a: Any) -> str:
    r = a.reading or {}
    phrase = f" ({r['phrase']!r})" if r.get("phrase") else ""
    return f"[{a.id}] {a.value}{phrase}, {r.get('source_kind', 'source')}  [{a.status}]"


def reading_lines(read: Any, *, rivals: bool = False) -> list[str]:
    """What `claim add` prints under the claim: entities, readings, attribution, rivals."""
    names = {e.entity.id: e.entity.name for e in read.entities}
    if read.entities:
        linked = ", ".join(e.entity.name + (f" (by alias {e.via!r})" if e.via else "") for e in read.entities)
        lines = [f"entities: {linked}"]
    else:
        lines = [
            "entities: none linked (the quote names no known entity; "
            "still compared with other claims by its values; add one with --entity)"
        ]
    if not read.readings:
        lines.append("reads as: nothing the reader can type (no count, date or place in the quote)")
    for a in read.readings:
        lines.append("reads as: " + reading_line(a, subject=names.get(a.subject_id)))
    if read.attribution is not None:
        lines.append("attributed to: " + attribution_line(read.attribution))
    if rivals and read.rivals:
        lines.append(f"{len(read.rivals)} possible contradiction(s), suggested for review (not recorded):")
        for r in read.rivals:
            who = r.outlet or f"document {r.claim.document_id}"
            lines.append(f"  claim {r.claim.id} ({who}: {r.claim.exact!r}) — {r.suggestion.reason}")
    if read.readings and any(a.status == "proposed" for a in read.readings):
        lines.append(
            f"accept with `provenance claim accept {read.claim.key} [READING]`, "
            f"or reject with `provenance claim reject {read.claim.key} [READING]`"
        )
    return lines


def claim_reading(read: Any) -> dict[str, Any]:
    """The reader's proposals for `--json`."""
    return {
        "linked_entities": [
            {"key": e.entity.key, "name": e.entity.name, "via": e.via} for e in read.entities
        ],
        "readings": [
            {**assertion(a), "status": a.status, "proposed_by": a.proposed_by, "reading": a.reading}
            for a in read.readings
        ],
        "attribution": (
            {
                **assertion(read.attribution),
                "status": read.attribution.status,
                "reading": read.attribution.reading,
            }
            if read.attribution is not None
            else None
        ),
        "possible_contradictions": [
            {
                "claim": r.claim.id,
                "key": r.claim.key,
                "reason": r.suggestion.reason,
                "score": r.suggestion.score,
            }
            for r in read.rivals
        ],
    }
