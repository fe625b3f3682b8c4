"""Proposals in actual entries; review answers know their message, so edits and deletions apply.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite rebuilds the table to add a constraint; PostgreSQL alters in place.
    with op.batch_alter_table("actual_entry") as batch:
        batch.add_column(
            sa.Column("proposals", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
    with op.batch_alter_table("actual_entry") as batch:
        # The default only filled existing rows; like every other count, new rows set it.
        batch.alter_column("proposals", server_default=None)
    with op.batch_alter_table("review_answer") as batch:
        batch.add_column(sa.Column("message_ts", sa.String(length=32), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_review_answer_review_id_message_ts"), ["review_id", "message_ts"]
        )
    with op.batch_alter_table("outbox_post") as batch:
        # Failed posts back off instead of using up their attempts a minute apart.
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_post") as batch:
        batch.drop_column("next_attempt_at")
    with op.batch_alter_table("review_answer") as batch:
        batch.drop_constraint(op.f("uq_review_answer_review_id_message_ts"), type_="unique")
        batch.drop_column("message_ts")
    with op.batch_alter_table("actual_entry") as batch:
        batch.drop_column("proposals")
