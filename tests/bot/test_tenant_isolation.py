"""Tenant isolation, as production runs it: one app in OAuth mode, one store, two installed
workspaces. Hypothesis drives random sequences of commands, check-ins, App Home visits, exports
and attempts to name the other workspace's people; after each sequence nothing either workspace
was shown, sent or exported contains the other's names, user ids, team id or amounts.

Slack is two emulators behind one Web API address (`TokenRouter`): as on slack.com, the bot
token of each call decides whose workspace it reaches, so a reply or post made with the wrong
workspace's token lands in the wrong emulator and is caught there.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.fernet import Fernet
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from slack_bolt import App
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import delete

from bot import oauth
from bot.app import Deps, create_app
from bot.sandbox import Emulator, User
from bot.server import HttpServer
from bot.settings import Settings
from storage.actuals import list_actuals
from storage.export import plan_export, write_csv
from storage.members import list_members
from storage.models import metadata
from storage.scope import unscoped
from storage.store import Store
from tests.bot.conftest import SIGNING_SECRET, Clock, SlackReply, SlackTestClient
from tests.bot.listeners.events.test_app_home import texts

# Content a workspace receives; `users.info` and the like only carry what the user typed.
CONTENT_METHODS: Final = (
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "views.publish",
    "views.open",
    "views.update",
)


@dataclass(frozen=True)
class Tenant:
    """One workspace: its team, its people (a boss who is a Slack admin, two reps)."""

    team_id: str
    name: str
    token: str
    boss: User
    reps: tuple[User, User]
    unit: int  # every amount this workspace logs is an odd (A) or even (B) number of these
    currency: str  # its admin's choice; shown as a code before every amount of its money

    @property
    def people(self) -> tuple[User, ...]:
        return (self.boss, *self.reps)

    def secrets(self) -> set[str]:
        """What must never appear in anything the other workspace sees."""
        found = {self.team_id, self.name, self.currency}
        for user in self.people:
            found |= {user.id, user.real_name}
        return found


ALPHA = Tenant(
    "T0ALPHA",
    "Alpha Trading",
    "xoxb-alpha-install",
    User("UA01BOSS", "ada", real_name="Ada Alphaboss", locale="en-US", is_admin=True),
    (
        User("UA02REP", "abe", real_name="Abe Alpharep", locale="en-US"),
        User("UA03REP", "阿方", real_name="阿方甲", locale="zh-CN"),
    ),
    unit=1000,
    currency="CHF",
)
BETA = Tenant(
    "T0BETA",
    "Beta Imports",
    "xoxb-beta-install",
    User("UB01BOSS", "bea", real_name="Bea Betaboss", locale="zh-CN", is_admin=True),
    (
        User("UB02REP", "ben", real_name="Ben Betarep", locale="en-US"),
        User("UB03REP", "贝贝", real_name="贝贝乙", locale="zh-TW"),
    ),
    unit=1000,
    currency="SGD",
)
TENANTS: Final = (ALPHA, BETA)


class TokenRouter:
    """slack.com for two workspaces: each Web API call goes to the emulator of its token."""

    def __init__(self, by_token: Mapping[str, Emulator]) -> None:
        router = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                router.forward(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.by_token = dict(by_token)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/"

    def start(self) -> TokenRouter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def forward(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token:
            token = (parse_qs(body.decode(errors="replace")).get("token") or [""])[0]
        emulator = self.by_token.get(token, next(iter(self.by_token.values())))
        upstream = urlsplit(emulator.root_url)
        connection = http.client.HTTPConnection(upstream.hostname or "", upstream.port, timeout=10)
        try:
            headers = {
                k: v for k, v in request.headers.items() if k.lower() not in ("host", "connection")
            }
            connection.request(request.command, request.path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        request.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() in ("content-type", "retry-after"):
                request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


@dataclass
class Installed:
    """The running system: the app on one store, two workspaces installed."""

    store: Store
    emulators: dict[str, Emulator]
    clients: dict[str, SlackTestClient]
    shown: dict[str, list[str]] = field(default_factory=dict)  # replies each workspace got
    submitted: dict[str, list[Decimal]] = field(default_factory=dict)  # amounts logged there


@pytest.fixture
def installed(
    store: Store, clock: Clock, serve: Callable[[App], HttpServer]
) -> Iterator[Installed]:
    emulators: dict[str, Emulator] = {}
    for tenant in TENANTS:
        emulator = Emulator(team_id=tenant.team_id, team_name=tenant.name, bot_token=tenant.token)
        emulator.start()
        for user in tenant.people:
            emulator.add_user(user)
        emulators[tenant.team_id] = emulator
    router = TokenRouter({t.token: emulators[t.team_id] for t in TENANTS}).start()
    try:
        settings_ = Settings(
            slack_bot_token=None,
            slack_signing_secret=SIGNING_SECRET,
            slack_client_id="0SANDBOX.0CLIENT",
            slack_client_secret="sandbox-client-secret",
            slack_app_token=None,
            slack_api_url=router.base_url,
            summit_encryption_key=SecretStr(Fernet.generate_key().decode()),
        )
        deps = Deps(settings=settings_, clock=clock, store=store)
        app = create_app(settings_, deps, process_before_response=True)
        installations = oauth.installation_store(settings_, store)
        for tenant in TENANTS:
            emulator = emulators[tenant.team_id]
            installations.save(
                Installation(
                    app_id="A0SUMMIT",
                    team_id=tenant.team_id,
                    team_name=tenant.name,
                    bot_token=tenant.token,
                    bot_id=emulator.workspace.bot_id,
                    bot_user_id=emulator.bot_user_id,
                    bot_scopes=list(oauth.BOT_SCOPES),
                    user_id=tenant.boss.id,
                    installed_at=time.time(),
                )
            )
        url = serve(app).url
        clients = {t.team_id: SlackTestClient(url, emulators[t.team_id]) for t in TENANTS}
        yield Installed(store, emulators, clients)
    finally:
        router.stop()
        for emulator in emulators.values():
            emulator.stop()


def reset(system: Installed) -> None:
    """A fresh start for the next example: no Summit rows (the installations stay), no calls."""
    with system.store.session() as session:
        for table in reversed(metadata.sorted_tables):
            session.execute(unscoped(delete(table), "a test wipes the store between examples"))
    for emulator in system.emulators.values():
        emulator.clear_calls()
    system.shown = {t.team_id: [] for t in TENANTS}
    system.submitted = {t.team_id: [] for t in TENANTS}
    for tenant in TENANTS:
        # Each workspace's money in its own currency: an amount of the other's, wherever it
        # turns up, carries the other's currency code.
        slack = system.clients[tenant.team_id]
        reply = slack.command(f"settings currency {tenant.currency}", user=tenant.boss)
        assert tenant.currency in _text(reply)


# -- what people do -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing someone in `tenant` does; `who` and `whom` index its people (0 is the boss)."""

    tenant: int
    kind: str
    who: int
    whom: int
    amount: int  # in units of the tenant's `unit`

    def __str__(self) -> str:
        return f"{TENANTS[self.tenant].team_id}:{self.kind}({self.who}->{self.whom}, {self.amount})"


