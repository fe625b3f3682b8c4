"""`/target milestone` (里程碑): upcoming milestones; `milestone add DATE AMOUNT [@owner]
[title]` (添加) adds one, owned by the actor unless a manager names one of their reps."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.core.errors import PlanningError
from bot.core.money import format_amount
from bot.core.periods import Period
from bot.core.text import MAX_TITLE_CHARS, clip
from bot.i18n import t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.listeners.commands.team import VERBS
from bot.services.context import Actor
from bot.services.milestones import add_member_milestone, parse_milestone
from bot.services.teams import Refused, owner_for
from storage.members import list_members
from storage.milestones import milestones

if TYPE_CHECKING:
    from bot.app import Deps

HORIZON = timedelta(days=366)
MAX_LISTED = 20


def milestone_command(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    word, _, rest = request.line.rest.partition(" ")
    try:
        if not word:
            return _list(request, deps, actor)
        if VERBS.get(word.casefold()) != "add":
            return Reply(text=t(lang, "milestone.usage"))
        return _add(request, deps, actor, rest)
    except PlanningError as error:
        return Reply(text=error.message(lang))
    except Refused as refused:
        return Reply(text=refusal_text(lang, refused.refusal))


def _add(request: CommandRequest, deps: Deps, actor: Actor, text: str) -> Reply:
    lang = actor.lang
    command = parse_milestone(text, today=actor.today(request.now))
    store = store_of(deps)
    owner = owner_for(
        store=store,
        client=request.client,
        actor=actor,
        user_id=command.owner_id,
        now=request.now,
    )
    title = clip(command.title or t(lang, "milestone.default_title"), MAX_TITLE_CHARS)
    made = add_member_milestone(
        store=store, actor=actor, owner=owner, command=command, title=title.text, now=request.now
    )
    currency = command.amount.currency or actor.workspace.currency
    added = t(
        lang,
        "milestone.added",
        title=made.title,
        day=made.day.isoformat(),
        amount=format_amount(command.amount.amount, lang, currency),
        user=owner.slack_user_id,
    )
    if title.cut:
        added = f"{added}\n{t(lang, 'text.cut.title', limit=MAX_TITLE_CHARS)}"
    return Reply(text=added)


def _list(request: CommandRequest, deps: Deps, actor: Actor) -> Reply:
    """The actor's own upcoming milestones, and a manager's reps' as well."""
    lang = actor.lang
    today = actor.today(request.now)
    workspace = actor.workspace
    with store_of(deps).read() as session:
        found = milestones(
            session=session,
            workspace_id=workspace.id,
            between=Period(today, today + HORIZON),
            status="open",
        )
        members = {
            member.id: member for member in list_members(session=session, workspace_id=workspace.id)
        }
    visible = [
        milestone
        for milestone in found
        if milestone.member_id is not None
        and milestone.member_id in members
        and (
            milestone.member_id == actor.member.id
            or actor.is_admin
            or (actor.is_manager and members[milestone.member_id].manager_id == actor.member.id)
        )
    ]
    if not visible:
        return Reply(text=t(lang, "milestone.none"))
    lines = [t(lang, "milestone.title")]
    for milestone in visible[:MAX_LISTED]:
        amount = (
            format_amount(milestone.amount, lang, workspace.currency)
            if milestone.amount is not None
            else "—"
        )
        assert milestone.member_id is not None
        lines.append(
            t(
                lang,
                "milestone.line",
                day=milestone.day.isoformat(),
                title=milestone.title,
                amount=amount,
                user=members[milestone.member_id].slack_user_id,
            )
        )
    if len(visible) > MAX_LISTED:
        lines.append(t(lang, "set.more", count=len(visible) - MAX_LISTED))
    return Reply(text="\n".join(lines))
