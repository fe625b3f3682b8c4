"""Drill: PostgreSQL restarted in the middle of the daily fan-out, then the job run again.

The drill runs a PostgreSQL of its own (initdb into a temporary folder, on a free loopback port,
as the `postgres` user when run as root, like .ci/postgres.sh), never the shared server. It seeds
a workspace of N reps due for their morning prompt, starts `summit jobs run daily-prompts` in a
process of its own against the Web API emulator (slowed to a steady rate so the fan-out takes a
few seconds), restarts PostgreSQL (`pg_ctl restart -m fast`) once some prompts are out, lets that
run end however it ends, and runs the job again. Prints what the first run said, what the second
did, and what was lost or duplicated (both must be 0): each rep gets exactly one DM, every
outbox row ends `sent`.

    .venv/bin/python benchmarks/drill_pg_restart.py [--reps 60] [--rate 20] [--after 10]
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from bot.core.money import Money
from bot.core.periods import Period
from bot.jobs.daily_prompts import JOB
from bot.sandbox import Emulator, User
from storage.members import upsert_member
from storage.outbox import outbox_posts
from storage.records import Owner
from storage.store import Store, ensure_schema
from storage.targets import set_target
from storage.workspaces import update_workspace_settings, upsert_workspace

NOW = "2026-03-02T09:05+08:00"  # Monday 09:05 in Shanghai: every rep is due
TODAY = date(2026, 3, 2)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31), "2026-03")
SET_UP = datetime(2026, 1, 5, tzinfo=UTC)
POLL_LIMIT_SECONDS = 60.0


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        raise SystemExit("no PostgreSQL binaries under /usr/lib/postgresql (see .ci/postgres.sh)")
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class OwnPostgres:
    """A throwaway PostgreSQL cluster in `folder`, trusting loopback, on `port`."""

    folder: Path
    port: int
    bin: Path
    durable: bool = False  # fsync on: slower, as a real server; off is enough for a drill

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://summit@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        # No pipes: the server started by pg_ctl would keep them open. Its log goes to a file.
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.folder, postgres.pw_uid, postgres.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "summit", "--auth=trust", "-E", "UTF8")

    def _pg_ctl(self, action: str, *options: str) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
            + ("" if self.durable else " -c fsync=off"),
            "-w",
            *options,
            action,
        )

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "summit", name)
        return self.url(name)


@contextmanager
def own_postgres(*, durable: bool = False) -> Iterator[OwnPostgres]:
    folder = Path(tempfile.mkdtemp(prefix="summit-pg-"))
    cluster = OwnPostgres(folder, _free_port(), _pg_bin(), durable)
    try:
        cluster.init()
        try:
            cluster.start()
            yield cluster
        finally:
            if (cluster.data / "postmaster.pid").exists():
                cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def reps(count: int) -> list[User]:
    return [User(f"U1PGR{i:04d}", f"rep{i}", locale="zh-CN") for i in range(count)]


def seed(store: Store, workspace_id: str, team: list[User]) -> None:
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name="Drill", actor="drill", now=SET_UP
        )
        update_workspace_settings(
            session=session,
            workspace_id=workspace_id,
            actor="drill",
            now=SET_UP,
            calendar="cn",
            currency="CNY",
            tz="Asia/Shanghai",
        )
        for user in team:
            member = upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=user.id,
                actor="drill",
                now=SET_UP,
                tz=user.tz,
                locale=user.locale,
            )
            set_target(
                session=session,
                workspace_id=workspace_id,
                owner=Owner.member(member.id),
                amount=Money(Decimal("220000"), "CNY"),
                period=MARCH,
                actor="drill",
                now=SET_UP,
            )


def delivered(emulator: Emulator) -> Counter[str]:
    return Counter(call.args["channel"] for call in emulator.calls("chat.postMessage") if call.ok)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + POLL_LIMIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up waiting for {what}")
        time.sleep(0.01)


@dataclass(frozen=True)
class Outcome:
    first_exit: int
    first_output: str
    second_exit: int
    second_output: str
    before_restart: int  # DMs delivered when the restart began
    lost: int
    duplicated: int
    statuses: dict[str, int]


def run_drill(cluster: OwnPostgres, *, team_size: int, rate: float, after: int) -> Outcome:
    url = cluster.create_database(f"summit_drill_{os.getpid()}_{time.monotonic_ns()}")
    team = reps(team_size)
    with Emulator() as emulator, Store(url) as store:
        for user in team:
            emulator.add_user(user)
        ensure_schema(store)
        seed(store, emulator.team_id, team)
        emulator.rate_limit("chat.postMessage", per_second=rate, burst=1)
        env = os.environ | {
            "DATABASE_URL": url,
            "SLACK_BOT_TOKEN": emulator.bot_token,
            "SLACK_API_URL": emulator.base_url,
        }
        command = [sys.executable, "-m", "bot", "jobs", "run", JOB, "--now", NOW]
        first = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            wait_until(lambda: sum(delivered(emulator).values()) >= after, f"{after} prompts")
            before_restart = sum(delivered(emulator).values())
            cluster.restart()
            first_output, _ = first.communicate(timeout=POLL_LIMIT_SECONDS)
        finally:
            if first.poll() is None:
                first.kill()
                first.communicate()
        store.dispose()  # the pool's connections died with the server
        second = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=POLL_LIMIT_SECONDS
        )
        counts = delivered(emulator)
        per_rep = [counts.get(emulator.dm_channel(user.id), 0) for user in team]
        with store.read() as session:
            rows = outbox_posts(session=session, workspace_id=emulator.team_id, local_date=TODAY)
        return Outcome(
            first_exit=first.returncode,
            first_output=first_output,
            second_exit=second.returncode,
            second_output=second.stdout + second.stderr,
            before_restart=before_restart,
            lost=sum(1 for count in per_rep if count == 0),
            duplicated=sum(count - 1 for count in per_rep if count > 1),
            statuses=dict(Counter(row.status for row in rows)),
        )


def _last_lines(text: str, count: int = 6) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(f"    {line[:160]}" for line in lines[-count:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=60)
    parser.add_argument("--rate", type=float, default=20.0, help="posts per second Slack takes")
    parser.add_argument("--after", type=int, default=10, help="restart after this many DMs")
    args = parser.parse_args()
    started = time.perf_counter()
    with own_postgres() as cluster:
        outcome = run_drill(cluster, team_size=args.reps, rate=args.rate, after=args.after)
    print(f"PostgreSQL restarted after {outcome.before_restart} of {args.reps} DMs")
    print(f"first run: exit {outcome.first_exit}\n{_last_lines(outcome.first_output)}")
    print(f"second run: exit {outcome.second_exit}\n{_last_lines(outcome.second_output, 3)}")
    print(f"outbox: {outcome.statuses}")
    print(
        f"lost {outcome.lost}, duplicated {outcome.duplicated} "
        f"({time.perf_counter() - started:.1f} s in all)"
    )
    if outcome.lost or outcome.duplicated or outcome.second_exit != 0:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
