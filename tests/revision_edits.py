"""Realistic revisions of real texts, with the truth about where a claim's sentence went.

Shared by the property test (tests/test_reanchoring_properties.py) and the benchmark
(benchmarks/reanchoring.py). The kinds of edit are fixed here, before and apart from any tuning
of the re-anchoring: what an editor does to a published article (paragraphs and sentences added,
cut and reordered, words changed around a quote, typos and words fixed inside it, punctuation),
and what makes re-anchoring hard (a look-alike sentence next to the claim's own, or left alone
once the claim's own is cut).

Base texts are read at run time from the repository's seed texts and, when the shared folder is
there, the development corpus; nothing of them is copied into the code.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    ROOT / "seeds" / "texts",
    ROOT.parent / "shared" / "seeds",
    ROOT.parent / "shared" / "devcorpus" / "corpus",
)

# Fixed before tuning; each revision applies one to three of them.
KINDS = (
    "insert_paragraph",
    "delete_paragraph",
    "insert_sentence",
    "delete_sentence",
    "change_word_around",
    "typo_inside",
    "change_word_inside",
    "punctuation_inside",
    "reorder_paragraphs",
    "lookalike_next",
    "lookalike_instead",
    "delete_own_sentence",
)

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"\S+")
_ENDS = '.!?"”’'


def base_texts() -> list[tuple[str, str]]:
    """(name, text) of every base text found, each once (the seeds are in two places)."""
    seen: dict[str, tuple[str, str]] = {}
    for folder in SOURCES:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                seen.setdefault(path.name, (path.name, path.read_text(encoding="utf-8")))
    return list(seen.values())


@dataclass
class Sentence:
    text: str
    own: bool = False  # the claim's sentence
    lookalike: bool = False  # a copy of it with a word changed outside the quote, in the old text
    copy: bool = False  # such a copy added by this revision (cut with the claim's sentence)
    quote: tuple[int, int] | None = None  # the quote's offsets within it (own only)


@dataclass
class Case:
    """A text as paragraphs of sentences, one of which holds the claim's quote."""

    paragraphs: list[list[Sentence]]
    quote_state: str = "verbatim"  # verbatim, edited (a small edit inside it) or gone
    edits: list[str] = field(default_factory=list)

    def render(self) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
        """The text, the own sentence's span in it (None: cut) and the quote's span (None: not verbatim)."""
        out: list[str] = []
        pos = 0
        own = quote = None
        for p, paragraph in enumerate(self.paragraphs):
            if p:
                out.append("\n\n")
                pos += 2
            for s, sentence in enumerate(paragraph):
                if s:
                    out.append(" ")
                    pos += 1
                if sentence.own:
                    own = (pos, pos + len(sentence.text))
                    if sentence.quote is not None and self.quote_state == "verbatim":
                        quote = (pos + sentence.quote[0], pos + sentence.quote[1])
                out.append(sentence.text)
                pos += len(sentence.text)
        return "".join(out) + "\n", own, quote

    def own_place(self) -> tuple[int, int] | None:
        for p, paragraph in enumerate(self.paragraphs):
            for s, sentence in enumerate(paragraph):
                if sentence.own:
                    return p, s
        return None

    def copy(self) -> Case:
        return Case([[replace(s) for s in p] for p in self.paragraphs], self.quote_state, list(self.edits))


def split(text: str) -> list[list[str]]:
    """Paragraphs (lines: a headline or a metadata line is one) of sentences, spaces made single."""
    paragraphs = []
    for block in text.split("\n"):
        block = " ".join(block.split())
        if block:
            paragraphs.append([s for s in _SENTENCE.split(block) if s])
    return paragraphs


def make_case(rng: random.Random, text: str, lookalike: bool = False) -> Case | None:
    """A claim on a random sentence of ``text``: a run of 4..10 of its words, unique in the text,
    with words of the sentence left on at least one side (so a look-alike can differ there).
    With ``lookalike``, the old text also has a look-alike of the claim's sentence near it (T18)."""
    paragraphs = split(text)
    # A claim is made on a sentence of the article's prose, ended as sentences are.
    choices = [
        (p, s)
        for p, para in enumerate(paragraphs)
        for s, sent in enumerate(para)
        if len(sent.split()) >= 8 and sent[-1] in '.!?"”’' and ":" not in sent.split()[0]
    ]
    rng.shuffle(choices)
    rendered = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"
    for p, s in choices[:20]:
        sentence = paragraphs[p][s]
        words = list(_WORD.finditer(sentence))
        n = rng.randint(4, min(10, len(words) - 2))
        first = rng.randint(0, len(words) - n)
        start, end = words[first].start(), words[first + n - 1].end()
        quote = sentence[start:end]
        if rendered.count(quote) != 1:
            continue
        case = Case([[Sentence(t) for t in para] for para in paragraphs])
        case.paragraphs[p][s] = Sentence(sentence, own=True, quote=(start, end))
        if lookalike:
            copy = _lookalike(case, rng, pool([("", text)], "-"))
            if copy is None:
                continue
            copy.lookalike = True
            if rng.random() < 0.5:
                case.paragraphs[p].insert(s + rng.choice((0, 1)), copy)
            else:
                case.paragraphs.insert(rng.randint(0, len(case.paragraphs)), [copy])
        return case
    return None


