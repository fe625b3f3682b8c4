from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.money import Money
from bot.core.periods import Period
from storage.audit import audit_trail
from storage.errors import InvalidRequestError, NotFoundError
from storage.records import Owner, TargetRecord
from storage.store import Store
from storage.targets import (
    active_targets,
    get_target,
    lock_owners,
    member_plan,
    plan_days,
    replace_plan,
    set_target,
    target_history,
)
from tests.polling import wait_until
from tests.storage.conftest import NOW, Team, seed_workspace

Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")


def _set(store: Store, team: Team, amount: str, *, member: int | None = None, **kw: object) -> int:
    with store.session() as session:
        return set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(member or team.alice),
            amount=Money(Decimal(amount), kw.pop("currency", None)),  # type: ignore[arg-type]
            period=kw.pop("period", Q1),  # type: ignore[arg-type]
            actor="U_MGR",
            now=NOW,
            **kw,  # type: ignore[arg-type]
        ).id


def test_a_target_reads_back_exactly_with_the_workspace_currency(store: Store, team: Team) -> None:
    target_id = _set(store, team, "5000000.00")
    with store.read() as session:
        target = get_target(session=session, workspace_id=team.workspace_id, target_id=target_id)
    assert target is not None
    assert target.amount == Money(Decimal("5000000.00"), "CNY")
    assert target.period == Q1
    assert target.period.label == "2027Q1"
    assert target.owner == Owner.member(team.alice)
    assert target.set_at == NOW
    assert target.active


def test_huge_amounts_keep_every_cent(store: Store, team: Team) -> None:
    # SQLite would store Numeric as REAL and lose the cents on amounts this large.
    target_id = _set(store, team, "123456789012345.67")
    with store.read() as session:
        target = get_target(session=session, workspace_id=team.workspace_id, target_id=target_id)
    assert target is not None
    assert target.amount.amount == Decimal("123456789012345.67")


def test_replacing_a_target_keeps_the_old_one_as_history(store: Store, team: Team) -> None:
    first = _set(store, team, "5000000.00")
    second = _set(store, team, "6000000.00")
    with store.read() as session:
        active = active_targets(
            session=session, workspace_id=team.workspace_id, owner=Owner.member(team.alice)
        )
        history = target_history(
            session=session, workspace_id=team.workspace_id, owner=Owner.member(team.alice)
        )
    assert [t.id for t in active] == [second]
    assert [t.id for t in history] == [first, second]
    assert history[0].superseded_by == second
    assert history[0].superseded_at == NOW
    assert history[1].active


def test_targets_of_other_periods_or_parts_are_not_replaced(store: Store, team: Team) -> None:
    _set(store, team, "5000000.00")
    _set(store, team, "1000000.00", period=Period(date(2027, 4, 1), date(2027, 6, 30), "2027Q2"))
    _set(store, team, "2000000.00", dimension="region", part="华东")
    _set(store, team, "3000000.00", dimension="region", part="华南")
    _set(store, team, "2500000.00", dimension="region", part="华东")
    with store.read() as session:
        active = active_targets(
            session=session, workspace_id=team.workspace_id, owner=Owner.member(team.alice)
        )
    assert sorted((t.period.label, t.part or "", t.amount.amount) for t in active) == [
        ("2027Q1", "", Decimal("5000000.00")),
        ("2027Q1", "华东", Decimal("2500000.00")),
        ("2027Q1", "华南", Decimal("3000000.00")),
        ("2027Q2", "", Decimal("1000000.00")),
    ]


def test_active_targets_on_a_day(store: Store, team: Team) -> None:
    _set(store, team, "5000000.00")
    _set(store, team, "100.00", member=team.bob, period=Period(date(2027, 2, 1), date(2027, 2, 28)))
    with store.read() as session:
        on_jan = active_targets(
            session=session, workspace_id=team.workspace_id, on=date(2027, 1, 5)
        )
        on_feb = active_targets(
            session=session, workspace_id=team.workspace_id, on=date(2027, 2, 5)
        )
    assert [t.owner.id for t in on_jan] == [team.alice]
    assert sorted(t.owner.id or 0 for t in on_feb) == sorted([team.alice, team.bob])


