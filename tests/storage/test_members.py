from __future__ import annotations

import threading
import time as clock
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.audit import audit_trail
from storage.errors import NotFoundError
from storage.members import (
    add_team_members,
    adopt,
    create_team,
    deactivate_member,
    ensure_team_managed_by,
    get_member,
    get_team,
    list_members,
    list_teams,
    member_by_slack_id,
    members_by_slack_ids,
    remove_team_member,
    set_manager,
    team_by_name,
    team_managed_by,
    team_members,
    teams_of_member,
    update_team_channel,
    upsert_member,
)
from storage.store import Store
from storage.workspaces import (
    bot_token,
    get_workspace,
    list_workspace_ids,
    set_bot_token,
    update_workspace_settings,
    upsert_workspace,
)
from tests.storage.conftest import NOW, Team, seed_workspace


def test_a_new_workspace_gets_the_documented_defaults(store: Store) -> None:
    with store.session() as session:
        created = upsert_workspace(
            session=session, workspace_id="T9", name="Acme", actor="U1", now=NOW
        )
    assert (created.calendar, created.currency, created.language, created.tz) == (
        "cn",
        "CNY",
        "auto",
        "Asia/Shanghai",
    )
    assert created.daily_prompt_at == time(9, 0)


def test_settings_change_and_the_token_never_reaches_the_audit_log(store: Store) -> None:
    with store.session() as session:
        upsert_workspace(session=session, workspace_id="T9", name="Acme", actor="U1", now=NOW)
        set_bot_token(
            session=session, workspace_id="T9", encrypted_token="gAAAA-secret", actor="U1", now=NOW
        )
        update_workspace_settings(
            session=session,
            workspace_id="T9",
            calendar="us",
            currency="USD",
            language="en",
            daily_prompt_at=time(8, 30),
            actor="U1",
            now=NOW,
        )
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id="T9")
        token = bot_token(session=session, workspace_id="T9")
        trail = audit_trail(session=session, workspace_id="T9")
        ids = list_workspace_ids(session=session)
    assert workspace is not None
    assert (workspace.calendar, workspace.currency, workspace.language) == ("us", "USD", "en")
    assert workspace.daily_prompt_at == time(8, 30)
    assert token == "gAAAA-secret"
    assert ids == ["T9"]
    assert "gAAAA-secret" not in repr(trail)
    assert [a.action for a in trail] == ["update", "set_token", "create"]


def test_upserting_a_member_updates_only_what_is_given(store: Store, team: Team) -> None:
    with store.session() as session:
        again = upsert_member(
            session=session,
            workspace_id=team.workspace_id,
            slack_user_id="U_ALICE",
            tz="Europe/Berlin",
            actor="U_ALICE",
            now=NOW,
        )
    assert again.id == team.alice
    assert (again.display_name, again.tz, again.role) == ("Alice", "Europe/Berlin", "rep")


def test_members_are_found_by_slack_id(store: Store, team: Team) -> None:
    with store.read() as session:
        alice = member_by_slack_id(
            session=session, workspace_id=team.workspace_id, slack_user_id="U_ALICE"
        )
        found = members_by_slack_ids(
            session=session,
            workspace_id=team.workspace_id,
            slack_user_ids=["U_ALICE", "U_BOB", "U_NOBODY"],
        )
    assert alice is not None
    assert alice.id == team.alice
    assert sorted(found) == ["U_ALICE", "U_BOB"]


def test_managers_and_leavers(store: Store, team: Team) -> None:
    with store.session() as session:
        set_manager(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            manager_id=team.manager,
            actor="U_MGR",
            now=NOW,
        )
        deactivate_member(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.bob,
            actor="U_MGR",
            now=NOW + timedelta(days=1),
        )
    with store.read() as session:
        alice = get_member(session=session, workspace_id=team.workspace_id, member_id=team.alice)
        active = list_members(session=session, workspace_id=team.workspace_id)
        everyone = list_members(session=session, workspace_id=team.workspace_id, active_only=False)
    assert alice is not None
    assert alice.manager_id == team.manager
    assert [m.slack_user_id for m in active] == ["U_ALICE", "U_MGR"]
    assert len(everyone) == 3


def test_a_manager_from_another_workspace_is_refused(store: Store, team: Team) -> None:
    other = seed_workspace(store, "T2", "Other")
    with pytest.raises(NotFoundError), store.session() as session:
        set_manager(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            manager_id=other.manager,
            actor="U_MGR",
            now=NOW,
        )


