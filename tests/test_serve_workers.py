"""`summit serve` with SUMMIT_WEB_WORKERS: several processes answer Slack on one port, a dead
worker is replaced, stopping the supervisor leaves no worker behind, and the scheduler runs once.

Which process served a request is read from the kernel, not from the app: the test opens the
connection itself, finds in /proc which worker holds its server end, then sends the signed
command on it.
"""

from __future__ import annotations

import calendar
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import suppress
from datetime import UTC, datetime
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.cli import main
from bot.core.calendar import make_calendar
from bot.core.periods import Period
from bot.sandbox import Emulator, User
from bot.sandbox.signed import SlackReply, SlackRequests
from bot.sandbox.team import demo_team, seed
from bot.workers import Restarts
from storage.store import Store
from storage.workspaces import update_workspace_settings, upsert_workspace
from tests.bot.jobs.conftest import SET_UP, add_member, give_target
from tests.polling import wait_until

SUMMIT = Path(sys.executable).with_name("summit")  # the console script `pip install` made
SECRET = "workers-signing-secret"
WAIT_SECONDS = 30.0
SERVING = re.compile(r"worker (\d+) \(pid (\d+)\) serving Slack requests")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its parent's wait() is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def accepted_by(client: socket.socket, port: int, pids: set[int]) -> int | None:
    """Which of `pids` holds the server end of `client`'s connection to `port`; None until one
    of them has accepted it (the kernel gives the accepted socket an inode then)."""
    client_port = client.getsockname()[1]
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], fields[9]
        if (
            int(local.rsplit(":", 1)[1], 16) == port
            and int(remote.rsplit(":", 1)[1], 16) == client_port
            and inode != "0"
        ):
            inodes.add(f"socket:[{inode}]")
    for pid in pids:
        with suppress(FileNotFoundError, ProcessLookupError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in inodes:
                        return pid
    return None


class OnConnection(SlackRequests):
    """Slack's signed requests, sent on a connection the test opened and can look up."""

    def __init__(self, connection: http.client.HTTPConnection, emulator: Emulator) -> None:
        super().__init__("", emulator, signing_secret=SECRET, channel="C0SALES")
        self.connection = connection

    def send(self, body: bytes, *, content_type: str, **options: Any) -> SlackReply:
        stamp = str(int(time.time()))
        signature = SignatureVerifier(SECRET).generate_signature(
            timestamp=stamp, body=body.decode("utf-8")
        )
        assert signature is not None
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        }
        started = time.perf_counter()
        self.connection.request("POST", "/slack/events", body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        return SlackReply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            data,
            time.perf_counter() - started,
        )


