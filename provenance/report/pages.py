"""The site's pages: for each, its address, its template and its context.

Still phase one: contexts are built from the loaded `Site` alone, every list in
a stable order, so two builds of the same store render the same bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..anchoring import span_holds
from ..chains import path_to
from ..claimreview import claim_review
from ..disputes import Disputed
from ..folding import fold_words
from ..search.elsewhere import query_words
from ..search.passages import passages
from ..values import describe
from . import paths
from .depends import EVENTS, ORDER_DOCUMENTS, ORDER_ENTITIES, Recorder, Token
from .html import Anchor, Span
from .questions import contested_entities, disputed_between, questions_about, read_value
from .timeline import timeline_rows
from .trace import ChainNode, Chains, origin_nodes
from .views import CitationView, ClaimView, DocumentView, OutletView, RelationView, Site

CHAINS_KEPT = 2048  # chains cached while pages are built
PAGE_SIZE = 500  # rows of a long list on one page: the largest page stays bounded as the store grows
CONTEXT_CHARS = 240  # of document text shown either side of a quote on its claim page
AWAITING = ("detected", "suggested")
SUPPORTING = ("corroborates", "repeats")


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a long list stands among its pages."""

    number: int  # from 1
    paths: tuple[str, ...]  # every page of the list, in order

    @property
    def count(self) -> int:
        return len(self.paths)

    def rows(self, items: list[Any]) -> list[Any]:
        return items[(self.number - 1) * PAGE_SIZE : self.number * PAGE_SIZE]

    @property
    def first(self) -> int:  # the number of this page's first row, from 1
        return (self.number - 1) * PAGE_SIZE + 1


