"""Submissions of the prompt's modals: log a result, mark a day away, ask the manager for help.

A submission Slack should not close (a figure that cannot be read, a day that cannot be logged)
is answered with `response_action: errors` beside the field, in the user's language with an
example, and nothing is written. Otherwise the work is done, the modal closes, and the answer
goes to the prompt's thread (or the rep's DM when the prompt is not known).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.checkin import CheckIn
from bot.core.errors import PlanningError
from bot.core.money import parse_amount
from bot.core.rebalance import rebalance
from bot.i18n import Lang, t
from bot.listeners.commands.set import store_of
from bot.services.actuals import EntryRefused, check_day, record_entry
from bot.services.context import Actor, resolve_actor
from bot.services.plans import Standing, standings, write_plan
from bot.views.log import Change, build_entry_text
from bot.views.modals import (
    AMOUNT_BLOCK,
    AWAY_VIEW,
    CALLS_BLOCK,
    HELP_BLOCK,
    HELP_VIEW,
    INPUT_ACTION,
    LOG_VIEW,
    MAX_COUNT_INPUT,
    MAX_HELP_CHARS,
    MAX_NOTE_CHARS,
    NOTE_BLOCK,
    REASON_BLOCK,
    VISITS_BLOCK,
    PromptRef,
    build_away_text,
    build_help_request_text,
    build_notice_modal,
)
from storage.members import get_member
from storage.milestones import set_away
from storage.records import Owner
from storage.targets import active_targets

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)

ZERO = Decimal("0.00")
Values = Mapping[str, Mapping[str, Mapping[str, Any]]]


def register(app: App, deps: Deps) -> None:
    app.view(LOG_VIEW)(build_log_listener(deps))
    app.view(AWAY_VIEW)(build_away_listener(deps))
    app.view(HELP_VIEW)(build_help_listener(deps))


@dataclass(frozen=True)
class _Submission:
    """Who submitted which modal, opened from which prompt, and when."""

    user_id: str
    team_id: str
    view_id: str
    prompt: PromptRef
    values: Values
    lang: Lang
    now: datetime

    def actor(self, deps: Deps, client: WebClient) -> Actor:
        return resolve_actor(
            store=store_of(deps),
            client=client,
            team_id=self.team_id,
            user_id=self.user_id,
            now=self.now,
            lang=self.lang,
            settings=deps.settings,
        )


def _submission(deps: Deps, body: dict[str, Any], client: WebClient) -> _Submission:
    user_id = body["user"]["id"]
    team_id = (body.get("team") or {}).get("id") or body["user"].get("team_id")
    if not team_id:
        raise RuntimeError("a view submission without a team")
    view = body["view"]
    now = deps.clock()
    return _Submission(
        user_id=user_id,
        team_id=team_id,
        view_id=view["id"],
        prompt=PromptRef.decode(view.get("private_metadata") or ""),
        values=(view.get("state") or {}).get("values") or {},
        lang=deps.languages.lang_for(client, user_id, now=now, team_id=team_id),
        now=now,
    )


# -- Log result ----------------------------------------------------------------------------------


def read_log_form(values: Values, lang: Lang) -> CheckIn | dict[str, str]:
    """The figures of a Log result submission, or each bad field's error (block_id -> text)."""
    errors: dict[str, str] = {}
    amount = ZERO
    currency = None
    try:
        money = parse_amount(_text(values, AMOUNT_BLOCK), allow_zero=True)
        amount, currency = money.amount, money.currency
    except PlanningError as error:
        errors[AMOUNT_BLOCK] = error.message(lang)
    counts: dict[str, int] = {}
    for block in (VISITS_BLOCK, CALLS_BLOCK):
        written = _text(values, block)
        try:
            counts[block] = int(written) if written else 0
        except ValueError:
            counts[block] = -1
        if not 0 <= counts[block] <= MAX_COUNT_INPUT:
            errors[block] = t(lang, "modal.log.count_invalid", max=MAX_COUNT_INPUT)
    if errors:
        return errors
    return CheckIn(
        amount=amount,
        visits=counts[VISITS_BLOCK],
        calls=counts[CALLS_BLOCK],
        currency=currency,
        note=_text(values, NOTE_BLOCK),
    )


def build_log_listener(deps: Deps) -> Callable[..., None]:
    def log_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        sent = _submission(deps, body, client)
        reading = read_log_form(sent.values, sent.lang)
        if not isinstance(reading, CheckIn):
            ack(response_action="errors", errors=reading)
            return
        actor = sent.actor(deps, client)
        today = actor.today(sent.now)
        try:
            with store_of(deps).session() as session:
                check_day(session=session, actor=actor, day=sent.prompt.day, today=today)
                result = record_entry(
                    session=session,
                    actor=actor,
                    day=sent.prompt.day,
                    today=today,
                    reading=reading,
                    # One entry per modal: a resubmitted or retried view records nothing new.
                    key=f"view:{sent.view_id}",
                    source="button",
                    now=sent.now,
                )
        except EntryRefused as refused:
            ack(
                response_action="errors",
                errors={AMOUNT_BLOCK: t(actor.lang, refused.key, **refused.params)},
            )
            return
        ack()
        change: Change = "recorded" if result.changed else "already"
        _answer(client, sent, build_entry_text(change, result, actor.lang))

    return log_submitted


