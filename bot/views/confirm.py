"""Asking before a target is replaced: what would change, and Replace / Cancel buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from bot.core.money import format_amount
from bot.core.periods import Period
from bot.i18n import Lang, t

Block = dict[str, Any]

REPLACE_ACTION: Final = "target_set_replace"
CANCEL_ACTION: Final = "target_set_cancel"
CONFIRM_BLOCK: Final = "target_set_confirm"


@dataclass(frozen=True)
class Replacement:
    """One active target the new one would replace."""

    user_id: str
    amount: Decimal
    currency: str | None
    set_by: str


def build_replace_blocks(
    lang: Lang,
    *,
    replacements: Sequence[Replacement],
    amount: Decimal,
    currency: str | None,
    period: Period,
    value: str,
) -> list[Block]:
    """The question, one line per replaced target, and the two buttons carrying `value` (the
    pending change) so that a click can be carried out without any state kept in between."""
    lines = [replace_text(lang, amount=amount, currency=currency, period=period)]
    lines.extend(
        t(
            lang,
            "set.confirm.line",
            user=r.user_id,
            amount=format_amount(r.amount, lang, r.currency),
            by=r.set_by,
        )
        for r in replacements[:40]
    )
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000]}},
        {
            "type": "actions",
            "block_id": CONFIRM_BLOCK,
            "elements": [
                {
                    "type": "button",
                    "action_id": REPLACE_ACTION,
                    "style": "danger",
                    "text": {"type": "plain_text", "text": t(lang, "set.confirm.replace")},
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": CANCEL_ACTION,
                    "text": {"type": "plain_text", "text": t(lang, "set.confirm.cancel")},
                    "value": "cancel",
                },
            ],
        },
    ]


def replace_text(lang: Lang, *, amount: Decimal, currency: str | None, period: Period) -> str:
    return t(
        lang,
        "set.confirm.question",
        amount=format_amount(amount, lang, currency),
        period=period.label or f"{period.start}..{period.end}",
    )
