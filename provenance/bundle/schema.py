"""The bundle format's records, as plain data shared by the validator, importer and exporter.

A record holds what the bundle says, with references as *keys* (never database ids),
so a bundle's record and the same record read back from a store compare equal exactly
when they mean the same thing (:meth:`content`). ``where`` remembers the record's
place in the bundle file (line, ``claims[57]``) and the line of each field, for messages.

The field lists give the order the exporter writes (the spec's order); ``REQUIRED``
and ``OPTIONAL`` are what the validator accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from typing import Any

from ..limits import FIELD_LIMITS

FORMAT = "provenance-bundle/1"
SECTIONS = ("outlets", "entities", "documents", "claims", "citations", "assertions", "relations")
TOP_LEVEL = ("format", *SECTIONS)

FIELDS: dict[str, tuple[str, ...]] = {
    "outlets": ("key", "name", "grade", "reason"),
    "entities": ("key", "name", "kind", "aliases", "description"),
    "documents": (
        "key",
        "title",
        "authors",
        "outlet",
        "published",
        "url",
        "language",
        "text",
        "earlier_texts",
        "part_of",
        "span",
        "same_as",
        "redirects",
        "snapshots",
    ),
    # `revision` and `anchor` are written only for claims anchored in an earlier text
    # revision or no longer exact, so text revisions round-trip.
    "claims": (
        "key",
        "document",
        "quote",
        "start",
        "revision",
        "anchor",
        "statement",
        "speaker",
        "hedging",
        "verdict",
        "credibility",
        "entities",
        "note",
    ),
    "citations": ("claim", "kind", "document", "entity", "person", "locator", "locator_start", "note"),
    "assertions": ("claim", "subject", "property", "type", "value", "holds_for"),
    # `decided_by`, `decided_at` and `decision` are written only for a relation a curator
    # confirmed or dismissed after it was made (conflicts confirm|dismiss): who, when, why.
    "relations": ("a", "kind", "b", "status", "note", "decided_by", "decided_at", "decision"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "outlets": ("key", "name"),
    "entities": ("key", "name"),
    "documents": ("key", "title"),
    "claims": ("key", "document", "quote", "statement"),
    "citations": ("claim",),
    "assertions": ("claim", "subject", "property", "value"),
    "relations": ("a", "kind", "b"),
}

# Column sizes (code points). PostgreSQL enforces them and SQLite does not, so the
# validator does, and a bundle is accepted or refused the same way on both engines.
LIMITS: dict[str, int] = {
    "outlets.name": 300,
    "entities.name": 300,
    "entities.aliases": 300,
    "documents.title": 1000,
    "documents.language": 16,
    "claims.speaker": 300,
    "claims.hedging": 200,
    "citations.person": 300,
    "citations.locator": 500,
    "assertions.property": 200,
    "assertions.holds_for": 300,
    # The free-text fields bounded for every entry path (provenance.limits.FIELD_LIMITS).
    "outlets.reason": FIELD_LIMITS["reason"],
    "entities.description": FIELD_LIMITS["description"],
    "documents.url": FIELD_LIMITS["url"],
    "claims.quote": FIELD_LIMITS["quote"],
    "claims.statement": FIELD_LIMITS["statement"],
    "claims.note": FIELD_LIMITS["note"],
    "citations.note": FIELD_LIMITS["note"],
    "relations.note": FIELD_LIMITS["note"],
    "relations.decided_by": 200,
    "relations.decision": FIELD_LIMITS["note"],
}


@dataclass
class Where:
    """A record's place in the bundle file: ``claims[57]`` at line 412, and its fields' lines."""

    line: int = 0
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # fields already reported as bad

    def of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass
class Record:
    where: Where = field(default_factory=Where, compare=False, repr=False)

    def content(self) -> dict[str, Any]:
        """Everything that makes up the record (not its place in a file)."""
        kind: Any = type(self)  # a dataclass type: hashable, though its instances are not
        return {name: getattr(self, name) for name in _compared(kind)}


@cache
def _compared(kind: Any) -> tuple[str, ...]:
    # dataclasses.fields() rebuilds its list on every call; imports compare every record.
    return tuple(f.name for f in fields(kind) if f.compare)


@dataclass
class OutletRec(Record):
    key: str = ""
    name: str = ""
    grade: str = "F"
    reason: str | None = None


@dataclass
class EntityRec(Record):
    key: str = ""
    name: str = ""
    kind: str = "other"
    aliases: list[str] = field(default_factory=list)  # sorted
    description: str | None = None


@dataclass
class TextRec:
    """One text revision: the text itself is left out of comparisons (its hash stands for it)."""

    sha256: str
    text: str = field(default="", compare=False, repr=False)
    source: str | None = field(default=None, compare=False)


SNAPSHOT_FIELDS = (
    "file",
    "revision",
    "action",
    "fetched_at",
    "url",
    "final_url",
    "status",
    "content_type",
    "sha256",
    "size",
)
SNAPSHOT_REQUIRED = ("file", "revision", "fetched_at", "url", "final_url", "status", "sha256")
SNAPSHOT_ACTIONS = ("add", "hold", "revise", "refresh")


@dataclass
class SnapshotRec:
    """What one fetch of a document's URL received (`models.DocumentSnapshot`); ``revision`` counts
    the document's texts as the bundle does (1..n). The bytes are compared by their sha256."""

    revision: int
    action: str
    fetched_at: str  # ISO 8601 in UTC, to the microsecond: "2026-12-08T00:07:25.123456Z"
    url: str
    final_url: str
    status: int
    content_type: str | None
    sha256: str
    size: int
    body: bytes = field(default=b"", compare=False, repr=False)


