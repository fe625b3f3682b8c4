"""Replay protection: each signed Slack request is let in once.

Slack signs `v0:{timestamp}:{body}` and Bolt accepts a signature whose timestamp is within five
minutes of its own clock, either side. Within that window the very same bytes pass the check
again, so the store remembers every signature it let in; the database's unique key decides, and
two instances on one database agree because they share it.

Rows are kept for `RETENTION_SECONDS` of request time, twice the acceptance window: a request
whose signed timestamp is `ts` can only be accepted while the clock is within 300 s of `ts`, and a
newer accepted request stamped `r` proves the clock is at least `r - 300`. So once
`ts < r - 600`, the row for `ts` can never again match an acceptable request and is deleted. No
clock is read here; the request timestamps are the clock.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import delete
from sqlmodel import Session

from storage.models import SeenRequest
from storage.sql import insert_ignore

ACCEPTANCE_WINDOW_SECONDS: Final = 5 * 60  # Bolt's and slack_sdk's SignatureVerifier's
RETENTION_SECONDS: Final = 2 * ACCEPTANCE_WINDOW_SECONDS
# Pruning is one indexed range delete; running it on every 100th new row keeps the table to
# about one window of traffic while costing nothing on the other 99 requests.
PRUNE_EVERY: Final = 100


def first_sighting(*, session: Session, signature: str, request_ts: int) -> bool:
    """True the first time `signature` is seen (let the request in), False for a replay.

    One INSERT ... ON CONFLICT DO NOTHING: of two concurrent deliveries of the same bytes,
    exactly one gets True, on SQLite and PostgreSQL alike.
    """
    new_id = insert_ignore(
        session,
        SeenRequest,
        {"signature": signature, "request_ts": request_ts},
        conflict=["signature"],
    )
    if new_id is None:
        return False
    if new_id % PRUNE_EVERY == 0:
        prune(session=session, newest_ts=request_ts)
    return True


def prune(*, session: Session, newest_ts: int) -> int:
    """Forget signatures that can no longer be replayed, given an accepted request stamped
    `newest_ts`; returns how many rows went."""
    # A global table (no workspace_id): the scoping guard has nothing to check here.
    statement = delete(SeenRequest).where(
        SeenRequest.request_ts < newest_ts - RETENTION_SECONDS  # type: ignore[arg-type]
    )
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)
