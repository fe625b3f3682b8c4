"""The exactly-once sender every scheduled job posts through.

For each post, in this order:

1. claim its outbox row (unique key: workspace, job, recipient, local date) and COMMIT;
2. call Slack (`chat.postMessage`, the key in the message's `metadata`; a DM's channel comes
   from `conversations.open` the first time the bot writes to someone, and from the store
   after that: Slack allows about 50 opens a minute, and a morning goes to every rep);
3. mark the row sent with the returned ts, in a new transaction together with whatever the job
   records about the message (`on_sent`).

A process that dies between 2 and 3 leaves the row `claimed`. `reconcile` looks for such rows
before a run fans out: it reads the conversation back (`include_all_metadata`) for a message
carrying the key. Found: the row is marked sent with that message's ts and nothing is posted
again. Not found: the row is marked failed, so the run's ordinary claim takes it again and posts
it once. Reconciling is only sound while no other process is sending for the job, so jobs call
it under their job lock (`bot.jobs.report.job_lock`).

Slack errors: 429s are slept off (the client's retry handler first, then here, up to
`max_rate_limit_waits`), so a fan-out that runs into the rate limit loses nothing. Permanent
errors (the user is gone, the channel too) are recorded as skipped with the reason and never
retried. Anything else (5xx, timeouts, after the client's own retries) is recorded as failed
and backs off (`storage.outbox.retry_delay`: 2, 4, 8, 16, then every 30 minutes); the first run
after that claims it again, looking in Slack first. A post waiting for its next try, or out of
attempts, is reported failed (with when it is retried, or that it was given up), never as
already sent: it was not.

Under the job lock a Poster is given the lock's `Lease`, and checks it before claiming (is it
known to be lost?) and again before calling Slack (ask the database). A lost lock (PostgreSQL
restarted under the run) raises `LockLost`: another process may be the job's runner now and
reconciling this run's claims, so this run must post nothing more. A post claimed but not yet
sent stays claimed; the next run reconciles it. A database error while claiming or marking is
reported as `LockLost` too when the lock went with it (a restart ends both).

A refused token (the workspace uninstalled Summit) is no recipient's fault. Before its first
claim a Poster asks Slack once (`auth.test`) whether the token still works, so a refused token
costs no post an attempt; `TokenRefused` then ends the workspace's part of the run
(`bot.jobs.runner`), and every later send of that Poster refuses at once, without calling Slack.
A token revoked in the middle of a run gives the post it was sending back (failed, so that a
later install still sends it while it is due).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from bot.slack_client import without_repeating_retries
from storage.locks import Lease, LockLost
from storage.members import dm_channels, remember_dm_channel
from storage.outbox import (
    claim_post,
    find_post,
    gave_up,
    mark_failed,
    mark_sent,
    mark_skipped,
    pending_unmarked,
    waiting,
)
from storage.records import OutboxRow
from storage.store import Store

log = logging.getLogger(__name__)

EVENT_TYPE = "summit_post"
# A post to a DM channel failing so: the channel is forgotten (Slack may have replaced it), and
# the recipient's next post opens one afresh.
STALE_CHANNEL_ERRORS = frozenset({"channel_not_found", "is_archived"})
# Errors that will be the same on every retry: record them and move on to the next recipient.
PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "cannot_dm_bot",
        "user_disabled",
        "messages_tab_disabled",
        "restricted_action",
    }
)
# The token itself is refused: the workspace uninstalled Summit or revoked the token (or, with
# one SLACK_BOT_TOKEN, the operator's token is wrong). Every call of the run would fail alike.
REFUSED_TOKEN_ERRORS = frozenset(
    {"account_inactive", "token_revoked", "invalid_auth", "not_authed"}
)
HISTORY_PAGES = 3  # how far back (x 200 messages) to look for an unmarked post
# Every claim older than this is a candidate for reconciling; callers hold the job lock, so any
# unmarked claim at the start of a run belongs to a run that died.
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)

SentHook = Callable[[Session, OutboxRow, str, str], None]  # (session, row, channel, ts)


@dataclass(frozen=True)
class Post:
    """One message a job wants delivered once: to a user (a DM) or into a channel."""

    workspace_id: str
    job: str
    recipient: str  # a Slack user id (U.../W...) means their DM with the bot; else a channel id
    local_date: date  # the recipient's day the post is for
    text: str  # the notification text and the fallback for clients without blocks
    blocks: Sequence[Mapping[str, Any]] = ()
    thread_ts: str | None = None

    @property
    def key(self) -> str:
        return outbox_key(self.workspace_id, self.job, self.recipient, self.local_date)

    @property
    def is_dm(self) -> bool:
        return is_user_id(self.recipient)


class TokenRefused(Exception):
    """Slack refused the workspace's bot token (`error` is Slack's code, never the token)."""

    def __init__(self, error: str) -> None:
        super().__init__(f"Slack refused the bot token: {error}")
        self.error = error


def isolated(
    work: Callable[[], Delivery | None], recipient: str, local_date: date
) -> Delivery | None:
    """Run one recipient's part of a fan-out so that a bug or bad data there fails that
    recipient only (logged with its traceback), never the rest of the run. A refused token is
    the whole workspace's, and a lost job lock the whole run's: both go on up."""
    try:
        return work()
    except (TokenRefused, LockLost):
        raise
    except OperationalError as error:
        # The database, not the code: unreachable, restarting, locked. The message says it all.
        log.warning("%s on %s: database error: %s", recipient, local_date, error.orig)
        return Delivery(recipient, local_date, Outcome.FAILED, error=type(error.orig).__name__)
    except Exception as error:
        log.exception("%s on %s: unexpected error", recipient, local_date)
        return Delivery(recipient, local_date, Outcome.FAILED, error=type(error).__name__)


def outbox_key(workspace_id: str, job: str, recipient: str, local_date: date) -> str:
    """The key carried in the message metadata: the outbox row's unique key, spelled out."""
    return f"{workspace_id}:{job}:{recipient}:{local_date.isoformat()}"


