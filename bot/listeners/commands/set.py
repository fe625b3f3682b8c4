"""`/target set AMOUNT PERIOD [@user ...] [each|split]` (设定/设置)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.core.errors import PlanningError
from bot.core.money import format_amount
from bot.i18n import Lang, t
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.authz import Refusal
from bot.services.context import (
    Actor,
    MentionedUsers,
    UnusableUserError,
    look_up_members,
    member_zone,
    profiles_for,
    resolve_actor,
)
from bot.services.plans import calendar_for
from bot.services.targets import (
    MentionError,
    SetCommand,
    SetOutcome,
    apply_set,
    encode_pending,
    parse_set,
)
from bot.views.confirm import Replacement, build_replace_blocks, replace_text
from bot.views.plan import OwnerPlan, build_set_blocks, set_text
from storage.store import Store

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)


def store_of(deps: Deps) -> Store:
    if deps.store is None:
        raise RuntimeError("this app was built without a goal store")
    return deps.store


def actor_of(request: CommandRequest, deps: Deps) -> Actor:
    if not request.team_id:
        raise RuntimeError("a command without a team_id")
    return resolve_actor(
        store=store_of(deps),
        client=request.client,
        team_id=request.team_id,
        user_id=request.user_id,
        now=request.now,
        lang=request.lang,
        settings=deps.settings,
        known=request.known,
    )


def refusal_text(lang: Lang, refusal: Refusal) -> str:
    return t(lang, refusal.key, **refusal.params)


def set_target(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    try:
        command = parse_set(request.line.rest, today=actor.today(request.now))
    except PlanningError as error:
        return Reply(text=error.message(lang))
    except MentionError as error:
        return Reply(text=t(lang, f"set.mention.{error.kind}", text=error.text))
    return carry_out(
        actor=actor, command=command, deps=deps, client=request.client, now=request.now
    )


def carry_out(
    *,
    actor: Actor,
    command: SetCommand,
    deps: Deps,
    client: WebClient,
    now: datetime,
    confirmed: bool = False,
) -> Reply:
    """Resolve the owners, check, write (or ask first), tell the reps: the reply to show.

    Slack is asked about the mentioned users before the one write transaction opens, and the
    reply is built after it has closed, so the store's write lock is held for the writes only."""
    lang = actor.lang
    store = store_of(deps)
    mentioned: MentionedUsers | None = None
    if command.user_ids:
        try:
            mentioned = look_up_members(
                client=client,
                workspace_id=actor.workspace.id,
                slack_user_ids=command.user_ids,
                profiles=profiles_for(store),
                now=now,
            )
        except UnusableUserError as error:
            return Reply(text=t(lang, f"set.user.{error.reason}", user=error.user_id))
    try:
        outcome = apply_set(
            store=store,
            actor=actor,
            command=command,
            mentioned=mentioned,
            now=now,
            confirmed=confirmed,
        )
    except PlanningError as error:  # e.g. a period without a single working day
        return Reply(text=error.message(lang))
    if outcome.refusal is not None:
        return Reply(text=refusal_text(lang, outcome.refusal))
    if outcome.to_replace:
        return _ask_to_replace(lang, command, outcome, actor.workspace.currency)
    done = _done(actor, command, outcome, now)
    return replace(done, after=lambda: _tell_reps(actor, command, outcome, deps, client, now))


def _ask_to_replace(
    lang: Lang, command: SetCommand, outcome: SetOutcome, workspace_currency: str
) -> Reply:
    replacements = [
        Replacement(member.slack_user_id, old.amount.amount, old.amount.currency, old.set_by)
        for member, old in outcome.to_replace
    ]
    # As set_target will store it: the currency typed, else the workspace's.
    amount, currency = command.amount.amount, command.amount.currency or workspace_currency
    return Reply(
        text=replace_text(lang, amount=amount, currency=currency, period=command.period),
        blocks=build_replace_blocks(
            lang,
            replacements=replacements,
            amount=amount,
            currency=currency,
            period=command.period,
            value=encode_pending(command),
        ),
    )


def _owner_plans(outcome: SetOutcome) -> list[OwnerPlan]:
    return [
        OwnerPlan(
            user_id=a.member.slack_user_id,
            amount=a.target.amount.amount,
            plan=a.plan,
            replaced=a.replaced is not None,
            actions=a.actions,
        )
        for a in outcome.assigned
    ]


def _done(actor: Actor, command: SetCommand, outcome: SetOutcome, now: datetime) -> Reply:
    lang = actor.lang
    owners = _owner_plans(outcome)
    currency = outcome.assigned[0].target.amount.currency
    total, period, mode = command.amount.amount, command.period, command.mode
    return Reply(
        text=set_text(
            lang, owners=owners, period=period, total=total, currency=currency, mode=mode
        ),
        blocks=build_set_blocks(
            lang,
            owners=owners,
            period=period,
            total=total,
            currency=currency,
            mode=mode,
            mode_given=command.mode_given,
            calendar=calendar_for(actor.workspace),
            today=actor.today(now),
        ),
    )


def _tell_reps(
    actor: Actor,
    command: SetCommand,
    outcome: SetOutcome,
    deps: Deps,
    client: WebClient,
    now: datetime,
) -> None:
    """A DM to each rep whose target someone else set, in the rep's language. A DM that cannot
    be delivered is logged; the targets stand."""
    calendar = calendar_for(actor.workspace)
    for assigned in outcome.assigned:
        member = assigned.member
        if member.id == actor.member.id:
            continue
        # The member was looked up in Slack for this very command: their locale is fresh.
        lang = deps.languages.lang_for(
            client,
            member.slack_user_id,
            now=now,
            team_id=actor.workspace.id,
            locale=member.locale,
            workspace=actor.workspace,
        )
        owner = _owner_plans(SetOutcome(assigned=(assigned,)))
        currency = assigned.target.amount.currency
        text = t(
            lang,
            "set.dm",
            manager=actor.member.display_name or f"<@{actor.member.slack_user_id}>",
            amount=format_amount(assigned.target.amount.amount, lang, currency),
            period=command.period.label or f"{command.period.start}..{command.period.end}",
        )
        blocks = build_set_blocks(
            lang,
            owners=owner,
            period=command.period,
            total=assigned.target.amount.amount,
            currency=currency,
            mode="each",
            mode_given=True,
            calendar=calendar,
            # The rep's own today: Alice in New York is still on Tuesday when her Shanghai
            # manager's Wednesday begins.
            today=now.astimezone(
                member_zone(member, actor.workspace, deps.settings.summit_tz)
            ).date(),
        )
        blocks[0] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
        try:
            client.chat_postMessage(channel=member.slack_user_id, text=text, blocks=blocks)
        except SlackClientError:
            log.exception("could not tell %s about their new target", member.slack_user_id)
