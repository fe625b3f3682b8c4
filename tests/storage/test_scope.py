"""A workspace's data is never visible from, or changeable through, another workspace."""

from __future__ import annotations

import importlib
import inspect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.core.money import Money
from bot.core.periods import Period
from storage import (
    actuals,
    audit,
    checkins,
    events,
    members,
    milestones,
    outbox,
    reports,
    targets,
    workspaces,
)
from storage.errors import NotFoundError
from storage.models import ActualEntry, Member, PlanDay, Target, Workspace
from storage.records import Counts, Owner
from storage.scope import WORKSPACE_ID, UnscopedQueryError, scoped, scoped_by_parameter, unscoped
from storage.store import Store
from tests.storage.conftest import NOW

QUERY_MODULES = [
    workspaces,
    members,
    targets,
    actuals,
    outbox,
    events,
    checkins,
    milestones,
    audit,
    reports,
]
SPAN = Period(date(2027, 1, 1), date(2027, 12, 31))


def test_an_unscoped_query_on_workspace_data_fails_loudly(store: Store) -> None:
    with pytest.raises(UnscopedQueryError, match="actual_entry"), store.read() as session:
        session.exec(select(ActualEntry)).all()


def test_scoped_and_deliberately_unscoped_queries_run(store: Store) -> None:
    with store.read() as session:
        assert session.exec(scoped(select(ActualEntry), "T1")).all() == []
        assert session.exec(unscoped(select(ActualEntry), "operator report")).all() == []


def test_scoping_filters_every_table_the_select_reads_from_and_only_those() -> None:
    """Joined tables and aliases are each filtered; a table read only by a subquery is left to
    that subquery's own `scoped()` (filtering it outside would add it to the outer FROM)."""
    manager = aliased(Member)
    joined = scoped(
        select(col(PlanDay.day), col(manager.slack_user_id))
        .join(Target, col(Target.id) == col(PlanDay.target_id))
        .join(manager, col(manager.id) == col(PlanDay.member_id)),
        "T1",
    )
    sql = str(joined.compile(compile_kwargs={"literal_binds": True}))
    assert "plan_day.workspace_id = 'T1'" in sql
    assert "target.workspace_id = 'T1'" in sql
    assert "member_1.workspace_id = 'T1'" in sql
    inner = scoped(select(Target.id).where(Target.member_id == 1), "T1")
    outer = scoped(select(PlanDay).where(col(PlanDay.target_id).in_(inner)), "T1")
    sql = str(outer.compile(compile_kwargs={"literal_binds": True}))
    assert sql.count("workspace_id = 'T1'") == 2
    assert sql.split("WHERE")[0].rstrip().endswith("FROM plan_day")  # no cross join


def test_a_query_scoped_by_parameter_filters_every_table_and_needs_the_workspace(
    store: Store,
) -> None:
    joined = scoped_by_parameter(
        select(col(PlanDay.day)).join(Target, col(Target.id) == col(PlanDay.target_id))
    )
    sql = str(joined.compile())
    assert f"plan_day.workspace_id = :{WORKSPACE_ID}" in sql
    assert f"target.workspace_id = :{WORKSPACE_ID}" in sql
    with store.read() as session:
        assert session.execute(joined, {WORKSPACE_ID: "T1"}).all() == []
        with pytest.raises(StatementError, match=WORKSPACE_ID):
            session.execute(joined).all()  # no workspace given: nothing runs
    with pytest.raises(ValueError, match="workspace table"):
        scoped_by_parameter(select(Workspace))


def _query_functions() -> dict[str, Callable[..., Any]]:
    found = {}
    for module in QUERY_MODULES:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "session" in inspect.signature(function).parameters:
                found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = function
    return found


GLOBAL_BY_NATURE = {"workspaces.list_workspace_ids"}  # lists the workspaces themselves


def test_every_query_function_takes_the_workspace_keyword_only() -> None:
    for name, function in _query_functions().items():
        if name in GLOBAL_BY_NATURE:
            continue
        parameters = inspect.signature(function).parameters
        assert "workspace_id" in parameters, name
        assert parameters["workspace_id"].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameters["session"].kind is inspect.Parameter.KEYWORD_ONLY, name


