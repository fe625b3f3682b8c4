"""Plans as Block Kit: the `/target set` confirmation and the `/target plan` breakdown.

Pure builders: plans, amounts and the calendar in, blocks out; every word from the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from bot.core.calendar import WorkCalendar
from bot.core.decompose import Plan
from bot.core.funnel import NO_ACTIONS, Actions, actions_per_day
from bot.core.money import format_amount
from bot.core.periods import Period
from bot.i18n import Lang, t

Block = dict[str, Any]

SECTION_LIMIT: Final = 3000  # Slack's cap on a section's text
MAX_OWNER_SECTIONS: Final = 20  # keeps a reply well under 50 blocks


@dataclass(frozen=True)
class OwnerPlan:
    """One person's new target in a `/target set` reply."""

    user_id: str
    amount: Decimal
    plan: Plan
    replaced: bool = False
    # Each day's activities when the caller has them (`actions_per_day(plan.days)`).
    actions: Mapping[date, Actions] | None = None


def format_actions(lang: Lang, actions: Actions) -> str:
    """`3 visits, 1 proposal, 1 signing` / `拜访 3 次、方案 1 份、签约 1 单`; a day whose share is
    too small to ask for any activity says so rather than listing zeros."""
    if not (actions.visits or actions.proposals or actions.signings):
        return t(lang, "actions.none")
    parts = [
        t(lang, f"actions.{stage}.{'one' if count == 1 else 'other'}", count=count)
        for stage, count in (
            ("visits", actions.visits),
            ("proposals", actions.proposals),
            ("signings", actions.signings),
        )
    ]
    return t(lang, "actions.separator").join(parts)


def weekday_name(lang: Lang, day: date) -> str:
    return t(lang, f"weekday.{day.weekday()}")


def working_day_line(
    lang: Lang, day: date, amount: Decimal, actions: Actions, currency: str | None, today: date
) -> str:
    """`Today, Wed 01-06: ¥8.62万 — 3 visits, ...` or the first working day's the same way."""
    key = "plan.day.today" if day == today else "plan.day.first"
    return t(
        lang,
        key,
        day=f"{weekday_name(lang, day)} {day.isoformat()}",
        amount=format_amount(amount, lang, currency),
        actions=format_actions(lang, actions),
    )


def month_line(lang: Lang, plan: Plan, currency: str | None, within: Period | None = None) -> str:
    months = plan.by_month()
    shown = [
        f"{key} {format_amount(amount, lang, currency)}"
        for key, amount in months.items()
        if within is None or _month_meets(key, within)
    ]
    return t(lang, "plan.months", months=" · ".join(shown))


def week_lines(
    lang: Lang,
    plan: Plan,
    currency: str | None,
    calendar: WorkCalendar,
    *,
    within: Period | None = None,
    compact: bool = True,
) -> list[str]:
    """Each ISO week's amount, holidays named where they take days away (春节 shows up)."""
    span = within or plan.period
    weeks: dict[date, list[date]] = {}
    for offset in range(span.days):
        day = span.start + timedelta(days=offset)
        if day in plan.period:
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    entries: list[str] = []
    for monday, days in weeks.items():
        amount = sum((plan.amount_on(day) for day in days), Decimal("0.00"))
        holidays = list(
            dict.fromkeys(
                name for day in days if (name := calendar.holiday_name(day, lang=lang)) is not None
            )
        )
        week = monday.isocalendar().week
        label = f"W{week:02d}" if compact else f"W{week:02d} ({monday.strftime('%m-%d')})"
        text = f"{label} {format_amount(amount, lang, currency)}"
        if holidays:
            text += f" ({'、'.join(holidays) if lang.startswith('zh') else ', '.join(holidays)})"
        entries.append(text)
    if compact:
        return [t(lang, "plan.weeks", weeks=" · ".join(entries))]
    return entries


def day_lines(
    lang: Lang,
    plan: Plan,
    currency: str | None,
    calendar: WorkCalendar,
    days: Sequence[date],
    actions: Mapping[date, Actions],
) -> list[str]:
    """One line per day: the amount and actions on a working day, the holiday on a day off."""
    lines: list[str] = []
    for day in days:
        label = f"{weekday_name(lang, day)} {day.strftime('%m-%d')}"
        if day in plan.days:
            amount = format_amount(plan.amount_on(day), lang, currency)
            lines.append(
                f"{label}  *{amount}* · {format_actions(lang, actions.get(day, NO_ACTIONS))}"
            )
        elif (name := calendar.holiday_name(day, lang=lang)) is not None:
            lines.append(f"{label}  — {name}")
        elif calendar.is_working_day(day):
            lines.append(f"{label}  — {t(lang, 'plan.day.away')}")
    return lines


def provisional_note(lang: Lang, years: Sequence[int]) -> Block | None:
    if not years:
        return None
    shown = ", ".join(str(year) for year in years)
    return _context(t(lang, "plan.provisional", years=shown))


