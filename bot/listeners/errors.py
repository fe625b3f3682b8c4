"""The one place a failure becomes a user answer: log the traceback, apologise in their
language, never show the error itself. A store too busy to take the write in time (see
`bot.listeners.replay`), or Slack too busy to say who a newly mentioned user is, is said as such:
nothing was saved, try again in a moment."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.i18n import DEFAULT_LANG, Lang, t
from bot.services.context import SlackBusyError
from storage.store import is_busy

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)

_ACK_POLL_GRACE_SECONDS = 0.05


def register(app: App, deps: Deps) -> None:
    app.error(build_error_handler(deps))


def build_error_handler(deps: Deps) -> Callable[..., BoltResponse | None]:
    def handle_error(
        error: Exception,
        body: dict[str, Any],
        context: BoltContext,
        response: BoltResponse | None,
    ) -> BoltResponse | None:
        if is_busy(error) or isinstance(error, SlackBusyError):
            # Expected under a long write elsewhere (a backup, a migration) or a burst past
            # Slack's rate limit, and nothing was written: no traceback.
            log.warning("too busy, %s refused (nothing written): %s", _describe(body), error)
            text = t(_lang(deps, context), "error.busy")
        else:
            log.error("failed to handle %s", _describe(body), exc_info=error)
            text = t(_lang(deps, context), "error.generic")
        acknowledged = context.ack.response
        if acknowledged is None and response is not None:
            # Nothing answered yet: what we return becomes the HTTP answer. A 2xx, or Slack
            # would retry an event that fails the same way again.
            if "command" in body:
                return BoltResponse(status=200, body={"response_type": "ephemeral", "text": text})
            _tell_user(context, text)
            return BoltResponse(status=200, body="")
        _tell_user(context, text)
        if acknowledged is not None and response is not None:
            # Answered already: keep that answer rather than the 500 Bolt would send instead
            # (with process_before_response; otherwise the HTTP answer is long gone).
            return acknowledged
        if acknowledged is not None:
            # Bolt 1.30 clears the acknowledgement once this handler returns. Its request
            # thread polls for it every 10 ms; should it not have seen it yet, Slack would get
            # a 404 three seconds later instead of the answer already given. Outwait one poll.
            time.sleep(_ACK_POLL_GRACE_SECONDS)
        return None

    return handle_error


def _lang(deps: Deps, context: BoltContext) -> Lang:
    try:
        return deps.languages.lang_for(
            context.client, context.user_id, now=deps.clock(), team_id=context.team_id
        )
    except Exception:  # the apology must go out even if the lookup itself is what broke
        log.exception("language lookup failed while reporting an error")
        return DEFAULT_LANG


def _tell_user(context: BoltContext, text: str) -> None:
    """Through the response_url when there is one, else an ephemeral where it happened, else
    a DM."""
    user_id, channel_id = context.user_id, context.channel_id
    try:
        if context.response_url and context.respond is not None:
            context.respond(text=text, response_type="ephemeral", replace_original=False)
        elif user_id and channel_id:
            context.client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
        elif user_id:
            context.client.chat_postMessage(channel=user_id, text=text)
    except Exception:  # nothing may escape the error handler; the failure is logged already
        log.exception("could not tell user %s about the failure", user_id)


def _describe(body: dict[str, Any]) -> str:
    """Which request failed, without the user's text (it may hold figures they keep private)."""
    if "command" in body:
        return f"command {body['command']} from {body.get('user_id')}"
    if "event" in body:
        event = body["event"]
        return f"event {event.get('type')} ({body.get('event_id')}) from {event.get('user')}"
    if "type" in body:
        return f"{body['type']} from {(body.get('user') or {}).get('id')}"
    return "request"
