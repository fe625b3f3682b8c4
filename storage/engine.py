"""Building the SQLAlchemy engine: SQLite tuned for several writers, PostgreSQL as it comes.

SQLite: WAL (readers never block the writer), foreign keys enforced, a 30 s busy timeout (a
session may ask for less, see `BUSY_TIMEOUT_MS`), and every write transaction opened with
`BEGIN IMMEDIATE`, which takes the write lock up front. Without
it a read-then-write transaction that loses the race fails at once with "database is locked",
busy timeout or not. Read-only sessions ask for a plain deferred `BEGIN` (see `READ_ONLY`) so they
do not queue behind writers.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_SECONDS = 30
# PostgreSQL connections kept open per process: one for each thread of `summit serve` that may
# hold one at once (8 waitress threads, 5 listener threads, the scheduler's jobs). With
# SQLAlchemy's default of 5, the others opened and closed a connection (a server process) for
# each request under load.
POOL_SIZE = 15
# An execution option: sessions bound with it begin with a deferred BEGIN on SQLite.
READ_ONLY = "summit_read_only"
# An execution option: how long (ms) this transaction's `BEGIN IMMEDIATE` waits for SQLite's write
# lock, for callers with a deadline of their own (a user waiting on Slack's 3 seconds).
BUSY_TIMEOUT_MS = "summit_busy_timeout_ms"
_BUSY_SET = "summit_busy_timeout_ms"  # key in the DBAPI connection's info: the value in force


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url` (`sqlite:///file.db` or `postgresql+psycopg://...`)."""
    if not is_sqlite(url):
        return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=POOL_SIZE)
    engine = create_engine(url, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    assert isinstance(dbapi_connection, sqlite3.Connection)
    # Take transaction control away from pysqlite so that `_sqlite_on_begin` decides how a
    # transaction starts (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        # With WAL, NORMAL loses no committed data on a process crash (only on power loss).
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL (a no-op once it is). Two processes opening a new file at once
    race for this switch, and SQLite answers the loser "database is locked" at once, without
    calling the busy handler, so keep trying for as long as the busy timeout allows."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _sqlite_on_begin(connection: Connection) -> None:
    options = connection.get_execution_options()
    if options.get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
        return
    # The busy timeout belongs to the pooled connection, so set it back for the next session
    # that asks for nothing special; only when it changes, to keep the common begin one statement.
    wanted = int(options.get(BUSY_TIMEOUT_MS, BUSY_TIMEOUT_SECONDS * 1000))
    if connection.info.get(_BUSY_SET, BUSY_TIMEOUT_SECONDS * 1000) != wanted:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={max(wanted, 0)}")
        connection.info[_BUSY_SET] = wanted
    connection.exec_driver_sql("BEGIN IMMEDIATE")
