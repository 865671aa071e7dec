"""Claims: what a document asserts, logged by quoting it."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from . import events, records
from .anchoring import Span, context, find_quote
from .documents import current_text, get_document
from .entities import resolve_entity
from .errors import InvalidInput, Refused, field
from .models import Claim, ClaimEntity, Document, Verdict
from .text import check_field
from .tracing import require_independent_corroboration

VERDICTS = [v.value for v in Verdict]


def parse_verdict(value: str) -> Verdict:
    try:
        return Verdict(value.strip().lower())
    except ValueError:
        raise InvalidInput(f"verdict {value!r} is not one of: {', '.join(VERDICTS)}") from None


def parse_credibility(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 6:
        raise InvalidInput(
            f"credibility {value!r} is not on the Admiralty scale 1..6 "
            "(1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged)"
        )
    return number


def locate(
    session: Session,
    document: Document,
    quote: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    start: int | None = None,
) -> tuple[Span, str, int]:
    """Where `quote` is in the document's current text: span, document's own text, revision."""
    text = current_text(session, document)
    span = find_quote(text.text, quote, prefix=prefix, suffix=suffix, start=start)
    return span, text.text, text.revision


def add_claim(
    session: Session,
    document_ref: str,
    *,
    quote: str,
    statement: str,
    speaker: str = "author",
    hedging: str | None = None,
    verdict: str = "unreviewed",
    credibility: int | str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
    start: int | None = None,
    entities: list[str] | None = None,
    note: str | None = None,
    key: str | None = None,
) -> Claim:
    """Log a claim by quoting it; the stored quote is the document's own span."""
    document = get_document(session, document_ref)
    # Typed text is refused on the same terms as document text (NUL, C0 controls: T12), on every engine.
    quote = check_field(quote, field="quote")
    prefix = check_field(prefix, field="prefix") if prefix else prefix
    suffix = check_field(suffix, field="suffix") if suffix else suffix
    if not quote:
        raise InvalidInput(f"the quote is empty; give the words of the document with {field('quote')}")
    statement = check_field(statement, field="statement")
    if not statement:
        raise InvalidInput(f"the statement is empty; give the claim in one line with {field('statement')}")
    # Check the verdict and grade before searching, so a typo is reported as itself.
    parsed_verdict, parsed_credibility = parse_verdict(verdict), parse_credibility(credibility)
    span, text, revision = locate(session, document, quote, prefix=prefix, suffix=suffix, start=start)
    before, after = context(text, span)
    claim = Claim(
        key=records.check_key(key) if key else records.new_key(session, Claim, statement, fallback="claim"),
        document_id=document.id,
        revision=revision,
        exact=text[span.start : span.end],
        prefix=before,
        suffix=after,
        start=span.start,
        end=span.end,
        statement=statement,
        speaker=check_field(speaker, field="speaker") or "author",
        hedging=check_field(hedging, field="hedging") or None if hedging else None,
        verdict=parsed_verdict,
        credibility=parsed_credibility,
        note=check_field(note, field="note") or None if note else None,
    )
    if claim.credibility == 1:
        raise InvalidInput(
            "credibility 1 (confirmed by other sources) needs independent corroboration, which a new claim "
            "cannot have yet; add it with another grade, relate it, then "
            f"`provenance claim verdict … {field('credibility')} 1`"
        )
    records.insert_keyed(session, claim, base=statement, fallback="claim", explicit=key is not None)
    # Two aliases of one entity are one link, not a duplicate row.
    for entity_id in dict.fromkeys(resolve_entity(session, ref).id for ref in entities or []):
        session.add(ClaimEntity(claim_id=claim.id, entity_id=entity_id))
    events.record(
        session,
        action="add",
        noun="claim",
        target=claim,
        summary=f"added claim {claim.key} on document {document.key} at {span.start}..{span.end}",
    )
    return claim


def get_claim(session: Session, ref: str) -> Claim:
    return records.get(session, Claim, ref, noun="claim")


def list_claims(
    session: Session,
    *,
    document: str | None = None,
    verdict: str | None = None,
    entity: str | None = None,
) -> list[Claim]:
    return list(session.scalars(_claims_query(session, document=document, verdict=verdict, entity=entity)))


def iter_claims(
    session: Session,
    *,
    document: str | None = None,
    verdict: str | None = None,
    entity: str | None = None,
    limit: int | None = None,
    batch: int = 500,
) -> Iterator[Claim]:
    """The claims `list_claims` returns, in the same order, fetched `batch` rows at a time
    (`yield_per`) and handed on as they come: the first are out before the last are read."""
    query = _claims_query(session, document=document, verdict=verdict, entity=entity)  # errors now
    if limit is not None:
        query = query.limit(limit)
    return iter(session.scalars(query.execution_options(yield_per=batch)))


def _claims_query(
    session: Session,
    *,
    document: str | None = None,
    verdict: str | None = None,
    entity: str | None = None,
) -> Select[Claim]:
    query = select(Claim).order_by(Claim.id)
    if document is not None:
        query = query.where(Claim.document_id == get_document(session, document).id)
    if verdict is not None:
        query = query.where(Claim.verdict == parse_verdict(verdict))
    if entity is not None:
        entity_id = resolve_entity(session, entity).id
        query = query.join(ClaimEntity, ClaimEntity.claim_id == Claim.id).where(
            ClaimEntity.entity_id == entity_id
        )
    return query


