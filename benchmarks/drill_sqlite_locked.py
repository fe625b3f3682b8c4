"""Drill: `database is locked` on SQLite. Another process holds the write lock (`BEGIN IMMEDIATE`
on its own connection) while slash commands, a check-in DM and the daily fan-out arrive.

Summit is served as `summit serve` serves it (`create_app` answering on `ack`, waitress over
loopback HTTP) on a SQLite file, against the Web API emulator. For each hold time the drill sends,
while the lock is held: `/target log 1万` (rep 1), `/target status` (rep 2), `/target set 50万
2027Q2 @rep3` (the manager), a check-in DM "今天签了2万" (rep 4, with Slack's retry if the first
delivery is not answered within 3 s), and runs the daily-prompts job. Then it releases the lock,
waits for everything to finish, and prints what each user saw (the reply, or Slack's own
"operation_timeout" when no answer came within 3 s), what the store holds, and what was lost
or duplicated:

- lost: a write the user was told succeeded that is not in the store, or a morning DM missing;
- duplicated: a write or a DM that is in the store or in Slack twice;
- ghost: a write that is in the store although the user was shown a failure (they will retry,
  and then it is duplicated).

    .venv/bin/python benchmarks/drill_sqlite_locked.py [--hold 1 --hold 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.app import Deps, create_app
from bot.core.money import Money
from bot.core.periods import Period
from bot.i18n import t
from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.jobs.report import JobReport
from bot.sandbox import Emulator, User
from bot.sandbox.signed import SlackReply, SlackRequests
from bot.server import serve_http
from bot.settings import Settings
from bot.slack_client import make_client
from storage.actuals import list_actuals
from storage.members import member_by_slack_id, upsert_member
from storage.outbox import outbox_posts
from storage.records import Owner
from storage.store import Store, ensure_schema
from storage.targets import active_targets, set_target
from storage.workspaces import update_workspace_settings, upsert_workspace

SECRET = "drill-signing-secret"
SLACK_ACK_SECONDS = 3.0
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2027, 1, 6, 9, 5, tzinfo=SHANGHAI)  # Wednesday 09:05: every rep's prompt is due
Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
Q2 = Period(date(2027, 4, 1), date(2027, 6, 30), "2027Q2")
MANAGER = User("U0MANAGER", "manager", real_name="王经理", locale="zh-CN", is_admin=True)
REPS = [User(f"U0REP{i}", f"rep{i}", locale="zh-CN") for i in range(1, 5)]


@dataclass(frozen=True)
class Seen:
    """What one user saw for one request."""

    who: str
    request: str
    status: int
    seconds: float
    refused: bool = False  # answered "busy, nothing was saved, try again"

    @property
    def answered(self) -> bool:
        return self.status == 200 and self.seconds <= SLACK_ACK_SECONDS

    @property
    def told_saved(self) -> bool:
        return self.answered and not self.refused

    def shown(self, reply: SlackReply | None) -> str:
        if not self.answered:
            return "Slack: operation_timeout (no answer within 3 s)"
        return " ".join(said(reply).split())[:70] or "(nothing: answered with an empty 200)"


def said(reply: SlackReply | None) -> str:
    """The text of a reply as the user reads it (a JSON body's `text`)."""
    text = reply.text if reply is not None else ""
    if reply is not None and text.startswith("{"):
        text = str(reply.json().get("text", text))
    return text


def seed(store: Store, workspace_id: str) -> None:
    with store.session() as session:
        upsert_workspace(
            session=session, workspace_id=workspace_id, name="Drill", actor="drill", now=NOW
        )
        update_workspace_settings(
            session=session,
            workspace_id=workspace_id,
            actor="drill",
            now=NOW,
            calendar="cn",
            currency="CNY",
            tz="Asia/Shanghai",
        )
        for user in (MANAGER, *REPS):
            member = upsert_member(
                session=session,
                workspace_id=workspace_id,
                slack_user_id=user.id,
                actor="drill",
                now=NOW,
                display_name=user.real_name,
                tz=user.tz,
                locale=user.locale,
            )
            if user is not MANAGER:
                set_target(
                    session=session,
                    workspace_id=workspace_id,
                    owner=Owner.member(member.id),
                    amount=Money(Decimal(5_000_000), "CNY"),
                    period=Q1,
                    actor="drill",
                    now=NOW,
                )


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's writer: its transaction has the write lock until `rollback`."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE workspace SET name = name")
    return other


def check_in_event(slack: SlackRequests, emulator: Emulator, user: User, text: str) -> SlackReply:
    channel = emulator.dm_channel(user.id)
    message = emulator.post_as_user(user.id, channel, text)
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user.id,
        "text": text,
        "ts": message.ts,
        "client_msg_id": f"client-{message.ts}",
    }
    first = slack.event(event, event_id="Ev0DRILL0001")
    if first.status == 200 and first.elapsed <= SLACK_ACK_SECONDS:
        return first
    # No 2xx within 3 s: Slack delivers it again, same event_id.
    return slack.event(event, event_id="Ev0DRILL0001", retry_num=1)


