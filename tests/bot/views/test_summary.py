"""The manager summary builder: plain data in, a Slack message within Block Kit's limits out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.core.periods import Period
from bot.core.rebalance import Risk, Severity
from bot.views.summary import (
    RepWeek,
    ReviewNotes,
    TeamSummary,
    build_manager_summary,
    chart_text,
)

WEEK = Period(date(2027, 1, 4), date(2027, 1, 10))


def rep(user: str, *, actual: str = "50000", risks: tuple[Risk, ...] = ()) -> RepWeek:
    return RepWeek(
        user_id=user,
        name=user,
        period_label="2027Q1",
        currency="USD",
        week_target=Decimal("50000"),
        week_actual=Decimal(actual),
        to_date_target=Decimal("50000"),
        to_date_actual=Decimal(actual),
        period_target=Decimal("600000"),
        risks=risks,
    )


def texts(message: dict[str, object]) -> str:
    blocks = message["blocks"]
    assert isinstance(blocks, list)
    return "\n".join(b["text"]["text"] for b in blocks if b["type"] in ("section", "header"))


def test_an_english_summary_with_nobody_at_risk_says_so() -> None:
    message = build_manager_summary(TeamSummary(WEEK, (rep("U1"), rep("U2"))), "en")

    assert message["text"] == "Your team's week of 2027-01-04: $100k of $100k (100.0%)"
    shown = texts(message)
    assert "Last week: $50k of $50k (100.0%)" in shown
    assert "Period target: $600k" in shown
    assert "Nobody is at risk" in shown


def test_at_risk_reps_are_listed_each_reason_on_its_own_line() -> None:
    risks = (
        Risk("consecutive_misses", Severity.WARNING, en="3 days missed.", zh="连续 3 天。"),
        Risk("cap_hit", Severity.CRITICAL, en="Too much left.", zh="缺口太大。"),
    )
    message = build_manager_summary(
        TeamSummary(WEEK, (rep("U1"), rep("U2", actual="0", risks=risks))), "en"
    )

    shown = texts(message)
    assert ":warning: <@U2> (2027Q1):\n• 3 days missed.\n• Too much left." in shown
    assert "<@U1> (2027Q1)" not in shown


def test_a_large_team_stays_within_fifty_blocks() -> None:
    team = tuple(rep(f"U{n:03d}") for n in range(120))

    message = build_manager_summary(TeamSummary(WEEK, team), "zh-Hans")

    blocks = message["blocks"]
    assert isinstance(blocks, list)
    assert len(blocks) <= 50
    assert any("另有 80 人" in str(block) for block in blocks)


def test_review_answers_are_quoted_under_their_rep_each_clipped() -> None:
    notes = (
        ReviewNotes("U1", ("Closed Acme.\nNeed a *demo* slot.", "x" * 500)),
        ReviewNotes("U2", ()),
    )

    message = build_manager_summary(TeamSummary(WEEK, (rep("U1"), rep("U2")), notes), "en")

    last = message["blocks"][-1]["text"]["text"]
    assert last == (
        "*Weekly review answers*\n<@U1>:\n> Closed Acme.\n> Need a *demo* slot.\n> "
        + "x" * 299
        + "…"
    )


def test_a_large_team_with_long_answers_stays_within_slacks_limits() -> None:
    team = tuple(rep(f"U{n:03d}") for n in range(120))
    notes = tuple(ReviewNotes(f"U{n:03d}", ("答" * 400, "复" * 400)) for n in range(120))

    message = build_manager_summary(TeamSummary(WEEK, team, notes), "zh-Hans")

    blocks = message["blocks"]
    assert len(blocks) == 50
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    first = next(i for i, b in enumerate(blocks) if str(b).count("*周复盘回复*"))
    shown = sum(b["text"]["text"].count("<@U") for b in blocks[first:-1])
    more = blocks[-1]["elements"][0]["text"]
    assert more == f"……另有 {120 - shown} 人的回复，见复盘讨论串。"
    assert shown >= 10


def test_the_chart_words_follow_the_readers_language() -> None:
    assert chart_text(WEEK, "zh-Hant").target_label.format(name="韓梅梅") == "韓梅梅 目標"
    assert chart_text(WEEK, "en").title == "Cumulative target vs actual, to 2027-01-10"
