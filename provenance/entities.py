"""Entities (people, groups, places, incidents) and their aliases.

Aliases and transliterations are the rule: lookups compare a folded form, so
"al-Baghdadi", "al Baghdadi" and "Al-Baghdadi" find the same entity.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import events, records
from .errors import AlreadyExists, InvalidInput, NotFound
from .models import Assertion, Citation, ClaimEntity, Entity, EntityAlias, EntityKind
from .text import check_field, fold_name

KINDS = [k.value for k in EntityKind]


def parse_kind(value: str) -> EntityKind:
    try:
        return EntityKind(value.strip().lower())
    except ValueError:
        raise InvalidInput(f"entity kind {value!r} is not one of: {', '.join(KINDS)}") from None


def find_entity(session: Session, name: str) -> Entity | None:
    """The entity whose key, name or alias folds to `name`, if exactly one does."""
    folded = fold_name(name)
    by_key = session.scalars(select(Entity).where(Entity.key == name.strip())).one_or_none()
    if by_key is not None or not folded:
        return by_key
    # Two indexed lookups on the stored folded forms (entity.folded, entity_alias.folded).
    ids = set(session.scalars(select(EntityAlias.entity_id).where(EntityAlias.folded == folded)))
    ids.update(session.scalars(select(Entity.id).where(Entity.folded == folded)))
    if len(ids) > 1:
        raise InvalidInput(
            f"{name!r} names {len(ids)} entities ({', '.join(map(str, sorted(ids)))}); use a key"
        )
    return session.get(Entity, ids.pop()) if ids else None


def resolve_entity(session: Session, ref: str) -> Entity:
    if ref.strip().isdigit():
        return records.get(session, Entity, ref, noun="entity")
    found = find_entity(session, ref)
    if found is None:
        from .suggest import did_you_mean, entity_names

        near = did_you_mean(entity_names(session, ref))
        raise NotFound(
            f"no entity {ref!r} (by key, name or alias; `provenance entity list` shows them).{near}"
        )
    return found


def _check_alias_free(session: Session, alias: str, entity: Entity | None) -> None:
    owner = find_entity(session, alias)
    if owner is not None and (entity is None or owner.id != entity.id):
        raise AlreadyExists(f"{alias!r} already names entity {owner.id} ({owner.name})")


def add_entity(
    session: Session,
    name: str,
    *,
    kind: str = "other",
    aliases: list[str] | None = None,
    description: str | None = None,
    key: str | None = None,
) -> Entity:
    name = check_field(name, field="entity name")
    if not name:
        raise InvalidInput("entity name is empty")
    _check_alias_free(session, name, None)
    entity = Entity(
        key=records.check_key(key) if key else records.new_key(session, Entity, name, fallback="entity"),
        name=name,
        folded=fold_name(name),
        kind=parse_kind(kind),
        description=check_field(description, field="description") if description else None,
    )
    session.add(entity)
    session.flush()
    for alias in aliases or []:
        _add_alias(session, entity, alias)
    events.record(session, action="add", noun="entity", target=entity, summary=f"added entity {name!r}")
    return entity


def _add_alias(session: Session, entity: Entity, alias: str) -> EntityAlias:
    alias = check_field(alias, field="alias")
    if not alias:
        raise InvalidInput("alias is empty")
    _check_alias_free(session, alias, entity)
    if session.scalars(select(EntityAlias).where(EntityAlias.alias == alias)).first():
        raise AlreadyExists(f"{alias!r} is already an alias of {entity.name!r}")
    row = EntityAlias(entity_id=entity.id, alias=alias, folded=fold_name(alias))
    session.add(row)
    session.flush()
    return row


def add_alias(session: Session, ref: str, alias: str) -> Entity:
    entity = resolve_entity(session, ref)
    _add_alias(session, entity, alias)
    events.record(
        session,
        action="update",
        noun="entity",
        target=entity,
        summary=f"{entity.name!r} also known as {alias!r}",
    )
    return entity


def aliases_of(session: Session, entity: Entity) -> list[str]:
    return list(
        session.scalars(
            select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id).order_by(EntityAlias.alias)
        )
    )


def list_entities(session: Session, *, kind: str | None = None) -> list[Entity]:
    query = select(Entity).order_by(Entity.name)
    if kind:
        query = query.where(Entity.kind == parse_kind(kind))
    return list(session.scalars(query))


def merge_entities(session: Session, source_ref: str, target_ref: str) -> Entity:
    """Fold `source` into `target`: its name becomes an alias and every reference moves."""
    source = resolve_entity(session, source_ref)
    target = resolve_entity(session, target_ref)
    if source.id == target.id:
        raise InvalidInput("an entity cannot be merged into itself")
    before = events.state_of(source)
    for row in session.scalars(select(EntityAlias).where(EntityAlias.entity_id == source.id)):
        row.entity_id = target.id
    for link in session.scalars(select(ClaimEntity).where(ClaimEntity.entity_id == source.id)):
        duplicate = session.get(ClaimEntity, (link.claim_id, target.id))
        if duplicate is None:
            session.add(ClaimEntity(claim_id=link.claim_id, entity_id=target.id))
        session.delete(link)
    for assertion in session.scalars(
        select(Assertion).where(
            or_(Assertion.subject_id == source.id, Assertion.value_entity_id == source.id)
        )
    ):
        if assertion.subject_id == source.id:
            assertion.subject_id = target.id
        if assertion.value_entity_id == source.id:
            assertion.value_entity_id = target.id
    for citation in session.scalars(select(Citation).where(Citation.target_entity_id == source.id)):
        citation.target_entity_id = target.id
    session.flush()
    name = source.name
    session.delete(source)
    session.flush()
    session.add(EntityAlias(entity_id=target.id, alias=name, folded=fold_name(name)))
    events.record(
        session,
        action="merge",
        noun="entity",
        target=target,
        before=before,
        summary=f"merged entity {name!r} into {target.name!r}",
    )
    return target
