"""Misbehaviour on request: rate limits, server errors and slowness, the way Slack shows them.

A fault strikes either before the call is served (nothing happened: a 429, a 5xx from a
front end that never reached the API, a request stuck in transit) or after it (`after_serving`:
the message is stored, but the answer is an error or never arrives in time). The second kind
is what makes a blind retry post twice."""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    """How to answer one call instead of serving it."""

    status: int
    error: str
    retry_after: int | None = None
    after_serving: bool = False  # the call took effect; only its answer is the failure


class Gathering:
    """Calls held until all `parties` of them have arrived, then served together: proof that a
    caller has that many calls in flight at once, with nothing timed. A caller that waits for
    one answer before the next call never completes it; `timeout` is only the safety net that
    then breaks the gathering, and every call held in it fails."""

    def __init__(self, parties: int, timeout: float) -> None:
        if parties < 2:
            raise ValueError("a gathering needs at least two calls")
        self._barrier = threading.Barrier(parties, timeout=timeout)

    def join(self) -> bool:
        """Wait for the other calls: True once all have arrived, False if the gathering broke."""
        try:
            self._barrier.wait()
        except threading.BrokenBarrierError:
            return False
        return True

    @property
    def broken(self) -> bool:
        """Whether the calls failed to all be in flight at once (timed out or cleared)."""
        return self._barrier.broken

    def abort(self) -> None:
        self._barrier.abort()


class TokenBucket:
    """`rate` calls per second on average, bursts up to `capacity`; the clock is injected."""

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float]) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for one call")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = capacity
        self._updated = clock()

    def take(self) -> float:
        """Take one token: 0.0 if one was there, else the seconds until one will be."""
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)
        self._updated = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate


class Faults:
    """Per-method faults, consulted once per call. Thread-safe."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, TokenBucket] = {}
        self._failures: dict[str, deque[Failure]] = {}
        self._delays: dict[str, deque[float]] = {}
        self._late_delays: dict[str, deque[float]] = {}
        self._gatherings: dict[str, deque[Gathering]] = {}

    def rate_limit(self, method: str, per_second: float, *, burst: int | None = None) -> None:
        capacity = burst if burst is not None else max(1, math.floor(per_second))
        with self._lock:
            self._buckets[method] = TokenBucket(per_second, capacity, self._clock)

    def fail_next(self, method: str, failure: Failure, times: int) -> None:
        with self._lock:
            self._failures.setdefault(method, deque()).extend([failure] * times)

    def delay_next(
        self, method: str, seconds: float, times: int, *, after_serving: bool = False
    ) -> None:
        delays = self._late_delays if after_serving else self._delays
        with self._lock:
            delays.setdefault(method, deque()).extend([seconds] * times)

    def gather_next(self, method: str, parties: int, timeout: float) -> Gathering:
        gathering = Gathering(parties, timeout)
        with self._lock:
            self._gatherings.setdefault(method, deque()).extend([gathering] * parties)
        return gathering

    def clear(self) -> None:
        with self._lock:
            for queue in self._gatherings.values():
                for gathering in set(queue):
                    gathering.abort()  # releases calls already waiting for the missing ones
            self._gatherings.clear()
            self._buckets.clear()
            self._failures.clear()
            self._delays.clear()
            self._late_delays.clear()

    def delay_for(self, method: str) -> float:
        """How long to hold the call before serving it."""
        with self._lock:
            queue = self._delays.get(method)
            return queue.popleft() if queue else 0.0

    def gathering_for(self, method: str) -> Gathering | None:
        """The gathering the call must join before it is served, if any."""
        with self._lock:
            queue = self._gatherings.get(method)
            return queue.popleft() if queue else None

    def late_delay_for(self, method: str) -> float:
        """How long to hold the answer of a call already served."""
        with self._lock:
            queue = self._late_delays.get(method)
            return queue.popleft() if queue else 0.0

    def failure_for(self, method: str) -> Failure | None:
        """An injected failure first; else a 429 if the method is over its rate."""
        with self._lock:
            queue = self._failures.get(method)
            if queue:
                return queue.popleft()
            bucket = self._buckets.get(method)
            if bucket is None:
                return None
            wait = bucket.take()
        if wait == 0.0:
            return None
        return Failure(status=429, error="ratelimited", retry_after=max(1, math.ceil(wait)))
