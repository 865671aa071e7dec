"""The front door: ``Store``, one object with a method for every verb the tool offers.

Each method opens one transaction (a write, or a consistent read), calls the library modules
that do the work, and returns plain values: records loaded inside the transaction, or the small
views of :mod:`provenance.details`. Nothing lazy-loads afterwards and nothing prints. Errors are
:mod:`provenance.errors`, which name the file, line or field at fault. The CLI is a thin layer
over exactly these methods; the report builds from ``build_report``. To compose several library
calls in one transaction, take ``store.write()`` or ``store.read()`` and call the noun modules
with the session they yield.

Every module a method needs is imported inside it, so ``import provenance`` stays light and a
command pays only for what it uses.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = Store(folder / "example.db", actor="alice")
>>> store.init()
SchemaState(found=None, expected=...)
>>> _ = (folder / "a.txt").write_text("The ferry sank with 459 people on board, officials said.")
>>> doc = store.add_document(folder / "a.txt", title="Ferry sinks", published="2014-04-16")
>>> claim = store.add_claim(doc.key, quote="459 people on board", statement="459 were on board")
>>> (claim.start, claim.end, claim.exact)
(20, 39, '459 people on board')
>>> sorted(store.trace(claim.key).origins)  # the author's own word: the document is the origin
[('document', 1)]
>>> store.dispose()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .db import Database
from .details import (
    ClaimDetail,
    ConflictRow,
    DocumentDetail,
    DocumentRow,
    EntityDetail,
    EntityRow,
    OutletDetail,
    Revision,
    SchemaState,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from .bundle import ExportSummary, ImportSummary
    from .cites import Accepted, Proposal
    from .conflicts import DetectionSummary
    from .demo import DemoSummary
    from .exports import ExportResult
    from .integrity import Finding, Summary
    from .models import Assertion, Citation, Claim, Document, Entity, Event, Outlet, Relation
    from .proposals import ClaimReading
    from .report import BuildSummary
    from .search import Hit
    from .snapshots import RefreshOutcome
    from .tracing import Trace
    from .transfer import CopySummary
    from .works import Merged

Progress = Callable[[str], None]

# What SQLite and PostgreSQL say when the disk (or a file-size limit) stops a write.
_DISK_ERRORS = (
    "disk i/o error",
    "database or disk is full",
    "no space left on device",
    "could not extend file",
    "file too large",
)


class _RolledBack(Exception):  # noqa: N818 (not an error: how a dry run leaves its transaction)
    """Raised inside a write transaction to roll it back, carrying what it found."""

    def __init__(self, outcome: RefreshOutcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


@dataclass(frozen=True)
class Check:
    """What `check` found: every finding, and the counts."""

    findings: list[Finding]
    summary: Summary


class Store(Database):
    """A provenance store: a SQLite file or a PostgreSQL database, and every verb on it.

    ``url`` is a path, ``sqlite:///path`` or ``postgresql://user@host/db`` (default: the
    ``PROVENANCE_DATABASE_URL`` environment variable, else ``./provenance.db``); ``actor`` is who
    the event log names for the changes made through it (default: the OS user).
    """

    def __init__(self, url: str | Path | None = None, *, actor: str | None = None) -> None:
        super().__init__(str(url) if url is not None else None, actor=actor)

    # ------------------------------------------------------------------------------------ schema

    def init(self) -> SchemaState:
        """Create the store at the newest schema, or bring an existing one up to it. ``found`` is the
        revision it had before (None for a new store)."""
        from . import migrate

        before = self.schema().found
        migrate.upgrade(self.url)
        return SchemaState(found=before, expected=self.expected_schema)

    def schema(self) -> SchemaState:
        """The store's schema revision (None if there is no store or no schema) and the expected one."""
        from . import migrate

        return SchemaState(
            found=migrate.current_revision(self.url) if self.exists() else None, expected=self.expected_schema
        )

    def upgrade(self, revision: str = "head") -> SchemaState:
        from . import migrate

        migrate.upgrade(self.url, revision)
        return self.schema()

    def downgrade(self, revision: str) -> SchemaState:
        """Downgrade the schema to ``revision`` (data in dropped tables is lost). Refused for a store
        that does not exist or has no schema (connecting would create an empty one)."""
        from . import migrate
        from .errors import SchemaMismatch, field

        if not self.exists():
            raise SchemaMismatch(
                f"no store at {self.describe()}; run `provenance init` (or pass {field('db')})"
            )
        if migrate.current_revision(self.url) is None:
            raise SchemaMismatch(
                f"{self.describe()} has no provenance schema to downgrade; run `provenance init`"
            )
        migrate.downgrade(self.url, revision)
        return self.schema()

    def backup(self, target: Path | str, *, overwrite: bool = False) -> Path:
        """A verified copy of a live SQLite store in the new file ``target``."""
        from .backup import backup

        return backup(self, Path(target), overwrite=overwrite)

    def copy_to(self, url: str) -> CopySummary:
        """Copy the whole store into the empty store at ``url``, verified by comparing exports."""
        from .transfer import copy_store

        return copy_store(self, url)

    def check(self) -> Check:
        """Every text against its sha256 and every quote against its text (read-only)."""
        from .integrity import summarize

        with self.read() as session:
            findings, summary = summarize(session)
        return Check(findings, summary)

    # ----------------------------------------------------------------------------------- outlets

    def add_outlet(
        self, name: str, *, grade: str = "F", reason: str | None = None, key: str | None = None
    ) -> Outlet:
        from .outlets import add_outlet

        with self.write() as session:
            return add_outlet(session, name, grade=grade, reason=reason, key=key)

    def grade_outlet(
        self, ref: str, grade: str, *, reason: str | None = None, expect_version: int | None = None
    ) -> Outlet:
        from .outlets import grade_outlet

        with self.write() as session:
            return grade_outlet(session, ref, grade=grade, reason=reason, expect_version=expect_version)

    def outlets(self) -> list[Outlet]:
        from .outlets import list_outlets

        with self.read() as session:
            return list_outlets(session)

    def outlet(self, ref: str) -> OutletDetail:
        from .outlets import find_outlet, outlet_documents

        with self.read() as session:
            outlet = find_outlet(session, ref)
            return OutletDetail(outlet, outlet_documents(session, outlet))

    # --------------------------------------------------------------------------------- documents

    def add_document(
        self,
        source: str | Path | None = None,
        *,
        title: str | None = None,
        authors: Sequence[str] = (),
        outlet: str | None = None,
        published: str | None = None,
        url: str | None = None,
        language: str = "en",
        encoding: str | None = None,
        part_of: str | None = None,
        span: tuple[int, int] | None = None,
        key: str | None = None,
        max_mb: int | None = None,
        for_document: str | None = None,
        new: bool = False,
    ) -> Document:
        """Add a document: ``source`` is a file or an http(s) URL (held), or None for a document known
        only from a citation (unheld) or a part of a held one (``part_of`` and its ``span``).

        What the document says about itself (a page's metadata, a file's header: `readers.Metadata`)
        fills the fields not given: title, authors, publication date, URL (canonical, else the one
        fetched) and outlet (an outlet of exactly the page's site name, if the store has one). How
        the text was read (`readers.Reading.note`) is kept with it, for `doc show`.

        A file or URL is first looked for in the store (the same canonical URL, title + outlet +
        date, or a near-identical text): found, it is refused with ``works.SameWorkFound`` naming the
        candidates. ``for_document`` gives that unheld record this text instead (it becomes held,
        its key, claims and citations stay); ``new`` keeps both, recording near-identical texts as
        the same work.

        The text is read before the transaction begins (a slow fetch holds no lock)."""
        from .documents import add_document
        from .readers import read_source
        from .snapshots import keep_snapshot

        read = read_source(str(source), encoding=encoding, max_mb=max_mb) if source is not None else None
        if for_document is not None:
            from .errors import InvalidInput
            from .works import give_text

            if read is None:
                raise InvalidInput("a text for an existing document needs its FILE or URL")
            with self.write() as session:
                held = give_text(
                    session,
                    for_document,
                    read.text,
                    source=read.source,
                    retrieved_at=read.retrieved_at,
                    url=url or read.metadata.url or read.url,
                    reading=read.note,
                )
                keep_snapshot(session, held, read, revision=held.revision, action="hold")
                return held
        with self.write() as session:
            meta = read.metadata if read else None
            notes = [read.note] if read and read.note else []
            if meta is not None and published is None and meta.published:
                published = _published_or_note(meta.published, notes)
            if meta is not None and outlet is None and meta.site_name:
                outlet = _outlet_named(session, meta.site_name, notes)
            if meta is not None and not title and not meta.title:
                from .errors import InvalidInput
                from .errors import field as named_field

                raise InvalidInput(
                    f"{read.source if read else 'it'} carries no title: give {named_field('title')}"
                )
            document = add_document(
                session,
                title=title or (meta.title if meta else None) or "",
                text=read.text if read else None,
                source=read.source if read else None,
                retrieved_at=read.retrieved_at if read else None,
                authors=list(authors) or (list(meta.authors) if meta else []),
                outlet=outlet,
                published=published,
                url=url or (meta.url or read.url if meta and read else None),
                language=language,
                key=key,
                part_of=part_of,
                span=span,
                same_work_check=read is not None,
                keep_both=new,
                reading="; ".join(notes) or None,
            )
            if read is not None:
                keep_snapshot(session, document, read, revision=document.revision, action="add")
            return document

    def merge_documents(self, source: str, target: str) -> Merged:
        """Fold document ``source`` into ``target`` (two records of one work); ``source``'s key and
        number redirect to ``target``. Refused when both hold a text."""
        from .works import merge_documents

        with self.write() as session:
            return merge_documents(session, source, target)

    def text_reuse(self, ref: str) -> dict[str, Any]:
        """The passages document ``ref`` shares with others and what is proposed (read-only), as data."""
        from .textreuse import as_json, find_reuse

        with self.read() as session:
            return as_json(session, find_reuse(session, ref))

    def decide_reuse(
        self, ref: str, *, accept: Sequence[int] = (), dismiss: Sequence[int] = (), note: str | None = None
    ) -> dict[str, Any]:
        """Accept or dismiss text-reuse proposals of document ``ref`` by number, in one transaction."""
        from .textreuse import as_json, decide

        with self.write() as session:
            reuse, accepted, dismissed = decide(
                session, ref, accept=list(accept), dismiss=list(dismiss), note=note
            )
            data = as_json(session, reuse)
            data["accepted"] = [p.number for p in accepted]
            data["dismissed"] = [p.number for p in dismissed]
            return data

    def same_work(self, document: str, same_as: str, *, note: str | None = None) -> Document:
        """Record ``document`` as the same work as ``same_as`` (a syndicated copy, a repost): the
        chains count the two as one source."""
        from .documents import get_document
        from .works import record_same_work

        with self.write() as session:
            doc = get_document(session, document)
            record_same_work(session, doc, get_document(session, same_as), note=note)
            return doc

    def documents(
        self,
        *,
        held: bool | None = None,
        outlet: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[DocumentRow]:
        """Documents in the order they were added (a page of them with ``limit``/``offset``)."""
        from .documents import list_documents

        with self.read() as session:
            return [
                DocumentRow(r.document, r.outlet_name, r.claims)
                for r in list_documents(session, held=held, outlet=outlet, limit=limit, offset=offset)
            ]

    def count_documents(self, *, held: bool | None = None, outlet: str | None = None) -> int:
        from .documents import count_documents

        with self.read() as session:
            return count_documents(session, held=held, outlet=outlet)

    def document(self, ref: str) -> DocumentDetail:
        """A document with its outlet, the claims quoted from it and the citations of it."""
        from .citations import list_citations
        from .claims import list_claims
        from .documents import get_document, reading_of
        from .outlets import find_outlet
        from .snapshots import snapshots_of
        from .works import same_work_as

        with self.read() as session:
            doc = get_document(session, ref)
            outlet = find_outlet(session, str(doc.outlet_id)) if doc.outlet_id else None
            others, old_keys = same_work_as(session, doc)
            return DocumentDetail(
                doc,
                outlet,
                list_claims(session, document=str(doc.id)),
                list_citations(session, document=str(doc.id)),
                others,
                old_keys,
                reading_of(session, doc) if doc.held else None,
                snapshots_of(session, [doc.id]).get(doc.id, []),
            )

    def document_text(self, ref: str, *, revision: int | None = None) -> str:
        """A held document's text exactly as stored (its current revision, or ``revision``)."""
        from .documents import get_document
        from .revisions import text_at_revision

        with self.read() as session:
            return text_at_revision(session, get_document(session, ref), revision).text

    def revise_document(
        self, ref: str, source: str | Path, *, encoding: str | None = None, max_mb: int | None = None
    ) -> Revision:
        """Make the text at ``source`` (a file or URL) the document's current revision and re-anchor its
        claims. Raises ``revisions.NothingChanged`` when the text is the same."""
        from .documents import get_document
        from .readers import read_source
        from .revisions import revise_document
        from .snapshots import keep_snapshot

        read = read_source(str(source), encoding=encoding, max_mb=max_mb)
        with self.write() as session:
            outcomes = revise_document(
                session, ref, read.text, source=read.source, retrieved_at=read.retrieved_at, reading=read.note
            )
            doc = get_document(session, ref)
            keep_snapshot(session, doc, read, revision=doc.revision, action="revise")
            return Revision(doc.key, doc.revision, list(outcomes))

    def refresh_targets(self, ref: str | None = None) -> list[tuple[int, str, str]]:
        """What `doc refresh` would fetch: (id, key, URL) of document ``ref``, or (``ref``
        None) of every held document that has a URL, in the order they were added."""
        from sqlalchemy import select

        from .documents import get_document
        from .errors import InvalidInput
        from .models import Document
        from .snapshots import refresh_url

        with self.read() as session:
            if ref is not None:
                doc = get_document(session, ref)
                return [(doc.id, doc.key, refresh_url(session, doc))]
            found = []
            for doc in session.scalars(select(Document).where(Document.revision > 0).order_by(Document.id)):
                try:
                    found.append((doc.id, doc.key, refresh_url(session, doc)))
                except InvalidInput:
                    continue  # no address to fetch: not a URL document
            return found

    def refresh_document(
        self,
        document_id: int,
        url: str,
        *,
        encoding: str | None = None,
        max_mb: int | None = None,
        dry_run: bool = False,
    ) -> RefreshOutcome:
        """Fetch ``url`` again (the same fetch, limits and reader as `doc add URL`) and compare its
        main text with document ``document_id``'s current text: unchanged, an event; changed, a new
        revision (claims re-anchored, as `revise_document`) and the fetch kept as its snapshot. One
        transaction; the fetch happens before it begins. ``dry_run`` does it all and rolls it back."""
        from .documents import get_document
        from .limits import text_cap
        from .readers import fetch_url
        from .snapshots import apply_refresh

        read = fetch_url(url, encoding=encoding, max_bytes=text_cap(max_mb))
        if not dry_run:
            with self.write() as session:
                return apply_refresh(session, get_document(session, str(document_id)), read)
        try:
            with self.write() as session:
                done = apply_refresh(session, get_document(session, str(document_id)), read)
                raise _RolledBack(done)
        except _RolledBack as rolled:
            return rolled.outcome

    def delete_document(self, ref: str) -> Document:
        """Delete a document nothing depends on; otherwise refused, listing what depends on it."""
        from .documents import delete_document

        with self.write() as session:
            return delete_document(session, ref)

    # ------------------------------------------------------------------------------------ claims

    def add_claim(
        self,
        document: str,
        *,
        quote: str,
        statement: str,
        speaker: str = "author",
        hedging: str | None = None,
        verdict: str = "unreviewed",
        credibility: int | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        start: int | None = None,
        entities: Sequence[str] = (),
        note: str | None = None,
        key: str | None = None,
    ) -> Claim:
        """Log a claim by quoting ``document`` (number or key): the quote is found in its text, copy
        damage tolerated, and the document's own span stored. A quote that occurs twice needs
        ``prefix``/``suffix`` or ``start``."""
        from .claims import add_claim

        with self.write() as session:
            return add_claim(
                session,
                document,
                quote=quote,
                statement=statement,
                speaker=speaker,
                hedging=hedging,
                verdict=verdict,
                credibility=credibility,
                prefix=prefix,
                suffix=suffix,
                start=start,
                entities=list(entities),
                note=note,
                key=key,
            )

    def log_claim(
        self,
        document: str,
        *,
        quote: str,
        statement: str | None = None,
        entities: Sequence[str] = (),
        link_entities: bool = True,
        **options: str | int | None,
    ) -> ClaimReading:
        """``add_claim``, then the reader on its quote, in one transaction: the entities the quote
        names are linked (unless ``entities`` are given or ``link_entities`` is False), typed values
        and the sentence's attribution are stored as proposals (``proposed_by`` the reader), and
        the other claims whose readings may disagree are returned as rivals (not recorded: that
        is ``detect_conflicts``). ``statement`` defaults to the quote (its first 300 characters)."""
        from .claims import add_claim
        from .proposals import read_claim
        from .text import shorten

        with self.write() as session:
            claim = add_claim(
                session,
                document,
                quote=quote,
                statement=statement or shorten(quote, 300),
                entities=list(entities),
                **options,  # type: ignore[arg-type]
            )
            return read_claim(session, claim, link=link_entities and not entities)

    def add_claims(self, path: Path | str, *, read: bool = True, link_entities: bool = True) -> list[Claim]:
        """Log every row of a CSV or JSON-lines file as a claim (its columns are ``add_claim``'s
        arguments, ``doc`` the document), in one transaction: all or nothing, every problem raised
        at once as ``FILE:LINE field: message`` (:class:`provenance.batch.RowErrors`). With ``read``
        each claim is read as ``log_claim`` reads it (rivals are left to ``detect_conflicts``)."""
        from .batch import add_claims

        with self.write() as session:
            return add_claims(session, Path(path), read=read, link_entities=link_entities)

    def claim_reading(self, ref: str) -> ClaimReading:
        """What the reader proposed for a claim (values and attribution, with their status)."""
        from .claims import get_claim
        from .proposals import claim_reading

        with self.read() as session:
            return claim_reading(session, get_claim(session, ref))

    def decide_reading(
        self,
        claim: str,
        reading: str | None = None,
        *,
        accept: bool,
        subject: str | None = None,
        value: str | None = None,
    ) -> list[Assertion]:
        """Accept (a curated assertion from then on) or reject (remembered) a claim's proposed
        readings: all open ones, or the one named by number or property. One event each."""
        from .proposals import decide

        with self.write() as session:
            return decide(session, claim, reading, accept=accept, subject=subject, value=value)

    def reread(self, claims: Sequence[str] | None = None) -> int:
        """Read claims again with every held document known; open proposals are replaced."""
        from .claims import get_claim
        from .proposals import reread

        with self.write() as session:
            chosen = [get_claim(session, c) for c in claims] if claims is not None else None
            return reread(session, chosen)

    def claims(
        self, *, document: str | None = None, verdict: str | None = None, entity: str | None = None
    ) -> list[Claim]:
        from .claims import list_claims

        with self.read() as session:
            return list_claims(session, document=document, verdict=verdict, entity=entity)

    def each_claim(
        self,
        *,
        document: str | None = None,
        verdict: str | None = None,
        entity: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Claim]:
        """`claims`, streamed: each claim as its batch of rows is read, in one read transaction that
        lasts while the caller iterates (exhaust or close the iterator to end it). A bad filter is
        refused here, before the first claim."""
        stream = self._each_claim(document, verdict, entity, limit)
        next(stream)  # up to the first yield: the transaction is open and the filters resolved
        return cast("Iterator[Claim]", stream)

    def _each_claim(
        self, document: str | None, verdict: str | None, entity: str | None, limit: int | None
    ) -> Iterator[Claim | None]:
        from .claims import iter_claims

        with self.read() as session:
            found = iter_claims(session, document=document, verdict=verdict, entity=entity, limit=limit)
            yield None
            yield from found

    def claim(self, ref: str) -> ClaimDetail:
        """A claim with the entities it names, what it rests on and how it relates to others."""
        from .citations import list_citations
        from .claims import claim_entities, get_claim
        from .relations import list_relations
        from .search.elsewhere import said_elsewhere

        with self.read() as session:
            claim = get_claim(session, ref)
            return ClaimDetail(
                claim,
                claim_entities(session, claim),
                list_citations(session, claim=ref),
                list_relations(session, claim=ref),
                said_elsewhere(session, str(claim.id)),
            )

    def set_verdict(
        self,
        ref: str,
        verdict: str | None = None,
        *,
        credibility: int | None = None,
        expect_version: int | None = None,
    ) -> Claim:
        """Review a claim; credibility 1 needs independent corroboration."""
        from .claims import set_verdict

        with self.write() as session:
            return set_verdict(
                session, ref, verdict=verdict, credibility=credibility, expect_version=expect_version
            )

    def edit_claim(self, ref: str, *, expect_version: int | None = None, **changes: str | None) -> Claim:
        """Change a claim's statement, speaker, hedging or note (its quote stays)."""
        from .claims import edit_claim

        with self.write() as session:
            return edit_claim(session, ref, expect_version=expect_version, **changes)

    def requote_claim(
        self, ref: str, *, quote: str, occurrence: int | None = None, near: str | None = None
    ) -> Claim:
        """Re-attach a claim (orphaned, ambiguous, fuzzy or any) to its document's current text by
        ``quote``, keeping its verdict, credibility, citations, assertions and relations. Among
        several occurrences ``occurrence`` (1-based) or ``near`` (words beside it) picks one."""
        from .revisions import requote_claim

        with self.write() as session:
            return requote_claim(session, ref, quote, occurrence=occurrence, near=near)

    def delete_claim(self, ref: str, *, cascade: bool = False) -> tuple[Claim, dict[str, int]]:
        from .claims import delete_claim

        with self.write() as session:
            return delete_claim(session, ref, cascade=cascade)

    # --------------------------------------------------------------------------------- citations

    def cite(
        self,
        claim: str,
        *,
        document: str | None = None,
        entity: str | None = None,
        person: str | None = None,
        kind: str = "cites",
        locator: str | None = None,
        locator_start: int | None = None,
        note: str | None = None,
    ) -> Citation:
        """Record what ``claim`` rests on: exactly one of a document, an entity or an unnamed person.

        >>> store = Store(":memory:")  # doctest: +SKIP
        >>> store.cite("gr-coup", document="guardian-2019-02", locator="(The Guardian)")  # doctest: +SKIP
        """
        from .citations import add_citation

        with self.write() as session:
            return add_citation(
                session,
                claim,
                kind=kind,
                document=document,
                entity=entity,
                person=person,
                locator=locator,
                locator_start=locator_start,
                note=note,
            )

    def citations(self, *, claim: str | None = None, document: str | None = None) -> list[Citation]:
        from .citations import list_citations

        with self.read() as session:
            return list_citations(session, claim=claim, document=document)

    def find_citations(self, document: str, *, news: bool = True) -> list[Proposal]:
        """The citations a held document's own text makes, proposed (nothing is written): the
        scanner's markers (parentheticals, notes, references) and, with ``news``, the reader's
        news attributions ("X said", "according to X", "told X", wire credits)."""
        from .cites import find_citations

        with self.read() as session:
            return find_citations(session, document, news=news)

    def check_citation_target(self, proposal: Proposal, target: str) -> Proposal:
        """Point ``proposal`` at ``target`` (a document number or key, or ``person:NAME``) if it names one."""
        from .cites import retarget

        with self.read() as session:
            return retarget(session, proposal, target)

    def choose_citations(self, choice: str, proposals: Sequence[Proposal]) -> list[int]:
        """The proposal numbers that ``choice`` ("all", or "1,3") names."""
        from .cites import parse_choice

        return parse_choice(choice, proposals)

    def accept_citations(
        self,
        document: str,
        proposals: Sequence[Proposal],
        numbers: Sequence[int],
        *,
        create_missing: bool = False,
        targets: dict[int, str] | None = None,
        news: bool = True,
    ) -> list[Accepted]:
        """Record the chosen proposals as citations, in one transaction (``news`` as they were found)."""
        from .cites import accept_chosen

        with self.write() as session:
            return accept_chosen(
                session,
                document,
                list(proposals),
                list(numbers),
                create_missing=create_missing,
                targets=targets or {},
                news=news,
            )

    # ------------------------------------------------------------------------- relations, values

    def relate(self, a: str, kind: str, b: str, *, note: str | None = None) -> Relation:
        """A curator's confirmed relation between two claims (contradicts, corroborates, repeats, …)."""
        from .relations import add_relation

        with self.write() as session:
            return add_relation(session, a, kind, b, note=note)

    def relations(
        self, *, kind: str | None = None, status: str | None = None, claim: str | None = None
    ) -> list[Relation]:
        from .relations import list_relations

        with self.read() as session:
            return list_relations(session, kind=kind, status=status, claim=claim)

    def add_assertion(
        self,
        claim: str,
        *,
        subject: str,
        prop: str,
        value: str,
        value_type: str = "text",
        holds_for: str | None = None,
    ) -> Assertion:
        """Read ``claim`` as subject / property / typed value (date, quantity, entity or text)."""
        from .assertions import add_assertion

        with self.write() as session:
            return add_assertion(
                session,
                claim,
                subject=subject,
                prop=prop,
                value=value,
                value_type=value_type,
                holds_for=holds_for,
            )

    def assertions(self, *, claim: str | None = None, subject: str | None = None) -> list[Assertion]:
        from .assertions import list_assertions

        with self.read() as session:
            return list_assertions(session, claim=claim, subject=subject)

    # ---------------------------------------------------------------------------------- entities

    def add_entity(
        self,
        name: str,
        *,
        kind: str = "person",
        aliases: Sequence[str] = (),
        description: str | None = None,
        key: str | None = None,
    ) -> Entity:
        from .entities import add_entity

        with self.write() as session:
            return add_entity(
                session, name, kind=kind, aliases=list(aliases), description=description, key=key
            )

    def add_aliases(self, ref: str, aliases: Sequence[str]) -> Entity:
        """Give an entity more names, in one transaction (all or none)."""
        from .entities import add_alias, resolve_entity

        with self.write() as session:
            entity = resolve_entity(session, ref)
            for alias in aliases:
                entity = add_alias(session, ref, alias)
            return entity

    def merge_entities(self, source: str, target: str) -> Entity:
        """Fold ``source`` into ``target``: its claims, citations, assertions and names move over."""
        from .entities import merge_entities

        with self.write() as session:
            return merge_entities(session, source, target)

    def entities(self, *, kind: str | None = None) -> list[EntityRow]:
        from .entities import aliases_of, list_entities

        with self.read() as session:
            return [EntityRow(e, aliases_of(session, e)) for e in list_entities(session, kind=kind)]

    def entity(self, ref: str) -> EntityDetail:
        """An entity by number, key, name or any alias, with its names and the claims naming it."""
        from .claims import list_claims
        from .entities import aliases_of, resolve_entity

        with self.read() as session:
            entity = resolve_entity(session, ref)
            return EntityDetail(
                entity, aliases_of(session, entity), list_claims(session, entity=str(entity.id))
            )

    # ------------------------------------------------------------------------ chains, conflicts

    def trace(self, claim: str) -> Trace:
        """What ``claim`` rests on, all the way down: the chain, its origins, cycles and independence."""
        from .tracing import trace_claim

        with self.read() as session:
            return trace_claim(session, claim)

    def detect_conflicts(self, *, suggestions: bool = True) -> DetectionSummary:
        """Find new contradictions (from assertions; suggestions from text) and record them for review."""
        from .conflicts import detect

        with self.write() as session:
            return detect(session, suggestions=suggestions)

    def conflicts(self, *, status: str | None = None) -> list[ConflictRow]:
        """Every contradiction (confirmed, detected, suggested, dismissed), with both claims' statements,
        awaiting ones first."""
        from .conflicts import disputed_values, list_conflicts, statements

        with self.read() as session:
            rows = list_conflicts(session, status=status)
            said = statements(session, {r.claim_a_id for r in rows} | {r.claim_b_id for r in rows})
            values = disputed_values(session, rows)
            return [ConflictRow(r, said[r.claim_a_id], said[r.claim_b_id], values[r.id]) for r in rows]

    def review_queue(self) -> list[ConflictRow]:
        """The one review queue (the CLI's `conflicts review` and the workbench walk it): detected
        contradictions, then suggested ones, each with both claims' statements."""
        from .conflicts import Selection, disputed_values, select_awaiting, statements

        with self.read() as session:
            rows = select_awaiting(session, Selection())
            said = statements(session, {r.claim_a_id for r in rows} | {r.claim_b_id for r in rows})
            values = disputed_values(session, rows)
            order = {"detected": 0, "suggested": 1}
            rows.sort(key=lambda r: (order.get(r.status.value, 2), r.id))
            return [ConflictRow(r, said[r.claim_a_id], said[r.claim_b_id], values[r.id]) for r in rows]

    def confirm_conflict(
        self, ref: str, *, note: str | None = None, expect_version: int | None = None
    ) -> Relation:
        from .conflicts import review

        with self.write() as session:
            return review(session, ref, confirm=True, note=note, expect_version=expect_version)

    def review_conflicts(
        self,
        ids: Sequence[str] = (),
        *,
        confirm: bool,
        subject: str | None = None,
        property: str | None = None,
        status: str | None = None,
        document: str | None = None,
        note: str | None = None,
        dry_run: bool = False,
    ) -> list[Relation]:
        """Confirm or dismiss every awaiting (detected or suggested) contradiction that the ids and
        filters name, in one transaction, each decision an event; ``dry_run`` only lists them."""
        from .conflicts import Selection, review_many, select_awaiting

        chosen = Selection(tuple(ids), subject, property, status, document)
        if dry_run:
            with self.read() as session:
                return select_awaiting(session, chosen)
        with self.write() as session:
            return review_many(session, chosen, confirm=confirm, note=note)

    def dismiss_conflict(self, ref: str, *, note: str, expect_version: int | None = None) -> Relation:
        """Dismiss a proposed contradiction; it is remembered and not proposed again."""
        from .conflicts import review

        with self.write() as session:
            return review(session, ref, confirm=False, note=note, expect_version=expect_version)

    # -------------------------------------------------------------------------------------- search

    def search(
        self,
        query: str,
        *,
        kinds: Sequence[str] = (),
        doc: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        verdict: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
    ) -> list[Hit]:
        """The best ``limit`` hits for ``query`` over claims (quote, statement, speaker, every note),
        documents' text by passage, entities (names and aliases), outlets and citations' locators.
        An alias finds its entity's claims; names tolerate a typo or another transliteration."""
        from .search import search

        with self.read() as session:
            return search(
                session,
                query,
                kinds=list(kinds),
                doc=doc,
                outlet=outlet,
                entity=entity,
                verdict=verdict,
                since=since,
                until=until,
                limit=limit,
            )

    def reindex(self) -> int:
        """Build the search index again from the store (it is kept current by every write; this is for
        a store changed by hand-typed SQL). Returns the number of entries."""
        from .search.index import reindex

        with self.write() as session:
            return reindex(session)

    # ---------------------------------------------------------------------------------- history

    def log(
        self,
        ref: str | None = None,
        *,
        actor: str | None = None,
        noun: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        limit: int | None = 50,
    ) -> list[Event]:
        """The event log, newest first: ``ref`` is a record's key or ``NOUN:ID`` (``claim:12``); ``since``
        and ``until`` are ISO dates or times (UTC when no offset is given)."""
        from .events import history

        with self.read() as session:
            return history(session, ref, actor=actor, noun=noun, since=since, until=until, limit=limit)

    def record_named(self, ref: str) -> str | None:
        """The noun of the record a key (or ``NOUN:ID``) names, or None when none does."""
        from .events import record_named

        with self.read() as session:
            return record_named(session, ref)

    # ---------------------------------------------------------------------------------- exchange

    def import_bundle(
        self, path: str | Path, *, max_mb: int | None = None, progress: Progress | None = None
    ) -> ImportSummary:
        """Validate the bundle at ``path`` completely, then write it in one transaction. The summary's
        ``warnings`` say what could not be checked (a bundle without a manifest)."""
        from sqlalchemy.exc import OperationalError

        from .bundle import import_bundle, load_bundle
        from .files import DiskFull

        bundle = load_bundle(path, progress=progress, max_mb=max_mb)
        try:
            with self.write() as session:
                summary = import_bundle(session, bundle, progress=progress)
        except OperationalError as exc:
            reason = str(exc.orig).strip()
            if any(sign in reason.lower() for sign in _DISK_ERRORS):
                raise DiskFull(
                    f"disk full / I/O error while writing the store; nothing was imported ({reason})"
                ) from None
            raise
        summary.warnings = list(bundle.warnings)
        return summary

    def export(
        self, out: str | Path, *, format: str = "bundle", force: bool = False
    ) -> ExportSummary | ExportResult:
        """Export the whole store: a bundle (canonical, re-importable), or ``claimreview``,
        ``annotations``, ``prov`` or ``csv``."""
        fmt = format.strip().lower()
        with self.read() as session:
            if fmt == "bundle":
                from .bundle import export_bundle

                return export_bundle(session, out, force=force)
            from .exports import export

            return export(session, out, fmt, force=force)

    def build_report(
        self,
        out: str | Path,
        *,
        changed_only: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> BuildSummary:
        """Build the static HTML report into the folder ``out`` (atomic; ``changed_only`` rebuilds only the
        pages whose records changed)."""
        from .report import build_report

        return build_report(self, Path(out), changed_only=changed_only, progress=progress)

    def demo(self, out: str | Path = "site", *, progress: Progress | None = None) -> DemoSummary:
        """The first run: the curated seed corpus into this store, contradictions detected, the report."""
        from .demo import run_demo

        return run_demo(self, Path(out), progress=progress)

    def __repr__(self) -> str:
        return f"Store({self.describe()!r})"


def _published_or_note(value: str, notes: list[str]) -> str | None:
    """A date the document gives for itself, read; unreadable, it is left out and said in the note
    (the user did not write it, so it does not stop the document being added)."""
    from .documents import parse_published
    from .errors import InvalidInput

    try:
        return parse_published(value)
    except InvalidInput:
        notes.append(f"its own date {value!r} could not be read, so none was kept")
        return None


def _outlet_named(session: Session, name: str, notes: list[str]) -> str | None:
    """The outlet of exactly this (site) name, case aside, as a reference; else None, said in the note."""
    from sqlalchemy import func, select

    from .models import Outlet

    found = session.scalars(select(Outlet).where(func.lower(Outlet.name) == name.strip().lower())).first()
    if found is None:
        notes.append(f"site name {name!r} is no outlet in the store (give --outlet, or add it)")
        return None
    return str(found.id)
