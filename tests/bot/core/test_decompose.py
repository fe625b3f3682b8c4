from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.allocate import allocate
from bot.core.calendar import WorkCalendar, make_calendar
from bot.core.decompose import (
    Even,
    Monthly,
    Plan,
    Ramp,
    Thirds,
    Weighting,
    decompose,
    naive_breakdown,
)
from bot.core.errors import CalendarError, SplitError
from bot.core.periods import Period

CN = make_calendar("cn")
WAN = Decimal(10_000)  # 万
FIVE_MILLION = Decimal("5000000.00")  # 500万
Q1_2026 = Period(date(2026, 1, 1), date(2026, 3, 31), "2026Q1")
Q1_2027 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")


def each_day(period: Period) -> list[date]:
    return [period.start + timedelta(days=i) for i in range(period.days)]


def round_to(amount: Decimal, step: Decimal) -> Decimal:
    return (amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step


# --- The sales article's worked example, and what the calendar makes of it -----------------------


def test_naive_breakdown_reproduces_the_articles_arithmetic() -> None:
    # "500万 a quarter is about 170万 a month, 42.5万 a week, 6万 a day" rests on 3 months,
    # 4 weeks a month and 7 days a week.
    naive = naive_breakdown(FIVE_MILLION, months=3, weeks_per_month=4, days_per_week=7)

    assert naive.month == Decimal("1666666.67")  # 166.67万
    assert naive.week == Decimal("416666.67")  # 41.67万
    assert naive.day == Decimal("59523.81")  # 5.95万

    # The article rounds the month to 170万 and carries that down: 170万 / 4 = 42.5万 a week,
    # 42.5万 / 7 = 6.07万, about 6万 a day.
    month = round_to(naive.month, 10 * WAN)
    week = month / 4
    assert (month, week) == (170 * WAN, Decimal("42.5") * WAN)
    assert round_to(week / 7, WAN) == 6 * WAN
    assert round_to(naive.day, WAN) == 6 * WAN  # the unrounded chain lands there too


def test_naive_breakdown_needs_at_least_one_of_each_unit() -> None:
    with pytest.raises(SplitError) as caught:
        naive_breakdown(FIVE_MILLION, months=0, weeks_per_month=4, days_per_week=7)
    assert "months" in caught.value.message("en")


def test_calendar_true_2027q1_puts_the_target_on_working_days_only() -> None:
    plan = decompose(FIVE_MILLION, Q1_2027, CN)

    assert plan.total == FIVE_MILLION
    assert sum(plan.by_month().values()) == FIVE_MILLION
    assert list(plan.by_month()) == ["2027-01", "2027-02", "2027-03"]
    assert all(CN.is_working_day(day) for day in plan.days)
    if CN.is_provisional(2027):
        # The rule-based 2027 of holidays 0.109: 元旦 Jan 1 and 春节 Feb 5-10, no make-up days.
        assert len(plan.days) == 59
    # Fewer days than 7 x 4 x 3 = 84 carry the target, so each carries more than the naive 5.95万.
    assert 55 <= len(plan.days) <= 64
    assert (
        min(plan.days.values())
        > naive_breakdown(FIVE_MILLION, months=3, weeks_per_month=4, days_per_week=7).day
    )


def test_calendar_true_2027q1_spring_festival_weeks_are_lighter() -> None:
    plan = decompose(FIVE_MILLION, Q1_2027, CN)
    weeks = plan.by_week()
    full_week = weeks["2027-W03"]  # Jan 18-22, an ordinary week

    spring_festival = date(2027, 2, 6)  # 正月初一
    iso = spring_festival.isocalendar()
    festival_week = f"{iso.year}-W{iso.week:02d}"
    assert weeks[festival_week] < full_week
    assert weeks["2027-W06"] < full_week / 2  # Feb 8-12: only the 11th and 12th are worked
    # February, with the festival in it, carries less than January and March.
    months = plan.by_month()
    assert months["2027-02"] < months["2027-01"] < months["2027-03"]


# --- The 2026Q1 China case ---------------------------------------------------------------------


def test_2026q1_china_zero_on_weekends_and_holidays_positive_on_make_up_days() -> None:
    plan = decompose(FIVE_MILLION, Q1_2026, CN)

    new_year = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)]
    spring_festival = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]  # Feb 15-23
    for day in new_year + spring_festival:
        assert plan.amount_on(day) == 0, day
    for day in each_day(Q1_2026):
        if day.weekday() >= 5 and not CN.is_working_day(day):
            assert plan.amount_on(day) == 0, day
    for make_up_day in (date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28)):
        assert plan.amount_on(make_up_day) > 0
    assert plan.total == FIVE_MILLION
    assert len(plan.days) == 59


