"""Errors the store raises on requests it cannot honour (as opposed to database failures)."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's own errors."""


class NotFoundError(StoreError, LookupError):
    """The row does not exist in this workspace (it may exist in another one: that is not ours)."""

    def __init__(self, entity: str, key: object, *, workspace_id: str) -> None:
        super().__init__(f"no {entity} {key!r} in workspace {workspace_id}")
        self.entity = entity
        self.key = key
        self.workspace_id = workspace_id


class InvalidRequestError(StoreError, ValueError):
    """Arguments that contradict the stored data, e.g. plan days outside the target's period."""
