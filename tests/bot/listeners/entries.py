"""Shared by the log, check-in and dedupe tests: the app wired to a real SQLite store, a target
given to a rep, and what the store holds for them afterwards."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from slack_bolt import App

from bot.app import Deps, create_app
from bot.core.money import Money
from bot.core.periods import Period
from bot.sandbox import Emulator, User
from bot.server import HttpServer
from bot.settings import Settings
from storage.actuals import list_actuals
from storage.audit import audit_trail
from storage.members import member_by_slack_id, upsert_member
from storage.records import ActualRecord, AuditRecord, Owner
from storage.store import Store
from storage.targets import set_target
from storage.workspaces import get_workspace, update_workspace_settings, upsert_workspace
from tests.bot.conftest import Clock, SlackTestClient

Q1_2027 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
SEEDED_AT = datetime.fromisoformat("2027-01-04T09:00:00+08:00")


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    """The app's dependencies with the goal store (the package conftest builds them without)."""
    return Deps(settings=settings, clock=clock, store=store)


def serve_as_summit_serve(
    *,
    settings: Settings,
    clock: Clock,
    store: Store,
    emulator: Emulator,
    serve: Callable[[App], HttpServer],
    with_targets: Sequence[User],
    regulars: Sequence[User],
) -> SlackTestClient:
    """The app as `summit serve` runs it (answering on `ack`), `with_targets` given a target and
    `regulars` having used Summit before (a `help` each: member, language and profile known)."""
    for rep in with_targets:
        give_target(store, emulator, rep)
    server = serve(create_app(settings, Deps(settings=settings, clock=clock, store=store)))
    slack = SlackTestClient(server.url, emulator)
    for user in regulars:
        slack.command("help", user=user)
    return slack


def give_target(
    store: Store,
    emulator: Emulator,
    user: User,
    amount: str = "5000000",
    *,
    currency: str = "CNY",
    period: Period = Q1_2027,
) -> None:
    """`user` has an active target for `period`, as if their manager had set it on Monday."""
    with store.session() as session:
        if get_workspace(session=session, workspace_id=emulator.team_id) is None:
            upsert_workspace(
                session=session,
                workspace_id=emulator.team_id,
                name="Summit sandbox",
                actor="U04WANG",
                now=SEEDED_AT,
            )
            update_workspace_settings(
                session=session,
                workspace_id=emulator.team_id,
                actor="U04WANG",
                now=SEEDED_AT,
                calendar="cn",
                tz="Asia/Shanghai",
            )
        member = upsert_member(
            session=session,
            workspace_id=emulator.team_id,
            slack_user_id=user.id,
            actor="U04WANG",
            now=SEEDED_AT,
            display_name=user.real_name,
            tz=user.tz,
            locale=user.locale,
        )
        set_target(
            session=session,
            workspace_id=emulator.team_id,
            owner=Owner.member(member.id),
            amount=Money(Decimal(amount), currency),
            period=period,
            actor="U04WANG",
            now=SEEDED_AT,
        )


def entries_of(
    store: Store, emulator: Emulator, user: User, *, include_deleted: bool = False
) -> list[ActualRecord]:
    """Every entry the store holds for `user` (none if Summit never met them)."""
    with store.read() as session:
        member = member_by_slack_id(
            session=session, workspace_id=emulator.team_id, slack_user_id=user.id
        )
        if member is None:
            return []
        return list_actuals(
            session=session,
            workspace_id=emulator.team_id,
            member_id=member.id,
            include_deleted=include_deleted,
        )


def actual_audit(store: Store, emulator: Emulator) -> list[AuditRecord]:
    with store.read() as session:
        return [
            record
            for record in audit_trail(session=session, workspace_id=emulator.team_id)
            if record.entity == "actual"
        ]


def bot_posts(emulator: Emulator) -> list[dict[str, Any]]:
    """The arguments of every chat.postMessage the app made, oldest first."""
    return [dict(call.args) for call in emulator.calls("chat.postMessage") if call.ok]
