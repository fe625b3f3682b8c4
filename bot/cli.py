"""The `summit` command line. Reads the environment once, here, and nowhere deeper."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from pydantic import ValidationError
from rich.console import Console

from bot import __version__
from bot.app import Deps, create_app
from bot.cli_jobs import add_jobs_commands
from bot.cli_store import add_store_commands
from bot.logs import configure_logging
from bot.sandbox.demo import DemoOptions, run_demo
from bot.scheduler import build_scheduler
from bot.server import serve_forever
from bot.settings import Settings
from bot.workers import Supervisor, WorkerSpec, listen, watch_lifeline, worker_command
from storage.engine import is_sqlite
from storage.store import Store, ensure_schema

log = logging.getLogger("summit")

EXIT_BAD_INPUT = 2
NO_TOKEN_NOTICE = (
    "No Slack token found (SLACK_BOT_TOKEN is not set), so Summit starts the sandbox demo; "
    "the README says how to connect a Slack workspace."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summit",
        description="Summit: turns a big sales target into small, executable daily steps on Slack.",
    )
    parser.add_argument("--version", action="version", version=f"summit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_serve_commands(commands)
    add_store_commands(commands)
    add_jobs_commands(commands)
    return parser


def add_serve_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`serve` and `demo`."""
    serve = subparsers.add_parser(
        "serve",
        help="run the bot (HTTP on PORT, or Socket Mode with SLACK_APP_TOKEN); "
        "with no Slack token, the sandbox demo",
        description="Run Summit for Slack: HTTP on PORT at /slack/events, or Socket Mode when "
        "SLACK_APP_TOKEN is set; the scheduler runs inside unless SUMMIT_SCHEDULER=off. "
        "SUMMIT_WEB_WORKERS=N (HTTP only) serves PORT from N processes, with the scheduler in "
        "the supervising one. Without SLACK_BOT_TOKEN it runs the sandbox demo instead.",
    )
    serve.set_defaults(main=_serve)
    demo = subparsers.add_parser(
        "demo",
        help="the whole bot in a local sandbox Slack workspace; no Slack account needed",
        description="The real app against a loopback Slack workspace with a seeded team. "
        "Interactive in a terminal; otherwise (or with --script / --days) it runs a script "
        "and prints the transcript.",
    )
    demo.add_argument(
        "--script", type=Path, metavar="FILE", help="type the lines of FILE, then stop"
    )
    demo.add_argument(
        "--days",
        type=_days,
        default=0,
        metavar="N",
        help="after the script, advance the clock N days, one at a time",
    )
    demo.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="everyone's Slack language (default: each person's own)",
    )
    demo.add_argument("--reset", action="store_true", help="start over with an empty database")
    demo.add_argument(
        "--database",
        type=Path,
        metavar="PATH",
        help=f"the demo's SQLite file, kept between runs (default: {_home(default_database())})",
    )
    demo.set_defaults(main=_demo)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        settings = Settings()
    except ValidationError as error:
        return _fail(f"bad environment: {_first_problem(error)}")
    command = getattr(args, "main", None)
    if command is not None:
        return int(command(args, settings))
    jobs_handler = getattr(args, "jobs_handler", None)
    if jobs_handler is not None:
        return int(jobs_handler(args, settings=settings))
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args, database_url=settings.database_url))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.slack_bot_token and not settings.multi_workspace:
        print(NO_TOKEN_NOTICE, flush=True)
        return _run_demo(settings, DemoOptions(database=default_database()), script=None)
    if not settings.slack_signing_secret:
        return _fail("SLACK_SIGNING_SECRET is not set: Summit cannot tell Slack's requests apart")
    worker = WorkerSpec.from_environ(os.environ)
    if worker is not None:
        configure_logging(settings)
        _stop_on_signals()
        return _serve_as_worker(settings, worker)
    shared: socket.socket | None = None
    if settings.summit_web_workers > 1 and not settings.slack_app_token:
        try:
            shared = listen(settings.port)
        except OSError as error:
            return _fail(f"cannot listen on port {settings.port}: {error.strerror}")
    configure_logging(settings)
    _stop_on_signals()
    if settings.summit_web_workers > 1 and settings.slack_app_token:
        log.warning(
            "SUMMIT_WEB_WORKERS=%d applies to HTTP mode only: Socket Mode runs in one process",
            settings.summit_web_workers,
        )
    elif settings.summit_web_workers > 1 and is_sqlite(settings.database_url):
        # Measured (benchmarks/README.md, Load): every request writes, and writers in several
        # processes meet at SQLite's file lock, which makes them sleep rather than queue.
        log.warning(
            "SUMMIT_WEB_WORKERS=%d with SQLite: the workers' writes take turns on one file lock, "
            "so expect no gain; several workers pay off with PostgreSQL",
            settings.summit_web_workers,
        )
    store = Store(settings.database_url)
    try:
        ensure_schema(store)
        deps = Deps(settings=settings, clock=lambda: datetime.now(UTC), store=store)
        # Built here even when workers serve: a token Slack refuses or a bad setting stops
        # `summit serve` at once, as in one process, instead of sending workers round a
        # restart loop.
        app = create_app(settings, deps)
        scheduler = _start_scheduler(store, deps, settings)
        try:
            with contextlib.suppress(KeyboardInterrupt):
                if shared is None:
                    serve_forever(app, settings)
                else:
                    Supervisor(
                        settings.summit_web_workers,
                        shared,
                        command=worker_command(),
                        environ=os.environ,
                    ).run()
        finally:
            if scheduler is not None:
                scheduler.shutdown()
    finally:
        store.dispose()
        if shared is not None:
            shared.close()
    return 0


