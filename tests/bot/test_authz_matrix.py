"""Who may do what, as one table: every command and action of Summit, tried by each kind of
person against one rep's (Lei's) numbers, through the real request path.

The workspace: Wang is a Slack admin; Zhao manages Lei; Qian is another manager (of Mei); Lei is
the rep; Mei is another rep; and a user of another workspace sends requests with their own team
id. Each cell says what must happen:

- ALLOWED: the effect on Lei's data is there (checked by the action's own `effect`);
- OWN: the action only ever concerns the actor's own data, so Lei's rows are untouched;
- HIDDEN: a view that shows nothing of Lei's (App Home);
- a `Refused(key, params)`: the person is told why in their own language (the message catalogue's
  sentence for that key), and the store is exactly as before — every table, every row;
- IGNORED: a message the app does not take as anyone's check-in: no answer, nothing changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, cast

import pytest

from bot.app import Deps
from bot.core.money import Money
from bot.core.periods import Period
from bot.i18n import Lang, lang_from_locale, t
from bot.sandbox import Emulator, User
from bot.services.plans import write_plan
from bot.settings import Settings
from bot.views.confirm import CANCEL_ACTION, REPLACE_ACTION
from bot.views.modals import AMOUNT_BLOCK, INPUT_ACTION
from bot.views.prompt import LOG_RESULT
from storage.actuals import list_actuals, log_actual
from storage.checkins import record_check_in
from storage.members import (
    add_team_members,
    create_team,
    list_teams,
    member_by_slack_id,
    set_manager,
    upsert_member,
)
from storage.milestones import away_days, milestones
from storage.records import MemberRecord, Owner
from storage.store import Store
from storage.targets import active_targets, set_target
from storage.workspaces import get_workspace, update_workspace_settings, upsert_workspace
from tests.bot.conftest import Clock, People, SlackReply, SlackTestClient
from tests.bot.listeners.commands.slack_text import buttons, click
from tests.bot.listeners.commands.test_split import modal, values
from tests.bot.listeners.entries import SEEDED_AT
from tests.bot.listeners.events.test_app_home import texts
from tests.bot.listeners.test_prompt_buttons import Prompt
from tests.bot.store_dump import Dump, dump, load

OTHER_TEAM = "T0OTHER"
ZHAO = User("U05ZHAO", "zhao", real_name="赵经理", locale="zh-CN")
QIAN = User("U06QIAN", "qian", real_name="Dana Qian", tz="America/New_York", locale="en-US")
# An admin of their own workspace: the most anyone outside could be.
OUTSIDER = User("U07OUTSIDE", "eve", real_name="Eve Outsider", locale="en-US", is_admin=True)
Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
APRIL = Period(date(2027, 4, 1), date(2027, 4, 30), "2027-04")
LEI = "U02LILEI"
LEI_MENTION = "<@U02LILEI|lilei>"
LEI_DM = "D02LILEI"  # the bot's DM with Lei, where the daily job posted this morning's prompt
LEI_PROMPT_TS = "1798768800.000100"
ROLES = ("admin", "manager", "other_manager", "rep", "other_rep", "outsider")


@pytest.fixture
def deps(settings: Settings, clock: Clock, store: Store) -> Deps:
    return Deps(settings=settings, clock=clock, store=store)


class OtherWorkspace:
    """The emulator as seen from a request of another workspace: the same Slack, another team
    id in what the request says."""

    def __init__(self, emulator: Emulator, team_id: str) -> None:
        self._emulator = emulator
        self.team_id = team_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._emulator, name)


@dataclass
class World:
    """The seeded workspace, and how each role reaches the app."""

    store: Store
    emulator: Emulator
    slack: SlackTestClient
    foreign: SlackTestClient
    people: dict[str, User]
    members: dict[str, MemberRecord] = field(default_factory=dict)

    @property
    def team_id(self) -> str:
        return self.emulator.team_id

    def client(self, role: str) -> SlackTestClient:
        return self.foreign if role == "outsider" else self.slack

    def lei(self) -> MemberRecord:
        found = self.member(LEI)
        assert found is not None
        return found

    def member(self, slack_user_id: str) -> MemberRecord | None:
        with self.store.read() as session:
            return member_by_slack_id(
                session=session, workspace_id=self.team_id, slack_user_id=slack_user_id
            )

    def lei_targets(self, period: Period) -> list[tuple[Decimal, str, int | None]]:
        with self.store.read() as session:
            return [
                (target.amount.amount, target.set_by, target.parent_id)
                for target in active_targets(
                    session=session,
                    workspace_id=self.team_id,
                    owner=Owner.member(self.lei().id),
                    overlapping=period,
                )
                if target.dimension is None
            ]

    def lei_entries(self) -> list[Decimal]:
        with self.store.read() as session:
            return [
                entry.amount
                for entry in list_actuals(
                    session=session, workspace_id=self.team_id, member_id=self.lei().id
                )
            ]


@pytest.fixture
def world(
    store: Store, emulator: Emulator, people: People, slack: SlackTestClient, http_app: Any
) -> World:
    for user in (ZHAO, QIAN, OUTSIDER):
        emulator.add_user(user)
    foreign = SlackTestClient(http_app.url, cast(Emulator, OtherWorkspace(emulator, OTHER_TEAM)))
    roles = {
        "admin": people.wang,
        "manager": ZHAO,
        "other_manager": QIAN,
        "rep": people.lei,
        "other_rep": people.mei,
        "outsider": OUTSIDER,
    }
    world = World(store, emulator, slack, foreign, roles)
    seed(world)
    return world


_SEEDED: list[Dump] = []  # the seeded store's rows, built once and loaded for every case


def seed(world: World) -> None:
    if _SEEDED:
        load(world.store, _SEEDED[0])
    else:
        build(world)
        _SEEDED.append(dump(world.store))
    for role, user in world.people.items():
        found = world.member(user.id)
        if found is not None:
            world.members[role] = found


def build(world: World) -> None:
    """Wang admin; Zhao manages Lei (Q1 500万, set by Zhao); Qian manages Mei (Q1 300万); each
    of the five has an April target of their own to split; Lei and Mei have logged a deal.
    Every profile is stored as Slack reports it, so a request changes nothing by merely
    arriving."""
    team_id, by = world.team_id, world.people["admin"].id
    with world.store.session() as session:
        upsert_workspace(
            session=session, workspace_id=team_id, name=team_id, actor=by, now=SEEDED_AT
        )
        workspace = update_workspace_settings(
            session=session,
            workspace_id=team_id,
            actor=by,
            now=SEEDED_AT,
            calendar="cn",
            tz="Asia/Shanghai",
        )
        for role, user in world.people.items():
            if role == "outsider":
                continue
            world.members[role] = upsert_member(
                session=session,
                workspace_id=team_id,
                slack_user_id=user.id,
                actor=by,
                now=SEEDED_AT,
                display_name=user.real_name or user.name,
                tz=user.tz,
                locale=user.locale,
                role="admin" if role == "admin" else "manager" if "manager" in role else "rep",
            )
        m = world.members
        for manager, rep, name in (
            ("manager", "rep", "赵经理"),
            ("other_manager", "other_rep", "Qian"),
        ):
            world.members[rep] = set_manager(
                session=session,
                workspace_id=team_id,
                member_id=m[rep].id,
                manager_id=m[manager].id,
                actor=by,
                now=SEEDED_AT,
            )
            team = create_team(
                session=session,
                workspace_id=team_id,
                name=name,
                actor=by,
                now=SEEDED_AT,
                manager_id=m[manager].id,
            )
            add_team_members(
                session=session,
                workspace_id=team_id,
                team_id=team.id,
                member_ids=[m[rep].id],
                actor=by,
                now=SEEDED_AT,
            )
        given = [
            ("rep", "manager", Q1, "5200000"),
            ("other_rep", "other_manager", Q1, "3000000"),
            *((role, role, APRIL, "1000000") for role in m),
        ]
        for owner, setter, period, amount in given:
            target = _set(session, team_id, m[owner], period, amount, world.people[setter].id)
            write_plan(
                session=session,
                workspace=workspace,
                target=target,
                member_id=m[owner].id,
                now=SEEDED_AT,
            )
        record_check_in(
            session=session,
            workspace_id=team_id,
            member_id=m["rep"].id,
            day=date(2027, 1, 6),
            kind="morning",
            channel_id=LEI_DM,
            message_ts=LEI_PROMPT_TS,
            now=SEEDED_AT,
        )
        for role, amount in (("rep", "30000"), ("other_rep", "20000")):
            log_actual(
                session=session,
                workspace_id=team_id,
                member_id=m[role].id,
                day=date(2027, 1, 5),
                amount=Decimal(amount),
                idempotency_key=f"seed:{role}",
                source="slash",
                actor=world.people[role].id,
                now=SEEDED_AT,
            )


def _set(
    session: Any, team_id: str, owner: MemberRecord, period: Period, amount: str, by: str
) -> Any:

    return set_target(
        session=session,
        workspace_id=team_id,
        owner=Owner.member(owner.id),
        amount=Money(Decimal(amount), "CNY"),
        period=period,
        actor=by,
        now=SEEDED_AT,
    )


# -- the actions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Done:
    """What the person saw after the action."""

    shown: str


Action = Callable[[World, str], Done]


def mention_unless_lei(role: str) -> str:
    return "" if role == "rep" else f" {LEI_MENTION}"


def command(text: str) -> Action:
    def run(world: World, role: str) -> Done:
        reply = world.client(role).command(text, user=world.people[role])
        return Done(_ack_text(reply))

    return run


def command_about_lei(template: str) -> Action:
    """A command naming Lei, or (typed by Lei) about themselves."""

    def run(world: World, role: str) -> Done:
        text = template.format(lei=mention_unless_lei(role))
        reply = world.client(role).command(text, user=world.people[role])
        return Done(_ack_text(reply))

    return run


def _ack_text(reply: SlackReply) -> str:
    assert reply.status == 200, reply.text
    answer = reply.json()
    parts = [str(answer.get("text", ""))]
    for block in answer.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
    return "\n".join(parts)


def press_confirm(action_id: str) -> Action:
    """Zhao asked to replace Lei's Q1 target with 600万; `role` presses the button."""

    def run(world: World, role: str) -> Done:
        asked = world.slack.command(f"set 600万 2027Q1 {LEI_MENTION}", user=world.people["manager"])
        value = buttons(asked)[action_id]
        client = world.client(role)
        # The outsider's client stands for the other workspace (its team id in the click).
        url = click(
            client, client.emulator, user_id=world.people[role].id, action_id=action_id, value=value
        )
        [answer] = world.emulator.responses(url)
        return Done(answer.text)

    return run


