"""Helpers shared by the store tests: a fixed clock and a workspace with a few reps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from storage.members import upsert_member
from storage.store import Store
from storage.workspaces import upsert_workspace

NOW = datetime(2027, 1, 4, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai on the first working Monday


@dataclass(frozen=True)
class Team:
    workspace_id: str
    alice: int
    bob: int
    manager: int


def seed_workspace(store: Store, workspace_id: str = "T1", name: str = "Acme") -> Team:
    """A workspace with two reps (U_ALICE, U_BOB) and a manager (U_MGR)."""
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name=name, actor="U_MGR", now=NOW
        )
        ids = {
            user: upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=user,
                display_name=user.removeprefix("U_").title(),
                role="manager" if user == "U_MGR" else "rep",
                actor="U_MGR",
                now=NOW,
            ).id
            for user in ("U_ALICE", "U_BOB", "U_MGR")
        }
    return Team(workspace_id, ids["U_ALICE"], ids["U_BOB"], ids["U_MGR"])


@pytest.fixture
def team(store: Store) -> Team:
    return seed_workspace(store)
