"""A leader lock: of several processes sharing one database, only one runs the scheduler.

PostgreSQL: a session-level `pg_try_advisory_lock` held on a dedicated connection for as long as
the context is open; if the process dies, the server drops the connection and the lock with it.

SQLite: an exclusive `flock` on a file beside the database (`summit.db.leader-<name>.lock`). The
kernel releases it when the process exits, however it exits, so a crashed leader never blocks
the next one. This covers the SQLite deployment, which is one host by nature.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text


@contextmanager
def leader_lock(engine: Engine, name: str) -> Iterator[bool]:
    """Try to become the leader for `name`; yields True while this process holds it.

    Never waits: a process that gets False should simply not run leader-only work (and may try
    again later). The lock is released when the block exits.
    """
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, name) as held:
            yield held
    elif engine.dialect.name == "sqlite":
        with _file_lock(engine, name) as held:
            yield held
    else:
        raise NotImplementedError(f"no leader lock for {engine.dialect.name}")


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (advisory locks are keyed by bigint)."""
    digest = hashlib.blake2b(f"summit:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def _advisory_lock(engine: Engine, name: str) -> Iterator[bool]:
    key = lock_key(name)
    # Autocommit: the lock belongs to the session, and no transaction is left open for hours.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        held = bool(
            connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        )
        try:
            yield held
        finally:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


@contextmanager
def _file_lock(engine: Engine, name: str) -> Iterator[bool]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield True  # an in-memory database lives in one process: it is always the leader
        return
    path = Path(f"{database}.leader-{name}.lock")
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())  # who leads, for operators
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
