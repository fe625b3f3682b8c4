"""Backup and restore of a SQLite store with SQLite's online backup API.

The backup is a consistent snapshot taken while the bot keeps running (readers and the writer
are not stopped). PostgreSQL has its own tools: pg_dump and pg_restore.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory

from storage.errors import StoreError
from storage.migrate import alembic_config
from storage.store import Store

POSTGRES_HINT = (
    "backup/restore here is for SQLite; on PostgreSQL use pg_dump and pg_restore, e.g. "
    "`pg_dump -Fc -d summit -f summit.dump` and `pg_restore --clean -d summit summit.dump`"
)


class BackupError(StoreError):
    """A backup or restore that cannot be done; the message says why and what to do."""


def backup(store: Store, destination: Path, *, overwrite: bool = False) -> None:
    """Copy the live database to `destination`, page by page, as one consistent snapshot."""
    live = _database_file(store)
    if destination.resolve() == live.resolve():
        raise BackupError(f"{destination} is the live database itself")
    if destination.exists() and not overwrite:
        raise BackupError(f"{destination} already exists (use --force to overwrite it)")
    destination.unlink(missing_ok=True)
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(destination) as copy:
            source.backup(copy)
        copy.close()
    finally:
        raw.close()


def restore(store: Store, source: Path) -> str:
    """Replace the live database's content with the backup at `source`; returns its revision.

    The backup is checked first (a SQLite file, intact, made by Summit); the copy itself is one
    write transaction, so readers see the old database or the restored one.
    """
    _database_file(store)
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    revision = _check_backup(source)
    raw = store.engine.raw_connection()
    try:
        live = raw.driver_connection
        assert isinstance(live, sqlite3.Connection)
        with sqlite3.connect(source) as backup_file:
            backup_file.backup(live)
        backup_file.close()
    finally:
        raw.close()
    store.dispose()  # pooled connections may cache the old schema
    return revision


def _database_file(store: Store) -> Path:
    if not store.is_sqlite:
        raise BackupError(POSTGRES_HINT)
    database = store.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(database)


def _check_backup(source: Path) -> str:
    scripts = ScriptDirectory.from_config(alembic_config())
    known = {script.revision for script in scripts.walk_revisions()}
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{source} is damaged (integrity check failed)")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is not a Summit SQLite backup ({error})") from error
    if row is None or row[0] not in known:
        raise BackupError(
            f"{source} has an unknown schema revision {row}; is it from a newer Summit?"
        )
    return str(row[0])
