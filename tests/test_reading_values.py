"""Dates, quantities, properties and claim readings on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from provenance.reading.dates import find_dates
from provenance.reading.quantities import find_quantities
from provenance.reading.readings import DocumentText, read_span


def _q(text: str) -> list[tuple[object, str | None]]:
    return [(q.normalised(), q.unit) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Floods killed 1,250 people.", [(1250.0, "people")]),
        ("The plant employs 2.4 million workers.", [(2400000.0, "people")]),
        ("Sixty-three miners were trapped.", [(63.0, "people")]),
        ("The fine was 6 million euros, not $6 million.", [(6000000.0, "EUR"), (6000000.0, "USD")]),
        ("A convoy of more than 300 trucks.", [([301.0, None], "trucks")]),
        ("Up to 40 villages were cut off.", [([None, 40.0], "villages")]),
        ("at least 12 people", [([12.0, None], "people")]),
        ("no more than 15,000 fans", [([None, 15000.0], "people")]),
        ("about 30 km (19 miles) inland", [([27.0, 33.0], "km")]),
        ("a town 12 miles from the coast", [(19.312128, "km")]),
        ("a few hundred protesters", [([200.0, 900.0], "people")]),
        ("dozens of homes", [([24.0, 144.0], "homes")]),
        ("Turnout was 64 percent, up from 58%.", [(64.0, "percent"), (58.0, "percent")]),
        ("a magnitude 6.1 earthquake", [(6.1, None)]),
        ("the 5.9-magnitude tremor", [(5.9, None)]),
        ("a magnitude 6,4 quake at a depth of 10km", [(6.4, None), (10.0, "km")]),
        ("roughly 2.5 million barrels", [(2500000.0, "barrels")]),
        ("half a million people", [(500000.0, "people")]),
        ("one in five adults", []),
        ("Flight 370 and Route 9", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[object, str | None]]) -> None:
    assert _q(text) == expected


def test_a_fraction_of_a_figure_just_given() -> None:
    found = find_quantities(
        "Unions said 80,000 workers joined the strike; the government said barely a quarter of that."
    )
    assert found[-1].normalised() == [None, 20000.0]
    assert found[-1].unit == "people"


@pytest.mark.parametrize(
    ("text", "published", "iso", "role"),
    [
        ("The dam burst on Monday.", "2021-07-15", "2021-07-12", "event"),
        ("The minister said on Thursday.", "2021-07-15", "2021-07-15", "report"),
        ("Police said yesterday.", "2021-07-15", "2021-07-14", "report"),
        ("Shares fell last month.", "2021-07-15", "2021-06", "event"),
        ("The strike began on March 3.", "2021-07-15", "2021-03-03", "event"),
        ("The vote is set for December 30.", "2022-01-04", "2021-12-30", "event"),
        ("since 1998", "2021-07-15", "1998", "since"),
        ("at 3:40 p.m. on Friday", "2021-07-15", "2021-07-09", "event"),
        ("Flooding hit in late June 2020.", "2021-07-15", ["2020-06-21", "2020-06-30"], "event"),
    ],
)
def test_dates(text: str, published: str, iso: object, role: str) -> None:
    found = [d for d in find_dates(text, published) if d.precision != "time"]
    assert [(d.iso(), d.role) for d in found][:1] == [(iso, role)]


def test_time_of_day_takes_the_date_of_its_sentence() -> None:
    day, time = sorted(
        find_dates("The quake struck at 6:58 p.m. on April 16.", "2016-04-18"), key=lambda d: d.precision
    )
    assert day.iso() == "2016-04-16"
    assert time.iso() == "2016-04-16T18:58"


def test_a_weekday_in_a_report_dated_only_to_the_month() -> None:
    (d,) = find_dates("The union said on Tuesday.", "2019-03")
    assert (d.low, d.high) == (date(2019, 2, 26), date(2019, 3, 26))  # every Tuesday it can be
    (d,) = find_dates("The union said on Tuesday.", "2019-03", not_before=date(2019, 3, 10))
    assert d.iso() == "2019-03-12"


def _read(text: str, quote: str, published: str = "2020-02-03") -> list[tuple[str, object, str | None, bool]]:
    doc = DocumentText(text, published)
    at = text.index(quote)
    return [(r.property, r.normalised, r.unit, r.superseded) for r in read_span(doc, at, at + len(quote))]


def test_properties_from_the_words_around_the_number() -> None:
    text = "A bus carrying 52 passengers overturned, leaving 14 dead and 30 injured."
    assert _read(text, text) == [
        ("on board", 52.0, "people", False),
        ("deaths", 14.0, "people", False),
        ("injured", 30.0, "people", False),
    ]


def test_the_number_of_phrase_and_a_headline() -> None:
    text = "Rain Toll: 23 Dead, 7 Missing\n\nThe storm raised the number of people killed to 23."
    assert _read(text, "23 Dead, 7 Missing") == [
        ("deaths", 23.0, "people", False),
        ("missing", 7.0, "people", False),
    ]
    assert _read(text, "raised the number of people killed to 23") == [("deaths", 23.0, "people", False)]


def test_withdrawn_figures_are_superseded() -> None:
    text = (
        "The agency first said 90 workers had been evacuated — an error it blamed on a typo. "
        "The army had reported 400 troops deployed. It later described that figure as wrong. "
        "Only 61 people voted, not 81, as the council had been saying."
    )
    assert _read(text, "90 workers had been evacuated")[0][3] is True
    assert _read(text, "400 troops deployed")[0][3] is True
    assert _read(text, "Only 61 people voted, not 81")[0][3] is False
    assert _read(text, "not 81, as the council")[0][3] is True


def test_a_past_event_and_a_sub_group_are_other_subjects() -> None:
    text = (
        "It was the worst flood since 1953, when 1,800 people died. The school said all of its 40 pupils "
        "were "
        "safe."
    )
    doc = DocumentText(text, "2020-02-03")
    at = text.index("1,800")
    (r,) = [r for r in read_span(doc, at, at + 17) if r.kind == "quantity"]
    assert r.qualifier == "in 1953"
    at = text.index("all of its")
    (r,) = read_span(doc, at, at + 30)
    assert r.qualifier == "sub-group"


def test_a_count_holds_for_the_time_its_sentence_gives() -> None:
    text = "Health officials said on Friday that 210 cases had been confirmed."
    doc = DocumentText(text, "2020-03-09")
    (r,) = read_span(doc, text.index("210"), text.index("210") + 30)
    assert r.holds_for == (date(2020, 3, 6), date(2020, 3, 6))
