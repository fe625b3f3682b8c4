"""Drill: Slack answering 5xx for several minutes in a row during the morning fan-out.

The daily-prompts job runs once a minute, as the scheduler ticks, against the Web API emulator.
For the first N ticks every `chat.postMessage` fails: half of them with a 503 before the message
is stored, half with a 502 after it was (`after_serving`), so a blind retry would post twice.
Then Slack recovers and the job ticks on until a run reports nothing left to do, for at most
`--after` more minutes (failed posts back off, 2, 4, 8, 16, then 30 minutes: the last retry of
an outage comes at most 30 minutes after it ends). For each outage length the drill prints what
the reps received and what was lost (no DM) or duplicated (two or more), both of which must be
0 however long the outage, as long as the reps' day is not over; how many posts Slack was asked
for; and the minute the last prompt went out.

    .venv/bin/python benchmarks/drill_slack_outage.py [--reps 50] [--outages 1,2,3,6,15,60]
        [--after 35]
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.drill_pg_restart import seed
from bot.jobs.daily_prompts import JOB, run_daily_prompts
from bot.sandbox import Emulator, User
from bot.slack_client import make_client
from storage.outbox import outbox_posts
from storage.store import Store, ensure_schema

START = datetime(2026, 3, 2, 1, 5, tzinfo=UTC)  # Monday 09:05 in Shanghai


def drill(outage_minutes: int, reps_count: int, after: int) -> tuple[int, int, int, int, str]:
    reps = [User(f"U1OUT{i:04d}", f"rep{i}", locale="zh-CN") for i in range(reps_count)]
    with Emulator() as emulator, tempfile.TemporaryDirectory() as folder:
        for user in reps:
            emulator.add_user(user)
        with Store(f"sqlite:///{Path(folder) / 'drill.db'}") as store:
            ensure_schema(store)
            seed(store, emulator.team_id, reps)
            client = make_client(emulator.bot_token, emulator.base_url)
            last = ""
            minute = 0
            for minute in range(outage_minutes + after):
                emulator.clear_faults()
                if minute < outage_minutes:
                    half = reps_count // 2 + 1
                    emulator.fail_next("chat.postMessage", status=503, times=half)
                    emulator.fail_next(
                        "chat.postMessage", status=502, times=half, after_serving=True
                    )
                report = run_daily_prompts(store, client, START + timedelta(minutes=minute))
                last = report.summary() + ("" if report.ok else " [not ok]")
                if minute >= outage_minutes and report.ok:
                    break
            with store.read() as session:
                rows = outbox_posts(session=session, workspace_id=emulator.team_id, job=JOB)
            outbox = dict(Counter(row.status for row in rows))
            received = [
                sum(1 for m in emulator.messages_to(user.id) if m.metadata is not None)
                for user in reps
            ]
            asked = len(emulator.calls("chat.postMessage"))
    lost = sum(1 for count in received if count == 0)
    duplicated = sum(count - 1 for count in received if count > 1)
    return lost, duplicated, asked, minute, f"last run: {last}; outbox {outbox}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument(
        "--outages", default="1,2,3,6,15,60", help="outage lengths to drill, in minutes"
    )
    parser.add_argument("--after", type=int, default=35, help="most minutes of ticks after it")
    args = parser.parse_args()
    print(f"{'outage':>7} {'lost':>5} {'dup':>5} {'posts':>6} {'done at':>8}")
    total_lost = total_duplicated = 0
    for minutes in (int(length) for length in args.outages.split(",")):
        lost, duplicated, asked, done_at, detail = drill(minutes, args.reps, args.after)
        total_lost += lost
        total_duplicated += duplicated
        print(f"{minutes:5d} m {lost:5d} {duplicated:5d} {asked:6d} {done_at:6d} m   {detail}")
    print(f"lost {total_lost}, duplicated {total_duplicated}")


if __name__ == "__main__":
    main()
