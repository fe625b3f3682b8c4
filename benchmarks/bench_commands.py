"""Benchmark: how fast `/target status` and `/target set` answer, against a bare Bolt app.

The Web API emulator runs in its own process (so it does not share the GIL with the app) with a
manager and N reps. Summit is served as `summit serve` serves it (`create_app` + `serve_http`,
answering on `ack`) over a seeded store (SQLite, or `--database-url`): every rep has a 2027Q1
target. A bare Bolt app that acks a constant is served the same way (the same waitress server,
Bolt's default `process_before_response=False`, as `summit serve` runs it), in the same process,
in the same run. Signed slash commands go over loopback HTTP; the figure is the time until the
HTTP answer arrives, which is what the user sees (the acknowledgement carries the reply). Both
apps pay Bolt's ack poll (the request thread checks every 10 ms whether the listener has acked),
so the bare app's ~11 ms is that poll, and every answer lands on a 10 ms step.

Each app gets 200 `/target status` (each rep asking for their own) and 50 `/target set` (the
manager giving a rep of their team a 2027Q2 target), and 50 more `set`s for reps who have no
manager yet (`set+adopt`: the set also makes them the manager's, which happens once per rep),
once one request at a time and once from 8 threads.
Prints p50/p99 per run and the ratio of Summit's p99 to the bare app's (goal: p99 < 300 ms,
ratio < 2).

    .venv/bin/python benchmarks/bench_commands.py [--status 200] [--set 50] [--threads 8]
        [--database-url postgresql+psycopg://summit:summit@127.0.0.1:5432/summit_bench]

Without `--database-url` the store is a fresh SQLite file in a temporary folder; a database given
must be empty (the benchmark creates the schema and seeds it, and leaves it as it is after).
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import statistics
import tempfile
import time
from collections.abc import Callable, Container, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk.signature import SignatureVerifier

from bot.app import Deps, create_app
from bot.core.money import Money
from bot.core.periods import Period
from bot.sandbox import Emulator, User
from bot.sandbox.signed import http_request
from bot.server import HttpServer, serve_http
from bot.settings import Settings
from bot.slack_client import make_client
from storage.members import adopt, upsert_member
from storage.records import Owner
from storage.store import Store, ensure_schema
from storage.targets import set_target
from storage.workspaces import list_workspace_ids, update_workspace_settings, upsert_workspace

SECRET = "bench-signing-secret"
MANAGER = "U0MANAGER"
NOW = datetime(2027, 1, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
SET_UP = datetime(2027, 1, 4, tzinfo=UTC)
Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")


def rep_id(index: int) -> str:
    return f"U{index:08d}"


def serve_slack(reps: int, conn: Connection) -> None:
    """The emulator's process: serve until told to stop."""
    with Emulator() as slack:
        slack.add_user(User(MANAGER, "manager", real_name="王经理", locale="zh-CN", is_admin=True))
        for index in range(reps):
            slack.add_user(User(rep_id(index), f"rep{index}", tz="Asia/Shanghai", locale="zh-CN"))
        conn.send((slack.base_url, slack.bot_token, slack.team_id))
        conn.recv()


def seed(store: Store, workspace_id: str, reps: int, team: Container[int]) -> None:
    """Every rep with a 2027Q1 target; those in `team` already in the manager's team."""
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
        manager = upsert_member(
            session=session,
            workspace_id=workspace_id,
            slack_user_id=MANAGER,
            actor="bench",
            now=SET_UP,
            display_name="王经理",
            tz="Asia/Shanghai",
            locale="zh-CN",
            role="admin",
        )
        for index in range(reps):
            member = upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=rep_id(index),
                actor="bench",
                now=SET_UP,
                tz="Asia/Shanghai",
                locale="zh-CN",
            )
            set_target(
                session=session,
                workspace_id=workspace_id,
                owner=Owner.member(member.id),
                amount=Money(Decimal(5_000_000 + index), "CNY"),
                period=Q1,
                actor="bench",
                now=SET_UP,
            )
            if index in team:
                adopt(
                    session=session,
                    workspace_id=workspace_id,
                    member_id=member.id,
                    manager_id=manager.id,
                    actor="bench",
                    now=SET_UP,
                )


@dataclass(frozen=True)
class Command:
    user_id: str
    text: str


def set_command(index: int) -> Command:
    """The manager giving rep `index` a 2027Q2 target."""
    return Command(MANAGER, f"set 50万 2027Q2 <@{rep_id(index)}|rep{index}>")


def send(url: str, team_id: str, command: Command) -> float:
    """One signed `/target` over HTTP; seconds until the answer arrived."""
    body = urlencode(
        {
            "token": "legacy",
            "team_id": team_id,
            "channel_id": "C0SALES",
            "user_id": command.user_id,
            "command": "/target",
            "text": command.text,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"{time.time_ns()}.trigger",
        }
    ).encode()
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body.decode())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": str(signature),
    }
    started = time.perf_counter()
    reply = http_request("POST", url, body, headers)
    elapsed = time.perf_counter() - started
    if reply.status != 200 or not reply.body:
        raise RuntimeError(f"{command.text!r}: HTTP {reply.status} {reply.body[:200]!r}")
    return elapsed


