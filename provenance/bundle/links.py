"""Checks across a bundle's records: unique keys, references, names, quotes and locators.

Runs after every record has been read, so each problem names both places: where a
reference is made, and where the record it clashes with (or fails to find) is.
Anchoring happens here too: each claim's quote is found in its document's text
(exactly once, or at ``start``) and replaced by the document's own span.
"""

from __future__ import annotations

from typing import TypeVar

from ..anchoring import context, find_quote
from ..citations import anchor_locator
from ..errors import InvalidInput, ProvenanceError, QuoteAmbiguous, QuoteNotFound
from ..text import fold_name, shorten
from ..values import parse_value
from .fields import Problems
from .schema import Bundle, ClaimRec, DocumentRec, EntityRec, Record

R = TypeVar("R", bound=Record)

_SYMMETRIC = {"contradicts", "corroborates"}


class _Checker:
    def __init__(self, bundle: Bundle, problems: Problems) -> None:
        self.bundle = bundle
        self.problems = problems

    def bad(self, record: Record, name: str | None, message: str) -> None:
        w = record.where
        self.problems.add(w.of(name) if name else w.line, f"{w.path}.{name}" if name else w.path, message)

    def place(self, record: Record) -> str:
        return f"{self.bundle.name}:{record.where.line} {record.where.path}"

    def unique(self, records: list[R], noun: str) -> dict[str, R]:
        seen: dict[str, R] = {}
        for record in records:
            key = getattr(record, "key", "")
            if not key:
                continue
            if key in seen:
                self.bad(record, "key", f'duplicate {noun} key "{key}" (first at {self.place(seen[key])})')
            else:
                seen[key] = record
        return seen

    def ref(self, record: Record, name: str, key: str | None, table: dict[str, R], noun: str) -> R | None:
        """The record `key` names, or None after reporting an unknown reference."""
        if not key:
            return None
        found = table.get(key)
        if found is None:
            self.bad(record, name, f'unknown {noun} "{key}": no {noun} in this bundle has that key')
        return found


def check_links(bundle: Bundle, problems: Problems) -> None:
    c = _Checker(bundle, problems)
    outlets = c.unique(bundle.outlets, "outlet")
    entities = c.unique(bundle.entities, "entity")
    documents = c.unique(bundle.documents, "document")
    claims = c.unique(bundle.claims, "claim")
    _outlet_names(c)
    _entity_names(c, bundle.entities)
    _documents(c, documents, outlets)
    for claim in bundle.claims:
        _claim(c, claim, documents, entities)
    _citations(c, claims, documents, entities)
    _assertions(c, claims, documents, entities)
    _relations(c, claims)


def _outlet_names(c: _Checker) -> None:
    seen: dict[str, Record] = {}
    for outlet in c.bundle.outlets:
        if outlet.name in seen:
            c.bad(outlet, "name", f"outlet name {outlet.name!r} is also used at {c.place(seen[outlet.name])}")
        elif outlet.name:
            seen[outlet.name] = outlet


def _entity_names(c: _Checker, records: list[EntityRec]) -> None:
    """No name or alias may fold to the same form as another entity's (lookups would be ambiguous)."""
    owner: dict[str, tuple[EntityRec, str]] = {}
    for entity in records:
        for field, name in [("name", entity.name)] + [
            (f"aliases[{i}]", a) for i, a in enumerate(entity.aliases)
        ]:
            folded = fold_name(name)
            if not folded:
                continue
            other = owner.get(folded)
            if other is None:
                owner[folded] = (entity, field)
            elif other[0] is not entity:
                c.bad(
                    entity,
                    field,
                    f'{name!r} also names entity "{other[0].key}" '
                    f"({c.place(other[0])}.{other[1]}): names and aliases that fold to the same "
                    f"{folded!r} must belong to one entity",
                )


def _documents(c: _Checker, documents: dict[str, DocumentRec], outlets: dict) -> None:
    hashes: dict[str, DocumentRec] = {}
    redirected: dict[str, DocumentRec] = {}
    for doc in c.bundle.documents:
        c.ref(doc, "outlet", doc.outlet, outlets, "outlet")
        if doc.same_as is not None:
            same = c.ref(doc, "same_as", doc.same_as, documents, "document")
            if same is doc:
                c.bad(doc, "same_as", "a document is not a copy of itself")
        for old in doc.redirects:
            if old in documents:
                c.bad(doc, "redirects", f"{old!r} is the key of a document ({c.place(documents[old])})")
            elif redirected.setdefault(old, doc) is not doc:
                c.bad(doc, "redirects", f'{old!r} already redirects to "{redirected[old].key}"')
        if doc.held:
            first = hashes.setdefault(doc.texts[-1].sha256, doc)
            if first is not doc:
                c.bad(
                    doc,
                    "text",
                    f'the same text as document "{first.key}" ({c.place(first)}); a text is held once',
                )
        if doc.part_of is None:
            continue
        container = c.ref(doc, "part_of", doc.part_of, documents, "document")
        if container is None:
            continue
        if container is doc:
            c.bad(doc, "part_of", "a document cannot be a part of itself")
        elif not container.held:
            c.bad(
                doc,
                "part_of",
                f'document "{container.key}" ({c.place(container)}) is unheld: '
                "a part belongs to a held document",
            )
        elif doc.span is not None and doc.span[1] > len(container.current):
            c.bad(
                doc,
                "span",
                f"span {doc.span[0]}..{doc.span[1]} is outside the text of "
                f'"{container.key}" (0..{len(container.current)})',
            )
        seen = {doc.key}
        up: DocumentRec | None = container
        while up is not None and up.part_of is not None:
            if up.key in seen:
                c.bad(doc, "part_of", "part_of loops back to this document")
                break
            seen.add(up.key)
            up = documents.get(up.part_of)


