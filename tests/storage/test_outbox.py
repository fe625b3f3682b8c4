from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from storage.errors import InvalidRequestError
from storage.events import record_event, was_processed
from storage.outbox import (
    DEFAULT_MAX_ATTEMPTS,
    claim_post,
    find_post,
    gave_up,
    mark_failed,
    mark_sent,
    mark_skipped,
    outbox_posts,
    pending_unmarked,
    retry_delay,
    waiting,
)
from storage.records import OutboxRow
from storage.store import Store
from tests.storage.conftest import NOW, Team

DAY = date(2027, 1, 4)


def _claim(store: Store, team: Team, recipient: str = "U_ALICE", **kw: object) -> OutboxRow | None:
    with store.session() as session:
        return claim_post(
            session=session,
            workspace_id=team.workspace_id,
            job="daily-prompts",
            recipient=recipient,
            local_date=kw.pop("local_date", DAY),  # type: ignore[arg-type]
            now=kw.pop("now", NOW),  # type: ignore[arg-type]
            **kw,  # type: ignore[arg-type]
        )


def test_a_post_is_claimed_once(store: Store, team: Team) -> None:
    first = _claim(store, team, claimed_by="worker-1")
    second = _claim(store, team, claimed_by="worker-2")
    assert first is not None
    assert (first.status, first.attempts, first.claimed_by) == ("claimed", 1, "worker-1")
    assert second is None


def test_other_recipients_days_and_jobs_are_separate_posts(store: Store, team: Team) -> None:
    assert _claim(store, team) is not None
    assert _claim(store, team, recipient="U_BOB") is not None
    assert _claim(store, team, local_date=DAY + timedelta(days=1)) is not None
    with store.session() as session:
        other_job = claim_post(
            session=session,
            workspace_id=team.workspace_id,
            job="evening-checkins",
            recipient="U_ALICE",
            local_date=DAY,
            now=NOW,
        )
    assert other_job is not None


def test_a_sent_post_is_never_claimed_again(store: Store, team: Team) -> None:
    row = _claim(store, team)
    assert row is not None
    with store.session() as session:
        sent = mark_sent(
            session=session,
            workspace_id=team.workspace_id,
            post_id=row.id,
            slack_ts="1799999999.000100",
            channel_id="D123",
            now=NOW + timedelta(seconds=1),
        )
    assert (sent.status, sent.slack_ts, sent.channel_id) == ("sent", "1799999999.000100", "D123")
    assert sent.sent_at == NOW + timedelta(seconds=1)
    assert _claim(store, team) is None
    with pytest.raises(InvalidRequestError), store.session() as session:
        mark_failed(
            session=session, workspace_id=team.workspace_id, post_id=row.id, error="x", now=NOW
        )


def _fail(store: Store, team: Team, row: OutboxRow, at: datetime, **kw: object) -> OutboxRow:
    with store.session() as session:
        return mark_failed(
            session=session,
            workspace_id=team.workspace_id,
            post_id=row.id,
            error="http_503",
            now=at,
            **kw,  # type: ignore[arg-type]
        )


def _find(store: Store, team: Team) -> OutboxRow:
    with store.read() as session:
        found = find_post(
            session=session,
            workspace_id=team.workspace_id,
            job="daily-prompts",
            recipient="U_ALICE",
            local_date=DAY,
        )
    assert found is not None
    return found


def test_a_failed_post_waits_out_its_backoff_before_it_is_claimed_again(
    store: Store, team: Team
) -> None:
    row = _claim(store, team)
    assert row is not None
    failed = _fail(store, team, row, NOW)
    assert (failed.status, failed.last_error) == ("failed", "http_503")
    assert failed.next_attempt_at == NOW + timedelta(minutes=2)
    # The scheduler ticks every minute: the tick a minute later leaves it alone.
    assert _claim(store, team, now=NOW + timedelta(minutes=1)) is None
    assert waiting(_find(store, team), NOW + timedelta(minutes=1))
    retried = _claim(store, team, now=NOW + timedelta(minutes=2))
    assert retried is not None
    assert (retried.status, retried.attempts, retried.next_attempt_at) == ("claimed", 2, None)
    # The second failure waits twice as long.
    second = _fail(store, team, retried, NOW + timedelta(minutes=2))
    assert second.next_attempt_at == NOW + timedelta(minutes=6)
    assert _claim(store, team, now=NOW + timedelta(minutes=5)) is None
    assert _claim(store, team, now=NOW + timedelta(minutes=6)) is not None


def test_the_backoff_doubles_up_to_half_an_hour() -> None:
    minutes = [retry_delay(attempts) / timedelta(minutes=1) for attempts in range(1, 9)]
    assert minutes == [2, 4, 8, 16, 30, 30, 30, 30]
    assert retry_delay(10_000) == timedelta(minutes=30)


