"""The weekly review message, built from plain figures: blocks checked by type and content."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.views.review import RepWeek, WeeklyReview, build_weekly_review

WEEK = (date(2027, 1, 4), date(2027, 1, 10))


def rep(user: str, target: str, actual: str, pct: str | None) -> RepWeek:
    return RepWeek(
        user_id=user,
        target=Decimal(target),
        actual=Decimal(actual),
        attainment_pct=None if pct is None else Decimal(pct),
        currency="USD",
    )


def test_each_rep_gets_a_line_with_a_mention_and_the_questions_follow() -> None:
    review = WeeklyReview(
        "West",
        *WEEK,
        reps=(rep("U01ALICE", "50000", "62000", "124.0"), rep("U05BOB", "50000", "0", "0.0")),
    )

    message = build_weekly_review(review, "en")

    blocks = message["blocks"]
    assert [block["type"] for block in blocks] == ["header", "section", "section", "context"]
    assert blocks[0]["text"]["text"] == "Weekly review · West · 2027-01-04 – 2027-01-10"
    assert blocks[1]["text"]["text"].splitlines() == [
        ":white_check_mark: <@U01ALICE>: $62k of $50k (124.0%)",
        ":warning: <@U05BOB>: $0 of $50k (0.0%)",
    ]
    questions = blocks[2]["text"]["text"].splitlines()
    assert questions[1:] == [
        "1. What did you get done this week?",
        "2. If you missed your target, why?",
        "3. If you beat it, what worked?",
        "4. What support do you need next week?",
    ]
    assert message["text"].startswith("Weekly review for West, 2027-01-04 to 2027-01-10")


def test_a_week_with_nothing_planned_shows_no_percentage() -> None:
    review = WeeklyReview("West", *WEEK, reps=(rep("U01ALICE", "0", "3000", None),))

    lines = build_weekly_review(review, "en")["blocks"][1]["text"]["text"]

    assert lines == ":white_check_mark: <@U01ALICE>: $3k of $0 (—)"


def test_a_big_team_is_split_over_sections_within_block_kits_limits() -> None:
    reps = tuple(rep(f"U{n:08d}", "50000", "1000", "2.0") for n in range(300))

    blocks = build_weekly_review(WeeklyReview("All hands", *WEEK, reps=reps), "zh-Hant")["blocks"]

    rep_sections = [b["text"]["text"] for b in blocks[1:-2]]
    assert len(rep_sections) > 1
    assert all(len(text) <= 3000 for text in rep_sections)
    assert sum(len(text.splitlines()) for text in rep_sections) == 300
    assert len(blocks) <= 50
