"""The scheduler wakes the process; the leader lock decides which process runs the jobs."""

from __future__ import annotations

import io
import json
import threading
from datetime import UTC, datetime

from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.triggers.interval import IntervalTrigger

from bot.logs import configure_logging, unconfigure_logging
from bot.sandbox import Emulator
from bot.scheduler import (
    LEADER_LOCK,
    MISFIRE_GRACE_SECONDS,
    START_JOB_ID,
    TICK_JOB_ID,
    build_scheduler,
    tick,
)
from bot.settings import Settings
from bot.slack_client import make_client
from storage.locks import leader_lock
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import Sandbox
from tests.bot.jobs.conftest import sandbox as sandbox  # the fixture, shared with the job tests

NEW_YORK_0905 = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)  # both reps are due


def fixed_clock() -> datetime:
    return NEW_YORK_0905


def test_the_tick_runs_every_minute_and_survives_late_wake_ups(
    store: Store, settings: Settings
) -> None:
    scheduler = build_scheduler(store, make_client, settings, fixed_clock)

    every_minute = scheduler.get_job(TICK_JOB_ID)
    assert isinstance(every_minute.trigger, IntervalTrigger)
    assert every_minute.trigger.interval.total_seconds() == 60
    assert every_minute.coalesce is True
    assert every_minute.max_instances == 1
    assert every_minute.misfire_grace_time == MISFIRE_GRACE_SECONDS >= 60
    assert scheduler.get_job(START_JOB_ID) is not None
    # Building it again (a restart with a persistent job store) replaces, never duplicates.
    again = build_scheduler(store, make_client, settings, fixed_clock)
    assert [job.id for job in again.get_jobs()] == [TICK_JOB_ID, START_JOB_ID]


def test_a_tick_as_leader_runs_the_jobs(
    store: Store, settings: Settings, emulator: Emulator, sandbox: Sandbox, people: People
) -> None:
    result = tick(store, make_client, settings, fixed_clock)

    assert result.leader is True
    # 09:05 in New York is 22:05 in Shanghai: Lei gets the evening question right after.
    assert [(r.job, r.posted) for r in result.reports] == [
        ("daily-prompts", 2),
        ("evening-checkins", 1),
        ("weekly-review", 0),
        ("manager-summary", 0),
        ("milestone-nudges", 0),
    ]
    assert len(emulator.messages_to(people.lei.id)) == 2
    assert len(emulator.messages_to(people.alice.id)) == 1


def test_each_job_run_of_a_tick_logs_its_job_and_its_own_run_id(
    store: Store, settings: Settings, emulator: Emulator, sandbox: Sandbox
) -> None:
    stream = io.StringIO()
    handler = configure_logging(
        settings.model_copy(update={"summit_log_format": "json"}), stream=stream
    )
    try:
        tick(store, make_client, settings, fixed_clock)
    finally:
        unconfigure_logging(handler)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    summaries = [line for line in lines if ": posted " in line["message"]]
    # The two jobs that posted say so, each line naming its job and a run of its own.
    assert sorted((line["job"], line["message"].split(":")[0]) for line in summaries) == [
        ("daily-prompts", "daily-prompts"),
        ("evening-checkins", "evening-checkins"),
    ]
    runs = [line["run"] for line in summaries]
    assert len(set(runs)) == 2
    assert all(runs)


def test_a_tick_without_the_leader_lock_does_nothing(
    store: Store, settings: Settings, emulator: Emulator, sandbox: Sandbox
) -> None:
    with leader_lock(store.engine, LEADER_LOCK) as held:  # another process leads
        assert held
        result = tick(store, make_client, settings, fixed_clock)

    assert result.leader is False
    assert emulator.calls("chat.postMessage") == []


def test_a_started_scheduler_catches_up_at_once(
    store: Store, settings: Settings, emulator: Emulator, sandbox: Sandbox, people: People
) -> None:
    ran = threading.Event()

    def on_executed(event: JobExecutionEvent) -> None:
        if event.job_id == START_JOB_ID:
            ran.set()

    scheduler = build_scheduler(store, make_client, settings, fixed_clock)
    scheduler.add_listener(on_executed, EVENT_JOB_EXECUTED)
    scheduler.start()
    try:
        assert ran.wait(timeout=20)
    finally:
        scheduler.shutdown(wait=True)

    assert len(emulator.messages_to(people.lei.id)) == 2  # the prompt and the evening question
    assert len(emulator.messages_to(people.alice.id)) == 1
