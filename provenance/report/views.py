"""The report's view models: plain frozen dataclasses, no database objects.

`load.py` fills them from one read transaction; everything after that (page
contexts, rendering, writing) works on these values alone, so rendering can
never trigger a query. Cross-links are precomputed as id tuples on `Site`.
Every address (`path`) is relative to the site's root folder and made only of
ids and strict ASCII slugs.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class OutletView:
    id: int
    key: str
    name: str
    grade: str
    grade_meaning: str
    reason: str | None
    path: str


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class DocumentView:
    id: int
    key: str
    title: str
    authors: tuple[str, ...]
    outlet_id: int | None
    published: str | None
    url: str | None
    language: str
    held: bool
    revision: int  # its text is read as pages need it (report/texts.py), not held here
    text_verified: bool  # the text's sha256 matches the document's (T19)
    part_of_id: int | None
    part_start: int | None
    part_end: int | None
    path: str
    work_id: int | None = None  # the record representing its work, when it shares one (a copy, a repost)
    snapshots: tuple[SnapshotView, ...] = ()  # what fetches of its URL received, oldest first
    quiet_edits: tuple[QuietEdit, ...] = ()  # revisions a `doc refresh` found (the page changed after)


@dataclass(frozen=True, slots=True)
class SnapshotView:
    """One fetch of a document's URL, as kept (its bytes stay in the store)."""

    revision: int
    action: str  # add, hold, revise or refresh
    fetched_at: str  # "2026-12-08 00:01:02 UTC"
    url: str
    final_url: str
    status: int
    content_type: str | None
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class QuietEdit:
    """A revision `doc refresh` found: the page's main text changed after it was read."""

    revision: int
    previous_revision: int
    on: str  # the day it was found, "2026-12-08"
    changes: tuple[
        tuple[tuple[str, str], ...], ...
    ]  # per changed passage: ("equal" | "delete" | "insert", text)
    more: int = 0  # changed passages not shown


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class ClaimView:
    id: int
    key: str
    document_id: int
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    statement: str
    speaker: str
    hedging: str | None
    verdict: str
    credibility: int | None
    anchor_state: str
    # Why the span is not highlighted (orphaned, stale revision, text changed), or None.
    anchor_problem: str | None
    note: str | None
    entity_ids: tuple[int, ...]
    path: str
    # For a claim a revision left orphaned, ambiguous or fuzzy: what it was made on, beside the current text.
    anchor_review: AnchorReview | None = None

    @property
    def highlighted(self) -> bool:
        return self.anchor_problem is None


@dataclass(frozen=True, slots=True)
class AnchorReview:
    """The passage a claim was made on (its revision) beside the current passage, and the difference."""

    state: str  # orphaned, ambiguous or fuzzy
    score: float | None
    made_revision: int
    made_passage: str
    made_quote: str
    current_revision: int
    current_passage: str | None  # None: nothing in the current text is like it
    difference: tuple[tuple[str, str], ...]  # ("equal" | "delete" | "insert", text)


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class CitationView:
    id: int
    claim_id: int
    kind: str
    target_document_id: int | None
    target_entity_id: int | None
    target_person: str | None
    locator: str | None
    locator_start: int | None
    locator_end: int | None
    note: str | None


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class RelationView:
    id: int
    claim_a_id: int
    kind: str
    claim_b_id: int
    status: str
    note: str | None  # why it was made: the tool's reason, or its maker's note
    created_by: str
    # A curator's confirm or dismiss, apart from the note: who, when (for people, and ISO), why.
    decided_by: str | None = None
    decided_at: str | None = None  # "2024-05-01 12:00 UTC"
    decided_at_iso: str | None = None  # "2024-05-01T12:00:00Z", for <time datetime>
    decision_note: str | None = None

    def other(self, claim_id: int) -> int:
        return self.claim_b_id if claim_id == self.claim_a_id else self.claim_a_id


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class EntityView:
    id: int
    key: str
    name: str
    kind: str
    description: str | None
    aliases: tuple[str, ...]
    path: str


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class AssertionView:
    id: int
    claim_id: int
    subject_id: int
    property: str
    value_type: str
    value: str
    value_entity_id: int | None
    holds_for: str | None


@dataclass(slots=True)  # not frozen: a store's worth are made per build, and frozen init is 5x slower
class EventView:
    id: int
    at: str  # "2024-05-01 12:00:00 UTC", for people
    at_iso: str  # "2024-05-01T12:00:00Z", for <time datetime>
    actor: str
    action: str
    noun: str
    record_key: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class Counts:
    documents_held: int
    documents_unheld: int
    claims: int
    citations: int
    contradictions: int
    entities: int
    outlets: int


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the report shows, with its cross-links. Dicts are ordered by id."""

    outlets: dict[int, OutletView]
    documents: dict[int, DocumentView]
    claims: dict[int, ClaimView]
    citations: dict[int, CitationView]
    relations: dict[int, RelationView]
    entities: dict[int, EntityView]
    assertions: dict[int, AssertionView]
    events: tuple[EventView, ...]  # the most recent, newest first
    claims_by_document: dict[int, tuple[int, ...]] = field(default_factory=dict)
    citations_by_claim: dict[int, tuple[int, ...]] = field(default_factory=dict)
    cited_by_document: dict[int, tuple[int, ...]] = field(default_factory=dict)  # citation ids
    cited_by_entity: dict[int, tuple[int, ...]] = field(default_factory=dict)  # citation ids
    relations_by_claim: dict[int, tuple[int, ...]] = field(default_factory=dict)
    claims_by_entity: dict[int, tuple[int, ...]] = field(default_factory=dict)
    assertions_by_subject: dict[int, tuple[int, ...]] = field(default_factory=dict)
    assertions_by_claim: dict[int, tuple[int, ...]] = field(default_factory=dict)
    documents_by_outlet: dict[int, tuple[int, ...]] = field(default_factory=dict)
    parts_by_document: dict[int, tuple[int, ...]] = field(default_factory=dict)
    part_of_claim: dict[int, int] = field(default_factory=dict)  # claim id -> the part (article) holding it
    claims_by_part: dict[int, tuple[int, ...]] = field(default_factory=dict)  # part id -> claims it holds
    # The pages of documents merged into others: (old page path, old key, the survivor's id).
    redirects: tuple[tuple[str, str, int], ...] = ()

    @property
    def counts(self) -> Counts:
        held = sum(1 for d in self.documents.values() if d.held)
        return Counts(
            documents_held=held,
            documents_unheld=len(self.documents) - held,
            claims=len(self.claims),
            citations=len(self.citations),
            contradictions=sum(1 for r in self.relations.values() if r.kind == "contradicts"),
            entities=len(self.entities),
            outlets=len(self.outlets),
        )