# --- Levels add up -----------------------------------------------------------------------------


def test_a_week_straddling_two_months_is_one_week_and_the_sum_of_its_days() -> None:
    plan = decompose(FIVE_MILLION, Q1_2026, CN)
    straddling = [d for d in plan.days if date(2026, 1, 26) <= d <= date(2026, 2, 1)]

    assert {d.month for d in straddling} == {1}  # Feb 1 is a Sunday; the week is still W05
    assert plan.by_week()["2026-W05"] == sum(plan.days[d] for d in straddling)
    assert "2026-W05" in plan.by_week()
    assert sum(plan.by_week().values()) == FIVE_MILLION


def test_every_level_of_a_year_adds_back_to_the_target() -> None:
    year = Period(date(2026, 1, 1), date(2026, 12, 31), "2026")
    target = Decimal("20000000.00")
    plan = decompose(target, year, CN)

    assert list(plan.by_quarter()) == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert len(plan.by_month()) == 12
    assert len(plan.by_third()) == 36
    for level in (plan.by_quarter(), plan.by_month(), plan.by_week(), plan.by_third()):
        assert sum(level.values()) == target
    for quarter in range(4):
        months = [f"2026-{quarter * 3 + m:02d}" for m in (1, 2, 3)]
        assert plan.by_quarter()[f"2026Q{quarter + 1}"] == sum(plan.by_month()[m] for m in months)


def test_a_week_with_no_working_day_shows_zero() -> None:
    plan = decompose(FIVE_MILLION, Q1_2027, CN)
    assert plan.by_week()["2026-W53"] == 0  # Jan 1-3 2027: 元旦 and a weekend


# --- Weighting modes ---------------------------------------------------------------------------


def test_even_gives_every_working_day_the_same_amount_to_the_cent() -> None:
    plan = decompose(FIVE_MILLION, Q1_2026, CN)
    assert max(plan.days.values()) - min(plan.days.values()) <= Decimal("0.01")


def test_monthly_shares_set_each_months_weight() -> None:
    plan = decompose(
        FIVE_MILLION, Q1_2026, CN, weighting=Monthly({1: Decimal(3), 2: Decimal(2), 3: Decimal(5)})
    )
    months = plan.by_month()

    # 30% / 20% / 50%, within a cent per working day of the month.
    for key, share, days in (
        ("2026-01", "0.3", 21),
        ("2026-02", "0.2", 16),
        ("2026-03", "0.5", 22),
    ):
        assert abs(months[key] - FIVE_MILLION * Decimal(share)) <= Decimal("0.01") * days
    # Within a month, days are even.
    february = [a for d, a in plan.days.items() if d.month == 2]
    assert max(february) - min(february) <= Decimal("0.01")
    assert plan.total == FIVE_MILLION


def test_monthly_shares_are_relative() -> None:
    as_percent = Monthly({1: Decimal(30), 2: Decimal(20), 3: Decimal(50)})
    as_fraction = Monthly({1: Decimal("0.3"), 2: Decimal("0.2"), 3: Decimal("0.5")})
    assert decompose(FIVE_MILLION, Q1_2026, CN, weighting=as_percent) == decompose(
        FIVE_MILLION, Q1_2026, CN, weighting=as_fraction
    )


def test_monthly_gives_part_of_a_month_the_matching_part_of_its_share() -> None:
    shares = Monthly({1: Decimal(1), 2: Decimal(3)})
    whole = decompose(
        Decimal("1000000.00"), Period(date(2026, 1, 1), date(2026, 2, 28)), CN, weighting=shares
    )
    half = decompose(
        Decimal("1000000.00"), Period(date(2026, 1, 16), date(2026, 2, 28)), CN, weighting=shares
    )

    # A January day weighs the same against a February day whether or not the period starts
    # mid-January: the days cut off do not pile their share onto the rest of January.
    def january_to_february(plan: Plan) -> Fraction:
        w = plan.weights()
        return w[date(2026, 1, 20)] / w[date(2026, 2, 25)]

    # 1/21 of January's share per January day against 3/16 of February's per February day.
    assert january_to_february(whole) == january_to_february(half) == Fraction(1 * 16, 21 * 3)


