"""Pure parts of "one work, one source": canonical_url (provenance.urls), shingles, MinHash bands and
overlap (provenance.reading.reuse), and the union of same-work links (provenance.works.group_works)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.reading import reuse
from provenance.urls import canonical_url
from provenance.works import group_works

PAGE = "theguardian.com/world/2019/feb/07/isis-leader"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.theguardian.com/world/2019/feb/07/isis-leader",
        "http://theguardian.com/world/2019/feb/07/isis-leader",
        "https://WWW.TheGuardian.com/world/2019/feb/07/isis-leader/",
        "https://www.theguardian.com/world/2019/feb/07/isis-leader?utm_source=twitter&utm_medium=social",
        "https://www.theguardian.com/world/2019/feb/07/isis-leader?fbclid=IwAR0abc&gclid=x",
        "https://www.theguardian.com/world/2019/feb/07/isis-leader?CMP=share_btn_tw#comments",
        "https://amp.theguardian.com/world/2019/feb/07/isis-leader",
        "https://m.theguardian.com/world/2019/feb/07/isis-leader",
        "https://www.theguardian.com/world/2019/feb/07/isis-leader/amp",
        "https://www.theguardian.com/amp/world/2019/feb/07/isis-leader",
        "https://www.theguardian.com:443/world/2019/feb/07/isis-leader",
        "https://www.theguardian.com/world/2019/feb/07/isis-leader?amp=1",
        "  https://www.theguardian.com/world/2019/feb/07/isis-leader  ",
    ],
)
def test_variants_of_one_page_fold_together(url: str) -> None:
    assert canonical_url(url) == PAGE


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org/news/1", "https://example.org/news/2"),
        ("https://example.org/story?id=1", "https://example.org/story?id=2"),
        ("https://example.org/a", "https://example.com/a"),
        ("https://example.org/a", "https://example.org:8080/a"),
        ("https://news.example.org/a", "https://example.org/a"),
    ],
)
def test_different_pages_stay_apart(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


def test_query_that_names_the_page_is_kept_in_a_fixed_order() -> None:
    assert canonical_url("https://example.org/s?b=2&a=1&utm_campaign=x") == "example.org/s?a=1&b=2"
    assert canonical_url("https://example.org/s?a=1&b=2") == canonical_url("https://example.org/s?b=2&a=1")


def test_amp_html_and_index_pages() -> None:
    assert canonical_url("https://example.org/news/story.amp.html") == "example.org/news/story.html"
    assert canonical_url("https://www.bbc.co.uk/news/world-123.amp") == "bbc.co.uk/news/world-123"
    assert canonical_url("https://example.org/news/index.html") == "example.org/news"


@pytest.mark.parametrize(
    "url", [None, "", "ftp://example.org/a", "javascript:alert(1)", "mailto:a@b.org", "http://[::1", "x"]
)
def test_what_is_not_an_http_page_has_no_canonical_form(url: str | None) -> None:
    assert canonical_url(url) is None


def test_www_prefix_of_a_bare_domain_is_kept() -> None:
    # "www.com" is a host of its own, not the www edition of "com".
    assert canonical_url("https://www.com/a") == "www.com/a"


@given(st.text(max_size=200))
def test_canonical_url_never_raises(url: str) -> None:
    found = canonical_url(url)
    assert found is None or isinstance(found, str)
    if found is not None:  # canonical twice is canonical once
        assert canonical_url("https://" + found) == found


# ------------------------------------------------------------------------------------ reuse

STORY = " ".join(
    f"Paragraph {n} tells how the crews in district {n} moved families away from the rising river water."
    for n in range(1, 13)
)
OTHER = " ".join(
    f"Item {n}: the council debated the budget for road number {n} and voted to delay the repairs again."
    for n in range(1, 13)
)


def test_identical_text_in_another_layout_is_the_same_work() -> None:
    relaid = STORY.upper().replace(". ", ".\n\n")
    measured = reuse.compare(STORY, relaid)
    assert measured.jaccard == 1.0 and measured.same_work


def test_trimmed_copy_with_a_new_headline_is_the_same_work() -> None:
    trimmed = "A new headline for the copy\n\n" + STORY.rsplit("Paragraph 11", 1)[0]
    measured = reuse.compare(STORY, trimmed)
    assert measured.containment > 0.9 and measured.same_work


def test_different_stories_are_not() -> None:
    measured = reuse.compare(STORY, OTHER)
    assert measured.containment < 0.1 and not measured.same_work


def test_shared_phrases_alone_are_not_the_same_work() -> None:
    # Two reports that share a quotation and names but are otherwise written apart.
    quote = "we have never seen the water come up this fast said the mayor of the town"
    a = f"{OTHER} {quote}"
    b = f"{STORY} {quote}"
    assert not reuse.compare(a, b).same_work


def test_near_identical_texts_share_a_band_and_different_ones_do_not() -> None:
    copy = STORY.replace("Paragraph 3 ", "Para 3 ")
    assert set(reuse.text_bands(STORY)) & set(reuse.text_bands(copy))
    assert not set(reuse.text_bands(STORY)) & set(reuse.text_bands(OTHER))


def test_bands_are_stable_and_fit_a_signed_64_bit_column() -> None:
    first, again = reuse.text_bands(STORY), reuse.text_bands(STORY)
    assert first == again and len(first) == reuse.BANDS
    assert all(0 <= b < 2**63 for b in first)
    assert reuse.text_bands("") == [] and reuse.text_bands("   ") == []


def test_a_short_text_is_one_shingle() -> None:
    assert len(reuse.shingles("Four words only here")) == 1


def test_title_key_needs_title_outlet_and_date() -> None:
    key = reuse.title_key("Isis leader believed to have fled!", 3, "2019-02-07")
    assert key == reuse.title_key("ISIS leader — believed to have fled", 3, "2019-02-07")
    assert key != reuse.title_key("Isis leader believed to have fled", 4, "2019-02-07")
    assert key != reuse.title_key("Isis leader believed to have fled", 3, "2019-02-08")
    assert reuse.title_key("Isis leader", None, "2019-02-07") is None
    assert reuse.title_key("Isis leader", 3, None) is None


def test_same_work_links_join_into_one_work_led_by_the_oldest_record() -> None:
    works = group_works([(5, 2), (9, 5), (7, 8)])
    assert works[9] == works[5] == works[2] == 2
    assert works[7] == works[8] == 7
    assert 3 not in works


def test_short_texts_alike_but_for_a_number_are_not_one_work() -> None:
    a = "Document 2 says the raid was on day 2 [2]."
    b = "Document 0 says the raid was on day 0 [0]."
    assert not reuse.compare(a, b).same_work
    assert reuse.compare(a, a + " ").same_work
