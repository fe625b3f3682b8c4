from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import PlanningError
from bot.core.rebalance import DEFAULT_POLICY, Risk, RiskPolicy, Severity, rebalance

MONDAY = date(2027, 3, 1)
WAN = Decimal(10000)
NOTHING = Decimal(0)


def day(n: int) -> date:
    """Working day n of Monday-to-Friday weeks starting MONDAY (0 = the first Monday)."""
    return MONDAY + timedelta(days=n + 2 * (n // 5))


def even_weeks(weeks: int, amount: Decimal = 6 * WAN) -> dict[date, Decimal]:
    return {day(i): amount for i in range(5 * weeks)}


def codes(risks: tuple[Risk, ...]) -> list[str]:
    return [risk.code for risk in risks]


def test_missing_monday_spreads_the_shortfall_over_tuesday_to_friday() -> None:
    result = rebalance(even_weeks(1), {day(0): Decimal(0)}, today=day(1))
    assert result.shortfall == 6 * WAN
    assert result.days == {day(i): Decimal(75000) for i in range(1, 5)}
    assert result.unallocated == 0
    assert result.risks == ()  # one missed day is the rep's to make up, not the manager's


def test_a_partly_missed_day_spreads_only_what_is_missing() -> None:
    result = rebalance(even_weeks(1), {day(0): 5 * WAN}, today=day(1))
    assert result.days == {day(i): Decimal(62500) for i in range(1, 5)}


def test_the_shortfall_follows_the_plans_weighting() -> None:
    plan = {day(0): 4 * WAN, day(1): 2 * WAN, day(2): 4 * WAN, day(3): 6 * WAN}
    result = rebalance(plan, {}, today=day(1))
    # 4万 missed, spread 2:4:6 over the rest.
    assert result.days == {
        day(1): Decimal("26666.67"),
        day(2): Decimal("53333.33"),
        day(3): Decimal(80000),
    }
    assert sum(result.days.values()) == sum(plan.values())


def test_todays_own_logs_do_not_shrink_the_shortfall() -> None:
    result = rebalance(even_weeks(1), {day(0): Decimal(0), day(1): 3 * WAN}, today=day(1))
    assert result.shortfall == 6 * WAN
    assert result.days[day(1)] == Decimal(75000)  # today's 3万 counts against this


def test_a_day_that_cannot_take_its_share_passes_the_rest_to_the_others() -> None:
    # Tuesday's 0.03 caps at 0.04 (150%, rounded down to the cent), so it keeps only one of the
    # two cents it is offered; the cent it gives back goes to Wednesday, the earlier of the others.
    plan = {
        day(0): Decimal("1.00"),
        day(1): Decimal("0.03"),
        day(2): Decimal("1.00"),
        day(3): Decimal("1.00"),
    }
    result = rebalance(plan, {day(0): NOTHING}, today=day(1))
    assert result.days == {
        day(1): Decimal("0.04"),
        day(2): Decimal("1.50"),
        day(3): Decimal("1.49"),
    }
    assert result.unallocated == 0


def test_a_day_planned_at_zero_stays_at_zero() -> None:
    plan = even_weeks(1) | {day(3): NOTHING}  # Thursday off
    result = rebalance(plan, {day(0): NOTHING}, today=day(1))
    assert result.days == {day(1): 8 * WAN, day(2): 8 * WAN, day(3): NOTHING, day(4): 8 * WAN}


def test_a_plan_listed_out_of_date_order_is_rebalanced_the_same() -> None:
    plan = {day(i): Decimal(10000 + 1000 * i) for i in range(10)}
    backwards = dict(reversed(plan.items()))
    actuals = {day(0): NOTHING, day(1): 5 * WAN, day(2): NOTHING}
    result = rebalance(backwards, actuals, today=day(4))
    assert result == rebalance(plan, actuals, today=day(4))
    assert list(result.days) == [day(i) for i in range(4, 10)]  # in date order


def test_beating_monday_lowers_the_rest_of_the_week() -> None:
    result = rebalance(even_weeks(1), {day(0): 10 * WAN}, today=day(1))
    assert result.shortfall == -4 * WAN
    assert result.days == {day(i): Decimal(50000) for i in range(1, 5)}
    assert result.risks == ()


def test_beating_the_whole_target_early_never_makes_a_day_negative() -> None:
    result = rebalance(even_weeks(1), {day(0): 50 * WAN}, today=day(1))
    assert result.days == {day(i): Decimal(0) for i in range(1, 5)}
    assert {f"{amount:.2f}" for amount in result.days.values()} == {"0.00"}


def test_when_the_cap_binds_days_fill_to_150_percent_and_the_rest_is_a_risk() -> None:
    # Monday to Wednesday missed: 18万 short, Thursday and Friday can take 3万 more each.
    misses = {day(i): Decimal(0) for i in range(3)}
    result = rebalance(even_weeks(1), misses, today=day(3))
    assert result.days == {day(3): 9 * WAN, day(4): 9 * WAN}
    assert result.unallocated == 12 * WAN
    cap = next(r for r in result.risks if r.code == "cap_hit")
    assert cap.severity is Severity.CRITICAL
    # Each reader sees the money their own way, in the target's currency.
    assert "¥180k" in cap.message("en", "CNY")
    assert "¥120k is unallocated" in cap.message("en", "CNY")
    assert "还有 12万 未分配" in cap.message("zh-Hans")
    assert "還有 12萬 未分配" in cap.message("zh-Hant")


def test_a_custom_cap_limits_each_day() -> None:
    result = rebalance(even_weeks(1), {day(0): NOTHING}, today=day(1), cap=Decimal("1.2"))
    assert set(result.days.values()) == {Decimal(72000)}
    assert result.unallocated == Decimal(12000)


def test_three_missed_days_in_a_row_tell_the_manager_but_still_rebalance() -> None:
    misses = {day(i): Decimal(0) for i in range(3)}
    result = rebalance(even_weeks(2), misses, today=day(3))
    assert result.unallocated == 0  # seven days left can absorb 18万 within the cap
    assert sum(result.days.values()) == 60 * WAN
    risk = next(r for r in result.risks if r.code == "consecutive_misses")
    assert risk.severity is Severity.WARNING
    assert "3" in risk.en
    assert "连续 3 个工作日" in risk.zh
    assert risk.ref == day(0).isoformat()  # the same run keeps the same reference


def test_two_misses_are_not_yet_a_run() -> None:
    result = rebalance(even_weeks(2), {day(0): NOTHING, day(1): NOTHING}, today=day(2))
    assert "consecutive_misses" not in codes(result.risks)


def test_a_met_day_ends_a_run_of_misses() -> None:
    actuals = {day(0): NOTHING, day(1): NOTHING, day(2): NOTHING, day(3): 6 * WAN}
    result = rebalance(even_weeks(2), actuals, today=day(4))
    assert "consecutive_misses" not in codes(result.risks)


def test_a_week_well_below_plan_is_a_risk_the_week_after() -> None:
    # 20万 of 30万 (66.7%), but never three missed days in a row.
    won = ["55000", "55000", "60000", "30000", "0"]
    actuals = {day(i): Decimal(a) for i, a in enumerate(won)}
    result = rebalance(even_weeks(2), actuals, today=day(5))
    week = next(r for r in result.risks if r.code == "missed_week")
    assert week.ref == "2027-W09"
    assert "2027-W09" in week.en
    assert "2027-W09" in week.zh
    assert "66.7%" in week.en
    assert "consecutive_misses" not in codes(result.risks)


def test_a_week_at_ninety_percent_is_not_a_missed_week() -> None:
    actuals = {day(i): Decimal(54000) for i in range(5)}
    result = rebalance(even_weeks(2), actuals, today=day(5))
    assert "missed_week" not in codes(result.risks)


def test_a_low_forecast_is_a_risk_once_a_week_has_passed() -> None:
    actuals = {day(i): 4 * WAN for i in range(5)}  # 67% of plan every day
    early = rebalance(even_weeks(4), {day(0): 4 * WAN}, today=day(1))
    assert "forecast_low" not in codes(early.risks)
    late = rebalance(even_weeks(4), actuals, today=day(5))
    forecast = next(r for r in late.risks if r.code == "forecast_low")
    assert "66.7%" in forecast.en
    assert "66.7%" in forecast.zh


def test_a_gap_with_no_day_left_cannot_be_rebalanced() -> None:
    result = rebalance(even_weeks(1), {day(0): 6 * WAN}, today=day(5))
    assert result.days == {}
    assert result.unallocated == 24 * WAN
    assert "no_days_left" in codes(result.risks)
    assert all(r.en and r.zh and r.en != r.zh for r in result.risks)


def test_every_risk_speaks_both_languages() -> None:
    actuals = {day(i): Decimal(0) for i in range(8)}
    result = rebalance(even_weeks(2), actuals, today=day(8))
    assert set(codes(result.risks)) == {
        "cap_hit",
        "consecutive_misses",
        "missed_week",
        "forecast_low",
    }
    for risk in result.risks:
        english, simplified, traditional = (
            risk.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")
        )
        assert "{" not in english + simplified + traditional  # every field filled
        assert english.isascii()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in simplified)
        assert simplified != traditional  # 计划/計劃, 连续/連續, 万/萬, ...


@pytest.mark.parametrize("cap", [Decimal("0.9"), Decimal("NaN")])
def test_a_cap_below_the_plan_is_refused(cap: Decimal) -> None:
    with pytest.raises(PlanningError) as caught:
        rebalance(even_weeks(1), {}, today=day(1), cap=cap)
    assert caught.value.code == "bad_cap"
    assert caught.value.zh in caught.value.message("zh-Hans")


def test_an_impossible_policy_is_refused() -> None:
    with pytest.raises(PlanningError):
        RiskPolicy(week_threshold=Decimal(0))
    assert DEFAULT_POLICY.consecutive_misses == 3


amounts = st.integers(min_value=0, max_value=10**8).map(lambda n: Decimal(n) / 100)
scenarios = st.lists(amounts, min_size=1, max_size=40).flatmap(
    lambda plan: st.tuples(
        st.just(plan),
        st.lists(amounts, min_size=0, max_size=len(plan)),
        st.integers(min_value=0, max_value=len(plan) + 2),
        st.sampled_from([Decimal("1"), Decimal("1.25"), Decimal("1.5"), Decimal("3")]),
    )
)


@settings(max_examples=300, deadline=None)
@given(scenario=scenarios)
def test_rebalancing_keeps_the_total_within_the_cap_and_never_goes_negative(
    scenario: tuple[list[Decimal], list[Decimal], int, Decimal],
) -> None:
    planned, won, today_index, cap = scenario
    plan = {day(i): a for i, a in enumerate(planned)}
    actuals = {day(i): a for i, a in enumerate(won)}
    today = day(today_index)
    result = rebalance(plan, actuals, today=today, cap=cap)

    total = sum(planned, Decimal(0))
    actual_before = sum((a for d, a in actuals.items() if d < today), Decimal(0))
    assert list(result.days) == [d for d in plan if d >= today]  # closed days are left out
    assert all(amount >= 0 for amount in result.days.values())
    for d, amount in result.days.items():
        if result.shortfall > 0:
            assert amount <= (cap * plan[d]).quantize(Decimal("0.01"), ROUND_FLOOR)
        else:
            assert amount <= plan[d]
    if result.unallocated == 0 and actual_before <= total:
        assert sum(result.days.values()) + actual_before == total
    if result.unallocated > 0:
        assert sum(result.days.values()) + actual_before + result.unallocated == total
        assert {"cap_hit", "no_days_left"} & set(codes(result.risks))
