"""Importing a validated bundle into a store: all of it, in one transaction, or nothing.

1. The bundle is validated completely (:func:`load_bundle`) before the transaction.
2. Inside the caller's write transaction, it is compared with the store: a record whose
   key is already there with the same content is skipped (importing twice adds nothing);
   one whose content differs, or that would clash with another record's unique name,
   alias or text, is a conflict. Every conflict is reported and nothing is written.
3. The new rows are built in memory as plain tuples and inserted table by table with one
   driver ``executemany`` each, in dependency order, resolving keys to ids by reading each
   table's ``(key, id)`` pairs after its insert. One ``import`` event summarises it all.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from ..chains import person_key
from ..errors import BundleErrors
from ..models import (
    AnchorState,
    Assertion,
    Citation,
    CitationKind,
    Claim,
    ClaimEntity,
    Document,
    DocumentRedirect,
    DocumentSnapshot,
    DocumentText,
    Entity,
    EntityAlias,
    EntityKind,
    Event,
    Grade,
    Outlet,
    Relation,
    RelationKind,
    RelationStatus,
    SameWork,
    ValueType,
    Verdict,
    utcnow,
)
from ..text import fold_name, shorten
from .schema import SECTIONS, Bundle, DocumentRec, Record, identity, parse_decision_time
from .snapshot import read_store
from .validate import load_bundle

__all__ = ["ImportSummary", "import_bundle"]

Progress = Callable[[str], None]
_SHOWN = {"exact": "quote", "texts": "text", "anchor": "anchor state"}


@dataclass
class ImportSummary:
    """What an import added and what it found already in the store."""

    bundle: str
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    rows: int = 0  # every row inserted, texts, aliases and links included
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # what could not be checked (no manifest)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.bundle,
            "added": self.added,
            "skipped": self.skipped,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
        }

    def describe(self) -> str:
        added = ", ".join(f"{n} {name}" for name, n in self.added.items() if n) or "nothing new"
        skipped = sum(self.skipped.values())
        return f"imported {self.bundle}: {added}" + (f" ({skipped} already in the store)" if skipped else "")


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, list) and value and hasattr(value[0], "sha256"):
        value = [t.sha256[:12] for t in value]
    return shorten(repr(value), limit, one_line=False)


def _holds_records(session: Session) -> bool:
    """Whether the store holds any record. Every record hangs off an outlet, entity or document
    (foreign keys), so three probes tell; a first import skips reading the whole store."""
    probes = (exists().select_from(model.__table__) for model in (Outlet, Entity, Document))
    return bool(session.execute(select(or_(*probes))).scalar())


class _Plan:
    """The bundle's records that are new to the store, and every conflict with it."""

    def __init__(self, bundle: Bundle, session: Session) -> None:
        self.bundle = bundle
        self.store = read_store(session, texts=False) if _holds_records(session) else Bundle("the store")
        self.conflicts: list[str] = []
        self.new: dict[str, list[Any]] = {}
        self.skipped: dict[str, int] = {}
        for section in ("outlets", "entities", "documents", "claims"):
            self._keyed(section)
        for section in ("citations", "assertions"):
            self._multiset(section)
        self._relations()
        self._unique_names()

    def _conflict(self, record: Record, message: str) -> None:
        self.conflicts.append(f"{self.bundle.at(record)} {message}")

    def _keyed(self, section: str) -> None:
        held = {r.key: r for r in getattr(self.store, section)}
        new, skipped = [], 0
        for record in getattr(self.bundle, section):
            old = held.get(record.key)
            if old is None:
                new.append(record)
                continue
            mine, theirs = record.content(), old.content()
            differs = [name for name in mine if mine[name] != theirs[name]]
            for name in differs:
                shown = _SHOWN.get(name, name)
                self._conflict(
                    record,
                    f"{record.key}: {shown} differs from the store: "
                    f"store {_short(theirs[name])}, bundle {_short(mine[name])}",
                )
            skipped += not differs
        self.new[section], self.skipped[section] = new, skipped

    def _multiset(self, section: str) -> None:
        """Records without a key are the same when all their content is: add only the extra copies."""
        held = Counter(identity(r) for r in getattr(self.store, section))
        if not held:  # nothing to match against (a first import): every record is new
            self.new[section], self.skipped[section] = list(getattr(self.bundle, section)), 0
            return
        new, skipped = [], 0
        for record in getattr(self.bundle, section):
            ident = identity(record)
            if held[ident] > 0:
                held[ident] -= 1
                skipped += 1
            else:
                new.append(record)
        self.new[section], self.skipped[section] = new, skipped

    def _relations(self) -> None:
        held = {(r.a, r.kind, r.b): r for r in self.store.relations}
        new, skipped = [], 0
        for r in self.bundle.relations:
            old = held.get((r.a, r.kind, r.b))
            reverse = held.get((r.b, r.kind, r.a)) if r.kind in ("contradicts", "corroborates") else None
            if old is not None and old.content() == r.content():
                skipped += 1
            elif old is not None and (old.status, old.note) == (r.status, r.note):
                self._conflict(
                    r,
                    f"{r.a} {r.kind} {r.b}: the store has it decided by {_short(old.decided_by)} at "
                    f"{_short(old.decided_at)} ({_short(old.decision)}); the bundle by "
                    f"{_short(r.decided_by)} at {_short(r.decided_at)} ({_short(r.decision)})",
                )
            elif old is not None:
                self._conflict(
                    r,
                    f"{r.a} {r.kind} {r.b}: the store has it with status {old.status!r} and "
                    f"note {_short(old.note)}; the bundle with {r.status!r} and {_short(r.note)}",
                )
            elif reverse is not None:
                self._conflict(
                    r, f"{r.a} {r.kind} {r.b}: the store already relates them as {r.b} {r.kind} {r.a}"
                )
            else:
                new.append(r)
        self.new["relations"], self.skipped["relations"] = new, skipped

    def _unique_names(self) -> None:
        """New records must not take a name, alias or text another store record holds."""
        outlet_names = {o.name: o.key for o in self.store.outlets}
        for o in self.new["outlets"]:
            if outlet_names.get(o.name, o.key) != o.key:
                self._conflict(
                    o,
                    f"{o.key}: outlet name {o.name!r} belongs to outlet {outlet_names[o.name]!r} "
                    "in the store",
                )
        folded: dict[str, str] = {}
        for e in self.store.entities:
            for name in (e.name, *e.aliases):
                folded.setdefault(fold_name(name), e.key)
        for e in self.new["entities"] if folded else ():
            for name in (e.name, *e.aliases):
                owner = folded.get(fold_name(name))
                if owner is not None and owner != e.key and fold_name(name):
                    self._conflict(e, f"{e.key}: {name!r} already names entity {owner!r} in the store")
        texts = {d.texts[-1].sha256: d.key for d in self.store.documents if d.texts}
        for d in self.new["documents"]:
            owner = texts.get(d.texts[-1].sha256) if d.texts else None
            if owner is not None and owner != d.key:
                self._conflict(d, f"{d.key}: this text is already held as document {owner!r} in the store")