def test_teams_collect_members(store: Store, team: Team) -> None:
    with store.session() as session:
        east = create_team(
            session=session,
            workspace_id=team.workspace_id,
            name="华东",
            channel_id="C_EAST",
            manager_id=team.manager,
            actor="U_MGR",
            now=NOW,
        )
        add_team_members(
            session=session,
            workspace_id=team.workspace_id,
            team_id=east.id,
            member_ids=[team.alice, team.bob],
            actor="U_MGR",
            now=NOW,
        )
        add_team_members(
            session=session,
            workspace_id=team.workspace_id,
            team_id=east.id,
            member_ids=[team.alice],
            actor="U_MGR",
            now=NOW,
        )
        after_removal = remove_team_member(
            session=session,
            workspace_id=team.workspace_id,
            team_id=east.id,
            member_id=team.bob,
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        by_name = team_by_name(session=session, workspace_id=team.workspace_id, name="华东")
        by_id = get_team(session=session, workspace_id=team.workspace_id, team_id=east.id)
        teams = list_teams(session=session, workspace_id=team.workspace_id)
        people = team_members(session=session, workspace_id=team.workspace_id, team_id=east.id)
    assert after_removal.member_ids == (team.alice,)
    assert by_name == by_id == teams[0]
    assert by_name is not None
    assert by_name.member_ids == (team.alice,)
    assert by_name.channel_id == "C_EAST"
    assert [m.slack_user_id for m in people] == ["U_ALICE"]


def test_team_names_are_unique_in_a_workspace(store: Store, team: Team) -> None:
    def create() -> None:
        with store.session() as session:
            create_team(
                session=session, workspace_id=team.workspace_id, name="华东", actor="U", now=NOW
            )

    create()
    with pytest.raises(IntegrityError):
        create()


# -- the team a manager manages ------------------------------------------------------------------

LOCK_WAIT_LIMIT_SECONDS = 10.0


def test_a_managers_team_is_made_on_first_use_named_after_them(store: Store, team: Team) -> None:
    with store.session() as session:
        assert team_managed_by(session=session, workspace_id="T1", manager_id=team.manager) is None
        made = ensure_team_managed_by(
            session=session, workspace_id="T1", manager_id=team.manager, actor="U_MGR", now=NOW
        )
        again = ensure_team_managed_by(
            session=session, workspace_id="T1", manager_id=team.manager, actor="U_MGR", now=NOW
        )
    with store.read() as session:
        found = team_managed_by(session=session, workspace_id="T1", manager_id=team.manager)
        created = [
            entry
            for entry in audit_trail(session=session, workspace_id="T1", entity="team")
            if entry.action == "create"
        ]
    assert (made.name, made.manager_id, made.channel_id) == ("Mgr", team.manager, None)
    assert again == made == found
    assert len(created) == 1


def test_a_managers_team_takes_their_slack_id_when_their_name_is_taken(
    store: Store, team: Team
) -> None:
    with store.session() as session:
        create_team(session=session, workspace_id="T1", name="Mgr", actor="U_X", now=NOW)
        made = ensure_team_managed_by(
            session=session, workspace_id="T1", manager_id=team.manager, actor="U_MGR", now=NOW
        )
    assert made.name == "Mgr (U_MGR)"
    assert made.manager_id == team.manager


def test_adopting_reps_leaves_what_the_three_steps_leave(store: Store, team: Team) -> None:
    """`adopt` (on `/target set`'s path) against set_manager + ensure_team_managed_by +
    add_team_members on a twin workspace: the same members, team and audit trail."""
    twin = seed_workspace(store, "T2", "Twin")
    with store.session() as session:
        for rep in (team.alice, team.bob, team.alice):
            adopt(
                session=session,
                workspace_id="T1",
                member_id=rep,
                manager_id=team.manager,
                actor="U_MGR",
                now=NOW,
            )
        for rep in (twin.alice, twin.bob, twin.alice):
            set_manager(
                session=session,
                workspace_id="T2",
                member_id=rep,
                manager_id=twin.manager,
                actor="U_MGR",
                now=NOW,
            )
            made = ensure_team_managed_by(
                session=session, workspace_id="T2", manager_id=twin.manager, actor="U_MGR", now=NOW
            )
            add_team_members(
                session=session,
                workspace_id="T2",
                team_id=made.id,
                member_ids=[rep],
                actor="U_MGR",
                now=NOW,
            )

    def state(
        workspace_id: str, people: Team
    ) -> tuple[str, list[str], list[str | None], list[tuple[str, str, list[str]]]]:
        ids = {people.alice: "alice", people.bob: "bob", people.manager: "mgr"}
        with store.read() as session:
            found = team_managed_by(
                session=session, workspace_id=workspace_id, manager_id=people.manager
            )
            managers = [
                ids[m.manager_id] if m.manager_id else None
                for m in list_members(session=session, workspace_id=workspace_id)
            ]
            trail = [
                (entry.action, entry.entity, [ids[i] for i in _member_ids(entry.after)])
                for entry in audit_trail(session=session, workspace_id=workspace_id)
                if entry.at == NOW and entry.actor == "U_MGR" and entry.entity != "workspace"
            ]
        assert found is not None
        return found.name, sorted(ids[m] for m in found.member_ids), managers, trail

    adopted = state("T1", team)
    assert adopted[1] == ["alice", "bob"]
    assert adopted[2] == ["mgr", "mgr", None]  # alice, bob, the manager
    assert adopted == state("T2", twin)


def _member_ids(after: Mapping[str, object] | None) -> list[int]:
    found = (after or {}).get("member_ids")
    return [int(i) for i in found] if isinstance(found, list) else []


def test_adopting_a_rep_of_another_workspace_is_refused_and_changes_nothing(
    store: Store, team: Team
) -> None:
    other = seed_workspace(store, "T2", "Other")
    with pytest.raises(NotFoundError), store.session() as session:
        adopt(
            session=session,
            workspace_id="T1",
            member_id=other.alice,
            manager_id=team.manager,
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        assert team_managed_by(session=session, workspace_id="T1", manager_id=team.manager) is None
        stranger = get_member(session=session, workspace_id="T2", member_id=other.alice)
    assert stranger is not None
    assert stranger.manager_id is None


def test_concurrent_first_uses_of_one_manager_make_one_team_and_both_succeed(
    store: Store, team: Team, database_kind: str
) -> None:
    """Two transactions that each find no team for the manager and make one. On PostgreSQL the
    second's insert waits on the first's uncommitted row; once the first commits, it finds that
    team instead of failing on the unique name. On SQLite the write lock lines them up."""
    second_pid: list[int] = []
    first_made = threading.Event()
    second_waiting = threading.Event()

    def first() -> int:
        with store.session() as session:
            made = ensure_team_managed_by(
                session=session, workspace_id="T1", manager_id=team.manager, actor="a", now=NOW
            )
            add_team_members(
                session=session,
                workspace_id="T1",
                team_id=made.id,
                member_ids=[team.alice],
                actor="a",
                now=NOW,
            )
            first_made.set()
            # Commit only once the second is stuck behind this transaction's row.
            assert second_waiting.wait(LOCK_WAIT_LIMIT_SECONDS)
        return made.id

    def second() -> int:
        assert first_made.wait(LOCK_WAIT_LIMIT_SECONDS)
        with store.session() as session:
            if database_kind == "postgresql":
                pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
                assert isinstance(pid, int)
                second_pid.append(pid)
            made = ensure_team_managed_by(
                session=session, workspace_id="T1", manager_id=team.manager, actor="b", now=NOW
            )
            add_team_members(
                session=session,
                workspace_id="T1",
                team_id=made.id,
                member_ids=[team.bob],
                actor="b",
                now=NOW,
            )
        return made.id

    if database_kind != "postgresql":
        second_waiting.set()  # SQLite: the second cannot start before the first commits
    with ThreadPoolExecutor(2) as pool:
        first_id = pool.submit(first)
        second_id = pool.submit(second)
        if database_kind == "postgresql":
            watch_for_lock_wait(store, second_pid)
            second_waiting.set()
        ids = {first_id.result(), second_id.result()}

    with store.read() as session:
        teams = list_teams(session=session, workspace_id="T1")
    assert len(ids) == 1
    assert [(t.manager_id, set(t.member_ids)) for t in teams] == [
        (team.manager, {team.alice, team.bob})
    ]


def watch_for_lock_wait(store: Store, pid: list[int]) -> None:
    """Poll PostgreSQL until backend `pid[0]` waits on a lock (the second transaction's insert
    behind the first's uncommitted team row)."""
    deadline = clock.monotonic() + LOCK_WAIT_LIMIT_SECONDS
    while True:
        assert clock.monotonic() < deadline, "the second transaction never waited on the first"
        if pid:
            with store.engine.connect() as connection:
                waiting = connection.execute(
                    text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                    {"pid": pid[0]},
                ).scalar()
            if waiting == "Lock":
                return


def test_a_teams_channel_is_set_and_audited_once(store: Store, team: Team) -> None:
    with store.session() as session:
        made = ensure_team_managed_by(
            session=session, workspace_id="T1", manager_id=team.manager, actor="U_MGR", now=NOW
        )
        for _ in range(2):
            updated = update_team_channel(
                session=session,
                workspace_id="T1",
                team_id=made.id,
                channel_id="C0SALES",
                actor="U_MGR",
                now=NOW,
            )
    with store.read() as session:
        changes = [
            entry.action for entry in audit_trail(session=session, workspace_id="T1", entity="team")
        ]
    assert updated.channel_id == "C0SALES"
    assert changes.count("set_channel") == 1


def test_teams_of_a_member(store: Store, team: Team) -> None:
    with store.session() as session:
        north = create_team(session=session, workspace_id="T1", name="North", actor="x", now=NOW)
        south = create_team(session=session, workspace_id="T1", name="South", actor="x", now=NOW)
        for made in (north, south):
            add_team_members(
                session=session,
                workspace_id="T1",
                team_id=made.id,
                member_ids=[team.alice],
                actor="x",
                now=NOW,
            )
        found = teams_of_member(session=session, workspace_id="T1", member_id=team.alice)
        none = teams_of_member(session=session, workspace_id="T1", member_id=team.bob)
    assert [t.name for t in found] == ["North", "South"]
    assert none == []
