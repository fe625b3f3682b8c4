"""`/target settings` (配置) through the real request path: admins change, everyone reads,
bad values are explained and nothing is written."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from bot.app import Deps
from bot.sandbox import Emulator, User
from bot.settings import Settings
from storage.records import WorkspaceRecord
from storage.store import Store
from storage.targets import plan_days
from storage.workspaces import get_workspace
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import shown, targets_of

ADA = User("U06ADA", "ada", real_name="Ada Admin", locale="en-US", is_admin=True)


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


@pytest.fixture
def ada(emulator: Emulator) -> User:
    return emulator.add_user(ADA)


def workspace(store: Store, emulator: Emulator) -> WorkspaceRecord:
    with store.read() as session:
        found = get_workspace(session=session, workspace_id=emulator.team_id)
    assert found is not None
    return found


def plan_rows(store: Store, emulator: Emulator, target_id: int) -> dict[date, Decimal]:
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=emulator.team_id, target_id=target_id)
    return {row.day: row.amount for row in rows}


def test_anyone_reads_the_settings_and_only_admins_are_told_how_to_change_them(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    text = shown(slack.command("settings", user=people.alice))

    review = workspace(store, emulator).weekly_review_at.strftime("%H:%M")
    assert text == (
        "*Workspace settings*\nCalendar: cn\nCurrency: CNY\n"
        "Language: auto (each person's Slack language)\n"
        "Time zone: Asia/Shanghai\nDaily prompt: 09:00\nEvening check-in: 18:00\n"
        f"Weekly review: Fri {review}\nOnly workspace admins can change these."
    )


def test_an_admin_sets_the_prompt_time_in_chinese(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    text = shown(slack.command("配置 早报 08:30", user=people.wang))

    assert text.startswith(":white_check_mark: 已保存。\n*工作区配置*")
    assert "早报：08:30" in text
    assert workspace(store, emulator).daily_prompt_at == time(8, 30)


@pytest.mark.parametrize(
    ("typed", "field", "value"),
    [
        ("settings calendar us", "calendar", "us"),
        ("settings currency usd", "currency", "USD"),
        ("settings language auto", "language", "auto"),
        ("settings language 繁體", "language", "zh-Hant"),
        ("settings timezone America/New_York", "tz", "America/New_York"),
        ("settings checkin 19:15", "evening_checkin_at", time(19, 15)),
    ],
)
def test_an_admin_changes_each_setting_in_english(
    slack: SlackTestClient,
    emulator: Emulator,
    store: Store,
    ada: User,
    typed: str,
    field: str,
    value: object,
) -> None:
    text = shown(slack.command(typed, user=ada))

    assert text.startswith(":white_check_mark: Saved.\n*Workspace settings*")
    assert getattr(workspace(store, emulator), field) == value


def test_the_weekly_review_takes_a_weekday_and_a_time(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    text = shown(slack.command("配置 周报 周一 10:00", user=people.wang))

    assert "周复盘：周一 10:00" in text
    found = workspace(store, emulator)
    assert (found.weekly_review_day, found.weekly_review_at) == (0, time(10, 0))


def test_a_rep_cannot_change_settings(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    text = shown(slack.command("settings prompt 07:00", user=people.alice))

    assert text == (
        "Only workspace admins can change settings. Nothing was changed; "
        "`/target settings` shows the current ones."
    )
    assert workspace(store, emulator).daily_prompt_at == time(9, 0)


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        (
            "settings prompt 25:00",
            "“25:00” is not a time of day. Example: `/target settings prompt 09:00`.",
        ),
        ("settings prompt 9am", "“9am” is not a time of day."),
        ("settings calendar xx", "Unknown calendar 'xx'"),
        ("settings timezone Mars/Olympus", "“Mars/Olympus” is not a time zone."),
        ("settings timezone ../../etc/passwd", "is not a time zone."),
        ("settings language klingon", "“klingon” is not a language I speak."),
        ("settings currency 元元元元", "is not a currency code."),
        ("settings review someday 10:00", "is not a weekday and time."),
        ("settings colour blue", "There is no setting called “colour”."),
        ("settings prompt", "is not a time of day."),
    ],
)
def test_a_bad_value_is_explained_with_an_example_and_nothing_is_written(
    slack: SlackTestClient, emulator: Emulator, store: Store, ada: User, typed: str, answer: str
) -> None:
    shown(slack.command("settings", user=ada))  # Summit meets the workspace
    before = workspace(store, emulator)

    text = shown(slack.command(typed, user=ada))

    assert answer in text
    assert "Example" in text or "e.g." in text
    assert workspace(store, emulator) == before


def test_a_new_calendar_rewrites_every_stored_plan(
    slack: SlackTestClient, emulator: Emulator, people: People, store: Store
) -> None:
    shown(slack.command("设定 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))
    [target] = targets_of(store, emulator.team_id, people.lei.id)
    before = plan_rows(store, emulator, target.id)

    shown(slack.command("配置 日历 none", user=people.wang))

    after = plan_rows(store, emulator, target.id)
    assert workspace(store, emulator).calendar == "none"
    # Monday to Friday: New Year's Day and the Spring Festival now carry a share too.
    assert date(2027, 1, 1) not in before
    assert date(2027, 1, 1) in after
    assert len(after) > len(before)
    assert sum(after.values()) == sum(before.values()) == Decimal("5000000.00")


def test_a_workspace_language_chosen_by_an_admin_overrides_everyones_slack_locale(
    slack: SlackTestClient, people: People
) -> None:
    assert "Summit: /target commands" in shown(slack.command("help", user=people.alice))

    saved = shown(slack.command("配置 语言 中文", user=people.wang))
    chinese = shown(slack.command("help", user=people.alice))  # an en-US user
    slack.command("配置 语言 auto", user=people.wang)
    english_again = shown(slack.command("help", user=people.alice))

    assert "语言：简体中文" in saved  # a name, not the code zh-Hans
    assert "Summit /target 命令" in chinese
    assert "Summit: /target commands" in english_again
