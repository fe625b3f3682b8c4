"""Workspace scoping: no query can read or change another workspace's rows by accident.

Two halves. `scoped(statement, workspace_id)` adds `workspace_id = :id` for every tenant table
the statement selects from (joins included) or updates/deletes, and marks the statement as
scoped. `guard_session_factory` installs a check on every ORM execution: a SELECT, UPDATE or
DELETE touching a tenant table that did not go through `scoped` raises `UnscopedQueryError` the
first time it runs, in any test. The rare statement that is deliberately global says so with
`unscoped(statement, reason)`.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import Delete, Select, String, Update, bindparam, event
from sqlalchemy.orm import ORMExecuteState, sessionmaker
from sqlalchemy.sql import util as sql_util
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.selectable import FromClause, Join, SelectState

from storage.models import tenant_tables

SCOPED = "summit_workspace_id"
WORKSPACE_ID = "scoped_workspace_id"  # the parameter of a query scoped_by_parameter
UNSCOPED = "summit_unscoped_reason"

_Statement = TypeVar("_Statement", bound=Executable)
_Select = TypeVar("_Select", bound=Select[*tuple[Any, ...]])


class UnscopedQueryError(RuntimeError):
    """A statement on workspace data ran without a workspace filter."""


def scoped(statement: _Statement, workspace_id: str) -> _Statement:
    """`statement` restricted to `workspace_id` in every tenant table it reads or changes."""
    if not workspace_id:
        raise ValueError("workspace_id is required")
    result: Any
    if isinstance(statement, Select):
        froms = _tenant_froms(_froms(statement))
        if not froms:
            raise ValueError("scoped() needs a statement on at least one workspace table")
        result = statement.where(*(f.c.workspace_id == workspace_id for f in froms))
    elif isinstance(statement, Update | Delete):
        table: Any = statement.table
        if table.name not in tenant_tables():
            raise ValueError(f"{table} holds no workspace data")
        # The mapped attribute (not the bare column) lets the ORM evaluate the criteria against
        # objects already in the session (synchronize_session="evaluate").
        entity = statement.entity_description.get("entity")
        column = entity.workspace_id if entity is not None else table.c.workspace_id
        result = statement.where(column == workspace_id)
    else:
        raise TypeError(f"cannot scope {type(statement).__name__}")
    return cast(_Statement, result.execution_options(**{SCOPED: workspace_id}))


def scoped_by_parameter(statement: _Select) -> _Select:
    """`scoped`, for a query built once and run many times: restricted to the workspace passed
    at execution as the parameter named `WORKSPACE_ID` (SQLAlchemy refuses to run it without).

    Building a query and scoping it cost more than running it; the hottest reads of a request
    are built once this way."""
    froms = _tenant_froms(_froms(statement))
    if not froms:
        raise ValueError("scoped_by_parameter() needs a query on at least one workspace table")
    workspace = bindparam(WORKSPACE_ID, type_=String)
    result = statement.where(*(f.c.workspace_id == workspace for f in froms))
    return result.execution_options(**{SCOPED: WORKSPACE_ID})


def unscoped(statement: _Statement, reason: str) -> _Statement:
    """`statement` marked as reading across workspaces on purpose; `reason` says why."""
    marked: Any = statement.execution_options(**{UNSCOPED: reason})
    return cast(_Statement, marked)


def _froms(statement: Select[Any]) -> list[FromClause]:
    """The FROM list the statement will render, as `Select.get_final_froms()` gives it.

    `get_final_froms()` compiles the whole statement (and, for ORM statements, runs the ORM's
    compile step) to find out: about half a millisecond per query, a third of a `/target set`'s
    time. Core's compile state works out the same list (joins, correlation and all) from the
    statement's parts without compiling anything."""
    # Core's state never reads its compiler argument.
    return SelectState(statement, None)._get_display_froms()  # type: ignore[arg-type]


def _tenant_froms(froms: Any) -> list[FromClause]:
    found: list[FromClause] = []
    names = tenant_tables()
    for clause in froms:
        if isinstance(clause, Join):
            found.extend(_tenant_froms([clause.left, clause.right]))
        elif isinstance(clause, FromClause) and _base_table_name(clause) in names:
            found.append(clause)
    return found


def _base_table_name(clause: FromClause) -> str | None:
    original = getattr(clause, "original", clause)  # an alias of a table
    return getattr(original, "name", None)


def _check_scoped(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # refreshing an object that was itself loaded through a scoped query
    if not (state.is_select or state.is_update or state.is_delete):
        return
    options = state.execution_options
    if options.get(SCOPED) or options.get(UNSCOPED):
        return
    names = tenant_tables()
    touched = sorted(
        {t.name for t in sql_util.find_tables(cast(Any, state.statement), include_crud=True)}
        & names
    )
    if touched:
        raise UnscopedQueryError(
            f"query on {', '.join(touched)} is not scoped to a workspace: wrap it in scoped()"
        )


def guard_session_factory(factory: sessionmaker[Any]) -> None:
    """Make every session from `factory` refuse unscoped statements on workspace tables."""
    event.listen(factory, "do_orm_execute", _check_scoped)
