"""The Replace / Cancel buttons under a `/target set` that would replace an active target.

The button carries the pending change; a click is judged afresh (permissions, Slack profiles,
the targets in place at the click) and answered through the message's response_url.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.i18n import t
from bot.listeners.commands.set import carry_out, store_of
from bot.services.context import resolve_actor
from bot.services.targets import decode_pending
from bot.views.confirm import CANCEL_ACTION, REPLACE_ACTION

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    app.action(REPLACE_ACTION)(build_replace_listener(deps))
    app.action(CANCEL_ACTION)(build_cancel_listener(deps))


def build_replace_listener(deps: Deps) -> Callable[..., None]:
    def replace(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        team_id = (body.get("team") or {}).get("id") or body["user"].get("team_id")
        now = deps.clock()
        lang = deps.languages.lang_for(client, user_id, now=now, team_id=team_id)
        try:
            command = decode_pending(body["actions"][0]["value"])
        except ValueError:
            log.warning("a replace button from %s carried no pending change", user_id)
            respond(text=t(lang, "set.confirm.stale"), replace_original=True)
            return
        actor = resolve_actor(
            store=store_of(deps),
            client=client,
            team_id=team_id,
            user_id=user_id,
            now=now,
            lang=lang,
            settings=deps.settings,
        )
        reply = carry_out(
            actor=actor, command=command, deps=deps, client=client, now=now, confirmed=True
        )
        respond(text=reply.text, blocks=reply.blocks, replace_original=True)
        if reply.after is not None:
            reply.after()

    return replace


def build_cancel_listener(deps: Deps) -> Callable[..., None]:
    def cancel(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        team_id = (body.get("team") or {}).get("id")
        lang = deps.languages.lang_for(client, user_id, now=deps.clock(), team_id=team_id)
        respond(text=t(lang, "set.confirm.cancelled"), replace_original=True)

    return cancel
