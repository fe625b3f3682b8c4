"""A leader lock: of several processes sharing one database, only one runs the scheduler.

PostgreSQL: a session-level `pg_try_advisory_lock` held on a dedicated connection for as long as
the context is open; if the process dies, the server drops the connection and the lock with it.
The key covers the name and the connection's `current_schema()`: an advisory lock is the whole
database's, and two stores in two schemas of one database (test sessions, several deployments)
are different stores whose jobs must not exclude each other.

The connection can also go while the process lives on (the server restarted, a network cut):
the lock is gone with it, and another process may take it. Work done under the lock asks the
`Lease` before each step that must not be done twice (`Lease.check` raises `LockLost`); the
release at the end notices a lost lock and logs it instead of failing.

SQLite: an exclusive `flock` on a file beside the database (`summit.db.leader-<name>.lock`). The
kernel releases it when the process exits, however it exits, so a crashed leader never blocks
the next one. This covers the SQLite deployment, which is one host by nature.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

# The schema a plain PostgreSQL database uses; its keys are the ones used before keys named a
# schema, so a process of the previous release and one of this still exclude each other.
_DEFAULT_SCHEMA = "public"


class LockLost(Exception):
    """The connection that held a leader lock is gone, and the lock with it: another process may
    hold it now, so the work it guarded must stop."""

    def __init__(self, name: str) -> None:
        super().__init__(f"lost the {name} lock: its database connection is gone")
        self.name = name


class Lease:
    """A leader lock this process holds. `check` asks the database whether it still does;
    `lost` says whether an earlier check found it gone (once lost, a lock stays lost)."""

    def __init__(self, name: str, probe: Callable[[], bool] = lambda: True) -> None:
        self.name = name
        self._probe = probe
        self.lost = False

    def check(self) -> None:
        """Raise `LockLost` unless the lock is still held."""
        if not self.lost and not self._probe():
            self.lost = True
        self.raise_if_lost()

    def raise_if_lost(self) -> None:
        """Raise `LockLost` if an earlier check found the lock gone (asks nothing)."""
        if self.lost:
            raise LockLost(self.name)


@contextmanager
def leader_lock(engine: Engine, name: str) -> Iterator[bool]:
    """Try to become the leader for `name`; yields True while this process holds it.

    Never waits: a process that gets False should simply not run leader-only work (and may try
    again later). The lock is released when the block exits.
    """
    with leader_lease(engine, name) as lease:
        yield lease is not None


@contextmanager
def leader_lease(engine: Engine, name: str) -> Iterator[Lease | None]:
    """`leader_lock` for long work: yields the `Lease` (None when another process leads), to be
    checked before each step that another leader must not repeat."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, name) as lease:
            yield lease
    elif engine.dialect.name == "sqlite":
        with _file_lock(engine, name) as lease:
            yield lease
    else:
        raise NotImplementedError(f"no leader lock for {engine.dialect.name}")


def lock_key(name: str, schema: str | None = None) -> int:
    """A stable signed 64-bit key for `name` in `schema` (advisory locks are keyed by bigint)."""
    scoped = name if schema in (None, _DEFAULT_SCHEMA) else f"{schema}:{name}"
    digest = hashlib.blake2b(f"summit:{scoped}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def _advisory_lock(engine: Engine, name: str) -> Iterator[Lease | None]:
    # Autocommit: the lock belongs to the session, and no transaction is left open for hours.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
        key = lock_key(name, str(schema) if schema is not None else None)
        held = bool(
            connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        )
        if not held:
            yield None
            return
        session = _LockSession(connection, name)
        try:
            yield Lease(name, session.alive)
        finally:
            session.release(key)


class _LockSession:
    """The connection an advisory lock lives on. A fan-out's threads share it, one at a time."""

    def __init__(self, connection: Connection, name: str) -> None:
        self._connection = connection
        self._name = name
        self._turn = threading.Lock()
        self._lost = False

    def alive(self) -> bool:
        with self._turn:
            if not self._lost:
                try:
                    # The lock lasts as long as the server session: a live connection holds it.
                    self._connection.execute(text("SELECT 1"))
                except DBAPIError:
                    self._lost = True
                    self._log_lost()
                    # Not back into the pool: a dead connection there fails whoever gets it next.
                    self._connection.invalidate()
            return not self._lost

    def release(self, key: int) -> None:
        with self._turn:
            if self._lost or self._connection.invalidated:
                # Using it again would open a new session, which never held the lock.
                if not self._lost:
                    self._log_lost()
                return
            try:
                self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            except DBAPIError:
                self._log_lost()
                self._connection.invalidate()

    def _log_lost(self) -> None:
        log.warning(
            "the %s lock went with its database connection (the server restarted or the "
            "network dropped it); another process may hold it now",
            self._name,
        )


@contextmanager
def _file_lock(engine: Engine, name: str) -> Iterator[Lease | None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield Lease(name)  # an in-memory database lives in one process: it is always the leader
        return
    path = Path(f"{database}.leader-{name}.lock")
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        try:
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())  # who leads, for operators
            # The kernel keeps a flock for as long as the descriptor is open: it cannot be lost.
            yield Lease(name)
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
