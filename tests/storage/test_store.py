"""Bounded waits for the write lock (SQLite): a caller with a deadline of its own is told the store
is busy, with nothing written, instead of waiting past the deadline; everyone else keeps the long
wait."""

from __future__ import annotations

import contextvars
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage.store import Store, StoreBusyError, bound_lock_waits, is_busy
from storage.workspaces import get_workspace, upsert_workspace
from tests.storage.conftest import NOW, Team, seed_workspace

WAIT = 0.3  # the deadline under test: short, so each test stays fast
LIMIT = 10.0  # a safety net for events that must come


@pytest.fixture
def database_kind() -> str:
    """SQLite only: its write lock is what the bound is for."""
    return "sqlite"


@pytest.fixture
def bounded() -> Iterator[None]:
    """This test's context runs under a deadline, as a Slack request does."""
    bound_lock_waits(WAIT)
    yield
    bound_lock_waits(None)


@contextmanager
def held_by_another_process(store: Store) -> Iterator[None]:
    other = sqlite3.connect(store.engine.url.database or "", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.rollback()
        other.close()


def rename(store: Store, name: str) -> None:
    with store.session() as session:
        upsert_workspace(session=session, workspace_id="T1", name=name, actor="x", now=NOW)


def name_of(store: Store) -> str:
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id="T1")
    assert workspace is not None
    return workspace.name


def test_a_bounded_writer_is_told_busy_when_another_process_holds_the_lock(
    store: Store, team: Team, bounded: None
) -> None:
    started = time.monotonic()
    with held_by_another_process(store), pytest.raises(OperationalError) as refused:
        rename(store, "Renamed")
    waited = time.monotonic() - started

    assert is_busy(refused.value)
    assert WAIT * 0.9 <= waited < WAIT + 1.0
    assert name_of(store) == "Acme"  # nothing written
    rename(store, "Renamed")  # the lock free, the same bounded writer goes through
    assert name_of(store) == "Renamed"


def test_a_bounded_writer_is_told_busy_when_a_writer_of_this_process_holds_the_lock(
    store: Store, team: Team, bounded: None
) -> None:
    inside = threading.Event()
    leave = threading.Event()

    def long_writer() -> None:
        with store.session() as session:
            session.execute(text("UPDATE workspace SET name = 'Long'"))
            inside.set()
            assert leave.wait(LIMIT)

    # A thread of its own context: the long writer is a job, not bound by this test's deadline.
    with ThreadPoolExecutor(1) as pool:
        done = pool.submit(contextvars.Context().run, long_writer)
        assert inside.wait(LIMIT)
        with pytest.raises(StoreBusyError):
            rename(store, "Renamed")
        leave.set()
        done.result()

    assert name_of(store) == "Long"


def test_a_bounded_session_leaves_the_long_busy_timeout_for_the_next(
    store: Store, team: Team
) -> None:
    bound_lock_waits(WAIT)
    try:
        with store.session() as session:
            bounded_ms = session.execute(text("PRAGMA busy_timeout")).scalar()
    finally:
        bound_lock_waits(None)
    with store.session() as session:
        long_ms = session.execute(text("PRAGMA busy_timeout")).scalar()
    lifted = bound_lock_waits(WAIT)
    assert lifted is not None
    lifted.lift()  # the request was answered: its later writes may wait like a job's
    try:
        with store.session() as session:
            after_answer_ms = session.execute(text("PRAGMA busy_timeout")).scalar()
    finally:
        bound_lock_waits(None)

    assert bounded_ms is not None
    assert 0 < bounded_ms <= WAIT * 1000
    assert long_ms == after_answer_ms == 30_000


def test_other_failures_are_not_busy(store: Store) -> None:
    seed_workspace(store)
    with pytest.raises(OperationalError) as failed, store.session() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert not is_busy(failed.value)
    assert not is_busy(ValueError("database is locked"))
