"""What the front door's "show" and listing verbs return: a record with what is shown beside it.

Plain, typed, and loaded inside the transaction that read them, so nothing lazy-loads later (every
relationship of the models is ``lazy="raise"``): the CLI, the report and the workbench render
these without a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .models import Citation, Claim, Document, Entity, Outlet, Relation

if TYPE_CHECKING:
    from .disputes import Disputed
    from .search import Hit


@dataclass(frozen=True)
class DocumentRow:
    """A document in a listing, with its outlet's name and how many claims quote it."""

    document: Document
    outlet_name: str | None
    claims: int


@dataclass(frozen=True)
class DocumentDetail:
    document: Document
    outlet: Outlet | None
    claims: list[Claim]
    cited_by: list[Citation]
    same_work: list[tuple[int, str]] = field(default_factory=list)  # other records of its work (id, key)
    old_keys: list[str] = field(default_factory=list)  # keys of records merged into it
    reading: str | None = None  # how its current text was read (`documents.reading_of`)
    snapshots: list = field(default_factory=list)  # snapshots.SnapshotInfo: what its fetches received


@dataclass(frozen=True)
class ClaimDetail:
    claim: Claim
    entities: list[str]  # entity keys
    citations: list[Citation]
    relations: list[Relation]
    elsewhere: list[Hit] = field(default_factory=list)  # where else the same thing is said


@dataclass(frozen=True)
class EntityRow:
    entity: Entity
    aliases: list[str]


@dataclass(frozen=True)
class EntityDetail:
    entity: Entity
    aliases: list[str]
    claims: list[Claim]


@dataclass(frozen=True)
class OutletDetail:
    outlet: Outlet
    documents: list[Document]


@dataclass(frozen=True)
class ConflictRow:
    """A contradiction (any status) with the statements of its two claims."""

    relation: Relation
    a_statement: str
    b_statement: str
    # What the two claims read for each subject and property both assert (conflicting first).
    values: tuple[Disputed, ...] = ()


@dataclass(frozen=True)
class Revision:
    """What `revise_document` did: the document's key and new revision, and each claim's outcome."""

    document_key: str
    revision: int
    outcomes: list = field(default_factory=list)  # revisions.ReanchorOutcome


@dataclass(frozen=True)
class SchemaState:
    """A store's schema revision (None: no store or no schema) and the one this provenance expects."""

    found: str | None
    expected: str

    @property
    def current(self) -> bool:
        return self.found == self.expected
