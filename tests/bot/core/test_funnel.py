from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import FunnelError
from bot.core.funnel import (
    DEFAULT_FUNNEL,
    Actions,
    Funnel,
    SideRatios,
    actions_for,
    actions_per_day,
    actions_per_week,
    side_targets,
)

# 客单价 2万; 1 in 2 leads takes a visit, 1 in 2 visits gets a proposal, 1 in 3 proposals signs.
FUNNEL = Funnel(
    avg_deal_size=Decimal(20000),
    lead_to_visit=Decimal("0.5"),
    visit_to_proposal=Decimal("0.5"),
    proposal_to_signed=Decimal("0.3333"),
)
MONDAY = date(2027, 3, 1)


def week_of(*amounts: str) -> dict[date, Decimal]:
    return {MONDAY + timedelta(days=i): Decimal(a) for i, a in enumerate(amounts)}


def test_six_wan_a_day_at_two_wan_a_deal_walks_back_through_the_funnel() -> None:
    # 3 signings; 3 / 0.3333 = 9.0009 -> 10 proposals; 20 visits; 40 leads.
    assert actions_for(Decimal(60000), FUNNEL) == Actions(
        signings=3, proposals=10, visits=20, leads=40
    )


def test_a_part_of_a_deal_still_takes_a_whole_signing() -> None:
    assert actions_for(Decimal("20000.01"), FUNNEL).signings == 2


def test_nothing_to_sell_needs_no_actions() -> None:
    assert actions_for(Decimal(0), FUNNEL) == Actions(0, 0, 0, 0)


def test_days_share_the_periods_actions_instead_of_rounding_each_day_up() -> None:
    # Five days of 4000 each: 0.2 signings a day. Rounding up per day would ask for 5 signings;
    # the week needs 1, so exactly one day carries it.
    daily = actions_per_day(week_of("4000", "4000", "4000", "4000", "4000"), FUNNEL)
    assert sum(a.signings for a in daily.values()) == 1
    assert daily[MONDAY].signings == 1  # a tie goes to the earliest day
    assert sum((a for a in daily.values()), Actions()) == actions_for(Decimal(20000), FUNNEL)


def test_heavier_days_get_more_of_the_actions() -> None:
    daily = actions_per_day(week_of("10000", "10000", "0", "40000", "0"), FUNNEL)
    assert daily[MONDAY + timedelta(days=3)].leads > daily[MONDAY].leads
    assert daily[MONDAY + timedelta(days=2)] == Actions()  # a day off asks for nothing


def test_weeks_are_the_sum_of_their_days_keyed_by_monday() -> None:
    plan = {MONDAY + timedelta(days=i): Decimal(60000) for i in range(14) if i % 7 < 5}
    daily = actions_per_day(plan, FUNNEL)
    weekly = actions_per_week(plan, FUNNEL)
    assert list(weekly) == [MONDAY, MONDAY + timedelta(days=7)]
    assert sum(weekly.values(), Actions()) == actions_for(Decimal(600000), FUNNEL)
    first_week = [a for d, a in daily.items() if d < MONDAY + timedelta(days=7)]
    assert weekly[MONDAY] == sum(first_week, Actions())


def test_an_empty_plan_has_no_daily_actions() -> None:
    assert actions_per_day({}, FUNNEL) == {}


@pytest.mark.parametrize(
    "changes",
    [
        {"avg_deal_size": Decimal(0)},
        {"avg_deal_size": Decimal("-5")},
        {"lead_to_visit": Decimal(0)},
        {"visit_to_proposal": Decimal("1.2")},
        {"proposal_to_signed": Decimal("NaN")},
    ],
)
def test_impossible_funnels_are_refused_in_both_languages(changes: dict[str, Decimal]) -> None:
    values = {
        "avg_deal_size": Decimal(20000),
        "lead_to_visit": Decimal("0.5"),
        "visit_to_proposal": Decimal("0.5"),
        "proposal_to_signed": Decimal("0.5"),
    } | changes
    with pytest.raises(FunnelError) as caught:
        Funnel(**values)
    assert caught.value.en in caught.value.message("en")
    assert caught.value.zh in caught.value.message("zh-Hans")
    assert caught.value.zh != caught.value.en


def test_a_negative_amount_has_no_action_plan() -> None:
    with pytest.raises(FunnelError) as caught:
        actions_for(Decimal(-1), FUNNEL)
    assert "-1" in caught.value.message("zh-Hans")


def test_default_funnel_is_documented_and_usable() -> None:
    assert DEFAULT_FUNNEL.lead_to_signed == Decimal("0.03")
    assert actions_for(Decimal(5000000) / 60, DEFAULT_FUNNEL).signings >= 1


def test_side_targets_from_the_seeds_metrics() -> None:
    side = side_targets(
        Decimal(300000),
        FUNNEL,
        SideRatios(
            new_customer_share=Decimal("0.5"),
            collection_ratio=Decimal("0.85"),
            repurchase_rate=Decimal("0.25"),
        ),
        existing_customers=10,
    )
    assert side.new_customers == 8  # 15 signings, half of them new customers, rounded up
    assert side.collections == Decimal("255000.00")  # 回款
    assert side.repurchases == 3  # 10 existing customers x 25%, rounded up
    assert side.avg_deal_size == Decimal(20000)  # 客单价
    assert side.conversion_rate == Decimal("8.3")  # lead -> signed, %


def test_side_ratios_out_of_range_are_refused() -> None:
    with pytest.raises(FunnelError) as caught:
        SideRatios(collection_ratio=Decimal("1.5"))
    assert "回款" in caught.value.message("zh-Hans")


plans = st.lists(
    st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n) / 100),
    min_size=1,
    max_size=60,
).map(lambda amounts: {MONDAY + timedelta(days=i): a for i, a in enumerate(amounts)})


@settings(max_examples=200)
@given(plan=plans)
def test_days_always_add_up_to_the_period_and_idle_days_get_nothing(
    plan: dict[date, Decimal],
) -> None:
    daily = actions_per_day(plan, FUNNEL)
    assert sum(daily.values(), Actions()) == actions_for(sum(plan.values(), Decimal(0)), FUNNEL)
    for day, actions in daily.items():
        assert min(actions.signings, actions.proposals, actions.visits, actions.leads) >= 0
        if plan[day] == 0:
            assert actions == Actions()
