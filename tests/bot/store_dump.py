"""Everything a store holds, as plain rows, to show that a refused request changed nothing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, insert, select, text

from storage.models import metadata
from storage.scope import scoped, unscoped
from storage.store import Store

Dump = dict[str, list[tuple[Any, ...]]]


def dump(
    store: Store, *, workspace_id: str | None = None, skip: Iterable[str] = ("seen_request",)
) -> Dump:
    """Every row of every Summit table, ordered by primary key: one workspace's rows (and its
    `workspace` row) when `workspace_id` is given, else all of them. `skip` names tables left
    out: by default `seen_request`, which every accepted request adds to."""
    skipped = set(skip)
    rows: Dump = {}
    with store.read() as session:
        for table in metadata.sorted_tables:
            if table.name in skipped:
                continue
            query: Any = select(table).order_by(*table.primary_key.columns)
            if workspace_id is None:
                query = unscoped(query, "a test's picture of the whole store")
            elif "workspace_id" in table.columns:
                query = scoped(query, workspace_id)
            elif table.name == "workspace":
                query = query.where(table.c.id == workspace_id)
            else:
                continue  # not workspace data
            rows[table.name] = [tuple(row) for row in session.execute(query)]
    return rows


def load(store: Store, rows: Dump) -> None:
    """Put `rows` (a `dump` of a whole store) into an empty store, ids included: a picture taken
    once is restored for each test far faster than it was first built."""
    with store.session() as session:
        for table in metadata.sorted_tables:
            found = rows.get(table.name)
            if not found:
                continue
            names = [column.name for column in table.columns]
            session.execute(insert(table), [dict(zip(names, row, strict=True)) for row in found])
            serial = "id" in table.columns and isinstance(table.c.id.type, Integer)
            if store.engine.dialect.name == "postgresql" and serial:
                # Rows came with their ids: move the sequence past them for the next insert.
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"
                    )
                )