def build_set_blocks(
    lang: Lang,
    *,
    owners: Sequence[OwnerPlan],
    period: Period,
    total: Decimal,
    currency: str | None,
    mode: str,
    mode_given: bool,
    calendar: WorkCalendar,
    today: date,
) -> list[Block]:
    """The manager's (or rep's) confirmation that targets were set, with each plan's shape."""
    blocks: list[Block] = [
        _section(
            set_text(lang, owners=owners, period=period, total=total, currency=currency, mode=mode)
        )
    ]
    if len(owners) > 1 and not mode_given:
        blocks.append(_context(t(lang, "set.mode_default")))
    for owner in owners[:MAX_OWNER_SECTIONS]:
        blocks.append(_section(_owner_text(lang, owner, currency, calendar, today)))
    if len(owners) > MAX_OWNER_SECTIONS:
        blocks.append(_context(t(lang, "set.more", count=len(owners) - MAX_OWNER_SECTIONS)))
    note = provisional_note(lang, calendar.provisional_years(period.start, period.end))
    if note is not None:
        blocks.append(note)
    return blocks


def set_text(
    lang: Lang,
    *,
    owners: Sequence[OwnerPlan],
    period: Period,
    total: Decimal,
    currency: str | None,
    mode: str,
) -> str:
    who = ", ".join(f"<@{owner.user_id}>" for owner in owners)
    if len(owners) == 1:
        key = "set.done.one"
    else:
        key = "set.done.split" if mode == "split" else "set.done.each"
    replaced = any(owner.replaced for owner in owners)
    text = t(
        lang,
        key,
        who=who,
        amount=format_amount(total, lang, currency),
        period=period.label or f"{period.start}..{period.end}",
    )
    return text + (" " + t(lang, "set.replaced") if replaced else "")


def _owner_text(
    lang: Lang, owner: OwnerPlan, currency: str | None, calendar: WorkCalendar, today: date
) -> str:
    plan = owner.plan
    lines = [
        t(
            lang,
            "set.owner",
            user=owner.user_id,
            amount=format_amount(owner.amount, lang, currency),
            days=len(plan.days),
        ),
        month_line(lang, plan, currency),
        *week_lines(lang, plan, currency, calendar),
    ]
    first = next((day for day in plan.days if day >= today and plan.days[day] > 0), None)
    first = first or next(iter(plan.days), None)
    if first is not None:
        by_day = owner.actions if owner.actions is not None else actions_per_day(plan.days)
        actions = by_day.get(first, NO_ACTIONS)
        lines.append(working_day_line(lang, first, plan.amount_on(first), actions, currency, today))
    return _fit("\n".join(lines))


def build_plan_blocks(
    lang: Lang,
    *,
    total: Decimal,
    plan: Plan,
    view: Period,
    currency: str | None,
    calendar: WorkCalendar,
    today: date,
) -> list[Block]:
    """`/target plan`: the target, its months and weeks within `view`, and one week's days."""
    period = plan.period
    in_view = [day for day in plan.days if day in view]
    view_total = sum((plan.days[day] for day in in_view), Decimal("0.00"))
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": t(
                    lang,
                    "plan.title",
                    amount=format_amount(total, lang, currency),
                    period=period.label or f"{period.start}..{period.end}",
                )[:150],
            },
        },
    ]
    summary = t(
        lang,
        "plan.summary",
        view=view.label or f"{view.start}..{view.end}",
        amount=format_amount(view_total, lang, currency),
        days=len(in_view),
    )
    blocks.append(_section(summary + "\n" + month_line(lang, plan, currency, view)))
    weeks = week_lines(lang, plan, currency, calendar, within=view, compact=False)
    blocks.append(_section(_fit(t(lang, "plan.weeks_title") + "\n" + "\n".join(weeks))))
    week_start = today if today in view else max(view.start, period.start)
    monday = week_start - timedelta(days=week_start.weekday())
    days = [
        monday + timedelta(days=i)
        for i in range(7)
        if monday + timedelta(days=i) in period and monday + timedelta(days=i) in view
    ]
    actions = actions_per_day(plan.days)
    title_key = "plan.this_week" if today in view else "plan.first_week"
    lines = day_lines(lang, plan, currency, calendar, days, actions)
    if lines:
        blocks.append(_section(_fit(t(lang, title_key) + "\n" + "\n".join(lines))))
    note = provisional_note(lang, calendar.provisional_years(view.start, view.end))
    if note is not None:
        blocks.append(note)
    return blocks


def plan_text(lang: Lang, *, total: Decimal, plan: Plan, currency: str | None) -> str:
    period = plan.period
    return t(
        lang,
        "plan.title",
        amount=format_amount(total, lang, currency),
        period=period.label or f"{period.start}..{period.end}",
    )


def _month_meets(key: str, within: Period) -> bool:
    year, month = (int(part) for part in key.split("-"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first <= within.end and following > within.start


def _fit(text: str) -> str:
    return text if len(text) <= SECTION_LIMIT else text[: SECTION_LIMIT - 1] + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _fit(text)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _fit(text)}]}
