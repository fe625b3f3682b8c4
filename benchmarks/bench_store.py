"""Goal-store benchmarks on SQLite and (with TEST_DATABASE_URL or --postgres) PostgreSQL.

Prints, per database:
- the weekly summary (`storage.reports.team_summary`) for a team of 100 and of 1,000 reps with a
  quarter of plans and actuals: median time and the number of SQL statements (which must not
  grow with the team);
- writing a year of plan rows for 1,000 reps through `replace_plan` (bulk inserts): rows/s;
- the database size of 1,000 rep-years (a year's plan rows and one actual per working day).

    .venv/bin/python benchmarks/bench_store.py [--reps 1000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, make_url, text

from bot.core.calendar import make_calendar
from bot.core.decompose import decompose
from bot.core.money import Money
from bot.core.periods import Period
from storage.members import add_team_members, create_team, upsert_member
from storage.models import ActualEntry, metadata
from storage.records import Owner
from storage.reports import team_summary
from storage.store import Store
from storage.targets import replace_plan, set_target
from storage.workspaces import upsert_workspace

NOW = datetime(2027, 1, 4, 1, 0, tzinfo=UTC)
QUARTER = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
YEAR = Period(date(2027, 1, 1), date(2027, 12, 31), "2027")
WEEK = Period(date(2027, 3, 8), date(2027, 3, 14))
CALENDAR = make_calendar("cn")


@contextmanager
def sqlite_store() -> Iterator[tuple[Store, Callable[[], int]]]:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.db"
        store = Store(f"sqlite:///{path}")
        store.upgrade()

        def size() -> int:
            # Move everything from the WAL into the file first (a raw connection: outside any
            # transaction, which the checkpoint needs).
            raw = store.engine.raw_connection()
            try:
                assert raw.driver_connection is not None
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
            return path.stat().st_size

        try:
            yield store, size
        finally:
            store.dispose()


@contextmanager
def postgres_store(url: str) -> Iterator[tuple[Store, Callable[[], int]]]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped_url = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store(scoped_url.render_as_string(hide_password=False))
    store.upgrade()

    def size() -> int:
        # The schema's tables with their indexes and TOAST: the part of pg_database_size that is
        # ours (the test database is shared with other schemas).
        with admin.connect() as connection:
            connection.execute(text("VACUUM"))
            return int(
                connection.execute(
                    text(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE n.nspname = :schema AND c.relkind = 'r'"
                    ),
                    {"schema": schema},
                ).scalar_one()
            )

    try:
        yield store, size
    finally:
        store.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def add_reps(store: Store, workspace_id: str, reps: int) -> tuple[list[int], int]:
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name=workspace_id, actor="bench", now=NOW
        )
        ids = [
            upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=f"U{i:05d}",
                actor="bench",
                now=NOW,
            ).id
            for i in range(reps)
        ]
        team = create_team(
            session=session, workspace_id=workspace_id, name="sales", actor="bench", now=NOW
        )
        add_team_members(
            session=session,
            workspace_id=workspace_id,
            team_id=team.id,
            member_ids=ids,
            actor="bench",
            now=NOW,
        )
    return ids, team.id


def write_plans(store: Store, workspace_id: str, member_ids: list[int], period: Period) -> int:
    """A target and its decomposed plan for every rep, in one transaction; returns plan rows."""
    plan = decompose(Decimal("5000000.00"), period, CALENDAR)
    rows = 0
    with store.session() as session:
        for member_id in member_ids:
            target = set_target(
                session=session,
                workspace_id=workspace_id,
                owner=Owner.member(member_id),
                amount=Money(plan.total),
                period=period,
                actor="bench",
                now=NOW,
            )
            replace_plan(
                session=session,
                workspace_id=workspace_id,
                target_id=target.id,
                days=plan.days,
                actor="bench",
                now=NOW,
            )
            rows += len(plan.days)
    return rows


def write_actuals(store: Store, workspace_id: str, member_ids: list[int], period: Period) -> int:
    """One actual per rep per working day, bulk-inserted (loading data, not measured)."""
    days = CALENDAR.working_days(period.start, period.end)
    rows: list[dict[str, Any]] = [
        {
            "workspace_id": workspace_id,
            "member_id": member_id,
            "day": day,
            "amount_minor": 6_000_000 + (member_id * 7919 + day.toordinal()) % 2_000_000,
            "visits": 3,
            "calls": 8,
            "deals": 1,
            "new_customers": 0,
            "collections_minor": 0,
            "source": "checkin",
            "idempotency_key": f"Ev{member_id}-{day.isoformat()}",
            "created_by": "bench",
            "created_at": NOW,
        }
        for member_id in member_ids
        for day in days
    ]
    with store.session() as session:
        for start in range(0, len(rows), 20_000):
            session.execute(insert(ActualEntry), rows[start : start + 20_000])
    return len(rows)


def time_summary(store: Store, workspace_id: str, team_id: int, runs: int) -> tuple[float, int]:
    """Median seconds of the weekly summary, and the statements one call runs."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    timings = []
    for run in range(runs + 1):
        if run == runs:
            event.listen(store.engine, "before_cursor_execute", count)
        started = time.perf_counter()
        with store.read() as session:
            rows = team_summary(
                session=session, workspace_id=workspace_id, between=WEEK, team_id=team_id
            )
        elapsed = time.perf_counter() - started
        if run == runs:
            event.remove(store.engine, "before_cursor_execute", count)
        elif run > 0:  # the first run warms caches and the connection pool
            timings.append(elapsed)
        assert rows
        assert all(row.target > 0 for row in rows)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    return statistics.median(timings), len(selects)