KINDS = (
    "set",
    "log",
    "checkin",
    "undo",
    "status",
    "home",
    "team",
    "team_add",
    "milestone",
    "poke",
    "export",
)
steps = st.builds(
    Step,
    tenant=st.integers(0, 1),
    kind=st.sampled_from(KINDS),
    who=st.integers(0, 2),
    whom=st.integers(0, 2),
    amount=st.integers(1, 500),
)


def amount_of(tenant: Tenant, step: Step) -> Decimal:
    # Alpha logs odd numbers of thousands, Beta even ones: a total or entry of one found in the
    # other tells whose money it was.
    units = 2 * step.amount + (1 if tenant is ALPHA else 0)
    return Decimal(units * tenant.unit)


def perform(system: Installed, step: Step) -> None:
    tenant = TENANTS[step.tenant]
    other = TENANTS[1 - step.tenant]
    slack = system.clients[tenant.team_id]
    emulator = system.emulators[tenant.team_id]
    actor = tenant.people[step.who]
    subject = tenant.people[step.whom]
    amount = amount_of(tenant, step)
    shown = system.shown[tenant.team_id]
    if step.kind == "set":
        mention = f"<@{subject.id}|{subject.name}>"
        shown.append(_text(slack.command(f"set {amount} 2027Q1 {mention}", user=tenant.boss)))
    elif step.kind == "log":
        system.submitted[tenant.team_id].append(amount)
        shown.append(_text(slack.command(f"log {amount}", user=actor)))
    elif step.kind == "checkin":
        system.submitted[tenant.team_id].append(amount)
        channel = emulator.dm_channel(actor.id)
        message = emulator.post_as_user(actor.id, channel, f"closed {amount}")
        event = {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": actor.id,
            "text": f"closed {amount}",
            "ts": message.ts,
        }
        assert slack.event(event).status == 200
    elif step.kind == "status":
        shown.append(_text(slack.command(f"status <@{subject.id}|{subject.name}>", user=actor)))
    elif step.kind == "home":
        assert (
            slack.event({"type": "app_home_opened", "user": actor.id, "tab": "home"}).status == 200
        )
        view = emulator.home_view(actor.id)
        assert view is not None
        shown.append("\n".join(texts(view)))
    elif step.kind == "undo":
        shown.append(_text(slack.command("undo", user=actor)))
    elif step.kind == "team":
        shown.append(_text(slack.command("team", user=tenant.boss)))
    elif step.kind == "team_add":
        mention = f"<@{subject.id}|{subject.name}>"
        shown.append(_text(slack.command(f"team add {mention}", user=tenant.boss)))
    elif step.kind == "milestone":
        mention = f"<@{subject.id}|{subject.name}>"
        line = f"milestone add 2027-02-26 {amount} {mention} close"
        shown.append(_text(slack.command(line, user=tenant.boss)))
    elif step.kind == "poke":
        # Naming someone of the other workspace, as if their id had been pasted in.
        stranger = other.people[step.whom]
        verb = ("status", "team add", "set 1000 2027Q1")[step.who]
        reply = _text(slack.command(f"{verb} <@{stranger.id}>", user=tenant.boss))
        shown.append(reply.replace(stranger.id, "(the id typed)"))
    else:
        shown.append(export_csv(system.store, tenant.team_id))


