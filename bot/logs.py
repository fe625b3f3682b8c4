"""Log lines for operators: plain text or one JSON object per line, each saying which workspace,
user, request or job it is about, and never a secret.

`configure_logging(settings)` is the one place logging is set up (`summit serve`, `summit jobs
run`). `SUMMIT_LOG_FORMAT=json` gives one object per line with `time`, `level`, `logger`,
`message` and, when known, `workspace`, `user`, `request_id`, `event_id`, `job`, `run`, and an
`exception` field holding the whole traceback (JSON escapes its new lines, so it stays one line).

Who a line is about lives in a context variable: a Bolt middleware (`register`) binds it for
each request, `log_context(job=..., run=...)` for a job. Bolt runs listeners on a thread pool,
and a plain pool starts each task with an empty context, so the app is given a pool that carries
the submitting request's context along (`listener_executor`).

Secrets: a filter on the handler rewrites every record before it is written, replacing Slack
tokens (`xoxb-`, `xoxp-`, `xapp-`, `xoxe-`, ...) wherever they appear and the configured secrets
(signing secret, client secret, encryption keys, the database password) by `[redacted]`, in the
message, its arguments and the traceback. It is a safety net: nothing of ours logs a secret on
purpose, but slack_sdk logs its requests at DEBUG.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, Final, Literal, ParamSpec, TextIO, TypeVar

from pydantic import SecretStr
from slack_bolt import App, BoltContext, BoltResponse

from bot.settings import Settings

LogFormat = Literal["text", "json"]

REDACTED: Final = "[redacted]"
# Slack tokens: bot (xoxb), user (xoxp), app-level (xapp), refresh (xoxe), rotating (xoxe.xoxp)...
# One character class under one quantifier: linear whatever the text.
SLACK_TOKEN: Final = re.compile(r"\b(?:xox[a-z]|xapp)(?:\.xox[a-z])?-[0-9A-Za-z._-]+")
# Settings whose value is a secret, by the name of the field.
_SECRET_FIELDS: Final = re.compile(r"token|secret|key|password")
# A secret shorter than this is not looked for: redacting every "on" would shred the logs.
_MIN_SECRET_CHARS: Final = 8
TEXT_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s %(message)s"


@dataclass(frozen=True)
class LogContext:
    """What the work being logged is about; None where not known."""

    workspace: str | None = None  # Slack team (or enterprise) id
    user: str | None = None
    request_id: str | None = None  # ours, one per Slack request
    event_id: str | None = None  # Slack's, for Events API deliveries
    job: str | None = None
    run: str | None = None

    def fields(self) -> dict[str, str]:
        return {name: value for name, value in asdict(self).items() if value is not None}


_NOTHING_KNOWN: Final = LogContext()  # frozen, so one shared default is safe
_context: contextvars.ContextVar[LogContext] = contextvars.ContextVar(
    "summit_log_context", default=_NOTHING_KNOWN
)


def current_context() -> LogContext:
    return _context.get()


@contextmanager
def log_context(**fields: str | None) -> Iterator[LogContext]:
    """Lines logged inside the block (in this thread, and in tasks it hands to a
    `listener_executor`) carry `fields` on top of the context already bound."""
    bound = replace(_context.get(), **{k: v for k, v in fields.items() if v is not None})
    token = _context.set(bound)
    try:
        yield bound
    finally:
        _context.reset(token)


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


# -- secrets --------------------------------------------------------------------------------------


def secrets_of(settings: Settings) -> list[str]:
    """Every secret among the settings: tokens, the signing and client secrets, each key of
    SUMMIT_ENCRYPTION_KEY, the database password."""
    found: list[str] = []
    for name, value in settings.model_dump().items():
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str) and value and _SECRET_FIELDS.search(name):
            found.append(value)
            found.extend(part.strip() for part in value.split(",") if part.strip())
    found.extend(_url_password(settings.database_url))
    return found


def _url_password(url: str) -> list[str]:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        password = make_url(url).password
    except (ArgumentError, ValueError):
        return []
    return [str(password)] if password else []


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with Slack tokens and each of `secrets` replaced by [redacted]."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return SLACK_TOKEN.sub(REDACTED, text)


class RedactSecrets(logging.Filter):
    """Rewrites each record so no secret reaches any handler's output: the message is rendered
    with its arguments and redacted, and so is the traceback."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted(
            {s for s in secrets if s and len(s) >= _MIN_SECRET_CHARS}, key=len, reverse=True
        )

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let the handler report it as logging does
            return True
        record.msg = redact(message, self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


# -- formats --------------------------------------------------------------------------------------


class StampContext(logging.Filter):
    """Copies the bound LogContext onto the record, in the thread that logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.summit_context = _context.get()
        return True


def _context_of(record: logging.LogRecord) -> LogContext:
    found = getattr(record, "summit_context", None)
    return found if isinstance(found, LogContext) else _context.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the traceback, if any, in `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_context_of(record).fields())
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The usual line, with the context appended as `key=value` pairs."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = _context_of(record).fields()
        if not fields:
            return text
        first, newline, rest = text.partition("\n")
        pairs = " ".join(f"{name}={value}" for name, value in fields.items())
        return f"{first} [{pairs}]{newline}{rest}"


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is when a line is logged (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


class SummitHandler(logging.StreamHandler[TextIO]):
    """Marks the handler `configure_logging` installed, so a second call replaces it."""


def configure_logging(settings: Settings, *, stream: TextIO | None = None) -> logging.Handler:
    """Send every log line, of every logger, to `stream` (default: stderr) in the format
    SUMMIT_LOG_FORMAT names, from SUMMIT_LOG_LEVEL up, with the request or job context and
    without secrets. Replaces
    what an earlier call installed; returns the handler (`unconfigure_logging` removes it)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "summit", False)]:
        unconfigure_logging(old)
    handler: logging.StreamHandler[TextIO] = (
        logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    )
    handler.summit = True  # type: ignore[attr-defined]
    handler.summit_previous_level = root.level  # type: ignore[attr-defined]
    handler.addFilter(StampContext())
    handler.addFilter(RedactSecrets(secrets_of(settings)))
    handler.setFormatter(
        JsonFormatter() if settings.summit_log_format == "json" else TextFormatter()
    )
    root.addHandler(handler)
    root.setLevel(settings.summit_log_level)
    return handler


