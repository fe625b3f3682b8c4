"""English messages: the reference catalogue every other language is checked against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.generic": (
        "Sorry, something went wrong on Summit's side. Please try again in a moment; "
        "if it keeps happening, tell your Slack admin."
    ),
    "command.unknown": (
        "I don't know `/target {word}`. Type `/target help` to see every command "
        "— for example `/target status`."
    ),
    "command.not_available": (
        "`/target {command}` is not available yet — it is on its way. "
        "Meanwhile `/target help` shows what you can do."
    ),
    "help.title": "Summit: /target commands",
    "help.intro": (
        "Turn a big sales target into small daily steps. Amounts like 5M, 120k, $120k or 500万; "
        "periods like 2027, 2027Q1, 2027-03, this quarter or next month."
    ),
    "help.example": "Example: `{example}`",
    "help.aliases": "Chinese works too: 设定/设置, 记录, 进度, 计划, 团队, 帮助.",
    "help.set.usage": "/target set AMOUNT PERIOD [@user …]",
    "help.set.summary": (
        "Set a sales target for a period: for yourself, or as a manager for your reps."
    ),
    "help.set.example": "/target set 5M 2027Q1 @alice",
    "help.log.usage": "/target log AMOUNT [note]",
    "help.log.summary": "Record what you closed today; your pace and tomorrow's number follow.",
    "help.log.example": "/target log 12k Acme renewal",
    "help.status.usage": "/target status",
    "help.status.summary": (
        "See attainment, pace, forecast and what is still needed per working day."
    ),
    "help.status.example": "/target status",
    "help.plan.usage": "/target plan [PERIOD]",
    "help.plan.summary": (
        "Show the plan by month, week and working day, holidays and make-up working days included."
    ),
    "help.plan.example": "/target plan 2027-03",
    "help.team.usage": "/target team [add @user …]",
    "help.team.summary": "Managers: see your team's progress, or add reps to your team.",
    "help.team.example": "/target team add @bob @carol",
    "help.help.usage": "/target help",
    "help.help.summary": "Show this list.",
    "help.help.example": "/target help",
    "home.welcome": "Welcome, <@{user}>! :wave:",
    "home.intro": (
        "Summit turns a big sales target into small daily steps: a number and the actions "
        "behind it every working morning, a short check-in in the evening, and a weekly review."
    ),
    "home.commands": "What you can type",
    "home.footer": "Type `/target help` in any channel to see this list again.",
    "mention.hint": (
        "Hi <@{user}>! I work through `/target`: type `/target help` to see what I can do."
    ),
}
