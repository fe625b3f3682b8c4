"""`/target status [@user]` (进度): attainment, pace, forecast, what is needed, today's number."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.core.periods import Period
from bot.i18n import t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.authz import may_read
from bot.services.context import member_zone
from bot.services.plans import standings
from bot.services.targets import BROADCAST, MENTION
from bot.views.status import build_status_blocks, no_target_text, status_text
from storage.members import members_by_slack_ids
from storage.milestones import milestones

if TYPE_CHECKING:
    from bot.app import Deps

MILESTONE_HORIZON = timedelta(days=366)


def show_status(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    text = request.line.rest
    broadcast = BROADCAST.search(text)
    if broadcast:
        return Reply(text=t(lang, "status.mention.broadcast", text=broadcast.group(0)))
    mentioned = list(dict.fromkeys(MENTION.findall(text)))
    if len(mentioned) > 1:
        return Reply(text=t(lang, "status.one_user"))
    user_id = mentioned[0] if mentioned else actor.member.slack_user_id
    own = user_id == actor.member.slack_user_id
    workspace = actor.workspace
    with store_of(deps).read() as session:
        member = (
            actor.member
            if own
            else members_by_slack_ids(
                session=session, workspace_id=workspace.id, slack_user_ids=[user_id]
            ).get(user_id)
        )
        if member is None:
            if not actor.is_manager:
                return Reply(text=t(lang, "status.refused.not_manager", user=user_id))
            return Reply(text=no_target_text(lang, user_id=user_id, own=False))
        refusal = may_read(actor, member)
        if refusal is not None:
            return Reply(text=refusal_text(lang, refusal))
        today = request.now.astimezone(
            member_zone(member, workspace, deps.settings.summit_tz)
        ).date()
        found = standings(session=session, workspace=workspace, member=member, today=today)
        upcoming = milestones(
            session=session,
            workspace_id=workspace.id,
            member_id=member.id,
            between=Period(today, today + MILESTONE_HORIZON),
            status="open",
        )
    if not found:
        return Reply(text=no_target_text(lang, user_id=user_id, own=own))
    return Reply(
        text=status_text(lang, user_id=user_id, own=own),
        blocks=build_status_blocks(
            lang,
            user_id=user_id,
            own=own,
            standings=found,
            milestone=upcoming[0] if upcoming else None,
        ),
    )
