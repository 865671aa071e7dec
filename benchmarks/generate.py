"""A deterministic synthetic corpus in the project's own bundle format, for the benchmarks.

    python benchmarks/generate.py 1k  /tmp/corpus-1k  --seed 1
    python benchmarks/generate.py 10k /tmp/corpus-10k --seed 1
    python benchmarks/generate.py 30  /tmp/tiny                 # any number of documents

Writes OUT/bundle.yaml, OUT/texts/*.txt and OUT/expected.json. The same tier and seed give the
same bytes. What the corpus holds:

* documents of skewed (log-normal) lengths, ~8% unheld (known only from citations), each held
  text starting with a unique line so no two texts share a hash;
* claims that are exact spans of their document's text (quote + start), a skewed number per
  document; statements that paraphrase them;
* citations that form long chains (claim i repeats claim i-1 in the previous document and cites
  it), hubs (a few wire reports cited by a Zipf-distributed share of claims), a few planted
  citation cycles and circular-reporting pairs (two corroborating claims citing the same hub);
* entities with aliases (transliterations, kunyas) and Zipf-skewed mention counts;
* questions (subject + property) with planted contradictions, corroborations and look-alike
  decoys that must not be flagged: the same year at other precisions, overlapping quantities,
  and rival values that hold for different times;
* 1% hostile text: markup, quotes, right-to-left text, emoji.

expected.json lists the planted answers (contradiction pairs, decoys, cycles, circular pairs)
and, for the incremental benchmark, two scripted edits and the report pages each one affects.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

TIERS = {"1k": 1_000, "10k": 10_000, "100k": 100_000}

SYLLABLES = [
    "ba",
    "da",
    "fa",
    "ha",
    "ja",
    "ka",
    "la",
    "ma",
    "na",
    "ra",
    "sa",
    "ta",
    "za",
    "bi",
    "di",
    "hi",
    "ki",
    "li",
    "mi",
    "ni",
    "ri",
    "si",
    "ti",
    "zu",
    "mu",
    "nu",
    "ru",
    "su",
    "ku",
    "hu",
    "du",
    "bu",
]
GIVEN = ["Abu", "Umar", "Yusuf", "Khalid", "Salim", "Hamid", "Karim", "Nasir", "Tariq", "Rashid"]
GROUPS = ["Brigade", "Front", "Council", "Movement", "Battalion", "Army", "Committee"]
PLACES = ["Valley", "Heights", "Province", "District", "Crossing", "Oasis"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
VERBS = ["reported", "stated", "claimed", "wrote", "said", "alleged", "confirmed", "suggested"]
SPEAKERS = ["author", "regional intelligence officials", "a local source", "the group's statement"]
PERSONS = ["regional intelligence officials", "a knowledgeable source", "local residents", "a defector"]
KINDS = ["cites", "quotes", "paraphrases", "according_to"]
WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "was",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "from",
    "at",
    "its",
    "an",
    "were",
    "which",
    "had",
    "been",
    "has",
    "this",
    "their",
    "after",
    "but",
    "more",
    "than",
    "one",
    "also",
    "have",
    "who",
    "would",
    "about",
    "over",
    "into",
    "other",
    "new",
    "could",
    "some",
    "military",
    "security",
    "forces",
    "fighters",
    "leadership",
    "council",
    "region",
    "statement",
    "supporters",
    "network",
    "officials",
    "according",
    "report",
    "analysis",
    "sources",
    "faction",
    "dispute",
    "commander",
    "operations",
    "territory",
    "attack",
    "control",
    "border",
    "towns",
    "media",
    "release",
    "internal",
    "rival",
    "splinter",
    "court",
    "judges",
    "prisoners",
]
# 1% of documents carry hostile text: markup, quotes of every kind, right-to-left scripts, emoji.
HOSTILE = [
    '<script>alert("x")</script> and <img src=x onerror=alert(1)>',
    "he said \u201cwe will not\u201d \u2014 \u2018never\u2019 \"again\" 'ever' `now`",
    "\u0627\u0644\u062f\u0648\u0644\u0629 \u0627\u0644\u0625\u0633\u0644\u0627\u0645\u064a\u0629 "
    "\u05e9\u05dc\u05d5\u05dd (right-to-left inside left-to-right)",
    "emoji in the text \U0001f525\U0001f4a3\U0001f1f8\U0001f1fe &amp; &lt;b&gt; {{ template }} {% raw %}",
    "]]> <!-- comment --> </textarea></title><style>*{}</style> javascript:alert(1)",
]
FILLER_POOL = 4000


def yq(value: object) -> str:
    """A YAML scalar: JSON strings are YAML double-quoted strings (non-ASCII written as is)."""
    return json.dumps(value, ensure_ascii=False)


def word(n: int, rng: random.Random | None = None) -> str:
    """A unique pronounceable word for the number n (bijective base-32 in syllables)."""
    out = []
    n += 1
    while n:
        n, r = divmod(n - 1, len(SYLLABLES))
        out.append(SYLLABLES[r])
    return "".join(reversed(out)).capitalize()


@dataclass
class Entity:
    key: str
    name: str
    kind: str
    aliases: list[str]


@dataclass
class Claim:
    key: str
    doc: int
    sentence: str
    statement: str
    entities: set[str] = field(default_factory=set)
    start: int = -1
    speaker: str = "author"
    hedging: str | None = None
    verdict: str = "unreviewed"
    marker: str = ""  # a printed citation marker right after the quoted sentence


@dataclass
class Doc:
    i: int
    key: str
    title: str
    outlet: int
    published: str
    held: bool
    authors: list[str]
    sentences: int
    claims: list[int] = field(default_factory=list)
    hostile: bool = False


class Corpus:
    def __init__(self, n_docs: int, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.n = n_docs
        self.outlets = [
            (
                f"outlet-{i}",
                f"{word(i + 500)} {rng.choice(['Times', 'News', 'Monitor', 'Post'])} {i}",
                rng.choice("ABCDEF"),
            )
            for i in range(max(5, n_docs // 50))
        ]
        self.entities = self._entities(max(10, n_docs // 4))
        weights = [1 / (r + 1) ** 1.1 for r in range(len(self.entities))]  # Zipf mentions
        # Cumulative once: `choices` with plain weights sums them all on every call (quadratic).
        self.entity_cum_weights = list(itertools.accumulate(weights))
        self.filler = [self._filler_sentence() for _ in range(FILLER_POOL)]
        self.docs = self._documents()
        self.claims: list[Claim] = []
        self.citations: list[dict] = []
        self.assertions: list[dict] = []
        self.relations: list[dict] = []
        self.expected: dict = {
            "contradictions": [],
            "decoys": [],
            "corroborations": [],
            "circular": [],
            "cycles": [],
            "chains": [],
        }
        self.cites_doc: dict[int, list[int]] = defaultdict(list)  # claim -> cited doc indexes
        self.related: dict[int, set[int]] = defaultdict(set)
        self.asserted: set[int] = set()
        self._claims()
        self._chains()
        self._hubs_and_citations()
        self._questions()
        self._cycles()

    # ------------------------------------------------------------------ records

    def _entities(self, n: int) -> list[Entity]:
        rng, out = self.rng, []
        for i in range(n):
            w = word(i)
            kind = rng.choices(["person", "group", "place"], [6, 3, 1])[0]
            if kind == "person":
                name = f"{rng.choice(GIVEN)} {w} al-{word(i * 7 + 3)}"
                aliases = [f"{w} al-{word(i * 7 + 3)}", f"Abu {w}"]
                if "k" in w.lower():
                    aliases.append(name.replace("k", "q").replace("K", "Q"))  # a transliteration
            elif kind == "group":
                name = f"{w} {rng.choice(GROUPS)}"
                aliases = [f"the {w}s", f"{w} Group"]
            else:
                name = f"{w} {rng.choice(PLACES)}"
                aliases = []
            out.append(Entity(f"e-{i}", name, kind, sorted(set(aliases) - {name})))
        return out

    def _filler_sentence(self) -> str:
        rng = self.rng
        words = rng.choices(WORDS, k=rng.randint(8, 26))
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice([".", ".", ".", ";", ","])

    def _documents(self) -> list[Doc]:
        rng, docs = self.rng, []
        for i in range(self.n):
            year = 2010 + i * 14 // self.n  # documents in date order, so citations point back in time
            published = f"{year}-{rng.randint(1, 12):02d}" + (f"-{rng.randint(1, 28):02d}" if i % 3 else "")
            length = min(60_000, max(250, int(rng.lognormvariate(math.log(1100), 0.9))))  # characters
            hostile = i % 100 == 37
            title = f"{word(i + 3000)} {rng.choice(WORDS)} {rng.choice(WORDS)} report {i}"
            if hostile:
                title += " " + HOSTILE[i % len(HOSTILE)][:60]
            docs.append(
                Doc(
                    i=i,
                    key=f"doc-{i}",
                    title=title,
                    outlet=rng.randrange(len(self.outlets)),
                    published=published,
                    held=i % 13 != 5,
                    authors=[f"{rng.choice(GIVEN)} {word(rng.randrange(5000) + 7000)}"] if i % 4 else [],
                    sentences=max(3, length // 110),
                    hostile=hostile,
                )
            )
        return docs

    def _entity(self) -> Entity:
        return self.rng.choices(self.entities, cum_weights=self.entity_cum_weights)[0]

    def _new_claim(self, doc: Doc, sentence: str, statement: str, entities: set[str]) -> int:
        index = len(self.claims)
        self.claims.append(Claim(f"c-{index}", doc.i, sentence, statement, entities))
        doc.claims.append(index)
        return index

    def _claims(self) -> None:
        rng = self.rng
        for doc in self.docs:
            if not doc.held:
                continue
            for _ in range(min(doc.sentences // 2, 1 + int(rng.expovariate(1 / 4)))):
                e = self._entity()
                name = rng.choice([e.name, *e.aliases])
                thing = " ".join(rng.choices(WORDS[40:], k=rng.randint(3, 8)))
                verb = rng.choice(VERBS)
                sentence = f"{name} {verb} that the {thing} had changed in {rng.choice(MONTHS)}."
                if doc.hostile and rng.random() < 0.5:
                    sentence = f"{name} {verb}: {HOSTILE[doc.i % len(HOSTILE)]} about the {thing}."
                c = self._new_claim(doc, sentence, f"{e.name} {verb} a change in the {thing}", {e.key})
                claim = self.claims[c]
                claim.speaker = rng.choices(SPEAKERS, [6, 2, 1, 1])[0]
                claim.hedging = rng.choice([None, None, None, "reportedly", "believed to"])
                claim.verdict = rng.choices(["unreviewed", "supported", "disputed"], [8, 1, 1])[0]

    def _held(self) -> list[Doc]:
        return [d for d in self.docs if d.held]

    def _cite(self, claim: int, doc: Doc, kind: str | None = None) -> None:
        self.citations.append(
            {"claim": f"c-{claim}", "kind": kind or self.rng.choice(KINDS), "document": doc.key}
        )
        self.cites_doc[claim].append(doc.i)

    def _relate(self, a: int, kind: str, b: int, status: str = "confirmed") -> None:
        self.relations.append({"a": f"c-{a}", "kind": kind, "b": f"c-{b}", "status": status})
        self.related[a].add(b)
        self.related[b].add(a)

    def _chains(self) -> None:
        """Long chains: in consecutive held documents, each claim repeats (and cites) the last."""
        rng, held = self.rng, [d for d in self._held() if d.claims]
        step = max(1, len(held) // max(1, self.n // 150))
        for begin in range(0, len(held) - 2, step):
            length = min(rng.randint(8, 40), len(held) - begin)
            chain = [held[begin + k] for k in range(0, length) if held[begin + k].claims]
            keys = []
            for k in range(1, len(chain)):
                a, b = chain[k].claims[0], chain[k - 1].claims[0]
                if b in self.related.get(a, ()):
                    continue
                self._relate(a, "repeats", b)
                self._cite(a, chain[k - 1], "quotes")
                keys.append(f"c-{a}")
            if keys:
                self.expected["chains"].append(keys)

    def _hubs_and_citations(self) -> None:
        """Hub wire reports cited Zipf-style; other claims cite an earlier document or a person."""
        rng, held = self.rng, self._held()
        hubs = held[: max(3, len(held) // 200)]
        self.hubs = hubs
        weights = [1 / (r + 1) for r in range(len(hubs))]
        for c, claim in enumerate(self.claims):
            if c in self.cites_doc or rng.random() > 0.45:
                continue
            doc = self.docs[claim.doc]
            roll = rng.random()
            if roll < 0.35:
                target = rng.choices(hubs, weights)[0]
            elif roll < 0.85:
                target = self.docs[rng.randrange(max(1, doc.i))]
            else:
                self.citations.append(
                    {"claim": claim.key, "kind": "according_to", "person": rng.choice(PERSONS)}
                )
                continue
            if target.i == doc.i:
                continue
            self._cite(c, target)
            if c % 3 == 0:
                # A printed marker after the claim, anchored in the text as its locator.
                locator = f"({self.outlets[target.outlet][1]}, {MONTHS[target.i % 12]} {1 + target.i % 28})"
                claim.marker = locator
                self.citations[-1]["locator"] = locator

    def _fresh_claim(self, doc: Doc, sentence: str, statement: str, subject: Entity) -> int:
        return self._new_claim(doc, sentence, statement, {subject.key})

    def _questions(self) -> None:
        """Subject+property questions with planted answers; each kind in turn."""
        rng, held = self.rng, self._held()
        used: set[tuple[str, str]] = set()
        n_questions = max(12, self.n // 8)
        kinds = ["contradiction", "corroboration", "precision", "quantity", "holds_for", "circular"]
        for q in range(n_questions):
            kind = kinds[q % len(kinds)]
            while True:
                subject = self.entities[rng.randrange(len(self.entities))]
                prop = rng.choice(["death_date", "arrest_date", "founding_date"])
                if kind in ("quantity", "holds_for"):
                    prop = rng.choice(["fighters", "members", "prisoners"])
                if (subject.key, prop) not in used:
                    used.add((subject.key, prop))
                    break
            year, month = rng.randint(1995, 2022), rng.choice(MONTHS)
            docs = rng.sample(held, 3)
            said = {"death_date": "died", "arrest_date": "was arrested", "founding_date": "was founded"}
            if kind == "contradiction":
                values = [str(year), f"{month} {year}", f"{month} {year + 3}"]
            elif kind in ("corroboration", "circular"):
                values = [f"{month} {year}"] * 2
            elif kind == "precision":
                values = [str(year), f"{month} {year}", f"mid-{month} {year}"]
            elif kind == "quantity":
                values = ["about 500", "several hundred", "more than 450"]
            else:
                values = ["80", "more than 200"]
            members = []
            for k, value in enumerate(values):
                doc = docs[k]
                if prop in said:
                    text = f"{subject.name} {said[prop]} in {value}, {rng.choice(VERBS)} the report."
                    statement = f"{subject.name} {said[prop]} in {value}"
                    vtype = "date"
                else:
                    when = ["at the start", "soon after"][k] if kind == "holds_for" else None
                    text = f"The {subject.name} had {value} {prop} {when or 'then'}, {rng.choice(VERBS)} sources."  # noqa: E501
                    statement = f"{subject.name} had {value} {prop}"
                    vtype = "quantity"
                c = self._fresh_claim(doc, text, statement, subject)
                self.asserted.add(c)
                row = {
                    "claim": f"c-{c}",
                    "subject": subject.key,
                    "property": prop,
                    "type": vtype,
                    "value": value,
                }
                if kind == "holds_for":
                    row["holds_for"] = ["at the start", "soon after"][k]
                self.assertions.append(row)
                members.append(c)
            keys = [f"c-{c}" for c in members]
            if kind == "contradiction":
                # The third value (year + 3) conflicts with both others; the first two agree.
                self.expected["contradictions"] += [sorted([keys[0], keys[2]]), sorted([keys[1], keys[2]])]
                self.expected["decoys"].append(sorted([keys[0], keys[1]]))
            elif kind in ("precision", "quantity", "holds_for"):
                self.expected["decoys"] += [sorted([a, b]) for a in keys for b in keys if a < b]
            elif kind == "corroboration":
                self._relate(members[0], "corroborates", members[1])
                self.expected["corroborations"].append(keys)
            else:  # circular: both claims cite the same hub, so their agreement is one source
                hub = self.hubs[q % len(self.hubs)]
                for c in members:
                    if self.claims[c].doc != hub.i:
                        self._cite(c, hub, "cites")
                if all(self.claims[c].doc != hub.i for c in members):
                    self._relate(members[0], "corroborates", members[1])
                    self.expected["circular"].append(keys)

    def _cycles(self) -> None:
        """A few citation cycles: a repeats b repeats c repeats a, across three documents."""
        rng, held = self.rng, [d for d in self._held() if d.claims]
        for _ in range(max(2, self.n // 3000)):
            docs = rng.sample(held, 3)
            members = []
            for d in docs:
                e = self._entity()
                members.append(
                    self._new_claim(
                        d,
                        f"{e.name} was named in a circular account {len(self.claims)}.",
                        f"{e.name} was named in a circular account",
                        {e.key},
                    )
                )
            for k in range(3):
                a, b = members[k], members[(k + 1) % 3]
                self._relate(a, "repeats", b)
                self._cite(a, self.docs[self.claims[b].doc], "quotes")
            self.expected["cycles"].append([f"c-{c}" for c in members])

    # ------------------------------------------------------------------ texts

    def text(self, doc: Doc) -> str:
        """The document's text: a unique first line, filler, and its claims' sentences placed in it."""
        rng = random.Random(doc.i * 7919 + 17)  # per document: texts are independent of write order
        pieces = rng.choices(self.filler, k=doc.sentences)
        slots = sorted(rng.sample(range(doc.sentences), min(len(doc.claims), doc.sentences)))
        extra = len(doc.claims) - len(slots)
        body = [f"{doc.title}\n\nReport {doc.key} ({doc.published}).\n"]
        position = len(body[0])
        placed = dict(zip(slots, doc.claims[: len(slots)], strict=True))
        for k, piece in enumerate(pieces):
            if doc.hostile and k == 1:
                piece = HOSTILE[doc.i % len(HOSTILE)] + " " + piece
            if k in placed:
                claim = self.claims[placed[k]]
                claim.start = position
                piece = claim.sentence + (" " + claim.marker if claim.marker else "")
            chunk = piece + ("\n\n" if k % 6 == 5 else " ")
            body.append(chunk)
            position += len(chunk)
        for c in doc.claims[len(slots) :] if extra > 0 else []:
            claim = self.claims[c]
            claim.start = position
            line = claim.sentence + (" " + claim.marker if claim.marker else "") + "\n"
            body.append(line)
            position += len(line)
        return "".join(body).rstrip() + "\n"


def affected_pages(corpus: Corpus, claim: int) -> list[str]:
    """Pages a verdict change on `claim` rewrites: the claim's own page; pages listing it
    (its document, outlet and entities); and the index (recent changes). The claim is chosen
    with no relations or assertions, so no other claim page or question shows it."""
    c = corpus.claims[claim]
    doc = corpus.docs[c.doc]
    pages = {"index.html", f"claims/{claim + 1}-c-{claim}.html", f"documents/{doc.i + 1}-doc-{doc.i}.html"}
    pages.add(f"outlets/{doc.outlet + 1}-outlet-{doc.outlet}.html")
    for key in c.entities:
        pages.add(f"entities/{int(key[2:]) + 1}-{key}.html")
    return sorted(pages)


APPEND = "\n\nCorrection: an earlier version of this report misdated one event.\n"
CONTEXT_CHARS = 240  # of text shown after a quote on its claim page (provenance.report.pages)


def _context_after(text: str, claim: Claim) -> tuple[str, bool]:
    """What a claim page shows after the quote: an appended paragraph changes it only near the end."""
    end = claim.start + len(claim.sentence)
    more = end + CONTEXT_CHARS < len(text)
    after = text[end : end + CONTEXT_CHARS]
    return (after if more else after.rstrip()), more


def edits(corpus: Corpus) -> dict:
    """The scripted edits: a verdict on a plain claim, and a revision of a plain document that
    appends a paragraph (every claim stays exact). Ids are positions + 1 (imported in order)."""
    plain = [
        c
        for c in range(len(corpus.claims))
        if c not in corpus.related
        and c not in corpus.asserted
        and corpus.claims[c].verdict == "unreviewed"
        and not corpus.claims[c].entities & {"e-0", "e-1", "e-2"}
    ]
    claim = plain[len(plain) // 2]
    cited = {d for ds in corpus.cites_doc.values() for d in ds}
    docs = [
        d
        for d in corpus._held()
        if d.claims
        and d.i not in cited
        and not any(c in corpus.related for c in d.claims)
        and not any(c in corpus.asserted for c in d.claims)
        and not any(c in corpus.cites_doc for c in d.claims)
    ] or [d for d in corpus._held() if d.i not in cited]
    doc = docs[len(docs) // 2]
    doc_pages = {"index.html", f"documents/{doc.i + 1}-doc-{doc.i}.html"}
    old = corpus.text(doc)
    new = old + APPEND
    doc_pages |= {
        f"claims/{c + 1}-c-{c}.html"
        for c in doc.claims
        if _context_after(old, corpus.claims[c]) != _context_after(new, corpus.claims[c])
    }
    return {
        "claim": {
            "key": f"c-{claim}",
            "command": ["claim", "verdict", f"c-{claim}", "refuted"],
            "pages": affected_pages(corpus, claim),
        },
        "document": {
            "key": doc.key,
            "command": ["doc", "revise", doc.key, "{revised}"],
            "append": APPEND,
            "pages": sorted(doc_pages),
        },
    }


def write(corpus: Corpus, out: Path) -> dict[str, int]:
    (out / "texts").mkdir(parents=True, exist_ok=True)
    lines = ["format: provenance-bundle/1", "", "outlets:"]
    for key, name, grade in corpus.outlets:
        lines += [f"- key: {key}", f"  name: {yq(name)}", f"  grade: {grade}", "  reason: synthetic outlet"]
    lines += ["", "entities:"]
    for e in corpus.entities:
        lines += [f"- key: {e.key}", f"  name: {yq(e.name)}", f"  kind: {e.kind}"]
        if e.aliases:
            lines.append(f"  aliases: [{', '.join(yq(a) for a in e.aliases)}]")
    lines += ["", "documents:"]
    for d in corpus.docs:
        lines += [f"- key: {d.key}", f"  title: {yq(d.title)}", f"  outlet: outlet-{d.outlet}"]
        lines.append(f"  published: {yq(d.published)}")
        if d.authors:
            lines.append(f"  authors: [{', '.join(yq(a) for a in d.authors)}]")
        if d.held:
            name = f"texts/{d.i:06d}.txt"
            (out / name).write_bytes(corpus.text(d).encode("utf-8"))  # bytes: text-mode files open slowly
            lines.append(f"  text: {name}")
    lines += ["", "claims:"]
    for c in corpus.claims:
        lines += [f"- key: {c.key}", f"  document: doc-{c.doc}", f"  quote: {yq(c.sentence)}"]
        lines += [f"  start: {c.start}", f"  statement: {yq(c.statement)}"]
        if c.speaker != "author":
            lines.append(f"  speaker: {yq(c.speaker)}")
        if c.hedging:
            lines.append(f"  hedging: {yq(c.hedging)}")
        if c.verdict != "unreviewed":
            lines.append(f"  verdict: {c.verdict}")
        lines.append(f"  entities: [{', '.join(sorted(c.entities))}]")
    for section, rows in (
        ("citations", corpus.citations),
        ("assertions", corpus.assertions),
        ("relations", corpus.relations),
    ):
        lines += ["", f"{section}:"]
        for row in rows:
            first = True
            for name, value in row.items():
                lines.append(f"{'- ' if first else '  '}{name}: {yq(value)}")
                first = False
    (out / "bundle.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "documents": len(corpus.docs),
        "held": sum(d.held for d in corpus.docs),
        "claims": len(corpus.claims),
        "citations": len(corpus.citations),
        "assertions": len(corpus.assertions),
        "relations": len(corpus.relations),
        "entities": len(corpus.entities),
        "aliases": sum(len(e.aliases) for e in corpus.entities),
        "outlets": len(corpus.outlets),
    }


# ---------------------------------------------------------------------------- text reuse (opt-in)
#
# Planted only when asked (`generate(..., reuse=True)`, `--reuse`), in a folder of its own, so the
# default corpus of every tier stays byte for byte what the other benchmarks measured.

# Stock phrases that independent reports share (runs of words shorter than a shared passage).
STOCK = [
    "the ministry said in a statement on",
    "according to officials who spoke on condition of anonymity",
    "told reporters at a news conference",
    "it was not immediately clear whether",
    "the United Nations said it was deeply concerned",
    "witnesses said the explosion could be heard across the city",
    "did not respond to a request for comment",
    "a spokesman for the army said",
]


def _reuse_sentence(rng: random.Random, names: list[str]) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 22))
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(STOCK))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _reuse_paragraphs(rng: random.Random, names: list[str], n: int) -> list[str]:
    return [" ".join(_reuse_sentence(rng, names) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def reuse_corpus(n_docs: int, seed: int = 1) -> dict:
    """Documents with planted text reuse and its hard negatives, and the gold: a dict with
    `documents` [{key, title, outlet, published, text}] and `pairs` [{copy, original, kind,
    spans: [[start, end] in the copy]}] (each copy shares passages with its original only).
    Kinds: `syndicated` (wire paragraphs inside a text of one's own), `repost` (another headline,
    a caption, the last paragraph trimmed), `quotation` (a long verbatim quotation); the hard
    negatives planted are `same_outlet_day` (two stories of one outlet on one day: one byline and
    sign-off) and `same_event` (two outlets' own reports of one event: names, stock phrases and
    figures in common), which must not be found."""
    rng = random.Random(seed * 7919 + 14)
    docs: list[dict] = []
    pairs: list[dict] = []
    negatives: list[list[str]] = []
    outlets = [f"Outlet {word(i + 900)}" for i in range(max(5, n_docs // 40))]

    def day() -> str:
        return f"20{rng.randint(15, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def add(title: str, paragraphs: list[str], outlet: str, published: str) -> dict:
        key = f"r{len(docs)}"
        doc = {"key": key, "title": title, "outlet": outlet, "published": published}
        doc["text"] = f"{title} ({key}).\n\n" + "\n\n".join(paragraphs) + "\n"
        docs.append(doc)
        return doc

    def span_of(doc: dict, passage: str) -> list[int]:
        at = doc["text"].index(passage)
        return [at, at + len(passage)]

    base = max(1, n_docs * 7 // 10)
    while len(docs) < base:
        names = [f"{rng.choice(GIVEN)} {word(rng.randrange(5000))}" for _ in range(3)]
        add(
            f"Story {word(len(docs) + 77)}",
            _reuse_paragraphs(rng, names, rng.randint(4, 9)),
            rng.choice(outlets),
            day(),
        )
    originals = list(docs)
    kinds = ["syndicated", "repost", "quotation", "same_outlet_day", "same_event"]
    while len(docs) < n_docs:
        kind = kinds[len(docs) % len(kinds)]
        source = rng.choice(originals)
        later = source["published"][:4] + "-12-31"  # copies come later than their originals
        paragraphs = [p for p in source["text"].split("\n\n")[1:] if p.strip()]
        names = [f"{rng.choice(GIVEN)} {word(rng.randrange(5000))}" for _ in range(3)]
        if kind == "syndicated":
            taken = paragraphs[: rng.randint(1, 2)]
            taken = [p.strip() for p in taken]
            own = _reuse_paragraphs(rng, names, rng.randint(3, 6))
            mixed = own[:1] + taken + own[1:]
            copy = add(f"Wire copy {word(len(docs))}", mixed, rng.choice(outlets), later)
            pairs.append(
                {
                    "copy": copy["key"],
                    "original": source["key"],
                    "kind": kind,
                    "spans": [span_of(copy, p) for p in taken],
                }
            )
        elif kind == "repost":
            kept = [p.strip() for p in (paragraphs[:-1] if len(paragraphs) > 2 else paragraphs)]
            copy = add(
                f"Reposted {word(len(docs))}", ["Photo: file picture.", *kept], rng.choice(outlets), later
            )
            pairs.append(
                {
                    "copy": copy["key"],
                    "original": source["key"],
                    "kind": kind,
                    "spans": [span_of(copy, "\n\n".join(kept))],
                }
            )
        elif kind == "quotation":
            words = paragraphs[0].split()
            length = min(len(words), rng.randint(25, 45))
            quoted = " ".join(words[:length]).rstrip(".,;")
            own = _reuse_paragraphs(rng, names, rng.randint(3, 6))
            own[1 % len(own)] += f' As {names[0]} put it: "{quoted}," and the words are still quoted.'
            copy = add(f"Quoting {word(len(docs))}", own, rng.choice(outlets), later)
            pairs.append(
                {
                    "copy": copy["key"],
                    "original": source["key"],
                    "kind": kind,
                    "spans": [span_of(copy, quoted)],
                }
            )
        elif kind == "same_outlet_day":
            byline = f"By our staff in {word(rng.randrange(900))} City."
            signoff = "Reporting by the city desk; editing by the night staff."
            outlet, date = rng.choice(outlets), day()
            a = add(
                f"Rates {word(len(docs))}", [byline, *_reuse_paragraphs(rng, names, 3), signoff], outlet, date
            )
            b = add(
                f"Sport {word(len(docs))}", [byline, *_reuse_paragraphs(rng, names, 3), signoff], outlet, date
            )
            negatives.append([a["key"], b["key"]])
        else:  # same_event: two outlets' own words about one event, with its names and figures
            figure = f"{rng.randint(12, 400)} people"
            event = [f"{names[0]} said {figure} were killed in {names[1]}.", rng.choice(STOCK) + "."]
            date = day()
            a = add(
                f"Attack {word(len(docs))}", [*event, *_reuse_paragraphs(rng, names, 3)], outlets[0], date
            )
            b = add(
                f"Blast {word(len(docs))}",
                [*event[::-1], *_reuse_paragraphs(rng, names, 3)],
                outlets[1],
                date,
            )
            negatives.append([a["key"], b["key"]])
    return {"documents": docs, "pairs": pairs, "negatives": negatives}


def generate(n_docs: int, out: Path, seed: int = 1, *, reuse: bool = False) -> dict:
    """Write the corpus of `n_docs` documents to `out`; return expected.json's content. With
    `reuse`, also OUT/reuse/reuse.json: `reuse_corpus` (the default corpus is unchanged)."""
    corpus = Corpus(n_docs, seed)
    counts = write(corpus, out)  # texts first: they fix each claim's start
    expected = {"tier": n_docs, "seed": seed, "counts": counts, **corpus.expected, "edits": edits(corpus)}
    (out / "expected.json").write_text(
        json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    if reuse:
        (out / "reuse").mkdir(exist_ok=True)
        (out / "reuse" / "reuse.json").write_text(
            json.dumps(reuse_corpus(n_docs, seed), indent=1) + "\n", encoding="utf-8"
        )
    return expected


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tier", help="1k, 10k, 100k or a number of documents")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="Also write OUT/reuse/reuse.json (planted text reuse)."
    )
    args = parser.parse_args(argv)
    n = TIERS.get(args.tier) or int(args.tier)
    began = time.perf_counter()
    expected = generate(n, args.out, args.seed, reuse=args.reuse)
    print(f"{args.out}: {expected['counts']} in {time.perf_counter() - began:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
