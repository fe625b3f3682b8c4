from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.core.periods import Period
from storage.actuals import (
    actual_by_key,
    daily_actuals,
    delete_actual,
    edit_actual,
    get_actual,
    list_actuals,
    log_actual,
)
from storage.audit import audit_trail
from storage.errors import InvalidRequestError, NotFoundError
from storage.records import Counts, LoggedActual
from storage.store import Store
from tests.storage.conftest import NOW, Team

JAN = Period(date(2027, 1, 1), date(2027, 1, 31))


def _log(
    store: Store, team: Team, key: str, amount: str, day: date = date(2027, 1, 4)
) -> LoggedActual:
    with store.session() as session:
        return log_actual(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            day=day,
            amount=Decimal(amount),
            counts=Counts(visits=4, deals=1, collections=Decimal("1000.50")),
            note="今天签了3.5万,拜访4家客户",
            idempotency_key=key,
            source="checkin",
            actor="U_ALICE",
            now=NOW,
        )


def test_an_entry_reads_back_with_its_counts(store: Store, team: Team) -> None:
    logged = _log(store, team, "Ev1", "35000.00")
    assert logged.created
    with store.read() as session:
        entry = get_actual(
            session=session, workspace_id=team.workspace_id, actual_id=logged.entry.id
        )
    assert entry == logged.entry
    assert entry.amount == Decimal("35000.00")
    assert entry.counts == Counts(visits=4, deals=1, collections=Decimal("1000.50"))
    assert entry.note == "今天签了3.5万,拜访4家客户"
    assert entry.day == date(2027, 1, 4)


def test_a_retried_event_logs_nothing_twice(store: Store, team: Team) -> None:
    first = _log(store, team, "Ev1", "35000.00")
    retry = _log(store, team, "Ev1", "35000.00")
    assert not retry.created
    assert retry.entry == first.entry
    with store.read() as session:
        entries = list_actuals(session=session, workspace_id=team.workspace_id)
        trail = audit_trail(session=session, workspace_id=team.workspace_id, entity="actual")
    assert len(entries) == 1
    assert len(trail) == 1


def test_edits_are_stamped_and_audited(store: Store, team: Team) -> None:
    logged = _log(store, team, "Ev1", "35000.00")
    later = NOW + timedelta(hours=2)
    with store.session() as session:
        edited = edit_actual(
            session=session,
            workspace_id=team.workspace_id,
            actual_id=logged.entry.id,
            amount=Decimal("3500.00"),
            actor="U_ALICE",
            now=later,
        )
    with store.read() as session:
        trail = audit_trail(
            session=session, workspace_id=team.workspace_id, entity="actual", entity_id=edited.id
        )
    assert edited.amount == Decimal("3500.00")
    assert edited.counts == logged.entry.counts
    assert edited.edited_at == later
    assert [(a.action, a.actor) for a in trail] == [("update", "U_ALICE"), ("create", "U_ALICE")]
    assert trail[0].before is not None
    assert trail[0].before["amount_minor"] == 3_500_000
    assert trail[0].after is not None
    assert trail[0].after["amount_minor"] == 350_000


def test_deleted_entries_stop_counting_but_are_kept(store: Store, team: Team) -> None:
    kept = _log(store, team, "Ev1", "100.00")
    gone = _log(store, team, "Ev2", "900.00")
    _log(store, team, "Ev3", "50.00", day=date(2027, 1, 5))
    with store.session() as session:
        delete_actual(
            session=session,
            workspace_id=team.workspace_id,
            actual_id=gone.entry.id,
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        totals = daily_actuals(
            session=session, workspace_id=team.workspace_id, member_id=team.alice, between=JAN
        )
        visible = list_actuals(session=session, workspace_id=team.workspace_id)
        everything = list_actuals(
            session=session, workspace_id=team.workspace_id, include_deleted=True
        )
        by_key = actual_by_key(
            session=session, workspace_id=team.workspace_id, idempotency_key="Ev2"
        )
    assert totals == {date(2027, 1, 4): Decimal("100.00"), date(2027, 1, 5): Decimal("50.00")}
    assert kept.entry.id in {e.id for e in visible}
    assert gone.entry.id not in {e.id for e in visible}
    assert len(everything) == 3
    assert by_key is not None
    assert by_key.deleted_at == NOW
    with pytest.raises(InvalidRequestError), store.session() as session:
        edit_actual(
            session=session,
            workspace_id=team.workspace_id,
            actual_id=gone.entry.id,
            amount=Decimal(1),
            actor="U_MGR",
            now=NOW,
        )


def test_negative_amounts_are_refused(store: Store, team: Team) -> None:
    with pytest.raises(InvalidRequestError):
        _log(store, team, "Ev1", "-5.00")


def test_entries_for_unknown_members_are_refused(store: Store, team: Team) -> None:
    with pytest.raises(NotFoundError), store.session() as session:
        log_actual(
            session=session,
            workspace_id=team.workspace_id,
            member_id=424242,
            day=date(2027, 1, 4),
            amount=Decimal(1),
            idempotency_key="k",
            source="slash",
            actor="U_X",
            now=NOW,
        )
