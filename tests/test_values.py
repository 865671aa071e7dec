"""provenance.values: typed assertion values read as intervals, and when two can both hold."""

from __future__ import annotations

import calendar
import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import InvalidInput
from provenance.values import (
    DateValue,
    EntityValue,
    QuantityValue,
    TextValue,
    compatible,
    describe,
    parse_date,
    parse_quantity,
    parse_value,
)

D = date

# --- dates -----------------------------------------------------------------------------------------

DATES = [
    ("2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("May 2017", D(2017, 5, 1), D(2017, 5, 31), "month"),
    ("late May 2017", D(2017, 5, 21), D(2017, 5, 31), "range"),
    ("early May 2017", D(2017, 5, 1), D(2017, 5, 10), "range"),
    ("mid-May 2017", D(2017, 5, 11), D(2017, 5, 20), "range"),
    ("mid May 2017", D(2017, 5, 11), D(2017, 5, 20), "range"),
    ("late February 2016", D(2016, 2, 21), D(2016, 2, 29), "range"),  # leap year
    ("early 2017", D(2017, 1, 1), D(2017, 4, 30), "range"),
    ("mid-2017", D(2017, 5, 1), D(2017, 8, 31), "range"),
    ("late 2017", D(2017, 9, 1), D(2017, 12, 31), "range"),
    ("February 8, 2019", D(2019, 2, 8), D(2019, 2, 8), "day"),
    ("8 February 2019", D(2019, 2, 8), D(2019, 2, 8), "day"),
    ("10 January 2019", D(2019, 1, 10), D(2019, 1, 10), "day"),
    ("10th of January 2019", D(2019, 1, 10), D(2019, 1, 10), "day"),
    ("May 31st, 2017", D(2017, 5, 31), D(2017, 5, 31), "day"),
    ("2019-02-08", D(2019, 2, 8), D(2019, 2, 8), "day"),
    ("2019-02", D(2019, 2, 1), D(2019, 2, 28), "month"),
    ("October 7, 2016", D(2016, 10, 7), D(2016, 10, 7), "day"),
    ("Oct. 7, 2016", D(2016, 10, 7), D(2016, 10, 7), "day"),
    ("Sept 2014", D(2014, 9, 1), D(2014, 9, 30), "month"),
    ("the summer of 2014", D(2014, 6, 1), D(2014, 8, 31), "season"),
    ("spring 2015", D(2015, 3, 1), D(2015, 5, 31), "season"),
    ("the winter of 2014", D(2014, 1, 1), D(2015, 2, 28), "season"),  # both readings admitted
    ("between 2014 and 2016", D(2014, 1, 1), D(2016, 12, 31), "range"),
    ("2014–2016", D(2014, 1, 1), D(2016, 12, 31), "range"),
    ("2014-2016", D(2014, 1, 1), D(2016, 12, 31), "range"),
    ("2014 to 2016", D(2014, 1, 1), D(2016, 12, 31), "range"),
    ("2014-16", D(2014, 1, 1), D(2016, 12, 31), "range"),
    ("May–June 2017", D(2017, 5, 1), D(2017, 6, 30), "range"),  # the first half borrows the year
    ("from March to May 2017", D(2017, 3, 1), D(2017, 5, 31), "range"),
    ("in the 1990s", D(1990, 1, 1), D(1999, 12, 31), "decade"),
    ("the late 1990s", D(1997, 1, 1), D(1999, 12, 31), "range"),
    # tolerated lead-ins and case
    ("in 2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("on 8 February 2019", D(2019, 2, 8), D(2019, 2, 8), "day"),
    ("around 2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("circa 2015", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("IN THE SUMMER OF 2014", D(2014, 6, 1), D(2014, 8, 31), "season"),
    ("  may   2017. ", D(2017, 5, 1), D(2017, 5, 31), "month"),
]


@pytest.mark.parametrize(("text", "low", "high", "precision"), DATES)
def test_date_forms(text: str, low: date, high: date, precision: str) -> None:
    value = parse_date(text)
    assert (value.low, value.high, value.precision) == (low, high, precision)
    assert value.text == text


@pytest.mark.parametrize(
    ("text", "context", "low", "high"),
    [
        ("early February", "2019-02-08", D(2019, 2, 1), D(2019, 2, 10)),
        ("early February", "2019-02", D(2019, 2, 1), D(2019, 2, 10)),
        ("January", "2019", D(2019, 1, 1), D(2019, 1, 31)),
        ("February 8", "2019-03-01", D(2019, 2, 8), D(2019, 2, 8)),
        ("October 7", "2016-11-20", D(2016, 10, 7), D(2016, 10, 7)),
        ("late May", "2017-06-01", D(2017, 5, 21), D(2017, 5, 31)),
        ("the summer", "2014-09-01", D(2014, 6, 1), D(2014, 8, 31)),
        ("2015", "2019-02-08", D(2015, 1, 1), D(2015, 12, 31)),  # a written year wins over the context
    ],
)
def test_dates_without_a_year_take_it_from_the_context(
    text: str, context: str, low: date, high: date
) -> None:
    value = parse_date(text, context_date=context)
    assert (value.low, value.high) == (low, high)


def test_a_date_without_a_year_and_no_context_asks_for_a_year() -> None:
    with pytest.raises(InvalidInput, match="has no year") as caught:
        parse_date("early February")
    assert "document" in str(caught.value)


@pytest.mark.parametrize("text", ["", "soon", "late", "2019-13", "sometime", "Smarch 2019", "2015 or so"])
def test_unreadable_dates_say_which_forms_are_accepted(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_date(text)
    message = str(caught.value)
    assert f"cannot read {text!r} as a date" in message
    assert "accepted forms" in message and "May 2017" in message and "2019-02-08" in message


@pytest.mark.parametrize("text", ["February 30, 2019", "2019-02-29", "31 April 2019", "0000"])
def test_days_outside_the_calendar_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="not in the calendar"):
        parse_date(text)


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput, match="ends before it starts"):
        parse_date("2016–2014")


def test_a_malformed_context_date_is_refused() -> None:
    with pytest.raises(InvalidInput, match="ISO date"):
        parse_date("May", context_date="last week")


# --- quantities ------------------------------------------------------------------------------------

INF = math.inf
QUANTITIES = [
    ("80", 80, 80, False),
    ("1,500", 1500, 1500, False),
    ("2.5 million", 2_500_000, 2_500_000, False),
    ("about 80", 64, 96, True),
    ("around 80", 64, 96, True),
    ("roughly 80", 64, 96, True),
    ("approximately 80", 64, 96, True),
    ("~80", 64, 96, True),
    ("an estimated 500", 400, 600, True),
    ("some 500", 400, 600, True),
    ("nearly 100", 80, 100, True),
    ("more than 200", 201, INF, False),
    ("over 200", 201, INF, False),
    ("at least 200", 200, INF, False),
    ("more than a dozen", 13, INF, False),
    ("fewer than 10", 0, 9, False),
    ("less than 10", 0, 9, False),
    ("under 10", 0, 9, False),
    ("up to 50", 0, 50, False),
    ("several hundred", 200, 900, True),
    ("hundreds", 200, 999, True),
    ("a few hundred", 200, 400, True),
    ("several thousand", 2000, 9000, True),
    ("thousands", 2000, 9999, True),
    ("tens of thousands", 20_000, 99_999, True),
    ("hundreds of thousands", 200_000, 999_999, True),
    ("dozens", 24, 144, True),
    ("a dozen", 12, 12, False),
    ("two dozen", 24, 24, False),
    ("half a dozen", 4.8, 7.2, True),
    ("a few", 2, 5, True),
    ("several", 3, 9, True),
    ("a handful", 2, 6, True),
    ("five to seven", 5, 7, False),
    ("5-7", 5, 7, False),
    ("5–7", 5, 7, False),
    ("between five and seven", 5, 7, False),
    ("five or six", 5, 6, False),
    ("1,500-2,000", 1500, 2000, False),
    ("between two hundred and fifty and three hundred", 250, 300, False),
    ("zero", 0, 0, False),
    ("five", 5, 5, False),
    ("nineteen", 19, 19, False),
    ("twenty", 20, 20, False),
    ("twenty-five", 25, 25, False),
    ("ninety nine", 99, 99, False),
    ("hundred", 100, 100, False),
    ("a hundred", 100, 100, False),
    ("two hundred and fifty", 250, 250, False),
    ("thousand", 1000, 1000, False),
    ("two thousand", 2000, 2000, False),
    ("three thousand five hundred", 3500, 3500, False),
    ("Seventy", 70, 70, False),
    # the thing counted is ignored
    ("about 80 fighters", 64, 96, True),
    ("hundreds of fighters", 200, 999, True),
    ("more than 200 people", 201, INF, False),
]


@pytest.mark.parametrize(("text", "low", "high", "approximate"), QUANTITIES)
def test_quantity_forms(text: str, low: float, high: float, approximate: bool) -> None:
    value = parse_quantity(text)
    assert (value.low, value.high, value.approximate) == (pytest.approx(low), high, approximate)


@pytest.mark.parametrize(
    "text",
    ["", "lots", "many", "five seven", "twenty twenty", "seven to five", "more than", "hundred hundred"],
)
def test_unreadable_quantities_say_which_forms_are_accepted(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert f"cannot read {text!r} as a quantity" in message
    assert "accepted forms" in message and "about 80" in message and "several hundred" in message


# --- the pairs the design names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "a", "b", "expected"),
    [
        ("date", "2015", "May 2017", False),
        ("date", "2017", "May 2017", True),
        ("date", "October 7, 2016", "November 7, 2016", False),
        ("date", "late May 2017", "May 31, 2017", True),
        ("date", "early May 2017", "late May 2017", False),
        ("date", "between 2014 and 2016", "the summer of 2014", True),
        ("quantity", "an estimated 500", "several hundred", True),
        ("quantity", "about 500", "several hundred", True),
        ("quantity", "five to seven", "five", True),
        ("quantity", "five to seven", "half a dozen", True),
        ("quantity", "five", "half a dozen", True),
        ("quantity", "80", "more than 200", False),
        ("quantity", "about 80", "more than 200", False),
        ("quantity", "dozens", "hundreds", False),
        ("quantity", "a few", "several", True),
    ],
)
def test_named_pairs(kind: str, a: str, b: str, expected: bool) -> None:
    va, vb = parse_value(kind, a), parse_value(kind, b)
    assert compatible(va, vb) is expected
    assert compatible(vb, va) is expected


def test_early_february_with_a_context_is_the_first_ten_days() -> None:
    value = parse_value("date", "early February", context_date="2019-02-20")
    assert (value.low, value.high) == (D(2019, 2, 1), D(2019, 2, 10))  # type: ignore[union-attr]


# --- entities, text, dispatch ----------------------------------------------------------------------


def test_entities_are_compared_as_given_ids() -> None:
    assert compatible(parse_value("entity", "islamic-state"), parse_value("entity", "islamic-state"))
    assert not compatible(parse_value("entity", "islamic-state"), parse_value("entity", "al-qaida"))


def test_text_is_compared_without_case_or_spacing() -> None:
    assert compatible(
        parse_value("text", "IED attack  on a convoy"), parse_value("text", "ied attack on a Convoy ")
    )
    assert not compatible(parse_value("text", "IED attack"), parse_value("text", "firefight with bodyguards"))


def test_values_of_different_kinds_are_never_compatible() -> None:
    assert not compatible(parse_value("text", "2015"), parse_value("date", "2015"))
    assert not compatible(parse_value("entity", "mosul"), parse_value("text", "mosul"))


def test_parse_value_dispatches_on_kind() -> None:
    assert isinstance(parse_value("date", "2015"), DateValue)
    assert isinstance(parse_value(" Quantity ", "80"), QuantityValue)
    assert parse_value("entity", "al-baghdadi") == EntityValue("al-baghdadi")
    assert parse_value("text", "a convoy") == TextValue("a convoy")


def test_parse_value_refuses_unknown_kinds_and_empty_values() -> None:
    with pytest.raises(InvalidInput, match="date, quantity, entity, text"):
        parse_value("colour", "red")
    with pytest.raises(InvalidInput, match="empty"):
        parse_value("text", "   ")


# --- describe ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("date", "2015", "2015 (year)"),
        ("date", "May 2017", "May 2017 (month)"),
        ("date", "Oct. 7, 2016", "7 October 2016 (day)"),
        ("date", "late May 2017", "late May 2017"),
        ("date", "early February 2019", "early February 2019"),
        ("date", "mid-2017", "mid-2017"),
        ("date", "late February 2020", "late February 2020"),  # to the 29th, a leap year
        ("date", "May 2017 to July 2017", "2017-05-01–2017-07-31 (range)"),
        ("quantity", "an estimated 500", "400–600 (approx.)"),
        ("quantity", "80", "80"),
        ("quantity", "more than 200", "201 or more"),
        ("quantity", "1,500", "1,500"),
        ("quantity", "half a dozen", "4.8–7.2 (approx.)"),
        ("entity", "al-baghdadi", "al-baghdadi"),
        ("text", "a convoy", "a convoy"),
    ],
)
def test_describe(kind: str, text: str, expected: str) -> None:
    assert describe(parse_value(kind, text)) == expected


