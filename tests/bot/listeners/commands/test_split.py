"""`/target split` through the real request path: the command opens the modal, each change
re-validates it (views.update), the submission writes all parts or none."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bot.app import Deps
from bot.core.dimensions import Dimension
from bot.core.errors import SplitError
from bot.listeners.commands.split import read_parts
from bot.sandbox import Emulator, User
from bot.settings import Settings
from bot.views.split import (
    CALLBACK_ID,
    DIMENSION_ACTION,
    DIMENSION_BLOCK,
    MODE_ACTION,
    MODE_BLOCK,
    PARTS_ACTION,
    PARTS_BLOCK,
    PREVIEW_BLOCK,
    TARGET_ACTION,
    TARGET_BLOCK,
)
from storage.records import TargetRecord
from storage.store import Store
from storage.targets import plan_days
from tests.bot.conftest import Clock, People, SlackReply, SlackTestClient
from tests.bot.listeners.commands.slack_text import all_active, shown, targets_of


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


def values(target_id: int, dimension: str, mode: str, text: str | None) -> dict[str, Any]:
    """Slack's `state.values` for the form."""

    def option(value: str) -> dict[str, Any]:
        return {"type": "static_select", "selected_option": {"value": value}}

    return {
        TARGET_BLOCK: {TARGET_ACTION: option(str(target_id))},
        DIMENSION_BLOCK: {DIMENSION_ACTION: option(dimension)},
        MODE_BLOCK: {MODE_ACTION: option(mode)},
        PARTS_BLOCK: {PARTS_ACTION: {"type": "plain_text_input", "value": text}},
    }


def open_modal(slack: SlackTestClient, emulator: Emulator, user: User, text: str = "") -> str:
    reply = slack.command(f"split {text}".strip(), user=user)
    return shown(reply)


def modal(emulator: Emulator) -> dict[str, Any]:
    [view] = emulator.open_views()
    return view.to_api(emulator.team_id)


def preview(view: dict[str, Any]) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == PREVIEW_BLOCK)
    text: str = block["text"]["text"]
    return text


def target_options(view: dict[str, Any]) -> list[str]:
    block = next(b for b in view["blocks"] if b.get("block_id") == TARGET_BLOCK)
    return [option["text"]["text"] for option in block["element"]["options"]]


def type_parts(
    slack: SlackTestClient,
    emulator: Emulator,
    user: User,
    form: dict[str, Any],
) -> dict[str, Any]:
    """The user types in the parts field; returns the modal as Slack then shows it."""
    view = modal(emulator)
    parts = form[PARTS_BLOCK][PARTS_ACTION]["value"]
    reply = slack.click(
        user=user,
        action={
            "type": "plain_text_input",
            "action_id": PARTS_ACTION,
            "block_id": PARTS_BLOCK,
            "value": parts,
        },
        view={**view, "state": {"values": form}},
    )
    assert reply.status == 200, reply.text
    return modal(emulator)


def submit(
    slack: SlackTestClient, emulator: Emulator, user: User, form: dict[str, Any]
) -> SlackReply:
    reply = slack.submit(user=user, view=modal(emulator), values=form)
    assert reply.status == 200, reply.text
    return reply


def children(store: Store, team_id: str, parent: TargetRecord) -> dict[str, Decimal]:
    return {
        str(t.part): t.amount.amount
        for t in all_active(store, team_id)
        if t.parent_id == parent.id and t.part is not None
    }


