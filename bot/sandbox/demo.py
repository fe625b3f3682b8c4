"""`summit demo`: the whole bot in a local sandbox, driven the way Slack drives it.

The real Bolt app serves real HTTP on loopback; its WebClient talks to the Web API emulator; its
data lives in a SQLite file kept between runs. What a person types becomes the signed request
Slack would send (a slash command, a DM event, a button click), and whatever the app then did in
Slack -- the command's answer, ephemerals, DMs, channel posts, App Home, modals, files -- is
printed the way a Slack client would show it.

The sandbox has its own clock. `:advance` moves it; on the way the scheduled jobs run at every
whole hour, as the scheduler inside `summit serve` would wake them.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Final
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.text import Text

from bot.app import Deps, create_app
from bot.jobs.registry import JOBS, JobFunction
from bot.sandbox.emulator import Emulator
from bot.sandbox.signed import SlackRequests
from bot.sandbox.team import DemoLang, Team, demo_team, seed
from bot.sandbox.transcript import Transcript
from bot.server import HttpServer, serve_http
from bot.settings import Settings
from storage.store import Store, ensure_schema

SHANGHAI: Final = ZoneInfo("Asia/Shanghai")
# The first working morning of 2027Q1 in Shanghai (元旦 took Friday to Sunday).
DEFAULT_START: Final = datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)
# The scheduler wakes the jobs at least this often; they decide themselves what is due.
JOB_TICK: Final = timedelta(hours=1)

SCRIPTS: Final[Mapping[DemoLang, tuple[str, ...]]] = {
    "zh": (
        "# 王经理 sets this quarter's target for two reps",
        "/target set 500万 本季度 @lilei @alice",
        "/target status @lilei",
        "# 李雷 looks at the plan, then reports in the bot's DM",
        ":as lilei",
        "/target plan",
        "今天签了3.5万，拜访4家客户",
        "/target status",
    ),
    "en": (
        "# Wang sets this quarter's target for two reps",
        "/target set 5M this quarter @alice @bob",
        "/target status @bob",
        "# Bob looks at the plan, then reports in the bot's DM",
        ":as bob",
        "/target plan",
        "closed 35k today, 4 visits",
        "/target status",
    ),
}

HELP: Final = """\
Type what a Slack user types:
  /target ...                a slash command, in #sales  (/target help lists them)
  any other text             a message to Summit in your DM (a check-in: 今天签了3.5万，拜访4家客户)
  @name / #sales             mentions, escaped the way Slack sends them
