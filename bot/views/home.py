"""The App Home tab. For now a welcome and the command list; the dashboard grows in here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.i18n import Lang, t
from bot.views.help import command_sections


@dataclass(frozen=True)
class HomeData:
    """What the Home tab shows, gathered by the listener."""

    user_id: str
    lang: Lang


def build_home_view(data: HomeData) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": t(data.lang, "home.welcome", user=data.user_id)},
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": t(data.lang, "home.intro")}},
        {"type": "divider"},
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t(data.lang, "home.commands")},
        },
        *command_sections(data.lang),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": t(data.lang, "home.footer")}],
        },
    ]
    return {"type": "home", "blocks": blocks}
