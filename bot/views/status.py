"""`/target status` as Block Kit: attainment, pace, forecast, what is needed, today's number."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.core.money import format_amount
from bot.core.pace import Status
from bot.i18n import Lang, t
from bot.services.plans import Standing
from bot.views.plan import format_actions, weekday_name
from storage.records import MilestoneRecord

Block = dict[str, Any]


def build_status_blocks(
    lang: Lang,
    *,
    user_id: str,
    own: bool,
    standings: Sequence[Standing],
    milestone: MilestoneRecord | None,
) -> list[Block]:
    """One section per active target, then the next milestone and any calendar caveat."""
    blocks: list[Block] = [_section(status_text(lang, user_id=user_id, own=own))]
    for standing in standings[:20]:
        blocks.append(_section(_standing_text(lang, standing)))
    if milestone is not None:
        currency = standings[0].target.amount.currency if standings else None
        amount = (
            " · " + format_amount(milestone.amount, lang, currency)
            if milestone.amount is not None
            else ""
        )
        blocks.append(
            _section(
                t(
                    lang,
                    "status.milestone",
                    title=milestone.title,
                    day=milestone.day.isoformat(),
                    amount=amount,
                )
            )
        )
    if any(standing.provisional for standing in standings):
        years = sorted(
            {
                year
                for s in standings
                if s.provisional
                for year in range(s.plan.period.start.year, s.plan.period.end.year + 1)
            }
        )
        blocks.append(_context(t(lang, "plan.provisional", years=", ".join(map(str, years)))))
    return blocks


def status_text(lang: Lang, *, user_id: str, own: bool) -> str:
    return t(lang, "status.title.own" if own else "status.title.other", user=user_id)


def no_target_text(lang: Lang, *, user_id: str, own: bool) -> str:
    return t(lang, "status.none.own" if own else "status.none.other", user=user_id)


def _standing_text(lang: Lang, standing: Standing) -> str:
    pace = standing.pace
    target = standing.target
    currency = target.amount.currency

    def money(amount: Decimal) -> str:
        return format_amount(amount, lang, currency)

    period = target.period.label or f"{target.period.start}..{target.period.end}"
    lines = [
        t(
            lang,
            "status.target",
            amount=money(target.amount.amount),
            period=period,
        ),
        t(
            lang,
            "status.attainment",
            actual=money(pace.actual_to_date),
            total=money(pace.target_total),
            pct=_pct(pace.attainment_total_pct),
        ),
    ]
    if pace.status is Status.BEHIND:
        lines.append(t(lang, "status.pace.behind", gap=money(pace.gap)))
    elif pace.status is Status.AHEAD:
        lines.append(t(lang, "status.pace.ahead", gap=money(-pace.gap)))
    else:
        lines.append(t(lang, "status.pace.on_track"))
    # Weighted by the plan's shape when anything was due yet; the flat run rate otherwise.
    forecast = (
        pace.forecast_weighted if pace.forecast_weighted is not None else pace.forecast_linear
    )
    if forecast is not None:
        lines.append(t(lang, "status.forecast", amount=money(forecast)))
    else:
        lines.append(t(lang, "status.forecast.none"))
    if pace.required_per_day is not None and pace.remaining > 0:
        lines.append(
            t(
                lang,
                "status.required",
                amount=money(pace.required_per_day),
                days=pace.remaining_days,
            )
        )
    elif pace.remaining == 0:
        lines.append(t(lang, "status.done"))
    lines.append(t(lang, "status.streak", days=pace.streak))
    today = pace.today
    if today in standing.plan.days:
        line = t(
            lang,
            "status.today",
            day=f"{weekday_name(lang, today)} {today.isoformat()}",
            amount=money(standing.today_amount),
            actions=format_actions(lang, standing.today_actions),
        )
        if standing.includes_shortfall:
            extra = standing.today_amount - standing.plan.amount_on(today)
            line += " " + t(lang, "status.today.shortfall", extra=money(extra))
        lines.append(line)
    else:
        lines.append(t(lang, "status.today.off"))
    return "\n".join(lines)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}
