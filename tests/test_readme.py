"""The README is the front door: its promises are checked against the code."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.listeners.commands.grammar import parse_command_line
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


@pytest.mark.parametrize("name", _subcommands(build_parser()))
def test_every_summit_subcommand_is_documented(name: str) -> None:
    assert re.search(rf"summit {re.escape(name)}\b", README), f"`summit {name}` not in README"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_environment_variable_is_documented(field: str) -> None:
    assert f"`{field.upper()}`" in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    test_command = next(block for block in blocks if "pytest" in block)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


@pytest.mark.parametrize(
    "example", sorted(set(re.findall(r"`(/target [^`]+)`", README))), ids=lambda e: e
)
def test_every_slash_command_example_names_a_real_subcommand(example: str) -> None:
    line = parse_command_line(example.removeprefix("/target "))
    assert line.subcommand is not None, example
