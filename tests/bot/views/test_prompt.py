"""The morning DM builder, tested by structure: what the rep reads and which buttons they get."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from bot.views.prompt import (
    AWAY_TODAY,
    LOG_RESULT,
    NEED_HELP,
    MorningPrompt,
    PaceFigures,
    TargetToday,
    build_morning_prompt,
)

TODAY = date(2027, 1, 6)
ON_PLAN = TargetToday(
    period_label="2027Q1",
    currency="CNY",
    amount=Decimal("60000"),
    planned=Decimal("60000"),
    visits=8,
    proposals=2,
    signings=1,
    month=PaceFigures(Decimal("1300000"), Decimal("120000"), Decimal("9.2")),
    period=PaceFigures(Decimal("5000000"), Decimal("120000"), Decimal("2.4")),
    behind=False,
    provisional=False,
)


def texts(message: dict[str, Any]) -> list[str]:
    found = []
    for block in message["blocks"]:
        if block["type"] in ("header", "section"):
            found.append(block["text"]["text"])
        elif block["type"] == "context":
            found.extend(element["text"] for element in block["elements"])
    return found


def test_the_prompt_says_todays_number_the_actions_and_the_pace() -> None:
    message = build_morning_prompt(MorningPrompt("U1", TODAY, (ON_PLAN,)), "zh-Hans")

    assert message["text"] == "早上好！今天的目标：¥6万"
    assert texts(message) == [
        "2027-01-06 的计划",
        "*今天：¥6万*（2027Q1）\n对应行动：拜访 8 次 · 方案 2 份 · 签约 1 单",
        "本月：¥12万 / ¥130万（9.2%）",
        "2027Q1：¥12万 / ¥500万（2.4%）",
        "进度正常。",
    ]


def test_a_number_above_the_plan_says_how_much_is_made_up_shortfall() -> None:
    catching_up = replace(ON_PLAN, amount=Decimal("63000"), behind=True)

    message = build_morning_prompt(MorningPrompt("U1", TODAY, (catching_up,)), "en")

    lines = texts(message)
    assert lines[1].splitlines()[1] == (
        "Includes ¥3k to make up earlier days' shortfall (today's plan alone: ¥60k)."
    )
    assert "Behind what was due by yesterday." in lines


def test_three_buttons_carry_the_day() -> None:
    message = build_morning_prompt(MorningPrompt("U1", TODAY, (ON_PLAN,)), "en")

    [actions] = [block for block in message["blocks"] if block["type"] == "actions"]
    assert [(b["action_id"], b["value"]) for b in actions["elements"]] == [
        (LOG_RESULT, "2027-01-06"),
        (AWAY_TODAY, "2027-01-06"),
        (NEED_HELP, "2027-01-06"),
    ]
    assert [b["text"]["text"] for b in actions["elements"]] == [
        "Log result",
        "Away today",
        "Need help",
    ]


def test_estimated_holidays_and_an_empty_target_are_said_plainly() -> None:
    estimated = replace(
        ON_PLAN,
        provisional=True,
        month=PaceFigures(Decimal(0), Decimal(0), None),
    )

    lines = texts(build_morning_prompt(MorningPrompt("U1", TODAY, (estimated,)), "en"))

    assert "This month: ¥0 of ¥0 (—)" in lines
    assert lines[-1] == (
        "Holidays for this period are estimated until the official schedule is published."
    )


def test_every_block_fits_slack_limits_in_every_language() -> None:
    for lang in ("en", "zh-Hans", "zh-Hant"):
        message = build_morning_prompt(
            MorningPrompt("U1", TODAY, (ON_PLAN, replace(ON_PLAN, period_label="2027"))), lang
        )
        assert len(message["blocks"]) <= 50
        assert all(len(text) <= 3000 for text in texts(message))
