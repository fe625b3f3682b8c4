"""Small SQL helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_ignore(
    session: Session,
    model: type[SQLModel],
    values: Mapping[str, Any],
    *,
    conflict: Sequence[str],
) -> int | None:
    """INSERT ... ON CONFLICT (conflict) DO NOTHING: the new row's id, or None if it existed.

    Atomic on both databases: of two concurrent callers exactly one gets the id, the other waits
    for it to commit (PostgreSQL) or for the write lock (SQLite) and gets None.
    """
    table: Any = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(table.c.id)
    )
    result: int | None = session.execute(statement).scalar_one_or_none()
    return result
