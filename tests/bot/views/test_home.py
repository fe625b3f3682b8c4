"""The Home tab built from plain data: a welcome without a target, the dashboard with one, and a
manager's team table that stays inside Slack's limits however large the team."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from bot.views.home import MAX_BLOCKS, HomeData, TeamRow, build_home_view, week_figures
from storage.records import MilestoneRecord
from tests.bot.views.standings import standing_of

WEDNESDAY = date(2026, 3, 11)
# March 2026: 22 working days at 10,000 each. Lei met every day of last week and Monday,
# fell 5,000 short on Tuesday: 65,000 won against 70,000 due.
MET = {date(2026, 3, day): Decimal("10000") for day in (2, 3, 4, 5, 6, 9)}
BEHIND = MET | {date(2026, 3, 10): Decimal("5000")}


def texts(view: dict[str, Any]) -> list[str]:
    """Every piece of text on the tab, in order: section text, fields, headers, context."""
    found: list[str] = []
    for block in view["blocks"]:
        if "text" in block:
            found.append(block["text"]["text"])
        found.extend(field["text"] for field in block.get("fields", []))
        found.extend(element["text"] for element in block.get("elements", []))
    return found


def team_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The manager's table: one section a rep, each starting with the rep in bold."""
    return [b for b in view["blocks"] if b.get("text", {}).get("text", "").startswith("*<@")]


def within_slack_limits(view: dict[str, Any]) -> bool:
    blocks = view["blocks"]
    return (
        len(blocks) <= 100
        and all(len(block.get("fields", [])) <= 10 for block in blocks)
        and all(len(text) <= 3000 for text in texts(view))
        and all(len(b["text"]["text"]) <= 150 for b in blocks if b["type"] == "header")
    )


def test_home_welcomes_the_user_and_lists_the_commands() -> None:
    view = build_home_view(HomeData(user_id="U01ALICE", lang="en"))

    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    assert view["blocks"][0]["text"]["text"] == "Welcome, <@U01ALICE>! :wave:"
    assert "/target set AMOUNT PERIOD" in json.dumps(view)


def test_home_speaks_the_users_language() -> None:
    view = build_home_view(HomeData(user_id="U03HANMEI", lang="zh-Hant"))

    assert view["blocks"][0]["text"]["text"].startswith("歡迎")
    assert "/target 設定" in json.dumps(view, ensure_ascii=False)


def test_without_a_target_the_home_shows_how_to_set_one() -> None:
    shown = "\n".join(texts(build_home_view(HomeData(user_id="U01ALICE", lang="en"))))

    assert "You have no active target yet" in shown
    assert "`/target set 5M this quarter`" in shown
    assert "`/target set 5M 2027Q1 @alice`" in shown
    assert "Your team" not in shown  # not a manager


def test_the_dashboard_shows_today_the_week_the_pace_and_what_is_needed() -> None:
    standing = standing_of("220000", BEHIND, today=WEDNESDAY)

    shown = texts(build_home_view(HomeData("U02LILEI", "zh-Hans", standings=[standing])))

    assert "¥22万 · 2026-03" in shown
    # Today's 10,000 plus Tuesday's 5,000 shortfall spread over the 15 days left.
    assert "今天 周三 2026-03-11：*¥1.03万*" in shown[2]
    assert "含补足前几天的差额 ¥333.34" in shown[2]
    assert "*本周*\n¥1.5万 / ¥5万" in shown
    assert "*已完成*\n¥6.5万 / ¥22万（29.5%）" in shown
    assert "*进度*\n:warning: 落后 ¥5,000" in shown
    assert "*每个工作日还需*\n¥1.03万，共 15 天" in shown


def test_this_week_counts_only_the_days_from_monday_to_sunday() -> None:
    standing = standing_of("220000", BEHIND, today=WEDNESDAY)

    assert week_figures(standing) == (Decimal("50000.00"), Decimal("15000"))