def split_to_lei(world: World, role: str) -> Done:
    """`/target split 2027-04` opens the modal on the actor's April target; they give all of it
    to Lei and submit."""
    client, user = world.client(role), world.people[role]
    opened = _ack_text(client.command("split 2027-04", user=user))
    if not world.emulator.open_views():
        return Done(opened)
    actor = world.member(user.id)
    assert actor is not None
    with world.store.read() as session:
        [own] = active_targets(
            session=session,
            workspace_id=world.team_id,
            owner=Owner.member(actor.id),
            overlapping=APRIL,
        )
    view = modal(world.emulator)
    target_id = own.id
    reply = client.submit(
        user=user, view=view, values=values(target_id, "rep", "percent", "<@U02LILEI> 100%")
    )
    assert reply.status == 200, reply.text
    answer = json.loads(reply.text) if reply.text.strip() else {}
    return Done("\n".join(answer.get("errors", {}).values()))


def prompt_log(world: World, role: str) -> Done:
    """The morning prompt's "Log result" button, then the modal submitted with 5万."""
    client, user = world.client(role), world.people[role]
    prompt = Prompt(world.emulator, user)
    view = prompt.click(client, LOG_RESULT)
    reply = client.submit(
        user=user, view=view, values={AMOUNT_BLOCK: {INPUT_ACTION: {"type": "x", "value": "5万"}}}
    )
    assert reply.status == 200, reply.text
    answer = json.loads(reply.text) if reply.text.strip() else {}
    return Done(
        "\n".join(answer.get("errors", {}).values()) or "\n".join(prompt.thread(world.emulator))
    )


def reply_in_leis_prompt_thread(world: World, role: str) -> Done:
    """A reply with a figure in the thread of Lei's morning prompt (Slack lets only Lei write
    there; the app must not take anyone else's word for Lei's day either)."""
    user = world.people[role]
    event = {
        "type": "message",
        "channel": LEI_DM,
        "channel_type": "im",
        "user": user.id,
        "text": "签了5万",
        "ts": f"{1798768800 + ROLES.index(role) + 60}.000200",
        "thread_ts": LEI_PROMPT_TS,
    }
    reply = world.client(role).event(event)
    assert reply.status == 200, reply.text
    answers = [m.text for m in world.emulator.messages_to(LEI_DM) if m.thread_ts == LEI_PROMPT_TS]
    return Done("\n".join(answers))


def app_home(world: World, role: str) -> Done:
    user = world.people[role]
    reply = world.client(role).event({"type": "app_home_opened", "user": user.id, "tab": "home"})
    assert reply.status == 200, reply.text
    view = world.emulator.home_view(user.id)
    assert view is not None
    return Done("\n".join(texts(view)))


# -- what must happen ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    key: str
    params: dict[str, str] = field(default_factory=dict)


class Kind:
    ALLOWED = "allowed"
    OWN = "own"
    HIDDEN = "hidden"
    IGNORED = "ignored"  # not answered at all, and nothing changed


Expectation = Refused | str
Effect = Callable[[World, str, Done], None]


def lei_q3(world: World, role: str, done: Done) -> None:
    q3 = Period(date(2027, 7, 1), date(2027, 9, 30))
    assert world.lei_targets(q3) == [(Decimal("3000000.00"), world.people[role].id, None)]


def lei_february(world: World, role: str, done: Done) -> None:
    february = Period(date(2027, 2, 1), date(2027, 2, 28))
    assert (Decimal("1000000.00"), world.people[role].id, None) in world.lei_targets(february)


def lei_q1_replaced(world: World, role: str, done: Done) -> None:
    [(amount, by, _)] = world.lei_targets(Q1)
    assert (amount, by) == (Decimal("6000000.00"), world.people[role].id)


def lei_q1_kept(world: World, role: str, done: Done) -> None:
    [(amount, by, _)] = world.lei_targets(Q1)
    assert (amount, by) == (Decimal("5200000.00"), world.people["manager"].id)
    assert done.shown == t(lang_of(world.people[role]), "set.confirm.cancelled")


def lei_april_from_split(world: World, role: str, done: Done) -> None:
    [(amount, by, parent)] = world.lei_targets(APRIL)
    assert (amount, by) == (Decimal("1000000.00"), world.people[role].id)
    assert parent is not None


def lei_numbers_shown(world: World, role: str, done: Done) -> None:
    assert "520万" in done.shown or "¥5.2M" in done.shown, done.shown


def lei_in_actors_team(world: World, role: str, done: Done) -> None:
    actor = world.member(world.people[role].id)
    assert actor is not None
    assert world.lei().manager_id == actor.id
    with world.store.read() as session:
        teams = list_teams(session=session, workspace_id=world.team_id)
    [team] = [team for team in teams if world.lei().id in team.member_ids]
    assert team.manager_id == actor.id


def lei_out_of_team(world: World, role: str, done: Done) -> None:
    assert world.lei().manager_id is None
    with world.store.read() as session:
        teams = list_teams(session=session, workspace_id=world.team_id)
    assert all(world.lei().id not in team.member_ids for team in teams)


def lei_team_channel(world: World, role: str, done: Done) -> None:
    with world.store.read() as session:
        teams = list_teams(session=session, workspace_id=world.team_id)
    [team] = [team for team in teams if world.lei().id in team.member_ids]
    assert team.channel_id == "C0SALES"


def lei_manager(world: World, role: str, done: Done) -> None:
    assert world.lei().role == "manager"


def lei_milestone(world: World, role: str, done: Done) -> None:
    with world.store.read() as session:
        found = milestones(session=session, workspace_id=world.team_id)
    assert [(m.member_id, m.day) for m in found] == [(world.lei().id, date(2027, 2, 26))]


def lei_away(world: World, role: str, done: Done) -> None:
    with world.store.read() as session:
        days = away_days(session=session, workspace_id=world.team_id, member_id=world.lei().id)
    assert [away.day for away in days] == [date(2027, 1, 8)]


