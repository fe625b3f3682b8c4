"""Benchmark: peak memory of `summit serve` with N reps loaded (goal: under 200 MB at 10,000).

A fresh SQLite file gets N reps, each with a target for this month and its stored plan (what
`/target set` leaves behind). The Web API emulator runs in its own process with the N users.
Then `summit serve` starts as a subprocess (HTTP on a free loopback port, SUMMIT_SCHEDULER=on,
its WebClient pointed at the emulator) and its scheduler's start-up tick runs every job on the
real clock. The reps live in a fixed-offset zone where it is a weekday between 10:00 and 17:00
right now, so each of them is due for the morning prompt: the tick sends all N DMs. Once every
outbox row is marked sent, the benchmark reads the server's peak resident set size (VmHWM in
/proc/<pid>/status, or the highest VmRSS sampled twice a second if that is higher) and stops it
with SIGTERM.

    .venv/bin/python benchmarks/bench_serve_memory.py [--reps 10000] [--rate 0]

`--rate R` limits the emulator to R chat.postMessage a second (0, the default: no limit; the
limit stretches the run but does not change what is held in memory).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.money import Money
from bot.core.periods import Period
from bot.sandbox import Emulator, User
from bot.services.plans import write_plan
from storage.members import upsert_member
from storage.outbox import outbox_posts
from storage.records import Owner
from storage.store import Store, ensure_schema
from storage.targets import set_target
from storage.workspaces import get_workspace, update_workspace_settings, upsert_workspace

GOAL_MB = 200
BATCH = 500
TIMEOUT_SECONDS = 1800.0
SIGNING_SECRET = "bench-signing-secret"


def user_id(index: int) -> str:
    return f"U{index:08d}"


def serve_slack(reps: int, rate: float, conn: Connection) -> None:
    """The emulator's process: serve until told to stop, answering questions about what it saw."""
    with Emulator() as slack:
        for index in range(reps):
            slack.add_user(User(user_id(index), f"rep{index}", locale="zh-CN"))
        if rate > 0:
            slack.rate_limit("chat.postMessage", rate)
        conn.send((slack.base_url, slack.bot_token, slack.team_id))
        while (command := conn.recv()) != "stop":
            assert command == "tally"
            calls = slack.calls("chat.postMessage")
            conn.send(dict(Counter(call.args["channel"] for call in calls if call.ok)))


def working_zone(now: datetime) -> tuple[str, date]:
    """A fixed-offset zone where `now` is a weekday between 10:00 and 17:00 (past the 09:00
    prompt, before the 18:00 check-in), and that local date."""
    for hours in (10, 11, 12, 13, 14, 15, 16):
        offset = hours - now.hour
        for shift in (offset, offset - 24, offset + 24):
            if -12 <= shift <= 14:
                # Etc/GMT names count the other way: Etc/GMT-3 is three hours ahead of UTC.
                name = f"Etc/GMT{-shift:+d}"
                local = now.astimezone(ZoneInfo(name))
                if local.weekday() < 5 and 10 <= local.hour < 17:
                    return name, local.date()
    raise SystemExit("no zone has a working hour right now; run again in a few hours")


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1), first.strftime("%Y-%m"))


