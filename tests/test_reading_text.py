"""Sentence splitting, header lines, the name fold and entity lookup."""

from __future__ import annotations

import pytest

from provenance.reading.document import split_header
from provenance.reading.names import EntityIndex, EntityName, fold_name, skeleton
from provenance.reading.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The coup attempt failed.The leader fled.", ["The coup attempt failed.", "The leader fled."]),
        ("Mr. Lee met Gen. Park in the U.S. capital.", ["Mr. Lee met Gen. Park in the U.S. capital."]),
        ("It struck at 4 a.m. The town slept.", ["It struck at 4 a.m.", "The town slept."]),
        ("It struck at 4 a.m. Tuesday.", ["It struck at 4 a.m. Tuesday."]),
        ("“We will stay,” he said. “Always.”", ["“We will stay,” he said.", "“Always.”"]),
        ("J. K. Rowling spoke. She left.", ["J. K. Rowling spoke.", "She left."]),
        (
            "Prices rose 3.5 percent. Analysts were surprised.",
            ["Prices rose 3.5 percent.", "Analysts were surprised."],
        ),
        ("Visit example.com today. Then leave.", ["Visit example.com today.", "Then leave."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_pdf_lines_wrap_but_paragraphs_and_headings_break() -> None:
    text = (
        "Share  Tweet\n"
        "The committee found that the contractor had ignored three separate warnings about the\n"
        "condition of the bridge before it collapsed.\n\n"
        "Background\n"
        "Work began in 2015."
    )
    assert _split(text) == [
        "Share  Tweet",
        "The committee found that the contractor had ignored three separate warnings about the\n"
        "condition of the bridge before it collapsed.",
        "Background",
        "Work began in 2015.",
    ]


def test_header_lines_and_front_matter() -> None:
    text = "URL: https://x.example/a\nTITLE: A title\n\nBody starts here."
    body = split_header(text)
    assert text[body.start :] == "\nBody starts here." or text[body.start :].strip() == "Body starts here."
    assert body.metadata == {"url": "https://x.example/a", "title": "A title"}
    fm = "---\ntitle: Report\ndate: 2020-01-02\n---\nText."
    assert fm[split_header(fm).start :] == "Text."
    assert split_header("Note: this is text.\nMore.").start == 0


@pytest.mark.parametrize(
    "names",
    [
        ("Binali", "al-Bin'ali", "Al Binali", "al-Binʿali", "BINALI"),
        ("Ḥasan", "Hasan"),
        ("Jean-Luc", "jean luc"),
    ],
)
def test_the_fold_makes_transliterations_alike(names: tuple[str, ...]) -> None:
    assert len({fold_name(n) for n in names}) == 1


def test_arabic_script_keeps_its_letters() -> None:
    assert fold_name("البنعلي") != ""


def test_skeleton_of_romanisations() -> None:
    assert skeleton("Byungpoong") == skeleton("Byeongpung")


def test_entities_found_by_alias_once_each() -> None:
    index = EntityIndex(
        [
            EntityName("binali", ("Turki al-Binali", "al-Bin'ali", "Turki ibn Mubarak al-Binali")),
            EntityName("is", ("Islamic State", "IS")),
        ]
    )
    hits = index.find(
        "Turki ibn Mubarak al-Binali, the Islamic State ideologue; Binali… no: al-Bin‘ali wrote."
    )
    assert [h.id for h in hits] == ["binali", "is"]
    assert hits[0].name == "Turki ibn Mubarak al-Binali"
