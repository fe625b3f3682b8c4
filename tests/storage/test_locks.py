"""Leader locks and their leases: one holder per store, stores apart from one another, and a
lock lost with its PostgreSQL connection is noticed, not trusted."""

from __future__ import annotations

import logging
import os

import pytest
from sqlalchemy import Engine, text

from bot.jobs.report import job_lock
from storage.locks import LockLost, leader_lease, leader_lock, lock_key
from storage.store import Store


def test_a_lease_goes_to_one_holder_at_a_time(store: Store) -> None:
    with leader_lease(store.engine, "job-daily-prompts") as lease:
        assert lease is not None
        lease.check()  # held: nothing raised
        with Store(store.url) as other, leader_lease(other.engine, "job-daily-prompts") as second:
            assert second is None
    with leader_lease(store.engine, "job-daily-prompts") as again:
        assert again is not None


def test_stores_in_two_schemas_or_files_each_hold_the_same_jobs_lock(
    store: Store, empty_store: Store
) -> None:
    # On PostgreSQL the two stores are two schemas of one database (as two test sessions, or
    # two deployments sharing a server); advisory locks are the database's, so the key has to
    # name the schema or one store's job would find the other's lock taken.
    with (
        job_lock(store, "daily-prompts") as here,
        job_lock(empty_store, "daily-prompts") as there,
    ):
        assert here is not None
        assert there is not None
        with Store(store.url) as again, job_lock(again, "daily-prompts") as same_store:
            assert same_store is None  # within one schema, still one holder


def test_lock_keys_name_the_schema_but_keep_the_default_schemas_keys() -> None:
    assert lock_key("job-x", "test_a") != lock_key("job-x", "test_b")
    assert lock_key("job-x", "test_a") != lock_key("job-x")
    # A process of the previous release (no schema in the key) and one of this one still
    # exclude each other on a plain database.
    assert lock_key("job-x", "public") == lock_key("job-x")


def _terminate_holder(engine: Engine, name: str) -> None:
    """End the server session holding advisory lock `name` of this store, as a PostgreSQL
    restart or a dropped connection would."""
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        unsigned = lock_key(name, schema) & 0xFFFF_FFFF_FFFF_FFFF
        pid = connection.execute(
            text(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND classid = :high AND objid = :low AND objsubid = 1"
            ),
            {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF},
        ).scalar_one()
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()


if os.environ.get("TEST_DATABASE_URL"):

    @pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
    def test_a_lock_whose_connection_dies_is_lost_and_its_release_is_quiet(
        store: Store, caplog: pytest.LogCaptureFixture
    ) -> None:
        with leader_lease(store.engine, "job-daily-prompts") as lease:
            assert lease is not None
            lease.check()
            _terminate_holder(store.engine, "job-daily-prompts")

            with pytest.raises(LockLost, match="job-daily-prompts"):
                lease.check()
            assert lease.lost
            with pytest.raises(LockLost):
                lease.raise_if_lost()  # remembered, without asking again
            # The lock went with the session: another process takes it now.
            with leader_lock(store.engine, "job-daily-prompts") as taken_over:
                assert taken_over
        # Leaving the block raised nothing (the unlock would have failed) and said why.
        warnings = [r.message for r in caplog.records if r.levelno == logging.WARNING]
        assert any("went with its database connection" in warning for warning in warnings)

    @pytest.mark.parametrize("database_kind", ["postgresql"], indirect=True)
    def test_leaving_a_lock_whose_connection_died_unnoticed_raises_nothing(
        store: Store, caplog: pytest.LogCaptureFixture
    ) -> None:
        # The run never asked: the unlock at the end is where the dead connection shows.
        with leader_lock(store.engine, "scheduler") as held:
            assert held
            _terminate_holder(store.engine, "scheduler")
        warnings = [r.message for r in caplog.records if r.levelno == logging.WARNING]
        assert any("the scheduler lock went with its database" in warning for warning in warnings)
        with leader_lock(store.engine, "scheduler") as again:
            assert again
