"""`/target settings` (配置; 设置 already means set): the workspace's calendar, currency,
language, time zone and ritual times. Everyone may read them; only admins change them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.errors import PlanningError
from bot.i18n import Lang, t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.settings import apply_setting, parse_setting
from bot.services.teams import Refused
from storage.records import WorkspaceRecord

if TYPE_CHECKING:
    from bot.app import Deps


def settings_command(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    if not request.line.rest:
        return Reply(text=settings_text(lang, actor.workspace, admin=actor.is_admin))
    if not actor.is_admin:
        return Reply(text=t(lang, "settings.refused.not_admin"))
    try:
        change = parse_setting(request.line.rest)
        workspace = apply_setting(store=store_of(deps), actor=actor, change=change, now=request.now)
    except PlanningError as error:  # an unknown calendar code
        return Reply(text=error.message(lang))
    except Refused as refused:
        return Reply(text=refusal_text(lang, refused.refusal))
    return Reply(
        text="\n".join([t(lang, "settings.saved"), settings_text(lang, workspace, admin=True)])
    )


def settings_text(lang: Lang, workspace: WorkspaceRecord, *, admin: bool) -> str:
    language = t(lang, f"settings.language.{workspace.language}")
    lines = [
        t(lang, "settings.title"),
        t(lang, "settings.calendar", value=workspace.calendar),
        t(lang, "settings.currency", value=workspace.currency),
        t(lang, "settings.language", value=language),
        t(lang, "settings.tz", value=workspace.tz),
        t(lang, "settings.prompt", value=workspace.daily_prompt_at.strftime("%H:%M")),
        t(lang, "settings.checkin", value=workspace.evening_checkin_at.strftime("%H:%M")),
        t(
            lang,
            "settings.review",
            day=t(lang, f"weekday.{workspace.weekly_review_day}"),
            value=workspace.weekly_review_at.strftime("%H:%M"),
        ),
        t(lang, "settings.how" if admin else "settings.admins_only"),
    ]
    return "\n".join(lines)
