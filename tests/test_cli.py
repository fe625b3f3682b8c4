"""The `summit` command: what the README promises a newcomer and an operator."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import NO_TOKEN_NOTICE, main
from bot.sandbox import Emulator
from bot.sandbox.signed import SlackRequests
from bot.sandbox.team import demo_team, seed
from storage.store import Store

SUBCOMMANDS = ("serve", "demo", "db", "export", "import", "backup", "restore", "jobs")
SUMMIT = Path(sys.executable).with_name("summit")  # the console script `pip install` made


def clean_env(home: Path, **variables: str) -> dict[str, str]:
    """A fresh machine's environment: a PATH, a HOME, and nothing about Slack."""
    return {"PATH": f"{SUMMIT.parent}:/usr/bin:/bin", "HOME": str(home), **variables}


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])

    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert f"    {command} " in shown or f"    {command}\n" in shown, command


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])

    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: summit {command}")


def test_serve_without_a_token_runs_the_demo_script(tmp_path: Path) -> None:
    """The README's start command on a fresh machine: no Slack token, stdin not a terminal."""
    home = tmp_path / "home"
    elsewhere = tmp_path / "cwd"
    home.mkdir()
    elsewhere.mkdir()

    done = subprocess.run(
        [str(SUMMIT), "serve"],
        env=clean_env(home),
        cwd=elsewhere,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == NO_TOKEN_NOTICE
    assert "王经理 in #sales: /target set 500万 本季度 @lilei @alice" in lines
    assert "    按月：2027-01 ¥169.49万 · 2027-02 ¥135.59万 · 2027-03 ¥194.92万" in lines
    assert "李雷 in their DM with Summit: 今天签了3.5万，拜访4家客户" in lines
    assert done.stderr == ""
    # The demo's data is in the user's data directory, never in the working directory.
    assert (home / ".local" / "share" / "summit" / "demo.db").is_file()
    assert list(elsewhere.iterdir()) == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as slack:
        seed(slack, demo_team())
        yield slack


@pytest.mark.parametrize("scheduler", ["on", "off"])
def test_serve_with_a_token_answers_slack_over_http(
    tmp_path: Path, emulator: Emulator, scheduler: str
) -> None:
    port = free_port()
    database = tmp_path / "summit.db"
    env = clean_env(
        tmp_path,
        SLACK_BOT_TOKEN=emulator.bot_token,
        SLACK_SIGNING_SECRET="serve-secret",
        SLACK_API_URL=emulator.base_url,
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{database}",
        SUMMIT_SCHEDULER=scheduler,
    )
    alice = demo_team().find("alice")
    assert alice is not None
    with subprocess.Popen(
        [str(SUMMIT), "serve"],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stderr is not None
            listening = next(
                (line for line in iter(server.stderr.readline, "") if "serving Slack" in line),
                None,
            )
            assert listening is not None, "summit serve stopped before it listened"
            slack = SlackRequests(
                f"http://127.0.0.1:{port}/slack/events",
                emulator,
                signing_secret="serve-secret",
                channel="C0SALES",
            )

            reply = slack.command("help", user=alice)

            assert reply.status == 200
            assert "/target set" in reply.json()["text"]
            assert slack.command("help", user=alice, sign=False).status == 401
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                code = server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                raise
    assert code == 0
    with Store(f"sqlite:///{database}") as store:
        assert store.current_revision() is not None  # serve brought the schema up to date


def test_serve_with_a_token_but_no_signing_secret_refuses_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-real-looking")
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'summit.db'}")

    assert main(["serve"]) == 2

    assert "SLACK_SIGNING_SECRET is not set" in capsys.readouterr().err
    assert not (tmp_path / "summit.db").exists()


def test_a_bad_environment_variable_is_named_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "three thousand")

    assert main(["serve"]) == 2

    error = capsys.readouterr().err
    assert error.startswith("summit: error: bad environment: PORT:")
    assert "Traceback" not in error


def test_demo_runs_a_script_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "script.txt"
    script.write_text("# 王经理 asks for help\n/target help\n\n:as alice\n:now\n", encoding="utf-8")

    code = main(["demo", "--script", str(script), "--database", str(tmp_path / "demo.db")])

    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:4] == [
        "王经理 asks for help",
        "王经理 in #sales: /target help",
        "  Summit → only visible to 王经理 in #sales",
    ]
    assert lines[-2:] == [
        "You are now Alice Smith (@alice, America/New_York, en-US)",
        "Mon 2027-01-04 09:00 CST",
    ]


def test_demo_reset_starts_over(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = str(tmp_path / "demo.db")
    forward, now = tmp_path / "forward.txt", tmp_path / "now.txt"
    forward.write_text(":advance 3d\n", encoding="utf-8")
    now.write_text(":now\n", encoding="utf-8")

    main(["demo", "--script", str(forward), "--database", database])
    main(["demo", "--script", str(now), "--database", database])
    kept = capsys.readouterr().out.splitlines()[-1]
    main(["demo", "--script", str(now), "--database", database, "--reset"])
    reset = capsys.readouterr().out.splitlines()[-1]

    assert kept == "Thu 2027-01-07 09:00 CST"
    assert reset == "Mon 2027-01-04 09:00 CST"


def test_demo_with_a_missing_script_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.txt"

    assert main(["demo", "--script", str(missing), "--database", str(tmp_path / "d.db")]) == 2

    assert capsys.readouterr().err.startswith(f"summit: error: cannot read the script {missing}")


@pytest.mark.parametrize("days", ["-1", "many", "400"])
def test_demo_days_must_be_a_sensible_number(days: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--days", days])

    assert exit_.value.code == 2


def test_python_m_bot_is_the_same_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0
    assert done.stdout.startswith("usage: summit")