class Serving:
    """`summit serve` running as a subprocess, its log lines collected as they come."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [str(SUMMIT), "serve"],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.port = int(env["PORT"])
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._lock:
                self._lines.append(line)

    @property
    def log(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def workers(self) -> dict[int, int]:
        """Each worker's number -> the pid of its latest process that started serving."""
        return {
            int(match[1]): int(match[2]) for line in self.log if (match := SERVING.search(line))
        }

    def wait_for_workers(
        self, count: int, *, besides: AbstractSet[int] = frozenset()
    ) -> dict[int, int]:
        def ready() -> dict[int, int] | None:
            assert self.process.poll() is None, "".join(self.log)
            workers = self.workers()
            fresh = set(workers.values()) - besides
            return workers if len(workers) == count and fresh == set(workers.values()) else None

        workers = wait_until(ready, f"{count} workers serving")
        assert workers is not None
        return workers

    def command_served_by(self, emulator: Emulator, pids: set[int], user: User) -> int:
        """`user` types `/target help` on a new connection; which of `pids` served it (the
        answer is checked to be the help)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as client:
            server = wait_until(
                lambda: accepted_by(client, self.port, pids), "a worker to accept a connection"
            )
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            connection.sock = client
            reply = OnConnection(connection, emulator).command("help", user=user)
        assert reply.status == 200, reply.text
        assert "/target set" in reply.json()["text"]
        assert server is not None
        return server

    def commands_until_served_by(
        self, wanted: AbstractSet[int], *, among: set[int], emulator: Emulator, user: User
    ) -> list[int]:
        """`command_served_by` again and again until each of `wanted` has served one; which
        process served each."""
        served: list[int] = []

        def all_served() -> bool:
            served.append(self.command_served_by(emulator, among, user))
            return wanted <= set(served)

        wait_until(all_served, f"commands served by {sorted(wanted)}")
        return served

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; its exit code."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=WAIT_SECONDS)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=WAIT_SECONDS)
        assert self.process.stderr is not None
        self.process.stderr.close()


def serve_env(home: Path, emulator: Emulator, **variables: str) -> dict[str, str]:
    return {
        "PATH": f"{SUMMIT.parent}:/usr/bin:/bin",
        "HOME": str(home),
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": emulator.base_url,
        "PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{home / 'summit.db'}",
        "SUMMIT_WEB_WORKERS": "2",
        **variables,
    }


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as slack:
        seed(slack, demo_team())
        yield slack


@pytest.fixture
def alice() -> User:
    found = demo_team().find("alice")
    assert found is not None
    return found


@pytest.fixture
def serving(tmp_path: Path, emulator: Emulator) -> Iterator[Serving]:
    """Two workers on a SQLite file, the scheduler off; stopped (or killed) afterwards."""
    server = Serving(serve_env(tmp_path, emulator, SUMMIT_SCHEDULER="off"), tmp_path)
    try:
        yield server
    finally:
        server.close()


def test_two_workers_answer_commands_and_sigterm_stops_them_all(
    serving: Serving, emulator: Emulator, alice: User
) -> None:
    workers = serving.wait_for_workers(2)
    pids = set(workers.values())
    assert all(parent_of(pid) == serving.process.pid for pid in pids)
    # The store here is SQLite: the operator is told that workers will not help it.
    assert any("with SQLite" in line and "no gain" in line for line in serving.log)

    # Whichever idle worker wakes first accepts a connection: keep typing until both have.
    served_by = serving.commands_until_served_by(pids, among=pids, emulator=emulator, user=alice)
    assert set(served_by) == pids
    health = http.client.HTTPConnection("127.0.0.1", serving.port, timeout=10)
    try:
        health.request("GET", "/healthz")
        assert health.getresponse().read() == b"ok\n"
    finally:
        health.close()

    started = time.monotonic()
    assert serving.stop() == 0
    assert time.monotonic() - started < 5
    assert not any(running(pid) for pid in pids)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", serving.port), timeout=2).close()


def test_a_killed_worker_is_replaced_and_a_killed_supervisor_takes_its_workers_along(
    serving: Serving, emulator: Emulator, alice: User
) -> None:
    first = serving.wait_for_workers(2)

    os.kill(first[1], signal.SIGKILL)

    second = serving.wait_for_workers(2, besides={first[1]})
    assert second[2] == first[2]
    assert second[1] != first[1]
    assert any(
        f"worker 1 (pid {first[1]}) was killed by SIGKILL; starting it again" in line
        for line in serving.log
    )
    serving.commands_until_served_by(
        {second[1]}, among=set(second.values()), emulator=emulator, user=alice
    )

    os.kill(serving.process.pid, signal.SIGKILL)
    serving.process.wait(timeout=WAIT_SECONDS)

    wait_until(lambda: not any(running(pid) for pid in second.values()), "the workers to stop too")


def test_the_scheduler_runs_once_and_each_rep_gets_one_morning_prompt(
    tmp_path: Path, emulator: Emulator
) -> None:
    with Store(f"sqlite:///{tmp_path / 'summit.db'}") as store:
        store.upgrade()
        reps = _reps_due_this_morning(store, emulator)
    server = Serving(serve_env(tmp_path, emulator), tmp_path)
    try:
        server.wait_for_workers(2)
        wait_until(lambda: all(emulator.messages_to(rep.id) for rep in reps), "every rep's prompt")
        # The catch-up tick at start ran before the workers started, and only one process
        # started a scheduler: a second would have ticked as it started too.
        assert sum("Scheduler started" in line for line in server.log) == 1
        assert [len(emulator.messages_to(rep.id)) for rep in reps] == [1] * len(reps)
    finally:
        assert server.stop() == 0
    assert len(emulator.calls("chat.postMessage")) == len(reps)


def _reps_due_this_morning(store: Store, emulator: Emulator) -> list[User]:
    """Four reps, each with a target this month, in a time zone and a workspace calendar that
    make the real clock's now a working morning for them; the prompt time is midnight."""
    now = datetime.now(UTC)
    code, zone = _a_working_morning_somewhere(now)
    today = now.astimezone(zone).date()
    workspace = emulator.team_id
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace, name="Sandbox", actor="U04WANG", now=SET_UP
        )
        update_workspace_settings(
            session=session,
            workspace_id=workspace,
            actor="U04WANG",
            now=SET_UP,
            calendar=code,
            currency="CNY",
            daily_prompt_at=clock_time(0, 0),
            evening_checkin_at=clock_time(23, 59),
        )
    month = Period(
        today.replace(day=1),
        today.replace(day=calendar.monthrange(today.year, today.month)[1]),
        f"{today:%Y-%m}",
    )
    reps = [User(f"U1WORK{i:02d}", f"rep{i}", tz=str(zone), locale="en-US") for i in range(4)]
    for rep in reps:
        emulator.add_user(rep)
        give_target(store, workspace, add_member(store, workspace, rep), Decimal("22000"), month)
    return reps


