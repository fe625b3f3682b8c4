"""Opening the Home tab through the real request path: a signed `app_home_opened` event, the
app publishing the user's dashboard (and a manager's team table) to the emulator's views.publish,
read from a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bot.sandbox import Emulator, User
from storage.actuals import log_actual
from storage.members import member_by_slack_id, set_manager, upsert_member
from storage.milestones import add_milestone
from storage.store import Store
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.entries import SEEDED_AT, deps, give_target

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture


def open_home(slack: SlackTestClient, user: User) -> list[str]:
    """`user` opens the Home tab; returns every text on the view the app published."""
    reply = slack.event({"type": "app_home_opened", "user": user.id, "tab": "home"})
    assert reply.status == 200, reply.text
    view = slack.emulator.home_view(user.id)
    assert view is not None
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    return texts(view)


def texts(view: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for block in view["blocks"]:
        if "text" in block:
            found.append(block["text"]["text"])
        found.extend(field["text"] for field in block.get("fields", []))
        found.extend(element["text"] for element in block.get("elements", []))
    return found


def member_id(store: Store, emulator: Emulator, user: User) -> int:
    with store.read() as session:
        found = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=user.id
        )
    assert found is not None
    return found.id


def won(store: Store, emulator: Emulator, user: User, day: date, amount: str) -> None:
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member_id(store, emulator, user),
            day=day,
            amount=Decimal(amount),
            idempotency_key=f"{user.id}:{day}",
            source="slash",
            actor=user.id,
            now=SEEDED_AT,
        )


def test_without_a_target_the_home_tab_welcomes_and_shows_how_to_set_one(
    slack: SlackTestClient, people: People
) -> None:
    shown = open_home(slack, people.mei)

    assert shown[0] == "歡迎，<@U03HANMEI>！:wave:"
    assert any(text.startswith("你還沒有生效的目標。") for text in shown)
    assert "你的團隊" not in shown


def test_a_rep_sees_today_this_week_the_pace_and_the_next_milestone(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)  # 500万 for 2027Q1
    won(store, emulator, people.lei, date(2027, 1, 4), "100000")
    with store.session() as session:
        add_milestone(
            session=session,
            workspace_id=emulator.team_id,
            title="一月收官",
            day=date(2027, 1, 29),
            actor="U04WANG",
            now=SEEDED_AT,
            member_id=member_id(store, emulator, people.lei),
            amount=Decimal("1700000"),
        )

    shown = open_home(slack, people.lei)

    assert "¥500万 · 2027Q1" in shown
    assert any(text.startswith("今天 周三 2027-01-06：*¥") for text in shown)
    week = next(text for text in shown if text.startswith("*本周*"))
    assert week.startswith("*本周*\n¥10万 / ¥")  # Monday's 10万 against Mon–Fri's plan
    assert any(text.startswith("*已完成*\n¥10万 / ¥500万（2.0%）") for text in shown)
    assert "下一个里程碑：2027-01-29 *一月收官* · ¥170万" in shown
    assert "你的团队" not in shown  # a rep has no team table


def test_a_manager_sees_their_reps_and_not_other_managers_reps(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator, clock: Clock
) -> None:
    give_target(store, emulator, people.lei)
    give_target(store, emulator, people.mei, "3000000")  # nobody's rep
    won(store, emulator, people.lei, date(2027, 1, 4), "100000")
    with store.session() as session:
        alice = upsert_member(
            session=session,
            workspace_id=emulator.team_id,
            slack_user_id=people.alice.id,
            actor="U04WANG",
            now=SEEDED_AT,
            role="manager",
        )
        set_manager(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member_id(store, emulator, people.lei),
            manager_id=alice.id,
            actor="U04WANG",
            now=clock.now,
        )

    shown = open_home(slack, people.alice)

    assert "Your team" in shown
    assert "You have no active target yet" in "\n".join(shown)
    assert "*<@U02LILEI>* · 2027Q1" in shown
    assert "*Target*\n¥5M" in shown
    assert "*Done*\n¥100k" in shown
    assert "*Attainment*\n2.0%" in shown
    assert "*<@U03HANMEI>* · 2027Q1" not in shown


def test_an_admin_sees_everyone_with_a_target_after_assigning_one_by_command(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)
    give_target(store, emulator, people.alice, "120000", currency="USD")

    shown = open_home(slack, people.wang)

    assert "你的团队" in shown
    rows = [text for text in shown if text.startswith("*<@")]
    # Both are behind (nothing won by Wednesday); ordered by user id within a status.
    assert rows == ["*<@U01ALICE>* · 2027Q1", "*<@U02LILEI>* · 2027Q1"]
    assert "*进度*\n:warning: 落后" in shown
