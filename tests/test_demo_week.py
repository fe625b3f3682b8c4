"""A week of Summit in the sandbox, run the way the README tells a newcomer to run it.

The README's `week.txt` and its `summit demo --reset --script week.txt --days 3` command run in
a fresh home directory with no Slack variables, in a real process: from `/target set` through
five working days of morning prompts, evening questions and check-ins, the Friday review in the
team's channel, and the manager's Monday summary with its chart. The tests read the transcript
the way a person reads it, message by message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pytest

from tests.test_readme import (
    README,
    appears_in_order,
    code_blocks,
    excerpt_lines,
    newcomer_shell,
    run_in_shell,
)

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
ANY: Final = "any job or none"
WORKING_DAYS: Final = ("2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08")


def week_script() -> str:
    """The block the README asks to save as `week.txt`."""
    found = re.search(r"as `week\.txt`:\n\n```text\n(.*?)\n```", README, flags=re.S)
    assert found is not None, "the README's week.txt is missing"
    return found[1] + "\n"


def week_command() -> str:
    return next(block for block in code_blocks("sh") if "--script week.txt" in block)


@dataclass
class Message:
    """One message Summit sent, as the transcript shows it."""

    where: str  # "DM to 李雷", "a thread in DM to 李雷", "#sales", ...
    job: str | None  # the scheduled job that sent it; None when it answered someone
    at: str | None  # the sandbox time of that job's run, e.g. "Mon 2027-01-04 10:00 CST"
    lines: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_JOB_RUN: Final = re.compile(r"^── (?P<at>.+) · (?P<job>[a-z-]+)$")
_UPLOADED: Final = "  Summit uploaded a file, saved as "


def messages(transcript: str) -> list[Message]:
    """The transcript cut into Summit's messages, each with the job run it came from."""
    found: list[Message] = []
    job: str | None = None
    at: str | None = None
    current: Message | None = None
    for line in transcript.splitlines():
        if run := _JOB_RUN.match(line):
            job, at, current = run["job"], run["at"], None
        elif line.startswith("  Summit → "):
            current = Message(line.removeprefix("  Summit → "), job, at)
            found.append(current)
        elif line.startswith(_UPLOADED) and current is not None:
            current.files.append(Path(line.removeprefix(_UPLOADED)))
        elif line.startswith("    ") and current is not None:
            current.lines.append(line.strip())
        else:  # someone typed, the clock moved, narration: what follows answers it
            job, at, current = None, None, None
    return found


@dataclass(frozen=True)
class Week:
    stdout: str
    stderr: str
    returncode: int
    home: Path
    messages: list[Message]

    def sent(self, *, job: str | None = ANY, where: str | None = None) -> list[Message]:
        """Summit's messages from `job` (None: answers to someone, not a job) to `where`."""
        return [
            message
            for message in self.messages
            if job in (ANY, message.job) and where in (None, message.where)
        ]


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Week:
    tmp_path = tmp_path_factory.mktemp("week")
    checkout, env = newcomer_shell(tmp_path)
    (checkout / "week.txt").write_text(week_script(), encoding="utf-8")

    done = run_in_shell(week_command(), checkout, env, timeout=120)

    return Week(done.stdout, done.stderr, done.returncode, Path(env["HOME"]), messages(done.stdout))


def test_the_week_runs_cleanly_and_shows_what_the_readme_says(week: Week) -> None:
    assert week.returncode == 0, week.stderr
    assert week.stderr == ""
    shown = next(block for block in code_blocks("text") if "· weekly-review" in block)
    expected = [line.replace("~", str(week.home)) for line in excerpt_lines(shown)]
    assert appears_in_order(expected, week.stdout.splitlines()) == []


def test_the_target_is_set_and_each_rep_told_in_their_language(week: Week) -> None:
    first = week.messages[0]
    assert first.where == "only visible to 王经理 in #sales"
    assert first.lines == ["✅ 团队 王经理 的周复盘将发到 #sales；经理的周报仍私信发送。"]
    answer = week.messages[1]
    assert answer.lines[0] == "✅ 已为 @李雷, @Alice Smith 设定目标：2027Q1 每人 ¥500万。"
    assert "按月：2027-01 ¥169.49万 · 2027-02 ¥135.59万 · 2027-03 ¥194.92万" in answer.lines
    [lilei] = week.sent(job=None, where="DM to 李雷")
    assert lilei.lines[0].startswith("王经理 为你设定了目标：2027Q1 ¥500万。")
    [alice] = week.sent(job=None, where="DM to Alice Smith")
    assert alice.lines[0].startswith("王经理 set your target: ¥5M for 2027Q1.")


def test_each_working_morning_brings_the_days_number_and_none_on_the_weekend(week: Week) -> None:
    lilei = week.sent(job="daily-prompts", where="DM to 李雷")
    alice = week.sent(job="daily-prompts", where="DM to Alice Smith")

    assert [p.lines[0] for p in lilei] == [f"{day} 的计划" for day in (*WORKING_DAYS, "2027-01-11")]
    assert [p.lines[0] for p in alice] == [f"Your plan for {day}" for day in WORKING_DAYS]
    # 李雷's at 09:00 in Shanghai; Alice's at 09:00 in New York, 22:00 in Shanghai. The target
    # was set just after Monday's 09:00 run, so the 10:00 run caught that morning up.
    assert [p.at for p in lilei][:2] == ["Mon 2027-01-04 10:00 CST", "Tue 2027-01-05 09:00 CST"]
    assert {p.at.split()[2] for p in lilei[1:] if p.at} == {"09:00"}
    assert {p.at.split()[2] for p in alice if p.at} == {"22:00"}
    monday, tuesday = lilei[0], lilei[1]
    assert monday.lines[1:3] == [
        "今天：¥8.47万（2027Q1）",
        "对应行动：拜访 17 次 · 方案 7 份 · 签约 2 单",
    ]
    assert re.fullmatch(r"\[\d+: 记录结果\] \[\d+: 今天不在\] \[\d+: 需要帮助\]", monday.lines[-1])
    # Monday's 3.5万 fell short of 8.47万: Tuesday carries a share of the gap, and says so.
    assert tuesday.lines[1] == "今天：¥8.56万（2027Q1）"
    assert tuesday.lines[2] == "其中 ¥857.69 用于补上前几天的缺口（今天原计划：¥8.47万）。"
    assert alice[0].lines[1].startswith("Today: ¥84.75k")
    assert re.fullmatch(
        r"\[\d+: Log result\] \[\d+: Away today\] \[\d+: Need help\]", alice[0].lines[-1]
    )