def _serve_as_worker(settings: Settings, worker: WorkerSpec) -> int:
    """One of `summit serve`'s web workers: its own store and app on the socket it inherited;
    no scheduler (the supervisor runs it) and no migration (the supervisor did it)."""
    watch_lifeline(worker.lifeline_fd)
    store = Store(settings.database_url)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            deps = Deps(settings=settings, clock=lambda: datetime.now(UTC), store=store)
            app = create_app(settings, deps)
            serve_forever(
                app, settings, listen_socket=worker.listening_socket(), worker=worker.number
            )
    finally:
        store.dispose()
    return 0


def _stop_on_signals() -> None:
    """Stop on SIGTERM (what service managers send) as on Ctrl-C: the scheduler and the store
    shut down in order. SIGINT is re-armed too, since a shell that starts a process in the
    background leaves SIGINT ignored for it."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _start_scheduler(store: Store, deps: Deps, settings: Settings) -> BackgroundScheduler | None:
    """The jobs' scheduler in this process, unless SUMMIT_SCHEDULER=off (e.g. on web workers
    when another process runs the jobs; the leader lock keeps it to one either way). With OAuth
    installs each workspace's jobs post with its own installed bot token."""
    if settings.summit_scheduler == "off":
        log.info("SUMMIT_SCHEDULER=off: no scheduled jobs in this process")
        return None
    scheduler = build_scheduler(store, deps.client_factory, settings, deps.clock)
    scheduler.start()
    return scheduler


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    options = DemoOptions(
        database=args.database or default_database(),
        lang=args.lang,
        reset=args.reset,
        days=args.days,
    )
    return _run_demo(settings, options, script=args.script)


def _run_demo(settings: Settings, options: DemoOptions, *, script: Path | None) -> int:
    lines = None
    if script is not None:
        try:
            lines = script.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            return _fail(f"cannot read the script {script}: {error}")
    interactive = lines is None and options.days == 0 and sys.stdin.isatty()
    database = options.database.expanduser()
    database.parent.mkdir(parents=True, exist_ok=True)
    console = Console(highlight=False, soft_wrap=True)
    if interactive:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  # line editing and history for input()
    options = DemoOptions(
        database=database,
        lang=options.lang,
        reset=options.reset,
        script=lines,
        days=options.days,
        interactive=interactive,
    )
    with _logging_to(database.with_name(database.stem + ".log")):
        return run_demo(options, settings=settings, console=console, read_line=console.input)


@contextlib.contextmanager
def _logging_to(path: Path) -> Iterator[None]:
    """The app's logs (an error's traceback, say) in a file, not in the transcript."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


def default_database() -> Path:
    """Where the demo keeps its data between runs: the user's data directory."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "summit" / "demo.db"


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if not 0 <= days <= 366:
        raise argparse.ArgumentTypeError("give 0 to 366 days")
    return days


def _home(path: Path) -> str:
    """`path` with the home directory written as ~, for help text."""
    with contextlib.suppress(ValueError):
        return str(Path("~") / path.relative_to(Path.home()))
    return str(path)


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    name = str(problem["loc"][0]).upper() if problem["loc"] else "?"
    return f"{name}: {problem['msg']}"


def _fail(message: str) -> int:
    print(f"summit: error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT
