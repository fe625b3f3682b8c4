"""`summit jobs run NAME [--now ISO8601]`: run one scheduled job once, as if the clock said --now.

Idempotent like the scheduler's own runs: the outbox remembers what was sent, so a second run
posts nothing new. Prints one line (posted, skipped, failed, and the workspaces skipped because
Summit is not installed there or Slack refused their token); exit code 1 when something failed
(or waits for its retry), a token was refused or the run stopped early, 2 for a bad --now.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from bot.jobs.registry import JOBS
from bot.jobs.runner import workspace_clients
from bot.logs import log_context, logging_configured, new_run_id
from bot.settings import Settings
from storage.store import Store, ensure_schema

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def add_jobs_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `jobs run NAME` on the top-level parser; the handler is `args.jobs_handler`."""
    jobs = subparsers.add_parser("jobs", help="run a scheduled job once")
    actions = jobs.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    listing = "; ".join(f"{job.name}: {job.summary}" for job in JOBS.values())
    run = actions.add_parser(
        "run",
        help="run one job once and print what it did",
        description=f"Run one job once. Jobs — {listing}.",
    )
    run.add_argument("name", choices=list(JOBS), metavar="NAME", help=", ".join(JOBS))
    run.add_argument(
        "--now",
        help="the time to run at, ISO 8601 with an offset (e.g. 2027-01-06T09:05+08:00); "
        "default: now",
    )
    run.set_defaults(jobs_handler=run_job_command)


def run_job_command(
    args: argparse.Namespace,
    *,
    settings: Settings,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> int:
    job = JOBS[args.name]
    try:
        now = parse_now(args.now) if args.now else clock()
    except ValueError as error:
        print(f"summit: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    with (
        logging_configured(settings),
        log_context(job=job.name, run=new_run_id()),
        Store(settings.database_url) as store,
    ):
        ensure_schema(store)
        # One SLACK_BOT_TOKEN, or each OAuth-installed workspace's own token.
        report = job.run(store, workspace_clients(settings, store), now)
    print(report.summary())
    return 0 if report.ok else EXIT_FAILED


def parse_now(text: str) -> datetime:
    """An aware datetime from ISO 8601; a time without an offset is refused, not guessed."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"--now {text!r} is not an ISO 8601 time; for example 2027-01-06T09:05+08:00"
        ) from None
    if parsed.tzinfo is None:
        raise ValueError(f"--now {text!r} has no UTC offset; for example 2027-01-06T09:05+08:00")
    return parsed
