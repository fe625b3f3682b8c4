"""How every job runs: one run at a time per job, one workspace after another, each workspace
with its own bot token.

`run_job` holds what the five jobs share: the aware-time check, the job lock, the workspace
loop and the Poster of each workspace, built on that workspace's client. A job says only what
it does in one workspace (`WorkspaceJob`).

Where the clients come from (`WorkspaceClients`):
- one SLACK_BOT_TOKEN: the same client for every workspace in the store (`OneToken`; a plain
  `WebClient` given to a job means this);
- OAuth installs: each workspace's bot token from the installation store
  (`bot.oauth.InstalledClients`); a workspace with none is skipped and reported as not
  installed.

A workspace whose token Slack refuses (`account_inactive`, `token_revoked`, `invalid_auth`) is
skipped for the rest of the run, reported, and handed to `WorkspaceClients.refused`: with OAuth
the installation is forgotten, so later runs skip it without calling Slack until it installs
again. The other workspaces go on either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from slack_sdk import WebClient

from bot.jobs.poster import Delivery, Outcome, Poster, TokenRefused
from bot.jobs.report import NOT_INSTALLED, JobReport, Unreachable, job_lock
from bot.settings import Settings
from bot.slack_client import make_client
from storage.locks import LockLost
from storage.records import WorkspaceRecord
from storage.store import Store
from storage.workspaces import get_workspace, list_workspace_ids

log = logging.getLogger(__name__)

ClientFactory = Callable[[str | None, str], WebClient]


class WorkspaceClients(Protocol):
    """The Web API client a job uses for each workspace."""

    def client_for(self, workspace_id: str) -> WebClient | None:
        """The workspace's client; None when Summit is not installed there."""

    def refused(self, workspace_id: str, client: WebClient, error: str) -> None:
        """Slack refused `client`'s token for `workspace_id` with `error`."""


# What a job is given to reach Slack: one client for every workspace, or a client per workspace.
Slack = WebClient | WorkspaceClients


@dataclass(frozen=True)
class OneToken:
    """One workspace's SLACK_BOT_TOKEN: the same client wherever the store says to post."""

    client: WebClient

    def client_for(self, workspace_id: str) -> WebClient | None:
        return self.client

    def refused(self, workspace_id: str, client: WebClient, error: str) -> None:
        # Nothing to forget: the operator's configuration is wrong, and says so every run.
        log.error(
            "Slack refused SLACK_BOT_TOKEN (%s) while posting to workspace %s: "
            "nothing is posted until it is replaced",
            error,
            workspace_id,
        )


def workspace_clients(
    settings: Settings, store: Store, client_factory: ClientFactory = make_client
) -> WorkspaceClients:
    """The clients jobs post with: each installed workspace's with OAuth, else SLACK_BOT_TOKEN's."""
    if settings.multi_workspace:
        # Imported here: Bolt's SQLAlchemy stores need greenlet, which one workspace does not.
        from bot.oauth import InstalledClients, installation_store

        return InstalledClients(
            installation_store(settings, store), settings.slack_api_url, client_factory
        )
    return OneToken(client_factory(settings.slack_bot_token, settings.slack_api_url))


@dataclass(frozen=True)
class Fanout:
    """What a job did in one workspace: deliveries, recipients with nothing to send today, and
    posts found already sent (or being sent) by an earlier run."""

    deliveries: Sequence[Delivery] = ()
    skipped: int = 0
    already: int = 0


WorkspaceJob = Callable[[Poster, WorkspaceRecord], Fanout]


def run_job(
    job: str,
    store: Store,
    slack: Slack,
    now: datetime,
    in_workspace: WorkspaceJob,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> JobReport:
    """Run `in_workspace` for every workspace in the store at `now` (aware), under the job's
    lock, each with a Poster on that workspace's own client."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    clients = OneToken(slack) if isinstance(slack, WebClient) else slack
    with job_lock(store, job) as lease:
        if lease is None:
            return JobReport(job, busy=True)
        with store.read() as session:
            workspace_ids = list_workspace_ids(session=session)
        deliveries: list[Delivery] = []
        skipped = already = 0
        unreachable: list[Unreachable] = []
        stopped: str | None = None
        for workspace_id in workspace_ids:
            client = clients.client_for(workspace_id)
            if client is None:
                unreachable.append(Unreachable(workspace_id, NOT_INSTALLED))
                continue
            with store.read() as session:
                workspace = get_workspace(session=session, workspace_id=workspace_id)
            if workspace is None:
                continue  # removed since the list was read
            poster = Poster(store, client, now, sleep=sleep, lease=lease)
            try:
                done = in_workspace(poster, workspace)
            except TokenRefused as refused:
                clients.refused(workspace_id, client, refused.error)
                unreachable.append(Unreachable(workspace_id, refused.error))
                continue
            except LockLost as lost:
                # Another process may run the job now: leave the rest to it, or to the next run.
                log.warning("%s: %s; stopping this run", job, lost)
                deliveries += poster.deliveries()
                stopped = str(lost)
                break
            deliveries += done.deliveries
            skipped += done.skipped
            already += done.already
        if stopped is None and any(d.outcome is Outcome.FAILED for d in deliveries):
            # A restart can refuse the posts' new connections before it ends the lock's own
            # session, so every check during the fan-out passed: ask once more, so that the
            # report says why the posts failed and that another process may run the job now.
            try:
                lease.check()
            except LockLost as lost:
                log.warning("%s: %s", job, lost)
                stopped = str(lost)
        return JobReport.of(
            job,
            deliveries,
            skipped=skipped,
            already=already,
            unreachable=unreachable,
            stopped=stopped,
        )
