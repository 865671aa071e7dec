"""The one fold (provenance/folding.py) and the name variants (provenance/search/names.py).

app.js folds the same way: tests/test_report_browser.py compares the two on every code point.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import folding, unicode_ranges
from provenance.folding import MAX_WORD, fold_chars, fold_text, fold_words, words
from provenance.search.names import edits1, is_variant, skeleton
from provenance.text import fold_name


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("al-Bin'ali", "binali"),
        ("al-Binʿali", "binali"),
        ("al-Bin‘ali", "binali"),
        ("AL BIN’ALI", "binali"),
        ("Binali", "binali"),
        ("Turki al-Bin Ali", "turki bin ali"),
        ("Abū Bakr al-Baghdādī", "abu bakr baghdadi"),
        ("al Baghdadi", "baghdadi"),
        ("al‑Baghdadi", "baghdadi"),  # a non-breaking hyphen
        ("al-Qa`ida", "qaida"),
        ("al-Qaʾida", "qaida"),
        ("ash-Shishani", "shishani"),
        ("ad-Dawla al-Islamiya", "dawla islamiya"),
        ("ad Dawla al Islamiya", "dawla islamiya"),
        ("Salah ad-Din", "salah din"),
        ("at times, as soon as", "at times as soon as"),  # English is left alone
        ("ad-hoc", "ad hoc"),  # not an article: the next letter is not the same
        ("Al-Bukamal", "bukamal"),
        ("Abu Bakr al-Baghdadi’s", "abu bakr baghdadis"),
        ("İstanbul STRAẞE ΟΔΟΣ", "istanbul strasse οδοσ"),
        ("أبو بكر البغدادي", "ابو بكر بغدادي"),  # hamza on its carrier, and the article
        ("مدرسة ٢٠١٥", "مدرسه 2015"),  # ta marbuta, Arabic-Indic digits
        ("قَالَ المُتَحَدِّث", "قال متحدث"),  # harakat
        ("بغـــداد", "بغداد"),  # tatweel
        ("ﬁrst Ｆｕｌｌ ①", "first full 1"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_fold_name(typed: str, folded: str) -> None:
    assert fold_name(typed) == folded


def test_spellings_of_one_name_fold_alike() -> None:
    spellings = ["al-Bin'ali", "al-Binʿali", "Binali", "Al-Bin‘ali", "al Binali", "BINALI", "al-Binālī"]
    assert {fold_name(s) for s in spellings} == {"binali"}


def test_the_generated_ranges_are_this_pythons_database() -> None:
    if unicodedata.unidata_version != unicode_ranges.UNIDATA_VERSION:
        pytest.skip(f"this Python has Unicode {unicodedata.unidata_version}: the ranges are scanned")
    assert list(unicode_ranges.NONSPACING_MARKS) == folding._scan("Mn")
    assert list(unicode_ranges.SPACING_MARKS) == folding._scan("Mc")


def test_words_are_cut_and_fold_is_idempotent() -> None:
    long = "x" * 500
    assert words(long) == ["x" * MAX_WORD]
    for text in ["al-Baghdadi’s", "قَالَ المُتَحَدِّث", "ΟΔΟΣ Straße", "攻撃は失敗した"]:
        assert fold_text(fold_text(text)) == fold_text(text)


@given(st.text(max_size=40))
def test_per_character_folding_is_folding(text: str) -> None:
    """app.js highlights by folding one character at a time: steps 1-3 must allow that."""
    assert fold_chars(text) == "".join(fold_chars(c) for c in text)
    assert fold_name(text) == " ".join(fold_words(text))


def test_skeletons_and_variants() -> None:
    assert skeleton("bagdadi") == skeleton("baghdadi") != ""
    assert skeleton("boukamal") == skeleton("bukamal")
    assert skeleton("qaeda") == skeleton("kaida")
    assert skeleton("abc") == "" and skeleton("بغداد") == ""
    assert is_variant("bagdadi", "baghdadi")  # one edit, and the same skeleton
    assert is_variant("baghdadu", "baghdadi")  # one edit
    assert is_variant("osama", "usama") and is_variant("kaida", "qaeda")  # transliterations
    assert not is_variant("baghdadi", "baghdadi")  # the word itself is not a variant
    assert not is_variant("death", "dadafa") and not is_variant("the", "she")
    assert "baghdadi" in edits1("bagdadi") and all(e[:2] == "ba" for e in edits1("bagdadi"))
    assert "بغدادي" in edits1("بغداد")  # Arabic words get Arabic letters
    assert not is_variant("isl", "isil")  # words under four letters are matched as typed
