"""The clock drill: Alice works in New York, where 2027-03-14 has no 02:00-03:00 (spring forward)
and 2027-11-07 has 01:00-02:00 twice (fall back). Driven through the scheduler's `tick` with
`now` given, her morning prompt fires exactly once on every working day around both changes,
at the first tick past her local prompt time, also when ticks come late or the clock steps back.

Both changes fall on a Sunday. The workspace keeps Israel's calendar (Sunday to Thursday) so
that the change days themselves are working days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.core.periods import Period
from bot.jobs.daily_prompts import JOB
from bot.jobs.poster import Outcome
from bot.sandbox import Emulator
from bot.scheduler import tick
from bot.settings import Settings
from bot.slack_client import make_client
from storage.store import Store
from storage.workspaces import update_workspace_settings
from tests.bot.conftest import Clock, People
from tests.bot.jobs.conftest import SET_UP, Sandbox, give_target

NEW_YORK = ZoneInfo("America/New_York")
SPRING = date(2027, 3, 14)  # 02:00 EST -> 03:00 EDT (07:00 UTC)
FALL = date(2027, 11, 7)  # 02:00 EDT -> 01:00 EST (06:00 UTC)
ISRAEL_WEEKEND = {4, 5}  # Friday, Saturday


@dataclass(frozen=True)
class Prompt:
    sent_at: datetime  # the tick's clock, UTC
    local_date: date


@pytest.fixture
def database_kind() -> str:
    """SQLite only: what is due when is decided in Python over the same rows on either
    database, and the sweeps below tick a few hundred times."""
    return "sqlite"


@pytest.fixture
def alice_in_israels_calendar(store: Store, sandbox: Sandbox) -> Sandbox:
    with store.session() as session:
        update_workspace_settings(
            session=session,
            workspace_id=sandbox.workspace_id,
            actor="U04WANG",
            now=SET_UP,
            calendar="il",
        )
    for first, last in (
        (date(2027, 3, 1), date(2027, 3, 31)),
        (date(2027, 11, 1), date(2027, 11, 30)),
    ):
        give_target(
            store, sandbox.workspace_id, sandbox.alice, Decimal("300000"), Period(first, last)
        )
    return sandbox


def prompt_at(store: Store, sandbox: Sandbox, at: time) -> None:
    with store.session() as session:
        update_workspace_settings(
            session=session,
            workspace_id=sandbox.workspace_id,
            actor="U04WANG",
            now=SET_UP,
            daily_prompt_at=at,
        )


def run_ticks(
    store: Store, settings: Settings, clocks: Iterable[datetime], alice: str
) -> list[Prompt]:
    """Tick at each clock reading in turn; Alice's morning prompts, as they went out."""
    prompts = []
    clock = Clock()
    for now in clocks:
        clock.now = now  # the clock may go anywhere, backwards included
        result = tick(store, make_client, settings, clock)
        assert result.leader
        [daily] = [report for report in result.reports if report.job == JOB]
        assert daily.failed == 0, daily.summary()
        prompts += [
            Prompt(now, delivery.local_date)
            for delivery in daily.details
            if delivery.recipient == alice and delivery.outcome is Outcome.POSTED
        ]
    return prompts


def every(step: timedelta, start: datetime, end: datetime) -> list[datetime]:
    return [start + step * i for i in range(int((end - start) / step))]


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), NEW_YORK).astimezone(UTC)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


# The first tick at or past the prompt time, written out by hand, so the test does not
# share the code's time-zone arithmetic: EST is UTC-5, EDT UTC-4.
EXPECTED = {
    (SPRING, time(9)): {
        date(2027, 3, 11): utc(date(2027, 3, 11), 14),  # Thursday, EST
        date(2027, 3, 14): utc(date(2027, 3, 14), 13),  # the change itself, EDT
        date(2027, 3, 15): utc(date(2027, 3, 15), 13),
    },
    # 02:30 does not exist on the 14th: the prompt goes at 03:00 EDT.
    (SPRING, time(2, 30)): {
        date(2027, 3, 11): utc(date(2027, 3, 11), 8),  # hourly ticks that day
        date(2027, 3, 14): utc(date(2027, 3, 14), 7),
        date(2027, 3, 15): utc(date(2027, 3, 15), 6, 30),
    },
    (FALL, time(9)): {
        date(2027, 11, 4): utc(date(2027, 11, 4), 13),  # Thursday, EDT
        date(2027, 11, 7): utc(date(2027, 11, 7), 14),  # the change itself, EST
        date(2027, 11, 8): utc(date(2027, 11, 8), 14),
    },
    # 01:30 comes twice on the 7th: the prompt goes at the first (EDT), not again an hour later.
    (FALL, time(1, 30)): {
        date(2027, 11, 4): utc(date(2027, 11, 4), 6),  # hourly ticks that day
        date(2027, 11, 7): utc(date(2027, 11, 7), 5, 30),
        date(2027, 11, 8): utc(date(2027, 11, 8), 6, 30),
    },
}