def language_english(world: World, role: str, done: Done) -> None:
    with world.store.read() as session:
        workspace = get_workspace(session=session, workspace_id=world.team_id)
    assert workspace is not None
    assert workspace.language == "en"


def lei_logged(world: World, role: str, done: Done) -> None:
    assert world.lei_entries() == [Decimal("30000.00"), Decimal("50000.00")]


def lei_undone(world: World, role: str, done: Done) -> None:
    assert world.lei_entries() == []


def lei_plan_shown(world: World, role: str, done: Done) -> None:
    assert "520万" in done.shown, done.shown


A, OWN, HIDE, IGNORED = Kind.ALLOWED, Kind.OWN, Kind.HIDDEN, Kind.IGNORED
NOT_MANAGER = Refused("set.refused.not_manager", {"user": LEI})
OTHER_MANAGER = Refused("set.refused.other_manager", {"user": LEI, "manager": ZHAO.id})
FOREIGN = Refused("set.user.other_workspace", {"user": LEI})
TEAM_NOT_MANAGER = Refused("team.refused.not_manager")
NOT_ADMIN = Refused("manager.refused.not_admin")
SETTINGS_NOT_ADMIN = Refused("settings.refused.not_admin")

# action: (how it is done, its effect on Lei when allowed,
#          (admin, manager of the rep, other manager, the rep, another rep, another workspace))
MATRIX: dict[str, tuple[Action, Effect | None, tuple[Expectation, ...]]] = {
    "set": (
        command_about_lei("set 300万 2027Q3{lei}"),
        lei_q3,
        (A, A, OTHER_MANAGER, A, NOT_MANAGER, FOREIGN),
    ),
    # A month inside the quarter Zhao set: a rep may not slip a target of their own in there.
    "set-inside-assigned": (
        command_about_lei("set 100万 2027-02{lei}"),
        lei_february,
        (
            A,
            A,
            OTHER_MANAGER,
            Refused("set.refused.assigned", {"by": ZHAO.id}),
            NOT_MANAGER,
            FOREIGN,
        ),
    ),
    "set-replace-button": (
        press_confirm(REPLACE_ACTION),
        lei_q1_replaced,
        (
            A,
            A,
            OTHER_MANAGER,
            Refused("set.refused.assigned", {"by": ZHAO.id}),
            NOT_MANAGER,
            FOREIGN,
        ),
    ),
    "set-cancel-button": (press_confirm(CANCEL_ACTION), lei_q1_kept, (A, A, A, A, A, A)),
    "split-submission": (
        split_to_lei,
        lei_april_from_split,
        (A, A, OTHER_MANAGER, A, NOT_MANAGER, Refused("split.none")),
    ),
    "log": (command("log 5万"), lei_logged, (OWN, OWN, OWN, A, OWN, OWN)),
    "undo": (command("undo"), lei_undone, (OWN, OWN, OWN, A, OWN, OWN)),
    "status": (
        command_about_lei("status{lei}"),
        lei_numbers_shown,
        (
            A,
            A,
            Refused("status.refused.not_your_rep", {"user": LEI}),
            A,
            Refused("status.refused.not_manager", {"user": LEI}),
            Refused("status.none.other", {"user": LEI}),  # Lei is nobody over there
        ),
    ),
    "plan": (command("plan 2027Q1"), lei_plan_shown, (OWN, OWN, OWN, A, OWN, OWN)),
    "team-add": (
        command(f"team add {LEI_MENTION}"),
        lei_in_actors_team,
        (
            A,
            A,
            Refused("team.refused.other_manager", {"user": LEI, "manager": ZHAO.id}),
            TEAM_NOT_MANAGER,
            TEAM_NOT_MANAGER,
            FOREIGN,
        ),
    ),
    "team-remove": (
        command(f"team remove {LEI_MENTION}"),
        lei_out_of_team,
        (
            Refused("team.refused.no_team"),
            A,
            Refused("team.refused.not_in_team", {"user": LEI}),
            TEAM_NOT_MANAGER,
            TEAM_NOT_MANAGER,
            FOREIGN,
        ),
    ),
    "team-channel": (
        command("team channel <#C0SALES|sales>"),
        lei_team_channel,
        (OWN, A, OWN, TEAM_NOT_MANAGER, TEAM_NOT_MANAGER, OWN),
    ),
    "manager-add": (
        command(f"manager add {LEI_MENTION}"),
        lei_manager,
        (A, NOT_ADMIN, NOT_ADMIN, NOT_ADMIN, NOT_ADMIN, FOREIGN),
    ),
    "milestone-add": (
        command_about_lei("milestone add 2027-02-26 50万{lei} 二月冲刺"),
        lei_milestone,
        (A, A, OTHER_MANAGER, A, NOT_MANAGER, FOREIGN),
    ),
    "away": (
        command_about_lei("away 2027-01-08{lei}"),
        lei_away,
        (A, A, OTHER_MANAGER, A, NOT_MANAGER, FOREIGN),
    ),
    "settings": (
        command("settings language en"),
        language_english,
        (
            A,
            SETTINGS_NOT_ADMIN,
            SETTINGS_NOT_ADMIN,
            SETTINGS_NOT_ADMIN,
            SETTINGS_NOT_ADMIN,
            OWN,  # an admin there changes their own workspace's settings
        ),
    ),
    "prompt-log-button": (prompt_log, lei_logged, (OWN, OWN, OWN, A, OWN, OWN)),
    "reply-in-leis-prompt-thread": (
        reply_in_leis_prompt_thread,
        lei_logged,
        (IGNORED, IGNORED, IGNORED, A, IGNORED, OWN),  # the outsider's is a DM of their own
    ),
    "app-home": (app_home, lei_numbers_shown, (A, A, HIDE, A, HIDE, HIDE)),
}