def test_a_manager_splits_by_region_live_and_on_submit_writes_every_part(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 500万 2027Q1", user=people.wang)
    [parent] = targets_of(store, team_id, people.wang.id)

    assert "正在打开拆分表单" in open_modal(slack, emulator, people.wang)
    opened = modal(emulator)
    assert opened["callback_id"] == CALLBACK_ID
    assert opened["title"]["text"] == "拆分目标"
    assert target_options(opened) == ["2027Q1 · ¥500万"]
    assert "填写拆分项后" in preview(opened)

    form = values(parent.id, "region", "percent", "华东 40%, 华南 35%")
    assert "各项比例合计为 75%,不是 100%。 正确示例" in preview(
        type_parts(slack, emulator, people.wang, form)
    )
    form = values(parent.id, "region", "percent", "华东 40%，华南 35%\n华北 25%")
    shown_now = preview(type_parts(slack, emulator, people.wang, form))
    assert "*¥500万* 按区域拆分为 3 项" in shown_now
    assert "• 华东：*¥200万*（2,000,000.00）" in shown_now
    assert "• 华北：*¥125万*（1,250,000.00）" in shown_now
    assert children(store, team_id, parent) == {}  # a preview writes nothing

    answer = submit(slack, emulator, people.wang, form).json()

    assert answer["response_action"] == "update"
    assert "已保存：*¥500万* 按区域拆分为 3 项" in answer["view"]["blocks"][0]["text"]["text"]
    assert children(store, team_id, parent) == {
        "华东": Decimal("2000000.00"),
        "华南": Decimal("1750000.00"),
        "华北": Decimal("1250000.00"),
    }
    split = [t for t in all_active(store, team_id) if t.parent_id == parent.id]
    assert {t.dimension for t in split} == {"region"}
    assert {t.period for t in split} == {parent.period}
    # The headline is untouched: a split is a view of the same money.
    assert [t.id for t in targets_of(store, team_id, people.wang.id) if t.dimension is None] == [
        parent.id
    ]


def test_shares_that_do_not_divide_evenly_still_add_up_to_the_cent(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 100万 2027Q1", user=people.wang)
    [parent] = targets_of(store, team_id, people.wang.id)
    open_modal(slack, emulator, people.wang)

    form = values(parent.id, "product", "percent", "A 33.33, B 33.33, C 33.34")
    submit(slack, emulator, people.wang, form)

    parts = children(store, team_id, parent)
    assert parts == {
        "A": Decimal("333300.00"),
        "B": Decimal("333300.00"),
        "C": Decimal("333400.00"),
    }
    assert sum(parts.values()) == Decimal("1000000.00")


def test_a_bad_submission_keeps_the_modal_open_with_the_reason_and_writes_nothing(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 500万 2027Q1", user=people.wang)
    [parent] = targets_of(store, team_id, people.wang.id)
    open_modal(slack, emulator, people.wang)

    answer = submit(
        slack, emulator, people.wang, values(parent.id, "channel", "percent", "直销 60%, 地推 40%")
    ).json()

    assert answer["response_action"] == "errors"
    error = answer["errors"][PARTS_BLOCK]
    assert "“地推”不是可用的渠道" in error
    assert "正确示例" in error
    assert children(store, team_id, parent) == {}


def test_amounts_in_english_with_channel_aliases(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 120k this quarter", user=people.alice)
    [parent] = targets_of(store, team_id, people.alice.id)
    assert "Opening the split form" in open_modal(slack, emulator, people.alice)

    form = values(parent.id, "channel", "amount", "direct 60k, agents 40k, online 19k")
    assert "The amounts add up to 119000.00, but the total is 120000.00." in preview(
        type_parts(slack, emulator, people.alice, form)
    )
    form = values(parent.id, "channel", "amount", "direct 60k\nagents 40k\n线上 20k")
    assert "• agent: *¥40k* (40,000.00)" in preview(type_parts(slack, emulator, people.alice, form))
    answer = submit(slack, emulator, people.alice, form).json()

    assert answer["response_action"] == "update"
    assert children(store, team_id, parent) == {
        "direct": Decimal("60000.00"),
        "agent": Decimal("40000.00"),
        "online": Decimal("20000.00"),
    }


def test_splitting_by_rep_gives_each_rep_a_target_and_a_plan(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 500万 2027Q1", user=people.wang)
    [parent] = targets_of(store, team_id, people.wang.id)
    open_modal(slack, emulator, people.wang)
    form = values(
        parent.id,
        Dimension.REP.value,
        "amount",
        "<@U02LILEI|lilei> 300万, <@U03HANMEI> 200万",
    )

    assert "• <@U02LILEI>：*¥300万*（3,000,000.00）" in preview(
        type_parts(slack, emulator, people.wang, form)
    )
    answer = submit(slack, emulator, people.wang, form).json()

    assert answer["response_action"] == "update"
    for user, amount in ((people.lei, "3000000.00"), (people.mei, "2000000.00")):
        [target] = targets_of(store, team_id, user.id)
        assert (target.amount.amount, target.parent_id) == (Decimal(amount), parent.id)
        assert target.dimension is None  # the rep's own headline target: their days follow it
        with store.read() as session:
            rows = plan_days(session=session, workspace_id=team_id, target_id=target.id)
        assert sum(row.amount for row in rows) == Decimal(amount)
    # Status now shows the rep their part.
    assert "2027Q1" in shown(slack.command("status", user=people.lei))


def test_a_rep_cannot_split_their_target_onto_other_people(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 120k this quarter", user=people.alice)
    [parent] = targets_of(store, team_id, people.alice.id)
    open_modal(slack, emulator, people.alice)

    answer = submit(
        slack,
        emulator,
        people.alice,
        values(parent.id, "rep", "percent", "<@U02LILEI> 50%, <@U01ALICE> 50%"),
    ).json()

    assert answer["response_action"] == "errors"
    assert "Only managers can set targets for others" in answer["errors"][PARTS_BLOCK]
    assert targets_of(store, team_id, people.lei.id) == []
    assert [t.id for t in targets_of(store, team_id, people.alice.id)] == [parent.id]


def test_splitting_again_retires_parts_left_out(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    team_id = emulator.team_id
    slack.command("set 500万 2027Q1", user=people.wang)
    [parent] = targets_of(store, team_id, people.wang.id)
    open_modal(slack, emulator, people.wang)
    submit(slack, emulator, people.wang, values(parent.id, "region", "percent", "华东 60, 华南 40"))

    submit(slack, emulator, people.wang, values(parent.id, "region", "amount", "华东 500万"))

    assert children(store, team_id, parent) == {
        "华东": Decimal("5000000.00"),
        "华南": Decimal("0.00"),
    }


def test_without_a_target_the_user_is_told_how_to_set_one(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    text = open_modal(slack, emulator, people.alice)

    assert "You have no active target to split" in text
    assert "`/target set 500万 this quarter`" in text
    assert emulator.open_views() == []


def test_a_bad_period_is_explained(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    text = open_modal(slack, emulator, people.wang, "2027Q9")

    assert "正确示例" in text
    assert emulator.open_views() == []


def test_the_chinese_alias_opens_the_modal_for_the_period_asked(
    slack: SlackTestClient, emulator: Emulator, people: People
) -> None:
    slack.command("set 500万 2027Q1", user=people.wang)
    slack.command("set 600万 2027Q2", user=people.wang)

    slack.command("拆分 2027Q2", user=people.wang)

    assert target_options(modal(emulator)) == ["2027Q2 · ¥600万"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("华东200万, 华南 两百万", {"华东": "2000000", "华南": "2000000"}),
        ("2区: 50万；3区=¥1.5万", {"2区": "500000", "3区": "15000"}),
        ("<@U0123ABC|bob> 1.2M\n<@U0456DEF> 0", {"<@U0123ABC|bob>": "1200000", "<@U0456DEF>": "0"}),
    ],
)
def test_amounts_are_read_the_way_target_set_reads_them(
    typed: str, expected: dict[str, str]
) -> None:
    parts = read_parts(typed, Dimension.REGION, "amount")

    assert parts == {name: Decimal(amount) for name, amount in expected.items()}


def test_an_item_without_an_amount_is_explained_with_an_example() -> None:
    with pytest.raises(SplitError) as raised:
        read_parts("华东 200万, 华南", Dimension.REGION, "amount")

    assert "无法把“华南”识别为名称和金额" in raised.value.message("zh-Hans")
    assert "华东 200万, 华南 175万, 华北 125万" in raised.value.message("zh-Hans")