@pytest.mark.parametrize(
    ("change", "at"), list(EXPECTED), ids=["spring-0900", "spring-0230", "fall-0900", "fall-0130"]
)
def test_ticks_across_the_change_prompt_once_a_working_day(
    store: Store,
    settings: Settings,
    emulator: Emulator,
    alice_in_israels_calendar: Sandbox,
    people: People,
    change: date,
    at: time,
) -> None:
    prompt_at(store, alice_in_israels_calendar, at)
    thursday = change - timedelta(days=3)
    # As often as the scheduler might tick where it matters, sparser elsewhere (each tick runs
    # every job): Thursday hourly, the weekend every 3 hours, Sunday and Monday every 30 minutes.
    ticks = [
        *every(timedelta(hours=1), local_midnight(thursday), local_midnight(change - timedelta(2))),
        *every(timedelta(hours=3), local_midnight(change - timedelta(2)), local_midnight(change)),
        *every(
            timedelta(minutes=30), local_midnight(change), local_midnight(change + timedelta(2))
        ),
    ]

    prompts = run_ticks(store, settings, ticks, people.alice.id)

    assert {p.local_date: p.sent_at for p in prompts} == EXPECTED[change, at]
    assert len(prompts) == len(EXPECTED[change, at])  # none twice
    assert all(day.weekday() not in ISRAEL_WEEKEND for day in EXPECTED[change, at])
    assert len([m for m in emulator.messages_to(people.alice.id) if m.metadata]) >= len(prompts)


@pytest.mark.parametrize("change", [SPRING, FALL], ids=["spring", "fall"])
def test_a_late_tick_catches_up_once_and_never_sends_a_finished_day(
    store: Store,
    settings: Settings,
    alice_in_israels_calendar: Sandbox,
    people: People,
    change: date,
) -> None:
    # The process slept from Saturday noon until 15:40 on the change day, then until just after
    # midnight, then ticks twice more that night.
    asleep_until = datetime.combine(change, time(15, 40), NEW_YORK).astimezone(UTC)
    clocks = [
        datetime.combine(change - timedelta(days=1), time(12), NEW_YORK).astimezone(UTC),
        asleep_until,
        asleep_until + timedelta(minutes=1),
        local_midnight(change + timedelta(days=1)) + timedelta(minutes=5),
        local_midnight(change + timedelta(days=1)) + timedelta(hours=2),
    ]

    prompts = run_ticks(store, settings, clocks, people.alice.id)

    assert prompts == [Prompt(asleep_until, change)]


@pytest.mark.parametrize(
    ("change", "at", "steps"),
    [
        # 09:05 EDT sends; the clock is set back 55 minutes, then walks past 09:00 again.
        (SPRING, time(9), [(13, 5), (12, 10), (12, 40), (13, 0), (13, 10), (13, 40)]),
        # 01:35 EDT sends; the clock steps back to 01:00 EDT, then on into 01:35 EST.
        (FALL, time(1, 30), [(5, 35), (5, 0), (5, 30), (5, 45), (6, 5), (6, 35), (7, 0)]),
    ],
    ids=["spring", "fall"],
)
def test_a_clock_stepping_back_does_not_prompt_again(
    store: Store,
    settings: Settings,
    alice_in_israels_calendar: Sandbox,
    people: People,
    change: date,
    at: time,
    steps: list[tuple[int, int]],
) -> None:
    prompt_at(store, alice_in_israels_calendar, at)
    clocks = [utc(change, hour, minute) for hour, minute in steps]

    prompts = run_ticks(store, settings, clocks, people.alice.id)

    assert prompts == [Prompt(clocks[0], change)]
    assert Counter(p.local_date for p in prompts) == Counter({change: 1})