# --- properties ----------------------------------------------------------------------------------------

SAMPLE_TEXTS = [("date", t) for t, *_ in DATES] + [("quantity", t) for t, *_ in QUANTITIES]
samples = st.sampled_from(SAMPLE_TEXTS).map(lambda kt: parse_value(*kt))
free = st.text(max_size=12).filter(str.strip)
dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))
date_values = st.tuples(dates, dates).map(lambda p: DateValue("x", min(p), max(p), "range"))
quantity_values = st.tuples(st.integers(0, 1000), st.integers(0, 1000), st.booleans()).map(
    lambda t: QuantityValue("x", min(t[:2]), max(t[:2]), t[2])
)
values = st.one_of(samples, date_values, quantity_values, free.map(EntityValue), free.map(TextValue))


@given(values, values)
def test_compatible_is_symmetric(a, b) -> None:  # type: ignore[no-untyped-def]
    assert compatible(a, b) == compatible(b, a)


@given(values)
def test_every_value_is_compatible_with_itself(a) -> None:  # type: ignore[no-untyped-def]
    assert compatible(a, a)


@given(st.integers(-50, 50), st.integers(0, 30), st.integers(-50, 50), st.integers(0, 30))
def test_quantities_are_compatible_exactly_when_their_intervals_overlap(
    lo1: int, w1: int, lo2: int, w2: int
) -> None:
    a = QuantityValue("a", lo1, lo1 + w1, False)
    b = QuantityValue("b", lo2, lo2 + w2, False)
    overlap = bool(set(range(lo1, lo1 + w1 + 1)) & set(range(lo2, lo2 + w2 + 1)))
    assert compatible(a, b) is overlap


