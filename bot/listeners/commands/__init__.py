"""Slash commands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from slack_bolt import App

from bot.listeners.commands.grammar import Subcommand
from bot.listeners.commands.target import (
    DEFAULT_SUBCOMMANDS,
    SubcommandHandler,
    build_target_listener,
)

if TYPE_CHECKING:
    from bot.app import Deps

COMMAND: str = "/target"


def register(
    app: App,
    deps: Deps,
    *,
    subcommands: Mapping[Subcommand, SubcommandHandler] = DEFAULT_SUBCOMMANDS,
) -> None:
    app.command(COMMAND)(build_target_listener(deps, subcommands))