def test_an_outage_of_an_hour_costs_a_post_a_handful_of_attempts(store: Store, team: Team) -> None:
    # Ticked every minute through an hour of failures, then Slack is back.
    attempts = 0
    for minute in range(60):
        at = NOW + timedelta(minutes=minute)
        row = _claim(store, team, now=at)
        if row is not None:
            attempts += 1
            _fail(store, team, row, at)
    assert attempts == 5  # at 0, 2, 6, 14 and 30 minutes; the next is at 60
    assert not gave_up(_find(store, team))
    assert _claim(store, team, now=NOW + timedelta(minutes=60)) is not None
    assert attempts < DEFAULT_MAX_ATTEMPTS


def test_a_post_out_of_attempts_is_given_up_not_done(store: Store, team: Team) -> None:
    at = NOW
    row = _claim(store, team, max_attempts=3, now=at)
    for attempt in (2, 3):
        assert row is not None
        failed = _fail(store, team, row, at)
        assert not gave_up(failed, max_attempts=3)
        assert failed.next_attempt_at is not None
        at = failed.next_attempt_at
        row = _claim(store, team, max_attempts=3, now=at)
        assert row is not None
        assert row.attempts == attempt
    assert row is not None
    last = _fail(store, team, row, at)
    later = at + timedelta(days=1)
    assert _claim(store, team, max_attempts=3, now=later) is None
    assert gave_up(last, max_attempts=3)
    assert not waiting(last, later, max_attempts=3)  # not waiting: there is no next attempt
    assert (last.status, last.attempts) == ("failed", 3)


def test_a_failure_may_be_retried_at_once(store: Store, team: Team) -> None:
    # A reconciled claim whose message never reached Slack: the same run posts it.
    row = _claim(store, team)
    assert row is not None
    requeued = _fail(store, team, row, NOW, retry_at=NOW)
    assert not waiting(requeued, NOW)
    assert _claim(store, team) is not None


def test_find_post_reads_one_post_or_none(store: Store, team: Team) -> None:
    with store.read() as session:
        nothing = find_post(
            session=session,
            workspace_id=team.workspace_id,
            job="daily-prompts",
            recipient="U_ALICE",
            local_date=DAY,
        )
    assert nothing is None
    claimed = _claim(store, team)
    assert _find(store, team) == claimed


def test_a_skipped_post_stays_skipped(store: Store, team: Team) -> None:
    row = _claim(store, team)
    assert row is not None
    with store.session() as session:
        mark_skipped(
            session=session,
            workspace_id=team.workspace_id,
            post_id=row.id,
            reason="away",
            now=NOW,
        )
    assert _claim(store, team) is None


def test_claims_never_marked_are_listed_for_reconciliation(store: Store, team: Team) -> None:
    stuck = _claim(store, team, recipient="U_ALICE")
    done = _claim(store, team, recipient="U_BOB")
    assert stuck is not None
    assert done is not None
    with store.session() as session:
        mark_sent(
            session=session,
            workspace_id=team.workspace_id,
            post_id=done.id,
            slack_ts="1.2",
            now=NOW,
        )
    with store.read() as session:
        pending = pending_unmarked(
            session=session,
            workspace_id=team.workspace_id,
            claimed_before=NOW + timedelta(minutes=5),
        )
        too_recent = pending_unmarked(
            session=session, workspace_id=team.workspace_id, claimed_before=NOW
        )
        everything = outbox_posts(session=session, workspace_id=team.workspace_id, local_date=DAY)
    assert [p.recipient for p in pending] == ["U_ALICE"]
    assert too_recent == []
    assert sorted((p.recipient, p.status) for p in everything) == [
        ("U_ALICE", "claimed"),
        ("U_BOB", "sent"),
    ]


def test_a_claim_rolled_back_with_its_transaction_can_be_claimed_again(
    store: Store, team: Team
) -> None:
    def claim_then_crash() -> None:
        with store.session() as session:
            claimed = claim_post(
                session=session,
                workspace_id=team.workspace_id,
                job="daily-prompts",
                recipient="U_ALICE",
                local_date=DAY,
                now=NOW,
            )
            assert claimed is not None
            raise RuntimeError("crashed before commit")

    with pytest.raises(RuntimeError, match="crashed"):
        claim_then_crash()
    assert _claim(store, team) is not None


def test_an_event_is_handled_once(store: Store, team: Team) -> None:
    with store.session() as session:
        first = record_event(
            session=session, workspace_id=team.workspace_id, event_id="Ev01", now=NOW
        )
    with store.session() as session:
        retry = record_event(
            session=session, workspace_id=team.workspace_id, event_id="Ev01", now=NOW
        )
        seen = was_processed(session=session, workspace_id=team.workspace_id, event_id="Ev01")
        unseen = was_processed(session=session, workspace_id=team.workspace_id, event_id="Ev02")
    assert (first, retry, seen, unseen) == (True, False, True, False)


def test_an_event_whose_handling_failed_is_handled_on_the_retry(store: Store, team: Team) -> None:
    def handle_and_fail() -> None:
        with store.session() as session:
            record_event(session=session, workspace_id=team.workspace_id, event_id="Ev01", now=NOW)
            raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError, match="handler failed"):
        handle_and_fail()
    with store.session() as session:
        retry = record_event(
            session=session, workspace_id=team.workspace_id, event_id="Ev01", now=NOW
        )
    assert retry is True
