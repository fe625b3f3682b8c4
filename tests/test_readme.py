"""The README is the front door: its promises are checked against the code.

- every `summit` subcommand and every environment variable is documented, and every `summit`
  command line in the README parses;
- `.ci/run` runs exactly the README's test command;
- the README's start command, run with no Slack token on a fresh home directory, prints the
  demo transcript the README shows;
- every `/target` example in the README is read by the command grammar and the subcommand's
  own parser without a usage error or a PlanningError, as Slack would deliver it;
- every check-in example records what the README says it records.

The week-long demo of the README is run in tests/test_demo_week.py.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
import urllib.parse
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

import pytest

from bot.cli import NO_TOKEN_NOTICE, build_parser
from bot.core.checkin import CheckIn, parse_check_in
from bot.core.errors import PlanningError
from bot.core.periods import parse_period
from bot.listeners.commands.away import CLEAR_WORDS
from bot.listeners.commands.grammar import Subcommand, parse_command_line
from bot.listeners.commands.team import VERBS
from bot.services.actuals import read_entry
from bot.services.milestones import parse_milestone, read_days
from bot.services.settings import parse_setting
from bot.services.targets import BROADCAST, MENTION, parse_set
from bot.services.teams import CHANNEL, Refused
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The sandbox's first morning: the README's examples are written for 2027Q1 seen from there.
TODAY: Final = date(2027, 1, 4)
# The start command's first steps: make a virtualenv and install this checkout into it.
INSTALL: Final = "python3 -m venv .venv && .venv/bin/pip install -e ."


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def code_blocks(language: str) -> list[str]:
    """The README's fenced blocks in `language`, without their fences."""
    return re.findall(rf"^```{language}\n(.*?)\n```$", README, flags=re.S | re.M)


def start_command() -> str:
    return next(block for block in code_blocks("sh") if block.endswith("summit serve"))


def readme_test_command() -> str:
    return next(block for block in code_blocks("sh") if "pytest" in block)


# -- what is documented -----------------------------------------------------------------------


@pytest.mark.parametrize("name", _subcommands(build_parser()))
def test_every_summit_subcommand_is_documented(name: str) -> None:
    assert re.search(rf"summit {re.escape(name)}\b", README), f"`summit {name}` not in README"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_environment_variable_is_documented(field: str) -> None:
    assert f"`{field.upper()}`" in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_test_command() in ci


PLACEHOLDERS: Final = {
    "FILE": "backup.db",
    "REV": "head",
    "REVISION": "head",
    "NAME": "daily-prompts",
}


def summit_examples() -> list[str]:
    """Every `summit ...` command line in the README, in shell blocks and in inline code,
    without comments and redirections."""
    found = re.findall(r"`(?:\.venv/bin/)?(summit [^`]+)`", README)
    for block in re.findall(r"^ *```sh\n(.*?)\n *```$", README, flags=re.S | re.M):
        for line in block.splitlines():
            _, bin_, command = line.partition(".venv/bin/summit ")
            if bin_:
                found.append("summit " + command)
    return sorted({re.split(r"\s+#|\s+>|\s+&&", line)[0].strip() for line in found})


@pytest.mark.parametrize("line", summit_examples(), ids=lambda line: line)
def test_every_summit_command_line_in_the_readme_parses(line: str) -> None:
    words = shlex.split(line.removeprefix("summit "))
    # A placeholder in capitals stands for any value of its kind.
    words = [PLACEHOLDERS.get(word, word) for word in words]
    try:
        args = build_parser().parse_args(words)
    except SystemExit as exit_:
        pytest.fail(f"`{line}` does not parse (exit {exit_.code})")
    assert args.command == words[0]


# -- the start command, as a newcomer runs it ------------------------------------------------


def newcomer_shell(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A checkout whose `.venv` is the virtualenv running these tests, and the environment of a
    fresh machine: a PATH, an empty home directory (so the data directory is its
    `.local/share`), nothing about Slack or XDG.

    The README's command starts with `python3 -m venv .venv && .venv/bin/pip install -e .`;
    those steps are what made this test's virtualenv (an editable install of this checkout, as
    `test_the_install_step_is_what_this_virtualenv_is` checks), so a test runs the rest of
    the command against it rather than downloading every dependency again."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    return checkout, env