def _text(reply: SlackReply) -> str:
    """The whole answer (text and blocks), with its characters as the user reads them."""
    assert reply.status == 200, reply.text
    return json.dumps(reply.json(), ensure_ascii=False)


def export_csv(store: Store, team_id: str) -> str:
    out = StringIO()
    with store.read() as session:
        write_csv(plan_export(session=session, workspace_id=team_id), out)
    return out.getvalue()


# -- what must hold -----------------------------------------------------------------------------


def leaks(text: str, other: Tenant) -> list[str]:
    return sorted(secret for secret in other.secrets() if secret in text)


def check_isolated(system: Installed) -> None:
    for tenant, other in ((ALPHA, BETA), (BETA, ALPHA)):
        here = tenant.team_id
        for shown in system.shown[here]:
            assert leaks(shown, other) == [], shown
        emulator = system.emulators[here]
        for call in emulator.calls():
            assert call.token == tenant.token, call.method
            if call.method in CONTENT_METHODS:
                sent = json.dumps(call.args, ensure_ascii=False)
                assert leaks(sent, other) == [], (call.method, sent)
        for response in emulator.responses():
            sent = json.dumps(response.payload, ensure_ascii=False)
            assert leaks(sent, other) == [], sent
        for user in tenant.people:
            home = emulator.home_view(user.id)
            assert leaks(json.dumps(home, ensure_ascii=False), other) == []
        check_money_stays_home(system, tenant)


def check_money_stays_home(system: Installed, tenant: Tenant) -> None:
    """Every entry stored for the workspace is money its own people logged, and its export
    adds up to exactly those entries, for its own people only."""
    here = tenant.team_id
    with system.store.read() as session:
        members = {m.id: m.slack_user_id for m in list_members(session=session, workspace_id=here)}
        entries = [
            entry.amount
            for member_id in members
            for entry in list_actuals(session=session, workspace_id=here, member_id=member_id)
        ]
        rows = plan_export(session=session, workspace_id=here)
    assert set(members.values()) <= {user.id for user in tenant.people}
    odd = tenant is ALPHA
    for amount in entries:
        assert amount in system.submitted[here], amount
        assert (int(amount) // tenant.unit) % 2 == (1 if odd else 0), amount
    assert {row.user for row in rows} <= {user.id for user in tenant.people}
    assert sum((row.actual for row in rows), Decimal(0)) == sum(entries, Decimal(0))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(steps, min_size=4, max_size=16))
# The pointed case, always tried: Beta's rep has numbers, and Alpha's admin asks about them.
@example(
    [
        Step(tenant=1, kind="set", who=0, whom=1, amount=40),
        Step(tenant=1, kind="log", who=1, whom=0, amount=7),
        Step(tenant=0, kind="poke", who=0, whom=1, amount=1),
        Step(tenant=0, kind="poke", who=1, whom=1, amount=1),
        Step(tenant=0, kind="home", who=0, whom=0, amount=1),
        Step(tenant=0, kind="export", who=0, whom=0, amount=1),
    ]
)
def test_no_workspace_ever_sees_the_others_data(installed: Installed, sequence: list[Step]) -> None:
    reset(installed)
    for step in sequence:
        perform(installed, step)

    check_isolated(installed)