def import_bundle(
    session: Session, source: Bundle | Path | str, *, progress: Progress | None = None
) -> ImportSummary:
    """Import a bundle (a loaded :class:`Bundle`, or the path of one) within ``session``'s transaction.

    Raises BundleErrors listing every validation problem or conflict; then nothing is written.
    """
    began = time.perf_counter()
    bundle = source if isinstance(source, Bundle) else load_bundle(source, progress=progress)
    if progress:
        progress("comparing the bundle with the store")
    plan = _Plan(bundle, session)
    if plan.conflicts:
        raise BundleErrors(plan.conflicts)
    summary = ImportSummary(bundle=bundle.name, skipped=plan.skipped)
    summary.added = {section: len(plan.new[section]) for section in SECTIONS}
    if any(summary.added.values()):
        if progress:
            progress("writing " + ", ".join(f"{n} {s}" for s, n in summary.added.items() if n))
        writer = _Writer(session, plan.new)
        summary.rows = writer.rows
        added = ", ".join(f"{n} {s}" for s, n in summary.added.items() if n)
        writer.event(
            summary=f"imported {bundle.name}: {added}",
            after={"bundle": bundle.name, "added": summary.added, "skipped": summary.skipped},
        )
    summary.seconds = time.perf_counter() - began
    return summary


# Placeholders of the drivers the store supports (sqlite3; psycopg takes %s positionally).
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _values(kind: type[StrEnum]) -> dict[str, str]:
    """An enum's values, looked up to get the plain string its column holds (a member finds
    its value too; a value the enum lacks is a KeyError)."""
    return {member.value: member.value for member in kind}


