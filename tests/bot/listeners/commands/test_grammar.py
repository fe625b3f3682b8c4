"""Reading the first word of `/target ...` in English or Chinese."""

from __future__ import annotations

import pytest

from bot.listeners.commands.grammar import CommandLine, Subcommand, parse_command_line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "set 500万 2027Q1 <@U01ALICE|alice>",
            CommandLine(Subcommand.SET, "set", "500万 2027Q1 <@U01ALICE|alice>"),
        ),
        ("SET 5M Q1", CommandLine(Subcommand.SET, "SET", "5M Q1")),
        ("设定 500万 本季度", CommandLine(Subcommand.SET, "设定", "500万 本季度")),
        ("设置 500万 本季度", CommandLine(Subcommand.SET, "设置", "500万 本季度")),
        ("記錄 3.5萬", CommandLine(Subcommand.LOG, "記錄", "3.5萬")),
        ("记录\u30003.5万 华东", CommandLine(Subcommand.LOG, "记录", "3.5万 华东")),
        ("记录3.5万 华东", CommandLine(Subcommand.LOG, "记录", "3.5万 华东")),
        ("  status  ", CommandLine(Subcommand.STATUS, "status", "")),
        ("进度", CommandLine(Subcommand.STATUS, "进度", "")),
        ("计划 2027-03", CommandLine(Subcommand.PLAN, "计划", "2027-03")),
        ("团队 add <@U02LILEI>", CommandLine(Subcommand.TEAM, "团队", "add <@U02LILEI>")),
        ("帮助", CommandLine(Subcommand.HELP, "帮助", "")),
        ("", CommandLine(Subcommand.HELP, "", "")),
        ("dance now", CommandLine(None, "dance", "now")),
        ("设定目标", CommandLine(Subcommand.SET, "设定", "目标")),
    ],
)
def test_the_first_word_picks_the_subcommand(text: str, expected: CommandLine) -> None:
    assert parse_command_line(text) == expected
