"""`/target set` through the real request path: signed HTTP in, the emulator and a real store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from slack_bolt import App

from bot.app import Deps, create_app
from bot.sandbox import Emulator, User
from bot.server import HttpServer
from bot.settings import Settings
from bot.views.confirm import CANCEL_ACTION, REPLACE_ACTION
from storage.members import list_teams, members_by_slack_ids, team_members, upsert_member
from storage.store import Store
from storage.targets import plan_days
from tests.bot.conftest import SIGNING_SECRET, Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import (
    all_active,
    block_texts,
    buttons,
    click,
    dms,
    member,
    pending,
    shown,
    targets_of,
)

ZHAO = User("U05ZHAO", "zhao", real_name="赵经理", locale="zh-CN")


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


@pytest.fixture
def team_id(emulator: Emulator) -> str:
    return emulator.team_id


def test_manager_sets_the_full_amount_for_each_of_two_reps_in_chinese(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    reply = slack.command(
        "设定 500万 2027Q1 <@U02LILEI|lilei> <@U03HANMEI|hanmei>", user=people.wang
    )

    text = shown(reply)
    assert "已为 <@U02LILEI>, <@U03HANMEI> 设定目标：2027Q1 每人 *¥500万*" in text
    assert "多人时默认每人各自承担全额" in text  # the default said out loud
    assert "按月：2027-01" in text
    assert "按周：W53" in text or "按周：W01" in text
    assert "今天 周三 2027-01-06" in text  # the manager's local working day, with actions
    assert "拜访" in text
    assert "2027 年的节假日安排尚未正式公布" in text  # provisional calendar warned about
    for user in (people.lei.id, people.mei.id):
        [target] = targets_of(store, team_id, user)
        assert target.amount.amount == Decimal("5000000.00")
        assert target.amount.currency == "CNY"
        with store.read() as session:
            rows = plan_days(session=session, workspace_id=team_id, target_id=target.id)
        assert sum(row.amount for row in rows) == Decimal("5000000.00")
    wang = member(store, team_id, people.wang.id)
    assert member(store, team_id, people.lei.id).manager_id == wang.id
    with store.read() as session:
        [team] = list_teams(session=session, workspace_id=team_id)
        in_team = team_members(session=session, workspace_id=team_id, team_id=team.id)
    assert (team.name, team.manager_id, team.channel_id) == ("王经理", wang.id, None)
    assert {m.slack_user_id for m in in_team} == {people.lei.id, people.mei.id}
    told = dms(emulator, [people.lei.id, people.mei.id, people.wang.id])
    assert told[people.lei.id] == [
        "王经理 为你设定了目标：2027Q1 *¥500万*。分解如下；每个工作日早上我会发给你当天的目标。"
    ]
    assert "王经理 為你設定了目標" in told[people.mei.id][0]  # in her Traditional Chinese
    assert told[people.wang.id] == []
    # Each rep is looked up in Slack once: the DM's language comes from that same profile.
    looked_up = [call.args["user"] for call in emulator.calls("users.info")]
    assert looked_up.count(people.lei.id) == 1
    assert looked_up.count(people.mei.id) == 1


def test_split_shares_the_amount_and_adds_back_to_the_cent(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    reply = slack.command(
        "set 100万 2027-03 <@U02LILEI|lilei> <@U03HANMEI|hanmei> <@U01ALICE|alice> 平分",
        user=people.wang,
    )

    text = shown(reply)
    assert "2027-03 目标 *¥100万* 由 <@U02LILEI>, <@U03HANMEI>, <@U01ALICE> 平分" in text
    assert "多人时默认" not in text
    amounts = [
        targets_of(store, team_id, user)[0].amount.amount
        for user in (people.lei.id, people.mei.id, people.alice.id)
    ]
    assert amounts == [Decimal("333333.34"), Decimal("333333.33"), Decimal("333333.33")]
    assert sum(amounts) == Decimal("1000000.00")


def test_a_rep_sets_their_own_target_in_english(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("set 120k this quarter", user=people.alice))

    assert "Target set for <@U01ALICE>: *¥120k* for 2027Q1." in text
    assert "Months: 2027-01" in text
    # 09:00 in Shanghai is still Tuesday evening in New York: her day, not the server's.
    assert "Today, Tue 2027-01-05:" in text
    assert "The holidays of 2027 are provisional" in text
    [target] = targets_of(store, team_id, people.alice.id)
    assert target.amount.amount == Decimal("120000.00")
    assert member(store, team_id, people.alice.id).manager_id is None


def test_the_reps_dm_counts_from_the_reps_own_today(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    # 09:00 Wednesday in Shanghai, where the manager is; Tuesday evening for Alice in New York.
    slack.command("set 120k 2027Q1 <@U01ALICE|alice>", user=people.wang)

    [dm] = emulator.messages_to(people.alice.id)
    shown_to_alice = json.dumps(dm.blocks, ensure_ascii=False)
    assert "Today, Tue 2027-01-05:" in shown_to_alice
    assert "2027-01-06" not in shown_to_alice


def test_a_rep_cannot_override_what_the_manager_set_but_may_set_another_period(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)

    refused = shown(slack.command("set 300万 2027Q1", user=people.lei))
    inside = shown(slack.command("set 100万 2027-02", user=people.lei))
    allowed = shown(slack.command("set 300万 2027Q2", user=people.lei))

    assert "<@U04WANG> 已经为你设定了这个周期的目标" in refused
    assert "<@U04WANG> 已经为你设定了这个周期的目标" in inside
    assert "已为 <@U02LILEI> 设定目标：2027Q2 *¥300万*" in allowed
    amounts = {t.period.label: t.amount.amount for t in targets_of(store, team_id, people.lei.id)}
    assert amounts == {"2027Q1": Decimal("5000000.00"), "2027Q2": Decimal("3000000.00")}


def test_another_manager_is_refused_and_told_who_the_manager_is(
    slack: SlackTestClient,
    emulator: Emulator,
    people: People,
    store: Store,
    team_id: str,
    clock: Clock,
) -> None:
    emulator.add_user(ZHAO)
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)
    with store.session() as session:  # an admin made 赵经理 a manager
        upsert_member(
            session=session,
            workspace_id=team_id,
            slack_user_id=ZHAO.id,
            role="manager",
            actor=people.wang.id,
            now=clock.now,
        )

    text = shown(slack.command("set 100万 2027Q1 <@U02LILEI|lilei>", user=ZHAO))

    assert "<@U02LILEI> 的经理是 <@U04WANG>，只有其经理或管理员可以设定目标。未做任何改动。" in text
    [target] = targets_of(store, team_id, people.lei.id)
    assert target.amount.amount == Decimal("5000000.00")
    assert target.set_by == people.wang.id


def test_a_rep_cannot_set_targets_for_others(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("set 5M 2027Q1 <@U02LILEI|lilei>", user=people.alice))

    assert "Only managers can set targets for others" in text
    assert "`/target set 5M this quarter`" in text
    assert all_active(store, team_id) == []


def test_replacing_asks_first_and_the_button_replaces(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)

    asked = slack.command("set 600万 本季度 <@U02LILEI|lilei>", user=people.wang)

    assert "这会把 2027Q1 现有的目标替换为 *¥600万*。确定替换吗？" in shown(asked)
    assert "<@U02LILEI> 现有目标 ¥500万（由 <@U04WANG> 设定）" in shown(asked)
    choices = buttons(asked)
    assert set(choices) == {REPLACE_ACTION, CANCEL_ACTION}
    assert pending(choices[REPLACE_ACTION]) == {
        "amount": "6000000.00",
        "currency": None,
        "period": "2027Q1",
        "start": "2027-01-01",
        "end": "2027-03-31",
        "users": [people.lei.id],
        "mode": "each",
        "mode_given": False,
    }
    [still] = targets_of(store, team_id, people.lei.id)
    assert still.amount.amount == Decimal("5000000.00")  # nothing written before the click

    url = click(
        slack,
        emulator,
        user_id=people.wang.id,
        action_id=REPLACE_ACTION,
        value=choices[REPLACE_ACTION],
    )

    [answer] = emulator.responses(url)
    assert answer.payload["replace_original"] is True
    assert "已为 <@U02LILEI> 设定目标：2027Q1 *¥600万*。 原目标已被替换。" in block_texts(
        answer.payload
    )
    [now_active] = targets_of(store, team_id, people.lei.id)
    assert now_active.amount.amount == Decimal("6000000.00")
    assert len(dms(emulator, [people.lei.id])[people.lei.id]) == 2


def test_cancel_changes_nothing(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)
    asked = slack.command("set 600万 2027Q1 <@U02LILEI|lilei>", user=people.wang)

    url = click(
        slack,
        emulator,
        user_id=people.wang.id,
        action_id=CANCEL_ACTION,
        value=buttons(asked)[CANCEL_ACTION],
    )

    [answer] = emulator.responses(url)
    assert answer.text == "已取消，没有任何改动。"
    [target] = targets_of(store, team_id, people.lei.id)
    assert target.amount.amount == Decimal("5000000.00")


def test_a_replace_click_is_judged_again_by_who_clicks(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)
    asked = slack.command("set 600万 2027Q1 <@U02LILEI|lilei>", user=people.wang)

    # Alice, a rep, somehow presses the button (a forwarded payload): refused, nothing changes.
    url = click(
        slack,
        emulator,
        user_id=people.alice.id,
        action_id=REPLACE_ACTION,
        value=buttons(asked)[REPLACE_ACTION],
    )

    [answer] = emulator.responses(url)
    assert "Only managers can set targets for others" in answer.text
    [target] = targets_of(store, team_id, people.lei.id)
    assert target.amount.amount == Decimal("5000000.00")


BOT = User("U0BOTTY", "botty", is_bot=True)
GONE = User("U0GONE", "gone", deleted=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("set abc 2027Q1", "“abc” is not an amount I can read. Example: 120k"),
        ("set 5M someday", "Example:"),
        ("set", "Example:"),
        ("set 5M 2027Q1 <!everyone>", "Targets are for named people, not <!everyone>"),
        ("set 5M 2027Q1 <!here>", "Targets are for named people, not <!here>"),
        ("set 5M 2027Q1 @everyone", "Targets are for named people, not @everyone"),
        ("set 5M 2027Q1 @bob", "I can't tell who @bob is"),
        ("set 5M 2027Q1 <@U0NOBODY|ghost>", "e.g. `/target set 5M 2027Q1 @alice`"),
        ("set 5M 2027Q1 <@U0BOTTY|botty>", "<@U0BOTTY> is a bot"),
        ("set 5M 2027Q1 <@U0GONE|gone>", "<@U0GONE>'s Slack account is deactivated"),
        ("set 5M 2027Q1 <@U02LILEI|lilei> <@U0NOBODY|ghost>", "<@U0NOBODY> is not a member"),
        # Lei is new to Summit: the refusal must not leave him stored either (one transaction).
        ("set 5M 2027-01-02 <@U02LILEI|lilei>", "has no working day"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(
    slack: SlackTestClient,
    emulator: Emulator,
    people: People,
    store: Store,
    team_id: str,
    text: str,
    expected: str,
) -> None:
    emulator.add_user(BOT)
    emulator.add_user(GONE)
    admin = User("U09ADMIN", "admin", real_name="Ada", locale="en-US", is_owner=True)
    emulator.add_user(admin)

    answer = shown(slack.command(text, user=admin))

    assert expected in answer
    assert "Traceback" not in answer
    assert all_active(store, team_id) == []
    known = [people.lei.id, "U0NOBODY", BOT.id, GONE.id]
    with store.read() as session:
        assert (
            members_by_slack_ids(session=session, workspace_id=team_id, slack_user_ids=known) == {}
        )


def test_bad_amount_in_chinese_gets_a_chinese_example(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    answer = shown(slack.command("设定 很多钱 本季度", user=people.lei))

    assert "正确示例" in answer
    assert all_active(store, team_id) == []


@pytest.fixture
def other_workspace(
    people: People, clock: Clock, store: Store, serve: Callable[[App], HttpServer]
) -> Iterator[tuple[SlackTestClient, Emulator]]:
    """A second workspace on the same store: its own emulator, app and team_id."""
    with Emulator(team_id="T0OTHER", team_name="Other Co") as other:
        for user in (people.alice, people.lei, people.mei, people.wang):
            other.add_user(user)
        other.add_channel(people.sales)
        settings = Settings(
            slack_bot_token=other.bot_token,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=other.base_url,
        )
        app = create_app(
            settings,
            Deps(settings=settings, clock=clock, store=store),
            process_before_response=True,
        )
        yield SlackTestClient(serve(app).url, other), other


def test_one_workspace_never_sees_anothers_targets(
    slack: SlackTestClient,
    people: People,
    store: Store,
    team_id: str,
    other_workspace: tuple[SlackTestClient, Emulator],
) -> None:
    other, other_emulator = other_workspace
    slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang)

    # In the other workspace the same people start from nothing: no replacement is asked for.
    set_there = shown(other.command("set 200万 2027Q1 <@U02LILEI|lilei>", user=people.wang))
    status_there = shown(other.command("status <@U02LILEI|lilei>", user=people.wang))
    own_there = shown(other.command("status", user=people.lei))

    assert "已为 <@U02LILEI> 设定目标：2027Q1 *¥200万*" in set_there
    assert "¥200万" in status_there
    assert "¥500万" not in status_there
    assert "¥500万" not in own_there
    [here] = targets_of(store, team_id, people.lei.id)
    [there] = targets_of(store, other_emulator.team_id, people.lei.id)
    assert (here.amount.amount, there.amount.amount) == (
        Decimal("5000000.00"),
        Decimal("2000000.00"),
    )


def test_a_dm_that_cannot_be_delivered_does_not_undo_the_target(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    emulator.fail_next("chat.postMessage", status=200, error="channel_not_found")

    text = shown(slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))

    assert "已为 <@U02LILEI> 设定目标" in text
    [target] = targets_of(store, team_id, people.lei.id)
    assert target.amount.amount == Decimal("5000000.00")
    assert dms(emulator, [people.lei.id])[people.lei.id] == []
    assert [call.ok for call in emulator.calls("chat.postMessage")] == [False]


def test_a_rep_slack_described_minutes_ago_is_not_asked_about_again(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store, team_id: str
) -> None:
    slack.command("status", user=people.lei)  # Lei's profile, fresh from Slack
    emulator.clear_calls()

    shown(slack.command("set 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))

    assert [call.args["user"] for call in emulator.calls("users.info")].count(people.lei.id) == 0
    [target] = targets_of(store, team_id, people.lei.id)
    assert target.amount.amount == Decimal("5000000.00")
    assert len(emulator.messages_to(people.lei.id)) == 1  # and she is told, in her language
