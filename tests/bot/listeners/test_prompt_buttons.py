"""The morning prompt's buttons through the real request path: a signed click opens the modal
(the emulator records views.open), a signed view_submission does the work, and the test reads
what the rep and their manager saw and what the store holds."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from slack_sdk import WebClient

from bot.core.calendar import make_calendar
from bot.core.decompose import decompose
from bot.core.money import format_amount
from bot.core.periods import Period
from bot.core.rebalance import rebalance
from bot.sandbox import Emulator, User
from bot.views.modals import (
    AMOUNT_BLOCK,
    AWAY_VIEW,
    CALLS_BLOCK,
    HELP_BLOCK,
    HELP_VIEW,
    INPUT_ACTION,
    LOG_VIEW,
    NOTE_BLOCK,
    REASON_BLOCK,
    VISITS_BLOCK,
)
from bot.views.prompt import AWAY_TODAY, BUTTONS_BLOCK, LOG_RESULT, NEED_HELP
from storage.members import member_by_slack_id, set_manager
from storage.milestones import away_days
from storage.store import Store
from storage.targets import plan_days
from tests.bot.conftest import Clock, People, SlackReply, SlackTestClient
from tests.bot.listeners.entries import Q1_2027, deps, entries_of, give_target

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture

TODAY = date(2027, 1, 6)  # the clock's Wednesday in Shanghai


class Prompt:
    """A morning prompt in a rep's DM, with the three buttons, as the daily job posts it."""

    def __init__(self, emulator: Emulator, user: User, day: date = TODAY) -> None:
        bot = WebClient(token=emulator.bot_token, base_url=emulator.base_url)
        buttons = [
            {"type": "button", "action_id": action, "value": day.isoformat(), "text": action}
            for action in (LOG_RESULT, AWAY_TODAY, NEED_HELP)
        ]
        posted = bot.chat_postMessage(
            channel=user.id,
            text="Today's target",
            blocks=[{"type": "actions", "block_id": BUTTONS_BLOCK, "elements": buttons}],
        )
        self.user = user
        self.day = day
        self.channel = str(posted["channel"])
        self.ts = str(posted["ts"])

    def click(self, slack: SlackTestClient, action_id: str) -> dict[str, Any]:
        """Press a button; returns the modal the app opened (as Slack would send it back)."""
        before = len(slack.emulator.calls("views.open"))
        reply = slack.click(
            user=self.user,
            action={
                "action_id": action_id,
                "block_id": BUTTONS_BLOCK,
                "value": self.day.isoformat(),
            },
            channel=self.channel,
            message={"ts": self.ts, "text": "Today's target"},
        )
        assert reply.status == 200, reply.text
        opened = slack.emulator.calls("views.open")[before:]
        assert len(opened) == 1
        assert opened[0].ok, opened[0].response
        view: dict[str, Any] = opened[0].response["view"]
        return view

    def thread(self, emulator: Emulator) -> list[str]:
        """The bot's answers in the prompt's thread."""
        return [
            m.text for m in emulator.messages_to(self.channel) if m.thread_ts == self.ts != m.ts
        ]


def submit(
    slack: SlackTestClient, user: User, view: dict[str, Any], **fields: str | None
) -> SlackReply:
    """Submit `view` with each input block's value (None: left empty)."""
    values = {
        block: {INPUT_ACTION: {"type": "x", "value": value}} for block, value in fields.items()
    }
    reply = slack.submit(user=user, view=view, values=values)
    assert reply.status == 200, reply.text
    return reply


def answer(reply: SlackReply) -> dict[str, Any]:
    """The body Slack gets back for a view submission: empty closes the modal."""
    if not reply.text.strip():
        return {}
    decoded: dict[str, Any] = json.loads(reply.text)
    return decoded


def member_id(store: Store, emulator: Emulator, user: User) -> int:
    with store.read() as session:
        found = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=user.id
        )
    assert found is not None
    return found.id


# -- Log result -----------------------------------------------------------------------------------


