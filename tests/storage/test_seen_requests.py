"""The store's memory of signed requests: a signature is let in once, and rows old enough that
no acceptable request could match them are pruned."""

from __future__ import annotations

from sqlmodel import col, select

from storage.models import SeenRequest
from storage.scope import unscoped
from storage.seen_requests import PRUNE_EVERY, RETENTION_SECONDS, first_sighting, prune
from storage.store import Store

NOW = 1_800_000_000  # a request's signed timestamp, Unix seconds


def remembered(store: Store) -> list[tuple[str, int]]:
    with store.read() as session:
        query = unscoped(
            select(col(SeenRequest.signature), col(SeenRequest.request_ts)).order_by(
                col(SeenRequest.id)
            ),
            "a global table",
        )
        return [(row[0], row[1]) for row in session.execute(query)]


def sight(store: Store, signature: str, request_ts: int = NOW) -> bool:
    with store.session() as session:
        return first_sighting(session=session, signature=signature, request_ts=request_ts)


def test_a_signature_is_let_in_the_first_time_only(store: Store) -> None:
    assert sight(store, "v0=aa")
    assert not sight(store, "v0=aa")
    assert not sight(store, "v0=aa", NOW + 5)  # the timestamp is inside the signature anyway
    assert sight(store, "v0=bb")

    assert remembered(store) == [("v0=aa", NOW), ("v0=bb", NOW)]


def test_a_refused_sighting_inside_a_failed_transaction_leaves_nothing(store: Store) -> None:
    try:
        with store.session() as session:
            assert first_sighting(session=session, signature="v0=cc", request_ts=NOW)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass

    assert remembered(store) == []
    assert sight(store, "v0=cc")


def test_prune_forgets_only_what_can_no_longer_be_replayed(store: Store) -> None:
    for age in (RETENTION_SECONDS + 1, RETENTION_SECONDS, 0):
        sight(store, f"v0={age}", NOW - age)

    with store.session() as session:
        assert prune(session=session, newest_ts=NOW) == 1

    assert [signature for signature, _ in remembered(store)] == [
        f"v0={RETENTION_SECONDS}",
        "v0=0",
    ]


def test_every_hundredth_new_row_prunes_the_old_ones(store: Store) -> None:
    sight(store, "v0=old", NOW - RETENTION_SECONDS - 60)
    for n in range(2, PRUNE_EVERY):
        sight(store, f"v0={n}")
    assert len(remembered(store)) == PRUNE_EVERY - 1  # nothing pruned yet

    sight(store, "v0=hundredth")

    kept = [signature for signature, _ in remembered(store)]
    assert "v0=old" not in kept
    assert len(kept) == PRUNE_EVERY - 1