def set_verdict(
    session: Session,
    ref: str,
    *,
    verdict: str | None = None,
    credibility: int | str | None = None,
    expect_version: int | None = None,
) -> Claim:
    """Review a claim. `expect_version` guards against overwriting someone else's change."""
    claim = records.get(session, Claim, ref, noun="claim", for_update=True)
    records.expect(session, claim, expect_version, noun="claim")
    before = events.state_of(claim)
    if verdict is not None:
        claim.verdict = parse_verdict(verdict)
    if credibility is not None:
        claim.credibility = parse_credibility(credibility)
        if claim.credibility == 1:
            require_independent_corroboration(session, claim)
    events.record(
        session,
        action="update",
        noun="claim",
        target=claim,
        before=before,
        summary=f"reviewed claim {claim.key}: {claim.verdict.value}"
        + (f", credibility {claim.credibility}" if claim.credibility else ""),
    )
    return claim


def claim_entities(session: Session, claim: Claim) -> list[str]:
    from .models import Entity

    return list(
        session.scalars(
            select(Entity.key)
            .join(ClaimEntity, ClaimEntity.entity_id == Entity.id)
            .where(ClaimEntity.claim_id == claim.id)
            .order_by(Entity.key)
        )
    )


EDITABLE = ("statement", "speaker", "hedging", "note")


def edit_claim(
    session: Session,
    ref: str,
    *,
    expect_version: int | None = None,
    **changes: str | None,
) -> Claim:
    """Change a claim's own words (statement, speaker, hedging, note); its quote stays where it is.

    A field given as "" is cleared (the statement and speaker cannot be). Fields not given are kept.
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"a claim has no editable field {unknown[0]!r}; editable: {', '.join(EDITABLE)}")
    given = {name: value for name, value in changes.items() if value is not None}
    if not given:
        raise InvalidInput(f"nothing to change: give one of {', '.join(EDITABLE)}")
    claim = records.get(session, Claim, ref, noun="claim", for_update=True)
    records.expect(session, claim, expect_version, noun="claim")
    before = events.state_of(claim)
    for name, value in given.items():
        cleaned = check_field(value, field=name)
        if not cleaned and name in ("statement", "speaker"):
            raise InvalidInput(f"a claim's {name} cannot be empty", where=name)
        setattr(claim, name, cleaned or None)
    changed = [name for name in given if before.get(name) != getattr(claim, name)]
    events.record(
        session,
        action="update",
        noun="claim",
        target=claim,
        before=before,
        summary=f"edited claim {claim.key}: {', '.join(changed) or 'no change'}",
    )
    return claim


def claim_dependents(session: Session, claim: Claim) -> dict[str, list[int]]:
    """What rests on or refers to a claim: its citations, assertions and relations (either side)."""
    from .models import Assertion, Citation, Relation

    return {
        "citations": list(session.scalars(select(Citation.id).where(Citation.claim_id == claim.id))),
        "assertions": list(session.scalars(select(Assertion.id).where(Assertion.claim_id == claim.id))),
        "relations": list(
            session.scalars(
                select(Relation.id).where(
                    (Relation.claim_a_id == claim.id) | (Relation.claim_b_id == claim.id)
                )
            )
        ),
    }


def delete_claim(session: Session, ref: str, *, cascade: bool = False) -> tuple[Claim, dict[str, int]]:
    """Delete a claim. Refused while citations, assertions or relations depend on it, listing them;
    with ``cascade`` they are deleted with it, all in one logged event. Returns the claim and the
    number of dependents deleted, by kind."""
    from .models import Assertion, Citation, Relation

    claim = records.get(session, Claim, ref, noun="claim", for_update=True)
    found = {name: ids for name, ids in claim_dependents(session, claim).items() if ids}
    if found and not cascade:
        listed = "; ".join(
            f"{len(ids)} {name} ({', '.join(map(str, ids[:10]))})" for name, ids in found.items()
        )
        raise Refused(
            f"claim {claim.id} ({claim.key}) cannot be deleted: {listed} depend on it "
            "(delete them too with cascade)"
        )
    before = events.state_of(claim)
    before["dependents"] = found
    for model, ids in ((Citation, found.get("citations")), (Assertion, found.get("assertions"))):
        for dependent in session.scalars(select(model).where(model.id.in_(ids or []))):
            session.delete(dependent)
    for relation in session.scalars(select(Relation).where(Relation.id.in_(found.get("relations") or []))):
        session.delete(relation)
    session.execute(delete(ClaimEntity).where(ClaimEntity.claim_id == claim.id))
    session.flush()
    session.delete(claim)
    event = events.record(
        session,
        action="delete",
        noun="claim",
        summary=f"deleted claim {claim.key}"
        + (f" with {', '.join(f'{len(v)} {k}' for k, v in found.items())}" if found else ""),
        before=before,
        after=None,
    )
    event.record_id, event.record_key = claim.id, claim.key
    return claim, {name: len(ids) for name, ids in found.items()}
