"""SQLite settings, and several processes sharing one database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bot.core.money import Money
from bot.core.periods import Period
from storage.actuals import list_actuals
from storage.locks import leader_lock
from storage.migrate import head_revision
from storage.outbox import outbox_posts
from storage.records import Owner
from storage.store import Store
from storage.targets import active_targets, plan_days, replace_plan, set_target
from tests.storage.conftest import NOW, Team, seed_workspace

REPO = Path(__file__).resolve().parents[2]
YEAR = Period(date(2027, 1, 1), date(2027, 12, 31), "2027")


class Worker:
    """A `tests.storage.workers` program in its own process, driven line by line."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.storage.workers", *args],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line:
            self.process.wait(timeout=60)
            assert self.process.stderr is not None
            raise AssertionError(f"worker ended early: {self.process.stderr.read()}")
        return line

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self) -> None:
        assert self.process.wait(timeout=60) == 0, (
            self.process.stderr and self.process.stderr.read()
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)


@contextmanager
def workers(*commands: tuple[str, ...]) -> Iterator[list[Worker]]:
    with ExitStack() as stack:
        started = []
        for command in commands:
            worker = Worker(*command)
            stack.callback(_reap, worker)
            started.append(worker)
        yield started


def _reap(worker: Worker) -> None:
    if worker.process.poll() is None:
        worker.kill()
    for stream in (worker.process.stdin, worker.process.stdout, worker.process.stderr):
        if stream is not None:
            stream.close()


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with (
        Store(f"sqlite:///{tmp_path / 'summit.db'}") as store,
        store.engine.connect() as connection,
    ):
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 30_000,
        "synchronous": 1,  # NORMAL
    }


def test_two_processes_writing_at_once_lose_nothing(store: Store, team: Team) -> None:
    with store.session() as session:
        set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.alice),
            amount=Money(Decimal(0)),
            period=YEAR,
            actor="U_MGR",
            now=NOW,
        )
    count = 40
    args = [store.url, team.workspace_id]
    with workers(
        ("write", *args, "w1", str(count), str(team.alice)),
        ("write", *args, "w2", str(count), str(team.alice)),
    ) as (first, second):
        assert (first.read(), second.read()) == ("ready", "ready")
        first.send("go")
        second.send("go")
        claims = [int(first.read().split()[1]), int(second.read().split()[1])]
        first.finish()
        second.finish()
    with store.read() as session:
        entries = list_actuals(session=session, workspace_id=team.workspace_id)
        posts = outbox_posts(session=session, workspace_id=team.workspace_id)
        (target,) = active_targets(
            session=session, workspace_id=team.workspace_id, owner=Owner.member(team.alice)
        )
    assert len(entries) == 2 * count
    assert sum(claims) == count  # every outbox key claimed by exactly one of the two
    assert len(posts) == count
    if store.is_sqlite:
        # Each transaction read the target and wrote it back one higher: none was lost.
        assert target.amount.amount == 2 * count


def test_two_processes_migrating_an_empty_database_at_once_both_succeed(
    database_url: str,
) -> None:
    with workers(("migrate", database_url), ("migrate", database_url)) as (first, second):
        assert (first.read(), second.read()) == ("ready", "ready")
        first.send("go")
        second.send("go")
        reports = {first.read(), second.read()}
        first.finish()
        second.finish()
    assert reports == {f"at {head_revision()}"}


def test_only_one_process_leads_at_a_time(store: Store) -> None:
    with workers(("lock", store.url, "scheduler")) as (leader,):
        assert leader.read() == "held"
        with workers(("lock", store.url, "scheduler")) as (follower,):
            assert follower.read() == "not-held"
            follower.send("release")
            assert follower.read() == "released"
            follower.finish()
        with leader_lock(store.engine, "scheduler") as held_here:
            assert not held_here
        leader.send("release")
        assert leader.read() == "released"
        leader.finish()
    with leader_lock(store.engine, "scheduler") as held_here:
        assert held_here


def test_a_killed_leader_frees_the_lock(store: Store) -> None:
    with workers(("lock", store.url, "scheduler")) as (leader,):
        assert leader.read() == "held"
        leader.kill()
    with leader_lock(store.engine, "scheduler") as held:
        assert held


def test_locks_with_different_names_are_independent(store: Store) -> None:
    with (
        leader_lock(store.engine, "scheduler") as first,
        leader_lock(store.engine, "other") as second,
    ):
        assert (first, second) == (True, True)


def test_a_process_killed_in_the_middle_of_a_write_leaves_the_previous_state(
    store: Store, team: Team
) -> None:
    reps = 6
    with store.session() as session:
        from storage.members import upsert_member

        ids = [
            upsert_member(
                session=session,
                workspace_id=team.workspace_id,
                slack_user_id=f"U_REP{i}",
                actor="U_MGR",
                now=NOW,
            ).id
            for i in range(reps)
        ]
        targets = []
        for member_id in ids:
            target = set_target(
                session=session,
                workspace_id=team.workspace_id,
                owner=Owner.member(member_id),
                amount=Money(Decimal("2500.00")),
                period=YEAR,
                actor="U_MGR",
                now=NOW,
            )
            replace_plan(
                session=session,
                workspace_id=team.workspace_id,
                target_id=target.id,
                days={YEAR.start + timedelta(days=d): Decimal("10.00") for d in range(250)},
                actor="U_MGR",
                now=NOW,
            )
            targets.append(target.id)
    with workers(("rewrite", store.url, team.workspace_id)) as (writer,):
        assert writer.read() == "half"  # half the targets rewritten, not committed
        writer.kill()
    with store.read() as session:
        plans = [
            plan_days(session=session, workspace_id=team.workspace_id, target_id=target_id)
            for target_id in targets
        ]
    for rows in plans:
        assert len(rows) == 250
        assert {(row.amount, row.plan_version) for row in rows} == {(Decimal("10.00"), 1)}
    if store.is_sqlite:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    # The dead writer holds no lock: a new write goes through at once.
    other = seed_workspace(store, "T_AFTER", "After")
    assert other.alice > 0
