"""`check`: does every stored text still match its hash, and every quote its text?

Read-only, and bounded: documents, texts, claims and citations are each loaded in one
query, whatever the size of the store (RELIABILITY §3 item 2, T17–T19).

Findings have a level:

* ``error``: the store says something untrue or unverified: a text that does not match its
  sha256 (changed outside provenance), a quote that is not at its offsets (drift), a
  claim orphaned or ambiguous after a revision, a citation marker not at its offsets;
* ``warning``: worth a look, not wrong: a claim on an older revision, a claim re-anchored on a
  slightly edited quote (fuzzy, to review), a quote with bidi controls or zero-width characters;
* ``info``: a claim re-anchored (moved) by a revision, as the curator may want to review it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from .anchoring import span_holds
from .errors import InvalidInput
from .models import AnchorState, Citation, Claim, Document, DocumentText
from .text import canonicalize, sha256_text, shorten, suspicious_characters

__all__ = ["Finding", "Summary", "check_store", "summarize"]

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    level: Level
    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Summary:
    documents: int
    claims: int
    errors: int
    warnings: int

    def line(self) -> str:
        return (
            f"checked {self.documents} documents, {self.claims} claims: "
            f"{self.errors} error{'s' if self.errors != 1 else ''}, "
            f"{self.warnings} warning{'s' if self.warnings != 1 else ''}"
        )


def _doc(d: Document) -> str:
    return f"document {d.id} ({d.key})"


def check_store(session: Session) -> list[Finding]:
    """Every finding about the store, errors first within each record, in id order."""
    return _check(session)[0]


def summarize(session: Session) -> tuple[list[Finding], Summary]:
    """The findings and the counts for the summary line."""
    findings, documents, claims = _check(session)
    return findings, Summary(
        documents=documents,
        claims=claims,
        errors=sum(f.level == "error" for f in findings),
        warnings=sum(f.level == "warning" for f in findings),
    )


def _check_snapshots(session: Session, documents: dict[int, Document]) -> list[Finding]:
    """Every kept fetch against its sha256 and size: the bytes are the evidence of what was read."""
    import hashlib

    from .models import DocumentSnapshot

    found = []
    query = select(
        DocumentSnapshot.id,
        DocumentSnapshot.document_id,
        DocumentSnapshot.revision,
        DocumentSnapshot.sha256,
        DocumentSnapshot.size,
        DocumentSnapshot.body,
    ).order_by(DocumentSnapshot.id)
    for row in session.execute(query.execution_options(yield_per=16)):  # bodies are up to the size cap
        body = bytes(row.body)
        if hashlib.sha256(body).hexdigest() != row.sha256 or len(body) != row.size:
            found.append(
                Finding(
                    "error",
                    f"{_doc(documents[row.document_id])} snapshot {row.id} (revision {row.revision})",
                    "the fetched bytes do not match their sha256 or size: "
                    "they were changed outside provenance",
                )
            )
    return found


def _check(session: Session) -> tuple[list[Finding], int, int]:
    documents = {d.id: d for d in session.scalars(select(Document).order_by(Document.id))}
    texts: dict[tuple[int, int], str] = {}
    bad_texts: set[tuple[int, int]] = set()
    findings: list[Finding] = []

    for row in session.execute(
        select(
            DocumentText.document_id, DocumentText.revision, DocumentText.text, DocumentText.sha256
        ).order_by(DocumentText.document_id, DocumentText.revision)
    ):
        doc = documents[row.document_id]
        texts[(row.document_id, row.revision)] = row.text
        where = f"{_doc(doc)} revision {row.revision}"
        if sha256_text(row.text) != row.sha256:
            bad_texts.add((row.document_id, row.revision))
            findings.append(
                Finding(
                    "error",
                    where,
                    "the text does not match its sha256: it was changed outside provenance; "
                    "its claims' spans cannot be trusted",
                )
            )
        elif not _canonical(row.text):
            findings.append(Finding("error", where, "the text is not canonical (NFC, \\n, no controls)"))

    findings.extend(_check_snapshots(session, documents))
    for doc in documents.values():
        findings.extend(_check_document(doc, texts, documents))

    claims = list(
        session.execute(
            select(
                Claim.id,
                Claim.key,
                Claim.document_id,
                Claim.revision,
                Claim.exact,
                Claim.start,
                Claim.end,
                Claim.anchor_state,
                Claim.anchor_score,
            ).order_by(Claim.id)
        )
    )
    by_id = {c.id: c for c in claims}
    for claim in claims:
        findings.extend(_check_claim(claim, documents[claim.document_id], texts, bad_texts))

    for cit in session.execute(
        select(Citation.id, Citation.claim_id, Citation.locator, Citation.locator_start, Citation.locator_end)
        .where(Citation.locator.is_not(None), Citation.locator_start.is_not(None))
        .order_by(Citation.id)
    ):
        claim = by_id[cit.claim_id]
        doc = documents[claim.document_id]
        candidates = [texts.get((doc.id, claim.revision)), texts.get((doc.id, doc.revision))]
        if not any(
            t is not None and span_holds(t, cit.locator_start, cit.locator_end, cit.locator)
            for t in candidates
        ):
            findings.append(
                Finding(
                    "error",
                    f"citation {cit.id} of claim {claim.id} ({claim.key})",
                    f"its locator {cit.locator!r} is no longer at {cit.locator_start}..{cit.locator_end} "
                    f"of {_doc(doc)}",
                )
            )
    return findings, len(documents), len(claims)


def _canonical(text: str) -> bool:
    try:
        return canonicalize(text, source="stored text") == text
    except InvalidInput:
        return False


def _check_document(
    doc: Document, texts: dict[tuple[int, int], str], documents: dict[int, Document]
) -> list[Finding]:
    if not doc.held:
        if doc.sha256 is not None:
            return [Finding("error", _doc(doc), "the document is unheld but has a sha256")]
        return []
    found: list[Finding] = []
    current = texts.get((doc.id, doc.revision))
    if current is None:
        found.append(Finding("error", _doc(doc), f"its current text revision {doc.revision} is missing"))
    elif sha256_text(current) != doc.sha256:
        found.append(
            Finding(
                "error",
                _doc(doc),
                f"the document's sha256 does not match its current text (revision {doc.revision})",
            )
        )
    if doc.part_of_id is not None:
        container = documents.get(doc.part_of_id)
        outer = texts.get((container.id, container.revision)) if container else None
        if outer is not None and not (0 <= (doc.part_start or 0) <= (doc.part_end or 0) <= len(outer)):
            found.append(
                Finding(
                    "error",
                    _doc(doc),
                    f"its part span {doc.part_start}..{doc.part_end} is outside its container",
                )
            )
    return found


def _check_claim(
    claim: Any,  # a row of the claim columns check_store selects, read like a Claim
    doc: Document,
    texts: dict[tuple[int, int], str],
    bad: set[tuple[int, int]],
) -> list[Finding]:
    where = f"claim {claim.id} ({claim.key})"
    at = f"revision {claim.revision} of {_doc(doc)}"
    found: list[Finding] = []
    text = texts.get((doc.id, claim.revision))
    if text is None:
        found.append(Finding("error", where, f"{at} is missing"))
    elif (doc.id, claim.revision) in bad:
        found.append(Finding("error", where, f"unverified: {at} does not match its sha256"))
    elif not span_holds(text, claim.start, claim.end, claim.exact):
        found.append(
            Finding(
                "error",
                where,
                f"drift: the quote is no longer at {claim.start}..{claim.end} of {at} "
                f"(found {shorten(text[claim.start : claim.end], 60, one_line=False)!r}, "
                f"expected {shorten(claim.exact, 60, one_line=False)!r})",
            )
        )
    state = claim.anchor_state
    if state in (AnchorState.ORPHANED, AnchorState.AMBIGUOUS):
        why = "its quote is gone" if state == AnchorState.ORPHANED else "its quote occurs more than once"
        pick = " (with --occurrence N or --near WORDS to pick one)" if state == AnchorState.AMBIGUOUS else ""
        found.append(
            Finding(
                "error",
                where,
                f"{state.value}: {why} in the current revision {doc.revision} of {_doc(doc)}; "
                f"it still points at revision {claim.revision}. Re-quote it on the current text: "
                f'provenance claim requote {claim.key} --quote "…"{pick}',
            )
        )
    elif claim.revision != doc.revision:
        found.append(
            Finding("warning", where, f"it is on revision {claim.revision}; {_doc(doc)} is at {doc.revision}")
        )
    elif state == AnchorState.FUZZY:
        found.append(
            Finding(
                "warning",
                where,
                f"fuzzy: its quote was edited by the revision; re-anchored at "
                f"{claim.start}..{claim.end} of {at} "
                f"(similarity {claim.anchor_score}); review it and confirm the words with "
                f'provenance claim requote {claim.key} --quote "…"',
            )
        )
    elif state == AnchorState.MOVED:
        found.append(Finding("info", where, f"moved: re-anchored at {claim.start}..{claim.end} of {at}"))
    odd = suspicious_characters(claim.exact)
    if odd:
        listed = ", ".join(f"{name} at {offset}" for offset, name in odd[:10]) + (
            ", …" if len(odd) > 10 else ""
        )
        found.append(Finding("warning", where, f"the quote contains invisible or bidi characters: {listed}"))
    return found
