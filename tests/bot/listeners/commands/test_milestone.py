"""`/target milestone` through the real request path, with a real store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.app import Deps
from bot.sandbox import Emulator
from bot.settings import Settings
from storage.milestones import milestones
from storage.records import MilestoneRecord
from storage.store import Store
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import member, shown, targets_of


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


@pytest.fixture
def team_id(emulator: Emulator) -> str:
    return emulator.team_id


def stored(store: Store, team_id: str) -> list[MilestoneRecord]:
    with store.read() as session:
        return milestones(session=session, workspace_id=team_id)


def test_a_rep_adds_their_own_milestone_and_lists_it_in_english(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("milestone add 2027-01-31 12k January close", user=people.alice))

    assert text == (
        ":white_check_mark: Milestone *January close* for <@U01ALICE>: ¥12k by 2027-01-31."
    )
    [milestone] = stored(store, team_id)
    alice = member(store, team_id, people.alice.id)
    assert (milestone.member_id, milestone.day, milestone.amount, milestone.title) == (
        alice.id,
        date(2027, 1, 31),
        Decimal("12000.00"),
        "January close",
    )
    assert milestone.target_id is None  # she has no target yet
    listed = shown(slack.command("milestone", user=people.alice))
    assert listed == "*Upcoming milestones*\n• 2027-01-31 · *January close* · ¥12k · <@U01ALICE>"


def test_a_manager_sets_a_reps_milestone_in_chinese_tied_to_their_target(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    shown(slack.command("设定 500万 2027Q1 <@U02LILEI|lilei>", user=people.wang))

    text = shown(slack.command("里程碑 添加 2027-01-31 170万 <@U02LILEI|lilei>", user=people.wang))

    assert (
        text
        == ":white_check_mark: 已为 <@U02LILEI> 添加里程碑 *里程碑*：2027-01-31 前完成 ¥170万。"
    )
    [milestone] = stored(store, team_id)
    [target] = targets_of(store, team_id, people.lei.id)
    assert milestone.member_id == member(store, team_id, people.lei.id).id
    assert milestone.target_id == target.id
    assert milestone.amount == Decimal("1700000.00")
    # The manager's list shows the rep's milestone; another rep's list does not.
    assert "<@U02LILEI>" in shown(slack.command("里程碑", user=people.wang))
    assert shown(slack.command("里程碑", user=people.mei)).startswith("沒有即將到來的里程碑")


def test_a_rep_cannot_set_a_milestone_for_someone_else(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("milestone add 2027-01-31 12k <@U02LILEI|lilei>", user=people.alice))

    assert text.startswith("Only managers can set targets for others")
    assert stored(store, team_id) == []


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        (
            "milestone add 2027-02-30 12k",
            "2027-02-30 is not a date in the calendar. Example: 2027-01-15",
        ),
        (  # 09:00 in Shanghai is still the 5th in Alice's New York: the 4th is past
            "milestone add 2027-01-04 12k",
            "2027-01-04 has already passed: milestones are for days ahead. "
            "Example: `/target milestone add 2027-01-31 1.7M`.",
        ),
        (
            "milestone add 2027-01-31",
            "Give a date and an amount, e.g. "
            "`/target milestone add 2027-01-31 1.7M @alice January close`.",
        ),
        ("milestone add 2027-01 12k", "“2027-01” is more than one day"),
        ("milestone add 2027-01-31 lots", "lots"),
    ],
)
def test_a_bad_milestone_is_explained_and_nothing_is_written(
    slack: SlackTestClient, people: People, store: Store, team_id: str, typed: str, answer: str
) -> None:
    text = shown(slack.command(typed, user=people.alice))

    assert answer in text
    assert "Example" in text or "e.g." in text
    assert stored(store, team_id) == []


def test_a_milestone_for_someone_slack_does_not_know_is_refused(
    slack: SlackTestClient, people: People, store: Store, team_id: str
) -> None:
    text = shown(slack.command("里程碑 添加 2027-01-31 170万 <@U0NOBODY|ghost>", user=people.wang))

    assert text.startswith("<@U0NOBODY> 不是本工作区的成员")
    assert stored(store, team_id) == []