@dataclass
class DocumentRec(Record):
    key: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    language: str = "en"
    part_of: str | None = None
    span: tuple[int, int] | None = None
    texts: list[TextRec] = field(default_factory=list)  # revisions 1..n; the last is current
    same_as: str | None = None  # the document of the same work it was recorded as a copy of
    redirects: list[str] = field(default_factory=list)  # sorted keys of records merged into it
    snapshots: list[SnapshotRec] = field(default_factory=list)  # what its fetches received, in order

    @property
    def held(self) -> bool:
        return bool(self.texts)

    @property
    def current(self) -> str:
        return self.texts[-1].text


@dataclass
class ClaimRec(Record):
    key: str = ""
    document: str = ""
    revision: int = 0  # the text revision the quote is anchored in
    exact: str = ""
    start: int = 0
    end: int = 0
    statement: str = ""
    speaker: str = "author"
    hedging: str | None = None
    verdict: str = "unreviewed"
    credibility: int | None = None
    anchor: str = "exact"
    entities: list[str] = field(default_factory=list)  # sorted keys
    note: str | None = None
    prefix: str = field(default="", compare=False, repr=False)
    suffix: str = field(default="", compare=False, repr=False)


@dataclass
class CitationRec(Record):
    claim: str = ""
    kind: str = "cites"
    document: str | None = None
    entity: str | None = None
    person: str | None = None
    locator: str | None = None
    locator_start: int | None = None
    locator_end: int | None = None
    note: str | None = None


@dataclass
class AssertionRec(Record):
    claim: str = ""
    subject: str = ""
    property: str = ""
    type: str = "text"
    value: str = ""  # for type entity: the entity key
    holds_for: str | None = None


@dataclass
class RelationRec(Record):
    a: str = ""
    kind: str = ""
    b: str = ""
    status: str = "confirmed"
    note: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None  # ISO 8601 in UTC, to the second: 2026-12-07T23:40:12Z
    decision: str | None = None  # the curator's note on the decision (not the relation's note)


DECISION_TIME = "%Y-%m-%dT%H:%M:%SZ"


def decision_time(at: datetime | None) -> str | None:
    """When a decision was made, as bundles write it: UTC to the second (SQLite hands back naive
    UTC times, PostgreSQL aware ones; both are written alike)."""
    if at is None:
        return None
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)).strftime(DECISION_TIME)


def parse_decision_time(text: str) -> datetime:
    """The inverse of :func:`decision_time`; raises ValueError on anything else."""
    return datetime.strptime(text, DECISION_TIME).replace(tzinfo=UTC)


def identity(record: Record) -> tuple[Any, ...]:
    """A hashable form of :meth:`Record.content`, for records without a key."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in record.content().items())


@dataclass
class Bundle:
    """A whole bundle, validated: every reference resolves, every quote is anchored."""

    name: str = "bundle.yaml"  # the bundle.yaml path as the user gave it, for messages
    outlets: list[OutletRec] = field(default_factory=list)
    entities: list[EntityRec] = field(default_factory=list)
    documents: list[DocumentRec] = field(default_factory=list)
    claims: list[ClaimRec] = field(default_factory=list)
    citations: list[CitationRec] = field(default_factory=list)
    assertions: list[AssertionRec] = field(default_factory=list)
    relations: list[RelationRec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list, compare=False)  # e.g. no manifest to check against

    def at(self, record: Record, name: str | None = None) -> str:
        """``seeds/bundle.yaml:412 claims[57].quote``: where a message points."""
        w = record.where
        line = w.of(name) if name else w.line
        return f"{self.name}:{line} {w.path}" + (f".{name}" if name else "")

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in SECTIONS}
