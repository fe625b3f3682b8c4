"""What query functions return: plain frozen dataclasses with Decimal money and core types.

Rows never leave storage/ as ORM objects, so callers cannot lazy-load across a closed session or
change a row behind the query functions' (and the audit log's) back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal

from bot.core.money import Money
from bot.core.periods import Period

Role = Literal["rep", "manager", "admin"]
OwnerKind = Literal["member", "team", "workspace"]
ActualSource = Literal["slash", "checkin", "button", "import", "cli"]
OutboxStatus = Literal["claimed", "sent", "failed", "skipped"]
MilestoneStatus = Literal["open", "met", "missed", "cancelled"]
CheckInKind = Literal["morning", "evening"]


@dataclass(frozen=True)
class WorkspaceRecord:
    id: str  # Slack team id
    name: str
    calendar: str
    currency: str
    language: str
    tz: str
    daily_prompt_at: time
    evening_checkin_at: time
    weekly_review_day: int
    weekly_review_at: time


@dataclass(frozen=True)
class MemberRecord:
    id: int
    workspace_id: str
    slack_user_id: str
    display_name: str
    tz: str | None
    locale: str | None
    role: Role
    manager_id: int | None
    active: bool


@dataclass(frozen=True)
class TeamRecord:
    id: int
    workspace_id: str
    name: str
    channel_id: str | None
    manager_id: int | None
    member_ids: tuple[int, ...]


@dataclass(frozen=True)
class Owner:
    """Whose target it is: a member, a team, or the whole workspace."""

    kind: OwnerKind
    id: int | None = None

    @classmethod
    def member(cls, member_id: int) -> Owner:
        return cls("member", member_id)

    @classmethod
    def team(cls, team_id: int) -> Owner:
        return cls("team", team_id)

    @classmethod
    def workspace(cls) -> Owner:
        return cls("workspace")

    def __post_init__(self) -> None:
        if (self.kind == "workspace") != (self.id is None):
            raise ValueError(f"owner {self.kind!r} with id {self.id!r}")


@dataclass(frozen=True)
class TargetRecord:
    id: int
    workspace_id: str
    owner: Owner
    amount: Money
    period: Period
    weighting: str
    dimension: str | None
    part: str | None
    parent_id: int | None
    metrics: Mapping[str, object]
    plan_version: int
    set_by: str
    set_at: datetime
    superseded_by: int | None
    superseded_at: datetime | None

    @property
    def active(self) -> bool:
        return self.superseded_at is None


@dataclass(frozen=True)
class PlanDayRecord:
    target_id: int
    member_id: int | None
    day: date
    amount: Decimal
    actions: Mapping[str, object]
    plan_version: int


@dataclass(frozen=True)
class Counts:
    """The activity counts and collected money reported with (or without) an amount."""

    visits: int = 0
    calls: int = 0
    deals: int = 0
    proposals: int = 0
    new_customers: int = 0
    collections: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class ActualRecord:
    id: int
    workspace_id: str
    member_id: int
    day: date
    amount: Decimal
    counts: Counts
    note: str | None
    source: ActualSource
    idempotency_key: str
    created_by: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None


@dataclass(frozen=True)
class LoggedActual:
    """The result of logging an actual: the entry, and whether this call created it."""

    entry: ActualRecord
    created: bool


@dataclass(frozen=True)
class OutboxRow:
    id: int
    workspace_id: str
    job: str
    recipient: str
    local_date: date
    status: OutboxStatus
    attempts: int
    last_error: str | None
    claimed_at: datetime
    claimed_by: str | None
    marked_at: datetime | None
    sent_at: datetime | None
    channel_id: str | None
    slack_ts: str | None
    next_attempt_at: datetime | None = None  # a failed post waits until then to be retried


@dataclass(frozen=True)
class CheckInRecord:
    id: int
    workspace_id: str
    member_id: int
    day: date
    kind: CheckInKind
    channel_id: str
    message_ts: str


@dataclass(frozen=True)
class CheckInReplyRecord:
    id: int
    workspace_id: str
    check_in_id: int
    event_id: str
    text: str
    actual_id: int | None
    received_at: datetime


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    workspace_id: str
    team_id: int
    week_start: date
    channel_id: str
    thread_ts: str


@dataclass(frozen=True)
class ReviewAnswerRecord:
    id: int
    workspace_id: str
    review_id: int
    member_id: int
    event_id: str
    text: str
    answered_at: datetime


@dataclass(frozen=True)
class MilestoneRecord:
    id: int
    workspace_id: str
    target_id: int | None
    member_id: int | None
    title: str
    day: date
    amount: Decimal | None
    status: MilestoneStatus


@dataclass(frozen=True)
class AwayDayRecord:
    id: int
    workspace_id: str
    member_id: int
    day: date
    reason: str | None


@dataclass(frozen=True)
class AuditRecord:
    id: int
    workspace_id: str
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None


@dataclass(frozen=True)
class MemberSummary:
    """One member's plan and results over a span of days (the weekly summary's row)."""

    member_id: int
    slack_user_id: str
    display_name: str
    target: Decimal
    actual: Decimal
    counts: Counts = field(default_factory=Counts)
    entries: int = 0