def test_a_target_for_an_unknown_member_is_refused(store: Store, team: Team) -> None:
    with pytest.raises(NotFoundError), store.session() as session:
        set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(999_999),
            amount=Money(Decimal(1)),
            period=Q1,
            actor="U_MGR",
            now=NOW,
        )


def test_team_and_workspace_targets(store: Store, team: Team) -> None:
    from storage.members import create_team

    with store.session() as session:
        sales = create_team(
            session=session, workspace_id=team.workspace_id, name="华东", actor="U_MGR", now=NOW
        )
        set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.team(sales.id),
            amount=Money(Decimal("8000000")),
            period=Q1,
            actor="U_MGR",
            now=NOW,
        )
        set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.workspace(),
            amount=Money(Decimal("20000000"), "USD"),
            period=Q1,
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        owners = {
            t.owner: t.amount
            for t in active_targets(session=session, workspace_id=team.workspace_id)
        }
    assert owners == {
        Owner.team(sales.id): Money(Decimal("8000000.00"), "CNY"),
        Owner.workspace(): Money(Decimal("20000000.00"), "USD"),
    }


def _plan(start: date, days: int, amount: str) -> dict[date, Decimal]:
    return {start + timedelta(days=i): Decimal(amount) for i in range(days)}


def test_a_plan_is_written_and_read_by_day(store: Store, team: Team) -> None:
    target_id = _set(store, team, "300.00")
    days = _plan(date(2027, 1, 4), 3, "100.00")
    with store.session() as session:
        version = replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target_id,
            days=days,
            actions={date(2027, 1, 4): {"visits": 3, "calls": 10}},
            actor="U_MGR",
            now=NOW,
        )
    assert version == 1
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team.workspace_id, target_id=target_id)
        target = get_target(session=session, workspace_id=team.workspace_id, target_id=target_id)
    assert {r.day: r.amount for r in rows} == days
    assert rows[0].actions == {"visits": 3, "calls": 10}
    assert rows[1].actions == {}
    assert {r.plan_version for r in rows} == {1}
    assert {r.member_id for r in rows} == {team.alice}
    assert target is not None
    assert target.plan_version == 1


def test_rebalancing_replaces_the_whole_plan_and_bumps_the_version(
    store: Store, team: Team
) -> None:
    target_id = _set(store, team, "300.00")
    with store.session() as session:
        replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target_id,
            days=_plan(date(2027, 1, 4), 3, "100.00"),
            actor="U_MGR",
            now=NOW,
        )
    rebalanced = {date(2027, 1, 4): Decimal("100.00"), date(2027, 1, 6): Decimal("200.00")}
    with store.session() as session:
        version = replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target_id,
            days=rebalanced,
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team.workspace_id, target_id=target_id)
        trail = audit_trail(session=session, workspace_id=team.workspace_id, entity="plan")
    assert version == 2
    assert {r.day: r.amount for r in rows} == rebalanced
    assert {r.plan_version for r in rows} == {2}
    assert trail[0].before == {"plan_version": 1, "days": 3, "total": "300.00"}
    assert trail[0].after == {"plan_version": 2, "days": 2, "total": "300.00"}


def test_a_failed_rewrite_leaves_the_previous_plan(store: Store, team: Team) -> None:
    target_id = _set(store, team, "300.00")
    original = _plan(date(2027, 1, 4), 3, "100.00")
    with store.session() as session:
        replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target_id,
            days=original,
            actor="U_MGR",
            now=NOW,
        )
    with pytest.raises(InvalidRequestError), store.session() as session:
        replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target_id,
            days={date(2027, 1, 4): Decimal("1.00"), date(2028, 1, 1): Decimal("1.00")},
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team.workspace_id, target_id=target_id)
    assert {r.day: r.amount for r in rows} == original


