from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import PeriodError
from bot.core.periods import (
    Period,
    half_of,
    month_of,
    parse_period,
    quarter_of,
    single_day,
    span,
    week_of,
    year_of,
)

# A Monday in the middle of 2026Q4 (ISO week 2026-W48).
TODAY = date(2026, 11, 23)


def period(label: str, start: str, end: str) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end), label)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027", period("2027", "2027-01-01", "2027-12-31")),
        ("2027年", period("2027", "2027-01-01", "2027-12-31")),
        ("2027Q1", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027q1", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027-Q1", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("Q1 2027", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027Q4", period("2027Q4", "2027-10-01", "2027-12-31")),
        ("２０２７Ｑ１", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027年第一季度", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027年一季度", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027年Q1", period("2027Q1", "2027-01-01", "2027-03-31")),
        ("2027-03", period("2027-03", "2027-03-01", "2027-03-31")),
        ("2027/03", period("2027-03", "2027-03-01", "2027-03-31")),
        ("2027年3月", period("2027-03", "2027-03-01", "2027-03-31")),
        ("2028-02", period("2028-02", "2028-02-01", "2028-02-29")),
        ("March 2027", period("2027-03", "2027-03-01", "2027-03-31")),
        ("2027-W05", period("2027-W05", "2027-02-01", "2027-02-07")),
        ("2026-W53", period("2026-W53", "2026-12-28", "2027-01-03")),
        ("2027H1", period("2027H1", "2027-01-01", "2027-06-30")),
        ("2027H2", period("2027H2", "2027-07-01", "2027-12-31")),
        ("2027年上半年", period("2027H1", "2027-01-01", "2027-06-30")),
        ("2027-01-15", period("2027-01-15", "2027-01-15", "2027-01-15")),
        ("2027年1月15日", period("2027-01-15", "2027-01-15", "2027-01-15")),
    ],
)
def test_explicit_periods_are_the_whole_span_whatever_today_is(text: str, expected: Period) -> None:
    assert parse_period(text, today=TODAY) == expected
    assert parse_period(text, today=date(2031, 6, 1)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2027-01-01..2027-03-31",
        "2027-01-01~2027-03-31",
        "2027-01-01 to 2027-03-31",
        "2027-01-01至2027-03-31",
        "2027-01-01 .. 2027-03-31",
        "2027/1/1 ~ 2027/3/31",
    ],
)
def test_a_range_of_days_covers_both_ends(text: str) -> None:
    assert parse_period(text, today=TODAY) == period(
        "2027-01-01..2027-03-31", "2027-01-01", "2027-03-31"
    )


def test_a_range_may_join_two_periods_from_the_start_of_one_to_the_end_of_the_other() -> None:
    assert parse_period("2027Q1..2027Q2", today=TODAY) == period(
        "2027-01-01..2027-06-30", "2027-01-01", "2027-06-30"
    )
    assert parse_period("本月至下个月", today=TODAY) == period(
        "2026-11-01..2026-12-31", "2026-11-01", "2026-12-31"
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("this quarter", "2026Q4"),
        ("This Quarter", "2026Q4"),
        ("next quarter", "2027Q1"),
        ("last quarter", "2026Q3"),
        ("this month", "2026-11"),
        ("NEXT MONTH", "2026-12"),
        ("last month", "2026-10"),
        ("this week", "2026-W48"),
        ("next week", "2026-W49"),
        ("last week", "2026-W47"),
        ("this year", "2026"),
        ("next year", "2027"),
        ("last year", "2025"),
        ("本季度", "2026Q4"),
        ("这个季度", "2026Q4"),
        ("下季度", "2027Q1"),
        ("下个季度", "2027Q1"),
        ("上季度", "2026Q3"),
        ("本月", "2026-11"),
        ("这个月", "2026-11"),
        ("下个月", "2026-12"),
        ("下月", "2026-12"),
        ("上个月", "2026-10"),
        ("上月", "2026-10"),
        ("本周", "2026-W48"),
        ("这周", "2026-W48"),
        ("下周", "2026-W49"),
        ("上周", "2026-W47"),
        ("這個月", "2026-11"),
        ("下個季度", "2027Q1"),
        ("上週", "2026-W47"),
        ("今年", "2026"),
        ("明年", "2027"),
        ("去年", "2025"),
        ("明年上半年", "2027H1"),
        ("Q1", "2026Q1"),
        ("q3", "2026Q3"),
        ("第一季度", "2026Q1"),
        ("3月", "2026-03"),
        ("三月", "2026-03"),
        ("十二月", "2026-12"),
        ("H1", "2026H1"),
        ("上半年", "2026H1"),
        ("下半年", "2026H2"),
    ],
)
def test_relative_periods_are_read_against_today(text: str, label: str) -> None:
    assert parse_period(text, today=TODAY).label == label


