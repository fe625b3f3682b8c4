"""The goal store: SQLModel tables, queries and Alembic migrations.

- `store.Store`: the engine and one-transaction sessions; `store.ensure_schema` migrates.
- `models`: the tables; `migrations/`: their only authority; `migrate`: Alembic from code.
- Query functions, keyword-only, taking a session and a `workspace_id`, returning `records`:
  `workspaces`, `members` (and teams), `targets` (and plans), `actuals`, `outbox`, `events`,
  `checkins` (and weekly reviews), `milestones` (and away days), `audit`, `reports`.
- `scope`: every query filtered by workspace, enforced at execution time.
- `locks.leader_lock`, `backup`, `export`, `target_import`: operations around the store.

Importing this package builds no engine and opens no connection.
"""
