"""Alembic, driven from code: `summit db upgrade` works from any directory, no alembic.ini.

The migration scripts live in `storage/migrations/` inside the package. The engine is handed to
`env.py` through `Config.attributes`, so migrations run with the same SQLite pragmas and
`BEGIN IMMEDIATE` as the application: two processes upgrading at once take turns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Engine
from sqlalchemy.sql.schema import SchemaItem
from sqlmodel.sql.sqltypes import AutoString

from storage.models import metadata
from storage.types import UTCDateTime

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "storage/migrations has no revisions"
    return head


def schema_diff(engine: Engine) -> list[Any]:
    """What autogenerate would change to make the database match the models (empty: in sync)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts=context_options(connection.dialect.name)
        )
        return list(compare_metadata(context, metadata))


def context_options(dialect_name: str) -> dict[str, Any]:
    """Options for `context.configure`, shared by env.py and `schema_diff`."""
    return {
        "target_metadata": metadata,
        "include_object": include_object,
        "render_item": render_item,
        "compare_type": True,
        # SQLite cannot ALTER most things: Alembic copies the table instead.
        "render_as_batch": dialect_name == "sqlite",
    }


def include_object(
    item: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # Tables that are not ours (e.g. Bolt's OAuth installation store, which creates its own)
    # must not show up as "to be dropped" in autogenerate.
    return not (type_ == "table" and reflected and name not in metadata.tables)


def render_item(type_: str, item: Any, autogen_context: AutogenContext) -> str | bool:
    """Render our column types as plain SQLAlchemy ones: migrations must not import the app."""
    if type_ != "type":
        return False
    if isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(item, JSON):
        return "sa.JSON()"
    if isinstance(item, AutoString):
        return f"sa.String(length={item.length})" if item.length else "sa.String()"
    return False
