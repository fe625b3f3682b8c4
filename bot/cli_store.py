"""Store commands of the `summit` CLI: db (and `db rotate-key`), export, import, backup, restore.

Each handler gets the parsed arguments and the database URL (read from the environment once, in
`bot.cli.main`). Bad input ends with one friendly line on stderr and exit code 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from alembic.util.exc import CommandError
from sqlalchemy.exc import OperationalError

from bot.core.calendar import make_calendar
from bot.core.errors import PlanningError
from bot.core.periods import Period, parse_period
from bot.secrets import GENERATE_COMMAND, UnreadableToken
from bot.settings import Settings
from storage import backup as backups
from storage.errors import StoreError
from storage.export import plan_export, write_csv, write_xlsx
from storage.members import member_by_slack_id, team_by_name
from storage.records import WorkspaceRecord
from storage.store import Store, ensure_schema
from storage.target_import import ImportFileError, apply, read_table, validate
from storage.workspaces import get_workspace, list_workspace_ids

EXIT_BAD_INPUT = 2
PROGRESS_FROM_ROWS = 50  # smaller files finish before a progress bar would be worth showing


class Handler(Protocol):
    def __call__(self, args: argparse.Namespace, *, database_url: str) -> int: ...


class CliError(Exception):
    """Bad input on the command line: the message is shown as is."""


def add_store_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `db`, `export`, `import`, `backup` and `restore` on the top-level parser."""
    db = subparsers.add_parser(
        "db", help="database schema: upgrade, downgrade, current; rotate-key for stored tokens"
    )
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_commands.add_parser(
        "upgrade", help="migrate the database to the newest schema (or to REVISION)"
    )
    upgrade.add_argument("revision", nargs="?", default="head", help="default: head")
    upgrade.set_defaults(handler=_guarded(_db_upgrade))
    downgrade = db_commands.add_parser(
        "downgrade", help="migrate the database back to REVISION (`base` removes every table)"
    )
    downgrade.add_argument("revision", help="e.g. 0001, -1 or base")
    downgrade.set_defaults(handler=_guarded(_db_downgrade))
    current = db_commands.add_parser("current", help="print the database's schema revision")
    current.set_defaults(handler=_guarded(_db_current))
    rotate = db_commands.add_parser(
        "rotate-key",
        help="re-encrypt the installed workspaces' bot tokens with the newest "
        "SUMMIT_ENCRYPTION_KEY",
        description="Re-encrypt every stored bot token of an OAuth install with the first key "
        "of SUMMIT_ENCRYPTION_KEY (any listed key may open them), all or nothing. Put a new key "
        "in front, run this, then drop the old key. Tokens stored before encryption are "
        "encrypted too.",
    )
    rotate.set_defaults(main=_db_rotate_key)  # `main`: it needs the settings, not only the URL

    export = subparsers.add_parser("export", help="export data: `export plan`")
    export_kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    plan = export_kinds.add_parser(
        "plan",
        help="one row per rep per day: date,user,target,actual,... (CSV or XLSX)",
        description="Export the daily plan and results: a header row `date,user,target,actual`"
        " (then activity counts, running totals, pace and planned actions), one row per rep per"
        " working day of --period, or per day with a target or an actual without it.",
    )
    _workspace_option(plan)
    plan.add_argument(
        "--user", action="append", metavar="SLACK_ID", help="only this rep (repeatable)"
    )
    plan.add_argument("--team", metavar="NAME", help="only the members of this team")
    plan.add_argument("--period", metavar="P", help="e.g. 2027Q1, 2027-03, 本季度, this month")
    plan.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="default: csv")
    plan.add_argument(
        "--output", metavar="FILE", type=Path, help="write here (CSV goes to stdout without it)"
    )
    plan.set_defaults(handler=_guarded(_export_plan))

    imports = subparsers.add_parser("import", help="import data: `import targets FILE`")
    import_kinds = imports.add_subparsers(dest="import_kind", metavar="WHAT", required=True)
    targets = import_kinds.add_parser(
        "targets",
        help="set targets from a CSV or XLSX file (all rows or none)",
        description="Columns user,amount,period[,weighting,dimension,part]. Every row is checked"
        " first and every problem is listed with its line number; nothing is written unless"
        " all rows are good.",
    )
    targets.add_argument("file", type=Path, metavar="FILE", help="a .csv (UTF-8) or .xlsx file")
    _workspace_option(targets)
    targets.add_argument(
        "--actor", default="cli", help="who is recorded as having set the targets (default: cli)"
    )
    targets.add_argument(
        "--lang", choices=("en", "zh-Hans"), help="language of problem reports (default: workspace)"
    )
    targets.set_defaults(handler=_guarded(_import_targets))

    backup = subparsers.add_parser("backup", help="copy the SQLite database to FILE, online")
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    backup.set_defaults(handler=_guarded(_backup))
    restore = subparsers.add_parser(
        "restore", help="replace the SQLite database's content with the backup FILE"
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=_guarded(_restore))


