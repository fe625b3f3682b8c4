from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.pace import Ledger, Status, pace, pace_of

MONDAY = date(2027, 3, 1)
WAN = Decimal(10000)


def day(n: int) -> date:
    """Working day n of a plan of two Monday-to-Friday weeks (0 = the first Monday)."""
    return MONDAY + timedelta(days=n + 2 * (n // 5))


# Two weeks, 6万 every working day: 60万 in all.
PLAN = {day(i): 6 * WAN for i in range(10)}


def test_a_rep_who_missed_monday_is_behind_on_tuesday_morning() -> None:
    standing = pace(PLAN, {day(0): Decimal(0)}, today=day(1))
    assert standing.target_total == 60 * WAN
    assert standing.target_to_date == 6 * WAN  # Monday only: Tuesday is not over yet
    assert standing.today_target == 6 * WAN
    assert standing.actual_to_date == 0
    assert standing.gap == 6 * WAN
    assert standing.status is Status.BEHIND
    assert standing.elapsed_days == 1
    assert standing.remaining_days == 9  # today included
    assert standing.required_per_day == Decimal("66666.67")  # 60万 over 9 days, rounded up
    assert standing.attainment_to_date_pct == Decimal("0.0")


def test_catching_up_during_the_day_counts_at_once() -> None:
    standing = pace(PLAN, {day(0): Decimal(0), day(1): 7 * WAN}, today=day(1))
    assert standing.actual_to_date == 7 * WAN
    assert standing.today_actual == 7 * WAN
    assert standing.status is Status.ON_TRACK
    assert standing.attainment_to_date_pct == Decimal("116.7")


def test_beyond_todays_plan_is_ahead() -> None:
    actuals = {day(0): 6 * WAN, day(1): 6 * WAN + Decimal("0.01")}
    assert pace(PLAN, actuals, today=day(1)).status is Status.AHEAD


def test_midway_figures_for_a_rep_at_ninety_percent() -> None:
    # Days 0-4 closed at 5.4万 each (90%), nothing logged yet on day 5.
    actuals = {day(i): Decimal(54000) for i in range(5)}
    standing = pace(PLAN, actuals, today=day(5))
    assert standing.actual_to_date == 27 * WAN
    assert standing.attainment_total_pct == Decimal("45.0")
    assert standing.attainment_to_date_pct == Decimal("90.0")
    assert standing.run_rate == Decimal("54000.00")
    assert standing.forecast_linear == Decimal("540000.00")  # 27万 + 5 days x 5.4万
    assert standing.forecast_weighted == Decimal("540000.00")  # 27万 + 30万 x 90%
    assert standing.required_per_day == Decimal("66000.00")  # 33万 over 5 days
    assert standing.remaining == 33 * WAN
    assert standing.streak == 0


def test_weighted_forecast_follows_a_plan_that_rises_toward_the_end() -> None:
    ramp = {day(i): Decimal(i + 1) * WAN for i in range(10)}  # 1万 .. 10万, 55万 in all
    actuals = {day(i): Decimal(i + 1) * WAN for i in range(5)}  # on plan: 15万
    standing = pace(ramp, actuals, today=day(5))
    assert standing.forecast_weighted == 55 * WAN
    assert standing.forecast_linear == 30 * WAN  # the flat rate misreads a ramp
    assert standing.status is Status.ON_TRACK


def test_todays_logs_count_in_the_forecast_once_they_pass_a_typical_day() -> None:
    actuals = {day(i): 6 * WAN for i in range(5)} | {day(5): 10 * WAN}
    standing = pace(PLAN, actuals, today=day(5))
    assert standing.forecast_linear == 64 * WAN  # 30万 + today's 10万 + 4 days x 6万


def test_on_the_first_morning_there_is_no_rate_to_forecast_from() -> None:
    standing = pace(PLAN, {}, today=day(0))
    assert standing.target_to_date == 0
    assert standing.status is Status.ON_TRACK
    assert standing.run_rate is None
    assert standing.forecast_linear is None
    assert standing.forecast_weighted is None
    assert standing.attainment_to_date_pct is None
    assert standing.required_per_day == 6 * WAN


def test_after_the_period_no_day_is_left_to_require_anything() -> None:
    actuals = {day(i): 5 * WAN for i in range(10)}
    standing = pace(PLAN, actuals, today=day(9) + timedelta(days=1))
    assert standing.remaining_days == 0
    assert standing.required_per_day is None
    assert standing.target_to_date == standing.target_total
    assert standing.forecast_linear == 50 * WAN
    assert standing.gap == 10 * WAN


def test_a_weekend_deal_counts_and_the_weekend_is_not_a_working_day() -> None:
    saturday = MONDAY + timedelta(days=5)
    actuals = {day(i): 6 * WAN for i in range(4)} | {saturday: 6 * WAN}  # Friday made up on Sat
    standing = pace(PLAN, actuals, today=saturday)
    assert standing.today_target == 0
    assert standing.remaining_days == 5
    assert standing.status is Status.ON_TRACK
    assert standing.actual_to_date == 30 * WAN


def test_streak_counts_met_days_back_from_yesterday_and_today_once_met() -> None:
    actuals = {day(0): Decimal(0), day(1): 6 * WAN, day(2): 7 * WAN, day(3): 6 * WAN}
    assert pace(PLAN, actuals, today=day(4)).streak == 3
    assert pace(PLAN, actuals | {day(4): 2 * WAN}, today=day(4)).streak == 3
    assert pace(PLAN, actuals | {day(4): 6 * WAN}, today=day(4)).streak == 4


def test_a_zero_target_gives_no_percentage_instead_of_dividing_by_zero() -> None:
    standing = pace({day(0): Decimal(0)}, {}, today=day(1))
    assert standing.attainment_total_pct is None
    assert standing.attainment_to_date_pct is None
    assert standing.forecast_weighted is None


def test_the_ledger_splits_the_plan_at_today() -> None:
    saturday = MONDAY + timedelta(days=5)
    plan = {day(i): Decimal(i + 1) * WAN for i in reversed(range(10))}  # listed backwards
    actuals = {day(0): 2 * WAN, saturday: 3 * WAN, day(6): 9 * WAN}
    ledger = Ledger.at(plan, actuals, today=day(6))  # the second Tuesday
    assert ledger.days == tuple(day(i) for i in range(10))
    assert ledger.amounts == tuple(Decimal(i + 1) * WAN for i in range(10))
    assert ledger.closed == 6
    assert ledger.target_to_date == 21 * WAN  # 1万 + ... + 6万
    assert ledger.target_total == 55 * WAN
    assert ledger.actual_closed == 5 * WAN  # Saturday counts; today's 9万 is not closed yet
    assert pace_of(ledger) == pace(plan, actuals, today=day(6))


plans = st.lists(
    st.integers(min_value=0, max_value=10**8).map(lambda n: Decimal(n) / 100),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200)
@given(
    amounts=plans,
    won=st.lists(
        st.integers(min_value=0, max_value=10**8).map(lambda n: Decimal(n) / 100), max_size=30
    ),
    offset=st.integers(min_value=-2, max_value=45),
)
def test_pace_is_consistent_on_any_day(
    amounts: list[Decimal], won: list[Decimal], offset: int
) -> None:
    plan = {day(i): a for i, a in enumerate(amounts)}
    actuals = {day(i): a for i, a in enumerate(won)}
    today = MONDAY + timedelta(days=offset)
    standing = pace(plan, actuals, today=today)
    assert standing.elapsed_days + standing.remaining_days == len(plan)
    assert standing.target_to_date + standing.today_target <= standing.target_total
    assert standing.gap == standing.target_to_date - standing.actual_to_date
    assert (standing.run_rate is None) == (standing.elapsed_days == 0)
    assert (standing.required_per_day is None) == (standing.remaining_days == 0)
    if standing.required_per_day is not None:
        # Doing the required amount every remaining day reaches the target.
        reach = standing.actual_to_date + standing.required_per_day * standing.remaining_days
        assert reach >= standing.target_total
    for value in (standing.forecast_linear, standing.forecast_weighted):
        if value is not None:
            assert value >= standing.actual_to_date


@settings(max_examples=100)
@given(amounts=plans, offset=st.integers(min_value=-2, max_value=45))
def test_pace_does_not_depend_on_the_order_the_plan_is_listed_in(
    amounts: list[Decimal], offset: int
) -> None:
    plan = {day(i): a for i, a in enumerate(amounts)}
    actuals = {day(i): a / 2 for i, a in enumerate(amounts) if i % 3}
    today = MONDAY + timedelta(days=offset)
    backwards = dict(reversed(plan.items()))
    assert pace(backwards, actuals, today=today) == pace(plan, actuals, today=today)