# -- Away today ----------------------------------------------------------------------------------


def build_away_listener(deps: Deps) -> Callable[..., None]:
    def away_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        sent = _submission(deps, body, client)
        reason = _text(sent.values, REASON_BLOCK) or None
        actor = sent.actor(deps, client)
        today = actor.today(sent.now)
        day = sent.prompt.day
        workspace, member = actor.workspace, actor.member
        try:
            with store_of(deps).session() as session:
                added = set_away(
                    session=session,
                    workspace_id=workspace.id,
                    member_id=member.id,
                    days=[day],
                    actor=member.slack_user_id,
                    now=sent.now,
                    reason=reason,
                )
                for target in active_targets(
                    session=session,
                    workspace_id=workspace.id,
                    owner=Owner.member(member.id),
                    on=day,
                ):
                    if target.dimension is None:  # splits are views of the same money
                        write_plan(
                            session=session,
                            workspace=workspace,
                            target=target,
                            member_id=member.id,
                            now=sent.now,
                            actor=member.slack_user_id,
                        )
                found = standings(session=session, workspace=workspace, member=member, today=today)
        except PlanningError as error:
            # A target whose only working day this was cannot lose it; nothing was written.
            ack(response_action="errors", errors={REASON_BLOCK: error.message(actor.lang)})
            return
        ack()
        standing = found[0] if found else None
        next_day, next_amount = _next_working_day(standing, after=day, today=today)
        text = build_away_text(
            actor.lang,
            day=day,
            added=bool(added),
            next_day=next_day,
            next_amount=next_amount,
            standing=standing,
        )
        _answer(client, sent, text)

    return away_submitted


def _next_working_day(
    standing: Standing | None, *, after: date, today: date
) -> tuple[date | None, Decimal]:
    """The first working day of the plan after the away day (today at the earliest), and what it
    asks for with any shortfall so far spread in."""
    if standing is None:
        return None, ZERO
    days = standing.plan.days
    next_day = next((day for day in days if day > after and day >= today), None)
    if next_day is None:
        return None, ZERO
    spread = rebalance(days, standing.actuals, today=next_day)
    return next_day, spread.days.get(next_day, ZERO)


# -- Need help -----------------------------------------------------------------------------------


def build_help_listener(deps: Deps) -> Callable[..., None]:
    def help_submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        sent = _submission(deps, body, client)
        request = _text(sent.values, HELP_BLOCK)
        if not request:
            ack(response_action="errors", errors={HELP_BLOCK: t(sent.lang, "modal.help.empty")})
            return
        actor = sent.actor(deps, client)
        lang = actor.lang
        with store_of(deps).read() as session:
            manager_id = actor.member.manager_id
            manager = (
                get_member(session=session, workspace_id=actor.workspace.id, member_id=manager_id)
                if manager_id is not None
                else None
            )
            found = standings(
                session=session,
                workspace=actor.workspace,
                member=actor.member,
                today=actor.today(sent.now),
            )
        if manager is None or not manager.active:
            notice = build_notice_modal(
                lang, t(lang, "modal.help.title"), t(lang, "needhelp.no_manager")
            )
            ack(response_action="update", view=notice)
            return
        ack()
        manager_lang = deps.languages.lang_for(
            client, manager.slack_user_id, now=sent.now, team_id=sent.team_id
        )
        client.chat_postMessage(
            channel=manager.slack_user_id,
            text=build_help_request_text(
                manager_lang,
                user_id=actor.member.slack_user_id,
                day=sent.prompt.day,
                request=request,
                standing=found[0] if found else None,
            ),
        )
        _answer(client, sent, t(lang, "needhelp.sent", manager=manager.slack_user_id))

    return help_submitted


# -- shared --------------------------------------------------------------------------------------


# Slack's UI holds each input to its max_length (bot.views.modals); a client that does not is cut
# to the same length here rather than overflowing a column or a message.
_MAX_CHARS: Mapping[str, int] = {
    NOTE_BLOCK: MAX_NOTE_CHARS,
    REASON_BLOCK: 200,  # AwayDay.reason's column
    HELP_BLOCK: MAX_HELP_CHARS,
}
_MAX_INPUT_CHARS = 3000  # Slack's largest max_length for a plain_text_input


def _text(values: Values, block_id: str) -> str:
    """An input's value, stripped and cut to its input's length; empty when left blank."""
    value = (values.get(block_id) or {}).get(INPUT_ACTION, {}).get("value")
    if not isinstance(value, str):
        return ""
    return value.strip()[: _MAX_CHARS.get(block_id, _MAX_INPUT_CHARS)].rstrip()


def _answer(client: WebClient, sent: _Submission, text: str) -> None:
    """In the prompt's thread when the modal came from one, else in the rep's DM."""
    prompt = sent.prompt
    if prompt.channel and prompt.ts:
        client.chat_postMessage(channel=prompt.channel, thread_ts=prompt.ts, text=text)
    else:
        client.chat_postMessage(channel=sent.user_id, text=text)
