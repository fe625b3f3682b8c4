"""The morning DM: today's number, the actions behind it, month and period pace, and buttons.

A pure builder: plain data in, `{"text": ..., "blocks": [...]}` out. The job gathers the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.core.money import format_amount
from bot.i18n import Lang, t

# Interactive ids of the buttons; the action listeners answer these.
LOG_RESULT = "prompt_log_result"
AWAY_TODAY = "prompt_away_today"
NEED_HELP = "prompt_need_help"
BUTTONS_BLOCK = "morning_prompt_actions"

Block = dict[str, Any]


@dataclass(frozen=True)
class PaceFigures:
    """Won so far against the whole span's target."""

    target: Decimal
    actual: Decimal
    attainment_pct: Decimal | None  # None for a zero target


@dataclass(frozen=True)
class TargetToday:
    """One active target as it stands this morning."""

    period_label: str
    currency: str | None
    amount: Decimal  # what today asks for, any made-up shortfall included
    planned: Decimal  # the plan's own amount for today
    visits: int
    proposals: int
    signings: int
    month: PaceFigures
    period: PaceFigures
    behind: bool  # short of what was due by yesterday
    provisional: bool  # the period's holidays are estimated

    @property
    def makeup(self) -> Decimal:
        """The part of today's number that makes up earlier days' shortfall."""
        return max(self.amount - self.planned, Decimal(0))


@dataclass(frozen=True)
class MorningPrompt:
    user_id: str
    day: date
    targets: tuple[TargetToday, ...]


def build_morning_prompt(prompt: MorningPrompt, lang: Lang) -> dict[str, Any]:
    """The DM's notification text and blocks."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": t(lang, "prompt.header", day=prompt.day.isoformat()),
            },
        }
    ]
    for target in prompt.targets:
        blocks.extend(_target_blocks(target, lang))
    blocks.append(_buttons(prompt, lang))
    first = prompt.targets[0] if prompt.targets else None
    text = (
        t(lang, "prompt.text", amount=_money(first.amount, first.currency, lang))
        if first is not None
        else t(lang, "prompt.header", day=prompt.day.isoformat())
    )
    return {"text": text, "blocks": blocks}


def _target_blocks(target: TargetToday, lang: Lang) -> list[Block]:
    lines = [
        t(
            lang,
            "prompt.amount",
            amount=_money(target.amount, target.currency, lang),
            label=target.period_label,
        )
    ]
    if target.makeup > 0:
        lines.append(
            t(
                lang,
                "prompt.makeup",
                extra=_money(target.makeup, target.currency, lang),
                planned=_money(target.planned, target.currency, lang),
            )
        )
    lines.append(
        t(
            lang,
            "prompt.actions",
            visits=target.visits,
            proposals=target.proposals,
            signings=target.signings,
        )
    )
    pace_lines = [
        t(lang, "prompt.month", **_pace_params(target.month, target.currency, lang)),
        t(
            lang,
            "prompt.period",
            label=target.period_label,
            **_pace_params(target.period, target.currency, lang),
        ),
        t(lang, "prompt.behind" if target.behind else "prompt.on_track"),
    ]
    blocks: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}},
        {"type": "context", "elements": [_mrkdwn(line) for line in pace_lines]},
    ]
    if target.provisional:
        blocks.append({"type": "context", "elements": [_mrkdwn(t(lang, "prompt.provisional"))]})
    return blocks


def _buttons(prompt: MorningPrompt, lang: Lang) -> Block:
    value = prompt.day.isoformat()
    return {
        "type": "actions",
        "block_id": BUTTONS_BLOCK,
        "elements": [
            _button(t(lang, "prompt.button.log"), LOG_RESULT, value, style="primary"),
            _button(t(lang, "prompt.button.away"), AWAY_TODAY, value),
            _button(t(lang, "prompt.button.help"), NEED_HELP, value),
        ],
    }


def _button(label: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
    }
    if style is not None:
        button["style"] = style
    return button


def _pace_params(figures: PaceFigures, currency: str | None, lang: Lang) -> dict[str, str]:
    pct = figures.attainment_pct
    return {
        "actual": _money(figures.actual, currency, lang),
        "target": _money(figures.target, currency, lang),
        "pct": "—" if pct is None else f"{pct}%",
    }


def _money(amount: Decimal, currency: str | None, lang: Lang) -> str:
    return format_amount(amount, lang, currency)


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}
