"""The plan export: one row per rep per day with target, actual, activity and pace.

Columns: `date,user,target,actual` first (the operator contract), then activity counts, the
running totals and pace (cumulative actual as a percentage of the cumulative target), and the
day's planned actions. Numbers are plain (`50000.00`); `user` is the Slack user id.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TextIO

from sqlmodel import Session

from bot.core.periods import Period
from storage.records import Counts
from storage.reports import DayFigures, daily_figures

COLUMNS = (
    "date",
    "user",
    "target",
    "actual",
    "visits",
    "calls",
    "deals",
    "proposals",
    "new_customers",
    "collections",
    "cumulative_target",
    "cumulative_actual",
    "pace_pct",
    "planned_actions",
)
ZERO = Decimal("0.00")
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ExportRow:
    day: date
    user: str
    target: Decimal
    actual: Decimal
    counts: Counts
    cumulative_target: Decimal
    cumulative_actual: Decimal
    pace_pct: Decimal | None  # None until something is due
    planned_actions: dict[str, Any] = field(default_factory=dict)

    def cells(self) -> list[object]:
        """The row's values in COLUMNS order (Decimals and dates, for xlsx)."""
        return [
            self.day,
            self.user,
            self.target,
            self.actual,
            self.counts.visits,
            self.counts.calls,
            self.counts.deals,
            self.counts.proposals,
            self.counts.new_customers,
            self.counts.collections,
            self.cumulative_target,
            self.cumulative_actual,
            self.pace_pct,
            " ".join(f"{k}={v}" for k, v in sorted(self.planned_actions.items())),
        ]


def plan_export(
    *,
    session: Session,
    workspace_id: str,
    period: Period | None = None,
    working_days: Sequence[date] = (),
    member_ids: Iterable[int] | None = None,
    team_id: int | None = None,
) -> list[ExportRow]:
    """Rows by rep, then by day.

    With a `period`: every one of its `working_days` (from the workspace calendar) for every rep
    in scope who has a plan or an actual in it (or was asked for by id), plus any other day of
    the period with a figure (a deal closed on a Saturday still shows). Without: every day that
    has a target or an actual. Running totals start at the first row.
    """
    chosen = list(member_ids) if member_ids is not None else None
    members, figures = daily_figures(
        session=session,
        workspace_id=workspace_id,
        between=period,
        team_id=team_id,
        member_ids=chosen,
    )
    with_figures = {member_id for member_id, _ in figures}
    rows: list[ExportRow] = []
    for member in members:
        if member.id not in with_figures and (chosen is None or period is None):
            continue
        days = {day for member_id, day in figures if member_id == member.id}
        if period is not None:
            days |= {day for day in working_days if day in period}
        cumulative_target = cumulative_actual = ZERO
        for day in sorted(days):
            figure = figures.get((member.id, day), DayFigures())
            cumulative_target += figure.target
            cumulative_actual += figure.actual
            rows.append(
                ExportRow(
                    day=day,
                    user=member.slack_user_id,
                    target=figure.target,
                    actual=figure.actual,
                    counts=figure.counts,
                    cumulative_target=cumulative_target,
                    cumulative_actual=cumulative_actual,
                    pace_pct=_pct(cumulative_actual, cumulative_target),
                    planned_actions=dict(figure.actions),
                )
            )
    return rows


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow("" if cell is None else _plain(cell) for cell in row.cells())


def write_xlsx(rows: Sequence[ExportRow], path: Path) -> None:
    """A worksheet with typed cells, money and date formats, and a totals row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "plan"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells())
    last = len(rows) + 1
    money_columns = ("C", "D", "I", "J", "K")
    total_row = last + 1
    sheet.cell(row=total_row, column=1, value="total").font = Font(bold=True)
    for letter in ("C", "D", "E", "F", "G", "H", "I"):
        sheet[f"{letter}{total_row}"] = f"=SUM({letter}2:{letter}{last})" if rows else 0
        sheet[f"{letter}{total_row}"].font = Font(bold=True)
    for line in range(2, total_row + 1):
        sheet[f"A{line}"].number_format = "yyyy-mm-dd"
        for letter in money_columns:
            sheet[f"{letter}{line}"].number_format = "#,##0.00"
        sheet[f"L{line}"].number_format = "0.0"
    sheet.freeze_panes = "C2"
    for letter, width in zip(
        "ABCDEFGHIJKLM", (12, 14, 14, 14, 8, 8, 8, 14, 14, 18, 18, 10, 28), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    workbook.save(path)


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _plain(value: object) -> object:
    # str(Decimal) can switch to exponent notation (1E+2): always write fixed-point.
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return value
