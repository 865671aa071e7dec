"""The store's tables, as typed SQLAlchemy 2.0 declarative models.

Migrations in `migrations/` are the only thing that creates these tables; a test
checks that the models and the migrations agree on SQLite and PostgreSQL.
Enums are stored as strings (no PostgreSQL enum types), so one migration history
serves both engines and adding a value never needs a type migration.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Constraint names are explicit and identical on every engine, so migrations can
# name them (SQLite batch mode needs names to drop or alter a constraint).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Grade(enum.StrEnum):
    """NATO/Admiralty source reliability: belongs to the outlet."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # reliability cannot be judged


class Verdict(enum.StrEnum):
    UNREVIEWED = "unreviewed"
    SUPPORTED = "supported"
    DISPUTED = "disputed"
    REFUTED = "refuted"
    UNVERIFIABLE = "unverifiable"


class AnchorState(enum.StrEnum):
    EXACT = "exact"  # the quote is at its recorded span of the current text
    MOVED = "moved"  # re-anchored, unambiguously, after a revision
    AMBIGUOUS = "ambiguous"  # after a revision the quote occurs more than once in context
    ORPHANED = "orphaned"  # after a revision the quoted passage is gone
    FUZZY = "fuzzy"  # re-anchored after a revision on a slightly edited quote: to review


class CitationKind(enum.StrEnum):
    QUOTES = "quotes"
    PARAPHRASES = "paraphrases"
    CITES = "cites"
    ACCORDING_TO = "according_to"


class RelationKind(enum.StrEnum):
    CONTRADICTS = "contradicts"
    CORROBORATES = "corroborates"
    REPEATS = "repeats"
    REFINES = "refines"
    CORRECTS = "corrects"


class RelationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"  # a curator made or confirmed it
    DETECTED = "detected"  # found from structured assertions, awaiting review
    SUGGESTED = "suggested"  # found from the text, awaiting review
    DISMISSED = "dismissed"  # a curator rejected it; remembered so it is not suggested again


class EntityKind(enum.StrEnum):
    PERSON = "person"
    GROUP = "group"
    PLACE = "place"
    INCIDENT = "incident"
    WORK = "work"
    OTHER = "other"


class ValueType(enum.StrEnum):
    DATE = "date"
    QUANTITY = "quantity"
    ENTITY = "entity"
    TEXT = "text"


def _enum(cls: type[enum.StrEnum], name: str) -> SAEnum:
    return SAEnum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        datetime: DateTime(timezone=True),
    }


KEY = String(120)  # human-readable, stable slug used by bundles and the CLI


class Outlet(Base):
    """Who publishes. Reliability (the grade) belongs here, not to the information."""

    __tablename__ = "outlet"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    grade: Mapped[Grade] = mapped_column(_enum(Grade, "grade"), default=Grade.F)
    grade_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Document(Base):
    """Any citable work; *held* when we have its text, *unheld* when only cited.

    A document can be a part of a held one (an article in a journal issue): then
    `part_of` is the container and `part_start`/`part_end` its span of the
    container's current text.
    """

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    title: Mapped[str] = mapped_column(String(1000))
    authors: Mapped[list[str]] = mapped_column(default=list)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id", ondelete="RESTRICT"), index=True)
    # ISO 8601 partial date: "2019", "2019-02" or "2019-02-08"; its length is its precision.
    published: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="en")
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    part_start: Mapped[int | None]
    part_end: Mapped[int | None]
    # sha256 of the current text; unique so the same text is never held twice,
    # even when two editors add it at the same moment.
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # current text revision; 0 = unheld
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    outlet: Mapped[Outlet | None] = relationship(lazy="raise")
    texts: Mapped[list[DocumentText]] = relationship(
        back_populates="document", lazy="raise", order_by="DocumentText.revision"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("revision >= 0", name="revision_not_negative"),
        CheckConstraint(
            "(part_of_id IS NULL AND part_start IS NULL AND part_end IS NULL)"
            " OR (part_of_id IS NOT NULL AND part_start >= 0 AND part_end >= part_start)",
            name="part_span",
        ),
    )

    @property
    def held(self) -> bool:
        return self.revision > 0


