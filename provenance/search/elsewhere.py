"""Where else the same thing is said: for a claim, the claims and passages of other documents that
name one of its entities and share its rarer words.

A claim's words are its statement's and quote's folded words, less short and common ones and its
entities' own names; the first WORDS of them are the query, any of them matching. An entry
must also hold a name word of one of the claim's entities (a claim's entry holds its entities'
names and aliases; a passage must say one) and share at least MIN_SHARED of the words. Ranked
by BM25 over those words, as search is.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..folding import fold_words
from ..models import ClaimEntity, SearchName
from . import Hit, hits
from .query import Filters, Term, Variant, candidates

WORDS = 16  # the statement's words first, then the quote's
MIN_SHARED = 2
LIMIT = 10  # places listed
COMMON = frozenset(
    [
        "the",
        "and",
        "that",
        "this",
        "with",
        "from",
        "were",
        "was",
        "have",
        "has",
        "had",
        "been",
        "which",
        "their",
        "they",
        "them",
        "said",
        "says",
        "also",
        "into",
        "about",
        "after",
        "before",
        "over",
        "under",
        "than",
        "then",
        "there",
        "these",
        "those",
        "what",
        "when",
        "where",
        "while",
        "would",
        "could",
        "should",
        "other",
        "others",
        "some",
        "such",
        "only",
        "more",
        "most",
        "very",
        "will",
        "being",
        "because",
        "between",
        "against",
        "during",
    ]
)


def query_words(statement: str, exact: str, name_words: Iterable[str]) -> tuple[list[str], list[str]]:
    """(the entities' name words, the claim's own words): what said_elsewhere looks for, and what
    the report's claim page hands its search box (templates/app.js `saidElsewhere`). Pure."""
    names = sorted(set(name_words) - COMMON)
    own = [w for w in dict.fromkeys(fold_words(f"{statement}\n{exact}")) if len(w) > 3]
    own = [w for w in own if w not in COMMON and w not in names]
    return names, own[:WORDS]


def said_elsewhere(session: Session, claim_ref: str, *, limit: int = LIMIT) -> list[Hit]:
    """Claims and passages elsewhere that say what claim `claim_ref` says, best first."""
    from ..claims import get_claim

    claim = get_claim(session, claim_ref)
    conn = session.connection()
    entity_ids = list(
        conn.execute(select(ClaimEntity.entity_id).where(ClaimEntity.claim_id == claim.id)).scalars()
    )
    if not entity_ids:
        return []
    tokens = conn.execute(select(SearchName.token).where(SearchName.entity_id.in_(entity_ids))).scalars()
    names, own = query_words(claim.statement, claim.exact, tokens)
    if not names or len(own) < MIN_SHARED:
        return []
    words = [Term(w, (Variant(w, False, 1.0),)) for w in own]
    name_term = Term(names[0], tuple(Variant(n, False, 1.0) for n in names))
    found = candidates(
        session,
        [name_term],
        Filters(kinds=("claim", "passage")),
        any_of=words,
        exclude_document=claim.document_id,
    )
    shared = [c for c in found if _shared(words, c.fields) >= MIN_SHARED]
    return hits(session, words, shared[:limit])


def _shared(words: list[Term], fields: tuple[str, ...]) -> int:
    held = {w for field in fields for w in field.split()}
    return sum(1 for term in words if term.typed in held)


__all__ = ["LIMIT", "MIN_SHARED", "query_words", "said_elsewhere"]
