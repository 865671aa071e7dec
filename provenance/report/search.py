"""What the search page's box searches: the same records, fields and words as `provenance search`.

Each entry is what a result shows ({k: kind, u: site-root path, t: title, s: secondary text,
d: its document's id}) plus `f`, its four fields of folded words, made exactly as the store's
index makes them (provenance.search.entries): a claim's t1 statement, t2 quote, speaker and
hedging, t3 its entities' names and aliases (what makes "Binali" find every claim about Turki
al-Bin'ali), t4 its notes and those of its relations and citations; a document's title and
authors; an entity's name, aliases and description; an outlet's name and grade reason; a
passage's text. `f` is indexed (search_index.py writes the files) but never shown.

Entries come in the order results tie in (provenance.search.query.KINDS): entities, claims,
documents, citations (shown on their claim's page), outlets, each by id; passages, by document
and offset, are a second index of their own, made again only when a text changes (a verdict
edit does not read every text).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..folding import fold_text, fold_words, words
from ..search.entries import distinct, folded
from ..search.names import MIN_TYPO, skeleton
from ..search.passages import passages
from . import paths

if TYPE_CHECKING:
    from .pages import PageBuilder
    from .views import CitationView, ClaimView, DocumentView, EntityView, OutletView, Site

__all__ = ["fold", "words"]

Entry = dict[str, Any]

fold = fold_text  # the one fold (provenance/folding.py); app.js `fold` is the same


def search_entries(builder: PageBuilder) -> list[Entry]:
    """What the search box searches besides passages (site-root paths), in tie order."""
    site = builder.site
    entries = [entity_entry(entity) for entity in dict.values(site.entities)]
    entries += [claim_entry(site, claim) for claim in dict.values(site.claims)]
    entries += [document_entry(site, document) for document in dict.values(site.documents)]
    entries += [citation_entry(site, citation) for citation in dict.values(site.citations)]
    entries += [outlet_entry(outlet) for outlet in dict.values(site.outlets)]
    return entries


def claim_entry(site: Site, claim: ClaimView) -> Entry:
    document = dict.__getitem__(site.documents, claim.document_id)
    entities = sorted(
        (e for e in (dict.get(site.entities, i) for i in claim.entity_ids) if e is not None),
        key=lambda e: e.key,
    )
    names = _names(tuple((e.name, e.aliases) for e in entities))
    notes = []
    for relation_id in dict.get(site.relations_by_claim, claim.id, ()):
        relation = dict.__getitem__(site.relations, relation_id)
        notes += [n for n in (relation.note, relation.decision_note) if n]  # a decision is found too
    for citation_id in dict.get(site.citations_by_claim, claim.id, ()):
        note = dict.__getitem__(site.citations, citation_id).note
        if note:
            notes.append(note)
    return {
        "k": "claim",
        "u": claim.path,
        "t": claim.statement,
        "s": f"“{claim.exact}” — {claim.speaker}, in {document.title}",
        "d": claim.document_id,
        "f": (
            folded(claim.statement),
            folded(claim.exact, claim.speaker, claim.hedging),
            names,
            folded(claim.note, *notes),
        ),
    }


@lru_cache(maxsize=4096)
def _names(entities: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """The distinct folded words of the entities' names and aliases: many claims name the same
    entities, and folding their aliases again for each was a fifth of the index's time."""
    return distinct(*(name for name, _ in entities), *sorted(a for _, aliases in entities for a in aliases))


def document_entry(site: Site, document: DocumentView) -> Entry:
    outlet = dict.get(site.outlets, document.outlet_id) if document.outlet_id is not None else None
    details = [*document.authors, outlet.name if outlet else "", document.published or ""]
    return {
        "k": "document",
        "u": document.path,
        "t": document.title,
        "s": ", ".join(x for x in details if x),
        "d": document.id,
        "f": (folded(document.title), folded(*document.authors), "", ""),
    }


def entity_entry(entity: EntityView) -> Entry:
    name, aliases = folded(entity.name), distinct(*entity.aliases)
    # `x` (the folded name and aliases) lets app.js put the entity named exactly so first.
    return {
        "k": "entity",
        "u": entity.path,
        "t": entity.name,
        "s": ", ".join(entity.aliases),
        "x": [name, aliases],
        "f": (name, aliases, "", folded(entity.description)),
    }


def citation_entry(site: Site, citation: CitationView) -> Entry:
    """A citation is shown on its claim's page: its result links there."""
    claim = dict.__getitem__(site.claims, citation.claim_id)
    return {
        "k": "citation",
        "u": claim.path,
        "t": citation.locator or citation.kind.replace("_", " "),
        "s": " — ".join(x for x in (citation.target_person, citation.note, f"for {claim.statement}") if x),
        "d": claim.document_id,
        "f": (folded(citation.locator), folded(citation.target_person), "", folded(citation.note)),
    }


