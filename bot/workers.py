"""`summit serve` on several processes (SUMMIT_WEB_WORKERS > 1, HTTP mode only).

One process answers Slack on one core: Python runs one thread at a time. With N web workers the
`summit serve` process becomes a supervisor: it binds PORT, runs the scheduler (so each job runs
once, not once per worker) and keeps N worker processes serving the port.

Pre-fork rather than SO_REUSEPORT: the supervisor binds and listens once, and each worker
inherits that one socket. So a port already in use fails the start with a plain error (with
SO_REUSEPORT a second `summit serve` would quietly share the port and take half the traffic),
connections waiting in the backlog survive a worker's death (with SO_REUSEPORT each worker has
its own backlog, reset when it dies), and Slack's requests queue rather than being refused
while a worker restarts. Whichever idle worker wakes first accepts a connection, so a worker
busy on its core takes fewer of them.

A worker is `summit serve` executed again (the child execs at once: no Python code runs in a
fork of a process whose scheduler threads already run) with `WorkerSpec` in its environment:
the numbers of the listening socket's file descriptor and of a "lifeline" pipe whose other end
only the supervisor holds. The supervisor never writes to it; when the supervisor is gone,
however it went (`kill -9` included), the pipe reads end-of-file and the worker stops as on
SIGTERM, so no worker outlives it.

The supervisor restarts a worker that dies, at once the first time and then later and later
while it keeps dying soon after its start (`Restarts`); SIGTERM or SIGINT stops every worker
and returns. Workers run in their own process groups: a Ctrl-C in the terminal reaches the
supervisor alone, which then stops them in order.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import Final

log = logging.getLogger(__name__)

WORKER_ENV: Final = "SUMMIT_WORKER"  # the worker's number, 1 to N
SOCKET_FD_ENV: Final = "SUMMIT_WORKER_SOCKET_FD"
LIFELINE_FD_ENV: Final = "SUMMIT_WORKER_LIFELINE_FD"
BACKLOG: Final = 1024  # waitress's default
# A worker that lived this long before dying was not failing at start: restart it at once.
STEADY_SECONDS: Final = 10.0
FIRST_DELAY_SECONDS: Final = 1.0
MAX_DELAY_SECONDS: Final = 30.0
# How long workers get to finish the requests in hand once told to stop.
STOP_GRACE_SECONDS: Final = 10.0
# A wake-up even when no signal came, as a safety net; signals are what wake the loop.
IDLE_WAIT_SECONDS: Final = 5.0
STOP_SIGNALS: Final = (signal.SIGTERM, signal.SIGINT)


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker process is told through its environment."""

    number: int
    socket_fd: int
    lifeline_fd: int

    def environ(self) -> dict[str, str]:
        return {
            WORKER_ENV: str(self.number),
            SOCKET_FD_ENV: str(self.socket_fd),
            LIFELINE_FD_ENV: str(self.lifeline_fd),
        }

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> WorkerSpec | None:
        """The spec of this process when a supervisor started it, else None."""
        if WORKER_ENV not in environ:
            return None
        return cls(
            number=int(environ[WORKER_ENV]),
            socket_fd=int(environ[SOCKET_FD_ENV]),
            lifeline_fd=int(environ[LIFELINE_FD_ENV]),
        )

    def listening_socket(self) -> socket.socket:
        return socket.socket(fileno=self.socket_fd)


