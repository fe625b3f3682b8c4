"""`/target away` through the real request path: days marked, plans re-written, nothing on
refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.app import Deps
from bot.core.money import format_amount
from bot.sandbox import Emulator
from bot.settings import Settings
from storage.milestones import away_days
from storage.store import Store
from storage.targets import plan_days
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import member, shown, targets_of


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


@pytest.fixture
def team_id(emulator: Emulator) -> str:
    return emulator.team_id


def away_of(store: Store, team_id: str, user_id: str) -> list[date]:
    lei = member(store, team_id, user_id)
    with store.read() as session:
        return [r.day for r in away_days(session=session, workspace_id=team_id, member_id=lei.id)]


def plan_of(store: Store, team_id: str, user_id: str) -> dict[date, Decimal]:
    [target] = targets_of(store, team_id, user_id)
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team_id, target_id=target.id)
    return {row.day: row.amount for row in rows}


def test_a_day_away_moves_the_reps_share_to_their_other_working_days_in_chinese(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("设定 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))
    before = plan_of(store, team_id, people.lei.id)

    text = shown(slack.command("休假 明天", user=people.lei))

    after = plan_of(store, team_id, people.lei.id)
    assert date(2027, 1, 7) in before
    assert date(2027, 1, 7) not in after
    assert sum(after.values()) == Decimal("5000000.00")
    assert after[date(2027, 1, 8)] > before[date(2027, 1, 8)]
    assert text == (
        ":palm_tree: 已登记休假 2027-01-07（1 天）：当天不承担目标。\n"
        f"2027Q1：你的份额分摊到 {len(after)} 个工作日；下一个工作日 2027-01-08 的目标现在是 "
        f"*{format_amount(after[date(2027, 1, 8)], 'zh-Hans', 'CNY')}*。"
    )
    assert away_of(store, team_id, people.lei.id) == [date(2027, 1, 7)]


def test_clearing_a_day_away_gives_the_plan_back_in_english(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("set 120k 2027Q1", user=people.alice))
    original = plan_of(store, team_id, people.alice.id)
    shown(slack.command("away 2027-01-07..2027-01-08", user=people.alice))

    text = shown(slack.command("away clear 2027-01-07..2027-01-08", user=people.alice))

    assert text.startswith(
        ":white_check_mark: 2027-01-07..2027-01-08 is a working day for you again (2 days cleared)."
    )
    assert "2027Q1: your share moves to your" in text
    assert plan_of(store, team_id, people.alice.id) == original
    assert away_of(store, team_id, people.alice.id) == []


def test_one_day_away_is_said_in_the_singular(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("set 120k 2027Q1", user=people.alice))

    marked = shown(slack.command("away 2027-01-07", user=people.alice))
    cleared = shown(slack.command("away clear 2027-01-07", user=people.alice))

    assert marked.startswith(":palm_tree: Away on 2027-01-07 (1 day marked): no target that day.")
    assert cleared.startswith(
        ":white_check_mark: 2027-01-07 is a working day for you again (1 day cleared)."
    )


def test_away_without_a_target_is_still_recorded(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("請假 2027-01-11", user=people.mei))

    assert text == ":palm_tree: 已登記休假 2027-01-11（1 天）：當天不承擔目標。"
    assert away_of(store, team_id, people.mei.id) == [date(2027, 1, 11)]
    again = shown(slack.command("請假 2027-01-11", user=people.mei))
    assert again == "2027-01-11 已登記為休假，無需更改。"


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("away 2027-13-01", "There is no month 13; months are 1 to 12. Example: 2027-03"),
        ("away someday", "“someday” is not a period I can read. Example: 2027Q1"),
        ("away 2027-01-01", "2027-01-01 has already passed"),
        ("away 2027-01-10..2027-06-30", "That is 172 days; away days cover at most 92"),
        ("away", "Tell me which days you are away"),
    ],
)
def test_a_bad_away_day_is_explained_and_nothing_is_written(
    slack: SlackTestClient, people: People, store: Store, team_id: str, typed: str, answer: str
) -> None:
    shown(slack.command("set 120k 2027Q1", user=people.alice))
    original = plan_of(store, team_id, people.alice.id)

    text = shown(slack.command(typed, user=people.alice))

    assert answer in text
    assert away_of(store, team_id, people.alice.id) == []
    assert plan_of(store, team_id, people.alice.id) == original


def test_a_period_left_without_working_days_is_refused_and_rolled_back(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("set 10k 2027-01-11..2027-01-12", user=people.alice))
    original = plan_of(store, team_id, people.alice.id)

    text = shown(slack.command("away 2027-01-11..2027-01-12", user=people.alice))

    assert text.startswith("Every working day of 2027-01-11..2027-01-12 is marked away")
    assert away_of(store, team_id, people.alice.id) == []
    assert plan_of(store, team_id, people.alice.id) == original


def test_a_manager_marks_a_rep_away_and_the_reps_plan_is_rewritten(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("设定 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))

    text = shown(slack.command("休假 2027-01-08 <@U02LILEI|lilei>", user=people.wang))

    assert text.startswith("<@U02LILEI>：:palm_tree: 已登记休假 2027-01-08（1 天）")
    assert away_of(store, team_id, people.lei.id) == [date(2027, 1, 8)]
    assert date(2027, 1, 8) not in plan_of(store, team_id, people.lei.id)


def test_a_rep_cannot_mark_someone_else_away(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("设定 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))

    text = shown(slack.command("away 2027-01-08 <@U02LILEI|lilei>", user=people.alice))

    assert text.startswith("Only managers can set targets for others")
    assert away_of(store, team_id, people.lei.id) == []
