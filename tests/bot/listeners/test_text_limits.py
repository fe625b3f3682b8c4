"""Long texts through the real request path: cut to their limit and kept, with a notice in the
writer's language, never refused with a stack trace nor stored whole.

The clock says Wednesday 2027-01-06 09:00 in Shanghai.
"""

from __future__ import annotations

from decimal import Decimal

from bot.core.checkin import MAX_CHECK_IN_CHARS
from bot.core.text import ELLIPSIS, MAX_TITLE_CHARS
from bot.i18n import t
from bot.sandbox import Emulator
from bot.views.modals import AMOUNT_BLOCK, MAX_NOTE_CHARS, NOTE_BLOCK
from bot.views.prompt import LOG_RESULT
from storage.milestones import milestones
from storage.store import Store
from tests.bot.conftest import People, SlackTestClient
from tests.bot.listeners.commands.slack_text import shown
from tests.bot.listeners.entries import deps, entries_of, give_target
from tests.bot.listeners.events.test_checkins import bot_replies, write
from tests.bot.listeners.test_prompt_buttons import Prompt, submit

__all__ = ["deps"]  # the store-backed app dependencies, used by the `slack` fixture

# A rep pasting a whole e-mail after the figures: 1,200 characters of note.
LONG_NOTE = " ".join(["Acme renewal, call notes follow."] * 36)


def test_a_long_log_is_recorded_from_its_start_with_the_note_cut_and_a_notice(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")

    text = shown(slack.command(f"log 12k 5 calls {LONG_NOTE} 99k", user=people.alice))

    [entry] = entries_of(store, emulator, people.alice)
    assert entry.amount == Decimal("12000.00")  # the 99k far beyond the limit is not read
    assert entry.note is not None
    assert len(entry.note) <= MAX_CHECK_IN_CHARS
    assert entry.note.startswith("12k 5 calls Acme renewal")
    assert text.startswith("Recorded $12k for Tue Jan 5 (5 calls).")
    assert text.endswith(t("en", "text.cut.checkin", limit=MAX_CHECK_IN_CHARS))


def test_a_short_log_has_no_notice(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.alice, "600000", currency="USD")

    text = shown(slack.command("log 12k Acme renewal", user=people.alice))

    assert "characters" not in text


def test_a_long_dm_check_in_is_told_in_chinese_what_was_read(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    give_target(store, emulator, people.lei)

    message = write(slack, people.lei, "今天签了3.5万，拜访4家客户。" + "客户反馈很好，" * 200)

    [entry] = entries_of(store, emulator, people.lei)
    assert entry.amount == Decimal("35000.00")
    assert entry.note is not None
    assert len(entry.note) <= MAX_CHECK_IN_CHARS
    [confirmation] = bot_replies(emulator, message.channel, thread_ts=message.ts)
    assert confirmation.startswith("已记录 1月6日（周三）：¥3.5万（拜访4次）。")
    assert confirmation.endswith("（消息太长：只读取并保存了前 500 个字符，之后的数字没有计入。）")


def test_a_long_milestone_title_is_kept_to_its_column_with_a_notice_in_traditional_chinese(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    title = "大客戶續約" * 100  # 500 characters

    text = shown(slack.command(f"里程碑 添加 2027-01-31 12萬 {title}", user=people.mei))

    with store.read() as session:
        [milestone] = milestones(session=session, workspace_id=emulator.team_id)
    assert len(milestone.title) == MAX_TITLE_CHARS
    assert milestone.title == title[: MAX_TITLE_CHARS - 1] + ELLIPSIS
    assert text.endswith("（標題太長：只保留了前 200 個字元。）")


def test_a_title_at_the_limit_is_kept_whole(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    title = "x" * MAX_TITLE_CHARS

    text = shown(slack.command(f"milestone add 2027-01-31 12k {title}", user=people.alice))

    with store.read() as session:
        [milestone] = milestones(session=session, workspace_id=emulator.team_id)
    assert milestone.title == title
    assert "title was long" not in text


def test_a_modal_note_over_its_max_length_is_cut_by_the_server_too(
    slack: SlackTestClient, people: People, store: Store, emulator: Emulator
) -> None:
    """Slack's UI stops at the input's max_length; a client that ignores it is cut here."""
    give_target(store, emulator, people.lei)
    prompt = Prompt(emulator, people.lei)
    view = prompt.click(slack, LOG_RESULT)

    submit(slack, people.lei, view, **{AMOUNT_BLOCK: "3.5万", NOTE_BLOCK: "华东续约" * 1000})

    [entry] = entries_of(store, emulator, people.lei)
    assert entry.amount == Decimal("35000.00")
    assert entry.note == ("华东续约" * 1000)[:MAX_NOTE_CHARS]
