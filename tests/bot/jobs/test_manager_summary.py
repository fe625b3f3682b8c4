"""The manager's Monday summary, end to end: the job reads the store at a fixed `now`, DMs the
summary and uploads the chart through the Web API emulator, each exactly once.

Wang (Shanghai, writes Chinese) manages Lei and Alice. The week summed up is Monday 2026-03-02
to Sunday 03-08: five working days of March's 10,000 a day. Lei met every day; Alice met Monday
and Tuesday, then missed three days in a row.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.charts import PNG_SIGNATURE
from bot.core.periods import Period
from bot.jobs.manager_summary import CHART_JOB, JOB, chart_filename, run_manager_summary
from bot.sandbox import Emulator
from bot.views.summary import chart_comment
from storage.actuals import log_actual
from storage.checkins import add_review_answer, record_review
from storage.members import add_team_members, create_team, set_manager
from storage.outbox import claim_post, outbox_posts
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import SET_UP, Sandbox, give_target

MONDAY = date(2026, 3, 9)
MONDAY_0905 = datetime(2026, 3, 9, 1, 5, tzinfo=UTC)  # 09:05 in Shanghai
LAST_WEEK = Period(date(2026, 3, 2), date(2026, 3, 8))


@pytest.fixture
def team(store: Store, sandbox: Sandbox, people: People) -> Sandbox:
    with store.session() as session:
        for rep in (sandbox.lei, sandbox.alice):
            set_manager(
                session=session,
                workspace_id=sandbox.workspace_id,
                member_id=rep,
                manager_id=sandbox.wang,
                actor=people.wang.id,
                now=SET_UP,
            )
        lei_days = [date(2026, 3, 2) + timedelta(days=n) for n in range(5)]
        alice_days = [date(2026, 3, 2), date(2026, 3, 3)]
        for member, days in ((sandbox.lei, lei_days), (sandbox.alice, alice_days)):
            for day in days:
                log_actual(
                    session=session,
                    workspace_id=sandbox.workspace_id,
                    member_id=member,
                    day=day,
                    amount=Decimal("10000"),
                    idempotency_key=f"{member}-{day}",
                    source="slash",
                    actor="test",
                    now=SET_UP,
                )
    return sandbox


def dms(emulator: Emulator, user_id: str) -> list[Any]:
    return [m for m in emulator.messages_to(user_id) if m.user == emulator.bot_user_id]


def section_text(message: Any) -> str:
    return "\n".join(
        block["text"]["text"] for block in message.blocks if block["type"] == "section"
    )


def test_monday_morning_brings_the_manager_the_summary_and_the_chart_once(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    report = run_manager_summary(store, client, MONDAY_0905)

    assert (report.posted, report.failed) == (2, 0)
    summary, chart = dms(emulator, people.wang.id)
    assert summary.text == "团队 2026-03-02 当周：完成 ¥7万 / 目标 ¥10万（70.0%）"
    shown = section_text(summary)
    assert "<@U02LILEI> · 2026-03\n上周：¥5万 / ¥5万（100.0%）" in shown
    assert "<@U01ALICE> · 2026-03 :warning:\n上周：¥2万 / ¥5万（40.0%）" in shown
    # The chart arrives after the summary, in the same DM, as a PNG.
    assert chart.files
    assert chart.text == chart_comment(LAST_WEEK, "zh-Hans")
    [uploaded] = emulator.uploaded_files()
    assert uploaded.content is not None
    assert uploaded.content.startswith(PNG_SIGNATURE)
    assert uploaded.filename == chart_filename(MONDAY)
    assert uploaded.channels == (emulator.dm_channel(people.wang.id),)
    # Reps get nothing from this job.
    assert dms(emulator, people.lei.id) == dms(emulator, people.alice.id) == []
    with store.read() as session:
        rows = outbox_posts(session=session, workspace_id=team.workspace_id, local_date=MONDAY)
    assert {(row.job, row.recipient, row.status) for row in rows} == {
        (JOB, people.wang.id, "sent"),
        (CHART_JOB, people.wang.id, "sent"),
    }


def test_an_at_risk_rep_is_listed_with_the_reasons(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    run_manager_summary(store, client, MONDAY_0905)

    summary, _ = dms(emulator, people.wang.id)
    at_risk = summary.blocks[-1]["text"]["text"]
    assert at_risk.startswith("*风险提示*")
    assert (
        "<@U01ALICE>（2026-03）：\n• 已连续 3 个工作日未完成目标。\n• 2026-W10 周仅完成计划的 40.0%"
        in at_risk
    )
    assert "U02LILEI" not in at_risk


def test_running_again_posts_and_uploads_nothing_new(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    run_manager_summary(store, client, MONDAY_0905)
    again = run_manager_summary(store, client, MONDAY_0905 + timedelta(hours=3))

    assert (again.posted, again.failed, again.already) == (0, 0, 1)
    assert len(emulator.calls("chat.postMessage")) == 1
    assert len(emulator.calls("files.completeUploadExternal")) == 1
    assert len(dms(emulator, people.wang.id)) == 2


@pytest.mark.parametrize(
    "now",
    [
        MONDAY_0905 - timedelta(minutes=10),  # Monday 08:55 in Shanghai: not yet
        MONDAY_0905 + timedelta(days=1),  # Tuesday: last Monday's summary is stale
        MONDAY_0905 - timedelta(days=3),  # Friday
    ],
)
def test_nothing_is_sent_outside_the_managers_monday_morning(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, now: datetime
) -> None:
    report = run_manager_summary(store, client, now)

    assert report.posted == 0
    assert emulator.calls("chat.postMessage") == []
    assert emulator.uploaded_files() == []


def test_a_member_without_reps_gets_no_summary(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox
) -> None:
    report = run_manager_summary(store, client, MONDAY_0905)

    assert report.posted == 0
    assert emulator.calls("chat.postMessage") == []


def test_a_chart_uploaded_by_a_run_that_died_before_marking_it_is_not_uploaded_again(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    # A run claimed the chart and uploaded it, then died before recording that it had.
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=team.workspace_id,
            job=CHART_JOB,
            recipient=people.wang.id,
            local_date=MONDAY,
            now=MONDAY_0905,
        )
    client.files_upload_v2(
        channel=emulator.dm_channel(people.wang.id),
        file=PNG_SIGNATURE + b"earlier",
        filename=chart_filename(MONDAY),
        title="chart",
        initial_comment=chart_comment(LAST_WEEK, "zh-Hans"),
    )

    report = run_manager_summary(store, client, MONDAY_0905 + timedelta(minutes=5))

    assert (report.posted, report.reconciled, report.failed) == (1, 1, 0)  # the summary only
    assert len(emulator.uploaded_files()) == 1


def test_a_chart_claimed_by_a_run_that_died_before_uploading_is_uploaded_once(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    with store.session() as session:
        claim_post(
            session=session,
            workspace_id=team.workspace_id,
            job=CHART_JOB,
            recipient=people.wang.id,
            local_date=MONDAY,
            now=MONDAY_0905,
        )

    report = run_manager_summary(store, client, MONDAY_0905 + timedelta(minutes=5))

    assert (report.posted, report.failed) == (2, 0)
    [uploaded] = emulator.uploaded_files()
    assert uploaded.content is not None
    assert uploaded.content.startswith(PNG_SIGNATURE)


def test_a_failed_upload_is_retried_by_the_next_run(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    emulator.fail_next("files.completeUploadExternal", error="internal_error", status=500)

    first = run_manager_summary(store, client, MONDAY_0905)
    # A minute later the chart waits out its backoff (and the run says so); two minutes, it goes.
    waiting = run_manager_summary(store, client, MONDAY_0905 + timedelta(minutes=1))
    second = run_manager_summary(store, client, MONDAY_0905 + timedelta(minutes=2))

    assert (first.posted, first.failed) == (1, 1)
    assert (waiting.posted, waiting.failed, waiting.already) == (0, 1, 1)
    assert (second.posted, second.failed) == (1, 0)
    assert len(emulator.uploaded_files()) == 1
    assert len(dms(emulator, people.wang.id)) == 2


def test_a_teams_manager_gets_the_summary_of_the_teams_reps(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        east = create_team(
            session=session,
            workspace_id=sandbox.workspace_id,
            name="East",
            actor=people.wang.id,
            now=SET_UP,
            manager_id=sandbox.wang,
        )
        add_team_members(
            session=session,
            workspace_id=sandbox.workspace_id,
            team_id=east.id,
            member_ids=[sandbox.lei, sandbox.wang],
            actor=people.wang.id,
            now=SET_UP,
        )

    report = run_manager_summary(store, client, MONDAY_0905)

    assert report.posted == 2
    summary, _ = dms(emulator, people.wang.id)
    assert "<@U02LILEI>" in section_text(summary)
    assert "U01ALICE" not in section_text(summary)  # not on Wang's team


def test_a_manager_in_new_york_gets_it_at_nine_on_their_own_monday(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    with store.session() as session:
        set_manager(
            session=session,
            workspace_id=sandbox.workspace_id,
            member_id=sandbox.lei,
            manager_id=sandbox.alice,
            actor=people.wang.id,
            now=SET_UP,
        )
    new_york_0905 = datetime(2026, 3, 9, 13, 5, tzinfo=UTC)  # EDT since 03-08

    early = run_manager_summary(store, client, MONDAY_0905)  # Sunday evening in New York
    on_time = run_manager_summary(store, client, new_york_0905)

    assert (early.posted, on_time.posted) == (0, 2)
    summary, chart = dms(emulator, people.alice.id)
    assert summary.text == "Your team's week of 2026-03-02: ¥0 of ¥50k (0.0%)"
    assert chart.text == chart_comment(LAST_WEEK, "en")


# -- the first Monday: nothing planned in the week summed up ------------------------------------

JUNE = Period(date(2026, 6, 1), date(2026, 6, 30), "2026-06")  # starts on a Monday
JUNE_MONDAY = date(2026, 6, 1)
JUNE_MONDAY_0905 = datetime(2026, 6, 1, 1, 5, tzinfo=UTC)  # 09:05 in Shanghai


def manage(store: Store, sandbox: Sandbox, people: People, *reps: int) -> None:
    with store.session() as session:
        for rep in reps:
            set_manager(
                session=session,
                workspace_id=sandbox.workspace_id,
                member_id=rep,
                manager_id=sandbox.wang,
                actor=people.wang.id,
                now=SET_UP,
            )


def test_a_team_whose_targets_start_today_gets_no_summary_of_last_week(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    manage(store, sandbox, people, sandbox.lei, sandbox.alice)
    for rep in (sandbox.lei, sandbox.alice):
        give_target(store, sandbox.workspace_id, rep, Decimal("220000"), JUNE)

    report = run_manager_summary(store, client, JUNE_MONDAY_0905)
    again = run_manager_summary(store, client, JUNE_MONDAY_0905 + timedelta(hours=2))

    # No "¥0 / ¥0（—）" for anyone: nothing is sent, and it is a skip, not a failure.
    assert (report.posted, report.skipped, report.failed) == (0, 1, 0)
    assert emulator.calls("chat.postMessage") == []
    assert emulator.uploaded_files() == []
    with store.read() as session:
        rows = outbox_posts(
            session=session, workspace_id=sandbox.workspace_id, local_date=JUNE_MONDAY
        )
    assert {(row.job, row.recipient, row.status) for row in rows} == {
        (JOB, people.wang.id, "skipped"),
        (CHART_JOB, people.wang.id, "skipped"),
    }
    # Later ticks that Monday find it done without gathering the figures again.
    assert (again.posted, again.skipped, again.already) == (0, 0, 1)


def test_a_rep_with_nothing_planned_last_week_gets_no_line(
    store: Store, emulator: Emulator, client: WebClient, sandbox: Sandbox, people: People
) -> None:
    manage(store, sandbox, people, sandbox.lei, sandbox.alice)
    give_target(store, sandbox.workspace_id, sandbox.lei, Decimal("220000"), JUNE)
    may = Period(date(2026, 5, 1), date(2026, 5, 31), "2026-05")
    give_target(store, sandbox.workspace_id, sandbox.alice, Decimal("190000"), may)

    report = run_manager_summary(store, client, JUNE_MONDAY_0905)

    assert (report.posted, report.failed) == (2, 0)
    summary, _ = dms(emulator, people.wang.id)
    shown = section_text(summary)
    assert "<@U01ALICE> · 2026-05" in shown
    assert "U02LILEI" not in shown  # June starts today: nothing of last week to show
    assert "（—）" not in shown


# -- the week's review answers --------------------------------------------------------------------


def answer(store: Store, sandbox: Sandbox, review_id: int, member: int, text: str) -> None:
    with store.session() as session:
        add_review_answer(
            session=session,
            workspace_id=sandbox.workspace_id,
            review_id=review_id,
            member_id=member,
            event_id=f"Ev{review_id}-{member}-{len(text)}",
            text=text,
            actor="test",
            now=SET_UP,
        )


def review_of(store: Store, sandbox: Sandbox, team_id: int, week_start: date) -> int:
    with store.session() as session:
        return record_review(
            session=session,
            workspace_id=sandbox.workspace_id,
            team_id=team_id,
            week_start=week_start,
            channel_id="C0SALES",
            thread_ts=f"{week_start:%Y%m%d}.000100",
            now=SET_UP,
        ).id


def test_the_summary_quotes_each_reps_answers_from_last_weeks_review(
    store: Store, emulator: Emulator, client: WebClient, team: Sandbox, people: People
) -> None:
    with store.session() as session:
        east = create_team(
            session=session,
            workspace_id=team.workspace_id,
            name="East",
            actor=people.wang.id,
            now=SET_UP,
        )
    last_week = review_of(store, team, east.id, LAST_WEEK.start)
    week_before = review_of(store, team, east.id, LAST_WEEK.start - timedelta(days=7))
    long = "客户A延期到下月，" * 40  # 360 characters
    answer(store, team, last_week, team.lei, "本周签了5万，下周需要技术支持")
    answer(store, team, last_week, team.alice, long)
    answer(store, team, week_before, team.alice, "an old answer")

    run_manager_summary(store, client, MONDAY_0905)

    summary, _ = dms(emulator, people.wang.id)
    notes = summary.blocks[-1]["text"]["text"]
    assert notes.startswith("*周复盘回复*\n")
    assert "<@U02LILEI>：\n> 本周签了5万，下周需要技术支持" in notes
    # Clipped at 300 characters; the whole answer stays in the thread.
    assert f"<@U01ALICE>：\n> {long[:299]}…" in notes
    assert "an old answer" not in section_text(summary)