@dataclass
class Ids:
    """Ids of the rows created in one workspace."""

    workspace_id: str
    members: list[int]
    team: int
    targets: list[int]
    actuals: list[int]
    posts: list[int]
    check_in: int
    review: int
    milestone: int


def _populate(session: Session, workspace_id: str, spec: dict[str, Any]) -> Ids:
    """The same shape of data in every workspace: same Slack ids, keys and outbox keys."""
    workspaces.upsert_workspace(
        session=session, workspace_id=workspace_id, name=workspace_id, actor="U0", now=NOW
    )
    member_ids = [
        members.upsert_member(
            session=session, workspace_id=workspace_id, slack_user_id=f"U{i}", actor="U0", now=NOW
        ).id
        for i in range(spec["members"])
    ]
    for i in range(spec["members"]):
        members.remember_dm_channel(
            session=session,
            workspace_id=workspace_id,
            slack_user_id=f"U{i}",
            channel_id=f"D{workspace_id}{i}",
        )
    team = members.create_team(
        session=session, workspace_id=workspace_id, name="Sales", actor="U0", now=NOW
    )
    members.add_team_members(
        session=session,
        workspace_id=workspace_id,
        team_id=team.id,
        member_ids=member_ids,
        actor="U0",
        now=NOW,
    )
    target_ids = []
    for member_id, amount in zip(itertools.cycle(member_ids), spec["targets"], strict=False):
        target = targets.set_target(
            session=session,
            workspace_id=workspace_id,
            owner=Owner.member(member_id),
            amount=Money(amount),
            period=SPAN,
            actor="U0",
            now=NOW,
        )
        targets.replace_plan(
            session=session,
            workspace_id=workspace_id,
            target_id=target.id,
            days={SPAN.start + timedelta(days=3): amount},
            actor="U0",
            now=NOW,
        )
        target_ids.append(target.id)
    actual_ids = [
        actuals.log_actual(
            session=session,
            workspace_id=workspace_id,
            member_id=member_ids[i % len(member_ids)],
            day=day,
            amount=amount,
            counts=Counts(visits=1),
            idempotency_key=f"Ev{i}",
            source="slash",
            actor="U0",
            now=NOW,
        ).entry.id
        for i, (day, amount) in enumerate(spec["actuals"])
    ]
    post_ids = []
    for i in range(spec["posts"]):
        post = outbox.claim_post(
            session=session,
            workspace_id=workspace_id,
            job="daily-prompts",
            recipient=f"U{i}",
            local_date=SPAN.start,
            now=NOW,
        )
        assert post is not None
        post_ids.append(post.id)
    events.record_event(
        session=session, workspace_id=workspace_id, event_id=f"{workspace_id}-Ev", now=NOW
    )
    check_in = checkins.record_check_in(
        session=session,
        workspace_id=workspace_id,
        member_id=member_ids[0],
        day=SPAN.start,
        kind="evening",
        channel_id="D1",
        message_ts="1.1",
        now=NOW,
    )
    checkins.add_check_in_reply(
        session=session,
        workspace_id=workspace_id,
        check_in_id=check_in.id,
        event_id="EvR",
        text="12k",
        actor="U0",
        now=NOW,
    )
    review = checkins.record_review(
        session=session,
        workspace_id=workspace_id,
        team_id=team.id,
        week_start=SPAN.start,
        channel_id="C1",
        thread_ts="2.2",
        now=NOW,
    )
    checkins.add_review_answer(
        session=session,
        workspace_id=workspace_id,
        review_id=review.id,
        member_id=member_ids[0],
        event_id="EvA",
        text="ok",
        actor="U0",
        now=NOW,
    )
    milestone = milestones.add_milestone(
        session=session,
        workspace_id=workspace_id,
        title="close",
        day=SPAN.end,
        member_id=member_ids[0],
        actor="U0",
        now=NOW,
    )
    milestones.set_away(
        session=session,
        workspace_id=workspace_id,
        member_id=member_ids[0],
        days=[SPAN.start],
        actor="U0",
        now=NOW,
    )
    return Ids(
        workspace_id,
        member_ids,
        team.id,
        target_ids,
        actual_ids,
        post_ids,
        check_in.id,
        review.id,
        milestone.id,
    )