def unconfigure_logging(handler: logging.Handler) -> None:
    root = logging.getLogger()
    root.removeHandler(handler)
    root.setLevel(getattr(handler, "summit_previous_level", logging.WARNING))


@contextmanager
def logging_configured(settings: Settings) -> Iterator[None]:
    """`configure_logging` for the length of a block (a one-off command such as `jobs run`)."""
    handler = configure_logging(settings)
    try:
        yield
    finally:
        unconfigure_logging(handler)


# -- Bolt -----------------------------------------------------------------------------------------

_P = ParamSpec("_P")
_T = TypeVar("_T")


class ContextExecutor(ThreadPoolExecutor):
    """A thread pool whose tasks run in a copy of the submitter's context, so a listener logs
    with the request's workspace, user and request id."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        context = contextvars.copy_context()

        def in_context() -> _T:
            return context.run(fn, *args, **kwargs)

        return super().submit(in_context)


def listener_executor() -> ContextExecutor:
    """For `App(listener_executor=...)`; the size is Bolt's default."""
    return ContextExecutor(max_workers=5, thread_name_prefix="listener")


log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Bind each request's log context; register before any other middleware of ours."""
    app.middleware(bind_request_context)


def bind_request_context(
    context: BoltContext, body: dict[str, Any], next_: Callable[[], None]
) -> BoltResponse | None:
    """Bolt runs middleware one after another, then the listener, in this thread: the context set
    here holds until the request's end (the server runs each request in a fresh context)."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    _context.set(
        LogContext(
            workspace=context.team_id or context.enterprise_id,
            user=context.user_id,
            request_id=uuid.uuid4().hex[:16],
            event_id=event_id if isinstance(event_id, str) else None,
        )
    )
    log.info("slack request: %s", describe(body))
    next_()
    return None


def describe(body: dict[str, Any]) -> str:
    """What kind of request this is, in a few words and without its content."""
    if isinstance(body.get("command"), str):
        return f"command {body['command']}"
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        event_type = event.get("type") if isinstance(event, dict) else None
        return f"event {event_type}"
    if kind in ("block_actions", "view_submission", "view_closed", "shortcut"):
        return str(kind)
    return str(kind or "request")


def run_in_fresh_context(function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """Run one request with no log context left over from the previous one on this thread."""
    return contextvars.Context().run(function, *args, **kwargs)
