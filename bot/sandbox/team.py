"""The sandbox's sales team: a manager and reps writing Chinese and English, in two time zones."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Final, Literal

from bot.sandbox.emulator import Emulator
from bot.sandbox.workspace import Channel, User

DemoLang = Literal["zh", "en"]

_LOCALES: Final[dict[DemoLang, str]] = {"zh": "zh-CN", "en": "en-US"}


@dataclass(frozen=True)
class Team:
    """Who is in the sandbox workspace. `manager` is a Slack admin, so Summit treats them as
    a manager from the first command."""

    manager: User
    reps: tuple[User, ...]
    channel: Channel

    @property
    def people(self) -> tuple[User, ...]:
        return (self.manager, *self.reps)

    def find(self, name: str) -> User | None:
        """A person by Slack id, user name or display name, as typed after `:as` or `@`."""
        wanted = name.removeprefix("@").casefold()
        for person in self.people:
            known = (person.id, person.name, person.real_name)
            if wanted in (word.casefold() for word in known):
                return person
        return None

    def names(self) -> dict[str, str]:
        """Ids to the names Slack shows for them."""
        shown = {person.id: person.real_name or person.name for person in self.people}
        return shown | {self.channel.id: self.channel.name}


def demo_team(lang: DemoLang | None = None) -> Team:
    """王经理 and four reps; Alice sells from New York. With `lang`, everyone's Slack is set
    to that language; otherwise each person keeps their own."""
    manager = User(
        "U04WANG", "wang", real_name="王经理", locale="zh-CN", is_admin=True, tz="Asia/Shanghai"
    )
    reps: tuple[User, ...] = (
        User("U02LILEI", "lilei", real_name="李雷", locale="zh-CN"),
        User("U03HANMEI", "hanmei", real_name="韩梅梅", locale="zh-CN"),
        User(
            "U01ALICE",
            "alice",
            real_name="Alice Smith",
            locale="en-US",
            tz="America/New_York",
            tz_offset=-5 * 3600,
        ),
        User("U05BOB", "bob", real_name="Bob Chen", locale="en-US"),
    )
    if lang is not None:
        manager, *rest = (
            dataclasses.replace(person, locale=_LOCALES[lang]) for person in (manager, *reps)
        )
        reps = tuple(rest)
    channel = Channel("C0SALES", "sales", members=tuple(p.id for p in (manager, *reps)))
    return Team(manager=manager, reps=reps, channel=channel)


def seed(emulator: Emulator, team: Team) -> None:
    """Put the team and its #sales channel into the emulator's workspace."""
    for person in team.people:
        emulator.add_user(person)
    emulator.add_channel(team.channel)