def is_user_id(slack_id: str) -> bool:
    return slack_id[:1] in ("U", "W")


class Outcome(StrEnum):
    POSTED = "posted"
    RECONCILED = "reconciled"  # an earlier run's message was found and recorded
    ALREADY_DONE = "already_done"  # sent, skipped, or claimed elsewhere
    SKIPPED = "skipped"  # a permanent Slack error: recorded, never retried
    FAILED = "failed"  # a passing error (retried later), or a post out of attempts
    REQUEUED = "requeued"  # an unmarked claim whose message never arrived: posted on the retry


@dataclass(frozen=True)
class Delivery:
    """What became of one post."""

    recipient: str
    local_date: date
    outcome: Outcome
    channel: str | None = None
    ts: str | None = None
    error: str | None = None


@dataclass
class Poster:
    """Sends posts for one job run at `now` (an aware datetime: the job's clock, not the wall's).

    `sleep` waits out a 429 that got past the client's retry handler; tests and benchmarks keep
    the real one, since the emulator's Retry-After is real time too. `lease` is the job lock's,
    when the run holds one (see the module doc).
    """

    store: Store
    client: WebClient
    now: datetime
    claimed_by: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    sleep: Callable[[float], None] = time.sleep
    max_rate_limit_waits: int = 30
    lease: Lease | None = None
    # Per workspace, the DM channels known (read from the store once, then added to).
    _dm_channels: dict[str, dict[str, str]] = field(default_factory=dict, init=False, repr=False)
    _dm_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _post_client: WebClient = field(init=False, repr=False)
    refused: str | None = field(default=None, init=False)  # Slack's error once it was
    _token_checked: bool = field(default=False, init=False, repr=False)
    _token_check: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _sent: list[Delivery] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._post_client = without_repeating_retries(self.client)

    def send(self, post: Post, *, on_sent: SentHook | None = None) -> Delivery:
        """Deliver `post` at most once; see the module doc for what each outcome means.
        Raises `TokenRefused` when Slack refuses the token, now or earlier in the run, and
        `LockLost` when the job lock is gone."""
        delivery = self._send(post, on_sent)
        self._sent.append(delivery)  # list.append is atomic: the fan-out's threads share it
        return delivery

    def deliveries(self) -> tuple[Delivery, ...]:
        """What `send` returned so far: what a run that stopped early still did."""
        return tuple(self._sent)

    def _send(self, post: Post, on_sent: SentHook | None) -> Delivery:
        self._check_token()
        if self.lease is not None:
            self.lease.raise_if_lost()
        try:
            with self.store.session() as session:
                row = claim_post(
                    session=session,
                    workspace_id=post.workspace_id,
                    job=post.job,
                    recipient=post.recipient,
                    local_date=post.local_date,
                    now=self.now,
                    claimed_by=self.claimed_by,
                )
        except DBAPIError:
            self._check_lease()  # a restart took the lock too: that is what to report
            raise
        if row is None:
            return unclaimed(
                self.store, post.workspace_id, post.job, post.recipient, post.local_date, self.now
            )
        # The last moment to find out before posting: the claim stays, for the next run.
        self._check_lease()
        try:
            channel = self._channel_for(post.workspace_id, post.recipient)
            if row.attempts > 1:
                # An earlier attempt may have reached Slack before failing (a timeout, a 5xx
                # after the message was stored): look before posting again.
                found = self._find_posted(channel, post.key, post.thread_ts)
                if found is not None:
                    self._mark_sent(row, channel, found, on_sent)
                    return Delivery(
                        post.recipient, post.local_date, Outcome.RECONCILED, channel, found
                    )
            response = self._call(
                self._post_client.chat_postMessage,
                channel=channel,
                text=post.text,
                blocks=list(post.blocks) or None,
                thread_ts=post.thread_ts,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": post.key}},
                unfurl_links=False,
            )
        except TokenRefused as refused:
            raise give_back(self.store, row, refused, now=self.now) from None
        except SlackApiError as error:
            code = _error_code(error)
            if code in STALE_CHANNEL_ERRORS and is_user_id(post.recipient):
                self._forget_channel(post.workspace_id, post.recipient)
            return self._record_error(row, code)
        except (SlackClientError, OSError) as error:
            return self._record_error(row, f"{type(error).__name__}: {error}")
        posted_channel = str(response.get("channel") or channel)
        ts = str(response["ts"])
        try:
            self._mark_sent(row, posted_channel, ts, on_sent)
        except DBAPIError:
            self._check_lease()  # posted but not marked: the next run finds it in Slack
            raise
        return Delivery(post.recipient, post.local_date, Outcome.POSTED, posted_channel, ts)

    def reconcile(
        self,
        *,
        workspace_id: str,
        job: str,
        on_sent: SentHook | None = None,
        thread_of: Callable[[OutboxRow], str | None] | None = None,
        locate: Callable[[OutboxRow], tuple[str, str | None]] | None = None,
    ) -> list[Delivery]:
        """Settle every unmarked claim of `job`: sent if its message is in Slack, else failed
        (so the run's own claim posts it). Call only while holding the job's lock.

        A job that posts into threads says which thread each row's message went to
        (`thread_of`): thread replies are not in the channel's history. A job that posts
        something other than a message with our metadata (a file) says how to find it
        (`locate`: the channel, and the ts found there or None)."""
        with self.store.read() as session:
            orphans = [
                row
                for row in pending_unmarked(
                    session=session, workspace_id=workspace_id, claimed_before=_END_OF_TIME
                )
                if row.job == job
            ]
        settled = []
        for row in orphans:
            self._check_lease()
            key = outbox_key(row.workspace_id, row.job, row.recipient, row.local_date)
            try:
                if locate is not None:
                    channel, found = locate(row)
                else:
                    channel = self._channel_for(row.workspace_id, row.recipient)
                    thread_ts = thread_of(row) if thread_of is not None else None
                    found = self._find_posted(channel, key, thread_ts)
            except SlackApiError as error:  # a refused token is TokenRefused, and goes up
                code = _error_code(error)
                if code in PERMANENT_ERRORS:
                    settled.append(self._record_error(row, code))
                else:
                    # Not knowing whether it went out, posting again could post twice: the row
                    # stays claimed and the next run looks again.
                    log.warning("could not reconcile %s: %s", key, code)
                continue
            except (SlackClientError, OSError) as error:
                log.warning("could not reconcile %s: %s", key, error)
                continue
            if found is not None:
                self._mark_sent(row, channel, found, on_sent)
                settled.append(
                    Delivery(row.recipient, row.local_date, Outcome.RECONCILED, channel, found)
                )
                continue
            with self.store.session() as session:
                mark_failed(
                    session=session,
                    workspace_id=row.workspace_id,
                    post_id=row.id,
                    error="claimed but never marked; no message found in Slack",
                    now=self.now,
                    retry_at=self.now,  # this run's own claim posts it, without waiting
                )
            settled.append(Delivery(row.recipient, row.local_date, Outcome.REQUEUED))
        return settled

    def _check_lease(self) -> None:
        """Raise `LockLost` if the run holds a job lock and the database says it is gone."""
        if self.lease is not None:
            self.lease.check()

    # -- Slack ------------------------------------------------------------------------------

    def _check_token(self) -> None:
        """Raise `TokenRefused` if Slack refuses the token: asked once, before the first claim
        (the fan-out's threads wait for the one answer), remembered after."""
        with self._token_check:
            if not self._token_checked:
                self._token_checked = True
                try:
                    self._call(self.client.auth_test)
                except (SlackApiError, SlackClientError, OSError) as error:
                    # Not knowing is no reason to hold the posts back: each finds out itself.
                    log.warning("could not check the bot token: %s", type(error).__name__)
        if self.refused is not None:
            raise TokenRefused(self.refused)

    def _channel_for(self, workspace_id: str, recipient: str) -> str:
        if not is_user_id(recipient):
            return recipient
        known = self._known_channels(workspace_id).get(recipient)
        if known is None:
            response = self._call(self.client.conversations_open, users=recipient)
            known = str(response["channel"]["id"])
            self._known_channels(workspace_id)[recipient] = known
            self._store_channel(workspace_id, recipient, known)
        return known

    def _known_channels(self, workspace_id: str) -> dict[str, str]:
        with self._dm_lock:  # the fan-out's threads: one read per workspace and run
            known = self._dm_channels.get(workspace_id)
            if known is None:
                with self.store.read() as session:
                    known = dm_channels(session=session, workspace_id=workspace_id)
                self._dm_channels[workspace_id] = known
            return known

    def _forget_channel(self, workspace_id: str, recipient: str) -> None:
        """A stored DM channel Slack no longer knows: the next post opens a new one."""
        self._known_channels(workspace_id).pop(recipient, None)
        self._store_channel(workspace_id, recipient, None)

    def _store_channel(self, workspace_id: str, recipient: str, channel: str | None) -> None:
        # A cache of Slack's answer: failing to write it costs the next run an open, not a post.
        try:
            with self.store.session() as session:
                remember_dm_channel(
                    session=session,
                    workspace_id=workspace_id,
                    slack_user_id=recipient,
                    channel_id=channel,
                )
        except DBAPIError as error:
            log.warning("could not store the DM channel of %s: %s", recipient, error)

    def _find_posted(self, channel: str, key: str, thread_ts: str | None) -> str | None:
        """The ts of the message in `channel` (or its thread) whose metadata carries `key`."""
        for message in self._recent_messages(channel, thread_ts):
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == EVENT_TYPE
                and (metadata.get("event_payload") or {}).get("key") == key
            ):
                return str(message["ts"])
        return None

    def _recent_messages(self, channel: str, thread_ts: str | None) -> Iterator[Mapping[str, Any]]:
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            if thread_ts is None:
                response = self._call(
                    self.client.conversations_history,
                    channel=channel,
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
            else:
                response = self._call(
                    self.client.conversations_replies,
                    channel=channel,
                    ts=thread_ts,
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
            yield from response.get("messages") or []
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or not cursor:
                return

    def _call(self, method: Callable[..., Any], **kwargs: Any) -> Any:
        """Call a Web API method, waiting out 429s the client's retry handler gave up on."""
        waits = 0
        while True:
            try:
                return method(**kwargs)
            except SlackApiError as error:
                code = _error_code(error)
                if code in REFUSED_TOKEN_ERRORS:
                    self.refused = code
                    raise TokenRefused(code) from None
                if error.response.status_code != 429 or waits >= self.max_rate_limit_waits:
                    raise
                waits += 1
                self.sleep(_retry_after(error))

    # -- the store ----------------------------------------------------------------------------

    def _mark_sent(self, row: OutboxRow, channel: str, ts: str, on_sent: SentHook | None) -> None:
        settle_sent(self.store, row, channel, ts, now=self.now, on_sent=on_sent)

    def _record_error(self, row: OutboxRow, error: str) -> Delivery:
        return settle_error(self.store, row, error, now=self.now)


def unclaimed(
    store: Store, workspace_id: str, job: str, recipient: str, local_date: date, now: datetime
) -> Delivery:
    """What became of a post `claim_post` would not give at `now`: done already, or failed and
    not due for a retry (waiting, or out of attempts), which is a failure of this run too."""
    with store.read() as session:
        row = find_post(
            session=session,
            workspace_id=workspace_id,
            job=job,
            recipient=recipient,
            local_date=local_date,
        )
    if row is not None and gave_up(row):
        error = f"gave up after {row.attempts} attempts: {row.last_error}"
    elif row is not None and waiting(row, now):
        assert row.next_attempt_at is not None
        retry = row.next_attempt_at.astimezone(UTC)
        error = f"attempt {row.attempts} failed ({row.last_error}); next at {retry:%H:%M} UTC"
    else:
        return Delivery(recipient, local_date, Outcome.ALREADY_DONE)
    return Delivery(recipient, local_date, Outcome.FAILED, error=error)


def settle_sent(
    store: Store,
    row: OutboxRow,
    channel: str,
    ts: str,
    *,
    now: datetime,
    on_sent: SentHook | None = None,
) -> None:
    """Mark a claimed row delivered (with the Slack ts, or another reference such as a file id);
    `on_sent` runs in the same transaction."""
    with store.session() as session:
        marked = mark_sent(
            session=session,
            workspace_id=row.workspace_id,
            post_id=row.id,
            slack_ts=ts,
            now=now,
            channel_id=channel,
        )
        if on_sent is not None:
            on_sent(session, marked, channel, ts)


def settle_error(store: Store, row: OutboxRow, error: str, *, now: datetime) -> Delivery:
    """Record a failed delivery: skipped for good on a permanent Slack error (never retried),
    failed otherwise (the next run tries again, looking in Slack first)."""
    permanent = error in PERMANENT_ERRORS
    with store.session() as session:
        if permanent:
            mark_skipped(
                session=session,
                workspace_id=row.workspace_id,
                post_id=row.id,
                reason=f"slack: {error}",
                now=now,
            )
        else:
            mark_failed(
                session=session,
                workspace_id=row.workspace_id,
                post_id=row.id,
                error=error,
                now=now,
            )
    log.warning("%s to %s failed (%s): %s", row.job, row.recipient, row.attempts, error)
    outcome = Outcome.SKIPPED if permanent else Outcome.FAILED
    return Delivery(row.recipient, row.local_date, outcome, error=error)


def give_back(
    store: Store, row: OutboxRow, refused: TokenRefused, *, now: datetime
) -> TokenRefused:
    """Return a claimed post whose workspace's token was refused: failed, not skipped, so that a
    later install of the workspace still sends it while it is due. Gives `refused` back for the
    caller to raise."""
    with store.session() as session:
        mark_failed(
            session=session,
            workspace_id=row.workspace_id,
            post_id=row.id,
            error=f"slack: {refused.error}",
            now=now,
            retry_at=now,  # not the post's fault: no backoff once the token works again
        )
    return refused


def refused_token(error: SlackApiError) -> TokenRefused | None:
    """`TokenRefused` when `error` is Slack refusing the token itself."""
    code = _error_code(error)
    return TokenRefused(code) if code in REFUSED_TOKEN_ERRORS else None


def _error_code(error: SlackApiError) -> str:
    code = error.response.get("error") if error.response is not None else None
    if code:
        return str(code)
    status = getattr(error.response, "status_code", None)
    return f"http_{status}" if status else "unknown_error"


def _retry_after(error: SlackApiError) -> float:
    headers: Mapping[str, Any] = error.response.headers or {}
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return 1.0
