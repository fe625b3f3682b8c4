"""Load: a burst of concurrent `/target` commands and check-in DMs against `summit serve`, on
SQLite and on PostgreSQL, next to a bare Bolt app in the same run.

Three processes, as in production: the Web API emulator in one, the app server in another (the
same `create_app` + waitress `HttpServer` that `summit serve` runs, answering on `ack`), and
this one sending Slack's signed requests over loopback HTTP. The app's store holds a manager and
N reps with a 2027Q1 target each (the clock says Wednesday 2027-01-06 09:00 in Shanghai).

One burst is `--commands` slash commands (a quarter each of `status`, `log 1万`, `plan`, and the
manager's `set 50万 2027Q2 @rep`) and `--checkins` check-in DMs ("今天签了2万,拜访3家"), shuffled
and all sent at once from `--concurrency` client threads. What the user sees:
- a command: its reply is the HTTP answer (the acknowledgement carries it);
- a check-in: the bot's answer in the DM thread, timed from sending the event to the moment the
  emulator stored that answer.
An error is a non-200, an empty or apologising answer, a command answered after Slack's 3 s, or
a check-in never answered. The bare app acks every command with a constant and every event with
nothing (its visible reply is the HTTP answer). Goal: p99 < 300 ms, 0 errors.

    .venv/bin/python benchmarks/bench_load.py [--commands 200] [--checkins 100] [--concurrency 200]
        [--database sqlite --database postgresql] [--slack-limits] [--workers 1]

`--slack-limits` makes the emulator answer 429 past Slack's per-minute tiers for the methods a
request calls (users.info, conversations.open: a minute's allowance at once, then the rate).
Every burst also prints the Web API calls the app made during it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import multiprocessing
import random
import socket
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from benchmarks.bench_commands import bare_app, percentile
from benchmarks.drill_pg_restart import own_postgres
from bot.app import Deps, create_app
from bot.core.money import Money
from bot.core.periods import Period
from bot.i18n import t
from bot.sandbox import Emulator, User
from bot.sandbox.signed import SlackRequests
from bot.server import EVENTS_PATH, HttpServer
from bot.settings import Settings
from bot.workers import listen
from storage.members import upsert_member
from storage.records import Owner
from storage.store import Store, ensure_schema
from storage.targets import set_target
from storage.workspaces import update_workspace_settings, upsert_workspace

SECRET = "load-signing-secret"
MANAGER = User("U0MANAGER", "manager", real_name="王经理", locale="zh-CN", is_admin=True)
NOW = datetime(2027, 1, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Wednesday
SET_UP = datetime(2027, 1, 4, tzinfo=UTC)
Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
SLACK_ACK_SECONDS = 3.0
REPLY_WAIT_SECONDS = 30.0
WARM_UPS_PER_WORKER = 4
# Event ids unique across bursts (a repeated one is a Slack retry, answered once); a count's
# next() is atomic, so client threads may share it.
EVENT_IDS = itertools.count()
CHECK_IN = "今天签了2万,拜访3家"
APOLOGY = t("zh-Hans", "error.generic")


def rep(index: int) -> User:
    return User(f"U{index:08d}", f"rep{index}", locale="zh-CN")


# -- the emulator's process ---------------------------------------------------------------------


# Slack's published per-minute tiers for the methods a request may call (per workspace).
SLACK_TIERS = {"users.info": 100, "conversations.open": 50, "views.publish": 100}


def serve_slack(reps: int, slack_limits: bool, conn: Connection) -> None:
    """Serve the workspace; on request, write check-in DMs as reps, report the bot's thread
    answers (with the emulator's clock, which is this machine's wall clock) and count calls."""
    with Emulator() as slack:
        slack.add_user(MANAGER)
        for index in range(reps):
            slack.add_user(rep(index))

        def full_allowance() -> None:
            if slack_limits:
                for method, per_minute in SLACK_TIERS.items():
                    # "N+ per minute" with short bursts: a minute's worth may come at once.
                    slack.rate_limit(method, per_minute / 60, burst=per_minute)

        full_allowance()
        conn.send((slack.base_url, slack.bot_token, slack.team_id))
        while True:
            request = conn.recv()
            if request[0] == "calls":
                counted = Counter(call.method for call in slack.calls())
                refused = Counter(call.method for call in slack.calls() if call.status == 429)
                slack.clear_calls()
                full_allowance()  # each burst starts with a quiet minute behind it
                conn.send((dict(counted), dict(refused)))
            elif request[0] == "write":
                written = []
                for user_id, text in request[1]:
                    channel = slack.dm_channel(user_id)
                    written.append((channel, slack.post_as_user(user_id, channel, text).ts))
                conn.send(written)
            elif request[0] == "answers":
                conn.send(
                    [
                        (m.channel, m.thread_ts, float(m.ts))
                        for channel in request[1]
                        for m in slack.messages_to(channel)
                        if m.user == slack.bot_user_id and m.thread_ts
                    ]
                )
            else:
                return


# -- the app server's process -------------------------------------------------------------------


def serve_apps(
    database_url: str,
    settings: Settings,
    summit_socket: socket.socket,
    bare_socket: socket.socket,
    conn: Connection,
) -> None:
    """One web worker: Summit as `summit serve` serves it, and the bare app, each on the
    listening socket it shares with the other workers (as `SUMMIT_WEB_WORKERS` runs them)."""
    # A burst past waitress's queue and connection limit is the point here, not news.
    logging.getLogger("waitress").setLevel(logging.ERROR)
    with Store(database_url) as store:
        summit = HttpServer(
            create_app(settings, Deps(settings=settings, clock=lambda: NOW, store=store)),
            listen_socket=summit_socket,
        ).start()
        bare = HttpServer(bare_app(settings), listen_socket=bare_socket).start()
        conn.send("ready")
        conn.recv()
        summit.close()
        bare.close()


# -- this process: seeding and sending ----------------------------------------------------------


def seed(store: Store, workspace_id: str, reps: int) -> None:
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name="Load", actor="load", now=SET_UP
        )
        update_workspace_settings(
            session=session,
            workspace_id=workspace_id,
            actor="load",
            now=SET_UP,
            calendar="cn",
            currency="CNY",
            tz="Asia/Shanghai",
        )
        upsert_member(
            session=session,
            workspace_id=workspace_id,
            slack_user_id=MANAGER.id,
            actor="load",
            now=SET_UP,
            locale="zh-CN",
        )
        for index in range(reps):
            member = upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=rep(index).id,
                actor="load",
                now=SET_UP,
                tz="Asia/Shanghai",
                locale="zh-CN",
            )
            set_target(
                session=session,
                workspace_id=workspace_id,
                owner=Owner.member(member.id),
                amount=Money(Decimal(5_000_000), "CNY"),
                period=Q1,
                actor="load",
                now=SET_UP,
            )


@dataclass(frozen=True)
class Request:
    kind: str  # status, log, plan, set, check-in
    user: User
    text: str
    message: tuple[str, str] | None = None  # a check-in's (channel, ts) in the emulator


@dataclass(frozen=True)
class Result:
    request: Request
    sent_at: float  # wall clock
    answered_in: float  # seconds to the HTTP answer
    status: int
    body: str

    def command_error(self) -> str | None:
        if self.status == 0:
            return "no answer within 10 s"
        if self.status != 200:
            return f"HTTP {self.status}"
        if self.answered_in > SLACK_ACK_SECONDS:
            return "answered after Slack's 3 s"
        if self.request.kind == "check-in":
            return None
        if not self.body:
            return "empty answer"
        try:
            text = str(json.loads(self.body).get("text", ""))
        except ValueError:
            text = self.body
        return "apology" if APOLOGY in text else None


def burst(commands: int, checkins: int, reps: int, seed_value: int) -> list[Request]:
    kinds = ["status", "log", "plan", "set"]
    requests = []
    for index in range(commands):
        kind = kinds[index % len(kinds)]
        user = rep(index % reps)
        if kind == "set":
            text = f"set 50万 2027Q2 <@{user.id}|{user.name}>"
            requests.append(Request(kind, MANAGER, text))
        else:
            requests.append(Request(kind, user, "log 1万 load" if kind == "log" else kind))
    # Check-ins come from the reps the commands did not use last, one each.
    for index in range(checkins):
        requests.append(Request("check-in", rep((commands + index) % reps), CHECK_IN))
    random.Random(seed_value).shuffle(requests)
    return requests


def with_messages(slack_conn: Connection, requests: list[Request]) -> list[Request]:
    """The check-ins written as DMs in the emulator, each request with its message."""
    slack_conn.send(("write", [(r.user.id, r.text) for r in requests if r.kind == "check-in"]))
    written = iter(slack_conn.recv())
    return [
        Request(r.kind, r.user, r.text, next(written)) if r.kind == "check-in" else r
        for r in requests
    ]


def send(slack: SlackRequests, request: Request, event_ids: Iterator[int]) -> Result:
    started_wall = time.time()
    started = time.perf_counter()
    try:
        return _send(slack, request, event_ids, started_wall)
    except OSError as error:  # no answer at all within the sender's 10 s
        return Result(request, started_wall, time.perf_counter() - started, 0, repr(error))


def _send(
    slack: SlackRequests, request: Request, event_ids: Iterator[int], started_wall: float
) -> Result:
    if request.kind == "check-in":
        assert request.message is not None
        channel, ts = request.message
        reply = slack.event(
            {
                "type": "message",
                "channel": channel,
                "channel_type": "im",
                "user": request.user.id,
                "text": request.text,
                "ts": ts,
                "client_msg_id": f"client-{ts}",
            },
            event_id=f"Ev{next(event_ids):010d}",
        )
    else:
        reply = slack.command(request.text, user=request.user)
    return Result(
        request, started_wall, reply.elapsed, reply.status, reply.body.decode("utf-8", "replace")
    )


def fire(url: str, emulator: Any, requests: Sequence[Request], concurrency: int) -> list[Result]:
    """All requests at once (as far as `concurrency` threads go); results in request order."""
    # The emulator lives in another process: SlackRequests gets the few attributes it reads.
    slack = SlackRequests(url, cast(Emulator, emulator), signing_secret=SECRET, channel="C0SALES")

    def one(request: Request) -> Result:
        return send(slack, request, EVENT_IDS)

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, requests))


class RemoteEmulator:
    """What `SlackRequests` needs from an emulator, for one in another process: the team and
    bot ids, and response URLs (commands' replies come back in the HTTP answer here)."""

    def __init__(self, team_id: str, root_url: str) -> None:
        self.team_id = team_id
        self.bot_user_id = "U0SUMMIT"
        self.root_url = root_url
        self.workspace = _Workspace()
        self._serial = iter(range(1, 10**9))
        self._lock = threading.Lock()

    def new_response_url(self, *, channel: str | None = None, user: str | None = None) -> str:
        with self._lock:
            return f"{self.root_url}response/RLOAD{next(self._serial)}"


class _Workspace:
    domain = "load"

    def __init__(self) -> None:
        self.channels: dict[str, Any] = {}


@dataclass(frozen=True)
class Figures:
    label: str
    requests: int
    seconds: float
    errors: dict[str, int]
    latencies: dict[str, list[float]]  # by kind, seconds to the visible reply
    slack_calls: dict[str, int]  # Web API calls the app made during the burst, by method
    refused: dict[str, int]  # of which answered 429


def measure(
    label: str,
    url: str,
    conn: Connection,
    remote: RemoteEmulator,
    requests: list[Request],
    concurrency: int,
    *,
    visible_checkins: bool,
) -> Figures:
    started = time.perf_counter()
    results = fire(url, remote, requests, concurrency)
    errors: dict[str, int] = {}
    latencies: dict[str, list[float]] = {}
    answers: dict[tuple[str, str], float] = {}
    if visible_checkins:
        deadline = time.monotonic() + REPLY_WAIT_SECONDS
        wanted = {
            r.request.message for r in results if r.request.kind == "check-in" and r.request.message
        }
        while True:
            conn.send(("answers", sorted({channel for channel, _ in wanted if channel})))
            answers = {(channel, thread): at for channel, thread, at in conn.recv()}
            if wanted <= set(answers) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    seconds = time.perf_counter() - started
    for result in results:
        kind = result.request.kind
        error = result.command_error()
        if kind == "check-in" and visible_checkins and error is None:
            answered_at = answers.get(result.request.message or ("", ""))
            if answered_at is None:
                error = "check-in never answered"
            else:
                latencies.setdefault(kind, []).append(answered_at - result.sent_at)
        elif error is None:
            latencies.setdefault(kind, []).append(result.answered_in)
        if error is not None:
            errors[error] = errors.get(error, 0) + 1
    conn.send(("calls",))
    slack_calls, refused = conn.recv()
    return Figures(label, len(requests), seconds, errors, latencies, slack_calls, refused)


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'load.db'}"
    else:
        with own_postgres(durable=True) as cluster:
            yield cluster.create_database("summit_load")


