"""What a job run did, and the per-job lock that makes runs of one job take turns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.jobs.poster import Delivery, Outcome
from storage.locks import Lease, leader_lease
from storage.store import Store

NOT_INSTALLED = "not installed"


@dataclass(frozen=True)
class Unreachable:
    """A workspace a run posted nothing to: Summit is not installed there (`NOT_INSTALLED`), or
    Slack refused its token during the run (`reason` is Slack's error code)."""

    workspace_id: str
    reason: str

    @property
    def refused(self) -> bool:
        return self.reason != NOT_INSTALLED


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
    stopped: str | None = None  # why the run stopped before its end (it lost the job lock)
    details: tuple[Delivery, ...] = ()
    unreachable: tuple[Unreachable, ...] = ()

    @property
    def ok(self) -> bool:
        """Nothing failed, no token was refused during this run (a workspace known to be
        uninstalled already is not a failure), and the run went to its end."""
        return self.failed == 0 and not self.refused and self.stopped is None

    @property
    def refused(self) -> tuple[Unreachable, ...]:
        return tuple(found for found in self.unreachable if found.refused)

    def summary(self) -> str:
        if self.busy:
            return f"{self.job}: another run is in progress; nothing done"
        line = f"{self.job}: posted {self.posted}, skipped {self.skipped}, failed {self.failed}"
        extras = []
        if self.reconciled:
            extras.append(f"reconciled {self.reconciled}")
        if self.already:
            extras.append(f"already sent {self.already}")
        absent = [found.workspace_id for found in self.unreachable if not found.refused]
        if absent:
            extras.append(f"not installed in {', '.join(absent)}")
        extras += [f"token refused in {r.workspace_id} ({r.reason})" for r in self.refused]
        line = f"{line} ({', '.join(extras)})" if extras else line
        return f"{line}; stopped early: {self.stopped}" if self.stopped else line

    @classmethod
    def of(
        cls,
        job: str,
        deliveries: Iterable[Delivery],
        *,
        skipped: int = 0,
        already: int = 0,
        unreachable: Iterable[Unreachable] = (),
        stopped: str | None = None,
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
            unreachable=tuple(unreachable),
            stopped=stopped,
        )


@contextmanager
def job_lock(store: Store, job: str) -> Iterator[Lease | None]:
    """The lock's `Lease` while this process is the only one running `job` against the store;
    None when another process runs it.

    Claims alone keep two runs from posting the same message; the lock is what lets a run treat
    every unmarked claim it finds as left behind by a run that died (see `Poster.reconcile`).
    That holds only while the lock does: the run's Poster checks the lease (see
    `bot.jobs.poster`).
    """
    with leader_lease(store.engine, f"job-{job}") as lease:
        yield lease
