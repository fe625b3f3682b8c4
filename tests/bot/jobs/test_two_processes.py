"""Two `summit jobs run daily-prompts` processes at once on one SQLite file: each DM goes out
once, whichever process sends it."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

from bot.sandbox import Emulator, User
from storage.store import Store
from tests.bot.conftest import People
from tests.bot.jobs.conftest import MARCH, Sandbox, add_member, give_target

EXTRA_REPS = [
    User(f"U1REP{i:03d}", f"rep{i}", tz="Asia/Shanghai", locale="zh-CN") for i in range(12)
]


def test_two_processes_running_the_job_at_once_post_each_dm_once(
    store: Store, emulator: Emulator, sandbox: Sandbox, people: People
) -> None:
    for rep in EXTRA_REPS:
        emulator.add_user(rep)
        give_target(
            store,
            sandbox.workspace_id,
            add_member(store, sandbox.workspace_id, rep),
            Decimal("22000"),
            MARCH,
        )
    # Slow Slack down so that the two runs overlap.
    emulator.delay_next("chat.postMessage", 0.05, times=len(EXTRA_REPS) + 2)
    env = os.environ | {
        "DATABASE_URL": store.url,
        "SLACK_BOT_TOKEN": emulator.bot_token,
        "SLACK_API_URL": emulator.base_url,
    }
    command = [
        sys.executable,
        "-m",
        "bot",
        "jobs",
        "run",
        "daily-prompts",
        "--now",
        "2026-03-02T09:05-05:00",
    ]

    runs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [run.communicate(timeout=60) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], results
    recipients = [people.lei, people.alice, *EXTRA_REPS]
    assert {user.id: len(emulator.messages_to(user.id)) for user in recipients} == {
        user.id: 1 for user in recipients
    }
    assert len(emulator.calls("chat.postMessage")) == len(recipients)
    outputs = sorted(out.strip() for out, _ in results)
    assert f"daily-prompts: posted {len(recipients)}, skipped 0, failed 0" in outputs
