""" "Did you mean …?" for a key or a name that names nothing.

Only the error path runs this, and it reads by index, never the whole store: an entity's name
words through the search index's name table (a typo or a transliteration of a word, as
`provenance search` finds them: search/names.py), a key among the keys that begin as it does.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .folding import fold_words

SHOWN = 3
_KEYS = 1000  # keys with the typed key's first letters, compared in full
_PREFIX = 2
_CUTOFF = 75  # rapidfuzz's ratio: 0–100


def did_you_mean(names: list[str]) -> str:
    """The clause to append to an error: " Did you mean 'a' or 'b'?" ("" for none)."""
    if not names:
        return ""
    quoted = [repr(n) for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" Did you mean {listed}?"


def entity_names(session: Session, typed: str) -> list[str]:
    """Entities whose name or alias words are typos or transliterations of the typed words, the
    ones matching most words first."""
    from .models import Entity, SearchName
    from .search.names import MIN_TYPO, edits1, is_variant, skeleton

    words = [w for w in dict.fromkeys(fold_words(typed)) if len(w) >= MIN_TYPO]
    votes: Counter[int] = Counter()
    for word in words:
        clauses: list[Any] = [SearchName.token == word]
        if near := sorted(edits1(word)):
            clauses.append(SearchName.token.in_(near))
        if shape := skeleton(word):
            clauses.append(SearchName.skeleton == shape)
        rows = session.execute(select(SearchName.entity_id, SearchName.token).where(or_(*clauses)).limit(200))
        votes.update({eid for eid, token in rows if token == word or is_variant(word, token)})
    if not votes:
        return []
    best = sorted(votes, key=lambda eid: (-votes[eid], eid))[:SHOWN]
    names = {
        eid: name for eid, name in session.execute(select(Entity.id, Entity.name).where(Entity.id.in_(best)))
    }
    return [names[eid] for eid in best if eid in names]


def keys(session: Session, model: type[Any], typed: str) -> list[str]:
    """The keys of `model` nearest the typed one, among those that begin with its first letters."""
    from rapidfuzz import fuzz, process

    typed = typed.strip()
    if len(typed) < _PREFIX + 1:
        return []
    column = model.key
    held = session.scalars(
        select(column)
        .where(column.startswith(typed[:_PREFIX], autoescape=True))
        .order_by(column)
        .limit(_KEYS)
    ).all()
    found = process.extract(typed, held, scorer=fuzz.ratio, score_cutoff=_CUTOFF, limit=SHOWN)
    return [key for key, _score, _index in found]
