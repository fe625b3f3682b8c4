"""`/target settings`: read one workspace setting as an admin types it, and store it.

Each setting has English and Chinese names; a value that cannot be used is refused with an
example of one that can, and nothing is written."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.calendar import make_calendar
from bot.services.context import Actor
from bot.services.plans import write_plan
from bot.services.teams import Refused
from storage.records import WorkspaceRecord
from storage.store import Store
from storage.targets import active_targets
from storage.workspaces import update_workspace_settings

Field = Literal[
    "calendar",
    "currency",
    "language",
    "tz",
    "daily_prompt_at",
    "evening_checkin_at",
    "weekly_review",
]

NAMES: Final[Mapping[str, Field]] = {
    "calendar": "calendar",
    "日历": "calendar",
    "日曆": "calendar",
    "currency": "currency",
    "货币": "currency",
    "貨幣": "currency",
    "币种": "currency",
    "幣種": "currency",
    "language": "language",
    "lang": "language",
    "语言": "language",
    "語言": "language",
    "timezone": "tz",
    "tz": "tz",
    "时区": "tz",
    "時區": "tz",
    "prompt": "daily_prompt_at",
    "morning": "daily_prompt_at",
    "早报": "daily_prompt_at",
    "早報": "daily_prompt_at",
    "提醒": "daily_prompt_at",
    "checkin": "evening_checkin_at",
    "check-in": "evening_checkin_at",
    "evening": "evening_checkin_at",
    "晚报": "evening_checkin_at",
    "晚報": "evening_checkin_at",
    "review": "weekly_review",
    "周报": "weekly_review",
    "週報": "weekly_review",
    "周会": "weekly_review",
    "週會": "weekly_review",
}

# "auto": each user in their own Slack locale's language.
LANGUAGES: Final[Mapping[str, str]] = {
    "auto": "auto",
    "自动": "auto",
    "自動": "auto",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
    "英語": "en",
    "zh": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "中文": "zh-Hans",
    "简体": "zh-Hans",
    "简体中文": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "繁體": "zh-Hant",
    "繁体": "zh-Hant",
    "繁體中文": "zh-Hant",
}

WEEKDAYS: Final[Mapping[str, int]] = {
    **{name: index for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        name: index
        for index, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    **{f"周{c}": index for index, c in enumerate("一二三四五六日")},
    **{f"週{c}": index for index, c in enumerate("一二三四五六日")},
    **{f"星期{c}": index for index, c in enumerate("一二三四五六日")},
    "周天": 6,
    "星期天": 6,
}

_TIME: Final = re.compile(r"([01]?\d|2[0-3])[:：]([0-5]\d)")
_CURRENCY: Final = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class SettingChange:
    """One setting to store, already checked."""

    field: Field
    calendar: str | None = None
    currency: str | None = None
    language: str | None = None
    tz: str | None = None
    at: time | None = None
    weekday: int | None = None


def parse_setting(text: str) -> SettingChange:
    """`calendar cn`, `language zh`, `prompt 09:00`, `review fri 16:00`, ... Raises Refused
    (with the example for that setting) or CalendarError."""
    name, _, value = text.strip().partition(" ")
    found = NAMES.get(name.casefold())
    if found is None:
        raise Refused("settings.unknown", name=name)
    value = value.strip()
    if not value:
        raise Refused(f"settings.bad.{found}", value="")
    if found == "calendar":
        return SettingChange(found, calendar=make_calendar(value).code)
    if found == "currency":
        if not _CURRENCY.fullmatch(value):
            raise Refused("settings.bad.currency", value=value)
        return SettingChange(found, currency=value.upper())
    if found == "language":
        language = LANGUAGES.get(value.casefold())
        if language is None:
            raise Refused("settings.bad.language", value=value)
        return SettingChange(found, language=language)
    if found == "tz":
        return SettingChange(found, tz=_zone(value))
    if found == "weekly_review":
        day, _, at = value.partition(" ")
        weekday = WEEKDAYS.get(day.casefold())
        if weekday is None:
            raise Refused("settings.bad.weekly_review", value=value)
        return SettingChange(
            found, weekday=weekday, at=_time(at.strip(), found) if at.strip() else None
        )
    return SettingChange(found, at=_time(value, found))


def apply_setting(
    *, store: Store, actor: Actor, change: SettingChange, now: datetime
) -> WorkspaceRecord:
    """Admins only; one audited update of the workspace row. A new calendar moves working days,
    so every active member target's stored plan is re-written with it in the same transaction
    (a target left without a working day raises the core's CalendarError and changes nothing)."""
    if not actor.is_admin:
        raise Refused("settings.refused.not_admin")
    with store.session() as session:
        workspace = update_workspace_settings(
            session=session,
            workspace_id=actor.workspace.id,
            actor=actor.member.slack_user_id,
            now=now,
            calendar=change.calendar,
            currency=change.currency,
            language=change.language,
            tz=change.tz,
            daily_prompt_at=change.at if change.field == "daily_prompt_at" else None,
            evening_checkin_at=change.at if change.field == "evening_checkin_at" else None,
            weekly_review_day=change.weekday,
            weekly_review_at=change.at if change.field == "weekly_review" else None,
        )
        if workspace.calendar != actor.workspace.calendar:
            for target in active_targets(session=session, workspace_id=workspace.id):
                if target.owner.kind == "member" and target.owner.id is not None:
                    write_plan(
                        session=session,
                        workspace=workspace,
                        target=target,
                        member_id=target.owner.id,
                        now=now,
                        actor=actor.member.slack_user_id,
                    )
        return workspace


def _time(value: str, field: Field) -> time:
    found = _TIME.fullmatch(value)
    if found is None:
        raise Refused(f"settings.bad.{field}", value=value)
    return time(int(found.group(1)), int(found.group(2)))


def _zone(value: str) -> str:
    # ZoneInfo also opens relative paths: only names shaped like tz database keys are tried.
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*", value):
        raise Refused("settings.bad.tz", value=value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused("settings.bad.tz", value=value) from None
    return value