def run_in_shell(
    command: str, checkout: Path, env: Mapping[str, str], *, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command],
        cwd=checkout,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_the_install_step_is_what_this_virtualenv_is() -> None:
    assert start_command() == f"{INSTALL} && .venv/bin/summit serve"
    assert sys.prefix != sys.base_prefix, "the tests run in a virtualenv"
    summit = Path(sys.prefix) / "bin" / "summit"
    assert os.access(summit, os.X_OK)
    # `pip install -e .` of this checkout: editable, pointing here.
    installed = importlib.metadata.distribution("summit")
    origin = json.loads(installed.read_text("direct_url.json") or "{}")
    assert origin["dir_info"] == {"editable": True}
    assert Path(urllib.parse.urlparse(origin["url"]).path).resolve() == ROOT


def excerpt_lines(excerpt: str) -> list[str]:
    return [line for line in excerpt.splitlines() if line.strip()]


def appears_in_order(wanted: Sequence[str], lines: Sequence[str]) -> list[str]:
    """The lines of `wanted` not found in `lines` in that order (an excerpt skips lines)."""
    missing: list[str] = []
    position = 0
    for line in wanted:
        try:
            position = lines.index(line, position) + 1
        except ValueError:
            missing.append(line)
    return missing


def test_the_start_command_without_a_token_prints_the_readme_transcript(tmp_path: Path) -> None:
    checkout, env = newcomer_shell(tmp_path)
    runnable = start_command().removeprefix(f"{INSTALL} && ")

    done = run_in_shell(runnable, checkout, env)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == NO_TOKEN_NOTICE
    shown = next(block for block in code_blocks("text") if "/target set" in block)
    assert appears_in_order(excerpt_lines(shown), lines) == []
    # The demo keeps its data in the user's data directory, not in the checkout.
    assert (Path(env["HOME"]) / ".local" / "share" / "summit" / "demo.db").is_file()
    assert [path.name for path in checkout.iterdir()] == [".venv"]


# -- every /target example parses -------------------------------------------------------------

# Slack turns a mention picked from its menu into `<@U…|name>` and a channel into `<#C…|name>`
# before Summit sees the command (the manifest sets should_escape).
_TYPED_MENTION: Final = re.compile(r"(?<![<\w])@([\w.\-]*\w)")
_TYPED_CHANNEL: Final = re.compile(r"(?<![<\w&])#([\w\-]*\w)")
_IDS: dict[str, str] = {}


def as_slack_sends(text: str) -> str:
    def user(match: re.Match[str]) -> str:
        user_id = _IDS.setdefault(match[1], f"U{len(_IDS) + 1:08d}")
        return f"<@{user_id}|{match[1]}>"

    def channel(match: re.Match[str]) -> str:
        return f"<#C{abs(hash(match[1])) % 10**8:08d}|{match[1]}>"

    return _TYPED_CHANNEL.sub(channel, _TYPED_MENTION.sub(user, text))


def slash_examples() -> list[str]:
    """Every `/target ...` in the README: inline code, and lines of fenced blocks (a
    transcript's `who in #sales: /target ...`, a script's line), without trailing comments."""
    inline = re.findall(r"`(/target [^`]+)`", README)
    fenced = [
        re.sub(r"\s+#\s.*$", "", line[line.index("/target ") :]).strip()
        for block in re.findall(r"^```\w*\n(.*?)\n```$", README, flags=re.S | re.M)
        for line in block.splitlines()
        if "/target " in line
    ]
    return sorted(set(inline + fenced))


