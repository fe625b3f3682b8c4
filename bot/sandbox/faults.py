"""Misbehaviour on request: rate limits, server errors and slowness, the way Slack shows them."""

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

    def rate_limit(self, method: str, per_second: float, *, burst: int | None = None) -> None:
        capacity = burst if burst is not None else max(1, math.floor(per_second))
        with self._lock:
            self._buckets[method] = TokenBucket(per_second, capacity, self._clock)

    def fail_next(self, method: str, failure: Failure, times: int) -> None:
        with self._lock:
            self._failures.setdefault(method, deque()).extend([failure] * times)

    def delay_next(self, method: str, seconds: float, times: int) -> None:
        with self._lock:
            self._delays.setdefault(method, deque()).extend([seconds] * times)

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()
            self._failures.clear()
            self._delays.clear()

    def delay_for(self, method: str) -> float:
        with self._lock:
            queue = self._delays.get(method)
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
