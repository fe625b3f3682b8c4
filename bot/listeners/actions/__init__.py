"""Button clicks and other interactions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.listeners.actions import prompt_buttons, set_confirm

if TYPE_CHECKING:
    from bot.app import Deps


def register(app: App, deps: Deps) -> None:
    set_confirm.register(app, deps)
    prompt_buttons.register(app, deps)
