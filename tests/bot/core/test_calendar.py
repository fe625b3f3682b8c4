from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.calendar import WorkCalendar, make_calendar
from bot.core.errors import CalendarError

CN = make_calendar("cn")


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# The State Council's 2026 notice: 元旦 Jan 1-3 with Sunday Jan 4 worked; 春节 Feb 15-23 with
# Saturdays Feb 14 and Feb 28 worked.
NEW_YEAR_2026 = days(date(2026, 1, 1), date(2026, 1, 3))
SPRING_FESTIVAL_2026 = days(date(2026, 2, 15), date(2026, 2, 23))
MAKE_UP_DAYS_2026_Q1 = [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28)]


def test_china_2026_statutory_holidays_are_days_off() -> None:
    for day in NEW_YEAR_2026 + SPRING_FESTIVAL_2026:
        assert not CN.is_working_day(day), day


def test_china_2026_make_up_weekend_days_are_working_days() -> None:
    for day in MAKE_UP_DAYS_2026_Q1:
        assert day.weekday() >= 5  # a Saturday or Sunday ...
        assert CN.is_working_day(day)  # ... that is worked (调休)


def test_china_2026_q1_has_59_working_days() -> None:
    weekdays = [d for d in days(date(2026, 1, 1), date(2026, 3, 31)) if d.weekday() < 5]
    holidays_on_weekdays = [d for d in NEW_YEAR_2026 + SPRING_FESTIVAL_2026 if d.weekday() < 5]
    expected = sorted(set(weekdays) - set(holidays_on_weekdays) | set(MAKE_UP_DAYS_2026_Q1))

    assert CN.working_days(date(2026, 1, 1), date(2026, 3, 31)) == expected
    assert len(expected) == 59


def test_working_days_run_across_a_year_end() -> None:
    assert CN.working_days(date(2026, 12, 28), date(2027, 1, 5)) == [
        date(2026, 12, 28),
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
        # 2027-01-01 元旦
        date(2027, 1, 4),
        date(2027, 1, 5),
    ]


def test_a_reversed_span_has_no_working_days() -> None:
    assert CN.working_days(date(2026, 3, 31), date(2026, 3, 1)) == []


def test_none_calendar_is_monday_to_friday_without_holidays() -> None:
    plain = make_calendar("none")
    week = days(date(2026, 1, 1), date(2026, 1, 7))  # Thursday to Wednesday

    assert [plain.is_working_day(d) for d in week] == [True, True, False, False, True, True, True]
    assert plain.provisional_years(date(2026, 1, 1), date(2040, 1, 1)) == []


@pytest.mark.parametrize(
    ("code", "day_off", "name_part"),
    [
        ("us", date(2026, 7, 3), "Independence Day"),  # July 4 is a Saturday: observed Friday
        ("JP", date(2026, 1, 1), "New Year"),
        ("de", date(2026, 4, 6), "Easter Monday"),
        ("gb", date(2026, 12, 25), "Christmas"),
        ("hk", date(2026, 7, 1), "Establishment Day"),
        ("sg", date(2026, 8, 10), "National Day"),  # Aug 9 is a Sunday: observed Monday
    ],
)
def test_other_countries_work_the_same_way(code: str, day_off: date, name_part: str) -> None:
    calendar = make_calendar(code)

    assert not calendar.is_working_day(day_off)
    assert name_part in (calendar.holiday_name(day_off, lang="en") or "")
    assert calendar.is_working_day(day_off - timedelta(days=7))  # the same weekday, a week before


@pytest.mark.parametrize("code", ["xx", "", "china", "cn2"])
def test_unknown_calendar_is_refused_in_both_languages(code: str) -> None:
    with pytest.raises(CalendarError) as caught:
        make_calendar(code)

    assert caught.value.code == "unknown_calendar"
    assert "none" in caught.value.message("en")
    assert "国家代码" in caught.value.message("zh-Hans")
    assert "cn" in caught.value.example


def test_codes_are_case_insensitive_and_kept_lower_case() -> None:
    assert make_calendar(" CN ") == CN
    assert make_calendar("CN").code == "cn"
    assert make_calendar("None").code == "none"


def test_workspace_closed_days_never_carry_a_target() -> None:
    closed = date(2026, 3, 6)  # an ordinary Friday
    calendar = make_calendar("cn", closed=[closed])

    assert CN.is_working_day(closed)
    assert not calendar.is_working_day(closed)
    assert closed not in calendar.working_days(date(2026, 3, 1), date(2026, 3, 31))
    assert calendar.holiday_name(closed, lang="zh-Hans") == "公司休息日"
    assert calendar.holiday_name(closed) == "Workspace day off"


