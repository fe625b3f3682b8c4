"""Money into actions: how many leads, visits, proposals and signings a target takes.

Walking the funnel backwards from the amount: signings = amount / average deal size, then each
earlier stage = the next stage / its conversion rate. Every stage is rounded UP, since half a
signing cannot be made and falling one short misses the target.

Per day, rounding up each day would inflate the period (ten days needing 0.3 signings each would
ask for ten signings instead of three). So `actions_per_day` derives the period's counts first and
then spreads each count over the days in proportion to their planned amounts, by largest
remainder on whole numbers: the days always add up exactly to the period. A consequence is that a
single day may show a signing without a proposal; that is fine, since a day's proposals turn into
signings later in the sales cycle, not on the same day.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

from bot.core.allocate import CENT, allocate
from bot.core.errors import FunnelError

ONE = Decimal(1)
_FUNNEL_EXAMPLE = "avg deal 50000, lead→visit 30%, visit→proposal 40%, proposal→signed 25%"


@dataclass(frozen=True)
class Funnel:
    """Average deal size (客单价) and the conversion rate (转化率) of each stage, as fractions."""

    avg_deal_size: Decimal
    lead_to_visit: Decimal
    visit_to_proposal: Decimal
    proposal_to_signed: Decimal

    def __post_init__(self) -> None:
        size = self.avg_deal_size
        if not size.is_finite() or size <= 0:
            raise FunnelError(
                "bad_deal_size",
                en=f"The average deal size must be more than zero; got {size}.",
                zh=f"客单价必须大于零,收到的是 {size}。",
                example=_FUNNEL_EXAMPLE,
            )
        for stage_en, stage_zh, rate in (
            ("lead to visit", "线索→拜访", self.lead_to_visit),
            ("visit to proposal", "拜访→方案", self.visit_to_proposal),
            ("proposal to signed", "方案→签约", self.proposal_to_signed),
        ):
            if not rate.is_finite() or not 0 < rate <= 1:
                raise FunnelError(
                    "bad_rate",
                    en=f"The {stage_en} rate must be above 0 and at most 100%; got {rate}.",
                    zh=f"{stage_zh}转化率必须大于 0 且不超过 100%,收到的是 {rate}。",
                    example=_FUNNEL_EXAMPLE,
                )

    @property
    def lead_to_signed(self) -> Decimal:
        """The whole funnel's conversion rate, from a lead to a signed deal."""
        return self.lead_to_visit * self.visit_to_proposal * self.proposal_to_signed


# Placeholder rates of a typical B2B funnel, for a workspace that has not set its own: 3 in 10
# leads agree to a visit, 4 in 10 visits lead to a proposal, 1 in 4 proposals is signed
# (3 in 100 leads overall), at 5万 a deal. Each team should replace them with its own history.
DEFAULT_FUNNEL = Funnel(
    avg_deal_size=Decimal(50000),
    lead_to_visit=Decimal("0.30"),
    visit_to_proposal=Decimal("0.40"),
    proposal_to_signed=Decimal("0.25"),
)


@dataclass(frozen=True)
class Actions:
    """Whole numbers of each activity; they add up across days and weeks."""

    signings: int = 0
    proposals: int = 0
    visits: int = 0
    leads: int = 0

    def __add__(self, other: Actions) -> Actions:
        return Actions(
            self.signings + other.signings,
            self.proposals + other.proposals,
            self.visits + other.visits,
            self.leads + other.leads,
        )


NO_ACTIONS = Actions()


def _ceil_div(count: Fraction, rate: Decimal) -> int:
    return math.ceil(count / Fraction(rate))


_STAGES: Final = tuple(stage.name for stage in fields(Actions))


def actions_for(amount: Decimal, funnel: Funnel = DEFAULT_FUNNEL) -> Actions:
    """The activities needed to bring in `amount`, each stage rounded up."""
    if not amount.is_finite() or amount < 0:
        raise FunnelError(
            "bad_amount",
            en=f"Cannot plan actions for an amount of {amount}.",
            zh=f"无法为金额 {amount} 制定行动计划。",
            example="60000",
        )
    signings = math.ceil(Fraction(amount) / Fraction(funnel.avg_deal_size))
    proposals = _ceil_div(Fraction(signings), funnel.proposal_to_signed)
    visits = _ceil_div(Fraction(proposals), funnel.visit_to_proposal)
    leads = _ceil_div(Fraction(visits), funnel.lead_to_visit)
    return Actions(signings, proposals, visits, leads)


