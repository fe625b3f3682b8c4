"""Replayed requests: a signed request Slack sent once is let in once; the same bytes again get 401.

Bolt's RequestVerification (which runs before any middleware of ours) proves a request was
signed with our secret less than five minutes ago, but not that it is new: someone who captured
a `/target log 5万` could send it again within those minutes and have it counted twice. So the
first sighting of each signature is written to the store (`storage.seen_requests`), and a
signature already there is refused before any listener runs — in every instance sharing the
database, since the store is the memory.

Slack's own event retries are new deliveries, not replays: each is signed when it is sent, with
that moment's timestamp (a retry five minutes after the first delivery would otherwise be stale),
so its signature differs and it goes on to the `event_id` dedupe (`bot.listeners.dedupe`), which
skips events already handled and lets the retry of a failed delivery through. Should a retry
ever arrive with the first delivery's signature, its retry number still tells it apart: events
are keyed by signature and retry number, and the dedupe behind stops anything handled twice.

Socket Mode requests carry no signature (the WebSocket is the authentication) and pass through.

The first sighting is a write, so this is also where a request's wait for the store's write lock
is bounded: a command, button or modal whose user waits on the answer waits at most
`REQUEST_LOCK_WAIT_SECONDS` in all (`storage.store.bound_lock_waits`), then is told Summit is
busy and nothing was saved (`bot.listeners.errors`). Waiting longer would answer after Slack
showed the user a timeout, with the write landing all the same: they type it again and it counts
twice. Once the request is acknowledged nobody waits on it any more, and its later writes wait as
long as a job's.
Events are acknowledged before their listener runs and keep the long wait: Slack redelivers an
event not acknowledged in 3 seconds, and the event_id dedupe lets exactly one delivery through.

A slash command's sighting shares its transaction with the command's first read, who is asking
(`bot.services.context.requester_in`, left in the context as `REQUESTER`): the user waits on the
answer, and one transaction costs less than two (a connection check-out, begin and commit less).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse

from bot.services.context import REQUESTER, requester_in
from storage.seen_requests import first_sighting
from storage.store import LockDeadline, bound_lock_waits

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)

# What Bolt's own verification answers for a forged or stale request: a replay looks the same.
REFUSED: Final = {"error": "invalid request"}
# Of Slack's 3 seconds, what a request may spend waiting for the write lock; the rest is the work.
REQUEST_LOCK_WAIT_SECONDS: Final = 2.0


def register(app: App, deps: Deps) -> None:
    app.middleware(build_replay_middleware(deps))


def replay_key(request: BoltRequest, body: dict[str, Any]) -> tuple[str, int] | None:
    """What identifies this delivery (its signature, and for event retries the retry number)
    and its signed timestamp; None for a request without a signature (Socket Mode)."""
    if request.mode == "socket_mode":
        return None
    signature = _header(request, "x-slack-signature")
    timestamp = _header(request, "x-slack-request-timestamp")
    if not signature or not timestamp or not timestamp.isdigit():
        return None  # Bolt's verification lets nothing like this through in HTTP mode
    retry = _header(request, "x-slack-retry-num")
    if body.get("type") == "event_callback" and retry:
        signature = f"{signature}#{retry[:8]}"
    return signature, int(timestamp)


def build_replay_middleware(deps: Deps) -> Callable[..., BoltResponse | None]:
    def refuse_replays(
        request: BoltRequest, body: dict[str, Any], context: BoltContext, next_: Callable[[], None]
    ) -> BoltResponse | None:
        if body.get("type") == "event_callback":
            bound_lock_waits(None)
        else:
            deadline = bound_lock_waits(REQUEST_LOCK_WAIT_SECONDS)
            assert deadline is not None
            context["ack"] = _AckLiftingDeadline(deadline)
        return _refuse_replay(request, body, context, next_)

    def _refuse_replay(
        request: BoltRequest, body: dict[str, Any], context: BoltContext, next_: Callable[[], None]
    ) -> BoltResponse | None:
        key = replay_key(request, body)
        if deps.store is None or key is None:
            next_()
            return None
        signature, request_ts = key
        team_id, user_id = body.get("team_id"), body.get("user_id")
        # Committed on its own, before the listener: a request that fails later was still
        # delivered, and sending its bytes again is still a replay.
        with deps.store.session() as session:
            first = first_sighting(session=session, signature=signature, request_ts=request_ts)
            if first and "command" in body and team_id and user_id:
                context[REQUESTER] = requester_in(session, team_id, user_id)
        if first:
            next_()
            return None
        log.warning("replayed request refused (team %s, sent at %d)", _team_of(body), request_ts)
        return BoltResponse(status=401, body=REFUSED)

    return refuse_replays


class _AckLiftingDeadline(Ack):
    """Bolt's `ack`, ending the request's lock deadline: once Slack has the answer, a write may
    wait as long as it needs."""

    def __init__(self, deadline: LockDeadline) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # Bolt's Ack is not annotated
        self._deadline = deadline

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        self._deadline.lift()
        return super().__call__(*args, **kwargs)


def _header(request: BoltRequest, name: str) -> str:
    values = request.headers.get(name)
    return values[0] if values else ""


def _team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return team if isinstance(team, str) else "?"
