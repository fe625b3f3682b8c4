from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.core.periods import Period
from storage.checkins import (
    add_check_in_reply,
    add_review_answer,
    check_in_by_message,
    check_in_replies,
    check_ins,
    record_check_in,
    record_review,
    review_answers,
    review_by_thread,
    reviews,
)
from storage.members import create_team
from storage.milestones import (
    add_milestone,
    away_days,
    clear_away,
    milestones,
    set_away,
    set_milestone_status,
)
from storage.store import Store
from tests.storage.conftest import NOW, Team

DAY = date(2027, 1, 4)


def test_a_check_in_and_its_replies(store: Store, team: Team) -> None:
    with store.session() as session:
        check_in = record_check_in(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            day=DAY,
            kind="evening",
            channel_id="D_ALICE",
            message_ts="1.0001",
            now=NOW,
        )
        again = record_check_in(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            day=DAY,
            kind="evening",
            channel_id="D_ALICE",
            message_ts="9.9999",
            now=NOW,
        )
        replies = [
            add_check_in_reply(
                session=session,
                workspace_id=team.workspace_id,
                check_in_id=check_in.id,
                event_id=event_id,
                text="closed 12k, 5 calls",
                actor="U_ALICE",
                now=NOW,
            )
            for event_id in ("Ev1", "Ev1", "Ev2")
        ]
    with store.read() as session:
        found = check_in_by_message(
            session=session,
            workspace_id=team.workspace_id,
            channel_id="D_ALICE",
            message_ts="1.0001",
        )
        stored = check_in_replies(
            session=session, workspace_id=team.workspace_id, check_in_id=check_in.id
        )
        of_day = check_ins(session=session, workspace_id=team.workspace_id, day=DAY)
    assert again == check_in
    assert found == check_in
    assert replies == [True, False, True]
    assert [r.event_id for r in stored] == ["Ev1", "Ev2"]
    assert of_day == [check_in]


def test_a_weekly_review_thread_and_answers(store: Store, team: Team) -> None:
    with store.session() as session:
        east = create_team(
            session=session, workspace_id=team.workspace_id, name="East", actor="U", now=NOW
        )
        review = record_review(
            session=session,
            workspace_id=team.workspace_id,
            team_id=east.id,
            week_start=DAY,
            channel_id="C1",
            thread_ts="2.0",
            now=NOW,
        )
        answered = add_review_answer(
            session=session,
            workspace_id=team.workspace_id,
            review_id=review.id,
            member_id=team.alice,
            event_id="Ev9",
            text="需要支持:报价审批太慢",
            actor="U_ALICE",
            now=NOW,
        )
    with store.read() as session:
        by_thread = review_by_thread(
            session=session, workspace_id=team.workspace_id, channel_id="C1", thread_ts="2.0"
        )
        answers = review_answers(
            session=session, workspace_id=team.workspace_id, review_id=review.id
        )
        listed = reviews(session=session, workspace_id=team.workspace_id, team_id=east.id)
    assert answered
    assert by_thread == review == listed[0]
    assert [a.text for a in answers] == ["需要支持:报价审批太慢"]


def test_milestones_and_their_status(store: Store, team: Team) -> None:
    with store.session() as session:
        month_end = add_milestone(
            session=session,
            workspace_id=team.workspace_id,
            title="January close",
            day=date(2027, 1, 29),
            member_id=team.alice,
            amount=Decimal("1700000"),
            actor="U_MGR",
            now=NOW,
        )
        set_milestone_status(
            session=session,
            workspace_id=team.workspace_id,
            milestone_id=month_end.id,
            status="met",
            actor="U_MGR",
            now=NOW,
        )
    with store.read() as session:
        met = milestones(session=session, workspace_id=team.workspace_id, status="met")
        open_ = milestones(session=session, workspace_id=team.workspace_id, status="open")
    assert [(m.title, m.amount, m.status) for m in met] == [
        ("January close", Decimal("1700000.00"), "met")
    ]
    assert open_ == []


def test_away_days(store: Store, team: Team) -> None:
    days = [date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 3)]
    with store.session() as session:
        added = set_away(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            days=days,
            reason="春节",
            actor="U_ALICE",
            now=NOW,
        )
        again = set_away(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            days=days[:1],
            actor="U_ALICE",
            now=NOW,
        )
        cleared = clear_away(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            days=[days[2], date(2027, 3, 1)],
            actor="U_ALICE",
            now=NOW,
        )
    with store.read() as session:
        left = away_days(
            session=session,
            workspace_id=team.workspace_id,
            member_id=team.alice,
            between=Period(date(2027, 2, 1), date(2027, 2, 28)),
        )
    assert added == days
    assert again == []
    assert cleared == [days[2]]
    assert [(a.day, a.reason) for a in left] == [(days[0], "春节"), (days[1], "春节")]