def run(kind: str, args: argparse.Namespace) -> list[Figures]:
    spawn = multiprocessing.get_context("spawn")
    reps = max(args.commands + args.checkins, 1)
    # Reps of the warm-up's own, after the burst's: each command runs once per worker before
    # the burst (statements compiled, calendars built), without warming the burst's reps.
    warm_reps = [rep(reps + i) for i in range(WARM_UPS_PER_WORKER * args.workers)]
    slack_conn, slack_end = spawn.Pipe()
    slack = spawn.Process(
        target=serve_slack,
        args=(reps + len(warm_reps), args.slack_limits, slack_end),
        daemon=True,
    )
    slack.start()
    base_url, token, team_id = slack_conn.recv()
    settings = Settings(
        slack_bot_token=token,
        slack_signing_secret=SECRET,
        slack_app_token=None,
        slack_api_url=base_url,
    )
    remote = RemoteEmulator(team_id, base_url.removesuffix("api/"))
    figures = []
    with database(kind) as url:
        with Store(url) as store:
            ensure_schema(store)
            seed(store, team_id, reps + len(warm_reps))
        sockets = [listen(0, host="127.0.0.1") for _ in ("summit", "bare")]
        summit_url, bare_url = (
            f"http://127.0.0.1:{sock.getsockname()[1]}{EVENTS_PATH}" for sock in sockets
        )
        workers = []
        for _ in range(args.workers):
            app_conn, app_end = spawn.Pipe()
            server = spawn.Process(
                target=serve_apps, args=(url, settings, *sockets, app_end), daemon=True
            )
            server.start()
            workers.append((server, app_conn))
        for _, app_conn in workers:
            app_conn.recv()
        try:
            # Steady state: everyone has used Summit a moment ago (`help`: member stored,
            # language and Slack profile cached by the worker that answered), and each kind of
            # request has run on every worker.
            warm = [Request("help", rep(i), "help") for i in range(reps)]
            fire(summit_url, remote, [*warm, Request("help", MANAGER, "help")], 8)
            kinds = [
                request
                for warm_rep in warm_reps
                for request in (
                    Request("status", warm_rep, "status"),
                    Request("plan", warm_rep, "plan"),
                    Request("log", warm_rep, "log 1万 warm-up"),
                    Request("set", MANAGER, f"set 50万 2027Q2 <@{warm_rep.id}|{warm_rep.name}>"),
                    Request("check-in", warm_rep, CHECK_IN),
                )
            ]
            fire(summit_url, remote, with_messages(slack_conn, kinds), 2)
            slack_conn.send(("calls",))
            slack_conn.recv()  # the warm-up's calls are not the burst's
            for label, url_, visible in (
                (f"summit/{kind}", summit_url, True),
                (f"bare/{kind}", bare_url, False),
            ):
                requests = with_messages(
                    slack_conn, burst(args.commands, args.checkins, reps, args.seed)
                )
                figures.append(
                    measure(
                        label,
                        url_,
                        slack_conn,
                        remote,
                        requests,
                        args.concurrency,
                        visible_checkins=visible,
                    )
                )
        finally:
            for _server, app_conn in workers:
                app_conn.send("stop")
            for server, _ in workers:
                server.join(timeout=30)
            for sock in sockets:
                sock.close()
    slack_conn.send(("stop",))
    slack.join(timeout=10)
    return figures


