"""A sandbox workspace in the store for the job tests: two reps with March 2026 and February
2026 targets (Lei in Shanghai writing Chinese, Alice in New York writing English) and a manager
with no target, all known to the Web API emulator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from slack_sdk import WebClient

from bot.core.money import Money
from bot.core.periods import Period
from bot.sandbox import Emulator, User
from bot.slack_client import make_client
from storage.members import upsert_member
from storage.records import Owner
from storage.store import Store
from storage.targets import set_target
from storage.workspaces import update_workspace_settings, upsert_workspace
from tests.bot.conftest import People

SET_UP = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31), "2026-03")  # 22 working days, no holiday
FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28), "2026-02")  # Spring Festival, 2 make-ups
MARCH_TARGET = Decimal("220000")  # 10,000 a working day


@dataclass(frozen=True)
class Sandbox:
    workspace_id: str
    lei: int
    alice: int
    wang: int


def add_member(store: Store, workspace_id: str, user: User) -> int:
    with store.session() as session:
        return upsert_member(
            session=session,
            workspace_id=workspace_id,
            slack_user_id=user.id,
            actor="U04WANG",
            now=SET_UP,
            display_name=user.real_name,
            tz=user.tz,
            locale=user.locale,
        ).id


def give_target(
    store: Store, workspace_id: str, member_id: int, amount: Decimal, period: Period
) -> None:
    with store.session() as session:
        set_target(
            session=session,
            workspace_id=workspace_id,
            owner=Owner.member(member_id),
            amount=Money(amount, "CNY"),
            period=period,
            actor="U04WANG",
            now=SET_UP,
        )


@pytest.fixture
def sandbox(store: Store, emulator: Emulator, people: People) -> Sandbox:
    workspace_id = emulator.team_id
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name="Sandbox", actor="U04WANG", now=SET_UP
        )
        update_workspace_settings(
            session=session,
            workspace_id=workspace_id,
            actor="U04WANG",
            now=SET_UP,
            calendar="cn",
            currency="CNY",
            language="auto",  # each rep in their own Slack language
            tz="Asia/Shanghai",
        )
    lei = add_member(store, workspace_id, people.lei)
    alice = add_member(store, workspace_id, people.alice)
    wang = add_member(store, workspace_id, people.wang)
    for member in (lei, alice):
        give_target(store, workspace_id, member, MARCH_TARGET, MARCH)
        give_target(store, workspace_id, member, Decimal("150000"), FEBRUARY)
    return Sandbox(workspace_id, lei, alice, wang)


@pytest.fixture
def client(emulator: Emulator) -> WebClient:
    return make_client(emulator.bot_token, emulator.base_url)