def pool(texts: list[tuple[str, str]], name: str) -> list[list[str]]:
    """Paragraphs of the other texts, to insert: whole sentences only (a line broken mid-sentence in
    a PDF's text, or a headline, would glue itself to the sentence it is put beside)."""
    return [
        para
        for other, text in texts
        if other != name
        for para in split(text)
        if all(sentence[-1] in _ENDS and len(sentence.split()) >= 4 for sentence in para)
    ]


def revise(rng: random.Random, case: Case, donors: list[list[str]], kinds: list[str]) -> Case:
    """``case`` with the edits of ``kinds`` applied in order (an edit that cannot apply is skipped)."""
    new = case.copy()
    for kind in kinds:
        if EDITS[kind](rng, new, donors):
            new.edits.append(kind)
    return new


def _quote_text(case: Case) -> str:
    place = case.own_place()
    if place is None:
        return ""
    sentence = case.paragraphs[place[0]][place[1]]
    assert sentence.quote is not None
    return sentence.text[sentence.quote[0] : sentence.quote[1]]


def _foreign(case: Case, text: str) -> bool:
    """Whether ``text`` can be added without bringing a copy of the quote in."""
    quote = _quote_text(case)
    return not quote or quote not in text


def _insert_paragraph(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    para = rng.choice(donors)
    if not _foreign(case, " ".join(para)):
        return False
    case.paragraphs.insert(rng.randint(0, len(case.paragraphs)), [Sentence(t) for t in para])
    return True


def _delete_paragraph(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    own = case.own_place()
    others = [p for p in range(len(case.paragraphs)) if own is None or p != own[0]]
    if not others:
        return False
    del case.paragraphs[rng.choice(others)]
    return True


def _insert_sentence(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    text = rng.choice(rng.choice(donors))
    if not _foreign(case, text):
        return False
    own = case.own_place()
    # Half the time right beside the claim's sentence, where it changes the quote's context.
    p = own[0] if own and rng.random() < 0.5 else rng.randrange(len(case.paragraphs))
    at = (own[1] + rng.choice((0, 1))) if own and p == own[0] else rng.randint(0, len(case.paragraphs[p]))
    case.paragraphs[p].insert(at, Sentence(text))
    return True


def _delete_sentence(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    places = [(p, s) for p, para in enumerate(case.paragraphs) for s, sent in enumerate(para) if not sent.own]
    if not places:
        return False
    p, s = rng.choice(places)
    del case.paragraphs[p][s]
    if not case.paragraphs[p]:
        del case.paragraphs[p]
    return True


def _cut_own(case: Case) -> None:
    """Cut the claim's sentence, and the copies of it this revision added: a copy left alone would be
    the claim's sentence with a word changed (change_word_around), not a look-alike."""
    case.paragraphs = [[s for s in p if not (s.own or s.copy)] for p in case.paragraphs]
    case.paragraphs = [p for p in case.paragraphs if p]
    case.quote_state = "gone"


def _delete_own_sentence(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    if case.own_place() is None:
        return False
    _cut_own(case)
    return True


def _own(case: Case) -> Sentence | None:
    own = case.own_place()
    return None if own is None else case.paragraphs[own[0]][own[1]]


def _words_of(sentence: Sentence, inside: bool) -> list[re.Match[str]]:
    assert sentence.quote is not None
    qs, qe = sentence.quote
    return [
        m
        for m in _WORD.finditer(sentence.text)
        if (qs <= m.start() and m.end() <= qe) == inside and m.group().isalpha()
    ]


def _replace_word(sentence: Sentence, m: re.Match[str], word: str) -> None:
    assert sentence.quote is not None
    qs, qe = sentence.quote
    delta = len(word) - len(m.group())
    sentence.text = sentence.text[: m.start()] + word + sentence.text[m.end() :]
    if m.end() <= qs:
        qs += delta
    if m.start() >= qe:
        pass
    elif m.end() <= qe:
        qe += delta
    sentence.quote = (qs, qe)


def _donor_word(rng: random.Random, donors: list[list[str]]) -> str:
    words = [w for w in rng.choice(rng.choice(donors)).split() if w.isalpha() and len(w) > 3]
    return rng.choice(words) if words else "reportedly"


def _change_word_around(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    sentence = _own(case)
    if sentence is None or case.quote_state == "gone":
        return False
    outside = _words_of(sentence, inside=False)
    if not outside:
        return False
    assert sentence.quote is not None
    # Mostly the words nearest the quote: the context a strict matcher leans on.
    outside.sort(key=lambda m: min(abs(m.end() - sentence.quote[0]), abs(m.start() - sentence.quote[1])))
    m = outside[0] if rng.random() < 0.6 else rng.choice(outside)
    word = _donor_word(rng, donors)
    if word == m.group():
        return False
    _replace_word(sentence, m, word)
    return True


def _typo_inside(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    sentence = _own(case)
    if sentence is None or case.quote_state == "gone":
        return False
    words = [m for m in _words_of(sentence, inside=True) if len(m.group()) >= 5]
    if not words:
        return False
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 2)
    typo = rng.choice((w[:i] + w[i + 1] + w[i] + w[i + 2 :], w[:i] + w[i + 1 :], w[:i] + w[i] + w[i:]))
    if typo == w:
        return False
    _replace_word(sentence, m, typo)
    case.quote_state = "edited"
    return True


def _change_word_inside(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    sentence = _own(case)
    if sentence is None or case.quote_state == "gone":
        return False
    words = _words_of(sentence, inside=True)
    if len(words) < 5:  # one word of a short quote changed is another quote
        return False
    m = rng.choice(words)
    word = _donor_word(rng, donors)
    if word == m.group():
        return False
    _replace_word(sentence, m, word)
    case.quote_state = "edited"
    return True


def _punctuation_inside(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    sentence = _own(case)
    if sentence is None or case.quote_state == "gone":
        return False
    words = _words_of(sentence, inside=True)[:-1]
    if not words:
        return False
    m = rng.choice(words)
    _replace_word(sentence, m, m.group() + rng.choice((",", ";", " -")))
    case.quote_state = "edited"
    return True


def _reorder_paragraphs(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    if len(case.paragraphs) < 2:
        return False
    before = list(case.paragraphs)
    rng.shuffle(case.paragraphs)
    return case.paragraphs != before


def _lookalike(case: Case, rng: random.Random, donors: list[list[str]]) -> Sentence | None:
    """A copy of the claim's sentence with one word outside the quote changed: the quote verbatim,
    in another sentence."""
    sentence = _own(case)
    if sentence is None or case.quote_state != "verbatim":
        return None
    copy = replace(sentence, own=False)
    outside = _words_of(copy, inside=False)
    if not outside:
        return None
    m = rng.choice(outside)
    word = _donor_word(rng, donors)
    if word == m.group():
        return None
    _replace_word(copy, m, word)
    copy.quote = None
    return copy


def _lookalike_next(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    copy = _lookalike(case, rng, donors)
    own = case.own_place()
    if copy is None or own is None:
        return False
    copy.copy = True
    p, s = own
    if rng.random() < 0.5:  # in the same paragraph, before or after it
        case.paragraphs[p].insert(s + rng.choice((0, 1)), copy)
    else:  # as a paragraph of its own next to the claim's
        case.paragraphs.insert(p + rng.choice((0, 1)), [copy])
    return True


def _lookalike_instead(rng: random.Random, case: Case, donors: list[list[str]]) -> bool:
    """The claim's sentence cut where the old text has a look-alike of it (made with
    ``make_case(lookalike=True)``): the look-alike is left, often in the claim's place."""
    if case.own_place() is None or not any(s.lookalike for p in case.paragraphs for s in p):
        return False
    _cut_own(case)
    return True


EDITS = {
    "insert_paragraph": _insert_paragraph,
    "delete_paragraph": _delete_paragraph,
    "insert_sentence": _insert_sentence,
    "delete_sentence": _delete_sentence,
    "change_word_around": _change_word_around,
    "typo_inside": _typo_inside,
    "change_word_inside": _change_word_inside,
    "punctuation_inside": _punctuation_inside,
    "reorder_paragraphs": _reorder_paragraphs,
    "lookalike_next": _lookalike_next,
    "lookalike_instead": _lookalike_instead,
    "delete_own_sentence": _delete_own_sentence,
}
assert set(EDITS) == set(KINDS)


@dataclass(frozen=True)
class Trial:
    """One revision and what re-anchoring did with it."""

    kinds: tuple[str, ...]
    state: str
    quote_state: str
    wrongly_placed: bool  # a span outside the claim's own surviving sentence
    lost: bool  # its quote survives verbatim and once, yet the claim was not kept


def judge(old: Case, new: Case, place_fn) -> Trial:  # type: ignore[no-untyped-def]
    """Run ``place_fn(old_text, new_text, old_quote_span) -> (state, span)`` and judge it by the truth."""
    old_text, _, old_quote = old.render()
    new_text, own, quote = new.render()
    assert old_quote is not None
    state, span = place_fn(old_text, new_text, old_quote)
    wrong = span is not None and (own is None or not (own[0] <= span[0] and span[1] <= own[1]))
    exact = old_text[old_quote[0] : old_quote[1]]
    survives_once = quote is not None and new_text.count(exact) == 1
    lost = survives_once and (span is None or (span[0], span[1]) != quote)
    return Trial(tuple(new.edits), state, new.quote_state, wrong, lost)
