"""The plan builders' structure: within Slack's limits however long the period or the team."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.core.calendar import make_calendar
from bot.core.decompose import decompose
from bot.core.periods import year
from bot.i18n import LANGS, Lang
from bot.views.plan import OwnerPlan, build_plan_blocks, build_set_blocks

CN = make_calendar("cn")


@pytest.mark.parametrize("lang", LANGS)
def test_a_years_target_for_a_big_team_fits_in_one_message(lang: Lang) -> None:
    plan = decompose(Decimal("120000000.00"), year(2027), CN)
    owners = [OwnerPlan(f"U{i:04d}", Decimal("120000000.00"), plan) for i in range(30)]

    blocks = build_set_blocks(
        lang,
        owners=owners,
        period=year(2027),
        total=Decimal("120000000.00"),
        currency="CNY",
        mode="each",
        mode_given=False,
        calendar=CN,
        today=date(2027, 1, 6),
    )

    assert len(blocks) <= 50
    for block in blocks:
        text = block["text"]["text"] if "text" in block else block["elements"][0]["text"]
        assert len(text) <= 3000
    assert sum("<@U00" in block.get("text", {}).get("text", "") for block in blocks) == 20 + 1
    assert blocks[-1]["type"] == "context"  # 2027 is provisional: said last


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_lists_every_week_of_the_year_and_one_weeks_days(lang: Lang) -> None:
    plan = decompose(Decimal("120000000.00"), year(2027), CN)

    blocks = build_plan_blocks(
        lang,
        total=Decimal("120000000.00"),
        plan=plan,
        view=year(2027),
        currency=None,
        calendar=CN,
        today=date(2027, 10, 6),  # the week after National Day
    )

    assert blocks[0]["type"] == "header"
    assert len(blocks[0]["text"]["text"]) <= 150
    weeks = blocks[2]["text"]["text"]
    assert weeks.count("\nW") == 53  # 2026-W53 holds 1 January, then W01..W52
    days = blocks[3]["text"]["text"].splitlines()[1:]
    # National Day (observed) on Monday and Tuesday, then three working days; a plain weekend
    # is not worth a line.
    assert ["—" in line for line in days] == [True, True, False, False, False]
    assert days[2].startswith(("Wed 10-06  *", "周三 10-06  *", "週三 10-06  *"))


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "no set activity"), ("zh-Hans", "无硬性行动指标")]
)
def test_a_day_too_small_for_any_activity_says_so_instead_of_listing_zeros(
    lang: Lang, said: str
) -> None:
    # 100 over a quarter: a cent-sized share a day, far below one signing's worth.
    plan = decompose(Decimal("100.00"), year(2027), CN)

    blocks = build_set_blocks(
        lang,
        owners=[OwnerPlan("U0001", Decimal("100.00"), plan)],
        period=year(2027),
        total=Decimal("100.00"),
        currency="CNY",
        mode="each",
        mode_given=False,
        calendar=CN,
        today=date(2027, 6, 15),  # the year's few activities all fall on earlier days
    )

    shown = "\n".join(block["text"]["text"] for block in blocks if "text" in block)
    assert said in shown
    assert "0 visits" not in shown
    assert "拜访 0 次" not in shown
