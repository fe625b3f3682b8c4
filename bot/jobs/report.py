"""What a job run did, and the per-job lock that makes runs of one job take turns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.jobs.poster import Delivery, Outcome
from storage.locks import leader_lock
from storage.store import Store


@dataclass(frozen=True)
class JobReport:
    """Counts of one run. `failed` includes recipients Slack refused for good (they are recorded
    and not retried) as well as passing errors (retried by the next run)."""

    job: str
    posted: int = 0
    skipped: int = 0  # due today but nothing to send: a day off, away, no plan for today
    failed: int = 0
    reconciled: int = 0  # an earlier run's unmarked post, found in Slack and recorded
    already: int = 0  # sent (or being sent) before this run
    busy: bool = False  # another process was running this job: this run did nothing
    details: tuple[Delivery, ...] = ()

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        if self.busy:
            return f"{self.job}: another run is in progress; nothing done"
        line = f"{self.job}: posted {self.posted}, skipped {self.skipped}, failed {self.failed}"
        extras = []
        if self.reconciled:
            extras.append(f"reconciled {self.reconciled}")
        if self.already:
            extras.append(f"already sent {self.already}")
        return f"{line} ({', '.join(extras)})" if extras else line

    @classmethod
    def of(
        cls, job: str, deliveries: Iterable[Delivery], *, skipped: int = 0, already: int = 0
    ) -> JobReport:
        done = tuple(deliveries)
        count = dict.fromkeys(Outcome, 0)
        for delivery in done:
            count[delivery.outcome] += 1
        return cls(
            job=job,
            posted=count[Outcome.POSTED],
            skipped=skipped,
            failed=count[Outcome.FAILED] + count[Outcome.SKIPPED],
            reconciled=count[Outcome.RECONCILED],
            already=already + count[Outcome.ALREADY_DONE],
            details=tuple(d for d in done if d.outcome is not Outcome.ALREADY_DONE),
        )


@contextmanager
def job_lock(store: Store, job: str) -> Iterator[bool]:
    """True while this process is the only one running `job` against the store.

    Claims alone keep two runs from posting the same message; the lock is what lets a run treat
    every unmarked claim it finds as left behind by a run that died (see `Poster.reconcile`).
    """
    with leader_lock(store.engine, f"job-{job}") as held:
        yield held