def _workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="TEAM_ID",
        help="Slack team id (default: the only workspace in the database)",
    )


def _guarded(handler: Handler) -> Handler:
    """Turn every expected failure into one line on stderr and exit code 2."""

    def run(args: argparse.Namespace, *, database_url: str) -> int:
        try:
            return handler(args, database_url=database_url)
        except (CliError, StoreError, ImportFileError) as error:
            return _fail(str(error))
        except CommandError as error:  # Alembic: an unknown revision, say
            return _fail(str(error))
        except PlanningError as error:
            return _fail(error.message("en"))
        except OperationalError as error:
            return _fail(f"cannot use the database: {' '.join(str(error.orig).split())}")
        except BrokenPipeError:
            # The reader went away (`summit export plan | head`): stop quietly, and keep Python
            # from complaining about the unflushable stdout at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1

    return run


def _fail(message: str) -> int:
    print(f"summit: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


@contextmanager
def _store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    try:
        yield store
    finally:
        store.dispose()


def _db_upgrade(args: argparse.Namespace, *, database_url: str) -> int:
    with _store(database_url) as store:
        store.upgrade(args.revision)
        print(f"database at revision {store.current_revision()}")
    return 0


def _db_downgrade(args: argparse.Namespace, *, database_url: str) -> int:
    with _store(database_url) as store:
        store.downgrade(args.revision)
        print(f"database at revision {store.current_revision() or 'base (empty)'}")
    return 0


def _db_current(args: argparse.Namespace, *, database_url: str) -> int:
    with _store(database_url) as store:
        print(store.current_revision() or "base (empty)")
    return 0


def _db_rotate_key(args: argparse.Namespace, settings: Settings) -> int:
    if settings.summit_encryption_key is None:
        return _fail(f"SUMMIT_ENCRYPTION_KEY is not set; make a key with {GENERATE_COMMAND}")
    # Imported here: Bolt's SQLAlchemy stores need greenlet, which one workspace does not.
    from bot.oauth import reseal_tokens

    try:
        with _store(settings.database_url) as store:
            rewritten = reseal_tokens(settings.token_cipher(), store)
    except UnreadableToken as error:
        return _fail(f"{error}; nothing was changed")
    except OperationalError as error:
        return _fail(f"cannot use the database: {' '.join(str(error.orig).split())}")
    print(f"re-encrypted {rewritten} stored token(s) with the newest key")
    return 0


def _export_plan(args: argparse.Namespace, *, database_url: str) -> int:
    if args.format == "xlsx" and args.output is None:
        raise CliError("--format xlsx needs --output FILE")
    with _store(database_url) as store:
        ensure_schema(store)
        with store.read() as session:
            workspace = _workspace(session, args.workspace)
            period = _period(args.period, workspace)
            member_ids = None
            if args.user:
                member_ids = []
                for user in args.user:
                    member = member_by_slack_id(
                        session=session, workspace_id=workspace.id, slack_user_id=user
                    )
                    if member is None:
                        raise CliError(f"no member {user} in workspace {workspace.id}")
                    member_ids.append(member.id)
            team_id = None
            if args.team:
                team = team_by_name(session=session, workspace_id=workspace.id, name=args.team)
                if team is None:
                    raise CliError(f"no team named {args.team!r} in workspace {workspace.id}")
                team_id = team.id
            working_days: list[date] = []
            if period is not None:
                calendar = make_calendar(workspace.calendar)
                working_days = calendar.working_days(period.start, period.end)
            rows = plan_export(
                session=session,
                workspace_id=workspace.id,
                period=period,
                working_days=working_days,
                member_ids=member_ids,
                team_id=team_id,
            )
    if args.format == "xlsx":
        write_xlsx(rows, args.output)
    elif args.output is None:
        write_csv(rows, sys.stdout)
    else:
        with args.output.open("w", newline="", encoding="utf-8") as handle:
            write_csv(rows, handle)
    if args.output is not None:
        print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return 0


def _import_targets(args: argparse.Namespace, *, database_url: str) -> int:
    table = read_table(args.file)
    with _store(database_url) as store:
        ensure_schema(store)
        with store.session() as session:
            workspace = _workspace(session, args.workspace)
            lang = args.lang or workspace.language
            rows, problems = validate(
                table,
                session=session,
                workspace_id=workspace.id,
                calendar=make_calendar(workspace.calendar),
                today=_today(workspace),
                lang=lang,
            )
            if problems:
                for problem in problems:
                    print(f"{args.file.name}: {problem}", file=sys.stderr)
                noun = "problem" if len(problems) == 1 else "problems"
                return _fail(f"{len(problems)} {noun} in {args.file.name}; nothing was written")
            with _progress(len(rows), "writing targets") as advance:
                count = apply(
                    rows,
                    session=session,
                    workspace_id=workspace.id,
                    actor=args.actor,
                    now=datetime.now(UTC),
                    progress=advance,
                )
    days = sum(len(row.plan.days) for row in rows)
    print(f"imported {count} targets ({days} plan days) into workspace {workspace.id}")
    return 0


def _backup(args: argparse.Namespace, *, database_url: str) -> int:
    with _store(database_url) as store:
        backups.backup(store, args.file, overwrite=args.force)
    print(f"backed up to {args.file}")
    return 0


def _restore(args: argparse.Namespace, *, database_url: str) -> int:
    with _store(database_url) as store:
        revision = backups.restore(store, args.file)
        ensure_schema(store)  # a backup from an older Summit is brought up to date
    print(f"restored {args.file} (schema revision {revision})")
    return 0


def _workspace(session: Any, workspace_id: str | None) -> WorkspaceRecord:
    if workspace_id is None:
        known = list_workspace_ids(session=session)
        if not known:
            raise CliError("the database has no workspace yet (install the app or run the demo)")
        if len(known) > 1:
            raise CliError(f"several workspaces ({', '.join(known)}): choose one with --workspace")
        workspace_id = known[0]
    workspace = get_workspace(session=session, workspace_id=workspace_id)
    if workspace is None:
        raise CliError(f"no workspace {workspace_id} in the database")
    return workspace


def _today(workspace: WorkspaceRecord) -> date:
    # The CLI is an edge: it may read the clock, in the workspace's time zone.
    return datetime.now(ZoneInfo(workspace.tz)).date()


def _period(text: str | None, workspace: WorkspaceRecord) -> Period | None:
    return parse_period(text, today=_today(workspace)) if text else None


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar for large jobs on a terminal; nothing otherwise."""
    if total < PROGRESS_FROM_ROWS or not sys.stdout.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda done: progress.update(task, completed=done)
