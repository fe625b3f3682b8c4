"""Failed posts through the daily fan-out: they back off, are retried until Slack is back, and a
post that ran out of attempts is reported as failed, never as already sent."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from slack_sdk import WebClient

from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.jobs.report import JobReport
from bot.sandbox import Emulator, User
from storage.outbox import DEFAULT_MAX_ATTEMPTS, claim_post, mark_failed, outbox_posts
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import MARCH, Sandbox, add_member, give_target

NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)  # Monday 09:05 in New York, everyone is due
REPS = [User(f"U1RTY{i:03d}", f"rep{i}", tz="Asia/Shanghai", locale="zh-CN") for i in range(8)]
OUTAGE_MINUTES = 10
SETTLE_MINUTES = 40  # the longest wait after a 10-minute outage is 16 minutes


@pytest.fixture
def team(store: Store, emulator: Emulator, sandbox: Sandbox, people: People) -> list[User]:
    """Lei, Alice and eight more reps, each with a March target: ten DMs due at NOW."""
    for rep in REPS:
        emulator.add_user(rep)
        member = add_member(store, sandbox.workspace_id, rep)
        give_target(store, sandbox.workspace_id, member, Decimal("22000"), MARCH)
    return [people.lei, people.alice, *REPS]


def received(emulator: Emulator, team: list[User]) -> list[int]:
    return [
        sum(1 for m in emulator.messages_to(rep.id) if m.user == emulator.bot_user_id)
        for rep in team
    ]


def statuses(store: Store, sandbox: Sandbox) -> Counter[str]:
    with store.read() as session:
        rows = outbox_posts(session=session, workspace_id=sandbox.workspace_id, job=JOB)
    return Counter(row.status for row in rows)


def test_a_ten_minute_slack_outage_loses_no_prompt_and_sends_none_twice(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, team: list[User]
) -> None:
    # The scheduler ticks once a minute. For ten minutes every post fails: half before Slack
    # stored the message (503), half after (502); then Slack is back.
    reports: list[tuple[JobReport, int]] = []  # each run, and how many reps still had no DM
    for minute in range(OUTAGE_MINUTES + SETTLE_MINUTES):
        emulator.clear_faults()
        if minute < OUTAGE_MINUTES:
            emulator.fail_next("chat.postMessage", status=503, times=len(team) // 2)
            emulator.fail_next("chat.postMessage", status=502, times=len(team), after_serving=True)
        report = run_daily_prompts(store, client, NOW + timedelta(minutes=minute))
        reports.append((report, received(emulator, team).count(0)))
        if minute >= OUTAGE_MINUTES and report.ok:
            break

    assert received(emulator, team) == [1] * len(team)
    assert statuses(store, sandbox) == Counter({"sent": len(team)})
    # While prompts were missing, no run said it was fine, nor counted one as sent.
    for report, missing in reports:
        assert report.ok is (missing == 0), report.summary()
        assert report.failed >= missing, report.summary()
        assert report.posted + report.reconciled + report.already <= len(team) - missing
    # Backing off, the posts Slack never stored were tried at minutes 0, 2, 6 and 14 (the
    # stored ones were found at minute 2), not at every tick.
    assert len(reports) == 15
    assert len(emulator.calls("chat.postMessage")) == len(team) + 3 * (len(team) // 2)


def test_a_post_out_of_attempts_is_reported_failed_not_already_sent(
    store: Store,
    emulator: Emulator,
    client: WebClient,
    sandbox: Sandbox,
    people: People,
    team: list[User],
) -> None:
    # Lei's prompt failed every attempt it was given (each retried at once, to get there fast).
    for _ in range(DEFAULT_MAX_ATTEMPTS):
        with store.session() as session:
            row = claim_post(
                session=session,
                workspace_id=sandbox.workspace_id,
                job=JOB,
                recipient=people.lei.id,
                local_date=NOW.date(),
                now=NOW,
            )
            assert row is not None
            mark_failed(
                session=session,
                workspace_id=sandbox.workspace_id,
                post_id=row.id,
                error="http_503",
                now=NOW,
                retry_at=NOW,
            )

    report = run_daily_prompts(store, client, NOW + timedelta(hours=1))

    assert (report.posted, report.failed, report.already) == (len(team) - 1, 1, 0)
    assert not report.ok
    [given_up] = [d for d in report.details if d.outcome == "failed"]
    assert given_up.recipient == people.lei.id
    assert given_up.error == f"gave up after {DEFAULT_MAX_ATTEMPTS} attempts: http_503"
    assert "failed 1" in report.summary()
    assert "already sent" not in report.summary()
    assert received(emulator, [people.lei]) == [0]
