"""`/target plan [PERIOD]` through the real request path, on the Chinese 2027 calendar."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bot.app import Deps
from bot.cli import main
from bot.core.calendar import make_calendar
from bot.core.decompose import Even, Plan, Ramp, Thirds, Weighting, decompose
from bot.core.money import format_amount
from bot.core.periods import quarter
from bot.settings import Settings
from storage.store import Store
from storage.targets import plan_days
from storage.workspaces import get_workspace
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


def import_target(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    row: str,
) -> None:
    """`summit import targets` with a one-row CSV, against the app's own database."""
    monkeypatch.setenv("DATABASE_URL", store.url)
    file = tmp_path / "targets.csv"
    file.write_text(f"user,amount,period,weighting\n{row}\n", encoding="utf-8")
    code = main(["import", "targets", str(file)])
    assert code == 0, capsys.readouterr().err


def expected_plan(
    store: Store, team_id: str, weighting: Weighting, away: Collection[date] = ()
) -> Plan:
    """120k over 2027Q1 on the workspace's calendar, as the core decomposes it."""
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id=team_id)
        assert workspace is not None
        calendar = make_calendar(workspace.calendar)
    return decompose(
        Decimal("120000.00"), quarter(2027, 1), calendar, weighting=weighting, away=away
    )


def stored_plan(store: Store, team_id: str, user_id: str) -> dict[date, Decimal]:
    [target] = targets_of(store, team_id, user_id)
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team_id, target_id=target.id)
    return {row.day: row.amount for row in rows}


@pytest.mark.parametrize(
    ("typed", "weighting"),
    [
        ("ramp", Ramp()),
        ("Ramp:3-1", Ramp(Decimal(3), Decimal(1))),
        ("thirds:60/30/10", Thirds(Decimal(60), Decimal(30), Decimal(10))),
    ],
)
def test_an_imported_weighting_is_the_plan_shown(
    slack: SlackTestClient,
    people: People,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    typed: str,
    weighting: Weighting,
) -> None:
    shown(slack.command("plan", user=people.alice))  # Summit meets Alice before the import
    import_target(store, monkeypatch, tmp_path, capsys, f"U01ALICE,120k,2027Q1,{typed}")

    text = shown(slack.command("plan", user=people.alice))

    team_id = slack.emulator.team_id
    plan = expected_plan(store, team_id, weighting)
    even = expected_plan(store, team_id, Even())
    assert plan.by_week() != even.by_week()  # the weighting makes a difference to be seen
    months = " · ".join(
        f"{key} {format_amount(amount, 'en', 'CNY')}" for key, amount in plan.by_month().items()
    )
    assert f"Months: {months}\n" in text
    weeks = plan.by_week()
    for monday, key in ((date(2027, 1, 11), "2027-W02"), (date(2027, 1, 18), "2027-W03")):
        week = f"W{key[-2:]} ({monday:%m-%d}) {format_amount(weeks[key], 'en', 'CNY')}\n"
        assert week in text
    assert stored_plan(store, team_id, people.alice.id) == dict(plan.days)


def test_the_ramp_keeps_rising_after_a_day_away(
    slack: SlackTestClient,
    people: People,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown(slack.command("plan", user=people.alice))
    import_target(store, monkeypatch, tmp_path, capsys, "U01ALICE,120k,2027Q1,ramp")

    away = shown(slack.command("away 2027-01-07", user=people.alice))

    team_id = slack.emulator.team_id
    after = stored_plan(store, team_id, people.alice.id)
    assert after == dict(expected_plan(store, team_id, Ramp(), away={date(2027, 1, 7)}).days)
    days = list(after.values())
    # Ramp 1 to 2: the quarter's last working day asks twice its first, not the same.
    assert abs(days[-1] - 2 * days[0]) <= Decimal("0.02")
    assert days == sorted(days)
    assert f"now asks for *{format_amount(after[date(2027, 1, 6)], 'en', 'CNY')}*" in away
    text = shown(slack.command("plan", user=people.alice))
    march = format_amount(
        sum((a for d, a in after.items() if d.month == 3), Decimal(0)), "en", "CNY"
    )
    assert f" · 2027-03 {march}\n" in text
