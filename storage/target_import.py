"""`summit import targets`: targets from a CSV or XLSX file, all rows or none.

Columns (header row first, any order): `user,amount,period` and optionally `weighting`,
`dimension`, `part`. `user` is a Slack user id (`U0123ABCD`, or a mention `<@U0123ABCD>`);
`amount` and `period` are read exactly as `/target set` reads them (`500万`, `2027Q1`, ...).

Every row is checked before anything is written (unknown user, bad amount, bad period, a period
without working days, bad weighting or dimension, the same target twice) and every problem is
reported with its line number. Only a file without problems is written, in one transaction:
each row sets (or replaces) the rep's target and writes its daily plan.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session

from bot.core.calendar import WorkCalendar
from bot.core.decompose import Even, Plan, Ramp, Thirds, Weighting, decompose
from bot.core.dimensions import Dimension, canonical_part
from bot.core.errors import PlanningError
from bot.core.funnel import actions_by_day
from bot.core.money import Money, parse_amount
from bot.core.periods import Period, parse_period
from storage.members import members_by_slack_ids
from storage.milestones import away_days
from storage.records import MemberRecord, Owner
from storage.targets import replace_plan, set_target

REQUIRED = ("user", "amount", "period")
OPTIONAL = ("weighting", "dimension", "part")
_Parsed = TypeVar("_Parsed")
_MENTION = re.compile(r"^<@([^|>\s]+)(?:\|[^>]*)?>$")


class ImportFileError(ValueError):
    """The file itself cannot be read as a target table (missing, wrong type, no header...)."""


@dataclass(frozen=True)
class Problem:
    line: int  # as the user sees the file: the header is line 1
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


@dataclass(frozen=True)
class TargetRow:
    """A row that passed every check, with its decomposed plan ready to write."""

    line: int
    member: MemberRecord
    amount: Money
    period: Period
    weighting: str
    dimension: str | None
    part: str | None
    plan: Plan


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, cells by lower-case column name) for every non-empty data row."""
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(_csv_rows(path))
    elif suffix in (".xlsx", ".xlsm"):
        rows = list(_xlsx_rows(path))
    else:
        raise ImportFileError(f"{path.name}: expected a .csv or .xlsx file")
    if not rows:
        raise ImportFileError(f"{path.name} is empty: it needs a header row {','.join(REQUIRED)}")
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(f"{path.name} has no column {', '.join(missing)} in its header row")
    table = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        table.append((line, values))
    return table


def validate(
    table: Sequence[tuple[int, dict[str, str]]],
    *,
    session: Session,
    workspace_id: str,
    calendar: WorkCalendar,
    today: date,
    lang: str = "en",
) -> tuple[list[TargetRow], list[Problem]]:
    """Check every row; the good rows (with their plans) and every problem found."""
    users = {line: _user_id(cells.get("user", "")) for line, cells in table}
    known = members_by_slack_ids(
        session=session, workspace_id=workspace_id, slack_user_ids=[u for u in users.values() if u]
    )
    read_period = partial(parse_period, today=today)
    problems: list[Problem] = []
    parsed: list[
        tuple[int, MemberRecord, Money, Period, str, Weighting, str | None, str | None]
    ] = []
    for line, cells in table:
        found = len(problems)
        user = users[line]
        member = known.get(user or "")
        if member is None:
            shown = cells.get("user", "") or "(empty)"
            problems.append(Problem(line, "user", _text(lang, "unknown_user", user=shown)))
        amount = _parse(problems, line, "amount", lang, parse_amount, cells["amount"])
        period = _parse(problems, line, "period", lang, read_period, cells["period"])
        weighting_text = cells.get("weighting", "") or "even"
        weighting = parse_weighting(weighting_text)
        if weighting is None:
            problems.append(
                Problem(line, "weighting", _text(lang, "bad_weighting", weighting=weighting_text))
            )
        dimension, part = _dimension(
            problems, line, lang, cells.get("dimension", ""), cells.get("part", "")
        )
        if len(problems) == found:
            assert member is not None
            assert amount is not None
            assert period is not None
            assert weighting is not None
            parsed.append(
                (line, member, amount, period, weighting_text, weighting, dimension, part)
            )
    rows = _plans(
        problems, parsed, session=session, workspace_id=workspace_id, calendar=calendar, lang=lang
    )
    _duplicates(problems, rows, lang)
    problems.sort(key=lambda problem: problem.line)
    return (rows if not problems else []), problems


