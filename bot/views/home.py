"""The App Home tab: the user's dashboard, and for managers their team's table.

Pure: `HomeData` in, a `home` view out. With no active target the tab welcomes the user and shows
how to set one; with one it shows today's number and actions, this week against its target, the
period's pace and the next milestone. A manager also gets one row per rep, as many as fit in
Slack's 100 blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from bot.core.money import format_amount
from bot.core.pace import Status
from bot.i18n import Lang, t
from bot.services.plans import Standing
from bot.views.help import command_sections
from bot.views.log import period_name
from bot.views.plan import format_actions, weekday_name
from storage.records import MilestoneRecord

Block = dict[str, Any]

MAX_BLOCKS: Final = 100  # Slack's limit for a Home tab
MAX_TARGETS: Final = 5  # a rep has one or two active targets; more would crowd out the team
_ZERO = Decimal("0.00")
# Who needs the manager's eye first.
_STATUS_ORDER: Final = {Status.BEHIND: 0, Status.ON_TRACK: 1, Status.AHEAD: 2}


@dataclass(frozen=True)
class TeamRow:
    """One rep in a manager's table; `standing` is None for a rep with no active target."""

    user_id: str
    standing: Standing | None


@dataclass(frozen=True)
class HomeData:
    """What the Home tab shows, gathered by the listener."""

    user_id: str
    lang: Lang
    standings: Sequence[Standing] = ()
    milestone: MilestoneRecord | None = None
    is_manager: bool = False
    team: Sequence[TeamRow] = field(default_factory=tuple)


