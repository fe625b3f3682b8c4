"""`/target plan [PERIOD]` through the real request path, on the Chinese 2027 calendar."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.app import Deps
from bot.core.money import format_amount
from bot.settings import Settings
from storage.store import Store
from storage.targets import plan_days
from tests.bot.conftest import Clock, People, SlackTestClient
from tests.bot.listeners.commands.slack_text import shown, targets_of


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


def weekly_totals(store: Store, team_id: str, user_id: str) -> dict[date, Decimal]:
    """The stored plan's amount per ISO week, keyed by Monday."""
    [target] = targets_of(store, team_id, user_id)
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team_id, target_id=target.id)
    weeks: dict[date, Decimal] = defaultdict(Decimal)
    for row in rows:
        weeks[row.day - timedelta(days=row.day.weekday())] += row.amount
    return weeks


def test_the_spring_festival_week_carries_less(
    slack: SlackTestClient, people: People, store: Store
) -> None:
    slack.command("set 500万 2027Q1", user=people.wang)

    text = shown(slack.command("计划 2027Q1", user=people.wang))

    weeks = weekly_totals(store, slack.emulator.team_id, people.wang.id)
    ordinary, festival = weeks[date(2027, 1, 25)], weeks[date(2027, 2, 8)]
    assert festival < ordinary / 2  # three of its five weekdays are 春节 holidays
    assert f"W04 (01-25) {format_amount(ordinary, 'zh-Hans', 'CNY')}\n" in text
    assert f"W06 (02-08) {format_amount(festival, 'zh-Hans', 'CNY')} (春节" in text
    assert "W05 (02-01) ¥33.9万 (农历除夕、春节)" in text
    assert "按月：2027-01 ¥169.49万 · 2027-02 ¥135.59万 · 2027-03 ¥194.92万" in text
    assert "*2027Q1*：¥500万，共 59 个工作日" in text
    # This week's days, today included, each with its number and actions.
    assert "*本周*\n周一 01-04  *¥8.47万* · 拜访" in text
    assert "周三 01-06  *¥8.47万*" in text
    assert "2027 年的节假日安排尚未正式公布" in text


def test_a_month_of_the_target_shows_its_first_week_with_the_holidays_named(
    slack: SlackTestClient, people: People
) -> None:
    slack.command("set 120k 2027Q1", user=people.alice)

    text = shown(slack.command("plan 2027-02", user=people.alice))

    assert "Your plan: ¥120k · 2027Q1" in text
    assert "*2027-02*: ¥32.54k over 16 working days" in text
    assert "Months: 2027-02 ¥32.54k\n" in text  # January and March left out
    assert "W01" not in text
    assert "*First week*\nMon 02-01  *¥2.03k* · 1 visit" in text
    assert "Fri 02-05  — Chinese New Year's Eve" in text
    assert "Sat 02-06  — Chinese New Year (Spring Festival)" in text


def test_without_a_target_the_plan_says_how_to_set_one(
    slack: SlackTestClient, people: People
) -> None:
    assert "`/target set 500万 本季度`" in shown(slack.command("plan", user=people.lei))
    assert "`/target set 5M 2027-04`" in shown(slack.command("plan 2027-04", user=people.alice))


def test_the_next_target_is_shown_before_it_starts(slack: SlackTestClient, people: People) -> None:
    slack.command("set 300万 2027Q2", user=people.lei)

    text = shown(slack.command("plan", user=people.lei))

    assert "你的计划：¥300万 · 2027Q2" in text
    assert "*第一周*\n周四 04-01" in text


def test_a_bad_period_is_explained_with_an_example(slack: SlackTestClient, people: People) -> None:
    text = shown(slack.command("plan someday", user=people.alice))

    assert "Example: 2027Q1" in text
