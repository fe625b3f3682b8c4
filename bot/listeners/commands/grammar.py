"""The first word of `/target ...`: which subcommand, in English or Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Subcommand(StrEnum):
    SET = "set"
    LOG = "log"
    UNDO = "undo"
    STATUS = "status"
    PLAN = "plan"
    SPLIT = "split"
    TEAM = "team"
    MANAGER = "manager"
    MILESTONE = "milestone"
    AWAY = "away"
    SETTINGS = "settings"
    HELP = "help"


# Simplified and Traditional aliases; English words are matched case-insensitively.
ALIASES: Final[Mapping[str, Subcommand]] = {
    **{s.value: s for s in Subcommand},
    "设定": Subcommand.SET,
    "设置": Subcommand.SET,
    "設定": Subcommand.SET,
    "設置": Subcommand.SET,
    "记录": Subcommand.LOG,
    "記錄": Subcommand.LOG,
    "撤销": Subcommand.UNDO,
    "撤回": Subcommand.UNDO,
    "撤銷": Subcommand.UNDO,
    "进度": Subcommand.STATUS,
    "進度": Subcommand.STATUS,
    "计划": Subcommand.PLAN,
    "計劃": Subcommand.PLAN,
    "計畫": Subcommand.PLAN,
    "拆分": Subcommand.SPLIT,
    "分解": Subcommand.SPLIT,
    "团队": Subcommand.TEAM,
    "團隊": Subcommand.TEAM,
    "经理": Subcommand.MANAGER,
    "經理": Subcommand.MANAGER,
    "里程碑": Subcommand.MILESTONE,
    "休假": Subcommand.AWAY,
    "请假": Subcommand.AWAY,
    "請假": Subcommand.AWAY,
    # 设置 already means set, so the workspace settings go by 配置.
    "配置": Subcommand.SETTINGS,
    "setting": Subcommand.SETTINGS,
    "帮助": Subcommand.HELP,
    "幫助": Subcommand.HELP,
    "?": Subcommand.HELP,
    "？": Subcommand.HELP,
}

# Chinese is often typed without a space after the verb ("记录3.5万").
_CJK_ALIASES: Final = sorted(
    (alias for alias in ALIASES if not alias.isascii() and len(alias) > 1), key=len, reverse=True
)


@dataclass(frozen=True)
class CommandLine:
    """`/target` text split into its subcommand (None when unknown), the word as typed, and
    the rest."""

    subcommand: Subcommand | None
    word: str
    rest: str


def parse_command_line(text: str) -> CommandLine:
    """Empty text means help. Any whitespace separates words, the ideographic space included."""
    stripped = text.strip()
    if not stripped:
        return CommandLine(Subcommand.HELP, "", "")
    word, *tail = stripped.split(maxsplit=1)
    rest = tail[0].strip() if tail else ""
    found = ALIASES.get(word.casefold())
    if found is not None:
        return CommandLine(found, word, rest)
    for alias in _CJK_ALIASES:
        if word.startswith(alias):
            glued = word.removeprefix(alias)
            return CommandLine(ALIASES[alias], alias, f"{glued} {rest}".strip())
    return CommandLine(None, word, rest)
