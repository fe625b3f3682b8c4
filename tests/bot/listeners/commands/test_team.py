"""`/target team` and `/target manager add` through the real request path, with a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.app import Deps
from bot.sandbox import Emulator
from bot.settings import Settings
from storage.actuals import log_actual
from storage.members import list_teams, member_by_slack_id, team_members
from storage.records import TeamRecord
from storage.store import Store
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import member, shown


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


@pytest.fixture
def team_id(emulator: Emulator) -> str:
    return emulator.team_id


def teams(store: Store, team_id: str) -> list[TeamRecord]:
    with store.read() as session:
        return list_teams(session=session, workspace_id=team_id)


def roster(store: Store, team_id: str, team: TeamRecord) -> set[str]:
    with store.read() as session:
        found = team_members(session=session, workspace_id=team_id, team_id=team.id)
    return {m.slack_user_id for m in found}


def unknown(store: Store, team_id: str, slack_user_id: str) -> bool:
    """Summit has never stored this user (so a refusal wrote nothing about them)."""
    with store.read() as session:
        found = member_by_slack_id(
            session=session, workspace_id=team_id, slack_user_id=slack_user_id
        )
    return found is None


def test_an_admin_builds_a_team_in_chinese_and_the_reps_report_to_them(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("团队 添加 <@U02LILEI|lilei> <@U03HANMEI|hanmei>", user=people.wang))

    assert text == (
        ":white_check_mark: 已把 <@U02LILEI>, <@U03HANMEI> 加入团队 王经理（共 2 人），"
        "他们现在向你汇报。"
    )
    [team] = teams(store, team_id)
    wang = member(store, team_id, people.wang.id)
    assert (team.name, team.manager_id, team.channel_id) == ("王经理", wang.id, None)
    assert roster(store, team_id, team) == {people.lei.id, people.mei.id}
    assert member(store, team_id, people.lei.id).manager_id == wang.id
    assert member(store, team_id, people.mei.id).manager_id == wang.id


def test_a_manager_sees_each_reps_attainment_in_english(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("经理 添加 <@U01ALICE|alice>", user=people.wang))
    shown(slack.command("team add <@U02LILEI|lilei> <@U03HANMEI|hanmei>", user=people.alice))
    shown(slack.command("set 120k 2027Q1 <@U02LILEI|lilei>", user=people.alice))
    lei = member(store, team_id, people.lei.id)
    with store.session() as session:
        log_actual(
            session=session,
            workspace_id=team_id,
            member_id=lei.id,
            day=date(2027, 1, 5),
            amount=Decimal("30000"),
            idempotency_key="test:lei:1",
            source="slash",
            actor=people.lei.id,
            now=Clock().now,
        )

    text = shown(slack.command("team", user=people.alice))

    assert "Team Alice Smith" in text
    assert "Manager: <@U01ALICE> · Channel: none yet" in text
    assert "• <@U02LILEI>: ¥30k of ¥120k (25.0%)" in text
    assert "• <@U03HANMEI>: no active target" in text


def test_a_rep_sees_their_own_numbers_but_not_colleagues(
    slack: SlackTestClient, people: People
) -> None:
    shown(slack.command("set 500万 2027Q1 <@U02LILEI|lilei> <@U03HANMEI|hanmei>", user=people.wang))

    text = shown(slack.command("团队", user=people.lei))

    assert "团队 王经理" in text
    assert "经理：<@U04WANG>" in text
    assert "• <@U02LILEI>：¥0 / ¥500万（0.0%）" in text
    assert "• <@U03HANMEI>\n" in text + "\n"  # a colleague: the name, no numbers


def test_without_a_team_the_reply_says_how_to_build_one(
    slack: SlackTestClient, people: People
) -> None:
    assert shown(slack.command("team", user=people.alice)) == (
        "You are not in a team yet: your manager adds you with `/target team add @you`."
    )


def test_a_rep_cannot_change_a_team_and_nothing_is_written(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("team add <@U02LILEI|lilei>", user=people.alice))

    assert text.startswith("Only managers and admins change teams")
    assert teams(store, team_id) == []
    assert member(store, team_id, people.alice.id).role == "rep"
    assert unknown(store, team_id, people.lei.id)  # refused before anyone was looked up


def test_a_manager_cannot_take_another_managers_rep(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("团队 添加 <@U02LILEI|lilei>", user=people.wang))
    shown(slack.command("经理 添加 <@U01ALICE|alice>", user=people.wang))

    text = shown(slack.command("team add <@U02LILEI|lilei>", user=people.alice))

    assert text == (
        "<@U02LILEI> reports to <@U04WANG>: only an admin can move them to your team. "
        "Nothing was changed."
    )
    wang = member(store, team_id, people.wang.id)
    assert member(store, team_id, people.lei.id).manager_id == wang.id
    assert [team.manager_id for team in teams(store, team_id)] == [wang.id]


def test_removing_a_rep_takes_them_out_of_the_team_and_its_manager(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("团队 添加 <@U02LILEI|lilei> <@U03HANMEI|hanmei>", user=people.wang))

    text = shown(slack.command("团队 移除 <@U02LILEI|lilei>", user=people.wang))

    assert text == ":white_check_mark: 已把 <@U02LILEI> 移出团队 王经理（剩 1 人）。"
    [team] = teams(store, team_id)
    assert roster(store, team_id, team) == {people.mei.id}
    assert member(store, team_id, people.lei.id).manager_id is None


def test_removing_someone_not_in_the_team_is_refused(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("team add <@U03HANMEI|hanmei>", user=people.wang))

    text = shown(slack.command("团队 移除 <@U01ALICE|alice>", user=people.wang))

    assert text == "<@U01ALICE> 不在你的团队中，无需移除。未做任何更改。"
    [team] = teams(store, team_id)
    assert roster(store, team_id, team) == {people.mei.id}


def test_the_team_channel_is_checked_with_slack_and_stored(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("团队 频道 <#C0SALES|sales>", user=people.wang))

    assert text == (
        ":white_check_mark: 团队 王经理 的周复盘将发到 <#C0SALES>；经理的周报仍私信发送。"
    )
    assert [call.args["channel"] for call in emulator.calls("conversations.info")] == ["C0SALES"]
    [team] = teams(store, team_id)
    assert team.channel_id == "C0SALES"


def test_an_unknown_channel_is_refused_and_nothing_is_written(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("team channel <#C0NOPE|nope>", user=people.wang))

    assert text.startswith("找不到 <#C0NOPE>：频道不存在")
    assert teams(store, team_id) == []


def test_a_channel_typed_without_the_menu_gets_an_example(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("team channel sales", user=people.alice))

    assert text.startswith("Only managers and admins change teams")
    text = shown(slack.command("team channel sales", user=people.wang))
    assert "`/target 团队 频道 #sales`" in text
    assert teams(store, team_id) == []


def test_only_admins_make_managers(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("manager add <@U02LILEI|lilei>", user=people.alice))

    assert text == ("Only workspace admins can make managers. Nothing was changed; ask an admin.")
    assert unknown(store, team_id, people.lei.id)


def test_an_admin_makes_a_manager_in_chinese(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("经理 添加 <@U01ALICE|alice>", user=people.wang))

    assert text.startswith(":white_check_mark: <@U01ALICE> 现在是经理了")
    assert member(store, team_id, people.alice.id).role == "manager"
    again = shown(slack.command("经理 添加 <@U01ALICE|alice>", user=people.wang))
    assert again == "<@U01ALICE> 已经是经理了。未做任何更改。"
    admin = shown(slack.command("经理 添加 <@U04WANG|wang>", user=people.wang))
    assert admin.startswith("<@U04WANG> 是工作区管理员")
    assert member(store, team_id, people.wang.id).role == "admin"


def test_an_admin_moves_a_rep_from_another_managers_team(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("经理 添加 <@U01ALICE|alice>", user=people.wang))
    shown(slack.command("team add <@U02LILEI|lilei> <@U03HANMEI|hanmei>", user=people.alice))

    shown(slack.command("团队 添加 <@U02LILEI|lilei>", user=people.wang))

    alice, wang = member(store, team_id, people.alice.id), member(store, team_id, people.wang.id)
    by_manager = {team.manager_id: roster(store, team_id, team) for team in teams(store, team_id)}
    assert by_manager == {alice.id: {people.mei.id}, wang.id: {people.lei.id}}
    assert member(store, team_id, people.lei.id).manager_id == wang.id