def test_on_a_day_off_the_dashboard_says_so_and_a_reached_target_needs_nothing() -> None:
    everything = {date(2026, 3, 2): Decimal("220000")}
    saturday = date(2026, 3, 14)

    shown = texts(
        build_home_view(
            HomeData(
                "U01ALICE",
                "en",
                standings=[standing_of("220000", everything, today=saturday, currency="USD")],
            )
        )
    )

    assert "Today is not a working day: no target today." in shown
    assert "*Done so far*\n$220k of $220k (100.0%)" in shown
    assert "*Needed*\nNothing: the target is reached. :tada:" in shown
    assert "*Pace*\n:rocket: ahead by $120k" in shown


def test_the_next_milestone_is_on_the_dashboard() -> None:
    milestone = MilestoneRecord(
        id=1,
        workspace_id="T0SANDBOX",
        target_id=None,
        member_id=1,
        title="Acme signed",
        day=date(2026, 3, 20),
        amount=Decimal("50000"),
        status="open",
    )
    standing = standing_of("220000", MET, today=WEDNESDAY, currency="USD")

    shown = texts(
        build_home_view(HomeData("U01ALICE", "en", standings=[standing], milestone=milestone))
    )

    assert "Next milestone: *Acme signed* on 2026-03-20 · $50k" in shown


def test_a_manager_sees_each_rep_behind_first_and_reps_without_a_target_last() -> None:
    behind = standing_of("220000", BEHIND, today=WEDNESDAY, currency="USD")
    ahead = standing_of("220000", MET | {date(2026, 3, 10): Decimal("90000")}, today=WEDNESDAY)
    team = [TeamRow("U0AHEAD", ahead), TeamRow("U0NONE", None), TeamRow("U0BEHIND", behind)]

    view = build_home_view(HomeData("U04WANG", "en", is_manager=True, team=team))
    rows = team_rows(view)

    assert [row["text"]["text"].split("*")[1] for row in rows] == [
        "<@U0BEHIND>",
        "<@U0AHEAD>",
        "<@U0NONE>",
    ]
    assert [field["text"] for field in rows[0]["fields"]] == [
        "*Target*\n$220k",
        "*Done*\n$65k",
        "*Attainment*\n29.5%",
        "*Pace*\n:warning: behind",
    ]
    assert rows[1]["fields"][3]["text"] == "*Pace*\n:rocket: ahead"
    assert rows[2]["text"]["text"] == "*<@U0NONE>*\nNo active target."


def test_a_manager_without_reps_is_told_how_to_get_some() -> None:
    shown = texts(build_home_view(HomeData("U04WANG", "en", is_manager=True)))

    assert "Your team" in shown
    assert any(text.startswith("Nobody reports to you yet.") for text in shown)


def test_a_large_team_is_cut_to_fit_in_100_blocks_and_says_how_many_are_left_out() -> None:
    standing = standing_of("220000", BEHIND, today=WEDNESDAY)
    team = [TeamRow(f"U{n:04d}", standing) for n in range(150)]

    view = build_home_view(
        HomeData("U04WANG", "zh-Hans", standings=[standing] * 7, is_manager=True, team=team)
    )

    assert len(view["blocks"]) == MAX_BLOCKS
    assert within_slack_limits(view)
    rows = team_rows(view)
    left_out = 150 - len(rows)
    assert texts(view)[-1] == f"……还有 {left_out} 人未在此显示。"


def test_a_team_that_just_fits_shows_everyone_without_a_more_line() -> None:
    # Welcome, intro, how to set a target, divider, team header: 95 places left for reps.
    team = [TeamRow(f"U{n:04d}", None) for n in range(95)]

    view = build_home_view(HomeData("U04WANG", "en", is_manager=True, team=team))

    assert len(view["blocks"]) == MAX_BLOCKS
    assert len(team_rows(view)) == 95
    assert "more not shown" not in json.dumps(view)
