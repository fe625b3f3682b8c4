"""The `/target help` reply: every subcommand with what it does and an example."""

from __future__ import annotations

from typing import Any, Final

from bot.i18n import Lang, t

Block = dict[str, Any]

# The order users meet them in: set a target, log results, then read progress.
HELP_TOPICS: Final = (
    "set",
    "log",
    "status",
    "plan",
    "split",
    "team",
    "milestone",
    "away",
    "manager",
    "settings",
    "help",
)


def command_sections(lang: Lang) -> list[Block]:
    """One section per subcommand: usage in bold, a sentence, an example to copy."""
    return [
        _mrkdwn_section(
            f"*`{t(lang, f'help.{topic}.usage')}`*\n"
            f"{t(lang, f'help.{topic}.summary')}\n"
            f"{_example(lang, topic)}"
        )
        for topic in HELP_TOPICS
    ]


def build_help_blocks(lang: Lang) -> list[Block]:
    return [
        {"type": "header", "text": {"type": "plain_text", "text": t(lang, "help.title")}},
        _mrkdwn_section(t(lang, "help.intro")),
        *command_sections(lang),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t(lang, "help.aliases")}]},
    ]


def help_text(lang: Lang) -> str:
    """The same content as plain text: the notification preview and the fallback."""
    lines = [t(lang, "help.title"), t(lang, "help.intro"), ""]
    for topic in HELP_TOPICS:
        lines.append(f"{t(lang, f'help.{topic}.usage')}: {t(lang, f'help.{topic}.summary')}")
        lines.append(f"  {_example(lang, topic)}")
    lines.append(t(lang, "help.aliases"))
    return "\n".join(lines)


def _example(lang: Lang, topic: str) -> str:
    return t(lang, "help.example", example=t(lang, f"help.{topic}.example"))


def _mrkdwn_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
