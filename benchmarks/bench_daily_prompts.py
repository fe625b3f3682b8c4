"""Benchmark: the morning prompts for N reps through a Slack limited to 50 chat.postMessage/s.

The Web API emulator runs in its own process (so it does not share the GIL with the job) and
answers 429 with Retry-After above 50 `chat.postMessage` per second, bursts of 50. The store is a
fresh SQLite file with N reps, each with a March 2026 target. One `run_daily_prompts` at Monday
09:05 in Shanghai sends everyone's DM. Prints the wall time, the theoretical minimum (N / 50 s),
their ratio (goal: under 1.2), 429s seen, duplicates (goal: 0) and misses (goal: 0).

    .venv/bin/python benchmarks/bench_daily_prompts.py [--reps 10000] [--workers 4]
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path

from bot.core.money import Money
from bot.core.periods import Period
from bot.jobs.daily_prompts import DEFAULT_WORKERS, run_daily_prompts
from bot.sandbox import Emulator, User
from bot.slack_client import make_client
from storage.members import upsert_member
from storage.records import Owner
from storage.store import Store, ensure_schema
from storage.targets import set_target
from storage.workspaces import update_workspace_settings, upsert_workspace

RATE = 50  # chat.postMessage per second
NOW = datetime(2026, 3, 2, 1, 5, tzinfo=UTC)  # Monday 09:05 in Shanghai
SET_UP = datetime(2026, 1, 5, tzinfo=UTC)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31), "2026-03")
BATCH = 500


def user_id(index: int) -> str:
    return f"U{index:08d}"


def serve_slack(reps: int, conn: Connection) -> None:
    """The emulator's process: serve until told to stop, answering questions about what it saw."""
    with Emulator() as slack:
        for index in range(reps):
            slack.add_user(User(user_id(index), f"rep{index}", locale="zh-CN"))
        slack.rate_limit("chat.postMessage", RATE)
        conn.send((slack.base_url, slack.bot_token, slack.team_id))
        while (command := conn.recv()) != "stop":
            assert command == "tally"
            calls = slack.calls("chat.postMessage")
            delivered = Counter(call.args["channel"] for call in calls if call.ok)
            conn.send((dict(delivered), sum(1 for call in calls if call.status == 429)))


def seed(store: Store, workspace_id: str, reps: int) -> None:
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name="Bench", actor="bench", now=SET_UP
        )
        update_workspace_settings(
            session=session,
            workspace_id=workspace_id,
            actor="bench",
            now=SET_UP,
            calendar="cn",
            tz="Asia/Shanghai",
        )
    for start in range(0, reps, BATCH):
        with store.session() as session:
            for index in range(start, min(start + BATCH, reps)):
                member = upsert_member(
                    session=session,
                    workspace_id=workspace_id,
                    slack_user_id=user_id(index),
                    actor="bench",
                    now=SET_UP,
                    tz="Asia/Shanghai",
                    locale="zh-CN",
                )
                set_target(
                    session=session,
                    workspace_id=workspace_id,
                    owner=Owner.member(member.id),
                    amount=Money(Decimal(220_000 + index), "CNY"),
                    period=MARCH,
                    actor="bench",
                    now=SET_UP,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    args = parser.parse_args()

    ours, theirs = multiprocessing.Pipe()
    slack = multiprocessing.get_context("spawn").Process(
        target=serve_slack, args=(args.reps, theirs), daemon=True
    )
    slack.start()
    base_url, token, team_id = ours.recv()
    with (
        tempfile.TemporaryDirectory() as folder,
        Store(f"sqlite:///{Path(folder) / 'bench.db'}") as store,
    ):
        ensure_schema(store)
        started = time.perf_counter()
        seed(store, team_id, args.reps)
        print(f"seeded {args.reps:,} reps in {time.perf_counter() - started:.1f} s")

        client = make_client(token, base_url)
        started = time.perf_counter()
        report = run_daily_prompts(store, client, NOW, workers=args.workers)
        wall = time.perf_counter() - started

    ours.send("tally")
    delivered, refused = ours.recv()
    ours.send("stop")
    slack.join(timeout=10)

    # Each rep's DM channel is "D" + their user id without the "U".
    expected = {"D" + user_id(index)[1:] for index in range(args.reps)}
    duplicates = sum(count - 1 for count in delivered.values() if count > 1)
    misses = len(expected - set(delivered))
    minimum = args.reps / RATE
    print(report.summary())
    print(f"reps {args.reps:,}, workers {args.workers}, limit {RATE} chat.postMessage/s")
    print(f"wall time        {wall:8.1f} s")
    print(f"theoretical min  {minimum:8.1f} s")
    print(f"ratio            {wall / minimum:8.2f}   (goal < 1.2)")
    print(f"429 answers      {refused:8d}")
    print(f"duplicates       {duplicates:8d}   (goal 0)")
    print(f"misses           {misses:8d}   (goal 0)")


if __name__ == "__main__":
    main()
