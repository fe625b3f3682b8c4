"""The audit log is written with the change it describes: at commit, in order, or not at all."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage.audit import audit_trail
from storage.members import upsert_member
from storage.store import Store
from storage.workspaces import upsert_workspace
from tests.storage.conftest import NOW


class _Refused(Exception):
    pass


def _trail(store: Store, workspace_id: str) -> list[tuple[str, str, str]]:
    with store.read() as session:
        entries = audit_trail(session=session, workspace_id=workspace_id)
    return [(e.action, e.entity, e.actor) for e in reversed(entries)]


def test_entries_are_written_with_their_changes_in_the_order_made(store: Store) -> None:
    with store.session() as session:
        # The workspace row is still pending when its entry is recorded: the entry waits for it.
        upsert_workspace(session=session, workspace_id="T1", name="Acme", actor="U1", now=NOW)
        for user in ("U1", "U2"):
            upsert_member(
                session=session, workspace_id="T1", slack_user_id=user, actor="U1", now=NOW
            )
        upsert_member(
            session=session,
            workspace_id="T1",
            slack_user_id="U2",
            display_name="Bob",
            actor="U1",
            now=NOW,
        )
    assert _trail(store, "T1") == [
        ("create", "workspace", "U1"),
        ("create", "member", "U1"),
        ("create", "member", "U1"),
        ("update", "member", "U1"),
    ]


def test_a_change_rolled_back_leaves_no_entry_behind(store: Store) -> None:
    with store.session() as session:
        upsert_workspace(session=session, workspace_id="T1", name="Acme", actor="U1", now=NOW)
    with pytest.raises(_Refused):
        _add_member_then_fail(store, "U9")
    # One session through two transactions: the second commits its own entries only.
    with Session(store.engine) as session:
        upsert_member(session=session, workspace_id="T1", slack_user_id="U8", actor="U1", now=NOW)
        session.rollback()
        upsert_member(session=session, workspace_id="T1", slack_user_id="U2", actor="U2", now=NOW)
        session.commit()
    assert _trail(store, "T1") == [("create", "workspace", "U1"), ("create", "member", "U2")]


def _add_member_then_fail(store: Store, user: str) -> None:
    with store.session() as session:
        upsert_member(session=session, workspace_id="T1", slack_user_id=user, actor="U1", now=NOW)
        raise _Refused
