"""Alembic environment. Run through storage.migrate, which passes the application's engine."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from storage.engine import make_engine
from storage.migrate import context_options

# Any 64-bit number of our own: concurrent upgrades on PostgreSQL queue on this advisory lock.
_MIGRATION_LOCK_KEY = 7_301_552_861_049_113

config = context.config


def run_migrations(connection: Connection) -> None:
    dialect = connection.dialect.name
    context.configure(
        connection=connection,
        # SQLite DDL is transactional once pysqlite no longer manages transactions (see
        # storage/engine.py), so a failed upgrade leaves nothing half-done on either database.
        transactional_ddl=True,
        **context_options(dialect),
    )
    with context.begin_transaction():
        if dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
            )
        context.run_migrations()
        if dialect == "sqlite":
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration broke foreign keys: {problems[:5]}")


def run_sqlite_migrations(connection: Connection) -> None:
    # Batch mode rebuilds tables (create copy, drop old, rename). With foreign keys on, dropping
    # the old table would cascade-delete child rows, and the pragma cannot change inside a
    # transaction: switch it off on the raw connection first (SQLite's documented procedure)
    # and check every key before committing instead.
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        run_migrations(connection)
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # plain `alembic -x ...` use: fall back to the configured URL
        engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///summit.db")
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            run_sqlite_migrations(connection)
        else:
            run_migrations(connection)
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `summit db upgrade`")
run_migrations_online()
