"""APScheduler wiring: wake once a minute and run every built job, while this process leads.

APScheduler only wakes the process. What is due and what was already sent is the database's to
say (each job reads the store at `now` and posts through the outbox), so a restart, a missed
minute or a lost job store loses nothing: the next tick catches up, as long as the recipient's
local day is not over. Of several processes on one database only the holder of the leader lock
runs jobs on a tick; the others wake, find the lock taken, and go back to sleep.

Each job posts to each workspace with that workspace's own client: SLACK_BOT_TOKEN's for one
workspace, the installed bot token of each with OAuth (`bot.jobs.runner.workspace_clients`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.jobs.registry import JOBS
from bot.jobs.report import JobReport
from bot.jobs.runner import workspace_clients
from bot.logs import log_context, new_run_id
from bot.settings import Settings
from storage.locks import leader_lock
from storage.store import Store

log = logging.getLogger(__name__)

TICK_JOB_ID = "summit-tick"
START_JOB_ID = "summit-tick-at-start"
LEADER_LOCK = "scheduler"
TICK_SECONDS = 60
# A tick that starts late (a busy process, a suspended laptop) still runs; the jobs themselves
# decide what is still worth sending.
MISFIRE_GRACE_SECONDS = 15 * 60

ClientFactory = Callable[[str | None, str], WebClient]
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Tick:
    """One wake-up: whether this process led, and what each job did."""

    leader: bool
    reports: tuple[JobReport, ...] = ()


def tick(store: Store, client_factory: ClientFactory, settings: Settings, clock: Clock) -> Tick:
    """Run every built job once at `clock()`, if this process holds the leader lock.

    One job failing does not stop the others; its exception is logged.
    """
    with leader_lock(store.engine, LEADER_LOCK) as leader:
        if not leader:
            return Tick(leader=False)
        clients = workspace_clients(settings, store, client_factory)
        reports: list[JobReport] = []
        for job in JOBS.values():
            # Every line a run logs (its posts, its failures, its summary) says which run it was.
            with log_context(job=job.name, run=new_run_id()):
                try:
                    report = job.run(store, clients, clock())
                except Exception:
                    log.exception("job %s failed", job.name)
                    continue
                # Not every quiet minute, nor every minute a workspace stays uninstalled.
                if report.posted or report.failed or report.reconciled or report.refused:
                    log.info("%s", report.summary())
            reports.append(report)
        return Tick(leader=True, reports=tuple(reports))


def build_scheduler(
    store: Store, client_factory: ClientFactory, settings: Settings, clock: Clock
) -> BackgroundScheduler:
    """A scheduler (not started) that calls `tick` once as soon as it starts (catching up on
    whatever came due while the process was down) and then every minute."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        trigger=IntervalTrigger(seconds=TICK_SECONDS, timezone="UTC"),
        args=(store, client_factory, settings, clock),
        id=TICK_JOB_ID,
        name="run due Summit jobs",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_SECONDS,
    )
    scheduler.add_job(
        tick,
        trigger="date",  # no run date: the moment the scheduler starts
        args=(store, client_factory, settings, clock),
        id=START_JOB_ID,
        name="catch up at start",
        replace_existing=True,
        misfire_grace_time=MISFIRE_GRACE_SECONDS,
    )
    scheduler.add_listener(_log_error, EVENT_JOB_ERROR)
    return scheduler


def _log_error(event: JobExecutionEvent) -> None:
    log.error("scheduled job %s raised", event.job_id, exc_info=event.exception)
