"""Slack event retries: an event already handled is answered 200 and not handled again.

Slack redelivers an event (same `event_id`, with `X-Slack-Retry-Num`) when it got no 2xx within
3 seconds, whether or not the first delivery was handled. So a retry is not dropped for being a
retry: only an event the store knows as processed is. Listeners record the event
(`storage.events.record_event`) in the same transaction as its effect; a delivery that failed
rolled that record back with the effect, and its retry is handled afresh. A retry racing a
still-running first delivery is caught there too: `record_event` answers False to the loser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse

from storage.events import was_processed

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    app.middleware(build_dedupe_middleware(deps))


def event_id_of(body: dict[str, Any]) -> str | None:
    """The event id of an Events API delivery; None for commands, actions and views."""
    if body.get("type") != "event_callback":
        return None
    event_id = body.get("event_id")
    return event_id if isinstance(event_id, str) and event_id else None


def build_dedupe_middleware(deps: Deps) -> Callable[..., BoltResponse | None]:
    def skip_processed_events(
        request: BoltRequest, body: dict[str, Any], next_: Callable[[], None]
    ) -> BoltResponse | None:
        event_id = event_id_of(body)
        team_id = body.get("team_id")
        if deps.store is None or event_id is None or not isinstance(team_id, str):
            next_()
            return None
        with deps.store.read() as session:
            seen = was_processed(session=session, workspace_id=team_id, event_id=event_id)
        if not seen:
            next_()
            return None
        retry = request.headers.get("x-slack-retry-num", ["0"])[0]
        log.info("event %s already handled; retry %s acknowledged and skipped", event_id, retry)
        return BoltResponse(status=200, body="")

    return skip_processed_events
