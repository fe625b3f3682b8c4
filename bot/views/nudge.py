"""Milestone nudges, risk alerts and celebrations: pure builders, data in, message dict out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.core.money import format_amount
from bot.core.rebalance import Risk, Severity
from bot.i18n import Lang, t

Block = dict[str, Any]


@dataclass(frozen=True)
class MilestoneGap:
    """A milestone its owner is behind on: won so far against what is due by now."""

    title: str
    day: date
    days_left: int
    amount: Decimal  # the milestone's amount (or the plan up to its day)
    expected: Decimal  # the amount pro-rated to the days already closed
    actual: Decimal
    currency: str | None

    @property
    def gap(self) -> Decimal:
        return max(self.expected - self.actual, Decimal(0))


def build_milestone_nudge(gaps: Sequence[MilestoneGap], lang: Lang) -> dict[str, Any]:
    first = gaps[0]
    text = t(
        lang,
        "nudge.text",
        days=first.days_left,
        title=first.title,
        gap=format_amount(first.gap, lang, first.currency),
    )
    lines = [
        t(
            lang,
            "nudge.line",
            title=gap.title,
            day=gap.day.isoformat(),
            days=gap.days_left,
            actual=format_amount(gap.actual, lang, gap.currency),
            expected=format_amount(gap.expected, lang, gap.currency),
            amount=format_amount(gap.amount, lang, gap.currency),
            gap=format_amount(gap.gap, lang, gap.currency),
        )
        for gap in gaps
    ]
    blocks: list[Block] = [
        _section("\n".join([t(lang, "nudge.header"), *lines])),
        _context(t(lang, "nudge.tip")),
    ]
    return {"text": text, "blocks": blocks}


def build_risk_alert(
    user_id: str, period_label: str, risk: Risk, lang: Lang, currency: str | None = None
) -> dict[str, Any]:
    key = "risk.critical" if risk.severity is Severity.CRITICAL else "risk.warning"
    line = t(lang, key, user=user_id, label=period_label, reason=risk.message(lang, currency))
    return {
        "text": line,
        "blocks": [_section(line), _context(t(lang, "risk.tip", user=user_id))],
    }


def build_milestone_celebration(
    title: str, actual: Decimal, amount: Decimal, currency: str | None, lang: Lang
) -> dict[str, Any]:
    line = t(
        lang,
        "celebrate.milestone",
        title=title,
        actual=format_amount(actual, lang, currency),
        amount=format_amount(amount, lang, currency),
    )
    return {"text": line, "blocks": [_section(line)]}


def build_milestone_missed(
    title: str,
    day: date,
    actual: Decimal,
    amount: Decimal,
    currency: str | None,
    lang: Lang,
    *,
    owner_id: str | None = None,
) -> dict[str, Any]:
    """To the owner; to their manager when `owner_id` names the owner."""
    params = {
        "title": title,
        "day": day.isoformat(),
        "actual": format_amount(actual, lang, currency),
        "amount": format_amount(amount, lang, currency),
        "gap": format_amount(max(amount - actual, Decimal(0)), lang, currency),
    }
    if owner_id is None:
        line = t(lang, "nudge.missed", **params)
    else:
        line = t(lang, "nudge.missed.manager", user=owner_id, **params)
    return {"text": line, "blocks": [_section(line)]}


def build_period_celebration(
    period_label: str, actual: Decimal, target: Decimal, currency: str | None, lang: Lang
) -> dict[str, Any]:
    line = t(
        lang,
        "celebrate.period",
        label=period_label,
        actual=format_amount(actual, lang, currency),
        target=format_amount(target, lang, currency),
    )
    return {"text": line, "blocks": [_section(line)]}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
