"""Known documents' titles found in one pass (issue 21): the trie finds exactly what one regular
expression per document (`markers._title_pattern`, the former scan) found, in the same order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.cites import markers
from provenance.cites.model import KnownDocument, title_form
from provenance.cites.text import Marker

# Words that share prefixes, change case, carry diacritics or fold to another length ("ß").
WORDS = [
    "the",
    "The",
    "THE",
    "caliph",
    "Caliph's",
    "men",
    "Men",
    "al-Naba",
    "naba",
    "Qāʿida",
    "qaida",
    "straße",
    "STRASSE",
    "issue",
    "4",
    "2016",
    "ﬁre",
    "fire",
    "Kelvin",
    "ſtate",
    "state",
    "x_y",
]
GAPS = ["", " ", "  ", ", ", " - ", "-\n", " — ", "_", "     ", "(", "). ", "\n\n", ":", "'"]


def reference(text: str, documents: list[KnownDocument]) -> list[Marker]:
    """The former scan: one compiled pattern per document, each searched through the text."""
    found = []
    for document in documents:
        pattern = markers._title_pattern(document.title)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            found.append(Marker(m.start(), m.end(), "title", title=m.group(), document=document.key))
    return found


def _phrase(draw: st.DrawFn, size: tuple[int, int]) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=size[0], max_size=size[1]))
    out = ""
    for i, word in enumerate(words):
        out += (draw(st.sampled_from(GAPS)) if i else "") + word
    return out


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[KnownDocument]]:
    titles = [_phrase(draw, (3, 7)) for _ in range(draw(st.integers(1, 6)))]
    titles += [draw(st.sampled_from(titles))]  # two documents of one title
    documents = [KnownDocument(f"d-{n}", t) for n, t in enumerate(titles)]
    pieces = [
        draw(st.sampled_from(titles)) if draw(st.booleans()) else _phrase(draw, (0, 6)) for _ in range(6)
    ]
    return "".join(p + draw(st.sampled_from(GAPS)) for p in pieces), documents


@settings(max_examples=400, deadline=None)
@given(cases())
def test_one_pass_finds_what_one_pattern_per_document_found(case: tuple[str, list[KnownDocument]]) -> None:
    text, documents = case
    assert markers.titles(text, documents) == reference(text, documents)


def test_overlapping_and_repeated_titles() -> None:
    documents = [
        KnownDocument("a", "The Caliph and the Men of the Caliph"),
        KnownDocument("b", "the men of the caliph and the men"),
        KnownDocument("c", "Islamic State in Libya: a report"),  # ":" and a short word
    ]
    text = (
        "In THE CALIPH AND THE MEN OF THE CALIPH and the men of the caliph and the men, "
        "see Islamic State in\u00a0Libya — a report; islamic_state in libya a report."
    )
    found = markers.titles(text, documents)
    assert found == reference(text, documents)
    assert [m.document for m in found] == ["a", "b", "c", "c"] and all(title_form(d.title) for d in documents)