def build_home_view(data: HomeData) -> dict[str, Any]:
    lang = data.lang
    blocks: list[Block] = [_section(t(lang, "home.welcome", user=data.user_id))]
    if data.standings:
        blocks.extend(_dashboard(lang, data.standings, data.milestone))
    else:
        blocks.append(_section(t(lang, "home.intro")))
        blocks.append(_section(t(lang, "home.no_target")))
    if data.is_manager:
        blocks.extend(_team_table(lang, data.team, room=MAX_BLOCKS - len(blocks)))
    commands = [
        {"type": "divider"},
        _header(t(lang, "home.commands")),
        *command_sections(lang),
        _context(t(lang, "home.footer")),
    ]
    if len(blocks) + len(commands) <= MAX_BLOCKS:
        blocks.extend(commands)
    return {"type": "home", "blocks": blocks}


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday around `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def week_figures(standing: Standing) -> tuple[Decimal, Decimal]:
    """This week's planned amount and what was won in it (within the target's period)."""
    start, end = week_of(standing.pace.today)
    planned = sum(
        (amount for day, amount in standing.plan.days.items() if start <= day <= end), _ZERO
    )
    won = sum((amount for day, amount in standing.actuals.items() if start <= day <= end), _ZERO)
    return planned, won


def _dashboard(
    lang: Lang, standings: Sequence[Standing], milestone: MilestoneRecord | None
) -> list[Block]:
    blocks: list[Block] = []
    for standing in standings[:MAX_TARGETS]:
        blocks.extend(_target_blocks(lang, standing))
    if milestone is not None:
        currency = standings[0].target.amount.currency
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
    provisional = sorted(
        {
            year
            for s in standings[:MAX_TARGETS]
            if s.provisional
            for year in range(s.plan.period.start.year, s.plan.period.end.year + 1)
        }
    )
    if provisional:
        blocks.append(_context(t(lang, "plan.provisional", years=", ".join(map(str, provisional)))))
    return blocks


def _target_blocks(lang: Lang, standing: Standing) -> list[Block]:
    pace = standing.pace
    target = standing.target
    currency = target.amount.currency

    def money(amount: Decimal) -> str:
        return format_amount(amount, lang, currency)

    today = pace.today
    if today in standing.plan.days:
        today_line = t(
            lang,
            "status.today",
            day=f"{weekday_name(lang, today)} {today.isoformat()}",
            amount=money(standing.today_amount),
            actions=format_actions(lang, standing.today_actions),
        )
        if standing.includes_shortfall:
            extra = standing.today_amount - standing.plan.amount_on(today)
            today_line += " " + t(lang, "status.today.shortfall", extra=money(extra))
    else:
        today_line = t(lang, "status.today.off")
    week_planned, week_won = week_figures(standing)
    forecast = (
        pace.forecast_weighted if pace.forecast_weighted is not None else pace.forecast_linear
    )
    fields = [
        t(lang, "home.field.week", actual=money(week_won), target=money(week_planned)),
        t(
            lang,
            "home.field.attainment",
            actual=money(pace.actual_to_date),
            total=money(pace.target_total),
            pct=_pct(pace.attainment_total_pct),
        ),
        t(lang, "home.field.pace", status=_status_text(lang, pace.status, pace.gap, money)),
        t(
            lang,
            "home.field.forecast",
            amount=money(forecast) if forecast is not None else "—",
        ),
    ]
    if pace.remaining == 0:
        fields.append(t(lang, "home.field.done"))
    elif pace.required_per_day is not None:
        fields.append(
            t(
                lang,
                "home.field.required",
                amount=money(pace.required_per_day),
                days=pace.remaining_days,
            )
        )
    return [
        _header(
            t(
                lang,
                "home.target",
                amount=money(target.amount.amount),
                period=period_name(target.period),
            )
        ),
        _section(today_line),
        {"type": "section", "fields": [_mrkdwn(text) for text in fields]},
    ]


def _team_table(lang: Lang, team: Sequence[TeamRow], *, room: int) -> list[Block]:
    """Header, column legend, one section a rep (behind first), and `…and N more` if cut."""
    blocks: list[Block] = [{"type": "divider"}, _header(t(lang, "home.team"))]
    if not team:
        return [*blocks, _section(t(lang, "home.team.empty"))]
    rows = sorted(team, key=_row_order)
    available = room - len(blocks)
    # When not all fit, the last place goes to the `…and N more` line.
    shown = rows if len(rows) <= available else rows[: max(available - 1, 0)]
    blocks.extend(_team_row(lang, row) for row in shown)
    if len(shown) < len(rows):
        blocks.append(_context(t(lang, "home.team.more", count=len(rows) - len(shown))))
    return blocks


def _row_order(row: TeamRow) -> tuple[int, str]:
    if row.standing is None:
        return len(_STATUS_ORDER), row.user_id
    return _STATUS_ORDER[row.standing.pace.status], row.user_id


def _team_row(lang: Lang, row: TeamRow) -> Block:
    name = t(lang, "home.team.name", user=row.user_id)
    standing = row.standing
    if standing is None:
        return _section(f"{name}\n{t(lang, 'home.team.no_target')}")
    pace = standing.pace
    currency = standing.target.amount.currency

    def money(amount: Decimal) -> str:
        return format_amount(amount, lang, currency)

    return {
        "type": "section",
        "text": _mrkdwn(f"{name} · {period_name(standing.target.period)}"),
        "fields": [
            _mrkdwn(t(lang, "home.team.target", amount=money(pace.target_total))),
            _mrkdwn(t(lang, "home.team.actual", amount=money(pace.actual_to_date))),
            _mrkdwn(t(lang, "home.team.attainment", pct=_pct(pace.attainment_total_pct))),
            _mrkdwn(
                t(lang, "home.team.status", status=t(lang, f"home.status.{pace.status.value}"))
            ),
        ],
    }


def _status_text(lang: Lang, status: Status, gap: Decimal, money: Callable[[Decimal], str]) -> str:
    if status is Status.BEHIND:
        return t(lang, "home.status.behind_by", gap=money(gap))
    if status is Status.AHEAD:
        return t(lang, "home.status.ahead_by", gap=money(-gap))
    return t(lang, "home.status.on_track")


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text[:3000]}