def test_log_result_opens_a_modal_in_the_reps_language_for_the_prompts_day(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    prompt = Prompt(emulator, people.lei)

    view = prompt.click(slack, LOG_RESULT)

    assert view["callback_id"] == LOG_VIEW
    assert view["title"]["text"] == "记录结果"
    assert "1月6日" in view["blocks"][0]["text"]["text"]
    assert json.loads(view["private_metadata"])["day"] == "2027-01-06"


def test_a_submitted_result_is_recorded_for_the_prompts_day_and_confirmed_in_its_thread(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    prompt = Prompt(emulator, people.lei)
    view = prompt.click(slack, LOG_RESULT)

    reply = submit(
        slack,
        people.lei,
        view,
        **{AMOUNT_BLOCK: "3.5万", VISITS_BLOCK: "4", CALLS_BLOCK: "2", NOTE_BLOCK: "华东续约"},
    )

    assert answer(reply) == {}  # the modal closes
    [entry] = entries_of(store, emulator, people.lei)
    assert (entry.day, entry.amount, entry.source) == (TODAY, Decimal("35000.00"), "button")
    assert (entry.counts.visits, entry.counts.calls, entry.note) == (4, 2, "华东续约")
    [confirmation] = prompt.thread(emulator)
    assert confirmation.splitlines()[0] == "已记录 1月6日（周三）：¥3.5万（拜访4次，电话2个）。"
    assert confirmation.splitlines()[2].startswith("2027Q1：已完成 ¥3.5万 / ¥500万")


def test_the_same_modal_submitted_twice_is_recorded_once(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "120000", currency="USD")
    prompt = Prompt(emulator, people.alice, TODAY - timedelta(days=1))  # New York's Tuesday
    view = prompt.click(slack, LOG_RESULT)

    submit(slack, people.alice, view, **{AMOUNT_BLOCK: "12k"})
    submit(slack, people.alice, view, **{AMOUNT_BLOCK: "12k"})

    assert [e.amount for e in entries_of(store, emulator, people.alice)] == [Decimal("12000.00")]
    first, second = prompt.thread(emulator)
    assert first.startswith("Recorded $12k for Tue Jan 5")
    assert second.startswith("Already recorded: $12k for Tue Jan 5")


def test_an_unreadable_amount_keeps_the_modal_open_with_the_reason_and_an_example(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    view = Prompt(emulator, people.lei).click(slack, LOG_RESULT)

    reply = submit(slack, people.lei, view, **{AMOUNT_BLOCK: "很多", VISITS_BLOCK: "-2"})

    errors = answer(reply)
    assert errors["response_action"] == "errors"
    assert set(errors["errors"]) == {AMOUNT_BLOCK, VISITS_BLOCK}
    assert "正确示例" in errors["errors"][AMOUNT_BLOCK]
    assert errors["errors"][VISITS_BLOCK] == "请填 0 到 10000 的整数，例如 3。"
    assert entries_of(store, emulator, people.lei) == []
    assert emulator.calls("chat.postMessage")[1:] == []  # only the prompt itself


def test_an_english_rep_gets_the_field_error_in_english(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "120000", currency="USD")
    view = Prompt(emulator, people.alice).click(slack, LOG_RESULT)

    errors = answer(submit(slack, people.alice, view, **{AMOUNT_BLOCK: "lots"}))["errors"]

    assert errors[AMOUNT_BLOCK].startswith("“lots”")
    assert "Example: " in errors[AMOUNT_BLOCK]
    assert entries_of(store, emulator, people.alice) == []


def test_a_prompt_for_a_day_that_has_not_come_yet_records_nothing(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    view = Prompt(emulator, people.lei, TODAY + timedelta(days=1)).click(slack, LOG_RESULT)

    errors = answer(submit(slack, people.lei, view, **{AMOUNT_BLOCK: "2万"}))["errors"]

    assert "2027-01-07" in errors[AMOUNT_BLOCK]
    assert entries_of(store, emulator, people.lei) == []


# -- Away today -----------------------------------------------------------------------------------


def test_away_today_marks_the_day_rewrites_the_plan_and_gives_the_new_daily_number(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    prompt = Prompt(emulator, people.lei)
    view = prompt.click(slack, AWAY_TODAY)
    assert view["callback_id"] == AWAY_VIEW

    reply = submit(slack, people.lei, view, **{REASON_BLOCK: "培训"})

    assert answer(reply) == {}
    lei = member_id(store, emulator, people.lei)
    with store.read() as session:
        [away] = away_days(session=session, workspace_id=emulator.team_id, member_id=lei)
        planned = {
            row.day
            for row in plan_days(session=session, workspace_id=emulator.team_id, member_id=lei)
        }
    assert (away.day, away.reason) == (TODAY, "培训")
    assert TODAY not in planned
    assert date(2027, 1, 7) in planned
    # Q1 without Wednesday, and Monday's and Tuesday's unmet amounts spread forward.
    plan = decompose(Decimal("5000000"), Q1_2027, make_calendar("cn"), away=[TODAY])
    thursday = rebalance(plan.days, {}, today=date(2027, 1, 7)).days[date(2027, 1, 7)]
    [confirmation] = prompt.thread(emulator)
    assert confirmation.splitlines() == [
        ":palm_tree: 已把 1月6日（周三） 标记为不在岗：这一天没有目标。",
        f"你的下一个工作日 1月7日（周四） 现在需要 {format_amount(thursday, 'zh-Hans', 'CNY')}。",
    ]


def test_marking_the_same_day_away_twice_says_it_already_was(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)
    prompt = Prompt(emulator, people.lei)

    submit(slack, people.lei, prompt.click(slack, AWAY_TODAY), **{REASON_BLOCK: None})
    submit(slack, people.lei, prompt.click(slack, AWAY_TODAY), **{REASON_BLOCK: None})

    with store.read() as session:
        assert len(away_days(session=session, workspace_id=emulator.team_id)) == 1
    assert prompt.thread(emulator)[1].startswith("1月6日（周三） 已经标记为不在岗。")


def test_the_only_working_day_of_a_target_cannot_be_taken_away(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei, "10000", period=Period(TODAY, TODAY, "展会日"))
    prompt = Prompt(emulator, people.lei)

    body = answer(
        submit(slack, people.lei, prompt.click(slack, AWAY_TODAY), **{REASON_BLOCK: None})
    )

    assert body["response_action"] == "errors"
    assert "都在休假" in body["errors"][REASON_BLOCK]
    with store.read() as session:
        assert away_days(session=session, workspace_id=emulator.team_id) == []
    assert prompt.thread(emulator) == []


# -- Need help ------------------------------------------------------------------------------------


def test_need_help_reaches_the_manager_with_the_rep_the_day_their_pace_and_the_text(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator, clock: Clock
) -> None:
    give_target(store, emulator, people.lei)
    give_target(store, emulator, people.wang, "1")  # makes Summit know Wang
    with store.session() as session:
        set_manager(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member_id(store, emulator, people.lei),
            manager_id=member_id(store, emulator, people.wang),
            actor="test",
            now=clock.now,
        )
    prompt = Prompt(emulator, people.lei)
    view = prompt.click(slack, NEED_HELP)
    assert view["callback_id"] == HELP_VIEW

    reply = submit(slack, people.lei, view, **{HELP_BLOCK: "客户要折扣\n周四能一起去吗？"})

    assert answer(reply) == {}
    [to_wang] = [m.text for m in emulator.messages_to(people.wang.id)]
    assert to_wang.splitlines() == [
        ":sos: <@U02LILEI> 请求你的帮助（1月6日（周三））：",
        "> 客户要折扣",
        "> 周四能一起去吗？",
        to_wang.splitlines()[3],
    ]
    assert to_wang.splitlines()[3].startswith("2027Q1：已完成 ¥0 / ¥500万（0.0%），落后计划")
    assert prompt.thread(emulator) == ["已发送给 <@U04WANG>，并附上你的进度。:raised_hands:"]


def test_need_help_without_a_manager_says_so_and_sends_nothing(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "120000", currency="USD")
    view = Prompt(emulator, people.alice).click(slack, NEED_HELP)

    body = answer(submit(slack, people.alice, view, **{HELP_BLOCK: "Pricing for Acme"}))

    assert body["response_action"] == "update"
    assert "submit" not in body["view"]
    assert body["view"]["blocks"][0]["text"]["text"].startswith("You have no manager in Summit yet")
    assert emulator.calls("chat.postMessage")[1:] == []


def test_an_empty_help_request_is_sent_back_to_be_written(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "120000", currency="USD")
    view = Prompt(emulator, people.alice).click(slack, NEED_HELP)

    body = answer(submit(slack, people.alice, view, **{HELP_BLOCK: "   "}))

    assert body == {
        "response_action": "errors",
        "errors": {
            HELP_BLOCK: "Write what you need, for example “a joint visit to Acme on Thursday”."
        },
    }