class DocumentText(Base):
    """One revision of a held document's text: canonical (NFC, LF, no BOM)."""

    __tablename__ = "document_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    revision: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(Text)  # file name or URL it was read from
    retrieved_at: Mapped[datetime | None]  # when a URL was fetched
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="texts", lazy="raise")

    __table_args__ = (UniqueConstraint("document_id", "revision"),)


class DocumentSnapshot(Base):
    """What a fetch of the document's URL received: the bytes exactly as they arrived (at most the
    size cap of every entry path, `limits.DEFAULT_TEXT_MB`), their sha256, when, from which final
    address (after redirects), with which status and content type. ``revision`` is the text
    revision read from it: kept by `doc add URL`, and by `doc refresh` when the main text changed."""

    __tablename__ = "document_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))  # what fetched it: "add", "hold", "revise", "refresh"
    fetched_at: Mapped[datetime]
    url: Mapped[str] = mapped_column(Text)  # the address asked for
    final_url: Mapped[str] = mapped_column(Text)  # the address that answered
    status: Mapped[int]
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[bytes] = mapped_column(LargeBinary)


class Entity(Base):
    """A person, group, place or incident named in claims."""

    __tablename__ = "entity"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    # fold_name(name): what lookups compare, as entity_alias.folded is for aliases (set by the library).
    folded: Mapped[str] = mapped_column(String(300), index=True, default="", server_default="")
    kind: Mapped[EntityKind] = mapped_column(_enum(EntityKind, "entity_kind"), default=EntityKind.OTHER)
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", lazy="raise", order_by="EntityAlias.alias", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class EntityAlias(Base):
    """Another spelling or name of an entity; `folded` is what lookups compare."""

    __tablename__ = "entity_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300), unique=True)
    folded: Mapped[str] = mapped_column(String(300), index=True)

    entity: Mapped[Entity] = relationship(back_populates="aliases", lazy="raise")


class Claim(Base):
    """One assertion a document makes, logged by quoting it.

    The quote selector follows W3C Web Annotation: `exact` with `prefix`/`suffix`
    context (TextQuoteSelector) and `start`/`end` in code points of the canonical
    text of revision `revision` (TextPositionSelector).
    """

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"), index=True)
    revision: Mapped[int]
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int]
    end: Mapped[int]
    statement: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str] = mapped_column(String(300), default="author")
    hedging: Mapped[str | None] = mapped_column(String(200))
    verdict: Mapped[Verdict] = mapped_column(_enum(Verdict, "verdict"), default=Verdict.UNREVIEWED)
    credibility: Mapped[int | None]  # Admiralty 1..6; 1 needs independent corroboration
    anchor_state: Mapped[AnchorState] = mapped_column(
        _enum(AnchorState, "anchor_state"), default=AnchorState.EXACT
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # How sure the last re-anchoring was (0..1; 1.0 verbatim), None before any revision.
    anchor_score: Mapped[float | None] = mapped_column(Float)
    # The revision and span the quote was made on, kept while the claim sits on a fuzzy match of it
    # (cleared by `claim requote`): what the report shows beside the current passage.
    made_revision: Mapped[int | None]
    made_start: Mapped[int | None]
    made_end: Mapped[int | None]

    document: Mapped[Document] = relationship(lazy="raise")
    entities: Mapped[list[Entity]] = relationship(
        secondary="claim_entity", lazy="raise", order_by="Entity.key"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint('start >= 0 AND "end" > start', name="span"),
        CheckConstraint("credibility IS NULL OR (credibility BETWEEN 1 AND 6)", name="credibility"),
    )


class ClaimEntity(Base):
    """An entity a claim names."""

    __tablename__ = "claim_entity"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entity.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class Citation(Base):
    """What a claim rests on: a document (held or not), an entity, or an unnamed person or body."""

    __tablename__ = "citation"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[CitationKind] = mapped_column(
        _enum(CitationKind, "citation_kind"), default=CitationKind.CITES
    )
    target_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="RESTRICT"), index=True
    )
    target_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity.id", ondelete="RESTRICT"), index=True
    )
    target_person: Mapped[str | None] = mapped_column(String(300))
    # chains.person_key(target_person): the unnamed source it names, however written (set by the
    # library); indexed with the id, so a trace finds how a source was first written in one lookup.
    target_person_key: Mapped[str | None] = mapped_column(String(300))
    # The marker as printed ("[1]", "(Alsumaria, October 7, 2016)"), anchored in
    # the citing document's text when it occurs there.
    locator: Mapped[str | None] = mapped_column(String(500))
    locator_start: Mapped[int | None]
    locator_end: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped[Claim] = relationship(lazy="raise")
    target_document: Mapped[Document | None] = relationship(lazy="raise")
    target_entity: Mapped[Entity | None] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN target_document_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN target_entity_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN target_person IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        Index("ix_citation_person_key", "target_person_key", "id"),
    )