def actions_per_day(
    plan_days: Mapping[date, Decimal], funnel: Funnel = DEFAULT_FUNNEL
) -> dict[date, Actions]:
    """Each day's activities, adding up exactly to `actions_for` the whole plan (see module doc)."""
    days = sorted(plan_days)
    if not days:
        return {}
    amounts = [plan_days[day] for day in days]
    period = actions_for(sum(amounts, Decimal(0)), funnel)
    if not any(amounts):
        return dict.fromkeys(days, NO_ACTIONS)
    spread = {
        stage: allocate(Decimal(getattr(period, stage)), amounts, unit=ONE) for stage in _STAGES
    }
    return {
        day: Actions(**{stage: int(counts[i]) for stage, counts in spread.items()})
        for i, day in enumerate(days)
    }


def actions_by_day(plan_days: Mapping[date, Decimal]) -> dict[date, dict[str, int]]:
    """`actions_per_day` as plain numbers per activity, the way plan rows keep them."""
    return as_numbers(actions_per_day(plan_days))


def as_numbers(by_day: Mapping[date, Actions]) -> dict[date, dict[str, int]]:
    """Each day's activities as plain numbers per activity, the way plan rows keep them."""
    # Not dataclasses.asdict: its deep copies were a tenth of a `/target set`'s time.
    return {
        day: {stage: getattr(found, stage) for stage in _STAGES} for day, found in by_day.items()
    }


def actions_per_week(
    plan_days: Mapping[date, Decimal], funnel: Funnel = DEFAULT_FUNNEL
) -> dict[date, Actions]:
    """Each ISO week's activities, keyed by its Monday: the sum of its days' activities."""
    weeks: dict[date, Actions] = {}
    for day, actions in actions_per_day(plan_days, funnel).items():
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, NO_ACTIONS) + actions
    return weeks


@dataclass(frozen=True)
class SideRatios:
    """Assumptions behind the side metrics, as fractions in [0, 1].

    new_customer_share: of the signings, how many should be new customers (新客户).
    collection_ratio: of the amount signed, how much should be collected (回款) within the period.
    repurchase_rate: of the existing customers, how many should buy again (复购率).
    """

    new_customer_share: Decimal = Decimal("0.30")
    collection_ratio: Decimal = Decimal("0.90")
    repurchase_rate: Decimal = Decimal("0.40")

    def __post_init__(self) -> None:
        for name_en, name_zh, ratio in (
            ("new-customer share", "新客户占比", self.new_customer_share),
            ("collection ratio", "回款比例", self.collection_ratio),
            ("repurchase rate", "复购率", self.repurchase_rate),
        ):
            if not ratio.is_finite() or not 0 <= ratio <= 1:
                raise FunnelError(
                    "bad_ratio",
                    en=f"The {name_en} must be between 0 and 100%; got {ratio}.",
                    zh=f"{name_zh}必须在 0 到 100% 之间,收到的是 {ratio}。",
                    example="new customers 30%, collections 90%, repurchase 40%",
                )


DEFAULT_SIDE_RATIOS = SideRatios()


@dataclass(frozen=True)
class SideTargets:
    """The side metrics the sales-management practice tracks next to the amount.

    new_customers: signings that should come from new customers (rounded up).
    collections: cash to collect (回款), to the cent.
    repurchases: existing customers who should buy again (rounded up).
    avg_deal_size and conversion_rate (lead to signed, %, 1 decimal) restate the funnel.
    """

    new_customers: int
    collections: Decimal
    repurchases: int
    avg_deal_size: Decimal
    conversion_rate: Decimal


def side_targets(
    amount: Decimal,
    funnel: Funnel = DEFAULT_FUNNEL,
    ratios: SideRatios = DEFAULT_SIDE_RATIOS,
    *,
    existing_customers: int = 0,
) -> SideTargets:
    """Side targets for `amount`; repurchases need the number of existing customers to mean much."""
    if existing_customers < 0:
        raise FunnelError(
            "bad_customer_count",
            en=f"The number of existing customers cannot be negative; got {existing_customers}.",
            zh=f"老客户数量不能为负数,收到的是 {existing_customers}。",
            example="120",
        )
    signings = actions_for(amount, funnel).signings
    return SideTargets(
        new_customers=math.ceil(signings * Fraction(ratios.new_customer_share)),
        # A ratio of the target, not a split of it, so plain rounding to the cent is right here.
        collections=(amount * ratios.collection_ratio).quantize(CENT, ROUND_HALF_UP),
        repurchases=math.ceil(existing_customers * Fraction(ratios.repurchase_rate)),
        avg_deal_size=funnel.avg_deal_size,
        conversion_rate=(funnel.lead_to_signed * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
    )
