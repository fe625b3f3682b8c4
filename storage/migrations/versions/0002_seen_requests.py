"""Seen requests: the signatures of signed Slack requests already let in, so a replay is refused.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may render sqlmodel types)
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seen_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=96), nullable=False),
        sa.Column("request_ts", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seen_request")),
        sa.UniqueConstraint("signature", name=op.f("uq_seen_request_signature")),
    )
    op.create_index(
        op.f("ix_seen_request_request_ts"), "seen_request", ["request_ts"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_request_request_ts"), table_name="seen_request")
    op.drop_table("seen_request")
