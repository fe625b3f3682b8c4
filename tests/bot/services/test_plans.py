"""Plans and standings against a real store: the calendar, away days and actuals applied."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.core.decompose import Thirds, decompose
from bot.core.money import Money
from bot.core.pace import Status
from bot.core.periods import month, quarter
from bot.services.plans import calendar_for, member_plan, standings, write_plan
from storage.actuals import log_actual
from storage.members import get_member
from storage.milestones import set_away
from storage.records import Owner
from storage.store import Store
from storage.targets import plan_days, set_target
from storage.workspaces import get_workspace
from tests.storage.conftest import Team, seed_workspace

NOW = datetime(2027, 1, 4, 1, 30, tzinfo=UTC)


@pytest.fixture
def team(store: Store) -> Team:
    return seed_workspace(store)


def test_written_plan_skips_holidays_and_away_days_and_adds_back(store: Store, team: Team) -> None:
    with store.session() as session:
        workspace = get_workspace(session=session, workspace_id=team.workspace_id)
        assert workspace is not None
        set_away(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            days=[date(2027, 1, 5)],
            actor="U_ALICE",
            now=NOW,
        )
        target = set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.alice),
            amount=Money(Decimal("100000.00")),
            period=month(2027, 1),
            actor="U_MGR",
            now=NOW,
        )
        plan = write_plan(
            session=session, workspace=workspace, target=target, member_id=team.alice, now=NOW
        )

    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team.workspace_id, target_id=target.id)
    assert sum(row.amount for row in rows) == Decimal("100000.00")
    assert [row.day for row in rows] == list(plan.days)
    assert date(2027, 1, 1) not in plan.days  # New Year's Day
    assert date(2027, 1, 5) not in plan.days  # away
    assert all(calendar_for(workspace).is_working_day(day) for day in plan.days)
    assert rows[0].actions["visits"] != 0


def test_standing_spreads_a_shortfall_into_today(store: Store, team: Team) -> None:
    with store.session() as session:
        workspace = get_workspace(session=session, workspace_id=team.workspace_id)
        assert workspace is not None
        target = set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.bob),
            amount=Money(Decimal("5000000.00")),
            period=quarter(2027, 1),
            actor="U_MGR",
            now=NOW,
        )
        plan = member_plan(session=session, workspace=workspace, target=target, member_id=team.bob)
        log_actual(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.bob,
            day=date(2027, 1, 4),
            amount=Decimal("10000.00"),
            source="slash",
            idempotency_key="k1",
            actor="U_BOB",
            now=NOW,
        )
    with store.read() as session:
        member = get_member(session=session, workspace_id=team.workspace_id, member_id=team.bob)
        assert member is not None
        found = standings(
            session=session, workspace=workspace, member=member, today=date(2027, 1, 6)
        )

    assert len(found) == 1
    standing = found[0]
    assert standing.pace.status is Status.BEHIND
    assert standing.today_amount > plan.amount_on(date(2027, 1, 6))
    assert standing.includes_shortfall
    assert standing.provisional  # 2027's Chinese holidays are not yet official
    assert standing.today_actions.visits >= 1


def test_a_standing_asks_for_what_the_targets_own_weighting_gives_today(
    store: Store, team: Team
) -> None:
    """A target imported `thirds:60/30/10` front-loads each month: the daily prompt's number on
    the first working day of January is the weighted one, not an even share."""
    with store.session() as session:
        target = set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.bob),
            amount=Money(Decimal("5000000.00")),
            period=quarter(2027, 1),
            weighting="thirds:60/30/10",
            actor="cli",
            now=NOW,
        )
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id=team.workspace_id)
        member = get_member(session=session, workspace_id=team.workspace_id, member_id=team.bob)
        assert workspace is not None
        assert member is not None
        [standing] = standings(
            session=session, workspace=workspace, member=member, today=date(2027, 1, 4)
        )

    calendar = calendar_for(workspace)
    weighted = decompose(
        target.amount.amount,
        target.period,
        calendar,
        weighting=Thirds(Decimal(60), Decimal(30), Decimal(10)),
    )
    even = decompose(target.amount.amount, target.period, calendar)
    assert standing.plan.days == weighted.days
    assert standing.today_amount == weighted.amount_on(date(2027, 1, 4))
    assert standing.today_amount > even.amount_on(date(2027, 1, 4))


def test_a_target_whose_weighting_cannot_be_read_is_not_planned_as_even(
    store: Store, team: Team
) -> None:
    with store.session() as session:
        workspace = get_workspace(session=session, workspace_id=team.workspace_id)
        assert workspace is not None
        target = set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.bob),
            amount=Money(Decimal("5000000.00")),
            period=quarter(2027, 1),
            weighting="seasonal",
            actor="cli",
            now=NOW,
        )
        with pytest.raises(ValueError, match="unknown weighting 'seasonal'"):
            member_plan(session=session, workspace=workspace, target=target, member_id=team.bob)
