"""The answer to a logged, undone, edited or deleted entry: what changed and where the rep stands.

Pure: an entry and an outlook in, text out. The same lines serve the ephemeral reply to
`/target log` and the bot's reply in a check-in thread.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from bot.core.checkin import MAX_CHECK_IN_CHARS
from bot.core.money import format_amount
from bot.core.pace import Status
from bot.core.periods import Period
from bot.i18n import Lang, t
from bot.services.actuals import EntryResult, Outlook
from storage.records import ActualRecord

Change = Literal["recorded", "already", "undone", "edited", "deleted"]

_HEADLINES: dict[Change, str] = {
    "recorded": "log.recorded",
    "already": "log.already",
    "undone": "undo.done",
    "edited": "checkin.edited",
    "deleted": "checkin.deleted",
}


def format_day(day: date, lang: Lang) -> str:
    return t(
        lang,
        "date.day",
        month_name=t(lang, f"month.{day.month}"),
        day=day.day,
        weekday=t(lang, f"weekday.{day.weekday()}"),
    )


def entry_details(entry: ActualRecord, lang: Lang, currency: str | None = None) -> str:
    """The counts reported with an amount, e.g. ` (4 visits, 1 call)`; empty when none."""
    counts = entry.counts
    items = [
        t(lang, f"count.{name}.one" if value == 1 else f"count.{name}", n=value)
        for name, value in (
            ("visits", counts.visits),
            ("calls", counts.calls),
            ("deals", counts.deals),
            ("proposals", counts.proposals),
            ("new_customers", counts.new_customers),
        )
        if value
    ]
    if counts.collections:
        items.append(
            t(lang, "count.collections", amount=format_amount(counts.collections, lang, currency))
        )
    if not items:
        return ""
    return t(lang, "count.details", items=t(lang, "count.separator").join(items))


def build_entry_text(change: Change, result: EntryResult, lang: Lang) -> str:
    """The headline for `change`, then today, the period's pace and the next day's number, in
    the target's currency."""
    entry = result.entry
    currency = result.outlook.standing.target.amount.currency if result.outlook else None
    headline = t(
        lang,
        _HEADLINES[change],
        amount=format_amount(entry.amount, lang, currency),
        day=format_day(entry.day, lang),
        details=entry_details(entry, lang, currency),
    )
    lines = [headline]
    if result.outlook is None:
        lines.append(t(lang, "log.no_target"))
    else:
        lines.extend(build_outlook_lines(result.outlook, lang, currency))
    if result.text_cut:
        lines.append(t(lang, "text.cut.checkin", limit=MAX_CHECK_IN_CHARS))
    return "\n".join(lines)


def build_unchanged_text(
    entry: ActualRecord, outlook: Outlook | None, lang: Lang, *, reason: str
) -> str:
    """An edit that could not be read: the entry stays as it was, and why."""
    currency = outlook.standing.target.amount.currency if outlook else None
    return t(
        lang,
        "checkin.edit_unreadable",
        amount=format_amount(entry.amount, lang, currency),
        day=format_day(entry.day, lang),
        reason=reason,
    )


def build_outlook_lines(outlook: Outlook, lang: Lang, currency: str | None = None) -> list[str]:
    standing = outlook.standing
    pace = standing.pace

    def money(amount: Decimal) -> str:
        return format_amount(amount, lang, currency)

    period = period_name(standing.target.period)
    lines: list[str] = []
    if standing.today_amount > 0:
        lines.append(
            t(
                lang,
                "log.today",
                actual=money(pace.today_actual),
                target=money(standing.today_amount),
            )
        )
    pct = pace.attainment_total_pct
    lines.append(
        t(
            lang,
            f"log.pace.{pace.status.value}",
            period=period,
            actual=money(pace.actual_to_date),
            total=money(pace.target_total),
            pct="—" if pct is None else f"{pct}%",
            gap=money(pace.gap) if pace.status is Status.BEHIND else "",
        )
    )
    if pace.remaining == 0:
        lines.append(t(lang, "log.next_done", period=period))
    elif outlook.next_day is None:
        lines.append(t(lang, "log.last_day", period=period, remaining=money(pace.remaining)))
    else:
        lines.append(
            t(
                lang,
                "log.next",
                day=format_day(outlook.next_day, lang),
                amount=money(outlook.next_amount),
            )
        )
    return lines


def period_name(period: Period) -> str:
    return period.label or f"{period.start.isoformat()}..{period.end.isoformat()}"
