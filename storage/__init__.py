"""The goal store: SQLModel tables, queries and Alembic migrations."""
