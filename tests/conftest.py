"""Database fixtures: every store test runs on a real SQLite file and, when `TEST_DATABASE_URL`
points at a PostgreSQL database (`.ci/postgres.sh` sets one up), on PostgreSQL too.

- `database_url` / `empty_store`: a brand-new empty database private to the test (a new SQLite
  file; a new PostgreSQL schema, selected through the connection's `search_path`).
- `store`: a database at the newest schema with no rows. Migrating is the slow part, so it runs
  once per test session: SQLite tests get a copy of a migrated file, PostgreSQL tests share one
  migrated schema that is truncated before each test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from storage.store import Store

_POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
DATABASES = ["sqlite", "postgresql"] if _POSTGRES_URL else ["sqlite"]


def _postgres_schema() -> Iterator[str]:
    """A new schema in the test database, as a URL that selects it; dropped afterwards."""
    assert _POSTGRES_URL is not None
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(_POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(params=DATABASES)
def database_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of an empty database of the parametrized kind, private to this test."""
    if database_kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'summit.db'}"
    else:
        yield from _postgres_schema()


@pytest.fixture
def empty_store(database_url: str) -> Iterator[Store]:
    """A store on an empty database: no tables, no migrations run."""
    store = Store(database_url)
    try:
        yield store
    finally:
        store.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "summit.db"
    with Store(f"sqlite:///{path}") as template:
        template.upgrade()
    # Closing the last connection checkpointed the WAL into the file: it alone is the database.
    assert not path.with_name("summit.db-wal").exists()
    return path


@pytest.fixture(scope="session")
def _postgres_migrated() -> Iterator[str]:
    for url in _postgres_schema():
        with Store(url) as template:
            template.upgrade()
        yield url


@pytest.fixture
def migrated_url(
    database_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The URL of a database at the newest schema and without rows, for this test alone."""
    if database_kind == "sqlite":
        path = tmp_path_factory.mktemp("db") / "summit.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("_postgres_migrated")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            # Every table of the schema but Alembic's: ours, and any a test added beside them
            # (Bolt's OAuth installation and state stores).
            names = connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
            tables = ", ".join(f'"{name}"' for name in names)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
    return url


@pytest.fixture
def store(migrated_url: str) -> Iterator[Store]:
    """A store at the newest schema, with no rows."""
    store = Store(migrated_url)
    try:
        yield store
    finally:
        store.dispose()