def drill(hold: float) -> tuple[int, int, int]:
    """One run with the lock held for `hold` seconds; prints the table, returns (lost,
    duplicated, ghost)."""
    with Emulator() as emulator, tempfile.TemporaryDirectory() as folder:
        for user in (MANAGER, *REPS):
            emulator.add_user(user)
        path = Path(folder) / "drill.db"
        settings = Settings(
            slack_bot_token=emulator.bot_token,
            slack_signing_secret=SECRET,
            slack_app_token=None,
            slack_api_url=emulator.base_url,
        )
        with Store(f"sqlite:///{path}") as store:
            ensure_schema(store)
            seed(store, emulator.team_id)
            server = serve_http(
                create_app(settings, Deps(settings=settings, clock=lambda: NOW, store=store)), 0
            )
            slack = SlackRequests(server.url, emulator, signing_secret=SECRET, channel="C0SALES")
            client = make_client(emulator.bot_token, emulator.base_url)
            # Everyone has used Summit before (their profile and language are known).
            for user in (MANAGER, *REPS):
                slack.command("help", user=user)
            requests: dict[str, tuple[str, Callable[[], Any]]] = {
                "log": (REPS[0].name, lambda: slack.command("log 1万 deal A", user=REPS[0])),
                "status": (REPS[1].name, lambda: slack.command("status", user=REPS[1])),
                "set": (
                    MANAGER.name,
                    lambda: slack.command(f"set 50万 2027Q2 <@{REPS[2].id}|rep3>", user=MANAGER),
                ),
                "check-in DM": (
                    REPS[3].name,
                    lambda: check_in_event(slack, emulator, REPS[3], "今天签了2万"),
                ),
                "daily-prompts job": (
                    "scheduler",
                    lambda: run_daily_prompts(store, client, NOW.astimezone(ZoneInfo("UTC"))),
                ),
            }
            other = hold_write_lock(path)
            released = threading.Event()
            with ThreadPoolExecutor(len(requests)) as pool:
                started = time.perf_counter()
                futures: dict[str, Future[Any]] = {
                    name: pool.submit(call) for name, (_, call) in requests.items()
                }
                # The other process's transaction lasts `hold` seconds: the fault injected.
                released.wait(hold)
                other.rollback()
                other.close()
                results = {name: future.result() for name, future in futures.items()}
                total = time.perf_counter() - started
            # Listeners that acked late may still be writing: the server drains them on close.
            server.close()
            print(f"\n-- write lock held {hold:.1f} s by another connection ({total:.1f} s in all)")
            ghosts = 0
            seen: dict[str, Seen] = {}
            for name, (who, _) in requests.items():
                result = results[name]
                if isinstance(result, JobReport):
                    print(f"{who:10} {name:18} {result.summary()}")
                    continue
                refused = any(busy in said(result) for busy in BUSY_TEXTS)
                seen[name] = Seen(who, name, result.status, result.elapsed, refused)
                line = seen[name].shown(result)
                print(f"{who:10} {name:18} {result.status} {result.elapsed * 1000:7.0f} ms  {line}")
            lost, duplicated, ghosts = tally(store, emulator, seen)
        print(f"lost {lost}, duplicated {duplicated}, written-but-shown-failed {ghosts}")
        return lost, duplicated, ghosts


# "Summit is busy, nothing was saved": a refusal the user can act on, not a lost write.
BUSY_TEXTS: Final = frozenset(t(lang, "error.busy") for lang in ("en", "zh-Hans", "zh-Hant"))


def tally(store: Store, emulator: Emulator, seen: dict[str, Seen]) -> tuple[int, int, int]:
    lost = duplicated = ghosts = 0
    workspace = emulator.team_id
    with store.read() as session:

        def member_id(user: User) -> int:
            member = member_by_slack_id(
                session=session, workspace_id=workspace, slack_user_id=user.id
            )
            assert member is not None
            return member.id

        logged = list_actuals(session=session, workspace_id=workspace, member_id=member_id(REPS[0]))
        checked_in = list_actuals(
            session=session, workspace_id=workspace, member_id=member_id(REPS[3])
        )
        q2 = active_targets(
            session=session,
            workspace_id=workspace,
            owner=Owner.member(member_id(REPS[2])),
            overlapping=Q2,
        )
        prompts = outbox_posts(session=session, workspace_id=workspace, job=JOB)
    writes = {"log": len(logged), "check-in DM": len(checked_in), "set": len(q2)}
    for name, count in writes.items():
        duplicated += max(0, count - 1)
        if name in seen and seen[name].told_saved and count == 0:
            lost += 1
        if name in seen and not seen[name].told_saved and count > 0 and name != "check-in DM":
            ghosts += 1  # a check-in's retry is Slack's, not the user's: no ghost there
        if name == "check-in DM" and count == 0:
            lost += 1  # a message the rep wrote is never to be dropped
    dms = {
        rep.id: sum(1 for m in emulator.messages_to(rep.id) if m.metadata is not None)
        for rep in REPS
    }
    lost += sum(1 for count in dms.values() if count == 0)
    duplicated += sum(count - 1 for count in dms.values() if count > 1)
    print(
        f"store: log entries {len(logged)}, check-in entries {len(checked_in)}, Q2 targets "
        f"{len(q2)}; morning DMs {sorted(dms.values())}, outbox "
        f"{sorted(row.status for row in prompts)}"
    )
    return lost, duplicated, ghosts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hold", type=float, action="append", help="seconds (repeatable)")
    args = parser.parse_args()
    totals = [drill(hold) for hold in args.hold or [1.0, 5.0]]
    lost, duplicated, ghosts = (sum(column) for column in zip(*totals, strict=True))
    print(f"\nall runs: lost {lost}, duplicated {duplicated}, written-but-shown-failed {ghosts}")


if __name__ == "__main__":
    main()
