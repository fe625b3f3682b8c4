"""The morning prompt's buttons: Log result, Away today, Need help. Each opens its modal.

A click only opens the modal (its trigger_id is good for 3 seconds, so nothing slow comes
first); the modal's submission does the work (`bot.listeners.views.prompt_modals`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.i18n import Lang
from bot.views.modals import PromptRef, build_away_modal, build_help_modal, build_log_modal
from bot.views.prompt import AWAY_TODAY, LOG_RESULT, NEED_HELP

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)

ModalBuilder = Callable[[Lang, PromptRef], dict[str, Any]]


def register(app: App, deps: Deps) -> None:
    app.action(LOG_RESULT)(build_button_listener(deps, build_log_modal))
    app.action(AWAY_TODAY)(build_button_listener(deps, build_away_modal))
    app.action(NEED_HELP)(build_button_listener(deps, build_help_modal))


def build_button_listener(deps: Deps, build_modal: ModalBuilder) -> Callable[..., None]:
    def open_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id = body["user"]["id"]
        team_id = (body.get("team") or {}).get("id") or body["user"].get("team_id")
        prompt = prompt_of(body)
        if prompt is None:
            log.warning("a prompt button from %s carried no day", user_id)
            return
        lang = deps.languages.lang_for(client, user_id, now=deps.clock(), team_id=team_id)
        client.views_open(trigger_id=body["trigger_id"], view=build_modal(lang, prompt))

    return open_modal


def prompt_of(body: dict[str, Any]) -> PromptRef | None:
    """The prompt's day (the button's value) and the message it sits on, if Slack says."""
    try:
        day = date.fromisoformat(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return PromptRef(day, channel, ts)
