"""Modal submissions (`view_submission`), one module per family of modals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App

from bot.listeners.views import prompt_modals

if TYPE_CHECKING:
    from bot.app import Deps


def register(app: App, deps: Deps) -> None:
    prompt_modals.register(app, deps)
