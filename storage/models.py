"""The tables. Alembic (storage/migrations) is the only thing that creates or changes them.

Conventions, so each table reads the same way:
- every table holding a workspace's data has `workspace_id` (the Slack team id) and every query
  filters on it (see storage/scope.py);
- money is a BigInteger of minor units (`*_minor`, see storage/types.py), never Numeric or float;
- instants are `UTCDateTime`; the local day something counts for is a plain `Date`;
- closed vocabularies (roles, statuses, sources) are strings guarded by CHECK constraints, which
  keeps migrations free of database enum types.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

# Every constraint gets a predictable name: Alembic's SQLite batch mode cannot alter unnamed ones.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

JSONDict = MutableDict.as_mutable(JSON)  # in-place edits of the dict are saved too

ROLES = ("rep", "manager", "admin")
OWNER_KINDS = ("member", "team", "workspace")
ACTUAL_SOURCES = ("slash", "checkin", "button", "import", "cli")
CHECK_IN_KINDS = ("morning", "evening")
MILESTONE_STATUSES = ("open", "met", "missed", "cancelled")
OUTBOX_STATUSES = ("claimed", "sent", "failed", "skipped")


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


def _workspace_fk(*, index: bool = False) -> Any:
    # Most tables lead a composite index or unique key with workspace_id and need no extra one.
    return Field(foreign_key="workspace.id", ondelete="CASCADE", sa_type=String(32), index=index)


class StoreModel(SQLModel, registry=registry(metadata=metadata)):
    """Base of every Summit table: our own MetaData, so the naming convention is ours alone."""


class Workspace(StoreModel, table=True):
    """One Slack workspace (team) that installed Summit, with its admin settings."""

    id: str = Field(primary_key=True, sa_type=String(32))  # Slack team id, e.g. T0123ABCD
    name: str = Field(sa_type=String(200))
    calendar: str = Field(default="cn", sa_type=String(16))
    currency: str = Field(default="CNY", sa_type=String(3))
    language: str = Field(default="auto", sa_type=String(16))  # or en, zh-Hans, zh-Hant
    tz: str = Field(default="Asia/Shanghai", sa_type=String(64))
    daily_prompt_at: time = Field(default=time(9, 0))
    evening_checkin_at: time = Field(default=time(18, 0))
    weekly_review_day: int = Field(default=4)  # Monday is 0; Friday by default
    weekly_review_at: time = Field(default=time(17, 0))
    bot_token_encrypted: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (
        CheckConstraint("weekly_review_day BETWEEN 0 AND 6", name="weekly_review_day"),
    )


class Member(StoreModel, table=True):
    """A person in a workspace, known by their Slack user id."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    slack_user_id: str = Field(sa_type=String(32))
    display_name: str = Field(default="", sa_type=String(200))
    tz: str | None = Field(default=None, sa_type=String(64))  # None: the workspace's
    locale: str | None = Field(default=None, sa_type=String(16))
    role: str = Field(default="rep", sa_type=String(16))
    manager_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (
        UniqueConstraint("workspace_id", "slack_user_id"),
        _one_of("role", ROLES, "role"),
    )