def listen(port: int, host: str = "0.0.0.0") -> socket.socket:
    """The socket the workers share, bound and listening; OSError if the port is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # As waitress does for one process: a restart need not wait for TIME_WAIT to clear.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def worker_command() -> list[str]:
    """`summit serve`, as this interpreter runs it."""
    return [sys.executable, "-m", "bot", "serve"]


def watch_lifeline(fd: int) -> threading.Thread:
    """In a worker: once the supervisor is gone, stop this process as SIGTERM would."""

    def wait_for_end_of_file() -> None:
        with contextlib.suppress(OSError):
            while os.read(fd, 512):  # nobody writes; b"" is end-of-file
                pass
        log.warning("the supervising process is gone: stopping")
        os.kill(os.getpid(), signal.SIGTERM)

    watcher = threading.Thread(target=wait_for_end_of_file, name="lifeline", daemon=True)
    watcher.start()
    return watcher


@dataclass
class Restarts:
    """When to start a worker again after it died: at once if it had been running steadily (or
    for its first death), then after 1, 2, 4 ... up to 30 seconds while it keeps dying within
    `steady` seconds of each start, so a worker that cannot start does not spin."""

    steady: float = STEADY_SECONDS
    first_delay: float = FIRST_DELAY_SECONDS
    max_delay: float = MAX_DELAY_SECONDS
    quick_deaths: int = 0

    def delay_after(self, uptime: float) -> float:
        """Seconds to wait before the next start, for a worker that ran `uptime` seconds."""
        if uptime >= self.steady:
            self.quick_deaths = 0
        self.quick_deaths += 1
        if self.quick_deaths == 1:
            return 0.0
        return min(self.max_delay, self.first_delay * 2.0 ** (self.quick_deaths - 2))


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"was killed by {name}"
    return f"exited with code {returncode}"


@dataclass
class _Slot:
    number: int
    restarts: Restarts = field(default_factory=Restarts)
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    start_at: float = 0.0  # when to start it, while `process` is None


class Supervisor:
    """Keeps `count` workers serving `listening_socket`; `run()` until SIGTERM or SIGINT."""

    def __init__(
        self,
        count: int,
        listening_socket: socket.socket,
        *,
        command: Sequence[str],
        environ: Mapping[str, str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if count < 1:
            raise ValueError("a supervisor needs at least one worker")
        self._slots = [_Slot(number) for number in range(1, count + 1)]
        self._socket = listening_socket
        self._command = list(command)
        self._environ = dict(environ)
        self._clock = clock
        self._stopping = False
        self._lifeline = -1

    def run(self) -> None:
        """Start the workers and keep them up until SIGTERM or SIGINT, then stop them all.

        Call it from the main thread: signal handlers are set there, and are put back after.
        """
        wake_read, wake_write = os.pipe()
        lifeline_read, lifeline_write = os.pipe()
        os.set_blocking(wake_read, False)
        os.set_blocking(wake_write, False)
        # Signals only write a byte to the wake-up pipe, which the loop waits on: nothing
        # touches a lock from a signal handler, and no signal is missed between two waits.
        previous_wakeup = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
        previous_handlers = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (*STOP_SIGNALS, signal.SIGCHLD)
        }
        self._lifeline = lifeline_read
        try:
            log.info(
                "supervising %d web workers on port %d (pid %d)",
                len(self._slots),
                self._socket.getsockname()[1],
                os.getpid(),
            )
            while not self._stopping:
                self._tend(self._clock())
                if self._stopping:
                    break
                select.select([wake_read], [], [], self._wait_seconds(self._clock()))
                with contextlib.suppress(BlockingIOError):
                    while os.read(wake_read, 512):
                        pass
        finally:
            self._stop_all()
            for signum, handler in previous_handlers.items():
                # None: a handler set outside Python; the default is the nearest we can restore.
                signal.signal(signum, signal.SIG_DFL if handler is None else handler)
            signal.set_wakeup_fd(previous_wakeup)
            for fd in (wake_read, wake_write, lifeline_read, lifeline_write):
                os.close(fd)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if signum != signal.SIGCHLD:
            self._stopping = True

    def _tend(self, now: float) -> None:
        """Notice workers that died; start those whose time has come."""
        for slot in self._slots:
            if slot.process is not None:
                code = slot.process.poll()
                if code is None:
                    continue
                delay = slot.restarts.delay_after(now - slot.started_at)
                log.warning(
                    "worker %d (pid %d) %s; starting it again%s",
                    slot.number,
                    slot.process.pid,
                    describe_exit(code),
                    f" in {delay:g} s" if delay else "",
                )
                slot.process = None
                slot.start_at = now + delay
            if slot.start_at <= now and not self._stopping:
                self._start(slot, now)

    def _start(self, slot: _Slot, now: float) -> None:
        spec = WorkerSpec(slot.number, self._socket.fileno(), self._lifeline)
        try:
            slot.process = subprocess.Popen(
                self._command,
                env={**self._environ, **spec.environ()},
                pass_fds=(spec.socket_fd, spec.lifeline_fd),
                stdin=subprocess.DEVNULL,
                process_group=0,
            )
        except OSError:
            delay = slot.restarts.delay_after(0.0)
            log.exception("could not start worker %d; trying again in %g s", slot.number, delay)
            slot.start_at = now + delay
            return
        slot.started_at = now
        log.info("started worker %d (pid %d)", slot.number, slot.process.pid)

    def _wait_seconds(self, now: float) -> float:
        pending = [slot.start_at - now for slot in self._slots if slot.process is None]
        return max(0.0, min(pending, default=IDLE_WAIT_SECONDS))

    def _stop_all(self) -> None:
        running = [slot for slot in self._slots if slot.process is not None]
        if not running:
            return
        log.info("stopping %d web workers", len(running))
        for slot in running:
            assert slot.process is not None
            slot.process.send_signal(signal.SIGTERM)  # a no-op for one already reaped
        deadline = self._clock() + STOP_GRACE_SECONDS
        for slot in running:
            assert slot.process is not None
            try:
                slot.process.wait(timeout=max(0.0, deadline - self._clock()))
            except subprocess.TimeoutExpired:
                log.warning(
                    "worker %d (pid %d) did not stop within %g s: killing it",
                    slot.number,
                    slot.process.pid,
                    STOP_GRACE_SECONDS,
                )
                slot.process.kill()
                slot.process.wait()
            slot.process = None
