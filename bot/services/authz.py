"""Who may set or read whose numbers. Each check answers None (allowed) or the reason why not.

The rules (issue 5): Slack admins and owners, and members made managers, are managers. Only a
rep's manager, or an admin, sets or reads that rep's numbers; a rep sets their own target only
while nobody else has set one for that period, and reads only their own numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.services.context import Actor
from storage.records import MemberRecord, TargetRecord


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: a message key and its parameters, shown in the user's language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


def may_set_for(
    actor: Actor,
    owner: MemberRecord,
    *,
    manager: MemberRecord | None,
    existing: TargetRecord | None,
) -> Refusal | None:
    """May `actor` set `owner`'s target, given the owner's manager and the active target that
    matters (one somebody else set over the same days, else the one it would replace)?"""
    if owner.id == actor.member.id:
        if actor.is_admin or existing is None or existing.set_by == actor.member.slack_user_id:
            return None
        return Refusal("set.refused.assigned", {"by": existing.set_by})
    if not actor.is_manager:
        return Refusal("set.refused.not_manager", {"user": owner.slack_user_id})
    if actor.is_admin:
        return None
    if owner.role == "admin":
        return Refusal("set.refused.admin", {"user": owner.slack_user_id})
    if owner.manager_id is None or owner.manager_id == actor.member.id:
        return None
    return Refusal(
        "set.refused.other_manager",
        {
            "user": owner.slack_user_id,
            "manager": manager.slack_user_id if manager is not None else "?",
        },
    )


def may_read(actor: Actor, member: MemberRecord) -> Refusal | None:
    """May `actor` see `member`'s numbers? Their own, their reps', or anyone's for an admin."""
    if member.id == actor.member.id or actor.is_admin:
        return None
    if actor.is_manager and member.manager_id == actor.member.id:
        return None
    if not actor.is_manager:
        return Refusal("status.refused.not_manager", {"user": member.slack_user_id})
    return Refusal("status.refused.not_your_rep", {"user": member.slack_user_id})