def report(figures: Sequence[Figures]) -> None:
    ms: Callable[[float], str] = lambda seconds: f"{seconds * 1000:7.1f}"  # noqa: E731
    print(
        f"{'app':18} {'kind':9} {'n':>4} {'p50':>7} {'p99':>7}   (ms to the visible reply; "
        "goal p99 < 300, 0 errors)"
    )
    for figure in figures:
        everything = [x for samples in figure.latencies.values() for x in samples]
        for kind, samples in sorted(figure.latencies.items()):
            print(
                f"{figure.label:18} {kind:9} {len(samples):4d} {ms(statistics.median(samples))} "
                f"{ms(percentile(samples, 0.99))}"
            )
        errors = sum(figure.errors.values())
        detail = f" {figure.errors}" if errors else ""
        print(
            f"{figure.label:18} {'all':9} {len(everything):4d} "
            f"{ms(statistics.median(everything)) if everything else '      -'} "
            f"{ms(percentile(everything, 0.99)) if everything else '      -'}   "
            f"{figure.requests / figure.seconds:6.1f} req/s, errors {errors}{detail}"
        )
        calls = ", ".join(
            f"{method} {count}" for method, count in sorted(figure.slack_calls.items())
        )
        refused = f"; 429s: {figure.refused}" if figure.refused else ""
        print(f"{'':18} Slack calls during the burst: {calls or 'none'}{refused}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--checkins", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing each app's port, as SUMMIT_WEB_WORKERS runs them",
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--slack-limits",
        action="store_true",
        help="the emulator enforces Slack's per-minute tiers (users.info 100/min, ...)",
    )
    parser.add_argument(
        "--database", action="append", choices=["sqlite", "postgresql"], help="repeatable"
    )
    args = parser.parse_args()
    figures = []
    for kind in args.database or ["sqlite", "postgresql"]:
        figures += run(kind, args)
    report(figures)


if __name__ == "__main__":
    main()