def test_every_check_in_is_confirmed_with_the_pace(week: Week) -> None:
    lilei = week.sent(job=None, where="a thread in DM to 李雷")
    alice = week.sent(job=None, where="a thread in DM to Alice Smith")

    assert [m.lines[0] for m in lilei] == [
        "已记录 1月4日（周一）：¥3.5万（拜访4次）。",  # a reply in the evening question's thread
        "已记录 1月5日（周二）：¥9万（拜访5次）。",  # written straight into the DM
    ]
    assert lilei[0].lines[2] == "2027Q1：已完成 ¥3.5万 / ¥500万（0.7%），进度正常。"
    assert lilei[1].lines[2] == "2027Q1：已完成 ¥12.5万 / ¥500万（2.5%），进度正常。"
    # Alice wrote at 18:30 on her Tuesday: it counts for her Tuesday, in English.
    assert alice[0].lines[:3] == [
        "Recorded ¥12k for Tue Jan 5 (5 calls).",
        "Today: ¥12k of ¥86.21k.",
        "2027Q1: ¥12k of ¥5M (0.2%), behind plan by ¥72.75k.",
    ]


def test_the_evening_question_goes_to_whoever_has_not_reported(week: Week) -> None:
    asked = week.sent(job="evening-checkins", where="a thread in DM to 李雷")

    assert [m.at for m in asked] == [
        f"{weekday} {day} 18:00 CST"
        for weekday, day in zip(("Mon", "Tue", "Wed", "Thu", "Fri"), WORKING_DAYS, strict=True)
    ]
    assert asked[0].lines[0].startswith("今天进展如何？在这个话题里回复你的成交和行动")


def test_the_weekly_review_is_posted_in_the_team_channel_on_friday(week: Week) -> None:
    [review] = week.sent(job="weekly-review")

    assert review.where == "#sales"
    assert review.at == "Fri 2027-01-08 17:00 CST"
    assert review.lines[:3] == [
        "周复盘 · 王经理 · 2027-01-04 至 2027-01-10",
        "⚠ @Alice Smith：完成 ¥1.2万 / 目标 ¥42.37万（2.8%）",
        "⚠ @李雷：完成 ¥12.5万 / 目标 ¥42.37万（29.5%）",
    ]
    assert "2. 如果没有达成目标，原因是什么？" in review.lines
    assert review.lines[-1] == "你在本话题中的每条回复都会记为你本周的复盘。"


def test_the_managers_monday_summary_has_the_week_the_risks_and_a_png_chart(week: Week) -> None:
    summaries = week.sent(job="manager-summary", where="DM to 王经理")
    [summary] = [s for s in summaries if s.at == "Mon 2027-01-11 09:00 CST"]

    assert summary.lines[0] == "团队周报 · 2027-01-04 – 2027-01-10"
    lilei = summary.lines.index("@李雷 · 2027Q1 ⚠")
    assert summary.lines[lilei + 1] == (
        "上周：¥12.5万 / ¥42.37万（29.5%）· 本期至今：¥12.5万 / ¥42.37万（29.5%）· 本期目标：¥500万"
    )
    assert "风险提示" in summary.lines
    assert "• 2027-W01 周仅完成计划的 29.5%（¥12.5万 / ¥42.37万）。" in summary.lines
    [chart] = summary.files
    assert chart == week.home / ".local/share/summit/demo-files/summit-summary-2027-01-11.png"
    assert chart.read_bytes().startswith(PNG_SIGNATURE)
    assert chart.stat().st_size > 5_000  # a drawn chart, not an empty canvas


def test_the_manager_hears_of_reps_at_risk(week: Week) -> None:
    alerts = week.sent(job="milestone-nudges", where="DM to 王经理")

    assert alerts, "no risk alert reached the manager"
    assert alerts[0].lines[0] == "⚠ @Alice Smith（2027Q1）有风险：已连续 3 个工作日未完成目标。"


def test_the_week_ends_on_monday_evening_three_days_after_the_script(week: Week) -> None:
    moves = [line for line in week.stdout.splitlines() if line.startswith("⏰")]

    assert moves[-3:] == [
        "⏰ Fri 2027-01-08 17:30 CST → Sat 2027-01-09 17:30 CST",
        "⏰ Sat 2027-01-09 17:30 CST → Sun 2027-01-10 17:30 CST",
        "⏰ Sun 2027-01-10 17:30 CST → Mon 2027-01-11 17:30 CST",
    ]


def test_the_demo_data_is_kept_in_the_users_data_directory(week: Week) -> None:
    data = week.home / ".local" / "share" / "summit"

    assert (data / "demo.db").is_file()
    assert (data / "demo.log").is_file()