def run(url: str, team_id: str, commands: Sequence[Command], threads: int) -> list[float]:
    if threads == 1:
        return [send(url, team_id, command) for command in commands]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda command: send(url, team_id, command), commands))


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bare_app(settings: Settings) -> App:
    """The baseline: Bolt acking every `/target` with a constant and every message event with
    nothing, served the way Summit is."""
    app = App(
        client=make_client(settings.slack_bot_token, settings.slack_api_url),
        signing_secret=settings.slack_signing_secret,
    )

    @app.command("/target")
    def constant(ack: Ack) -> None:
        ack(text="ok")

    @app.event("message")
    def ignore() -> None:
        return None

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--set", type=int, default=50, dest="sets")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--database-url", help="an empty database to use instead of a temporary SQLite file"
    )
    args = parser.parse_args()
    # Reps 0..2n-1 are in the manager's team, 2n..4n-1 have no manager yet (a set adopts them);
    # the last two are the warm-up's, one of each.
    reps = max(args.status, 4 * args.sets + 2)
    team = {*range(2 * args.sets), reps - 2}

    ours, theirs = multiprocessing.Pipe()
    slack = multiprocessing.get_context("spawn").Process(
        target=serve_slack, args=(reps, theirs), daemon=True
    )
    slack.start()
    base_url, token, team_id = ours.recv()
    settings = Settings(
        slack_bot_token=token,
        slack_signing_secret=SECRET,
        slack_app_token=None,
        slack_api_url=base_url,
    )
    servers: list[HttpServer] = []
    with (
        tempfile.TemporaryDirectory() as folder,
        Store(args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}") as store,
    ):
        ensure_schema(store)
        with store.read() as session:
            if list_workspace_ids(session=session):
                raise SystemExit(
                    f"{store!r} is not empty: give the benchmark a database of its own"
                )
        seed(store, team_id, reps, team)
        print(f"store: {store.engine.dialect.name}")
        summit = serve_http(
            create_app(settings, Deps(settings=settings, clock=lambda: NOW, store=store)), 0
        )
        bare = serve_http(bare_app(settings), 0)
        servers += [summit, bare]
        try:
            status = [Command(rep_id(i), "status") for i in range(args.status)]
            # Steady state: everyone has used Summit before (their profile is stored), and each
            # command has run once (its statements compiled, the Q2 calendar built), on reps
            # outside the batches.
            warm = [Command(rep_id(i), "status") for i in range(reps)] + [
                Command(MANAGER, "help"),
                set_command(reps - 2),
                set_command(reps - 1),
            ]
            run(summit.url, team_id, warm, 1)
            run(bare.url, team_id, warm, 1)
            rows: list[tuple[str, int, list[float], list[float]]] = []
            # Every set writes a fresh Q2 target, none waits for a confirmation: `set` for a
            # rep of the manager's team (the everyday case), `set+adopt` for a rep with no
            # manager yet, whom the set makes the manager's (once per rep, ever).
            n = args.sets
            for threads, in_team, adopted in ((1, 0, 2 * n), (args.threads, n, 3 * n)):
                for name, batch in (
                    ("status", status),
                    ("set", [set_command(i) for i in range(in_team, in_team + n)]),
                    ("set+adopt", [set_command(i) for i in range(adopted, adopted + n)]),
                ):
                    ours_ = run(summit.url, team_id, batch, threads)
                    theirs_ = run(bare.url, team_id, batch, threads)
                    rows.append((name, threads, ours_, theirs_))
        finally:
            for server in servers:
                server.close()
    ours.send("stop")
    slack.join(timeout=10)
    report(rows)


def report(rows: Sequence[tuple[str, int, list[float], list[float]]]) -> None:
    ms: Callable[[float], str] = lambda seconds: f"{seconds * 1000:7.1f}"  # noqa: E731
    print(
        f"{'command':9} {'threads':>7} {'n':>4}   {'summit p50':>10} {'p99':>7}   "
        f"{'bare p50':>8} {'p99':>7}   {'p99 ratio':>9}  (ms; goal p99 < 300, ratio < 2)"
    )
    for name, threads, ours, bare in rows:
        ratio = percentile(ours, 0.99) / percentile(bare, 0.99)
        print(
            f"{name:9} {threads:7d} {len(ours):4d}   {ms(statistics.median(ours)):>10} "
            f"{ms(percentile(ours, 0.99))}   {ms(statistics.median(bare)):>8} "
            f"{ms(percentile(bare, 0.99))}   {ratio:9.1f}"
        )
    everything: Any = list(itertools.chain.from_iterable(row[2] for row in rows))
    print(
        f"summit overall: p50 {ms(statistics.median(everything))} ms, "
        f"p99 {ms(percentile(everything, 0.99))} ms over {len(everything)} commands"
    )


if __name__ == "__main__":
    main()