@pytest.mark.parametrize(
    ("today", "text", "label"),
    [
        (date(2026, 12, 31), "next month", "2027-01"),
        (date(2026, 12, 31), "next quarter", "2027Q1"),
        (date(2027, 1, 1), "last month", "2026-12"),
        (date(2027, 1, 1), "last quarter", "2026Q4"),
        # 2027-01-01 is a Friday in ISO week 2026-W53.
        (date(2027, 1, 1), "this week", "2026-W53"),
        (date(2027, 1, 1), "next week", "2027-W01"),
    ],
)
def test_relative_periods_cross_year_ends(today: date, text: str, label: str) -> None:
    assert parse_period(text, today=today).label == label


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("2026Q9", "quarter"),
        ("Q0", "quarter"),
        ("第五季度", "quarter"),
        ("2026H3", "half"),
        ("2026-13", "month"),
        ("2026-00", "month"),
        ("2026年13月", "month"),
        ("2026-W54", "week"),
        ("2027-W53", "week"),
        ("2026-W00", "week"),
        ("2026-02-30", "day"),
        ("2027年2月29日", "day"),
        ("2027-03-31..2027-01-01", "reversed"),
        ("2027Q2..2027Q1", "reversed"),
        ("2027-01-01..2032-01-01", "range_too_long"),
        ("1999", "year_out_of_range"),
        ("2101Q1", "year_out_of_range"),
        ("1999-12-31..2000-01-05", "year_out_of_range"),
        ("abc", "unreadable"),
        ("下下个月", "unreadable"),
        ("2027..2028..2029", "unreadable"),
        ("2027 Q1 Q2", "unreadable"),
        ("x" * 201, "too_long"),
    ],
)
def test_bad_periods_say_what_is_wrong_in_both_languages_with_an_example(
    text: str, code: str
) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(text, today=TODAY)
    error = raised.value
    assert error.code == code
    assert error.en
    assert error.zh
    assert error.zh in error.message("zh-Hans")
    assert error.en in error.message("en")
    # The example shown to the user must itself be accepted.
    parse_period(error.example, today=TODAY)


def test_five_years_is_the_longest_range() -> None:
    longest = parse_period("2027-01-01..2031-12-31", today=TODAY)
    assert longest.days == 1826
    assert parse_period("2028-02-29..2033-02-28", today=TODAY).end == date(2033, 2, 28)


def test_relative_periods_refuse_to_leave_the_supported_years() -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period("next year", today=date(2100, 6, 1))
    assert raised.value.code == "year_out_of_range"


@pytest.mark.parametrize(
    ("helper", "day", "label", "start", "end"),
    [
        (year_of, date(2027, 5, 17), "2027", "2027-01-01", "2027-12-31"),
        (half_of, date(2027, 7, 1), "2027H2", "2027-07-01", "2027-12-31"),
        (quarter_of, date(2027, 5, 17), "2027Q2", "2027-04-01", "2027-06-30"),
        (month_of, date(2028, 2, 10), "2028-02", "2028-02-01", "2028-02-29"),
        (week_of, date(2027, 1, 1), "2026-W53", "2026-12-28", "2027-01-03"),
    ],
)
def test_the_period_containing_a_day(
    helper: Callable[[date], Period], day: date, label: str, start: str, end: str
) -> None:
    assert helper(day) == period(label, start, end)


days = st.dates(min_value=date(2000, 1, 10), max_value=date(2100, 12, 20))


@settings(max_examples=200)
@given(days, st.sampled_from([year_of, half_of, quarter_of, month_of, week_of, single_day]))
def test_every_canonical_label_reads_back_as_its_own_period(
    day: date, helper: Callable[[date], Period]
) -> None:
    canonical = helper(day)
    assert day in canonical
    assert parse_period(canonical.label, today=TODAY) == canonical


@settings(max_examples=200)
@given(days, st.integers(min_value=0, max_value=1000))
def test_a_range_label_reads_back_as_its_own_period(start: date, length: int) -> None:
    explicit = span(start, min(start + timedelta(days=length), date(2100, 12, 31)))
    assert parse_period(explicit.label, today=TODAY) == explicit


@settings(max_examples=200)
@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["year", "quarter", "month", "week"]),
)
def test_this_next_and_last_are_adjacent_and_this_contains_today(today: date, unit: str) -> None:
    this = parse_period(f"this {unit}", today=today)
    following = parse_period(f"next {unit}", today=today)
    previous = parse_period(f"last {unit}", today=today)
    assert today in this
    assert following.start == this.end + timedelta(days=1)
    assert previous.end == this.start - timedelta(days=1)


PERIOD_PIECES = st.sampled_from(
    [
        *"0123456789",
        "20",
        "2027",
        "1999",
        *"qQwWhH-/.~ ",
        "..",
        " to ",
        "至",
        *"年月日号季度周第上下本这个今明去半",
        *"一二三四五十",
        "this",
        "next",
        "last",
        "quarter",
        "month",
        "may",
        "Ｑ",
        "😀",
        "\x00",
        "\t",
        "\u200b",
    ]
)
period_like = st.lists(PERIOD_PIECES, max_size=16).map("".join)


def _check_period(text: str, today: date) -> None:
    try:
        parsed = parse_period(text, today=today)
    except PeriodError:
        return
    assert parsed.start <= parsed.end
    assert parsed.label


@settings(max_examples=400)
@given(st.text(max_size=60), days)
def test_any_text_gives_a_period_or_a_period_error(text: str, today: date) -> None:
    _check_period(text, today)


@settings(max_examples=1500)
@given(period_like, days)
def test_period_like_text_gives_a_period_or_a_period_error(text: str, today: date) -> None:
    _check_period(text, today)


@pytest.mark.parametrize(
    "text", ["2027 " * 40, "2027-" * 40, ".." * 100, "第" * 200, "2027年" * 33, " to " * 50]
)
def test_long_pathological_input_is_refused_quickly(text: str) -> None:
    # Anchored regexes without nested repetition: each of these is refused in microseconds; a
    # backtracking blow-up would hang here instead.
    with pytest.raises(PeriodError):
        parse_period(text, today=TODAY)