def pagers(path: str, rows: int) -> list[Pager]:
    """The pages of a list of `rows` rows whose first page is `path`."""
    count = max(1, -(-rows // PAGE_SIZE))
    every = tuple(paths.numbered(path, n) for n in range(1, count + 1))
    return [Pager(n, every) for n in range(1, count + 1)]


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim with what a list shows beside it."""

    claim: ClaimView
    document: DocumentView
    outlet: OutletView | None
    part: DocumentView | None  # the article of a container that holds the quote
    contradicted: int  # live (not dismissed) contradictions of this claim


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # document, entity, person
    label: str
    path: str | None
    detail: str | None  # e.g. "unheld", the outlet


@dataclass(frozen=True, slots=True)
class CitationRef:
    citation: CitationView
    citing: ClaimRef
    target: Target


@dataclass(frozen=True, slots=True)
class Side:
    ref: ClaimRef
    origins: tuple[ChainNode, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    relation: RelationView
    a: Side
    b: Side
    values: tuple[Disputed, ...] = ()  # what the two read for each subject and property both assert


@dataclass(frozen=True, slots=True)
class Related:
    relation: RelationView
    ref: ClaimRef
    direction: str  # how the relation reads from this claim: "contradicts", "is repeated by", …
    independent: bool | None = None  # for corroborations: do the two chains reach disjoint origins?
    shared_origins: tuple[str, ...] = ()  # when not: the origins both reach, by name (why not)
    # And how: each chain of more than one step to a shared origin, as (whose, the names on the way).
    paths: tuple[tuple[str, tuple[str, ...]], ...] = ()


# A page's path, how to build it, and the documents whose texts it shows.
PageSpec = tuple[str, Callable[[], Page], tuple[int, ...]]


class PageBuilder:
    """Page contexts from a loaded site. With a `recorder` (and a site that notes its reads,
    `depends.noting`), what each page reads is recorded for incremental builds."""

    def __init__(
        self, site: Site, recorder: Recorder | None = None, texts: Callable[[int], str | None] | None = None
    ) -> None:
        self.site = site
        self.recorder = recorder or Recorder()
        self.texts = texts or (lambda document_id: None)  # a document's text (report/texts.py)
        self.chains = Chains(site, self.recorder)
        # Bounded: a chain is shown again on pages built soon after (its claim's relations, its
        # document), and a cache of every chain would grow with the store.
        self._chains: OrderedDict[int, tuple[ChainNode, frozenset[Token]]] = OrderedDict()
        self._memos: dict[str, tuple[Any, frozenset[Token]]] = {}

    # --------------------------------------------------------------- shared pieces

    def _memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A piece several pages share (a sorted table), built once; each page still notes what
        it was made from."""
        if key not in self._memos:
            self._memos[key] = self.recorder.record(build)
        else:
            self.recorder.replay(self._memos[key][1])
        return self._memos[key][0]

    def chain(self, claim_id: int) -> ChainNode:
        # Cached across pages, so each page that shows it must note what it was made from.
        if claim_id not in self._chains:
            self._chains[claim_id] = self.recorder.record(partial(self.chains.chain, claim_id))
            if len(self._chains) > CHAINS_KEPT:
                self._chains.popitem(last=False)
        else:
            self._chains.move_to_end(claim_id)
            self.recorder.replay(self._chains[claim_id][1])
        return self._chains[claim_id][0]

    def outlet(self, document: DocumentView) -> OutletView | None:
        return self.site.outlets.get(document.outlet_id) if document.outlet_id is not None else None

    def ref(self, claim_id: int) -> ClaimRef:
        claim = self.site.claims[claim_id]
        document = self.site.documents[claim.document_id]
        part_id = self.site.part_of_claim.get(claim_id)
        part = self.site.documents[part_id] if part_id is not None else None
        contradicted = sum(
            1
            for r in self.site.relations_by_claim.get(claim_id, ())
            if self.site.relations[r].kind == "contradicts" and self.site.relations[r].status != "dismissed"
        )
        return ClaimRef(claim, document, self.outlet(document), part, contradicted)

    def target(self, citation: CitationView) -> Target:
        site = self.site
        if citation.target_document_id is not None:
            document = site.documents[citation.target_document_id]
            outlet = self.outlet(document)
            detail = ", ".join(
                x for x in (outlet.name if outlet else None, None if document.held else "unheld") if x
            )
            return Target("document", document.title, document.path, detail or None)
        if citation.target_entity_id is not None:
            entity = site.entities[citation.target_entity_id]
            return Target("entity", entity.name, entity.path, entity.kind)
        return Target("person", citation.target_person or "an unnamed source", None, "unnamed source")

    def citation_ref(self, citation_id: int) -> CitationRef:
        citation = self.site.citations[citation_id]
        return CitationRef(citation, self.ref(citation.claim_id), self.target(citation))

    def side(self, claim_id: int) -> Side:
        return Side(self.ref(claim_id), tuple(origin_nodes(self.chain(claim_id))))

    def pair(self, relation: RelationView) -> Pair:
        return Pair(
            relation,
            self.side(relation.claim_a_id),
            self.side(relation.claim_b_id),
            disputed_between(self.site, relation.claim_a_id, relation.claim_b_id),
        )

    def contradictions(self, statuses: tuple[str, ...]) -> list[Pair]:
        return [
            self.pair(r)
            for r in self.site.relations.values()
            if r.kind == "contradicts" and r.status in statuses
        ]

    def spans(self, document: DocumentView) -> tuple[list[Span], list[Anchor]]:
        """The highlighted quotes and linked citation markers of a held document's text."""
        site, text = self.site, self.texts(document.id) or ""
        spans: list[Span] = []
        anchors = [
            Anchor(site.documents[p].part_start or 0, f"part{p}")
            for p in site.parts_by_document.get(document.id, ())
        ]
        # Where each passage begins: a search result for a passage links here (search.py).
        anchors += [Anchor(start, paths.passage_anchor(start)) for start, _ in passages(text)]
        for claim_id in site.claims_by_document.get(document.id, ()):
            claim = site.claims[claim_id]
            if not claim.highlighted:
                continue
            spans.append(Span(claim.start, claim.end, "claim", claim.id, claim.path))
            anchors.append(Anchor(claim.start, f"c{claim.id}"))
            for citation_id in site.citations_by_claim.get(claim_id, ()):
                citation = site.citations[citation_id]
                start, end = citation.locator_start, citation.locator_end
                if start is None or end is None or not span_holds(text, start, end, citation.locator):
                    continue  # not anchored, or the text moved since: shown in the list only
                target = self.target(citation)
                spans.append(Span(start, end, "cite", citation.id, target.path or claim.path))
        return spans, anchors

    # --------------------------------------------------------------- pages

    def common(self) -> dict[str, Any]:
        """What every page shows: the navigation's count of contradictions awaiting review."""
        awaiting = sum(
            1 for r in self.site.relations.values() if r.kind == "contradicts" and r.status in AWAITING
        )
        return {"nav": {"awaiting": awaiting}}

    def page_specs(self) -> list[PageSpec]:
        """Every page's path and builder, in build order; nothing is built yet."""
        site = self.site
        specs: list[PageSpec] = [
            (paths.INDEX, self.index, ()),
            (paths.CONTRADICTIONS, self.contradictions_page, ()),
            (paths.OUTLETS, self.outlets_page, ()),
            (paths.TIMELINE, self.timeline_page, ()),
            (paths.SEARCH, self.search_page, ()),
        ]
        # Each document's page, then its claims' pages: they show the same text, read once.
        claims_of: dict[int, list[ClaimView]] = {}
        for claim in dict.values(site.claims):
            claims_of.setdefault(claim.document_id, []).append(claim)
        for d in dict.values(site.documents):
            specs.append((d.path, partial(self.document_page, d.id), (d.id,)))
            specs += [(c.path, partial(self.claim_page, c.id), (d.id,)) for c in claims_of.get(d.id, ())]
        # A merged record's old page sends its readers on to the survivor (unless a newer record
        # has since been given that number and key, and so that very path).
        live = {d.path for d in dict.values(site.documents)}
        specs += [
            (old, partial(self.redirect_page, old, key, survivor), (survivor,))
            for old, key, survivor in site.redirects
            if old not in live and survivor in site.documents
        ]
        specs += [
            (p.paths[p.number - 1], partial(self.documents_page, p), ())
            for p in pagers(paths.DOCUMENTS, len(dict.keys(site.documents)))
        ]
        specs += [
            (p.paths[p.number - 1], partial(self.entities_page, p), ())
            for p in pagers(paths.ENTITIES, len(dict.keys(site.entities)))
        ]
        for o in dict.values(site.outlets):
            documents = dict.get(site.documents_by_outlet, o.id, ())
            claims = sum(len(dict.get(site.claims_by_document, d, ())) for d in documents)
            rows = max(len(documents), claims)
            specs += [
                (p.paths[p.number - 1], partial(self.outlet_page, o.id, p), ()) for p in pagers(o.path, rows)
            ]
        for e in dict.values(site.entities):
            rows = len(dict.get(site.claims_by_entity, e.id, ()))
            specs += [
                (p.paths[p.number - 1], partial(self.entity_page, e.id, p), ()) for p in pagers(e.path, rows)
            ]
        return specs

    def redirect_page(self, path: str, old_key: str, survivor: int) -> Page:
        document = self.site.documents[survivor]
        return Page(
            path,
            "redirect.html",
            {"title": document.title, "section": "documents", "old_key": old_key, "document": document},
        )

    def search_page(self) -> Page:
        return Page(paths.SEARCH, "search.html", {"title": "Search", "section": "search"})

    def documents_page(self, pager: Pager) -> Page:
        site = self.site
        ordered = self._memo(ORDER_DOCUMENTS, self.documents_in_order)
        self.recorder.note(ORDER_DOCUMENTS)  # which documents stand on which page
        rows = [site.documents[d] for d in pager.rows(ordered)]  # noted: each row's own record
        return Page(
            pager.paths[pager.number - 1],
            "documents.html",
            {
                "title": _numbered("Documents", pager),
                "section": "documents",
                "pager": pager,
                "total": len(ordered),
                "documents": [(d, self.outlet(d), len(site.claims_by_document.get(d.id, ()))) for d in rows],
            },
        )

    def outlets_page(self) -> Page:
        site = self.site
        return Page(
            paths.OUTLETS,
            "outlets.html",
            {
                "title": "Outlets",
                "section": "outlets",
                "outlets": [
                    (o, len(site.documents_by_outlet.get(o.id, ())))
                    for o in sorted(site.outlets.values(), key=lambda o: (o.name.casefold(), o.id))
                ],
            },
        )

    def entities_page(self, pager: Pager) -> Page:
        site = self.site
        ordered = self._memo(ORDER_ENTITIES, self.entities_in_order)
        self.recorder.note(ORDER_ENTITIES)
        rows = [site.entities[e] for e in pager.rows(ordered)]
        return Page(
            pager.paths[pager.number - 1],
            "entities.html",
            {
                "title": _numbered("Entities", pager),
                "section": "entities",
                "pager": pager,
                "total": len(ordered),
                "entities": [(e, len(site.claims_by_entity.get(e.id, ()))) for e in rows],
            },
        )

    def documents_in_order(self) -> list[int]:
        """Document ids as the documents list shows them (by date, then title); reads unnoted:
        a list page depends on this order (ORDER_DOCUMENTS) and on its own rows, not on them all."""
        return self.recorder.aside(lambda: [d.id for d in self._by_title()])

    def entities_in_order(self) -> list[int]:
        entities = dict.values(self.site.entities)
        return [e.id for e in sorted(entities, key=lambda e: (e.name.casefold(), e.id))]

    def orders(self) -> dict[Token, list[int]]:
        """The lists' orders, as records the build record compares (report/depends.py)."""
        return {
            ORDER_DOCUMENTS: self._memo(ORDER_DOCUMENTS, self.documents_in_order),
            ORDER_ENTITIES: self._memo(ORDER_ENTITIES, self.entities_in_order),
        }

    def timeline_page(self) -> Page:
        return Page(
            paths.TIMELINE,
            "timeline.html",
            {"title": "Timeline", "section": "timeline", "rows": timeline_rows(self.site)},
        )

    def _by_title(self) -> list[DocumentView]:
        return sorted(
            self.site.documents.values(), key=lambda d: (d.published or "", d.title.casefold(), d.id)
        )

    def index(self) -> Page:
        site = self.site
        self.recorder.note(EVENTS)  # recent changes
        return Page(
            paths.INDEX,
            "index.html",
            {
                "title": "Provenance report",
                "section": "index",
                "counts": site.counts,
                "awaiting": self.contradictions(AWAITING),
                "confirmed": self.contradictions(("confirmed",)),
                "contested": contested_entities(site),
                "events": site.events,
            },
        )

    def contradictions_page(self) -> Page:
        groups = [
            ("confirmed", "Confirmed by a curator", self.contradictions(("confirmed",))),
            ("awaiting", "Awaiting review", self.contradictions(AWAITING)),
            ("dismissed", "Dismissed", self.contradictions(("dismissed",))),
        ]
        return Page(
            paths.CONTRADICTIONS,
            "contradictions.html",
            {
                "title": "Contradictions",
                "section": "contradictions",
                "groups": groups,
            },
        )

    def document_page(self, document_id: int) -> Page:
        site = self.site
        document = site.documents[document_id]
        own = site.claims_by_document.get(document.id, ()) + site.claims_by_part.get(document.id, ())
        claims = sorted(
            (self.ref(c) for c in own),
            key=lambda r: (r.claim.start, r.claim.end, r.claim.id),
        )
        text = self.texts(document.id)
        spans, anchors = self.spans(document) if text is not None else ([], [])
        container = site.documents.get(document.part_of_id) if document.part_of_id is not None else None
        excerpt = None
        if container is not None and self.texts(container.id) is not None:
            excerpt = self._excerpt(container, document)
        parts = [site.documents[p] for p in site.parts_by_document.get(document.id, ())]
        return Page(
            document.path,
            "document.html",
            {
                "title": document.title,
                "section": "documents",
                "document": document,
                "text": text,
                "outlet": self.outlet(document),
                "container": container,
                "parts": parts,
                "claims": claims,
                "spans": spans,
                "anchors": anchors,
                "excerpt": excerpt,
                "cited_by": [self.citation_ref(c) for c in site.cited_by_document.get(document.id, ())],
                "markers": [
                    self.citation_ref(c)
                    for ref in claims
                    for c in site.citations_by_claim.get(ref.claim.id, ())
                ],
            },
        )

    def _excerpt(self, container: DocumentView, part: DocumentView) -> tuple[str, list[Span], list[Anchor]]:
        """A part's own text, cut from its container, with the quotes that lie wholly inside it."""
        start, end = part.part_start or 0, part.part_end or 0
        spans, anchors = self.spans(container)
        inside = [
            Span(s.start - start, s.end - start, s.kind, s.id, s.target)
            for s in spans
            if start <= s.start and s.end <= end
        ]
        quoted = {f"c{s.id}" for s in inside if s.kind == "claim"}
        marks = [Anchor(a.offset - start, a.id) for a in anchors if a.id in quoted]
        return (self.texts(container.id) or "")[start:end], inside, marks

    def claim_page(self, claim_id: int) -> Page:
        site = self.site
        ref = self.ref(claim_id)
        claim, document = ref.claim, ref.document
        before, after = claim.prefix, claim.suffix
        more_before = more_after = True
        text = self.texts(document.id) if claim.highlighted else None
        if text is not None:
            before = text[max(0, claim.start - CONTEXT_CHARS) : claim.start]
            after = text[claim.end : claim.end + CONTEXT_CHARS]
            more_before = claim.start > CONTEXT_CHARS
            more_after = claim.end + CONTEXT_CHARS < len(text)
        related = [
            self._related(claim_id, site.relations[r]) for r in site.relations_by_claim.get(claim_id, ())
        ]
        assertions = []
        for assertion_id in site.assertions_by_claim.get(claim_id, ()):
            assertion = site.assertions[assertion_id]
            value = read_value(site, assertion)
            reading = assertion.value if value is None else describe(value)
            assertions.append((assertion, site.entities[assertion.subject_id], reading))
        # "N accounts, K independent origins", as `provenance trace` counts them: this claim and
        # the claims confirmed as corroborating it.
        corroborators = [
            r.relation.other(claim_id)
            for r in related
            if r.relation.kind == "corroborates" and r.relation.status == "confirmed"
        ]
        judged = self.chains.independence(claim_id, corroborators)
        return Page(
            claim.path,
            "claim.html",
            {
                "title": claim.statement,
                "section": "documents",
                "ref": ref,
                "before": before,
                "after": after.rstrip() if not more_after else after,
                "more_before": more_before,
                "more_after": more_after,
                "citations": [self.citation_ref(c) for c in site.citations_by_claim.get(claim_id, ())],
                "chain": self.chain(claim_id),
                "accounts": (judged.accounts, judged.origin_groups),
                "contradicting": [r for r in related if r.relation.kind == "contradicts"],
                "supporting": [r for r in related if r.relation.kind in SUPPORTING],
                "other_relations": [
                    r for r in related if r.relation.kind not in SUPPORTING + ("contradicts",)
                ],
                "entities": sorted(
                    (site.entities[e] for e in claim.entity_ids), key=lambda e: (e.name.casefold(), e.id)
                ),
                "assertions": assertions,
                "review": _review(ref) if claim.verdict != "unreviewed" else None,
                "elsewhere": self._elsewhere(claim),
            },
        )

    def _elsewhere(self, claim: ClaimView) -> dict[str, Any]:
        """What the page's script looks for to list where else the claim is said (app.js)."""
        tokens = [
            w
            for e in claim.entity_ids
            for text in (self.site.entities[e].name, *self.site.entities[e].aliases)
            for w in fold_words(text)
        ]
        names, own = query_words(claim.statement, claim.exact, tokens)
        return {"names": " ".join(names), "words": " ".join(own), "document": claim.document_id}

    def _related(self, claim_id: int, relation: RelationView) -> Related:
        forward = relation.claim_a_id == claim_id
        words = {
            "contradicts": "contradicts",
            "corroborates": "corroborates",
            "repeats": "repeats" if forward else "is repeated by",
            "refines": "refines" if forward else "is refined by",
            "corrects": "corrects" if forward else "is corrected by",
        }
        other = relation.other(claim_id)
        independent = None
        shared: tuple[str, ...] = ()
        if relation.kind in SUPPORTING:
            judged = self.chains.independence(claim_id, [other])
            independent = bool(judged.independent)
            common = sorted(judged.shared.get(other, ()), key=str)
            here = ("claim", claim_id)
            shared = tuple(self.chains.describe(n) for n in common)
            ways = tuple(
                (whose, tuple("this claim" if n == here else self.chains.describe(n) for n in path[1:-1]))
                for origin in common
                for whose, path in (
                    ("this claim", path_to(self.chains.graph, claim_id, origin)),
                    ("the other", path_to(self.chains.graph, other, origin)),
                )
                if len(path) > 2
            )
            return Related(relation, self.ref(other), words[relation.kind], independent, shared, ways)
        return Related(relation, self.ref(other), words[relation.kind], independent, shared)

    def outlet_page(self, outlet_id: int, pager: Pager) -> Page:
        site = self.site
        outlet = site.outlets[outlet_id]
        document_ids = site.documents_by_outlet.get(outlet.id, ())
        claim_ids = [c for d in document_ids for c in site.claims_by_document.get(d, ())]
        documents = [site.documents[d] for d in pager.rows(list(document_ids))]
        return Page(
            pager.paths[pager.number - 1],
            "outlet.html",
            {
                "title": _numbered(outlet.name, pager),
                "section": "outlets",
                "outlet": outlet,
                "pager": pager,
                "total_documents": len(document_ids),
                "total_claims": len(claim_ids),
                "documents": [(d, len(site.claims_by_document.get(d.id, ()))) for d in documents],
                "claims": [self.ref(c) for c in pager.rows(claim_ids)],
            },
        )

    def entity_page(self, entity_id: int, pager: Pager) -> Page:
        site = self.site
        entity = site.entities[entity_id]
        claim_ids = list(site.claims_by_entity.get(entity_id, ()))
        first = pager.number == 1  # questions and citations stand on the first page
        return Page(
            pager.paths[pager.number - 1],
            "entity.html",
            {
                "title": _numbered(entity.name, pager),
                "section": "entities",
                "entity": entity,
                "pager": pager,
                "total_claims": len(claim_ids),
                "claims": [self.ref(c) for c in pager.rows(claim_ids)],
                "cited_as_source": [self.citation_ref(c) for c in site.cited_by_entity.get(entity_id, ())]
                if first
                else [],
                "questions": questions_about(site, entity_id, self.chains) if first else [],
            },
        )


def _numbered(title: str, pager: Pager) -> str:
    return title if pager.count == 1 else f"{title} (page {pager.number} of {pager.count})"


def _review(ref: ClaimRef) -> dict[str, Any]:
    """The claim's schema.org ClaimReview, embedded in its page as JSON-LD (through `|tojson`)."""
    claim, document = ref.claim, ref.document
    return claim_review(
        statement=claim.statement,
        exact=claim.exact,
        speaker=claim.speaker,
        verdict=claim.verdict,
        title=document.title,
        authors=document.authors,
        published=document.published,
        url=document.url,
        outlet_name=ref.outlet.name if ref.outlet is not None else None,
        part_authors=ref.part.authors if ref.part is not None else (),
    )