def outlet_entry(outlet: OutletView) -> Entry:
    reason = f": {outlet.reason}" if outlet.reason else ""
    return {
        "k": "outlet",
        "u": outlet.path,
        "t": outlet.name,
        "s": f"Grade {outlet.grade}{reason}",
        "f": (folded(outlet.name), "", "", folded(outlet.reason)),
    }


def passage_sources(site: Site) -> list[tuple[int, int, str, str]]:
    """What the passages' entries are made from besides the texts: (id, revision, path, title)
    of every held document. A text changes only with its revision."""
    return [(d.id, d.revision, d.path, d.title) for d in dict.values(site.documents) if d.held]


def passage_entries(site: Site, text_of: Callable[[int], str | None]) -> list[Entry]:
    """Every passage of every held document's current text, by document and offset."""
    entries = []
    for document_id, _, path, title in passage_sources(site):
        text = text_of(document_id)
        if not text:
            continue
        for start, end in passages(text):
            piece = text[start:end]
            entries.append(
                {
                    "k": "passage",
                    "u": f"{path}#{paths.passage_anchor(start)}",
                    "t": title,
                    "s": piece,
                    "d": document_id,
                    "f": ("", folded(piece), "", ""),
                }
            )
    return entries


def name_words(site: Site) -> dict[str, str]:
    """Every entity's name words long enough to have variants -> its skeleton (names.py): what
    app.js needs to find "bagdadi" -> baghdadi as `provenance search` does."""
    found: dict[str, str] = {}
    for entity in dict.values(site.entities):
        for text in (entity.name, *entity.aliases):
            for word in fold_words(text):
                if len(word) >= MIN_TYPO - 1:
                    found[word] = skeleton(word)
    return dict(sorted(found.items()))


def entries_of(site: Site, tokens: set[str]) -> list[Entry] | None:
    """The entries that records named by `tokens` (report/depends.py) appear in or feed (a
    document's title is in its claims' entries, an outlet's name in its documents', an entity's
    names in the entries of the claims that name it, a relation's or citation's note in its
    claims'); None when one of those records is new or gone, which changes the set of entries."""
    claims: set[int] = set()
    citations: set[int] = set()
    documents: set[int] = set()
    entities: set[int] = set()
    outlets: set[int] = set()
    none: tuple[int, ...] = ()
    linked: tuple[int, ...]
    tables: dict[str, dict[int, Any]] = {
        "c": site.claims,
        "d": site.documents,
        "o": site.outlets,
        "e": site.entities,
        "r": site.relations,
        "t": site.citations,
    }
    for token in tokens:
        kind, _, number = token.partition(":")
        if not number or number.endswith(">") or kind not in tables:
            continue
        key = int(number)
        if not dict.__contains__(tables[kind], key):
            return None
        if kind == "c":
            claims.add(key)
            cited: tuple[int, ...] = dict.get(site.citations_by_claim, key, none)
            citations.update(cited)  # they show its statement
        elif kind == "d":
            documents.add(key)
            linked = dict.get(site.claims_by_document, key, none)
            claims.update(linked)
            for claim_id in linked:  # a citation's entry names its claim's document
                cited = dict.get(site.citations_by_claim, claim_id, none)
                citations.update(cited)
        elif kind == "o":
            outlets.add(key)
            linked = dict.get(site.documents_by_outlet, key, none)
            documents.update(linked)
        elif kind == "e":
            entities.add(key)
            linked = dict.get(site.claims_by_entity, key, none)
            claims.update(linked)
        elif kind == "r":
            relation = dict.__getitem__(site.relations, key)
            claims.update((relation.claim_a_id, relation.claim_b_id))
        else:
            citations.add(key)
            claims.add(dict.__getitem__(site.citations, key).claim_id)
    return (
        [entity_entry(dict.__getitem__(site.entities, e)) for e in sorted(entities)]
        + [claim_entry(site, dict.__getitem__(site.claims, c)) for c in sorted(claims)]
        + [document_entry(site, dict.__getitem__(site.documents, d)) for d in sorted(documents)]
        + [citation_entry(site, dict.__getitem__(site.citations, t)) for t in sorted(citations)]
        + [outlet_entry(dict.__getitem__(site.outlets, o)) for o in sorted(outlets)]
    )


def entry_words(entry: Entry) -> list[tuple[dict[str, int], int]]:
    """(each word -> how often it occurs, the length in words) of each of an entry's four fields."""
    out = []
    for field in entry["f"]:
        split = field.split()
        counts: dict[str, int] = {}
        for word in split:
            counts[word] = counts.get(word, 0) + 1
        out.append((counts, len(split)))
    return out


def query_words(query: str) -> list[str]:
    """The typed words, folded, each once: what app.js looks up."""
    return list(dict.fromkeys(words(fold(query))))
