"""Waiting on something a test can observe (a log line, a row, a lock wait), never on a sleep."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

_T = TypeVar("_T")

WAIT_SECONDS = 30.0


def wait_until(condition: Callable[[], _T], what: str, seconds: float = WAIT_SECONDS) -> _T:
    """Poll an observable condition; its first true value, or a failure (never a hang)."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)
    return found
