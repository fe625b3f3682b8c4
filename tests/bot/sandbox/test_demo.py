"""`summit demo`: the real app in a sandbox, driven by what a person types, shown as Slack shows
it, with its data kept in a SQLite file between runs."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from bot.core.periods import Period
from bot.sandbox.demo import (
    DEFAULT_START,
    SHANGHAI,
    DemoError,
    DemoOptions,
    Sandbox,
    builtin_script,
    escape_mentions,
    form_values,
    job_ticks,
    parse_advance,
    run_demo,
)
from bot.sandbox.team import DemoLang, demo_team
from bot.settings import Settings
from storage.actuals import daily_actuals
from storage.members import member_by_slack_id
from storage.records import Owner
from storage.store import Store
from storage.targets import active_targets

TEAM = demo_team()
LILEI, ALICE, BOB = (TEAM.find(name) for name in ("lilei", "alice", "bob"))
Q1 = Period(date(2027, 1, 1), date(2027, 3, 31))


def console() -> Console:
    return Console(file=io.StringIO(), width=200, soft_wrap=True, color_system=None)


def transcript_of(out: Console) -> list[str]:
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue().splitlines()


def run(
    database: Path,
    lines: Sequence[str] | None = None,
    *,
    lang: DemoLang | None = None,
    reset: bool = False,
    days: int = 0,
) -> list[str]:
    """One `summit demo` run typing `lines` (the built-in script when None); its transcript."""
    out = console()
    options = DemoOptions(database=database, script=lines, lang=lang, reset=reset, days=days)
    code = run_demo(options, settings=Settings(), console=out)
    assert code == 0
    return transcript_of(out)


def after(lines: list[str], heading: str) -> list[str]:
    """The lines following the first one that starts with `heading` (stripped)."""
    stripped = [line.strip() for line in lines]
    index = next(i for i, line in enumerate(stripped) if line.startswith(heading))
    return stripped[index + 1 :]


def amounts_won(database: Path, slack_user_id: str) -> dict[date, Decimal]:
    with Store(f"sqlite:///{database}") as store, store.read() as session:
        member = member_by_slack_id(
            session=session, workspace_id="T0SANDBOX", slack_user_id=slack_user_id
        )
        assert member is not None
        return daily_actuals(
            session=session, workspace_id="T0SANDBOX", member_id=member.id, between=Q1
        )


def targets_of(database: Path, slack_user_id: str) -> list[Decimal]:
    with Store(f"sqlite:///{database}") as store, store.read() as session:
        member = member_by_slack_id(
            session=session, workspace_id="T0SANDBOX", slack_user_id=slack_user_id
        )
        if member is None:
            return []
        targets = active_targets(
            session=session, workspace_id="T0SANDBOX", owner=Owner.member(member.id)
        )
        return [target.amount.amount for target in targets]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "demo.db"


@pytest.fixture
def sandbox(database: Path) -> Iterator[Sandbox]:
    with Sandbox(database=database, settings=Settings(), console=console()) as running:
        yield running


# -- the built-in script --------------------------------------------------------------------


def test_the_builtin_script_goes_from_a_target_to_a_check_in(database: Path) -> None:
    lines = run(database)

    # The manager's command, and the decomposition only they see, calendar-true.
    manager_view = after(lines, "王经理 in #sales: /target set 500万 本季度 @lilei @alice")
    assert manager_view[0] == "Summit → only visible to 王经理 in #sales"
    assert "按月：2027-01 ¥169.49万 · 2027-02 ¥135.59万 · 2027-03 ¥194.92万" in manager_view
    # Each rep is told in a DM, in their own language.
    assert "Summit → DM to 李雷" in manager_view
    alice_dm = after(lines, "Summit → DM to Alice Smith")
    assert alice_dm[2] == "Months: 2027-01 ¥1.69M · 2027-02 ¥1.36M · 2027-03 ¥1.95M"
    assert targets_of(database, LILEI.id) == [Decimal("5000000.00")]
    assert targets_of(database, ALICE.id) == [Decimal("5000000.00")]
    # 李雷's free-text check-in, answered in its thread and recorded for his day.
    check_in = after(lines, "李雷 in their DM with Summit: 今天签了3.5万，拜访4家客户")
    assert check_in[0] == "Summit → a thread in DM to 李雷"
    assert amounts_won(database, LILEI.id) == {date(2027, 1, 4): Decimal("35000.00")}
    # The last status shows what he won.
    assert "¥3.5万" in " ".join(after(lines, "李雷 in #sales: /target status"))


def test_the_english_script_speaks_english_to_everyone(database: Path) -> None:
    lines = run(database, lang="en")

    manager_view = after(lines, "王经理 in #sales: /target set 5M this quarter @alice @bob")
    assert manager_view[0] == "Summit → only visible to 王经理 in #sales"
    assert "Months: 2027-01 ¥1.69M · 2027-02 ¥1.36M · 2027-03 ¥1.95M" in manager_view
    assert after(lines, "Bob Chen in their DM with Summit: closed 35k today, 4 visits")[0] == (
        "Summit → a thread in DM to Bob Chen"
    )
    assert amounts_won(database, BOB.id) == {date(2027, 1, 4): Decimal("35000.00")}


def test_the_builtin_script_prints_narration_and_who_is_typing() -> None:
    assert builtin_script(None) == builtin_script("zh")
    assert ":as lilei" in builtin_script("zh")
    assert ":as bob" in builtin_script("en")


# -- kept between runs, or reset --------------------------------------------------------------


def test_the_database_and_clock_are_kept_between_runs(database: Path) -> None:
    run(database, ["/target set 500万 本季度 @lilei", ":advance 1d"])

    second = run(database, [":now"])

    assert second[-1] == "Tue 2027-01-05 09:00 CST"
    assert targets_of(database, LILEI.id) == [Decimal("5000000.00")]


def test_reset_starts_over_with_an_empty_database_on_the_first_morning(database: Path) -> None:
    run(database, ["/target set 500万 本季度 @lilei", ":advance 2d"])

    again = run(database, [":now"], reset=True)

    assert again[-1] == "Mon 2027-01-04 09:00 CST"
    assert targets_of(database, LILEI.id) == []


def test_days_advances_the_clock_one_day_at_a_time_after_the_script(database: Path) -> None:
    lines = run(database, [":now"], days=2)

    assert lines[-1].startswith("⏰ Tue 2027-01-05 09:00 CST → Wed 2027-01-06 09:00 CST")
    assert [line for line in lines if line.startswith("⏰")] == [
        "⏰ Mon 2027-01-04 09:00 CST → Tue 2027-01-05 09:00 CST",
        "⏰ Tue 2027-01-05 09:00 CST → Wed 2027-01-06 09:00 CST",
    ]


# -- the clock drives the scheduled jobs -----------------------------------------------------


def test_advancing_the_clock_sends_each_rep_their_morning_prompt_at_their_09_00(
    sandbox: Sandbox,
) -> None:
    sandbox.type_line("/target set 500万 本季度 @lilei @alice")
    lilei_dm = sandbox.emulator.dm_channel(LILEI.id)
    alice_dm = sandbox.emulator.dm_channel(ALICE.id)
    told = {channel: len(top_level(sandbox, channel)) for channel in (lilei_dm, alice_dm)}

    # Tuesday 09:00 in Shanghai is still Monday 20:00 in New York.
    sandbox.type_line(":advance to 2027-01-05 09:00")

    # 李雷: Monday's, caught up when the clock first moved, and Tuesday's.
    assert len(top_level(sandbox, lilei_dm)) == told[lilei_dm] + 2
    # Alice: Monday 09:00 in New York has come; Tuesday 09:00 there has not.
    assert len(top_level(sandbox, alice_dm)) == told[alice_dm] + 1
    sandbox.type_line(":advance to 2027-01-05 22:00")  # 09:00 in New York
    assert len(top_level(sandbox, alice_dm)) == told[alice_dm] + 2
    shown = [line.strip() for line in transcript_of(sandbox.console)]
    assert "── Tue 2027-01-05 22:00 CST · daily-prompts" in shown


def top_level(sandbox: Sandbox, channel: str) -> list[str]:
    """What Summit posted in a DM outside threads (prompts, not their follow-ups)."""
    return [m.ts for m in sandbox.emulator.messages_to(channel) if not m.is_reply]


def test_a_thread_reply_to_the_prompt_counts_for_its_day(sandbox: Sandbox, database: Path) -> None:
    sandbox.type_line("/target set 500万 本季度 @lilei")
    sandbox.type_line(":advance to 2027-01-05 09:00")
    sandbox.type_line(":as lilei")

    sandbox.type_line(":reply 签了5万")

    dm = sandbox.emulator.dm_channel(LILEI.id)
    prompt = [m for m in sandbox.emulator.messages_to(dm) if not m.is_reply][-1]
    thread = sandbox.emulator.workspace.thread(dm, prompt.ts)
    assert [m.text for m in thread[1:2]] == ["签了5万"]
    assert amounts_won(database, LILEI.id) == {date(2027, 1, 5): Decimal("50000.00")}


def test_clicking_a_button_sends_the_click_to_the_app(sandbox: Sandbox, database: Path) -> None:
    sandbox.type_line("/target set 500万 本季度 @lilei")
    sandbox.type_line("/target set 600万 本季度 @lilei")  # asks before replacing
    replace = next(
        shown for shown in sandbox.transcript.buttons.values() if shown.button.style == "danger"
    )

    sandbox.type_line(f":click {replace.button.number}")

    assert targets_of(database, LILEI.id) == [Decimal("6000000.00")]
    lines = transcript_of(sandbox.console)
    assert f"王经理 clicks [{replace.button.number}: {replace.button.label}]" in lines


def test_a_button_in_someone_elses_dm_cannot_be_clicked(sandbox: Sandbox) -> None:
    sandbox.type_line("/target set 500万 本季度 @lilei")
    sandbox.type_line(":advance to 2027-01-04 10:00")  # 李雷's morning prompt, with buttons
    mine = next(n for n, shown in sandbox.transcript.buttons.items() if shown.viewer == LILEI.id)
    calls = len(sandbox.emulator.calls())

    sandbox.type_line(f":click {mine}")

    assert transcript_of(sandbox.console)[-1].strip() == (
        f"only 李雷 sees button [{mine}]; `:as` them first"
    )
    assert len(sandbox.emulator.calls()) == calls


def test_home_opens_the_app_home(sandbox: Sandbox) -> None:
    sandbox.type_line(":as bob")

    sandbox.type_line(":home")

    assert sandbox.emulator.home_view(BOB.id) is not None
    assert "Summit → App Home of Bob Chen" in [
        line.strip() for line in transcript_of(sandbox.console)
    ]


def test_mistyped_sandbox_commands_are_explained_and_the_demo_goes_on(sandbox: Sandbox) -> None:
    mistakes = (":as nobody", ":click 99", ":advance sideways", ":teleport", ":reply hi", ":submit")
    for line in mistakes:
        assert sandbox.type_line(line) is True

    shown = [line.strip() for line in transcript_of(sandbox.console)]
    assert "nobody called 'nobody' here; :who lists the team" in shown
    assert "no button [99] on screen; buttons are numbered" in shown
    assert "no sandbox command :teleport; :help lists them" in shown
    assert "no modal is open; a button may open one" in shown
    assert sandbox.person == TEAM.manager
    assert sandbox.clock.now == DEFAULT_START


def test_interactive_input_runs_until_quit(database: Path) -> None:
    typed = iter([":as alice", ":now", ":quit", ":as bob"])
    prompts: list[str] = []

    def read_line(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    out = console()
    run_demo(
        DemoOptions(database=database, interactive=True),
        settings=Settings(),
        console=out,
        read_line=read_line,
    )

    assert prompts == ["王经理 › ", "Alice Smith › ", "Alice Smith › "]


def test_interactive_input_ends_at_end_of_input(database: Path) -> None:
    def read_line(prompt: str) -> str:
        raise EOFError

    out = console()
    assert (
        run_demo(
            DemoOptions(database=database, interactive=True),
            settings=Settings(),
            console=out,
            read_line=read_line,
        )
        == 0
    )


# -- pure parts --------------------------------------------------------------------------------


def test_mentions_are_escaped_the_way_slack_sends_them() -> None:
    assert escape_mentions("/target set 5M Q1 @alice @李雷 @nobody", TEAM) == (
        "/target set 5M Q1 <@U01ALICE|alice> <@U02LILEI|lilei> @nobody"
    )
    assert escape_mentions("@here and @Everyone in #sales, #other", TEAM) == (
        "<!here> and <!everyone> in <#C0SALES|sales>, #other"
    )
    assert escape_mentions("mail bob@example.com", TEAM) == "mail bob@example.com"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1d", DEFAULT_START + timedelta(days=1)),
        ("3h", DEFAULT_START + timedelta(hours=3)),
        ("30m", DEFAULT_START + timedelta(minutes=30)),
        ("2w", DEFAULT_START + timedelta(weeks=2)),
        ("to 2027-01-08 09:00", datetime(2027, 1, 8, 9, 0, tzinfo=SHANGHAI)),
        ("to 2027-01-08T09:00-05:00", datetime(2027, 1, 8, 14, 0, tzinfo=UTC)),
    ],
)
def test_advance_understands_durations_and_times(typed: str, expected: datetime) -> None:
    assert parse_advance(typed, now=DEFAULT_START) == expected


@pytest.mark.parametrize("typed", ["", "tomorrow", "-1d", "to yesterday", "to 2027-01-04 08:00"])
def test_advance_refuses_what_it_cannot_read_or_going_back(typed: str) -> None:
    with pytest.raises(DemoError):
        parse_advance(typed, now=DEFAULT_START)


def test_jobs_wake_on_every_whole_hour_and_at_the_end() -> None:
    start = datetime(2027, 1, 4, 9, 30, tzinfo=SHANGHAI)

    ticks = job_ticks(start, start + timedelta(hours=2, minutes=10))

    assert [tick.astimezone(SHANGHAI).strftime("%H:%M") for tick in ticks] == [
        "10:00",
        "11:00",
        "11:40",
    ]
    assert job_ticks(start, start + timedelta(minutes=30)) == [
        datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    ]


def test_a_modal_is_filled_in_order_as_slack_reports_its_state() -> None:
    view = {
        "type": "modal",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Log today"}},
            {
                "type": "input",
                "block_id": "amount",
                "element": {"type": "plain_text_input", "action_id": "value"},
            },
            {
                "type": "input",
                "block_id": "kind",
                "element": {
                    "type": "static_select",
                    "action_id": "choice",
                    "options": [
                        {"text": {"type": "plain_text", "text": "回款"}, "value": "collection"},
                        {"text": {"type": "plain_text", "text": "签约"}, "value": "deal"},
                    ],
                },
            },
            {
                "type": "input",
                "block_id": "day",
                "element": {"type": "datepicker", "action_id": "date"},
            },
        ],
    }

    assert form_values(view, ["12万", "签约"]) == {
        "amount": {"value": {"type": "plain_text_input", "value": "12万"}},
        "kind": {
            "choice": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "签约"},
                    "value": "deal",
                },
            }
        },
        "day": {"date": {"type": "datepicker", "selected_date": None}},
    }
    with pytest.raises(DemoError):
        form_values(view, ["1", "2", "3", "4"])