@given(st.integers(0, 3000), st.integers(0, 60), st.integers(0, 3000), st.integers(0, 60))
def test_dates_are_compatible_exactly_when_they_share_a_day(o1: int, w1: int, o2: int, w2: int) -> None:
    start = D(2000, 1, 1).toordinal()
    a = DateValue("a", D.fromordinal(start + o1), D.fromordinal(start + o1 + w1), "range")
    b = DateValue("b", D.fromordinal(start + o2), D.fromordinal(start + o2 + w2), "range")
    shared = set(range(o1, o1 + w1 + 1)) & set(range(o2, o2 + w2 + 1))
    assert compatible(a, b) is bool(shared)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_any_year_and_month_parse_to_the_whole_month(year: int, month: int) -> None:
    value = parse_date(f"{year:04d}-{month:02d}")
    assert value.low == D(year, month, 1)
    assert value.high == D(year, month, calendar.monthrange(year, month)[1])


@given(st.integers(0, 10**6))
def test_digits_read_back_as_themselves(n: int) -> None:
    for text in (str(n), f"{n:,}"):
        value = parse_quantity(text)
        assert value.low == value.high == n and not value.approximate


@given(st.text(max_size=30))
def test_parsers_either_read_or_raise_invalid_input(text: str) -> None:
    for kind in ("date", "quantity"):
        try:
            value = parse_value(kind, text)
        except InvalidInput:
            continue
        assert value.low <= value.high  # type: ignore[union-attr,operator]
