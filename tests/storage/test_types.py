from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.exc import StatementError

from storage.outbox import claim_post
from storage.store import Store
from storage.types import from_minor, to_minor
from tests.storage.conftest import Team

SHANGHAI = timezone(timedelta(hours=8))


@given(st.decimals(min_value=0, max_value=Decimal("1e15"), places=2))
def test_minor_units_round_trip_exactly(amount: Decimal) -> None:
    assert from_minor(to_minor(amount)) == amount


def test_amounts_finer_than_a_cent_are_refused_not_rounded() -> None:
    with pytest.raises(ValueError, match="precision"):
        to_minor(Decimal("0.005"))


def test_an_empty_sum_is_zero() -> None:
    assert from_minor(None) == Decimal("0.00")


def test_instants_come_back_as_the_same_moment_in_utc(store: Store, team: Team) -> None:
    local = datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)
    with store.session() as session:
        row = claim_post(
            session=session,
            workspace_id=team.workspace_id,
            job="daily-prompts",
            recipient="U_ALICE",
            local_date=local.date(),
            now=local,
        )
    assert row is not None
    assert row.claimed_at == local
    assert row.claimed_at.tzinfo == UTC
    assert row.claimed_at.hour == 1


def test_naive_datetimes_are_refused(store: Store, team: Team) -> None:
    with pytest.raises(StatementError, match="naive"), store.session() as session:
        claim_post(
            session=session,
            workspace_id=team.workspace_id,
            job="daily-prompts",
            recipient="U_ALICE",
            local_date=datetime(2027, 1, 4).date(),
            now=datetime(2027, 1, 4, 9, 0),
        )
