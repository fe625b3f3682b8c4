"""`message` events: free-text check-ins, their edits and deletions, and review-thread answers.

What counts as a check-in: a message in the bot's DM, or a reply in the thread of a daily prompt
(it counts for the prompt's day; a DM outside a prompt thread counts for the writer's local
today). Replies in a weekly review thread are kept as review answers, each acknowledged with
a reaction once kept. Everything else (bots, the bot itself, channel chatter) is ignored.

Each message is one entry, keyed by its channel and ts, so an edit finds the entry it changes
and a deletion the entry it removes. The event is recorded as processed in the same transaction
as the entry, so a retried delivery never counts twice. The confirmation is posted after that
transaction commits: Bolt acknowledges an event before its listener runs, so Slack would not retry
a delivery whose confirmation failed, and a check-in must not be lost with its confirmation. Nor
is SQLite's write lock held across a call to Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.core.errors import PlanningError
from bot.i18n import t
from bot.services.actuals import (
    EntryRefused,
    check_day,
    delete_entry,
    edit_entry,
    find_entry,
    outlook,
    read_entry,
    record_entry,
)
from bot.services.context import Actor, read_requester, resolve_actor
from bot.views.log import build_entry_text, build_unchanged_text
from storage.actuals import actual_by_key
from storage.checkins import (
    add_review_answer,
    check_in_by_message,
    edit_review_answer,
    remove_review_answer,
    review_by_thread,
)
from storage.events import record_event
from storage.members import get_member
from storage.records import CheckInRecord, ReviewRecord
from storage.store import Store

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)

# Plain messages, and the kinds that are still a person writing in the conversation.
_WRITTEN: Final = frozenset({None, "thread_broadcast", "file_share"})
REVIEW_KEPT: Final = "memo"  # the reaction on a review answer that was kept


def message_key(channel: str, ts: str) -> str:
    """The entry key of a Slack message: a ts is unique within its conversation."""
    return f"msg:{channel}:{ts}"


@dataclass(frozen=True)
class _Delivery:
    """One event delivery: where it came from, and what the listener needs to act on it."""

    deps: Deps
    store: Store
    client: WebClient
    team_id: str
    event_id: str
    now: datetime

    def actor(self, user_id: str) -> Actor:
        # One read for both the answer's language and who is writing.
        known = read_requester(self.store, self.team_id, user_id)
        lang = self.deps.languages.lang_for(
            self.client, user_id, now=self.now, team_id=self.team_id, workspace=known.workspace
        )
        return resolve_actor(
            store=self.store,
            client=self.client,
            team_id=self.team_id,
            user_id=user_id,
            now=self.now,
            lang=lang,
            settings=self.deps.settings,
            known=known,
        )

    def once(
        self, work: Callable[[Session], str | None], *, channel: str, thread: str | None
    ) -> None:
        """Do `work` (with the event recorded as processed, in one transaction) unless this
        event was handled already, then post what it says (see the module doc)."""
        with self.store.session() as session:
            if not record_event(
                session=session, workspace_id=self.team_id, event_id=self.event_id, now=self.now
            ):
                return  # a concurrent delivery of the same event got here first
            text = work(session)
        if text is None:
            return
        try:
            self.client.chat_postMessage(channel=channel, thread_ts=thread, text=text)
        except SlackApiError as error:
            log.warning(
                "could not confirm event %s: %s", self.event_id, error.response.get("error")
            )
        except (SlackClientError, OSError) as error:
            log.warning("could not confirm event %s: %s", self.event_id, type(error).__name__)


@dataclass(frozen=True)
class _Written:
    """A message as a person wrote it (new, or the new version of an edited one)."""

    user: str
    channel: str
    channel_type: str | None
    ts: str
    thread_ts: str | None
    text: str

    @classmethod
    def of(cls, message: dict[str, Any], channel: str, channel_type: str | None) -> _Written | None:
        user = message.get("user")
        ts = message.get("ts")
        if not user or not ts or message.get("bot_id") or message.get("subtype") not in _WRITTEN:
            return None
        thread_ts = message.get("thread_ts")
        return cls(
            user=user,
            channel=channel,
            channel_type=channel_type,
            ts=ts,
            thread_ts=thread_ts if thread_ts and thread_ts != ts else None,
            text=message.get("text") or "",
        )

    @property
    def key(self) -> str:
        return message_key(self.channel, self.ts)

    @property
    def reply_thread(self) -> str:
        return self.thread_ts or self.ts


def build_message_listener(deps: Deps) -> Callable[..., None]:
    def message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        team_id = body.get("team_id") or event.get("team")
        event_id = body.get("event_id")
        if deps.store is None or not team_id or not event_id:
            return
        delivery = _Delivery(deps, deps.store, client, team_id, event_id, deps.clock())
        subtype = event.get("subtype")
        channel = event.get("channel") or ""
        if subtype == "message_changed":
            _edited(delivery, event, channel)
        elif subtype == "message_deleted":
            _deleted(delivery, event, channel)
        else:
            written = _Written.of(event, channel, event.get("channel_type"))
            if written is not None:
                _new(delivery, written)

    return message


def _thread_of(
    delivery: _Delivery, written: _Written
) -> tuple[CheckInRecord | None, ReviewRecord | None]:
    """The daily prompt or weekly review whose thread the message is in, if any."""
    if written.thread_ts is None:
        return None, None
    with delivery.store.read() as session:
        prompt = check_in_by_message(
            session=session,
            workspace_id=delivery.team_id,
            channel_id=written.channel,
            message_ts=written.thread_ts,
        )
        review = (
            None
            if prompt
            else review_by_thread(
                session=session,
                workspace_id=delivery.team_id,
                channel_id=written.channel,
                thread_ts=written.thread_ts,
            )
        )
    return prompt, review


def _new(delivery: _Delivery, written: _Written) -> None:
    prompt, review = _thread_of(delivery, written)
    if review is not None:
        _review_answer(delivery, written, review)
        return
    if written.channel_type != "im" and prompt is None:
        return  # channel chatter, not addressed to Summit
    actor = delivery.actor(written.user)
    if prompt is not None and prompt.member_id != actor.member.id:
        return  # someone else's prompt: not theirs to answer
    _check_in(delivery, actor, written, default_day=prompt.day if prompt else None)


def _check_in(
    delivery: _Delivery, actor: Actor, written: _Written, *, default_day: date | None
) -> None:
    lang = actor.lang
    today = actor.today(delivery.now)

    def work(session: Session) -> str:
        try:
            day, reading = read_entry(written.text, today=today, default=default_day)
            check_day(session=session, actor=actor, day=day, today=today)
        except PlanningError as error:
            return t(lang, "checkin.unreadable", reason=error.message(lang))
        except EntryRefused as refused:
            return t(lang, refused.key, **refused.params)
        result = record_entry(
            session=session,
            actor=actor,
            day=day,
            today=today,
            reading=reading,
            key=written.key,
            source="checkin",
            now=delivery.now,
        )
        return build_entry_text("recorded" if result.changed else "already", result, lang)

    delivery.once(work, channel=written.channel, thread=written.reply_thread)


def _review_answer(
    delivery: _Delivery, written: _Written, review: ReviewRecord, *, edited: bool = False
) -> None:
    """Keep a reply in a review thread as its writer's answer; an edited reply rewrites the
    answer it was kept as (or is kept now, if it was not)."""
    actor = delivery.actor(written.user)
    kept: list[bool] = []

    def work(session: Session) -> None:
        if edited and edit_review_answer(
            session=session,
            workspace_id=delivery.team_id,
            review_id=review.id,
            message_ts=written.ts,
            text=written.text,
            actor=written.user,
            now=delivery.now,
        ):
            return
        kept.append(
            add_review_answer(
                session=session,
                workspace_id=delivery.team_id,
                review_id=review.id,
                member_id=actor.member.id,
                event_id=delivery.event_id,
                text=written.text,
                actor=written.user,
                now=delivery.now,
                message_ts=written.ts,
            )
        )

    delivery.once(work, channel=written.channel, thread=None)
    if any(kept):
        _acknowledge(delivery.client, written)


def _acknowledge(client: WebClient, written: _Written) -> None:
    """A reaction on the answer says it was kept, without a reply in the team's thread. Only
    after the answer is committed, and a failure is only logged: the answer is what matters."""
    try:
        client.reactions_add(channel=written.channel, timestamp=written.ts, name=REVIEW_KEPT)
    except SlackApiError as error:
        if error.response.get("error") != "already_reacted":
            log.warning("could not react to a review answer: %s", error.response.get("error"))
    except (SlackClientError, OSError) as error:
        log.warning("could not react to a review answer: %s", type(error).__name__)


def _edited(delivery: _Delivery, event: dict[str, Any], channel: str) -> None:
    written = _Written.of(event.get("message") or {}, channel, event.get("channel_type"))
    previous = event.get("previous_message") or {}
    if written is None or previous.get("text") == written.text:
        return  # not a change of text (an unfurl, a reply count, a pin)
    _, review = _thread_of(delivery, written)
    if review is not None:
        _review_answer(delivery, written, review, edited=True)
        return
    with delivery.store.read() as session:
        existing = actual_by_key(
            session=session, workspace_id=delivery.team_id, idempotency_key=written.key
        )
    if existing is None:
        # Nothing was recorded for it (unreadable then, or never a check-in): read it afresh.
        _new(delivery, written)
        return
    if existing.deleted_at is not None:
        return
    actor = delivery.actor(written.user)
    lang = actor.lang
    today = actor.today(delivery.now)

    def work(session: Session) -> str | None:
        entry = find_entry(session=session, actor=actor, key=written.key)
        if entry is None or entry.deleted_at is not None:
            return None
        try:
            day, reading = read_entry(written.text, today=today, default=entry.day)
            check_day(session=session, actor=actor, day=day, today=today)
        except PlanningError as error:
            reason = error.message(lang)
        except EntryRefused as refused:
            reason = t(lang, refused.key, **refused.params)
        else:
            result = edit_entry(
                session=session,
                actor=actor,
                entry=entry,
                reading=reading,
                day=day,
                today=today,
                now=delivery.now,
            )
            return build_entry_text("edited", result, lang)
        standing = outlook(session=session, actor=actor, today=today)
        return build_unchanged_text(entry, standing, lang, reason=reason)

    delivery.once(work, channel=channel, thread=written.reply_thread)


def _deleted(delivery: _Delivery, event: dict[str, Any], channel: str) -> None:
    deleted_ts = event.get("deleted_ts")
    if not deleted_ts:
        return
    previous = event.get("previous_message") or {}
    if _review_reply_deleted(delivery, channel, deleted_ts, previous):
        return
    with delivery.store.read() as session:
        existing = actual_by_key(
            session=session,
            workspace_id=delivery.team_id,
            idempotency_key=message_key(channel, deleted_ts),
        )
        member = (
            get_member(session=session, workspace_id=delivery.team_id, member_id=existing.member_id)
            if existing is not None
            else None
        )
    if existing is None or existing.deleted_at is not None or member is None:
        return
    actor = delivery.actor(member.slack_user_id)
    today = actor.today(delivery.now)

    def work(session: Session) -> str | None:
        entry = find_entry(session=session, actor=actor, key=message_key(channel, deleted_ts))
        if entry is None or entry.deleted_at is not None:
            return None
        result = delete_entry(
            session=session, actor=actor, entry=entry, today=today, now=delivery.now
        )
        return build_entry_text("deleted", result, actor.lang)

    # A deleted reply is answered in its thread; a deleted top-level message in the
    # conversation itself, as its own thread may be gone with it.
    thread_ts = previous.get("thread_ts")
    delivery.once(work, channel=channel, thread=thread_ts if thread_ts != deleted_ts else None)


def _review_reply_deleted(
    delivery: _Delivery, channel: str, deleted_ts: str, previous: dict[str, Any]
) -> bool:
    """A deleted reply in a review thread takes its answer with it; False when the message was
    not in a review thread."""
    thread_ts = previous.get("thread_ts")
    if not thread_ts or thread_ts == deleted_ts:
        return False
    with delivery.store.read() as session:
        review = review_by_thread(
            session=session, workspace_id=delivery.team_id, channel_id=channel, thread_ts=thread_ts
        )
    if review is None:
        return False

    def work(session: Session) -> None:
        remove_review_answer(
            session=session,
            workspace_id=delivery.team_id,
            review_id=review.id,
            message_ts=deleted_ts,
            actor=str(previous.get("user") or "slack"),
            now=delivery.now,
        )

    delivery.once(work, channel=channel, thread=None)
    return True
