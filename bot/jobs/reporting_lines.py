"""Who reports to whom: a member's own manager, else the manager of a team they are in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from storage.members import list_members, list_teams
from storage.records import MemberRecord


@dataclass(frozen=True)
class ReportingLines:
    members: Mapping[int, MemberRecord]  # active members by id
    managers: Mapping[int, int]  # rep id -> manager id

    @classmethod
    def load(cls, session: Session, workspace_id: str) -> ReportingLines:
        members = {m.id: m for m in list_members(session=session, workspace_id=workspace_id)}
        managers: dict[int, int] = {}
        for team in list_teams(session=session, workspace_id=workspace_id):
            if team.manager_id is None:
                continue
            for member_id in team.member_ids:
                if member_id != team.manager_id:
                    managers.setdefault(member_id, team.manager_id)
        # A member's own manager wins over a team's.
        for member in members.values():
            if member.manager_id is not None and member.manager_id != member.id:
                managers[member.id] = member.manager_id
        return cls(
            members=members,
            managers={
                rep: boss for rep, boss in managers.items() if rep in members and boss in members
            },
        )

    def manager_of(self, member_id: int) -> MemberRecord | None:
        boss = self.managers.get(member_id)
        return self.members[boss] if boss is not None else None

    def reps_of(self, manager_id: int) -> list[MemberRecord]:
        """The manager's active reps, by Slack user id."""
        return sorted(
            (self.members[rep] for rep, boss in self.managers.items() if boss == manager_id),
            key=lambda member: member.slack_user_id,
        )

    def manager_ids(self) -> list[int]:
        return sorted(set(self.managers.values()))