class Relation(Base):
    """Between two claims: contradicts, corroborates, repeats, refines, corrects."""

    __tablename__ = "relation"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[RelationKind] = mapped_column(_enum(RelationKind, "relation_kind"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="RESTRICT"), index=True)
    status: Mapped[RelationStatus] = mapped_column(
        _enum(RelationStatus, "relation_status"), default=RelationStatus.CONFIRMED
    )
    note: Mapped[str | None] = mapped_column(Text)  # why it was made: the tool's reason, or the maker's
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # A curator's review of it (confirm or dismiss), kept apart from `note`: who, when, and why.
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

    claim_a: Mapped[Claim] = relationship(foreign_keys=[claim_a_id], lazy="raise")
    claim_b: Mapped[Claim] = relationship(foreign_keys=[claim_b_id], lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("claim_a_id", "kind", "claim_b_id"),
        CheckConstraint("claim_a_id <> claim_b_id", name="two_claims"),
    )


class Assertion(Base):
    """A structured reading of a claim: subject, property, typed value, and when it holds."""

    __tablename__ = "assertion"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="RESTRICT"), index=True)
    # NULL only for a reader's proposal on a claim that names no known entity (accepting needs one).
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="RESTRICT"), index=True)
    property: Mapped[str] = mapped_column(String(200))
    value_type: Mapped[ValueType] = mapped_column(_enum(ValueType, "value_type"))
    value: Mapped[str] = mapped_column(Text)  # as the text gives it; parsed by provenance.values
    value_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="RESTRICT"))
    holds_for: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who proposed it: NULL for a curator's assertion, else the reader and its version ("reader/1").
    proposed_by: Mapped[str | None] = mapped_column(String(40))
    # proposed (derived, not exported), accepted (curated) or rejected (remembered, not proposed again).
    status: Mapped[str] = mapped_column(String(12), default="accepted", server_default="accepted")
    reading: Mapped[dict[str, Any] | None] = mapped_column()  # what the reader saw (span, bounds, time)

    claim: Mapped[Claim] = relationship(lazy="raise")
    subject: Mapped[Entity | None] = relationship(foreign_keys=[subject_id], lazy="raise")

    __table_args__ = (
        Index("ix_assertion_subject_property", "subject_id", "property"),
        Index("ix_assertion_claim_status", "claim_id", "status"),
        CheckConstraint("status IN ('proposed', 'accepted', 'rejected')", name="status_known"),
    )