class Team(StoreModel, table=True):
    """A named group of members with a manager and a channel for reviews and summaries."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    name: str = Field(sa_type=String(200))
    channel_id: str | None = Field(default=None, sa_type=String(32))
    manager_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    created_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (UniqueConstraint("workspace_id", "name"),)


class TeamMember(StoreModel, table=True):
    """Membership of a member in a team."""

    __tablename__ = "team_member"

    team_id: int = Field(primary_key=True, foreign_key="team.id", ondelete="CASCADE")
    member_id: int = Field(
        primary_key=True, foreign_key="member.id", ondelete="CASCADE", index=True
    )
    workspace_id: str = _workspace_fk()  # lookups come by team (the key) or by member


class Target(StoreModel, table=True):
    """An amount to reach over a period by a rep, a team or the whole workspace.

    Replacing a target never deletes it: the old row gets `superseded_by`/`superseded_at` and the
    active target is the one without them.
    """

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    owner_kind: str = Field(sa_type=String(16))
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    amount_minor: int = Field(sa_type=BigInteger)
    currency: str = Field(sa_type=String(3))
    period_start: date
    period_end: date
    period_label: str = Field(default="", sa_type=String(64))
    weighting: str = Field(default="even", sa_type=String(32))
    dimension: str | None = Field(default=None, sa_type=String(32))  # region, channel, ...
    part: str | None = Field(default=None, sa_type=String(200))  # e.g. 华东 within region
    parent_id: int | None = Field(default=None, foreign_key="target.id", ondelete="SET NULL")
    metrics: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDict)
    plan_version: int = Field(default=0)
    set_by: str = Field(sa_type=String(32))
    set_at: datetime = Field(sa_type=UTCDateTime)
    superseded_by: int | None = Field(default=None, foreign_key="target.id", ondelete="SET NULL")
    superseded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __table_args__ = (
        _one_of("owner_kind", OWNER_KINDS, "owner_kind"),
        CheckConstraint(
            "(owner_kind = 'member' AND member_id IS NOT NULL AND team_id IS NULL)"
            " OR (owner_kind = 'team' AND team_id IS NOT NULL AND member_id IS NULL)"
            " OR (owner_kind = 'workspace' AND member_id IS NULL AND team_id IS NULL)",
            name="owner",
        ),
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("amount_minor >= 0", name="amount"),
        Index("ix_target_active_member", "workspace_id", "member_id", "superseded_at"),
    )


class PlanDay(StoreModel, table=True):
    """One working day of a target's plan: the amount due and the actions behind it."""

    __tablename__ = "plan_day"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    target_id: int = Field(foreign_key="target.id", ondelete="CASCADE")
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    day: date
    amount_minor: int = Field(sa_type=BigInteger)
    actions: dict[str, Any] = Field(default_factory=dict, sa_type=JSONDict)
    plan_version: int

    __table_args__ = (
        UniqueConstraint("target_id", "day"),
        # member_id is unique across workspaces: a workspace_id prefix would add nothing here,
        # and it tempted PostgreSQL into scanning a whole workspace for `target_id = ...`.
        Index("ix_plan_day_member_day", "member_id", "day"),
    )


