"""Every job `summit jobs run` and the scheduler know, by the name operators type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.jobs.daily_prompts import run_daily_prompts
from bot.jobs.evening_checkins import run_evening_checkins
from bot.jobs.manager_summary import run_manager_summary
from bot.jobs.milestone_nudges import run_milestone_nudges
from bot.jobs.report import JobReport
from bot.jobs.runner import Slack
from bot.jobs.weekly_review import run_weekly_review
from storage.store import Store

# (store, a client for every workspace or one per workspace, now) -> what the run did
JobFunction = Callable[[Store, Slack, datetime], JobReport]


@dataclass(frozen=True)
class Job:
    name: str
    summary: str
    run: JobFunction


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "daily-prompts",
            "each rep's number for the day, by DM at local 09:00",
            run_daily_prompts,
        ),
        Job(
            "evening-checkins",
            "18:00 local: ask reps who have not reported, in the morning prompt's thread",
            run_evening_checkins,
        ),
        Job(
            "weekly-review",
            "review day (Friday) local: a thread per team, in its channel or to its manager",
            run_weekly_review,
        ),
        Job(
            "manager-summary",
            "Monday 09:00 local: each manager's week and period to date, risks, and a chart",
            run_manager_summary,
        ),
        Job(
            "milestone-nudges",
            "local morning: T-7/T-3 milestone nudges, risk alerts to managers, celebrations",
            run_milestone_nudges,
        ),
    )
}
