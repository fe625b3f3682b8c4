"""`/target status [@user]` through the real request path, with a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.app import Deps
from bot.settings import Settings
from storage.actuals import log_actual
from storage.members import upsert_member
from storage.milestones import add_milestone
from storage.store import Store
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import member, shown


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


def log(store: Store, team_id: str, member_id: int, day: date, amount: str, key: str) -> None:
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=team_id,
            member_id=member_id,
            day=day,
            amount=Decimal(amount),
            idempotency_key=key,
            source="slash",
            actor="test",
            now=Clock().now,
        )


def test_without_a_target_status_says_how_to_set_one(
    slack: SlackTestClient, people: People
) -> None:
    text = shown(slack.command("进度", user=people.lei))

    assert text == "你还没有生效的目标。可以这样设定：`/target set 500万 本季度`"


def test_a_rep_behind_sees_pace_and_todays_number_with_the_shortfall(
    slack: SlackTestClient, people: People, store: Store
) -> None:
    team_id = slack.emulator.team_id
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)
    lei = member(store, team_id, people.lei.id)
    log(store, team_id, lei.id, date(2027, 1, 4), "84745.77", "mon")  # Monday's plan, met
    log(store, team_id, lei.id, date(2027, 1, 5), "20000", "tue")  # Tuesday, short
    with store.session() as session:
        add_milestone(
            session=session,
            workspace_id=team_id,
            title="一月收官",
            day=date(2027, 1, 29),
            amount=Decimal("1700000"),
            member_id=lei.id,
            actor="test",
            now=Clock().now,
        )

    text = shown(slack.command("status", user=people.lei))

    assert "*你的进度*" in text
    assert "*¥500万* · 2027Q1" in text
    assert "已完成：¥10.47万 / ¥500万（2.1%）" in text
    assert "进度：:warning: 落后 ¥6.47万" in text
    assert "连续达标：0 个工作日" in text
    assert "还需：剩余 57 个工作日，每天 ¥8.59万" in text
    assert "预计完成" in text
    # Today's number is above the plan's ¥8.47万: Tuesday's shortfall is spread over the rest.
    assert "今天 周三 2027-01-06：*¥8.59万*" in text
    assert "（含补足前几天的差额" in text
    assert "下一个里程碑：2027-01-29 *一月收官* · ¥170万" in text


def test_a_manager_reads_a_reps_status_in_english(
    slack: SlackTestClient, people: People, store: Store, settings: Settings
) -> None:
    admin_user = people.wang
    slack.command("set 120k 2027Q1 <@U01ALICE|alice>", user=admin_user)

    # Alice reads her own, in English, on her own (New York) date.
    own = shown(slack.command("status", user=people.alice))
    about = shown(slack.command("status <@U01ALICE|alice>", user=admin_user))

    assert "*Your progress*" in own
    assert "Done: ¥0 of ¥120k (0.0%)" in own
    assert "Today, Tue 2027-01-05:" in own
    assert "*<@U01ALICE> 的进度*" in about
    assert "今天 周二 2027-01-05" in about  # her day, though the manager is a day ahead


def test_a_rep_may_not_read_another_reps_numbers(slack: SlackTestClient, people: People) -> None:
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)

    text = shown(slack.command("status <@U02LILEI|lilei>", user=people.alice))

    assert "You can see your own progress with `/target status`" in text
    assert "¥500万" not in text
    assert "5M" not in text


def test_a_manager_may_not_read_someone_elses_rep(
    slack: SlackTestClient, people: People, store: Store
) -> None:
    team_id = slack.emulator.team_id
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)
    slack.command("status", user=people.mei)  # make 韓梅梅 known, then a manager
    with store.session() as session:
        upsert_member(
            session=session,
            workspace_id=team_id,
            slack_user_id=people.mei.id,
            role="manager",
            actor=people.wang.id,
            now=Clock().now,
        )

    text = shown(slack.command("status <@U02LILEI|lilei>", user=people.mei))

    assert "<@U02LILEI> 不在你的團隊中" in text
    assert "¥500万" not in text


@pytest.mark.parametrize(
    "text",
    ["status <!channel>", "status <@U02LILEI|lilei> <@U03HANMEI|hanmei>"],
)
def test_status_is_for_one_person(slack: SlackTestClient, people: People, text: str) -> None:
    assert "`/target status @alice`" in shown(slack.command(text, user=people.wang))