def apply(
    rows: Sequence[TargetRow],
    *,
    session: Session,
    workspace_id: str,
    actor: str,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the checked rows (targets and plans) in the caller's transaction; returns the count."""
    for done, row in enumerate(rows, start=1):
        target = set_target(
            session=session,
            workspace_id=workspace_id,
            owner=Owner.member(row.member.id),
            amount=row.amount,
            period=row.period,
            weighting=row.weighting,
            dimension=row.dimension,
            part=row.part,
            actor=actor,
            now=now,
        )
        replace_plan(
            session=session,
            workspace_id=workspace_id,
            target_id=target.id,
            days=row.plan.days,
            actor=actor,
            now=now,
            actions=actions_by_day(row.plan.days),
        )
        if progress is not None:
            progress(done)
    return len(rows)


def _plans(
    problems: list[Problem],
    parsed: Sequence[
        tuple[int, MemberRecord, Money, Period, str, Weighting, str | None, str | None]
    ],
    *,
    session: Session,
    workspace_id: str,
    calendar: WorkCalendar,
    lang: str,
) -> list[TargetRow]:
    if not parsed:
        return []
    span = Period(min(p[3].start for p in parsed), max(p[3].end for p in parsed))
    away: dict[int, set[date]] = defaultdict(set)
    for record in away_days(session=session, workspace_id=workspace_id, between=span):
        away[record.member_id].add(record.day)
    rows = []
    for line, member, amount, period, weighting_text, weighting, dimension, part in parsed:
        try:
            plan = decompose(
                amount.amount, period, calendar, weighting=weighting, away=away[member.id]
            )
        except PlanningError as error:
            problems.append(Problem(line, "period", error.message(lang)))
            continue
        rows.append(TargetRow(line, member, amount, period, weighting_text, dimension, part, plan))
    return rows


def _duplicates(problems: list[Problem], rows: Sequence[TargetRow], lang: str) -> None:
    first_seen: dict[tuple[object, ...], int] = {}
    for row in rows:
        key = (row.member.id, row.period.start, row.period.end, row.dimension, row.part)
        if key in first_seen:
            problems.append(
                Problem(row.line, "user", _text(lang, "duplicate", first=first_seen[key]))
            )
        else:
            first_seen[key] = row.line


def _parse(
    problems: list[Problem],
    line: int,
    column: str,
    lang: str,
    parse: Callable[[str], _Parsed],
    text: str,
) -> _Parsed | None:
    try:
        return parse(text)
    except PlanningError as error:
        problems.append(Problem(line, column, error.message(lang)))
        return None


def _user_id(text: str) -> str | None:
    text = text.strip()
    mention = _MENTION.match(text)
    if mention:
        return mention.group(1)
    return text or None


def parse_weighting(text: str) -> Weighting | None:
    """The weighting a target's text names (`even`, `ramp`, `ramp:1-2`, `thirds:40/35/25`), as
    the import reads it and the target keeps it; None when it names none."""
    name, _, arguments = text.strip().lower().partition(":")
    try:
        if name in ("even", "均匀") and not arguments:
            return Even()
        if name == "ramp":
            if not arguments:
                return Ramp()
            start, end = arguments.split("-")
            return Ramp(Decimal(start), Decimal(end))
        if name == "thirds":
            early, mid, late = arguments.split("/")
            return Thirds(Decimal(early), Decimal(mid), Decimal(late))
    except (ValueError, InvalidOperation, PlanningError):
        return None
    return None


def _dimension(
    problems: list[Problem], line: int, lang: str, dimension_text: str, part_text: str
) -> tuple[str | None, str | None]:
    if not dimension_text and not part_text:
        return None, None
    if not dimension_text or not part_text:
        problems.append(Problem(line, "dimension", _text(lang, "half_dimension")))
        return None, None
    try:
        dimension = Dimension(dimension_text.strip().lower())
    except ValueError:
        problems.append(
            Problem(line, "dimension", _text(lang, "bad_dimension", dimension=dimension_text))
        )
        return None, None
    try:
        return dimension.value, canonical_part(part_text, dimension)
    except PlanningError as error:
        problems.append(Problem(line, "part", error.message(lang)))
        return None, None


_MESSAGES = {
    "unknown_user": (
        "{user} is not a member of this workspace (use their Slack user id, e.g. U0123ABCD).",
        "{user} 不是本工作区的成员(请填写 Slack 用户 ID,例如 U0123ABCD)。",
    ),
    "bad_weighting": (
        "unknown weighting {weighting!r}; use even, ramp, ramp:1-2 or thirds:40/35/25.",
        "无法识别的分配方式 {weighting!r};可用 even、ramp、ramp:1-2 或 thirds:40/35/25。",
    ),
    "half_dimension": (
        "dimension and part go together: fill in both or neither.",
        "维度(dimension)和分项(part)须同时填写或同时留空。",
    ),
    "bad_dimension": (
        "unknown dimension {dimension!r}; use one of: "
        + ", ".join(d.value for d in Dimension)
        + ".",
        "无法识别的维度 {dimension!r};可用:" + "、".join(d.value for d in Dimension) + "。",
    ),
    "duplicate": (
        "the same target (user, period, dimension and part) is already on line {first}.",
        "与第 {first} 行的目标重复(用户、周期、维度和分项都相同)。",
    ),
}


def _text(lang: str, key: str, **values: object) -> str:
    english, chinese = _MESSAGES[key]
    return (chinese if lang.startswith("zh") else english).format(**values)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield from csv.reader(handle)
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path.name} is not UTF-8 text: save it as CSV UTF-8") from error


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        raise ImportFileError(f"{path.name} cannot be read as an Excel workbook") from error
    try:
        for values in workbook.active.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 5000000 as 5000000.0
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)
