"""The `/target team` answer: the roster, its manager and channel, and for whoever may read
them, each rep's attainment on their current target. Data in, Block Kit out."""

from __future__ import annotations

from typing import Any

from bot.core.money import format_amount
from bot.i18n import Lang, t
from bot.services.teams import TeamView

Block = dict[str, Any]


def team_lines(lang: Lang, view: TeamView) -> list[str]:
    """One line for the header facts, then one per member."""
    manager = f"<@{view.manager.slack_user_id}>" if view.manager is not None else "—"
    channel = f"<#{view.team.channel_id}>" if view.team.channel_id else t(lang, "team.no_channel")
    lines = [
        t(lang, "team.title", name=view.team.name),
        t(lang, "team.manager", manager=manager, channel=channel),
    ]
    if not view.members:
        lines.append(t(lang, "team.empty"))
    for member in view.members:
        user = f"<@{member.slack_user_id}>"
        if member.id not in view.attainment:
            lines.append(t(lang, "team.member", user=user))
            continue
        found = view.attainment[member.id]
        if found is None:
            lines.append(t(lang, "team.member.no_target", user=user))
            continue
        lines.append(
            t(
                lang,
                "team.member.attainment",
                user=user,
                actual=format_amount(found.actual, lang, found.currency),
                total=format_amount(found.total, lang, found.currency),
                pct=f"{found.pct}%" if found.pct is not None else "—",
            )
        )
    return lines


def build_team_blocks(lang: Lang, view: TeamView) -> list[Block]:
    title, facts, *members = team_lines(lang, view)
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{facts}"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(members)}},
    ]


def team_text(lang: Lang, view: TeamView) -> str:
    return "\n".join(team_lines(lang, view))