# Every read function, called in workspace `ws` with row ids `ids` (its own or another's).
Reader = Callable[[Session, str, Ids], object]
READERS: dict[str, Reader] = {
    # Slack ids to channel ids: the property test below checks the channels are this workspace's.
    "members.dm_channels": lambda s, ws, ids: members.dm_channels(session=s, workspace_id=ws),
    "workspaces.get_workspace": lambda s, ws, ids: workspaces.get_workspace(
        session=s, workspace_id=ws
    ),
    "workspaces.bot_token": lambda s, ws, ids: None,  # returns a string, no rows
    "members.get_member": lambda s, ws, ids: [
        members.get_member(session=s, workspace_id=ws, member_id=m) for m in ids.members
    ],
    "members.member_by_slack_id": lambda s, ws, ids: members.member_by_slack_id(
        session=s, workspace_id=ws, slack_user_id="U0"
    ),
    "members.members_by_slack_ids": lambda s, ws, ids: members.members_by_slack_ids(
        session=s, workspace_id=ws, slack_user_ids=["U0", "U1", "U2"]
    ),
    "members.list_members": lambda s, ws, ids: members.list_members(
        session=s, workspace_id=ws, active_only=False
    ),
    "members.get_team": lambda s, ws, ids: members.get_team(
        session=s, workspace_id=ws, team_id=ids.team
    ),
    "members.team_by_name": lambda s, ws, ids: members.team_by_name(
        session=s, workspace_id=ws, name="Sales"
    ),
    "members.list_teams": lambda s, ws, ids: members.list_teams(session=s, workspace_id=ws),
    "members.team_members": lambda s, ws, ids: members.team_members(
        session=s, workspace_id=ws, team_id=ids.team
    ),
    "members.team_managed_by": lambda s, ws, ids: [
        members.team_managed_by(session=s, workspace_id=ws, manager_id=m) for m in ids.members
    ],
    "members.teams_of_member": lambda s, ws, ids: [
        members.teams_of_member(session=s, workspace_id=ws, member_id=m) for m in ids.members
    ],
    "targets.get_target": lambda s, ws, ids: [
        targets.get_target(session=s, workspace_id=ws, target_id=t) for t in ids.targets
    ],
    "targets.active_targets": lambda s, ws, ids: targets.active_targets(session=s, workspace_id=ws),
    "targets.target_history": lambda s, ws, ids: [
        targets.target_history(session=s, workspace_id=ws, owner=Owner.member(m))
        for m in ids.members
    ],
    "targets.plan_days": lambda s, ws, ids: (
        [targets.plan_days(session=s, workspace_id=ws, target_id=t) for t in ids.targets]
        + [targets.plan_days(session=s, workspace_id=ws, member_id=m) for m in ids.members]
    ),
    "targets.member_plan": lambda s, ws, ids: [
        targets.member_plan(session=s, workspace_id=ws, member_id=m, between=SPAN)
        for m in ids.members
    ],
    "actuals.get_actual": lambda s, ws, ids: [
        actuals.get_actual(session=s, workspace_id=ws, actual_id=a) for a in ids.actuals
    ],
    "actuals.actual_by_key": lambda s, ws, ids: actuals.actual_by_key(
        session=s, workspace_id=ws, idempotency_key="Ev0"
    ),
    "actuals.list_actuals": lambda s, ws, ids: actuals.list_actuals(
        session=s, workspace_id=ws, include_deleted=True
    ),
    "actuals.daily_actuals": lambda s, ws, ids: [
        actuals.daily_actuals(session=s, workspace_id=ws, member_id=m, between=SPAN)
        for m in ids.members
    ],
    "outbox.pending_unmarked": lambda s, ws, ids: outbox.pending_unmarked(
        session=s, workspace_id=ws, claimed_before=NOW + timedelta(days=1)
    ),
    "outbox.outbox_posts": lambda s, ws, ids: outbox.outbox_posts(session=s, workspace_id=ws),
    "outbox.find_post": lambda s, ws, ids: outbox.find_post(
        session=s, workspace_id=ws, job="daily-prompts", recipient="U0", local_date=SPAN.start
    ),
    "events.was_processed": lambda s, ws, ids: None,  # a bool; checked separately below
    "checkins.check_in_by_message": lambda s, ws, ids: checkins.check_in_by_message(
        session=s, workspace_id=ws, channel_id="D1", message_ts="1.1"
    ),
    "checkins.check_ins": lambda s, ws, ids: checkins.check_ins(session=s, workspace_id=ws),
    "checkins.check_in_replies": lambda s, ws, ids: checkins.check_in_replies(
        session=s, workspace_id=ws, check_in_id=ids.check_in
    ),
    "checkins.review_by_thread": lambda s, ws, ids: checkins.review_by_thread(
        session=s, workspace_id=ws, channel_id="C1", thread_ts="2.2"
    ),
    "checkins.reviews": lambda s, ws, ids: checkins.reviews(session=s, workspace_id=ws),
    "checkins.review_answers": lambda s, ws, ids: checkins.review_answers(
        session=s, workspace_id=ws, review_id=ids.review
    ),
    "milestones.milestones": lambda s, ws, ids: milestones.milestones(session=s, workspace_id=ws),
    "milestones.away_days": lambda s, ws, ids: milestones.away_days(session=s, workspace_id=ws),
    "audit.audit_trail": lambda s, ws, ids: audit.audit_trail(
        session=s, workspace_id=ws, limit=10_000
    ),
    "reports.team_summary": lambda s, ws, ids: (
        reports.team_summary(session=s, workspace_id=ws, between=SPAN)
        + reports.team_summary(session=s, workspace_id=ws, between=SPAN, team_id=ids.team)
    ),
    "reports.daily_figures": lambda s, ws, ids: reports.daily_figures(
        session=s, workspace_id=ws, team_id=ids.team
    ),
}

