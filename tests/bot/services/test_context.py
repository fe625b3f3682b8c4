"""Who is asking: the Slack user resolved against the emulator and a real store."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox import Emulator, User
from bot.services.context import (
    PROFILE_TTL,
    UnusableUserError,
    ensure_members,
    look_up_members,
    resolve_actor,
)
from bot.settings import Settings
from bot.slack_client import make_client
from storage.members import list_members, upsert_member
from storage.store import Store
from storage.workspaces import get_workspace
from tests.bot.conftest import People

NOW = datetime(2027, 1, 6, 1, 0, tzinfo=UTC)


def test_first_request_creates_workspace_and_member_from_the_slack_profile(
    store: Store, emulator: Emulator, people: People
) -> None:
    settings = Settings(summit_calendar="us", summit_tz="America/Chicago")
    client = make_client(emulator.bot_token, emulator.base_url)

    actor = resolve_actor(
        store=store,
        client=client,
        team_id=emulator.team_id,
        user_id=people.alice.id,
        now=NOW,
        lang="en",
        settings=settings,
    )

    assert actor.member.display_name == "Alice Smith"
    assert actor.member.role == "rep"
    assert not actor.is_admin
    assert not actor.is_manager
    assert actor.tz == ZoneInfo("America/New_York")  # her own Slack tz wins
    # 01:00 UTC on 6 January is still the 5th in New York.
    assert actor.today(NOW) == date(2027, 1, 5)
    with store.read() as session:
        workspace = get_workspace(session=session, workspace_id=emulator.team_id)
    assert workspace is not None
    assert (workspace.calendar, workspace.tz) == ("us", "America/Chicago")


def test_slack_admins_are_managers(store: Store, emulator: Emulator, people: People) -> None:
    client = make_client(emulator.bot_token, emulator.base_url)

    actor = resolve_actor(
        store=store,
        client=client,
        team_id=emulator.team_id,
        user_id=people.wang.id,
        now=NOW,
        lang="zh-Hans",
        settings=Settings(),
    )

    assert actor.is_admin
    assert actor.is_manager
    assert actor.member.role == "admin"
    assert actor.today(NOW) == date(2027, 1, 6)  # Shanghai


def test_a_member_made_manager_stays_one(store: Store, emulator: Emulator, people: People) -> None:
    client = make_client(emulator.bot_token, emulator.base_url)
    args = {
        "store": store,
        "client": client,
        "team_id": emulator.team_id,
        "user_id": people.lei.id,
        "now": NOW,
        "lang": "zh-Hans",
        "settings": Settings(),
    }
    first = resolve_actor(**args)  # type: ignore[arg-type]
    with store.session() as session:
        upsert_member(
            session=session,
            workspace_id=emulator.team_id,
            slack_user_id=people.lei.id,
            role="manager",
            actor="test",
            now=NOW,
        )

    again = resolve_actor(**args)  # type: ignore[arg-type]

    assert not first.is_manager
    assert again.is_manager
    assert not again.is_admin
    assert again.member.id == first.member.id


@pytest.mark.parametrize(
    ("user", "reason"),
    [
        (User("U0BOT", "robot", is_bot=True), "bot"),
        (User("U0GONE", "gone", deleted=True), "deactivated"),
        (None, "not_found"),
    ],
)
def test_unusable_mentions_are_refused_and_nothing_is_written(
    store: Store, emulator: Emulator, people: People, user: User | None, reason: str
) -> None:
    if user is not None:
        emulator.add_user(user)
    client = make_client(emulator.bot_token, emulator.base_url)
    resolve_actor(
        store=store,
        client=client,
        team_id=emulator.team_id,
        user_id=people.wang.id,
        now=NOW,
        lang="en",
        settings=Settings(),
    )
    missing = user.id if user is not None else "U0NOBODY"

    with pytest.raises(UnusableUserError) as refused:
        ensure_members(
            store=store,
            client=client,
            workspace_id=emulator.team_id,
            slack_user_ids=[people.alice.id, missing],
            now=NOW,
        )

    assert (refused.value.user_id, refused.value.reason) == (missing, reason)
    with store.read() as session:
        known = list_members(session=session, workspace_id=emulator.team_id)
    assert [m.slack_user_id for m in known] == [people.wang.id]


def test_ensure_members_creates_each_mentioned_user_once(
    store: Store, emulator: Emulator, people: People
) -> None:
    client = make_client(emulator.bot_token, emulator.base_url)
    resolve_actor(
        store=store,
        client=client,
        team_id=emulator.team_id,
        user_id=people.wang.id,
        now=NOW,
        lang="en",
        settings=Settings(),
    )

    found = ensure_members(
        store=store,
        client=client,
        workspace_id=emulator.team_id,
        slack_user_ids=[people.lei.id, people.mei.id, people.lei.id],
        now=NOW,
    )

    assert list(found) == [people.lei.id, people.mei.id]
    assert found[people.mei.id].tz == "Asia/Taipei"
    assert found[people.lei.id].display_name == "李雷"


def test_a_known_member_is_resolved_without_waiting_for_a_writer(
    store: Store, emulator: Emulator, people: People
) -> None:
    client = make_client(emulator.bot_token, emulator.base_url)

    def resolve() -> str:
        actor = resolve_actor(
            store=store,
            client=client,
            team_id=emulator.team_id,
            user_id=people.lei.id,
            now=NOW,
            lang="zh-Hans",
            settings=Settings(),
        )
        return actor.member.display_name

    resolve()  # first sight: written
    with ThreadPoolExecutor(1) as pool, store.session() as session:
        # Another request is writing (on SQLite it holds the write lock until it commits).
        upsert_member(
            session=session,
            workspace_id=emulator.team_id,
            slack_user_id=people.mei.id,
            actor="test",
            now=NOW,
        )
        assert pool.submit(resolve).result(timeout=5) == "李雷"


def test_a_changed_slack_profile_is_still_written(
    store: Store, emulator: Emulator, people: People
) -> None:
    client = make_client(emulator.bot_token, emulator.base_url)
    args = {
        "store": store,
        "client": client,
        "team_id": emulator.team_id,
        "user_id": people.lei.id,
        "now": NOW,
        "lang": "zh-Hans",
        "settings": Settings(),
    }
    resolve_actor(**args)  # type: ignore[arg-type]
    emulator.add_user(replace(people.lei, tz="Asia/Urumqi", real_name="李雷雷"))

    # Profiles are cached for PROFILE_TTL: the change is seen on the first request after it.
    actor = resolve_actor(**{**args, "now": NOW + PROFILE_TTL})  # type: ignore[arg-type]

    assert (actor.member.tz, actor.member.display_name) == ("Asia/Urumqi", "李雷雷")
    with store.read() as session:
        [stored] = [
            m
            for m in list_members(session=session, workspace_id=emulator.team_id)
            if m.slack_user_id == people.lei.id
        ]
    assert stored.tz == "Asia/Urumqi"


def test_mentioned_users_are_looked_up_at_once_and_judged_in_order(
    store: Store, emulator: Emulator, people: People
) -> None:
    """Four mentions cost one Slack round trip, not four: Slack answers none of the four
    `users.info` calls until all four are waiting. The first unusable user in the order written
    is the one reported, and nothing is stored by a look-up."""
    client = make_client(emulator.bot_token, emulator.base_url)
    everyone = [people.alice.id, people.lei.id, people.mei.id, people.wang.id]
    together = emulator.gather_next("users.info", parties=len(everyone))

    found = look_up_members(client=client, workspace_id=emulator.team_id, slack_user_ids=everyone)

    assert not together.broken  # one after another, the first call would never be answered
    assert found.user_ids == tuple(everyone)
    asked = Counter(call.args["user"] for call in emulator.calls("users.info"))
    assert asked == dict.fromkeys(everyone, 1)
    bot = User("U0BOTTY", "botty", is_bot=True)
    emulator.add_user(bot)
    with pytest.raises(UnusableUserError) as refused:
        look_up_members(
            client=client,
            workspace_id=emulator.team_id,
            slack_user_ids=[people.alice.id, "U0NOBODY", bot.id],
        )
    assert (refused.value.user_id, refused.value.reason) == ("U0NOBODY", "not_found")
    with store.read() as session:
        assert list_members(session=session, workspace_id=emulator.team_id) == []
