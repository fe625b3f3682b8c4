"""The emulator's token bucket: never more than the rate allows, and the wait it reports is
the wait that works."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sandbox.faults import Failure, Faults, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@settings(max_examples=200, deadline=None)
@given(
    rate=st.floats(min_value=0.5, max_value=50),
    burst=st.integers(min_value=1, max_value=10),
    gaps=st.lists(st.floats(min_value=0, max_value=2), min_size=1, max_size=60),
)
def test_accepted_calls_never_exceed_burst_plus_rate_times_elapsed(
    rate: float, burst: int, gaps: list[float]
) -> None:
    clock = Clock()
    bucket = TokenBucket(rate, burst, clock)
    accepted = 0
    for gap in gaps:
        clock.now += gap
        if bucket.take() == 0.0:
            accepted += 1

    assert accepted <= burst + rate * clock.now + 1e-9


@settings(max_examples=200, deadline=None)
@given(rate=st.floats(min_value=0.5, max_value=50), burst=st.integers(min_value=1, max_value=5))
def test_waiting_the_reported_time_is_enough(rate: float, burst: int) -> None:
    clock = Clock()
    bucket = TokenBucket(rate, burst, clock)
    while (wait := bucket.take()) == 0.0:
        pass

    clock.now += wait * (1 + 1e-9)

    assert bucket.take() == 0.0


def test_the_rate_limit_reports_whole_seconds_to_retry_after() -> None:
    clock = Clock()
    faults = Faults(clock)
    faults.rate_limit("chat.postMessage", per_second=0.25)

    assert faults.failure_for("chat.postMessage") is None
    refused = faults.failure_for("chat.postMessage")

    assert refused == Failure(status=429, error="ratelimited", retry_after=4)
    assert faults.failure_for("users.info") is None


def test_injected_failures_come_first_and_run_out() -> None:
    faults = Faults(Clock())
    faults.fail_next("views.publish", Failure(503, "service_unavailable"), times=2)

    outcomes = [faults.failure_for("views.publish") for _ in range(3)]

    assert outcomes == [Failure(503, "service_unavailable")] * 2 + [None]
    assert math.isclose(faults.delay_for("views.publish"), 0.0)