def test_monthly_refuses_a_period_with_months_it_does_not_name() -> None:
    with pytest.raises(SplitError) as caught:
        decompose(FIVE_MILLION, Q1_2026, CN, weighting=Monthly({1: Decimal(1), 2: Decimal(1)}))
    assert caught.value.code == "months_missing"
    assert "3" in caught.value.message("en")
    assert "3 月" in caught.value.message("zh-Hans")


def test_a_month_with_a_zero_share_gets_nothing() -> None:
    plan = decompose(
        FIVE_MILLION, Q1_2026, CN, weighting=Monthly({1: Decimal(1), 2: Decimal(0), 3: Decimal(1)})
    )
    assert plan.by_month()["2026-02"] == 0
    assert plan.total == FIVE_MILLION


def test_monthly_from_last_years_actuals() -> None:
    last_year = {
        date(2025, 1, 10): Decimal("30000.00"),
        date(2025, 1, 20): Decimal("30000.00"),
        date(2025, 2, 12): Decimal("20000.00"),
        date(2025, 3, 3): Decimal("120000.00"),
    }
    shares = Monthly.from_history(last_year)

    assert dict(shares.shares) == {
        1: Decimal("60000.00"),
        2: Decimal("20000.00"),
        3: Decimal("120000.00"),
    }
    plan = decompose(Decimal("2000000.00"), Q1_2026, CN, weighting=shares)
    months = plan.by_month()
    assert months["2026-03"] > months["2026-01"] > months["2026-02"]
    assert abs(months["2026-03"] - Decimal("1200000.00")) <= Decimal("0.22")


def test_history_gives_zero_to_a_quiet_month_and_nothing_beyond_its_span() -> None:
    shares = Monthly.from_history({date(2025, 1, 5): Decimal(100), date(2025, 3, 5): Decimal(100)})
    assert dict(shares.shares) == {1: Decimal(100), 2: Decimal(0), 3: Decimal(100)}

    with pytest.raises(SplitError):  # April was never seen: refuse rather than give it nothing
        decompose(FIVE_MILLION, Period(date(2026, 1, 1), date(2026, 4, 30)), CN, weighting=shares)


@pytest.mark.parametrize(
    "history",
    [{}, {date(2025, 1, 5): Decimal(-100)}, {date(2025, 1, 5): Decimal(0)}],
)
def test_unusable_history_is_refused(history: dict[date, Decimal]) -> None:
    with pytest.raises(SplitError):
        Monthly.from_history(history)


def test_thirds_split_each_month_into_early_mid_and_late() -> None:
    march = Period(date(2026, 3, 1), date(2026, 3, 31), "2026-03")
    plan = decompose(
        Decimal("1000000.00"), march, CN, weighting=Thirds(Decimal(2), Decimal(3), Decimal(5))
    )
    thirds = plan.by_third()

    assert list(thirds) == ["2026-03 上旬", "2026-03 中旬", "2026-03 下旬"]
    for key, expected in zip(thirds, ("200000", "300000", "500000"), strict=True):
        assert abs(thirds[key] - Decimal(expected)) <= Decimal("0.08")  # a cent per day at most
    assert plan.total == Decimal("1000000.00")


def test_thirds_keep_months_weighted_by_their_working_days() -> None:
    plan = decompose(
        FIVE_MILLION, Q1_2026, CN, weighting=Thirds(Decimal(1), Decimal(1), Decimal(1))
    )
    even = decompose(FIVE_MILLION, Q1_2026, CN)
    for month, amount in plan.by_month().items():
        assert abs(amount - even.by_month()[month]) <= Decimal("0.22")


def test_a_third_without_working_days_passes_its_share_to_the_others() -> None:
    # Feb 2026 中旬 (11-20) has working days 11, 12, 13 and Saturday 14 only; close them all.
    calendar = make_calendar("cn", closed=[date(2026, 2, d) for d in (11, 12, 13, 14)])
    february = Period(date(2026, 2, 1), date(2026, 2, 28))
    plan = decompose(
        Decimal("100000.00"),
        february,
        calendar,
        weighting=Thirds(Decimal(1), Decimal(8), Decimal(1)),
    )
    thirds = plan.by_third()
    assert thirds["2026-02 中旬"] == 0
    assert abs(thirds["2026-02 上旬"] - thirds["2026-02 下旬"]) <= Decimal("0.10")
    assert plan.total == Decimal("100000.00")