class ActualEntry(StoreModel, table=True):
    """What a rep reported winning or doing, for the local day it counts for.

    `idempotency_key` is the Slack event or message id (or an import row's key): a retried event
    finds its entry instead of logging it twice. Edits stamp `edited_at`; deletes are soft.
    """

    __tablename__ = "actual_entry"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    day: date
    amount_minor: int = Field(default=0, sa_type=BigInteger)
    visits: int = Field(default=0)
    calls: int = Field(default=0)
    deals: int = Field(default=0)
    proposals: int = Field(default=0)
    new_customers: int = Field(default=0)
    collections_minor: int = Field(default=0, sa_type=BigInteger)  # money collected (回款)
    note: str | None = Field(default=None, sa_type=Text)
    source: str = Field(sa_type=String(16))
    idempotency_key: str = Field(sa_type=String(200))
    created_by: str = Field(sa_type=String(32))
    created_at: datetime = Field(sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __table_args__ = (
        UniqueConstraint("workspace_id", "idempotency_key"),
        _one_of("source", ACTUAL_SOURCES, "source"),
        Index("ix_actual_entry_member_day", "member_id", "day"),
    )


class CheckIn(StoreModel, table=True):
    """A morning plan or evening check-in message posted to a rep for a day."""

    __tablename__ = "check_in"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    day: date
    kind: str = Field(sa_type=String(16))
    channel_id: str = Field(sa_type=String(32))
    message_ts: str = Field(sa_type=String(32))
    created_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (
        UniqueConstraint("workspace_id", "member_id", "day", "kind"),
        _one_of("kind", CHECK_IN_KINDS, "kind"),
    )


class CheckInReply(StoreModel, table=True):
    """A rep's reply in a check-in thread, and the actual entry it was read as, if any."""

    __tablename__ = "check_in_reply"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk(index=True)
    check_in_id: int = Field(foreign_key="check_in.id", ondelete="CASCADE")
    event_id: str = Field(sa_type=String(64))
    text: str = Field(sa_type=Text)
    actual_id: int | None = Field(default=None, foreign_key="actual_entry.id", ondelete="SET NULL")
    received_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (UniqueConstraint("workspace_id", "event_id"),)


class WeeklyReview(StoreModel, table=True):
    """The weekly review thread posted in a team's channel."""

    __tablename__ = "weekly_review"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    team_id: int = Field(foreign_key="team.id", ondelete="CASCADE")
    week_start: date
    channel_id: str = Field(sa_type=String(32))
    thread_ts: str = Field(sa_type=String(32))
    created_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (UniqueConstraint("workspace_id", "team_id", "week_start"),)


class ReviewAnswer(StoreModel, table=True):
    """A member's answer in a weekly review thread (done, missed-why, what worked, support).

    `message_ts` is the reply's own ts in the thread, so an edit rewrites its answer and a
    deletion removes it (None for answers kept before revision 0003, which cannot be matched).
    """

    __tablename__ = "review_answer"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk(index=True)
    review_id: int = Field(foreign_key="weekly_review.id", ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    event_id: str = Field(sa_type=String(64))
    message_ts: str | None = Field(default=None, sa_type=String(32))
    text: str = Field(sa_type=Text)
    answered_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (
        UniqueConstraint("workspace_id", "event_id"),
        UniqueConstraint("review_id", "message_ts"),
    )


class Milestone(StoreModel, table=True):
    """A dated checkpoint with an owner (month-end, quarter-end, a key deal)."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk(index=True)
    target_id: int | None = Field(default=None, foreign_key="target.id", ondelete="SET NULL")
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    title: str = Field(sa_type=String(200))
    day: date
    amount_minor: int | None = Field(default=None, sa_type=BigInteger)
    status: str = Field(default="open", sa_type=String(16))
    created_by: str = Field(sa_type=String(32))
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)

    __table_args__ = (_one_of("status", MILESTONE_STATUSES, "status"),)


class AwayDay(StoreModel, table=True):
    """A day a rep is away (leave, training): it carries no target for them."""

    __tablename__ = "away_day"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    day: date
    reason: str | None = Field(default=None, sa_type=String(200))

    __table_args__ = (UniqueConstraint("workspace_id", "member_id", "day"),)


class OutboxPost(StoreModel, table=True):
    """A scheduled post, claimed before it is sent so it goes out at most once per key.

    The key is (workspace, job, recipient, local date). `claimed` rows that never got marked are
    the ones a restart must reconcile (the process may have died before or after Slack's answer).
    """

    __tablename__ = "outbox_post"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    job: str = Field(sa_type=String(64))
    recipient: str = Field(sa_type=String(64))  # a Slack user or channel id
    local_date: date
    status: str = Field(sa_type=String(16))
    attempts: int = Field(default=1)
    last_error: str | None = Field(default=None, sa_type=Text)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, sa_type=String(64))
    marked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # sent/failed/skipped
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    channel_id: str | None = Field(default=None, sa_type=String(32))
    slack_ts: str | None = Field(default=None, sa_type=String(32))
    # A failed post is not claimed again before this (backoff, so an outage costs few attempts).
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    __table_args__ = (
        UniqueConstraint("workspace_id", "job", "recipient", "local_date"),
        _one_of("status", OUTBOX_STATUSES, "status"),
        Index("ix_outbox_post_status", "workspace_id", "status"),
    )


class ProcessedEvent(StoreModel, table=True):
    """A Slack event already handled; Slack retries carry the same event id."""

    __tablename__ = "processed_event"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk(index=True)
    event_id: str = Field(sa_type=String(64), unique=True)
    received_at: datetime = Field(sa_type=UTCDateTime)


class DmChannel(StoreModel, table=True):
    """The bot's direct-message channel with a member, as `conversations.open` answered: asked
    once per person rather than once per job run, since Slack allows about 50 opens a minute
    and a morning's prompts go to every rep."""

    __tablename__ = "dm_channel"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    slack_user_id: str = Field(sa_type=String(32))
    channel_id: str = Field(sa_type=String(32))

    __table_args__ = (UniqueConstraint("workspace_id", "slack_user_id"),)


class SeenRequest(StoreModel, table=True):
    """A signed Slack request already let in, remembered while its timestamp is still accepted,
    so the same request sent again (a replay) is refused. Not workspace data: the check runs
    before anything in the request is trusted, and rows live for minutes."""

    __tablename__ = "seen_request"

    id: int | None = Field(default=None, primary_key=True)
    signature: str = Field(sa_type=String(96), unique=True)  # X-Slack-Signature, "v0=<hex>"
    request_ts: int = Field(sa_type=BigInteger, index=True)  # X-Slack-Request-Timestamp


class AuditLog(StoreModel, table=True):
    """Who changed what, when, and the entity before and after."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace_fk()
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(sa_type=String(64))  # a Slack user id, or e.g. "cli" / "scheduler"
    action: str = Field(sa_type=String(32))
    entity: str = Field(sa_type=String(32))
    entity_id: str = Field(sa_type=String(64))
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)

    __table_args__ = (Index("ix_audit_log_entity", "workspace_id", "entity", "entity_id"),)


def tenant_tables() -> frozenset[str]:
    """Names of the tables that hold one workspace's data (all but `workspace` itself)."""
    # Asked on every scoped query: worked out once per set of tables, not each time.
    return _tenant_tables(len(metadata.tables))


@cache
def _tenant_tables(_table_count: int) -> frozenset[str]:
    return frozenset(
        name for name, table in metadata.tables.items() if "workspace_id" in table.columns
    )