def _a_working_morning_somewhere(now: datetime) -> tuple[str, ZoneInfo]:
    """A calendar and a time zone where `now` falls on a working day, well before the evening:
    Monday-to-Friday, Sunday-to-Thursday (Israel) or all but Friday (Iran) somewhere in UTC-12
    to UTC+14 covers every moment of the week."""
    for code in ("none", "il", "ir"):
        work = make_calendar(code)
        for hours in range(-12, 15):
            zone = ZoneInfo("Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}")
            local = now.astimezone(zone)
            if clock_time(0, 30) <= local.time() <= clock_time(22, 0) and work.is_working_day(
                local.date()
            ):
                return code, zone
    raise AssertionError(f"no working day anywhere at {now}")


@pytest.mark.parametrize("workers", ["0", "two", "-1", "1.5"])
def test_a_bad_number_of_workers_is_one_line_without_a_traceback(
    workers: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMIT_WEB_WORKERS", workers)

    assert main(["serve"]) == 2

    error = capsys.readouterr().err
    assert error == (
        "summit: error: bad environment: SUMMIT_WEB_WORKERS: "
        f"give a whole number of processes, 1 or more (not {workers!r})\n"
    )


def test_a_port_in_use_is_one_line_without_a_traceback(
    tmp_path: Path,
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for name, value in serve_env(tmp_path, emulator, PORT=str(port)).items():
            monkeypatch.setenv(name, value)

        assert main(["serve"]) == 2

    assert capsys.readouterr().err == (
        f"summit: error: cannot listen on port {port}: Address already in use\n"
    )
    assert not (tmp_path / "summit.db").exists()


def delays(restarts: Restarts, *uptimes: float) -> list[float]:
    """The wait before each restart of a worker that died after each of `uptimes` seconds."""
    return [restarts.delay_after(uptime) for uptime in uptimes]


def test_a_worker_dying_at_start_is_restarted_later_and_later() -> None:
    assert delays(Restarts(), *[0.5] * 8) == [0, 1, 2, 4, 8, 16, 30, 30]


def test_a_worker_that_ran_steadily_is_restarted_at_once() -> None:
    restarts = Restarts()
    delays(restarts, 0.5, 0.5, 0.5)

    assert delays(restarts, 3600.0, 0.5) == [0, 1]


def test_the_first_death_of_a_worker_is_restarted_at_once_however_young() -> None:
    assert Restarts().delay_after(0.0) == 0