def test_ramp_rises_from_start_to_end() -> None:
    plan = decompose(FIVE_MILLION, Q1_2026, CN, weighting=Ramp())
    amounts = list(plan.days.values())

    assert amounts == sorted(amounts)
    assert abs(amounts[-1] - 2 * amounts[0]) <= Decimal("0.02")
    assert plan.total == FIVE_MILLION


def test_a_falling_ramp_front_loads_the_period() -> None:
    plan = decompose(FIVE_MILLION, Q1_2026, CN, weighting=Ramp(Decimal(3), Decimal(1)))
    amounts = list(plan.days.values())
    assert amounts == sorted(amounts, reverse=True)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Monthly({13: Decimal(1)}),
        lambda: Monthly({1: Decimal(-1), 2: Decimal(2)}),
        lambda: Monthly({1: Decimal(0)}),
        lambda: Monthly({1: Decimal("NaN")}),
        lambda: Thirds(Decimal(0), Decimal(0), Decimal(0)),
        lambda: Thirds(Decimal(1), Decimal("-1"), Decimal(1)),
        lambda: Ramp(Decimal(0), Decimal(0)),
        lambda: Ramp(Decimal("Infinity"), Decimal(1)),
    ],
)
def test_bad_shares_are_refused_with_a_reason(make: Callable[[], Weighting]) -> None:
    with pytest.raises(SplitError) as caught:
        make()
    assert caught.value.message("zh-Hans")
    assert "Example:" in caught.value.message("en")


# --- Away days, closed days, bad spans ---------------------------------------------------------


def test_away_days_get_nothing_and_their_share_moves_to_the_other_days() -> None:
    away = [date(2026, 3, 2) + timedelta(days=i) for i in range(5)]  # a week of PTO
    present = decompose(FIVE_MILLION, Q1_2026, CN)
    absent = decompose(FIVE_MILLION, Q1_2026, CN, away=away)

    for day in away:
        assert day not in absent.days
        assert absent.amount_on(day) == 0
    assert absent.total == FIVE_MILLION
    assert len(absent.days) == len(present.days) - 5
    assert all(absent.days[d] > present.days[d] for d in absent.days)


def test_away_days_keep_the_shape_of_the_other_days() -> None:
    weighting = Monthly({1: Decimal(3), 2: Decimal(2), 3: Decimal(5)})
    away = [date(2026, 1, 5), date(2026, 1, 6)]
    plan = decompose(FIVE_MILLION, Q1_2026, CN, weighting=weighting, away=away)
    full = decompose(FIVE_MILLION, Q1_2026, CN, weighting=weighting)

    def ratio(p: Plan) -> Fraction:
        w = p.weights()
        return w[date(2026, 3, 2)] / w[date(2026, 1, 7)]

    assert ratio(plan) == ratio(full)


def test_away_on_every_working_day_is_refused_with_a_reason() -> None:
    march = Period(date(2026, 3, 1), date(2026, 3, 31), "2026-03")
    with pytest.raises(CalendarError) as caught:
        decompose(Decimal("1000.00"), march, CN, away=each_day(march))
    assert caught.value.code == "all_away"
    assert "2026-03" in caught.value.message("en")


def test_a_span_of_holidays_only_is_refused_with_a_reason() -> None:
    spring_festival = Period(date(2026, 2, 15), date(2026, 2, 23))
    with pytest.raises(CalendarError) as caught:
        decompose(Decimal("1000.00"), spring_festival, CN)
    assert caught.value.code == "no_working_days"
    assert "2026-02-15..2026-02-23" in caught.value.message("en")
    assert "没有工作日" in caught.value.message("zh-Hans")


def test_workspace_overrides_move_the_target() -> None:
    closed, saturday = date(2026, 3, 6), date(2026, 3, 7)
    calendar = make_calendar("cn", closed=[closed], extra_working=[saturday])
    plan = decompose(FIVE_MILLION, Q1_2026, calendar)

    assert plan.amount_on(closed) == 0
    assert plan.amount_on(saturday) > 0
    assert plan.total == FIVE_MILLION