def read_as_summit_does(example: str) -> None:
    """Read `/target TEXT` the way its handler reads it before touching Slack or the database
    (same parsers, same order; see bot/listeners/commands/*.py). Raises the PlanningError or
    Refused the user would be shown, or AssertionError where the handler answers with usage."""
    line = parse_command_line(as_slack_sends(example.removeprefix("/target ")))
    rest = line.rest
    assert line.subcommand is not None, f"no subcommand {line.word!r}"
    assert not BROADCAST.search(rest), "a broadcast mention"
    mentions = MENTION.findall(rest)
    word, _, after = rest.partition(" ")
    match line.subcommand:
        case Subcommand.SET:
            parse_set(rest, today=TODAY)
        case Subcommand.LOG:
            assert rest, "log needs an amount"
            day, _ = read_entry(rest, today=TODAY)
            assert day <= TODAY, "a day that has not come yet is refused"
        case Subcommand.PLAN | Subcommand.SPLIT:
            if rest:
                parse_period(rest, today=TODAY)
        case Subcommand.STATUS:
            assert len(mentions) <= 1, "status of one person at a time"
        case Subcommand.TEAM:
            if word:
                verb = VERBS.get(word.casefold())
                assert verb is not None, f"team has no verb {word!r}"
                if verb == "channel":
                    assert CHANNEL.fullmatch(after.strip()), "not a channel"
                else:
                    assert MENTION.findall(after), "nobody to add or remove"
        case Subcommand.MANAGER:
            assert VERBS.get(word.casefold()) == "add", "manager add @user"
            assert len(mentions) == 1, "manager add names one person"
        case Subcommand.MILESTONE:
            if word:
                assert VERBS.get(word.casefold()) == "add", f"milestone has no verb {word!r}"
                parse_milestone(after, today=TODAY)
        case Subcommand.AWAY:
            assert len(mentions) <= 1, "away for one person at a time"
            days = MENTION.sub(" ", rest).strip()
            first, _, others = days.partition(" ")
            clear = CLEAR_WORDS.get(first.casefold(), False)
            span = read_days(others if clear else days, today=TODAY)
            assert clear or span.end >= TODAY, "days off in the past are refused"
        case Subcommand.SETTINGS:
            if rest:
                parse_setting(rest)
        case Subcommand.UNDO | Subcommand.HELP:
            pass


@pytest.mark.parametrize("example", slash_examples(), ids=lambda e: e)
def test_every_slash_command_example_parses(example: str) -> None:
    read_as_summit_does(example)


def test_every_subcommand_has_an_english_and_a_chinese_example() -> None:
    examples = [parse_command_line(e.removeprefix("/target ")) for e in slash_examples()]
    for subcommand in Subcommand:
        words = {line.word for line in examples if line.subcommand is subcommand}
        assert any(word.isascii() for word in words), f"no English example of {subcommand}"
        assert any(not word.isascii() for word in words), f"no Chinese example of {subcommand}"


@pytest.mark.parametrize(
    "example",
    [
        "/target set lots 本季度",
        "/target set 500万",
        "/target plan someday",
        "/target team invite @alice",
        "/target team channel sales",
        "/target manager add",
        "/target milestone add 2026-12-31 170万",
        "/target away whenever",
        "/target settings colour blue",
        "/target log",
        "/target log 2027-01-05 8万",
        "/target away 2027-01-01",
        "/target fly me to the moon",
    ],
)
def test_a_wrong_example_would_be_caught(example: str) -> None:
    """The check above can fail: mistakes a README could make are refused."""
    with pytest.raises((AssertionError, PlanningError, Refused)):
        read_as_summit_does(example)


# -- check-ins --------------------------------------------------------------------------------


def check_in_examples() -> dict[str, str]:
    """The README's table of check-ins: the message as written -> what it records."""
    section = README.split("| check-in | recorded |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, flags=re.M)
    assert rows, "the README's check-in table is missing"
    return dict(rows)


_RECORDED: Final = re.compile(r"(?P<number>[\d,.]+) (?P<what>[a-z ]+)")
_FIELDS: Final[Mapping[str, str]] = {
    "won": "amount",
    "collected": "collections",
    "visits": "visits",
    "visit": "visits",
    "calls": "calls",
    "call": "calls",
    "deals": "deals",
    "deal": "deals",
    "proposals": "proposals",
    "proposal": "proposals",
    "new customers": "new_customers",
    "new customer": "new_customers",
}


def recorded(claim: str) -> dict[str, Decimal]:
    """`¥35,000 won, 4 visits` as {amount: 35000, visits: 4}; fields not named are zero, and
    a remark in brackets is not a figure."""
    figures = {"amount": Decimal(0)}
    claim = re.sub(r"\s*\(.*?\)", "", claim)
    for part in claim.replace("¥", "").split(", "):
        match = _RECORDED.fullmatch(part.strip())
        assert match is not None, f"cannot read the README's claim {part!r}"
        figures[_FIELDS[match["what"]]] = Decimal(match["number"].replace(",", ""))
    return figures


def figures_of(reading: CheckIn) -> dict[str, Decimal]:
    every = {name: Decimal(getattr(reading, name)) for name in (*_FIELDS.values(), "amount")}
    return {name: value for name, value in every.items() if value or name == "amount"}


@pytest.mark.parametrize(("message", "claim"), check_in_examples().items())
def test_every_check_in_example_records_what_the_readme_says(message: str, claim: str) -> None:
    assert figures_of(parse_check_in(message)) == recorded(claim)