WRITERS = {
    "workspaces.upsert_workspace",
    "workspaces.update_workspace_settings",
    "workspaces.set_bot_token",
    "members.upsert_member",
    "members.set_manager",
    "members.adopt",
    "members.remember_dm_channel",
    "members.deactivate_member",
    "members.create_team",
    "members.add_team_members",
    "members.remove_team_member",
    "members.ensure_team_managed_by",
    "members.update_team_channel",
    "targets.set_target",
    "targets.replace_plan",
    "targets.lock_owners",  # takes row locks for set_target; another workspace's ids lock nothing
    "actuals.log_actual",
    "actuals.edit_actual",
    "actuals.delete_actual",
    "outbox.claim_post",
    "outbox.mark_sent",
    "outbox.mark_failed",
    "outbox.mark_skipped",
    "events.record_event",
    "checkins.record_check_in",
    "checkins.add_check_in_reply",
    "checkins.record_review",
    "checkins.add_review_answer",
    "checkins.edit_review_answer",
    "checkins.remove_review_answer",
    "milestones.add_milestone",
    "milestones.set_milestone_status",
    "milestones.set_away",
    "milestones.clear_away",
    "audit.record_change",
    "audit.audited_change",
    "audit.audited_insert",
}


def test_every_query_function_is_covered_by_the_isolation_tests() -> None:
    # A new query function fails here until it is added to READERS (and so to the property
    # test) or to WRITERS (and to the cross-workspace write test if it takes row ids).
    assert set(_query_functions()) - GLOBAL_BY_NATURE == set(READERS) | WRITERS


def _workspaces_in(value: object) -> set[str]:
    """Every workspace id found in the records (and nested records) a reader returned."""
    found: set[str] = set()
    if value is None or isinstance(value, str | int | Decimal | date | bool):
        return found
    if isinstance(value, dict):
        for item in value.values():
            found |= _workspaces_in(item)
        return found
    if isinstance(value, Iterable):
        for item in value:
            found |= _workspaces_in(item)
        return found
    if is_dataclass(value):
        if hasattr(value, "workspace_id"):
            found.add(value.workspace_id)
        if hasattr(value, "id") and isinstance(getattr(value, "id", None), str):
            found.add(value.id)  # a WorkspaceRecord
        for f in fields(value):
            found |= _workspaces_in(getattr(value, f.name))
    return found


def _own_ids(value: object, attribute: str) -> set[int]:
    if isinstance(value, list):
        return set().union(*(_own_ids(v, attribute) for v in value)) if value else set()
    if isinstance(value, tuple):
        return set().union(*(_own_ids(v, attribute) for v in value)) if value else set()
    if is_dataclass(value) and hasattr(value, attribute):
        return {getattr(value, attribute)}
    return set()