def cases() -> Iterator[Any]:
    for action, (_, _, expected) in MATRIX.items():
        assert len(expected) == len(ROLES), action
        for role, expectation in zip(ROLES, expected, strict=True):
            yield pytest.param(action, role, expectation, id=f"{action}-{role}")


def lang_of(user: User) -> Lang:
    return lang_from_locale(user.locale)


NAMING_MEMBERS = ("target", "plan_day", "actual_entry", "milestone", "away_day", "team_member")


def lei_rows(world: World) -> Dump:
    """Everything the store holds about Lei: their member row and every row that names them."""
    lei = world.lei().id
    rows = dump(world.store, workspace_id=world.team_id, skip={"seen_request", "audit_log"})
    mine: Dump = {}
    for table, found in rows.items():
        if table == "member":
            mine[table] = [row for row in found if row[0] == lei]
        elif table in (
            "target",
            "plan_day",
            "actual_entry",
            "milestone",
            "away_day",
            "team_member",
        ):
            mine[table] = [row for row in found if lei in row]
    return mine


@pytest.mark.parametrize(("action", "role", "expected"), list(cases()))
def test_who_may_do_what(world: World, action: str, role: str, expected: Expectation) -> None:
    do, effect, _ = MATRIX[action]
    workspace = world.team_id
    outsider = role == "outsider"
    refused = isinstance(expected, Refused) or expected == Kind.IGNORED
    # Their own workspace may come to exist; this one must stay as it was.
    before = dump(world.store, workspace_id=workspace if outsider else None) if refused else None
    lei_before = lei_rows(world) if expected in (Kind.OWN, Kind.HIDDEN) else None
    lei_dms = [m.text for m in world.emulator.messages_to(LEI)]
    here = dump(world.store, workspace_id=workspace) if outsider else None

    done = do(world, role)

    if isinstance(expected, Refused):
        assert t(lang_of(world.people[role]), expected.key, **expected.params) in done.shown
        assert dump(world.store, workspace_id=workspace if outsider else None) == before
        assert [m.text for m in world.emulator.messages_to(LEI)] == lei_dms
    elif expected == Kind.IGNORED:
        assert done.shown == ""
        assert dump(world.store) == before
    elif expected == Kind.ALLOWED:
        assert effect is not None
        effect(world, role, done)
    else:
        assert lei_rows(world) == lei_before
        assert "520万" not in done.shown
        assert "¥5.2M" not in done.shown
        assert LEI not in done.shown or expected == Kind.OWN
    if outsider:
        assert dump(world.store, workspace_id=workspace) == here
