"""`message` events (DMs, channels, threads): check-ins will be read here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.app import Deps


def build_message_listener(deps: Deps) -> Callable[..., None]:
    # Slack retries an event answered with a non-2xx, and Bolt answers 404 to an event no
    # listener takes; until check-ins are parsed here, taking the event and doing nothing is
    # the honest answer.
    def message(event: dict[str, Any]) -> None:
        return None

    return message