_counter = itertools.count()
amounts = st.decimals(min_value=0, max_value=Decimal("1e9"), places=2)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spec=st.fixed_dictionaries(
        {
            "members": st.integers(min_value=1, max_value=3),
            "targets": st.lists(amounts, min_size=1, max_size=3),
            "actuals": st.lists(
                st.tuples(st.dates(min_value=SPAN.start, max_value=SPAN.end), amounts),
                max_size=4,
            ),
            "posts": st.integers(min_value=0, max_value=3),
        }
    ),
    other_spec=st.fixed_dictionaries(
        {
            "members": st.integers(min_value=1, max_value=3),
            "targets": st.lists(amounts, min_size=1, max_size=3),
            "actuals": st.lists(
                st.tuples(st.dates(min_value=SPAN.start, max_value=SPAN.end), amounts),
                min_size=1,
                max_size=4,
            ),
            "posts": st.integers(min_value=1, max_value=3),
        }
    ),
)
def test_no_read_ever_returns_another_workspaces_rows(
    store: Store, spec: dict[str, Any], other_spec: dict[str, Any]
) -> None:
    n = next(_counter)
    with store.session() as session:
        mine = _populate(session, f"TA{n}", spec)
        theirs = _populate(session, f"TB{n}", other_spec)
    with store.read() as session:
        for name, read in READERS.items():
            own = read(session, mine.workspace_id, mine)
            assert _workspaces_in(own) <= {mine.workspace_id}, name
            # Asking for the other workspace's row ids from this workspace finds nothing of theirs.
            probed = read(session, mine.workspace_id, theirs)
            assert _workspaces_in(probed) <= {mine.workspace_id}, name
        assert not events.was_processed(
            session=session, workspace_id=mine.workspace_id, event_id=f"{theirs.workspace_id}-Ev"
        )
        assert events.was_processed(
            session=session, workspace_id=mine.workspace_id, event_id=f"{mine.workspace_id}-Ev"
        )
        assert workspaces.bot_token(session=session, workspace_id=mine.workspace_id) is None
        own_actuals = actuals.list_actuals(session=session, workspace_id=mine.workspace_id)
        assert _own_ids(own_actuals, "id") == set(mine.actuals)
        channels = members.dm_channels(session=session, workspace_id=mine.workspace_id)
        assert sorted(channels.values()) == [
            f"D{mine.workspace_id}{i}" for i in range(spec["members"])
        ]


