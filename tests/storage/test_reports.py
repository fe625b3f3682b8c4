from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event

from bot.core.money import Money
from bot.core.periods import Period
from storage.actuals import delete_actual, log_actual
from storage.members import add_team_members, create_team, upsert_member
from storage.records import Counts, Owner
from storage.reports import daily_figures, team_summary
from storage.store import Store
from storage.targets import replace_plan, set_target
from tests.storage.conftest import NOW, Team

Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
WEEK = Period(date(2027, 1, 4), date(2027, 1, 8))


def _plan_member(store: Store, team: Team, member_id: int, per_day: str, days: int = 5) -> None:
    with store.session() as session:
        target = set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(member_id),
            amount=Money(Decimal(per_day) * days),
            period=Q1,
            actor="U_MGR",
            now=NOW,
        )
        replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target.id,
            days={WEEK.start + timedelta(days=i): Decimal(per_day) for i in range(days)},
            actions={WEEK.start: {"visits": 2}},
            actor="U_MGR",
            now=NOW,
        )


def _log(store: Store, team: Team, member_id: int, key: str, amount: str, day: date) -> int:
    with store.session() as session:
        return log_actual(
            session=session,
            workspace_id=team.workspace_id,
            member_id=member_id,
            day=day,
            amount=Decimal(amount),
            counts=Counts(visits=1, calls=3),
            idempotency_key=key,
            source="slash",
            actor="U",
            now=NOW,
        ).entry.id


def test_the_weekly_summary_adds_plan_and_results_per_member(store: Store, team: Team) -> None:
    _plan_member(store, team, team.alice, "60000.00")
    _plan_member(store, team, team.bob, "10000.00")
    _log(store, team, team.alice, "k1", "35000.00", date(2027, 1, 4))
    _log(store, team, team.alice, "k2", "12000.00", date(2027, 1, 5))
    _log(store, team, team.alice, "k3", "99.00", date(2027, 1, 11))  # next week
    deleted = _log(store, team, team.bob, "k4", "5000.00", date(2027, 1, 4))
    with store.session() as session:
        delete_actual(
            session=session, workspace_id=team.workspace_id, actual_id=deleted, actor="U", now=NOW
        )
    with store.read() as session:
        rows = team_summary(session=session, workspace_id=team.workspace_id, between=WEEK)
    by_user = {row.slack_user_id: row for row in rows}
    assert by_user["U_ALICE"].target == Decimal("300000.00")
    assert by_user["U_ALICE"].actual == Decimal("47000.00")
    assert by_user["U_ALICE"].counts == Counts(visits=2, calls=6)
    assert by_user["U_ALICE"].entries == 2
    assert (by_user["U_BOB"].target, by_user["U_BOB"].actual) == (Decimal("50000.00"), 0)
    assert (by_user["U_MGR"].target, by_user["U_MGR"].actual) == (0, 0)


def test_a_team_summary_covers_only_the_team(store: Store, team: Team) -> None:
    _plan_member(store, team, team.alice, "100.00")
    _plan_member(store, team, team.bob, "100.00")
    with store.session() as session:
        east = create_team(
            session=session, workspace_id=team.workspace_id, name="East", actor="U", now=NOW
        )
        add_team_members(
            session=session,
            workspace_id=team.workspace_id,
            team_id=east.id,
            member_ids=[team.bob],
            actor="U",
            now=NOW,
        )
    with store.read() as session:
        rows = team_summary(
            session=session, workspace_id=team.workspace_id, between=WEEK, team_id=east.id
        )
    assert [(r.slack_user_id, r.target) for r in rows] == [("U_BOB", Decimal("500.00"))]


@contextmanager
def _count_statements(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_the_summary_runs_the_same_few_statements_for_any_team_size(
    store: Store, team: Team
) -> None:
    def statements_for(reps: int) -> int:
        with store.session() as session:
            ids = [
                upsert_member(
                    session=session,
                    workspace_id=team.workspace_id,
                    slack_user_id=f"U_{reps}_{i}",
                    actor="U",
                    now=NOW,
                ).id
                for i in range(reps)
            ]
            squad = create_team(
                session=session,
                workspace_id=team.workspace_id,
                name=f"squad{reps}",
                actor="U",
                now=NOW,
            )
            add_team_members(
                session=session,
                workspace_id=team.workspace_id,
                team_id=squad.id,
                member_ids=ids,
                actor="U",
                now=NOW,
            )
        for member_id in ids:
            _plan_member(store, team, member_id, "10.00")
        with _count_statements(store) as statements, store.read() as session:
            rows = team_summary(
                session=session, workspace_id=team.workspace_id, between=WEEK, team_id=squad.id
            )
        assert len(rows) == reps
        assert all(row.target == Decimal("50.00") for row in rows)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    assert statements_for(3) == statements_for(30) == 5


def test_daily_figures_merge_plan_and_actuals_by_day(store: Store, team: Team) -> None:
    _plan_member(store, team, team.alice, "100.00", days=2)
    _log(store, team, team.alice, "k1", "30.00", date(2027, 1, 5))
    _log(store, team, team.alice, "k2", "40.00", date(2027, 1, 9))  # a Saturday, no plan
    with store.read() as session:
        members, figures = daily_figures(
            session=session, workspace_id=team.workspace_id, member_ids=[team.alice]
        )
    assert [m.slack_user_id for m in members] == ["U_ALICE"]
    assert {day: (f.target, f.actual) for (_, day), f in figures.items()} == {
        date(2027, 1, 4): (Decimal("100.00"), Decimal("0.00")),
        date(2027, 1, 5): (Decimal("100.00"), Decimal("30.00")),
        date(2027, 1, 9): (Decimal("0.00"), Decimal("40.00")),
    }
    assert figures[(team.alice, date(2027, 1, 4))].actions == {"visits": 2}