def seed(store: Store, workspace_id: str, reps: int, zone: str, period: Period) -> None:
    set_up = datetime.combine(period.start, datetime.min.time(), tzinfo=UTC) - timedelta(days=1)
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name="Bench", actor="bench", now=set_up
        )
        # Weekends only: whichever country's holiday today is, the reps work.
        update_workspace_settings(
            session=session,
            workspace_id=workspace_id,
            actor="bench",
            now=set_up,
            calendar="none",
            tz=zone,
        )
    for start in range(0, reps, BATCH):
        with store.session() as session:
            workspace = get_workspace(session=session, workspace_id=workspace_id)
            assert workspace is not None
            for index in range(start, min(start + BATCH, reps)):
                member = upsert_member(
                    session=session,
                    workspace_id=workspace_id,
                    slack_user_id=user_id(index),
                    actor="bench",
                    now=set_up,
                    tz=zone,
                    locale="zh-CN",
                )
                target = set_target(
                    session=session,
                    workspace_id=workspace_id,
                    owner=Owner.member(member.id),
                    amount=Money(Decimal(220_000 + index), "CNY"),
                    period=period,
                    actor="bench",
                    now=set_up,
                )
                write_plan(
                    session=session,
                    workspace=workspace,
                    target=target,
                    member_id=member.id,
                    now=set_up,
                )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def sent_count(store: Store, workspace_id: str, day: date) -> int:
    with store.read() as session:
        rows = outbox_posts(session=session, workspace_id=workspace_id, local_date=day)
    return sum(1 for row in rows if row.job == "daily-prompts" and row.status == "sent")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0.0)
    args = parser.parse_args()

    ours, theirs = multiprocessing.Pipe()
    slack = multiprocessing.get_context("spawn").Process(
        target=serve_slack, args=(args.reps, args.rate, theirs), daemon=True
    )
    slack.start()
    base_url, token, team_id = ours.recv()
    zone, today = working_zone(datetime.now(UTC))
    period = month_of(today)

    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'serve.db'}"
        with Store(database_url) as store:
            ensure_schema(store)
            started = time.perf_counter()
            seed(store, team_id, args.reps, zone, period)
            print(f"seeded {args.reps:,} reps with {period.label} plans in {zone} ", end="")
            print(f"in {time.perf_counter() - started:.1f} s")

            env = os.environ | {
                "DATABASE_URL": database_url,
                "SLACK_BOT_TOKEN": token,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": base_url,
                "PORT": str(free_port()),
                "SUMMIT_SCHEDULER": "on",
            }
            env.pop("SLACK_APP_TOKEN", None)
            log_path = Path(folder) / "serve.log"
            with log_path.open("w") as log:
                server = subprocess.Popen(
                    [sys.executable, "-m", "bot", "serve"],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                started = time.perf_counter()
                try:
                    deadline = time.monotonic() + TIMEOUT_SECONDS
                    rss_samples: list[int] = []
                    while sent_count(store, team_id, today) < args.reps:
                        if server.poll() is not None or time.monotonic() > deadline:
                            print(log_path.read_text()[-4000:], file=sys.stderr)
                            raise SystemExit("summit serve stopped or stalled before the end")
                        rss_samples.append(status_kb(server.pid, "VmRSS"))
                        time.sleep(0.5)
                    wall = time.perf_counter() - started
                    peak_kb = status_kb(server.pid, "VmHWM")
                    final_kb = status_kb(server.pid, "VmRSS")
                finally:
                    server.send_signal(signal.SIGTERM)
                    try:
                        server.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        server.kill()
                        server.wait()

    ours.send("tally")
    delivered: dict[str, int] = ours.recv()
    ours.send("stop")
    slack.join(timeout=10)

    expected = {"D" + user_id(index)[1:] for index in range(args.reps)}
    duplicates = sum(count - 1 for count in delivered.values() if count > 1)
    misses = len(expected - set(delivered))
    print(f"summit serve, {args.reps:,} reps, scheduler on, SQLite")
    print(f"prompts sent     {args.reps - misses:8,d} in {wall:.1f} s (from process start)")
    print(f"duplicates       {duplicates:8d}   (goal 0)")
    print(f"misses           {misses:8d}   (goal 0)")
    # The kernel folds each thread's RSS into VmHWM lazily, so a sample can run slightly ahead.
    peak_kb = max([peak_kb, *rss_samples])
    print(f"RSS at the end   {final_kb / 1024:8.1f} MB")
    print(f"peak RSS         {peak_kb / 1024:8.1f} MB   (goal < {GOAL_MB} MB)")


if __name__ == "__main__":
    main()
