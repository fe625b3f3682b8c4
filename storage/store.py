"""The `Store` facade: owns the engine, hands out one-transaction sessions, runs migrations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from storage import migrate
from storage.engine import READ_ONLY, is_sqlite, make_engine
from storage.scope import guard_session_factory


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
        self._writer: AbstractContextManager[object] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )
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
        SQLite's own lock."""
        with self._writer, self._sessions() as session, session.begin():
            yield session

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
