"""`summit jobs run NAME [--now ISO8601]`, as an operator types it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.cli import main
from bot.sandbox import Emulator, User
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import MARCH, Sandbox, add_member, give_target
from tests.bot.jobs.conftest import sandbox as sandbox  # the fixture, shared with the job tests

MONDAY_0905_NEW_YORK = "2026-03-02T09:05-05:00"


@pytest.fixture
def environment(store: Store, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", emulator.bot_token)
    monkeypatch.setenv("SLACK_API_URL", emulator.base_url)


@pytest.mark.usefixtures("environment")
def test_daily_prompts_prints_one_line_and_a_second_run_posts_nothing(
    sandbox: Sandbox, emulator: Emulator, people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    first = main(["jobs", "run", "daily-prompts", "--now", MONDAY_0905_NEW_YORK])
    first_out = capsys.readouterr().out
    second = main(["jobs", "run", "daily-prompts", "--now", MONDAY_0905_NEW_YORK])
    second_out = capsys.readouterr().out

    assert (first, first_out) == (0, "daily-prompts: posted 2, skipped 0, failed 0\n")
    assert (second, second_out) == (
        0,
        "daily-prompts: posted 0, skipped 0, failed 0 (already sent 2)\n",
    )
    assert len(emulator.messages_to(people.lei.id)) == 1


@pytest.mark.usefixtures("environment")
def test_a_failed_post_makes_the_exit_code_non_zero(
    store: Store, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = User("U09GONE", "gone")  # not in the Slack workspace
    give_target(
        store,
        sandbox.workspace_id,
        add_member(store, sandbox.workspace_id, gone),
        Decimal("22000"),
        MARCH,
    )

    code = main(["jobs", "run", "daily-prompts", "--now", MONDAY_0905_NEW_YORK])

    assert code == 1
    assert capsys.readouterr().out == "daily-prompts: posted 2, skipped 0, failed 1\n"


@pytest.mark.usefixtures("environment")
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["jobs", "run", "daily-prompts", "--now", "2026-03-02T09:05"], "has no UTC offset"),
        (["jobs", "run", "daily-prompts", "--now", "tomorrow"], "is not an ISO 8601 time"),
    ],
)
def test_jobs_not_built_and_bad_times_are_refused_with_exit_code_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_help_lists_every_job_of_the_operator_contract(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["jobs", "run", "--help"])

    assert exit_.value.code == 0
    # Whitespace dropped: argparse wraps to the terminal's width, hyphens included.
    shown = "".join(capsys.readouterr().out.split())
    for name in (
        "daily-prompts",
        "evening-checkins",
        "weekly-review",
        "manager-summary",
        "milestone-nudges",
    ):
        assert name in shown