def test_workspace_extra_working_days_carry_a_target_even_on_a_weekend() -> None:
    saturday = date(2026, 3, 7)
    calendar = make_calendar("cn", extra_working=[saturday, date(2026, 2, 17)])

    assert calendar.is_working_day(saturday)
    assert calendar.is_working_day(date(2026, 2, 17))  # even on 春节, if the workspace says so
    assert calendar.holiday_name(saturday) is None


def test_a_day_both_closed_and_working_is_refused() -> None:
    day = date(2026, 3, 7)
    with pytest.raises(CalendarError) as caught:
        make_calendar("cn", closed=[day], extra_working=[day])
    assert "2026-03-07" in caught.value.message("en")
    assert "2026-03-07" in caught.value.message("zh-Hans")


def test_a_datetime_is_not_accepted_as_a_day() -> None:
    with pytest.raises(CalendarError):
        make_calendar("cn", closed=[datetime(2026, 3, 6, 9, 0)])


def test_china_2026_is_official_and_years_without_a_decree_are_provisional() -> None:
    # 2026's State Council notice is in the library; a year far ahead can only be rule-based.
    assert not CN.is_provisional(2026)
    assert CN.is_provisional(2040)
    assert CN.provisional_years(date(2025, 1, 1), date(2026, 12, 31)) == []
    assert 2040 in CN.provisional_years(date(2026, 6, 1), date(2040, 1, 31))


def test_china_provisional_years_are_exactly_those_after_the_last_make_up_days() -> None:
    # The data-driven rule, checked against the data: years from the first one the library knows
    # no make-up working day for are provisional, the ones before are not.
    def has_make_up_days(year: int) -> bool:
        weekend = [d for d in days(date(year, 1, 1), date(year, 12, 31)) if d.weekday() >= 5]
        return any(CN.is_working_day(d) for d in weekend)

    first_guess = next(y for y in range(2026, 2100) if not has_make_up_days(y))
    assert all(has_make_up_days(y) for y in range(2015, first_guess))
    assert CN.provisional_years(date(2015, 1, 1), date(first_guess + 3, 12, 31)) == list(
        range(first_guess, first_guess + 4)
    )


def test_estimated_lunar_and_islamic_dates_make_a_year_provisional() -> None:
    # The UAE's Islamic holidays are estimated by the library for years it has no decision for.
    uae = make_calendar("ae")
    assert uae.is_provisional(2040)
    assert make_calendar("us").provisional_years(date(2026, 1, 1), date(2040, 12, 31)) == []


def test_holiday_names_come_in_the_users_language() -> None:
    assert CN.holiday_name(date(2026, 2, 17), lang="zh-Hans") == "春节"
    assert CN.holiday_name(date(2026, 2, 17), lang="zh-Hant") == "春節"
    assert "Spring Festival" in (CN.holiday_name(date(2026, 2, 17), lang="en") or "")
    assert CN.holiday_name(date(2026, 1, 1), lang="zh-Hans") == "元旦"


def test_holiday_name_is_none_on_working_days_and_plain_weekends() -> None:
    assert CN.holiday_name(date(2026, 1, 4)) is None  # a worked Sunday
    assert CN.holiday_name(date(2026, 3, 7)) is None  # an ordinary Saturday
    assert CN.holiday_name(date(2026, 3, 9)) is None  # an ordinary Monday


def test_a_calendar_is_a_value_reusable_for_every_rep() -> None:
    again = make_calendar("cn")
    assert again == CN
    assert hash(again) == hash(CN)
    assert isinstance(again, WorkCalendar)


spans = st.tuples(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(min_value=0, max_value=400),
)


@settings(max_examples=60, deadline=None)
@given(span=spans, code=st.sampled_from(["cn", "us", "none", "tw"]))
def test_working_days_are_exactly_the_working_days_in_the_span(
    span: tuple[date, int], code: str
) -> None:
    start, length = span
    end = start + timedelta(days=length)
    calendar = make_calendar(code)

    assert calendar.working_days(start, end) == [
        d for d in days(start, end) if calendar.is_working_day(d)
    ]
    assert set(calendar.provisional_years(start, end)) <= set(range(start.year, end.year + 1))