def _stored_plan(
    store: Store, team: Team, target_id: int
) -> tuple[list[tuple[object, ...]], int, list[tuple[object, ...]]]:
    with store.read() as session:
        rows = plan_days(session=session, workspace_id=team.workspace_id, target_id=target_id)
        target = get_target(session=session, workspace_id=team.workspace_id, target_id=target_id)
        trail = audit_trail(
            session=session, workspace_id=team.workspace_id, entity="plan", entity_id=target_id
        )
    assert target is not None
    rows_seen: list[tuple[object, ...]] = [
        (r.day, r.amount, dict(r.actions), r.plan_version) for r in rows
    ]
    assert {r.member_id for r in rows} <= {target.owner.id}
    return rows_seen, target.plan_version, [(a.action, a.before, a.after) for a in trail]


def test_a_target_set_with_its_plan_is_stored_as_set_then_planned(store: Store, team: Team) -> None:
    """`set_target(plan=...)` is the one-step form of `set_target` then `replace_plan`: same
    rows, same version, same audit; a replaced target keeps its own plan as history."""
    days = _plan(date(2027, 1, 4), 3, "100.00")
    actions = {date(2027, 1, 4): {"visits": 3, "calls": 10}}
    old_id = _set(store, team, "300.00", member=team.alice)
    two_steps = _set(store, team, "300.00", member=team.bob)
    with store.session() as session:
        replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=two_steps,
            days=days,
            actions=actions,
            actor="U_MGR",
            now=NOW,
        )
    one_step = _set(store, team, "300.00", member=team.alice, plan=days, plan_actions=actions)

    assert _stored_plan(store, team, one_step) == _stored_plan(store, team, two_steps)
    rows, version, trail = _stored_plan(store, team, one_step)
    assert len(rows) == 3
    assert version == 1
    assert trail == [
        (
            "replan",
            {"plan_version": 0, "days": 0, "total": "0.00"},
            {"plan_version": 1, "days": 3, "total": "300.00"},
        )
    ]
    with store.read() as session:
        old = get_target(session=session, workspace_id=team.workspace_id, target_id=old_id)
    assert old is not None
    assert old.superseded_by == one_step


def test_a_plan_outside_the_targets_period_stores_neither(store: Store, team: Team) -> None:
    with pytest.raises(InvalidRequestError), store.session() as session:
        set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.alice),
            amount=Money(Decimal("2.00")),
            period=Q1,
            actor="U_MGR",
            now=NOW,
            plan={date(2027, 3, 31): Decimal("1.00"), date(2027, 4, 1): Decimal("1.00")},
        )
    with store.read() as session:
        stored = active_targets(
            session=session, workspace_id=team.workspace_id, owner=Owner.member(team.alice)
        )
    assert stored == []


def test_member_plan_sums_headline_targets_only(store: Store, team: Team) -> None:
    headline = _set(store, team, "200.00")
    by_region = _set(store, team, "200.00", dimension="region", part="华东")
    for target_id in (headline, by_region):
        with store.session() as session:
            replace_plan(
                session=session,
                workspace_id=team.workspace_id,
                target_id=target_id,
                days=_plan(date(2027, 1, 4), 2, "100.00"),
                actor="U_MGR",
                now=NOW,
            )
    with store.read() as session:
        plan = member_plan(
            session=session, workspace_id=team.workspace_id, member_id=team.alice, between=Q1
        )
    assert plan == _plan(date(2027, 1, 4), 2, "100.00")


def test_the_database_itself_refuses_a_negative_target(store: Store, team: Team) -> None:
    from storage.models import Target

    def write_directly() -> None:
        with store.session() as session:
            session.add(
                Target(
                    workspace_id=team.workspace_id,
                    owner_kind="member",
                    member_id=team.alice,
                    team_id=None,
                    amount_minor=-1,
                    currency="CNY",
                    period_start=Q1.start,
                    period_end=Q1.end,
                    set_by="U_MGR",
                    set_at=NOW,
                )
            )
            session.flush()

    with pytest.raises(IntegrityError, match="ck_target_amount"):
        write_directly()


