"""Programs the concurrency and crash tests run in separate processes.

`python -m tests.storage.workers COMMAND DATABASE_URL ...` from the repository root. Workers
talk to the test over stdin/stdout lines ("ready", "go", "half", ...) so the tests wait on
events, never on sleeps.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlmodel import col, select

from bot.core.money import Money
from storage.actuals import log_actual
from storage.locks import leader_lock
from storage.models import Target
from storage.outbox import claim_post
from storage.records import Owner
from storage.scope import scoped
from storage.store import Store, ensure_schema
from storage.targets import active_targets, replace_plan, set_target

NOW = datetime(2027, 1, 4, 1, 30, tzinfo=UTC)


def _say(line: str) -> None:
    print(line, flush=True)


def _wait_for(line: str) -> None:
    received = sys.stdin.readline().strip()
    if received != line:
        raise SystemExit(f"expected {line!r}, got {received!r}")


def hold_lock(url: str, name: str) -> None:
    """Try the leader lock, report, and keep it until told to release."""
    store = Store(url)
    with leader_lock(store.engine, name) as held:
        _say("held" if held else "not-held")
        _wait_for("release")
    _say("released")


def write(url: str, workspace_id: str, worker: str, count: str, member_id: str) -> None:
    """`count` transactions that each log an entry, compete for an outbox key, and (on SQLite)
    read the member's target and write it back one higher: a read-then-write transaction."""
    store = Store(url)
    claimed = 0
    _say("ready")
    _wait_for("go")
    for i in range(int(count)):
        with store.session() as session:
            log_actual(
                session=session,
                workspace_id=workspace_id,
                member_id=int(member_id),
                day=date(2027, 1, 4),
                amount=Decimal("1.00"),
                idempotency_key=f"{worker}-{i}",
                source="cli",
                actor=worker,
                now=NOW,
            )
            post = claim_post(
                session=session,
                workspace_id=workspace_id,
                job="daily-prompts",
                recipient=f"U{i}",
                local_date=date(2027, 1, 4),
                now=NOW,
                claimed_by=worker,
            )
            claimed += post is not None
            if store.is_sqlite:
                (current,) = active_targets(
                    session=session, workspace_id=workspace_id, owner=Owner.member(int(member_id))
                )
                set_target(
                    session=session,
                    workspace_id=workspace_id,
                    owner=current.owner,
                    amount=Money(current.amount.amount + 1),
                    period=current.period,
                    actor=worker,
                    now=NOW,
                )
    _say(f"claimed {claimed}")


def rewrite_plans(url: str, workspace_id: str) -> None:
    """Rewrite every target's year of plan rows in ONE transaction; announce "half" when half
    the targets are rewritten, then wait (to be killed)."""
    store = Store(url)
    with store.session() as session:
        target_ids = list(
            session.exec(scoped(select(Target.id).order_by(col(Target.id)), workspace_id))
        )
        for n, target_id in enumerate(target_ids, start=1):
            assert target_id is not None
            start = date(2027, 1, 1)
            replace_plan(
                session=session,
                workspace_id=workspace_id,
                target_id=target_id,
                days={start + timedelta(days=d): Decimal("99.00") for d in range(365)},
                actor="crash",
                now=NOW,
            )
            if n == len(target_ids) // 2:
                session.flush()
                _say("half")
                _wait_for("never")


def migrate(url: str) -> None:
    """Bring the database to the newest schema when told to go (as `serve` does at start)."""
    store = Store(url)
    _say("ready")
    _wait_for("go")
    ensure_schema(store)
    _say(f"at {store.current_revision()}")


COMMANDS = {"lock": hold_lock, "write": write, "rewrite": rewrite_plans, "migrate": migrate}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
