"""Nudge, risk alert and celebration builders: the words a rep or manager reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.core.rebalance import Risk, Severity
from bot.views.nudge import (
    MilestoneGap,
    build_milestone_celebration,
    build_milestone_nudge,
    build_risk_alert,
)


def gap(title: str, days_left: int) -> MilestoneGap:
    return MilestoneGap(
        title=title,
        day=date(2027, 3, 31),
        days_left=days_left,
        amount=Decimal("1500000"),
        expected=Decimal("900000"),
        actual=Decimal("600000"),
        currency="CNY",
    )


def test_a_nudge_lists_every_milestone_behind_with_the_gap() -> None:
    message = build_milestone_nudge([gap("Q1 close", 7), gap("Acme deal", 7)], "en")

    assert message["text"] == "7 days to Q1 close: ¥300k behind pace"
    body = message["blocks"][0]["text"]["text"]
    assert "*Q1 close* on 2027-03-31, in 7 days: ¥600k won, ¥900k due by now" in body
    assert "*Acme deal*" in body


def test_a_nudge_in_chinese_counts_in_wan() -> None:
    message = build_milestone_nudge([gap("一季度收官", 3)], "zh-Hans")

    assert message["text"] == "距离一季度收官还有 3 天：落后进度 ¥30万"


def test_a_critical_risk_is_marked_as_serious() -> None:
    risk = Risk("no_days_left", Severity.CRITICAL, en="No days left.", zh="没有剩余工作日。")

    assert build_risk_alert("U1", "2027Q1", risk, "en")["text"] == (
        ":rotating_light: Serious risk for <@U1> (2027Q1): No days left."
    )


def test_a_celebration_names_the_milestone() -> None:
    message = build_milestone_celebration(
        "一季度收官", Decimal("1600000"), Decimal("1500000"), "CNY", "zh-Hant"
    )

    assert message["text"] == ":tada: 里程碑 *一季度收官* 已達成：完成 ¥160萬 / ¥150萬。做得好！"