def _trail(store: Store, workspace_id: str) -> list[tuple[str, str, object, object]]:
    with store.read() as session:
        entries = audit_trail(session=session, workspace_id=workspace_id)
    return [(e.action, e.entity, e.before, e.after) for e in reversed(entries)]


def _set_as_target_set_does(
    session: Session,
    team: Team,
    *,
    plan: Mapping[date, Decimal] | None = None,
    none_active: bool = True,
) -> TargetRecord:
    """Alice's first Q1 target (100, with `plan`), as `/target set` writes it: her row locked,
    then set on its word that she has none yet (or, with none_active=False, looking again)."""
    lock_owners(session=session, workspace_id=team.workspace_id, member_ids=[team.alice])
    return set_target(
        session=session,
        workspace_id=team.workspace_id,
        owner=Owner.member(team.alice),
        amount=Money(Decimal("100.00"), "CNY"),
        period=Q1,
        actor="U_MGR",
        now=NOW,
        plan=plan,
        plan_actions={day: {"visits": 2} for day in plan or {}},
        none_active=none_active,
    )


def test_a_first_target_set_on_the_callers_word_is_stored_as_any_other(store: Store) -> None:
    # `/target set` has read that the rep has no target for the period and passes none_active:
    # the rows and the audit trail are those of a set that looks for itself.
    plan = {date(2027, 1, 4): Decimal("60.00"), date(2027, 1, 5): Decimal("40.00")}
    teams = [seed_workspace(store, workspace_id) for workspace_id in ("TW1", "TW2")]
    for team, none_active in zip(teams, (False, True), strict=True):
        with store.session() as session:
            _set_as_target_set_does(session, team, plan=plan, none_active=none_active)
    looked, told = (_trail(store, team.workspace_id)[-2:] for team in teams)
    assert [entry[:2] for entry in looked] == [("create", "target"), ("replan", "plan")]
    without_ids = [(action, entity, before) for action, entity, before, _ in looked]
    assert [(action, entity, before) for action, entity, before, _ in told] == without_ids
    with store.read() as session:
        rows = [
            [
                (row.day, row.amount, row.actions, row.plan_version)
                for row in plan_days(
                    session=session, workspace_id=team.workspace_id, member_id=team.alice
                )
            ]
            for team in teams
        ]
    assert (
        rows[0]
        == rows[1]
        == [
            (date(2027, 1, 4), Decimal("60.00"), {"visits": 2}, 1),
            (date(2027, 1, 5), Decimal("40.00"), {"visits": 2}, 1),
        ]
    )


if os.environ.get("TEST_DATABASE_URL"):

    @pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
    def test_a_set_for_a_locked_owner_waits_and_then_sees_the_first_sets_target(
        store: Store, team: Team
    ) -> None:
        # Two `/target set`s for one rep at once: the second must not read "no target yet"
        # while the first is writing one, or the rep would end with two active targets.
        def second_set() -> list[int]:
            with store.session() as session:
                lock_owners(
                    session=session, workspace_id=team.workspace_id, member_ids=[team.alice]
                )
                found = active_targets(
                    session=session, workspace_id=team.workspace_id, owner=Owner.member(team.alice)
                )
            return [target.id for target in found]

        def lock_waits() -> int:
            with store.engine.connect() as connection:
                return int(
                    connection.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            " AND datname = current_database()"
                        )
                    ).scalar_one()
                )

        with ThreadPoolExecutor(max_workers=1) as pool:
            with store.session() as session:
                first = _set_as_target_set_does(session, team)
                waiting = pool.submit(second_set)
                wait_until(lambda: lock_waits() == 1, "the second set to wait for the lock")
                assert not waiting.done()
            assert waiting.result(timeout=30) == [first.id]