# Writers that take a row id: given another workspace's id they must refuse, not change it.
CrossWrite = Callable[[Session, str, Ids], object]
CROSS_WRITES: dict[str, CrossWrite] = {
    "set_manager": lambda s, ws, ids: members.set_manager(
        session=s, workspace_id=ws, member_id=ids.members[0], manager_id=None, actor="U", now=NOW
    ),
    "adopt": lambda s, ws, ids: members.adopt(
        session=s,
        workspace_id=ws,
        member_id=ids.members[0],
        manager_id=ids.members[0],
        actor="U",
        now=NOW,
    ),
    "deactivate_member": lambda s, ws, ids: members.deactivate_member(
        session=s, workspace_id=ws, member_id=ids.members[0], actor="U", now=NOW
    ),
    "add_team_members": lambda s, ws, ids: members.add_team_members(
        session=s, workspace_id=ws, team_id=ids.team, member_ids=[], actor="U", now=NOW
    ),
    "remove_team_member": lambda s, ws, ids: members.remove_team_member(
        session=s, workspace_id=ws, team_id=ids.team, member_id=ids.members[0], actor="U", now=NOW
    ),
    "ensure_team_managed_by": lambda s, ws, ids: members.ensure_team_managed_by(
        session=s, workspace_id=ws, manager_id=ids.members[0], actor="U", now=NOW
    ),
    "update_team_channel": lambda s, ws, ids: members.update_team_channel(
        session=s, workspace_id=ws, team_id=ids.team, channel_id="C", actor="U", now=NOW
    ),
    "set_target": lambda s, ws, ids: targets.set_target(
        session=s,
        workspace_id=ws,
        owner=Owner.member(ids.members[0]),
        amount=Money(Decimal(1)),
        period=SPAN,
        actor="U",
        now=NOW,
    ),
    "replace_plan": lambda s, ws, ids: targets.replace_plan(
        session=s, workspace_id=ws, target_id=ids.targets[0], days={}, actor="U", now=NOW
    ),
    "log_actual": lambda s, ws, ids: actuals.log_actual(
        session=s,
        workspace_id=ws,
        member_id=ids.members[0],
        day=SPAN.start,
        amount=Decimal(1),
        idempotency_key="new",
        source="slash",
        actor="U",
        now=NOW,
    ),
    "edit_actual": lambda s, ws, ids: actuals.edit_actual(
        session=s, workspace_id=ws, actual_id=ids.actuals[0], amount=Decimal(1), actor="U", now=NOW
    ),
    "delete_actual": lambda s, ws, ids: actuals.delete_actual(
        session=s, workspace_id=ws, actual_id=ids.actuals[0], actor="U", now=NOW
    ),
    "mark_sent": lambda s, ws, ids: outbox.mark_sent(
        session=s, workspace_id=ws, post_id=ids.posts[0], slack_ts="1", now=NOW
    ),
    "mark_failed": lambda s, ws, ids: outbox.mark_failed(
        session=s, workspace_id=ws, post_id=ids.posts[0], error="x", now=NOW
    ),
    "mark_skipped": lambda s, ws, ids: outbox.mark_skipped(
        session=s, workspace_id=ws, post_id=ids.posts[0], reason="x", now=NOW
    ),
    "record_check_in": lambda s, ws, ids: checkins.record_check_in(
        session=s,
        workspace_id=ws,
        member_id=ids.members[0],
        day=SPAN.end,
        kind="morning",
        channel_id="D",
        message_ts="3",
        now=NOW,
    ),
    "add_check_in_reply": lambda s, ws, ids: checkins.add_check_in_reply(
        session=s,
        workspace_id=ws,
        check_in_id=ids.check_in,
        event_id="x",
        text="",
        actor="U",
        now=NOW,
    ),
    "record_review": lambda s, ws, ids: checkins.record_review(
        session=s,
        workspace_id=ws,
        team_id=ids.team,
        week_start=SPAN.end,
        channel_id="C",
        thread_ts="4",
        now=NOW,
    ),
    "add_review_answer": lambda s, ws, ids: checkins.add_review_answer(
        session=s,
        workspace_id=ws,
        review_id=ids.review,
        member_id=ids.members[0],
        event_id="y",
        text="",
        actor="U",
        now=NOW,
    ),
    "edit_review_answer": lambda s, ws, ids: checkins.edit_review_answer(
        session=s,
        workspace_id=ws,
        review_id=ids.review,
        message_ts="5",
        text="",
        actor="U",
        now=NOW,
    ),
    "remove_review_answer": lambda s, ws, ids: checkins.remove_review_answer(
        session=s, workspace_id=ws, review_id=ids.review, message_ts="5", actor="U", now=NOW
    ),
    "add_milestone": lambda s, ws, ids: milestones.add_milestone(
        session=s,
        workspace_id=ws,
        title="x",
        day=SPAN.end,
        member_id=ids.members[0],
        actor="U",
        now=NOW,
    ),
    "set_milestone_status": lambda s, ws, ids: milestones.set_milestone_status(
        session=s, workspace_id=ws, milestone_id=ids.milestone, status="met", actor="U", now=NOW
    ),
    "set_away": lambda s, ws, ids: milestones.set_away(
        session=s, workspace_id=ws, member_id=ids.members[0], days=[SPAN.end], actor="U", now=NOW
    ),
}


@pytest.mark.parametrize("name", sorted(CROSS_WRITES))
def test_writes_with_another_workspaces_ids_are_refused(store: Store, name: str) -> None:
    spec = {
        "members": 1,
        "targets": [Decimal(5)],
        "actuals": [(SPAN.start, Decimal(1))],
        "posts": 1,
    }
    with store.session() as session:
        _populate(session, "TA", spec)
        theirs = _populate(session, "TB", spec)
    with pytest.raises(NotFoundError), store.session() as session:
        CROSS_WRITES[name](session, "TA", theirs)
    with store.read() as session:
        their_actual = actuals.get_actual(
            session=session, workspace_id="TB", actual_id=theirs.actuals[0]
        )
    assert their_actual is not None
    assert their_actual.amount == Decimal(1)
    assert their_actual.deleted_at is None


def test_query_modules_are_importable_by_name() -> None:
    # Guards the module list above against a module being renamed without this file noticing.
    for module in QUERY_MODULES:
        assert importlib.import_module(module.__name__) is module