class Event(Base):
    """Every change to the store: who, when, what, before and after. Append-only."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(40))  # add, update, delete, import, revise, …
    noun: Mapped[str] = mapped_column(String(40))  # outlet, document, claim, …
    record_id: Mapped[int | None]
    record_key: Mapped[str | None] = mapped_column(KEY)
    summary: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]

    __table_args__ = (Index("ix_event_noun_record", "noun", "record_id"),)


class EditorToken(Base):
    """A workbench sign-in: one editor's token, kept only as a salted scrypt hash of its secret.

    ``lookup`` (random, public, the part of the token before the dot) finds the row without
    hashing against every token; ``revoked_at`` set refuses it from the next request on."""

    __tablename__ = "editor_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)  # the editor: every write's actor
    lookup: Mapped[str] = mapped_column(String(32), unique=True)
    salt: Mapped[str] = mapped_column(String(64))  # hex
    digest: Mapped[str] = mapped_column(String(128))  # hex scrypt(secret, salt)
    read_only: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None]


class SameWork(Base):
    """A curator's record that a document is the same work as another (a syndicated copy, a repost,
    a second record of one article): chains count the two as one source."""

    __tablename__ = "same_work"

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    same_as_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("document_id <> same_as_id", name="two_documents"),)


class DocumentRedirect(Base):
    """The key (and number) of a document merged into another: old CLI keys and links still find it."""

    __tablename__ = "document_redirect"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    old_id: Mapped[int | None] = mapped_column(unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- the work index (provenance/works_index.py): derived from documents and their texts, kept
# current by the same queue as the search index; no foreign keys, for the same reason.


class DocumentStory(Base):
    """What the reader needs of a held text to group documents into stories (reading/stories.py,
    reading/corpus.py): its salient words and the single days it names for an event. Derived
    state, kept per text (sha256) and publication date, so logging a claim reads only the texts
    that changed since, not every text in the store."""

    __tablename__ = "document_story"

    document_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sha256: Mapped[str] = mapped_column(String(64))
    published: Mapped[str | None] = mapped_column(String(10))
    title: Mapped[str | None] = mapped_column(Text)
    salient: Mapped[str] = mapped_column(Text, default="")  # the words, sorted, space-separated
    event_days: Mapped[str] = mapped_column(Text, default="")  # ISO days, space-separated


class WorkIndex(Base):
    """What finds a document's other records on entry: its canonical URL and its title + outlet +
    date, each as a hash (indexed), and how many shingles its text has."""

    __tablename__ = "work_index"

    document_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    url_key: Mapped[str | None] = mapped_column(String(64), index=True)
    title_key: Mapped[str | None] = mapped_column(String(64), index=True)
    shingles: Mapped[int] = mapped_column(Integer, default=0)


class WorkBand(Base):
    """One MinHash band of a held document's text (provenance.reading.reuse): texts that share a band
    are candidates for the same work."""

    __tablename__ = "work_band"

    band: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, index=True)


class ReusePrint(Base):
    """One winnowed print of a held document's text (provenance.reading.reuse.prints): texts that
    share a print share a run of words, and are aligned to find the passages they share."""

    __tablename__ = "reuse_print"

    print: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, index=True)


# --- the search index (provenance/search/): derived from the tables above, rebuilt by `db reindex` ---
# No foreign keys: an entry outlives its record until the same transaction's index sync removes it.


class SearchEntry(Base):
    """One searchable thing: a claim, a document, a passage of a document's text, an entity, an
    outlet or a citation. `t1`..`t4` hold its folded words (provenance.folding), space-separated,
    from its most to its least telling fields; the engine's full-text index covers them (an FTS5
    table on SQLite, a GIN index on PostgreSQL: made by migrations 0004 and 0011, outside the models)."""

    __tablename__ = "search_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    record_id: Mapped[int]
    document_id: Mapped[int | None] = mapped_column(index=True)
    claim_id: Mapped[int | None] = mapped_column(index=True)
    start: Mapped[int | None]  # a passage's span of its document's current text, in code points
    end: Mapped[int | None]
    t1: Mapped[str] = mapped_column(Text, default="")
    t2: Mapped[str] = mapped_column(Text, default="")
    t3: Mapped[str] = mapped_column(Text, default="")
    t4: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_search_entry_kind_record", "kind", "record_id"),)


class SearchPending(Base):
    """Records written since the index was last brought up to date: database triggers add them
    (so no write path can forget), the library indexes them and empties this before commit."""

    __tablename__ = "search_pending"

    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    record_id: Mapped[int] = mapped_column(primary_key=True)


class SearchName(Base):
    """Each folded word of an entity's name and aliases, with its skeleton, for typo- and
    transliteration-tolerant lookup ("bagdadi" -> baghdadi)."""

    __tablename__ = "search_name"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(index=True)
    token: Mapped[str] = mapped_column(String(64), index=True)
    skeleton: Mapped[str] = mapped_column(String(64), index=True)


# Made by migrations for one engine only, so absent from the models: the FTS5 table and its
# shadow tables (SQLite, 0004), the stored words and their GIN index (PostgreSQL, 0011). The
# models-vs-migrations comparison (migrations/env.py, tests/test_migrations.py) leaves out these.
MIGRATION_ONLY = frozenset(
    {
        ("table", "search_fts"),
        ("table", "search_fts_data"),
        ("table", "search_fts_idx"),
        ("table", "search_fts_docsize"),
        ("table", "search_fts_config"),
        ("index", "ix_search_entry_words"),
        ("column", "fts_words"),  # search_entry's stored tsvector (PostgreSQL, migration 0011)
    }
)


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's `include_object` hook: everything but the objects in MIGRATION_ONLY."""
    return (type_, name) not in MIGRATION_ONLY
