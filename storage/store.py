"""The `Store` facade: owns the engine, hands out one-transaction sessions, runs migrations."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from storage import migrate
from storage.engine import BUSY_TIMEOUT_MS, READ_ONLY, is_sqlite, make_engine
from storage.scope import guard_session_factory


class StoreBusyError(Exception):
    """The write lock was not had within the caller's deadline; nothing was written."""


class LockDeadline:
    """Until when write transactions may wait for the write lock; `lift` restores the long wait
    (e.g. once the user has had their answer and a slow write no longer costs them anything)."""

    def __init__(self, seconds: float) -> None:
        self._until: float | None = time.monotonic() + seconds

    def remaining(self) -> float | None:
        """Seconds left, at least 0; None once lifted."""
        until = self._until
        return None if until is None else max(until - time.monotonic(), 0.0)

    def lift(self) -> None:
        self._until = None


# A context variable, so the deadline follows a request into the listener thread (Bolt's executor
# runs listeners in a copy of the request's context, see bot.logs.ContextExecutor).
_deadline: ContextVar[LockDeadline | None] = ContextVar("summit_lock_deadline", default=None)


def bound_lock_waits(seconds: float | None) -> LockDeadline | None:
    """From now on in this context (and in work started from it in a copied context), write
    transactions wait at most until `seconds` from now for the write lock, then raise
    StoreBusyError; None restores the long wait. For a request whose user waits on the answer:
    a write that gets the lock after the user was shown a timeout still lands, and the user,
    told it failed, types it again.

    Set, not scoped: Bolt runs the listener after the middleware that calls this has returned.
    Each request runs in a fresh context (bot.logs.run_in_fresh_context)."""
    deadline = LockDeadline(seconds) if seconds is not None else None
    _deadline.set(deadline)
    return deadline


def is_busy(error: BaseException) -> bool:
    """Whether `error`, or what caused it, is a write that could not get the lock in time (on
    SQLite: StoreBusyError, or SQLite's own "database is locked")."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, StoreBusyError):
            return True
        if isinstance(seen, OperationalError) and "database is locked" in str(seen.orig):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Store:
    """The goal store at `database_url`. Nothing connects until a session or migration needs it.

    `with store.session() as session:` is one transaction: committed when the block ends,
    rolled back if it raises. Query functions never commit on their own, so a caller groups
    several of them into one atomic change.
    """

    def __init__(self, database_url: str, *, echo: bool = False) -> None:
        self.url = database_url
        self.engine: Engine = make_engine(database_url, echo=echo)
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}),
            class_=Session,
            expire_on_commit=False,
        )
        self._writer: threading.RLock | None = threading.RLock() if self.is_sqlite else None
        guard_session_factory(self._sessions)
        guard_session_factory(self._read_sessions)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One read-write transaction (`BEGIN IMMEDIATE` on SQLite).

        On SQLite, writers of this process also queue on a lock of their own: SQLite makes a
        blocked writer sleep in its busy handler in coarse steps, which under concurrent commands
        cost far more than waiting for the writer ahead to finish. Other processes still meet at
        SQLite's own lock.

        After `bound_lock_waits(seconds)` both waits end at that deadline, with an error
        `is_busy` recognises and nothing written; otherwise (jobs, the CLI) a writer waits up to
        the engine's busy timeout. PostgreSQL has no such lock and ignores the deadline."""
        deadline = _deadline.get()
        wait = deadline.remaining() if deadline is not None else None
        if self._writer is None or deadline is None or wait is None:
            writer: AbstractContextManager[object] = self._writer or nullcontext()
            with writer, self._sessions() as session, session.begin():
                yield session
            return
        if not self._writer.acquire(timeout=wait):
            raise StoreBusyError(f"the write lock was not free within {wait:.1f} s")
        try:
            with self._sessions() as session, session.begin():
                left = deadline.remaining()
                if left is not None:  # else answered meanwhile: the long wait again
                    session.connection(execution_options={BUSY_TIMEOUT_MS: int(left * 1000)})
                yield session
        finally:
            self._writer.release()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction; on SQLite it does not wait for the write lock."""
        with self._read_sessions() as session, session.begin():
            yield session

    def upgrade(self, revision: str = "head") -> None:
        migrate.upgrade(self.engine, revision)

    def downgrade(self, revision: str) -> None:
        migrate.downgrade(self.engine, revision)

    def current_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.dispose()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"


def ensure_schema(store: Store) -> None:
    """Bring the database to the newest schema; cheap when it already is (serve, jobs, demo)."""
    if store.current_revision() != migrate.head_revision():
        store.upgrade()
