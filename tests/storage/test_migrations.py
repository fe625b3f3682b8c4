from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from storage.migrate import head_revision, schema_diff
from storage.models import metadata
from storage.store import Store, ensure_schema

REPO = Path(__file__).resolve().parents[2]


def _tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def test_upgrade_downgrade_upgrade(empty_store: Store) -> None:
    empty_store.upgrade()
    assert empty_store.current_revision() == head_revision()
    assert _tables(empty_store) == set(metadata.tables) | {"alembic_version"}
    empty_store.downgrade("base")
    assert empty_store.current_revision() is None
    assert _tables(empty_store) <= {"alembic_version"}
    empty_store.upgrade()
    assert empty_store.current_revision() == head_revision()
    assert schema_diff(empty_store.engine) == []


def test_the_models_match_the_migrations(store: Store) -> None:
    assert schema_diff(store.engine) == []


def test_a_model_change_without_a_migration_is_noticed(store: Store) -> None:
    # The check above can fail: an extra table in the models shows up as a difference.
    extra = Table("not_migrated", metadata, Column("id", Integer, primary_key=True))
    try:
        assert [diff[0] for diff in schema_diff(store.engine)] == ["add_table"]
    finally:
        metadata.remove(extra)


def test_tables_that_are_not_ours_are_left_alone(store: Store) -> None:
    # Bolt's OAuth installation store creates its own tables in the same database.
    bolt = MetaData()
    Table(
        "slack_installations", bolt, Column("id", Integer, primary_key=True), Column("x", String(9))
    )
    bolt.create_all(store.engine)
    try:
        assert schema_diff(store.engine) == []
    finally:
        # The PostgreSQL schema outlives this test; Bolt's real tables must not meet this one.
        bolt.drop_all(store.engine)


def test_ensure_schema_migrates_an_empty_database_once(empty_store: Store) -> None:
    ensure_schema(empty_store)
    assert empty_store.current_revision() == head_revision()
    ensure_schema(empty_store)  # already there: nothing to do
    assert empty_store.current_revision() == head_revision()


def test_a_failed_migration_leaves_the_database_as_it_was(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic.operations import Operations

    real = Operations.create_table
    created: list[str] = []

    def fail_on_third_table(self: Operations, name: str, *args: object, **kw: object) -> object:
        if len(created) == 2:
            raise RuntimeError("disk full")
        created.append(name)
        return real(self, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Operations, "create_table", fail_on_third_table)
    with pytest.raises(RuntimeError, match="disk full"):
        empty_store.upgrade()
    assert empty_store.current_revision() is None
    assert _tables(empty_store) <= {"alembic_version"}


def test_db_upgrade_works_from_any_directory(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "alembic.ini").exists()
    with Store(database_url) as store:
        assert store.current_revision() == head_revision()