Sandbox commands:
  :as NAME                   type as someone else (:who lists the team)
  :reply TEXT                answer in the thread of Summit's latest DM to you
  :home                      open your App Home
  :click N                   click button [N]
  :submit A | B              fill the open modal's fields in order and send it
  :advance 1d | 3h | 30m | 1w, :advance to 2027-01-08 09:00
                             move the clock; scheduled jobs run on the way
  :now, :who, :help, :quit"""


class DemoError(Exception):
    """A sandbox command typed wrongly; shown to the person, who may try again."""


def builtin_script(lang: DemoLang | None) -> tuple[str, ...]:
    return SCRIPTS[lang or "zh"]


# -- the clock ------------------------------------------------------------------------------


class DemoClock:
    """The sandbox's time, an aware datetime that only `:advance` moves, kept in a small file
    beside the database so the next run goes on from there."""

    def __init__(self, state_file: Path, start: datetime = DEFAULT_START) -> None:
        self._file = state_file
        self.now = _load_time(state_file) or start

    def __call__(self) -> datetime:
        return self.now

    def timestamp(self) -> float:
        return self.now.timestamp()

    def move_to(self, when: datetime) -> None:
        self.now = when
        self._file.write_text(json.dumps({"now": when.isoformat()}), encoding="utf-8")


def _load_time(path: Path) -> datetime | None:
    try:
        saved = datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["now"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # Saved with its UTC offset; shown again in the workspace's zone, by name.
    return saved.astimezone(SHANGHAI) if saved.tzinfo is not None else None


_DURATION: Final = re.compile(r"^(\d+)\s*([wdhm])$")
_UNITS: Final = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_advance(argument: str, *, now: datetime, tz: ZoneInfo = SHANGHAI) -> datetime:
    """`1d`, `3h`, `30m`, `2w`, or `to 2027-01-08 09:00` (a time without offset is in `tz`)."""
    argument = argument.strip()
    if argument.startswith("to "):
        try:
            when = datetime.fromisoformat(argument[3:].strip())
        except ValueError:
            raise DemoError(f"not a date and time: {argument[3:].strip()!r}") from None
        when = when if when.tzinfo else when.replace(tzinfo=tz)
    else:
        match = _DURATION.match(argument)
        if match is None:
            raise DemoError("say how far: `:advance 1d`, `3h`, `1w` or `to 2027-01-08 09:00`")
        when = now + timedelta(**{_UNITS[match[2]]: int(match[1])})
    if when <= now:
        raise DemoError("the sandbox clock only moves forward")
    return when


def job_ticks(start: datetime, end: datetime, step: timedelta = JOB_TICK) -> list[datetime]:
    """When a scheduler waking every `step` (on the UTC hour) would run between `start`
    (exclusive) and `end` (inclusive); `end` itself last."""
    seconds = int(step.total_seconds())
    first = (int(start.timestamp()) // seconds + 1) * seconds
    ticks = [
        datetime.fromtimestamp(moment, UTC)
        for moment in range(first, int(end.timestamp()), seconds)
    ]
    return [*ticks, end.astimezone(UTC)]


def scheduled_jobs() -> dict[str, JobFunction]:
    """The jobs the scheduler runs, by name: those built so far."""
    return {job.name: job.run for job in JOBS.values()}


# -- what people type -----------------------------------------------------------------------

_MENTION: Final = re.compile(r"(?<![<\w])@([\w.\-]*\w)")
_CHANNEL_REF: Final = re.compile(r"(?<![<\w&])#([\w\-]*\w)")
_SPECIAL: Final = {"everyone", "channel", "here"}


def escape_mentions(text: str, team: Team) -> str:
    """`@alice` and `#sales` as Slack delivers them (`<@U01ALICE|alice>`, `<#C0SALES|sales>`);
    names nobody has are left as typed, as Slack leaves them."""

    def user(match: re.Match[str]) -> str:
        name = match[1]
        if name.lower() in _SPECIAL:
            return f"<!{name.lower()}>"
        person = team.find(name)
        return f"<@{person.id}|{person.name}>" if person else match[0]

    def channel(match: re.Match[str]) -> str:
        found = team.channel if match[1] == team.channel.name else None
        return f"<#{found.id}|{found.name}>" if found else match[0]

    return _CHANNEL_REF.sub(channel, _MENTION.sub(user, text))


# -- the sandbox ----------------------------------------------------------------------------


class Sandbox:
    """The emulator, the store, the real app over HTTP and the person at the keyboard."""

    def __init__(
        self,
        *,
        database: Path,
        settings: Settings,
        console: Console,
        lang: DemoLang | None = None,
    ) -> None:
        self.database = database
        self.base_settings = settings
        self.console = console
        self.team = demo_team(lang)
        self.clock = DemoClock(database.with_name(database.name + ".clock.json"))
        self.person = self.team.manager
        self.jobs = scheduled_jobs()
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Sandbox:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stack.close()

    def _start(self) -> None:
        self.database.parent.mkdir(parents=True, exist_ok=True)
        self.emulator = self._stack.enter_context(Emulator(clock=self.clock.timestamp))
        seed(self.emulator, self.team)
        self.store = Store(f"sqlite:///{self.database}")
        self._stack.callback(self.store.dispose)
        ensure_schema(self.store)
        signing_secret = secrets.token_hex(16)
        self.settings = self.base_settings.model_copy(
            update={
                "slack_bot_token": self.emulator.bot_token,
                "slack_signing_secret": signing_secret,
                "slack_app_token": None,
                "slack_api_url": self.emulator.base_url,
                "database_url": self.store.url,
            }
        )
        self.deps = Deps(settings=self.settings, clock=self.clock, store=self.store)
        app = create_app(self.settings, self.deps, process_before_response=True)
        server: HttpServer = serve_http(app, 0)
        self._stack.callback(server.close)
        self.slack = SlackRequests(
            server.url,
            self.emulator,
            signing_secret=signing_secret,
            channel=self.team.channel.id,
            clock=self.clock.timestamp,
        )
        self.transcript = Transcript(
            self.console,
            self.emulator,
            self.team,
            files_dir=self.database.with_name(self.database.stem + "-files"),
        )
        self.transcript.catch_up()

    # -- one line of input --------------------------------------------------------------------

    def type_line(self, line: str) -> bool:
        """Do what one typed line says; False once the person asked to quit."""
        line = line.strip()
        if not line:
            return True
        if line.startswith("#"):
            self.transcript.note(line.lstrip("# "), style="bold cyan")
            return True
        try:
            if line.startswith(":"):
                return self._meta(line)
            if line.startswith("/"):
                self.command(line)
            else:
                self.message(line)
        except DemoError as error:
            self.transcript.note(f"  {error}", style="yellow")
        return True

    def command(self, line: str) -> None:
        command, _, text = line.partition(" ")
        channel = self.team.channel.id
        self.transcript.typed(self.person, f"#{self.team.channel.name}", line)
        reply = self.slack.command(
            escape_mentions(text.strip(), self.team),
            user=self.person,
            command=command,
            channel=channel,
        )
        self.transcript.command_reply(reply, self.person, channel)
        self.transcript.show_new()

    def message(self, text: str, *, thread_ts: str | None = None) -> None:
        """The person writes to Summit in their DM (in a thread when `thread_ts`)."""
        dm = self.emulator.dm_channel(self.person.id)
        where = "a thread of their DM with Summit" if thread_ts else "their DM with Summit"
        self.transcript.typed(self.person, where, text)
        escaped = escape_mentions(text, self.team)
        posted = self.emulator.post_as_user(self.person.id, dm, escaped, thread_ts=thread_ts)
        self.transcript.catch_up()  # the person's own message is not news
        event: dict[str, Any] = {
            "type": "message",
            "channel": dm,
            "channel_type": "im",
            "user": self.person.id,
            "text": escaped,
            "ts": posted.ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        reply = self.slack.event(event)
        if reply.status != 200:
            self.transcript.note(f"  (Summit answered the event with HTTP {reply.status})")
        self.transcript.show_new()

    def advance(self, when: datetime) -> None:
        """Move the clock to `when`, running the jobs at each tick on the way."""
        self.transcript.note(f"⏰ {_shown(self.clock.now)} → {_shown(when)}", style="bold")
        for tick in job_ticks(self.clock.now, when):
            self.clock.move_to(tick.astimezone(when.tzinfo))
            self.run_jobs()
        self.clock.move_to(when)

    def run_jobs(self) -> None:
        if not self.jobs:
            return
        settings = self.settings
        client = self.deps.client_factory(settings.slack_bot_token, settings.slack_api_url)
        for name, job in self.jobs.items():
            before = len(self.emulator.calls())
            try:
                job(self.store, client, self.clock.now.astimezone(UTC))
            except Exception as error:  # the demo goes on; the transcript says what broke
                self.transcript.note(f"  job {name} failed: {type(error).__name__}: {error}")
            if len(self.emulator.calls()) > before:
                self.transcript.note(f"── {_shown(self.clock.now)} · {name}", style="bold")
                self.transcript.show_new()

    # -- sandbox commands ---------------------------------------------------------------------

    def _meta(self, line: str) -> bool:
        word, _, argument = line[1:].partition(" ")
        argument = argument.strip()
        if word in ("quit", "exit", "q"):
            return False
        if word == "help":
            self.transcript.note(HELP, style="")
        elif word == "as":
            self._become(argument)
        elif word == "who":
            self._who()
        elif word == "now":
            self.transcript.note(_shown(self.clock.now), style="bold")
        elif word == "advance":
            self.advance(parse_advance(argument, now=self.clock.now))
        elif word == "home":
            self._home()
        elif word == "click":
            self._click(argument)
        elif word == "reply":
            self._reply(argument)
        elif word == "submit":
            self._submit(argument)
        else:
            raise DemoError(f"no sandbox command :{word}; :help lists them")
        return True

    def _become(self, name: str) -> None:
        person = self.team.find(name)
        if person is None:
            raise DemoError(f"nobody called {name!r} here; :who lists the team")
        self.person = person
        self.transcript.note(
            f"You are now {person.real_name} (@{person.name}, {person.tz}, {person.locale})",
            style="bold",
        )

    def _who(self) -> None:
        for person in self.team.people:
            role = "manager, Slack admin" if person.is_admin else "rep"
            marker = "→" if person == self.person else " "
            self.transcript.note(
                f"{marker} {person.real_name} @{person.name}  {role}, {person.tz}, {person.locale}",
                style="",
            )

    def _home(self) -> None:
        dm = self.emulator.dm_channel(self.person.id)
        self.transcript.note(f"{self.person.real_name} opens Summit's App Home", style="bold")
        self.slack.event(
            {"type": "app_home_opened", "user": self.person.id, "channel": dm, "tab": "home"}
        )
        self.transcript.show_new()

    def _click(self, argument: str) -> None:
        try:
            shown = self.transcript.buttons[int(argument)]
        except (ValueError, KeyError):
            raise DemoError(f"no button [{argument}] on screen; buttons are numbered") from None
        button = shown.button
        if shown.viewer and shown.viewer != self.person.id:
            owner = self.team.names().get(shown.viewer, shown.viewer)
            raise DemoError(f"only {owner} sees button [{button.number}]; `:as` them first")
        self.transcript.note(
            f"{self.person.real_name} clicks [{button.number}: {button.label}]", style="bold"
        )
        if button.url:
            self.transcript.note(f"  (a link: {button.url})")
            return
        action = {
            "action_id": button.action_id,
            "block_id": button.block_id,
            "text": {"type": "plain_text", "text": button.label},
        }
        if button.value is not None:
            action["value"] = button.value
        reply = self.slack.click(
            user=self.person,
            action=action,
            channel=shown.channel if shown.view is None else None,
            message=shown.message,
            ephemeral=shown.ephemeral,
            view=shown.view,
        )
        if reply.status == 404:
            self.transcript.note("  (nothing in Summit handles this button yet: HTTP 404)")
        elif reply.status != 200:
            self.transcript.note(f"  (Summit answered the click with HTTP {reply.status})")
        self.transcript.show_new()

    def _submit(self, argument: str) -> None:
        modal = self.transcript.modal
        if modal is None:
            raise DemoError("no modal is open; a button may open one")
        answers = [answer.strip() for answer in argument.split("|")] if argument else []
        values = form_values(modal, answers)
        self.transcript.note(f"{self.person.real_name} submits the modal", style="bold")
        reply = self.slack.submit(user=self.person, view=modal, values=values)
        body = reply.json() if reply.status == 200 and reply.body.strip() else {}
        action = body.get("response_action") if isinstance(body, dict) else None
        if reply.status != 200:
            self.transcript.note(f"  (Summit answered the submission with HTTP {reply.status})")
        elif action == "errors":
            for block_id, error in (body.get("errors") or {}).items():
                self.transcript.note(f"  {block_id}: {error}", style="yellow")
        elif action in ("update", "push"):
            self.transcript.show_modal(body.get("view") or {})
        else:
            self.transcript.modal = None
        self.transcript.show_new()

    def _reply(self, text: str) -> None:
        if not text:
            raise DemoError("say what: `:reply 签了5万`")
        dm = self.emulator.dm_channel(self.person.id)
        bot = self.emulator.bot_user_id
        prompts = [m for m in self.emulator.messages_to(dm) if m.user == bot and not m.is_reply]
        if not prompts:
            raise DemoError("Summit has not written to you yet; write to it directly instead")
        self.message(text, thread_ts=prompts[-1].ts)


def form_values(view: Mapping[str, Any], answers: Sequence[str]) -> dict[str, dict[str, Any]]:
    """A modal's inputs filled with `answers` in order, as Slack's `state.values`; inputs
    without an answer are left empty. An option is chosen by its text or its value."""
    inputs = [block for block in view.get("blocks", ()) if block.get("type") == "input"]
    if len(answers) > len(inputs):
        raise DemoError(f"this modal has {len(inputs)} fields; separate answers with |")
    values: dict[str, dict[str, Any]] = {}
    for index, block in enumerate(inputs):
        answer = answers[index] if index < len(answers) else ""
        element = block.get("element") or {}
        kind = element.get("type", "plain_text_input")
        value: dict[str, Any] = {"type": kind}
        if kind in ("static_select", "radio_buttons"):
            options = element.get("options") or ()
            chosen = [o for o in options if answer in (o.get("value"), o["text"].get("text"))]
            value["selected_option"] = chosen[0] if answer and chosen else None
        elif kind == "datepicker":
            value["selected_date"] = answer or None
        else:
            value["value"] = answer or None
        block_id = str(block.get("block_id") or f"input{index}")
        values[block_id] = {str(element.get("action_id") or f"input{index}"): value}
    return values


def _shown(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%a %Y-%m-%d %H:%M %Z")


# -- running it -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoOptions:
    database: Path
    lang: DemoLang | None = None
    reset: bool = False
    script: Sequence[str] | None = None  # lines to type; None means the built-in script
    days: int = 0  # after the script, advance the clock this many days, one at a time
    interactive: bool = False


def reset_database(database: Path) -> None:
    """Start over: the database, its WAL and journal, the saved clock and saved files."""
    for suffix in ("", "-wal", "-shm", "-journal", ".clock.json"):
        with contextlib.suppress(FileNotFoundError):
            database.with_name(database.name + suffix).unlink()
    files = database.with_name(database.stem + "-files")
    if files.is_dir():
        for saved in files.iterdir():
            saved.unlink()
        files.rmdir()


def run_demo(
    options: DemoOptions,
    *,
    settings: Settings,
    console: Console,
    read_line: Callable[[str], str] | None = None,
) -> int:
    """Run the sandbox: the given or built-in script, or (interactive) lines from `read_line`
    until end of input or `:quit`."""
    if options.reset:
        reset_database(options.database)
    with Sandbox(
        database=options.database, settings=settings, console=console, lang=options.lang
    ) as sandbox:
        console.print(
            Text.assemble(
                ("Summit sandbox", "bold"),
                f" · {sandbox.emulator.workspace.team_name} · {_shown(sandbox.clock.now)}",
                f" · data in {options.database}",
            ),
            highlight=False,
            soft_wrap=True,
        )
        sandbox.run_jobs()
        if options.interactive and read_line is not None:
            _interact(sandbox, read_line)
            return 0
        lines = [*(options.script or builtin_script(options.lang))]
        lines += [":advance 1d"] * options.days
        for line in lines:
            if not sandbox.type_line(line):
                break
    return 0


def _interact(sandbox: Sandbox, read_line: Callable[[str], str]) -> None:
    sandbox.transcript.note("Type :help for what you can do, :quit to leave.")
    while True:
        try:
            line = read_line(f"{sandbox.person.real_name} › ")
        except (EOFError, KeyboardInterrupt):
            sandbox.console.print()
            return
        if not sandbox.type_line(line):
            return