def analyze(store: Store) -> None:
    """Refresh the planner's statistics, as PostgreSQL's autovacuum soon does after a load."""
    with store.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def bench(name: str, store: Store, size: Callable[[], int], reps: int, runs: int) -> None:
    print(f"\n== {name} ==")
    for team_size in sorted({100, reps}):
        workspace_id = f"TQ{team_size}"
        ids, team_id = add_reps(store, workspace_id, team_size)
        write_plans(store, workspace_id, ids, QUARTER)
        actual_rows = write_actuals(store, workspace_id, ids, Period(QUARTER.start, WEEK.end))
        fresh, statements = time_summary(store, workspace_id, team_id, runs)
        analyze(store)
        seconds, _ = time_summary(store, workspace_id, team_id, runs)
        print(
            f"weekly summary, team of {team_size:>5} reps"
            f" (a quarter of plans, {actual_rows} actuals): {seconds * 1000:7.1f} ms"
            f" ({fresh * 1000:.1f} ms before ANALYZE), median of {runs},"
            f" {statements} SQL statements"
        )
    ids, _ = add_reps(store, "TYEAR", reps)
    before = size()
    started = time.perf_counter()
    plan_rows = write_plans(store, "TYEAR", ids, YEAR)
    elapsed = time.perf_counter() - started
    print(
        f"year plan for {reps} reps: {plan_rows} rows in {elapsed:.2f} s ="
        f" {plan_rows / elapsed:,.0f} rows/s (targets, plans and audit entries, one transaction)"
    )
    after_plans = size()
    actual_rows = write_actuals(store, "TYEAR", ids, YEAR)
    after_actuals = size()
    scale = 1000 / reps
    print(
        f"size per 1,000 rep-years: plan rows {(after_plans - before) * scale / 2**20:.1f} MiB,"
        f" + one actual per working day ({actual_rows} rows)"
        f" {(after_actuals - after_plans) * scale / 2**20:.1f} MiB,"
        f" total {(after_actuals - before) * scale / 2**20:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of the summary")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    assert set(metadata.tables)  # the models are loaded
    with sqlite_store() as (store, size):
        bench("SQLite (file, WAL)", store, size, args.reps, args.runs)
    if args.postgres:
        with postgres_store(args.postgres) as (store, size):
            bench("PostgreSQL", store, size, args.reps, args.runs)
    else:
        print("\n(PostgreSQL skipped: set TEST_DATABASE_URL or pass --postgres URL)")


if __name__ == "__main__":
    main()
