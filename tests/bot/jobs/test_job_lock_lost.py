"""A job run whose PostgreSQL lock connection dies in the middle of the fan-out (the server
restarted, the network dropped it) stops: another process may hold the job lock by then and be
reconciling this run's claims, so posting on could send a prompt twice. The next run finishes
the day, each rep with exactly one DM.

PostgreSQL only (the SQLite lock is a flock, which the kernel keeps as long as the process).
The lock's server session is ended with `pg_terminate_backend`, as a restart ends it; the drill
`tests/bot/jobs/test_drill_pg_restart.py` restarts a whole server of its own.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import text

from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.sandbox import Emulator, User
from storage.locks import lock_key
from storage.outbox import outbox_posts
from storage.store import Store
from tests.bot.jobs.conftest import MARCH, Sandbox, add_member, give_target

NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)  # Monday 09:05 in New York, everyone is due
REPS = [User(f"U1LCK{i:03d}", f"rep{i}", tz="Asia/Shanghai", locale="zh-CN") for i in range(10)]
LOST_AT_DM = 5


class _LockDiesAtDm(WebClient):
    """Slack (the emulator) as it is, while the job lock's server session is ended right after
    the `LOST_AT_DM`-th DM is opened: a PostgreSQL restart at a known moment of the fan-out."""

    def __init__(self, store: Store, emulator: Emulator) -> None:
        super().__init__(token=emulator.bot_token, base_url=emulator.base_url)
        self._store = store
        self.opened = 0

    def conversations_open(self, **kwargs: Any) -> Any:
        response = super().conversations_open(**kwargs)
        self.opened += 1
        if self.opened == LOST_AT_DM:
            _end_lock_session(self._store, f"job-{JOB}")
        return response


def _end_lock_session(store: Store, name: str) -> None:
    with store.engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        unsigned = lock_key(name, schema) & 0xFFFF_FFFF_FFFF_FFFF
        pid = connection.execute(
            text(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid = :high AND objid = :low AND objsubid = 1"
            ),
            {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF},
        ).scalar_one()
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


if os.environ.get("TEST_DATABASE_URL"):

    @pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
    def test_a_run_that_loses_its_lock_stops_and_the_next_run_sends_the_rest_once(
        store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox
    ) -> None:
        for rep in REPS:
            emulator.add_user(rep)
            member = add_member(store, sandbox.workspace_id, rep)
            give_target(store, sandbox.workspace_id, member, Decimal("22000"), MARCH)
        due = len(REPS) + 2  # and Lei and Alice

        first = run_daily_prompts(store, _LockDiesAtDm(store, emulator), NOW, workers=1)

        # The DM being sent when the lock went still went; nothing after it was posted.
        assert first.posted == LOST_AT_DM
        assert not first.ok
        assert first.stopped == f"lost the job-{JOB} lock: its database connection is gone"
        assert "stopped early" in first.summary()
        with store.read() as session:
            rows = outbox_posts(session=session, workspace_id=sandbox.workspace_id, job=JOB)
        # The post claimed when the lock was found gone is left for the next run to settle.
        assert Counter(row.status for row in rows) == Counter({"sent": LOST_AT_DM, "claimed": 1})

        second = run_daily_prompts(store, client, NOW + timedelta(minutes=1))

        assert second.ok, second.summary()
        assert (second.posted, second.already) == (due - LOST_AT_DM, LOST_AT_DM)
        bot = emulator.bot_user_id
        per_rep = Counter(
            call.args["channel"] for call in emulator.calls("chat.postMessage") if call.ok
        )
        assert len(per_rep) == due
        assert set(per_rep.values()) == {1}
        assert all(
            sum(1 for m in emulator.messages_to(channel) if m.user == bot) == 1
            for channel in per_rep
        )