def _claim(c: _Checker, claim: ClaimRec, documents: dict[str, DocumentRec], entities: dict) -> None:
    for i, ref in enumerate(claim.entities):
        c.ref(claim, f"entities[{i}]", ref, entities, "entity")
    doc = c.ref(claim, "document", claim.document, documents, "document")
    if (
        doc is None
        or {"text", "earlier_texts"} & doc.where.broken
        or {"start", "revision"} & claim.where.broken
    ):
        return  # already reported
    if not doc.held:
        if doc.part_of:
            c.bad(
                claim,
                "document",
                f'document "{doc.key}" ({c.place(doc)}) is a part of "{doc.part_of}": '
                f'a claim names the container "{doc.part_of}" and quotes its text',
            )
        else:
            c.bad(
                claim,
                "document",
                f'document "{doc.key}" ({c.place(doc)}) is unheld (no text): a claim quotes a held document',
            )
        return
    revision = claim.revision or len(doc.texts)
    if revision > len(doc.texts):
        c.bad(claim, "revision", f'document "{doc.key}" has {len(doc.texts)} text revision(s)')
        return
    text = doc.texts[revision - 1].text
    where = f'document "{doc.key}"' + ("" if revision == len(doc.texts) else f" (revision {revision})")
    if not claim.exact.strip():
        if "quote" in claim.where.lines and "quote" not in claim.where.broken:
            c.bad(claim, "quote", "is empty")
        return
    try:
        span = find_quote(text, claim.exact, start=None if claim.start < 0 else claim.start)
    except QuoteNotFound as exc:
        if exc.message.startswith("quote not found"):
            closest = f' (closest: "{shorten(exc.closest, 80)}")' if exc.closest else ""
            c.bad(claim, "quote", f"not found in {where}{closest}")
        else:
            c.bad(claim, "start", f"in {where}: {exc.message}")
        return
    except QuoteAmbiguous as exc:
        offsets = ", ".join(map(str, exc.offsets[:10]))
        c.bad(
            claim,
            "quote",
            f"occurs {len(exc.offsets)} times in {where} (offsets {offsets}); "
            "give start (one of those offsets) or a longer quote",
        )
        return
    except ProvenanceError as exc:
        c.bad(claim, "quote", exc.message)
        return
    claim.revision = revision
    claim.exact = text[span.start : span.end]
    claim.start, claim.end = span.start, span.end
    claim.prefix, claim.suffix = context(text, span)


def _citations(c: _Checker, claims: dict[str, ClaimRec], documents: dict, entities: dict) -> None:
    for cit in c.bundle.citations:
        claim = c.ref(cit, "claim", cit.claim, claims, "claim")
        target = c.ref(cit, "document", cit.document, documents, "document")
        c.ref(cit, "entity", cit.entity, entities, "entity")
        if claim is None:
            continue
        if target is not None and target.key == claim.document:
            c.bad(
                cit,
                "document",
                f'claim "{claim.key}" quotes document "{target.key}": a claim cannot cite its own document',
            )
        doc = documents.get(claim.document)
        if (
            cit.locator is None
            or doc is None
            or not doc.held
            or claim.end == 0
            or "locator_start" in cit.where.broken
        ):
            continue
        # The marker is anchored in the text the claim is anchored in: the current one, unless
        # the claim was orphaned by a revision (then its marker's offsets are in that old text too).
        text = doc.texts[claim.revision - 1].text
        try:
            found = anchor_locator(text, cit.locator, claim, cit.locator_start)
        except InvalidInput as exc:
            c.bad(cit, "locator_start", f'{exc.message} ("{doc.key}")')
            continue
        cit.locator_start, cit.locator_end = found if found else (None, None)


def _assertions(c: _Checker, claims: dict[str, ClaimRec], documents: dict, entities: dict) -> None:
    for a in c.bundle.assertions:
        claim = c.ref(a, "claim", a.claim, claims, "claim")
        c.ref(a, "subject", a.subject, entities, "entity")
        if not a.value:
            continue
        if a.type == "entity":
            c.ref(a, "value", a.value, entities, "entity")
            continue
        doc = documents.get(claim.document) if claim else None
        try:
            parse_value(a.type, a.value, context_date=doc.published if doc else None)
        except ProvenanceError as exc:
            c.bad(a, "value", exc.message)


def _relations(c: _Checker, claims: dict[str, ClaimRec]) -> None:
    seen: dict[tuple[str, str, str], Record] = {}
    for r in c.bundle.relations:
        c.ref(r, "a", r.a, claims, "claim")
        c.ref(r, "b", r.b, claims, "claim")
        if r.a and r.a == r.b:
            c.bad(r, "b", "a claim cannot be related to itself")
            continue
        keys = [(r.a, r.kind, r.b)] + ([(r.b, r.kind, r.a)] if r.kind in _SYMMETRIC else [])
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            c.bad(r, None, f"{r.a} {r.kind} {r.b} is already related at {c.place(first)}")
        else:
            seen[keys[0]] = r