class _Writer:
    """Bulk inserts in dependency order; ids come from each table's (key, id) pairs.

    Rows go to the driver as plain tuples in the form the column types would bind them
    (enum values as their strings, the one timestamp converted once), through one
    ``executemany`` per table: SQLAlchemy's per-row, per-column parameter processing cost
    more than the inserts themselves.
    """

    def __init__(self, session: Session, new: dict[str, list[Any]]) -> None:
        self.session = session
        self.conn = session.connection()
        self.dialect = self.conn.dialect
        self.rows = 0
        now = self._processor(Outlet, "created_at")(utcnow())
        actor = session.info.get("actor", "unknown")
        grade, entity_kind, verdict, anchor = (
            _values(Grade),
            _values(EntityKind),
            _values(Verdict),
            _values(AnchorState),
        )
        citation_kind, value_type = _values(CitationKind), _values(ValueType)
        relation_kind, status = _values(RelationKind), _values(RelationStatus)
        self.outlets = self._keyed(
            Outlet,
            ("key", "name", "grade", "grade_reason", "created_at", "version"),
            [(o.key, o.name, grade[o.grade], o.reason, now, 1) for o in new["outlets"]],
        )
        self.entities = self._keyed(
            Entity,
            ("key", "name", "folded", "kind", "description", "created_at", "version"),
            [
                (e.key, e.name, fold_name(e.name), entity_kind[e.kind], e.description, now, 1)
                for e in new["entities"]
            ],
        )
        entities = self.entities
        self._insert(
            EntityAlias,
            ("entity_id", "alias", "folded"),
            [(entities[e.key], a, fold_name(a)) for e in new["entities"] for a in e.aliases],
        )
        self.documents = documents = self._documents(new["documents"], now)
        self._insert(
            DocumentText,
            ("document_id", "revision", "text", "sha256", "source", "retrieved_at", "created_at"),
            [
                (documents[d.key], n, t.text, t.sha256, t.source, None, now)
                for d in new["documents"]
                for n, t in enumerate(d.texts, 1)
            ],
        )
        fetched_at = self._processor(DocumentSnapshot, "fetched_at")
        self._insert(
            DocumentSnapshot,
            (
                "document_id",
                "revision",
                "action",
                "fetched_at",
                "url",
                "final_url",
                "status",
                "content_type",
                "sha256",
                "size",
                "body",
            ),
            [
                (
                    documents[d.key],
                    s.revision,
                    s.action,
                    fetched_at(datetime.fromisoformat(s.fetched_at)),
                    s.url,
                    s.final_url,
                    s.status,
                    s.content_type,
                    s.sha256,
                    s.size,
                    s.body,
                )
                for d in new["documents"]
                for s in d.snapshots
            ],
        )
        self._insert(
            SameWork,
            ("document_id", "same_as_id", "note", "created_by", "created_at"),
            [
                (documents[d.key], documents[d.same_as], None, actor, now)
                for d in new["documents"]
                if d.same_as is not None
            ],
        )
        self._insert(
            DocumentRedirect,
            ("key", "old_id", "document_id", "created_at"),
            [(old, None, documents[d.key], now) for d in new["documents"] for old in d.redirects],
        )
        self.claims = claims = self._keyed(
            Claim,
            (
                "key",
                "document_id",
                "revision",
                "exact",
                "prefix",
                "suffix",
                "start",
                "end",
                "statement",
                "speaker",
                "hedging",
                "verdict",
                "credibility",
                "anchor_state",
                "note",
                "created_at",
                "version",
            ),
            [
                (
                    c.key,
                    documents[c.document],
                    c.revision,
                    c.exact,
                    c.prefix,
                    c.suffix,
                    c.start,
                    c.end,
                    c.statement,
                    c.speaker,
                    c.hedging,
                    verdict[c.verdict],
                    c.credibility,
                    anchor[c.anchor],
                    c.note,
                    now,
                    1,
                )
                for c in new["claims"]
            ],
        )
        self._insert(
            ClaimEntity,
            ("claim_id", "entity_id"),
            [(claims[c.key], entities[k]) for c in new["claims"] for k in c.entities],
        )
        self._insert(
            Citation,
            (
                "claim_id",
                "kind",
                "target_document_id",
                "target_entity_id",
                "target_person",
                "target_person_key",
                "locator",
                "locator_start",
                "locator_end",
                "note",
                "created_at",
            ),
            [
                (
                    claims[c.claim],
                    citation_kind[c.kind],
                    documents[c.document] if c.document else None,
                    entities[c.entity] if c.entity else None,
                    c.person,
                    person_key(c.person) if c.person is not None else None,
                    c.locator,
                    c.locator_start,
                    c.locator_end,
                    c.note,
                    now,
                )
                for c in new["citations"]
            ],
        )
        self._insert(
            Assertion,
            (
                "claim_id",
                "subject_id",
                "property",
                "value_type",
                "value",
                "value_entity_id",
                "holds_for",
                "created_at",
            ),
            [
                (
                    claims[a.claim],
                    entities[a.subject],
                    a.property,
                    value_type[a.type],
                    a.value,
                    entities[a.value] if a.type == "entity" else None,
                    a.holds_for,
                    now,
                )
                for a in new["assertions"]
            ],
        )
        decided_at = self._processor(Relation, "decided_at")
        self._insert(
            Relation,
            (
                "claim_a_id",
                "kind",
                "claim_b_id",
                "status",
                "note",
                "created_by",
                "created_at",
                "version",
                "decided_by",
                "decided_at",
                "decision_note",
            ),
            [
                (
                    claims[r.a],
                    relation_kind[r.kind],
                    claims[r.b],
                    status[r.status],
                    r.note,
                    actor,
                    now,
                    1,
                    r.decided_by,
                    decided_at(parse_decision_time(r.decided_at)) if r.decided_at else None,
                    r.decision,
                )
                for r in new["relations"]
            ],
        )

    def event(self, *, summary: str, after: dict[str, Any]) -> None:
        """The one ``import`` event, as events.record would write it, but on the same driver path:
        its ORM object would configure every mapper first (~20 ms, a quarter of a 1k import)."""
        columns = ("at", "actor", "action", "noun", "record_id", "record_key", "summary", "before", "after")
        at, as_json = self._processor(Event, "at"), self._processor(Event, "after")
        actor = self.session.info.get("actor", "unknown")
        row = (at(utcnow()), actor, "import", "bundle", None, None, summary, as_json(None), as_json(after))
        self._executemany(Event, columns, [row])  # not counted in `rows`: those are the records'

    def _processor(self, model: Any, column: str) -> Callable[[Any], Any]:
        """What the column's type does to a value before the driver sees it (JSON text, SQLite times)."""
        type_ = model.__table__.c[column].type.dialect_impl(self.dialect)
        return type_.bind_processor(self.dialect) or (lambda value: value)

    def _insert(self, model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self._executemany(model, columns, rows)
            self.rows += len(rows)

    def _executemany(self, model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """One driver-level executemany of ``rows``, in one transaction with everything else."""
        table = model.__table__
        quote = self.dialect.identifier_preparer
        mark = _MARKS[self.dialect.paramstyle]
        names = ", ".join(quote.format_column(table.c[c]) for c in columns)
        marks = ", ".join(mark for _ in columns)
        sql = f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({marks})"  # noqa: S608 (our names)
        self.conn.exec_driver_sql(sql, rows)

    def _ids(self, model: Any) -> dict[str, int]:
        table = model.__table__
        quote = self.dialect.identifier_preparer
        key, id_ = quote.format_column(table.c.key), quote.format_column(table.c.id)
        sql = f"SELECT {key}, {id_} FROM {quote.format_table(table)}"  # noqa: S608 (our names)
        return dict(self.conn.exec_driver_sql(sql).fetchall())

    def _keyed(self, model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, int]:
        self._insert(model, columns, rows)
        return self._ids(model)

    def _documents(self, docs: Iterable[DocumentRec], now: Any) -> dict[str, int]:
        """Containers before their parts: insert in levels until every document is in."""
        ids = self._ids(Document)
        authors = self._processor(Document, "authors")
        pending = list(docs)
        while pending:
            ready = [d for d in pending if d.part_of is None or d.part_of in ids]
            if not ready:  # validation rules out cycles; never loop forever
                raise BundleErrors([f"part_of loops among {', '.join(sorted(d.key for d in pending))}"])
            ids = self._keyed(
                Document,
                (
                    "key",
                    "title",
                    "authors",
                    "outlet_id",
                    "published",
                    "url",
                    "language",
                    "part_of_id",
                    "part_start",
                    "part_end",
                    "sha256",
                    "revision",
                    "created_at",
                    "version",
                ),
                [
                    (
                        d.key,
                        d.title,
                        authors(d.authors),
                        self.outlets[d.outlet] if d.outlet else None,
                        d.published,
                        d.url,
                        d.language,
                        ids[d.part_of] if d.part_of else None,
                        d.span[0] if d.span else None,
                        d.span[1] if d.span else None,
                        d.texts[-1].sha256 if d.texts else None,
                        len(d.texts),
                        now,
                        1,
                    )
                    for d in ready
                ],
            )
            pending = [d for d in pending if d.key not in ids]
        return ids
