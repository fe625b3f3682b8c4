"""`/target manager add @user` (经理 添加): an admin makes a member a manager.

Only admins may: a manager can read their reps' numbers, so who becomes one stays the workspace
admins' decision (a manager making more managers could widen who sees whose numbers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.listeners.commands.team import VERBS
from bot.services.context import UnusableUserError, ensure_members
from bot.services.targets import BROADCAST, MENTION
from bot.services.teams import Refused, make_manager

if TYPE_CHECKING:
    from bot.app import Deps


def manager_command(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    word, _, rest = request.line.rest.partition(" ")
    user_ids = list(dict.fromkeys(MENTION.findall(rest)))
    if VERBS.get(word.casefold()) != "add" or BROADCAST.search(rest) or len(user_ids) != 1:
        return Reply(text=t(lang, "manager.usage"))
    if not actor.is_admin:
        return Reply(text=t(lang, "manager.refused.not_admin"))
    try:
        found = ensure_members(
            store=store_of(deps),
            client=request.client,
            workspace_id=actor.workspace.id,
            slack_user_ids=user_ids,
            now=request.now,
            actor=actor.member.slack_user_id,
        )
    except UnusableUserError as error:
        return Reply(text=t(lang, f"set.user.{error.reason}", user=error.user_id))
    member = found[user_ids[0]]
    if member.role == "manager":
        return Reply(text=t(lang, "manager.already", user=member.slack_user_id))
    try:
        made = make_manager(store=store_of(deps), actor=actor, member=member, now=request.now)
    except Refused as refused:
        return Reply(text=refusal_text(lang, refused.refusal))
    return Reply(text=t(lang, "manager.done", user=made.slack_user_id))