@pytest.mark.parametrize("total", [Decimal("-1.00"), Decimal("NaN"), Decimal("Infinity")])
def test_a_negative_or_non_finite_target_is_refused(total: Decimal) -> None:
    with pytest.raises(SplitError):
        decompose(total, Q1_2026, CN)


def test_a_zero_target_plans_zero_on_every_working_day() -> None:
    plan = decompose(Decimal("0.00"), Q1_2026, CN)
    assert len(plan.days) == 59
    assert set(plan.days.values()) == {Decimal("0.00")}


# --- Weights, for re-planning in the same weighting --------------------------------------------


def test_weights_add_up_to_one_and_reproduce_the_plan() -> None:
    plan = decompose(
        FIVE_MILLION, Q1_2026, CN, weighting=Monthly({1: Decimal(3), 2: Decimal(2), 3: Decimal(5)})
    )
    weights = plan.weights()

    assert sum(weights.values()) == 1
    assert list(weights) == list(plan.days)
    assert allocate(FIVE_MILLION, list(weights.values())) == list(plan.days.values())


def test_a_plan_read_back_from_amounts_is_weighted_by_them() -> None:
    plan = Plan(Q1_2026, {date(2026, 1, 6): Decimal("300.00"), date(2026, 1, 5): Decimal("100.00")})
    assert list(plan.days) == [date(2026, 1, 5), date(2026, 1, 6)]  # kept in date order
    assert plan.weights() == {date(2026, 1, 5): Fraction(1, 4), date(2026, 1, 6): Fraction(3, 4)}
    assert plan.total == Decimal("400.00")


# --- Properties --------------------------------------------------------------------------------

CALENDARS = {code: make_calendar(code) for code in ("cn", "us", "none")}
WEIGHTINGS: list[Weighting] = [
    Even(),
    Monthly({m: Decimal(m % 4 + 1) for m in range(1, 13)}),
    Thirds(Decimal(5), Decimal(3), Decimal(2)),
    Ramp(),
    Ramp(Decimal(0), Decimal(1)),
]

cents = st.integers(min_value=0, max_value=10**13).map(lambda n: Decimal(n) / 100)
periods = st.tuples(
    st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 3, 31)),
    st.integers(min_value=0, max_value=120),
).map(lambda p: Period(p[0], p[0] + timedelta(days=p[1])))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    code = draw(st.sampled_from(sorted(CALENDARS)))
    nearby = st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 7, 31))
    closed = draw(st.sets(nearby, max_size=8))
    extra = draw(st.sets(nearby, max_size=8)) - closed
    if not closed and not extra:
        return CALENDARS[code]
    return make_calendar(code, closed=closed, extra_working=extra)


@settings(max_examples=150, deadline=None)
@given(
    total=cents,
    period=periods,
    calendar=calendars(),
    weighting=st.sampled_from(WEIGHTINGS),
    away=st.sets(st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 7, 31)), max_size=20),
)
def test_plans_add_back_exactly_and_never_touch_a_closed_day(
    total: Decimal, period: Period, calendar: WorkCalendar, weighting: Weighting, away: set[date]
) -> None:
    open_days = [d for d in calendar.working_days(period.start, period.end) if d not in away]
    try:
        plan = decompose(total, period, calendar, weighting=weighting, away=away)
    except CalendarError:
        assert not open_days  # refused only when no working day is left
        return

    assert list(plan.days) == open_days
    assert plan.total == total
    for level in (plan.by_quarter(), plan.by_month(), plan.by_week(), plan.by_third()):
        assert sum(level.values()) == total
    assert all(amount >= 0 for amount in plan.days.values())
    assert all(amount == amount.quantize(Decimal("0.01")) for amount in plan.days.values())
    for day in each_day(period):
        if not calendar.is_working_day(day) or day in away:
            assert plan.amount_on(day) == 0
    assert sum(plan.weights().values()) == 1


@settings(max_examples=40, deadline=None)
@given(total=cents, weighting=st.sampled_from(WEIGHTINGS))
def test_each_mode_fills_every_working_day_of_a_quarter(
    total: Decimal, weighting: Weighting
) -> None:
    plan = decompose(total, Q1_2026, CN, weighting=weighting)
    month = plan.by_month()
    assert sum(month.values()) == total
    # No mode here gives a working day a zero weight except the ramp's first day.
    nonzero = [d for d, w in plan.weights().items() if w > 0]
    assert len(nonzero) >= len(plan.days) - 1
