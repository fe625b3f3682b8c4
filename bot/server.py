"""Serving the Bolt app: HTTP (waitress, threaded) on `/slack/events`, or Socket Mode.

`summit serve` calls `serve_forever(app, settings)`; each of its workers (`bot.workers`, with
SUMMIT_WEB_WORKERS > 1) passes the listening socket it inherited. Tests and the sandbox call
`serve_http(app, 0)` and get a running server back, on a free port, to `close()` when done.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final, cast

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

from bot.logs import run_in_fresh_context
from bot.settings import Settings

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH: Final = "/slack/events"
HEALTH_PATH: Final = "/healthz"
# Slack's payloads are a few KiB; anything near a megabyte is not from Slack.
MAX_BODY_BYTES: Final = 1024 * 1024
THREADS: Final = 8


def wsgi_app(app: App) -> WSGIApplication:
    """`/healthz` for load balancers, everything else to Bolt's WSGI adapter."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            body = b"ok\n"
            start_response(
                "200 OK",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return run_in_fresh_context(slack, environ, start_response)

    return application


class HttpServer:
    """A waitress server for one app, on one socket: bound to `host` and `port`, or an already
    listening `listen_socket` (a worker's, shared with its siblings). `serve_forever()` runs it
    in the calling thread; `start()` in a background thread; `close()` stops either.
    `label` starts the line logged when it starts serving (which worker it is)."""

    def __init__(
        self,
        app: App,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        listen_socket: socket.socket | None = None,
        threads: int = THREADS,
        max_body_bytes: int = MAX_BODY_BYTES,
        label: str = "",
    ) -> None:
        self._app = app
        self._map: dict[int, Any] = {}  # waitress's socket map; ours, so close() can empty it
        where: dict[str, Any] = (
            {"host": host, "port": port} if listen_socket is None else {"sockets": [listen_socket]}
        )
        server = create_server(
            wsgi_app(app),
            map=self._map,
            threads=threads,
            max_request_body_size=max_body_bytes,
            ident="summit",
            **where,
        )
        if not isinstance(server, BaseWSGIServer):
            raise ValueError(f"{host!r} resolves to several addresses; give one")
        self._server = server
        self._thread: threading.Thread | None = None
        self._closed = False
        self._label = label
        sockname = cast(Any, server).socket.getsockname()
        self.host: str = sockname[0]
        self.port: int = sockname[1]

    @property
    def url(self) -> str:
        """The Request URL to give Slack (or a test client)."""
        return f"http://{self.host}:{self.port}{EVENTS_PATH}"

    def serve_forever(self) -> None:
        log.info(
            "%sserving Slack requests on http://%s:%d%s",
            f"{self._label} " if self._label else "",
            self.host,
            self.port,
            EVENTS_PATH,
        )
        self._server.run()

    def start(self) -> HttpServer:
        self._thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._thread is not None and self._thread.is_alive():
            # The socket map belongs to the loop thread: ask it to close everything itself,
            # after which its loop finds the map empty and returns.
            trigger = cast(Any, self._server).trigger
            try:
                trigger.pull_trigger(lambda: wasyncore.close_all(self._map))
            except OSError:
                # The loop closed the trigger's pipe on its way out (seen as EBADF at teardown):
                # nothing is left to wake, so close whatever remains from here.
                wasyncore.close_all(self._map)
            self._thread.join()
        else:
            wasyncore.close_all(self._map)
        self._server.task_dispatcher.shutdown()
        # Listeners that acknowledged and went on (Bolt's default) may still be working: let them
        # finish, so whoever closes the store next finds no connection still checked out.
        executor = self._app.listener_runner.listener_executor
        if isinstance(executor, ThreadPoolExecutor):
            executor.shutdown(wait=True)


def serve_http(
    app: App,
    port: int,
    *,
    host: str = "127.0.0.1",
    threads: int = THREADS,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> HttpServer:
    """Serve `app` over HTTP in a background thread; port 0 picks a free port (see `.port`)."""
    return HttpServer(
        app, host=host, port=port, threads=threads, max_body_bytes=max_body_bytes
    ).start()


def serve_forever(
    app: App, settings: Settings, *, listen_socket: socket.socket | None = None, worker: int = 0
) -> None:
    """What `summit serve` runs: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT
    (all interfaces), or on `listen_socket` for the web worker numbered `worker`. Blocks until
    interrupted."""
    if settings.slack_app_token:
        log.info("connecting to Slack in Socket Mode")
        handler = SocketModeHandler(app, settings.slack_app_token)
        handler.start()  # type: ignore[no-untyped-call]  # Bolt leaves it unannotated
        return
    if listen_socket is not None:
        server = HttpServer(
            app, listen_socket=listen_socket, label=f"worker {worker} (pid {os.getpid()})"
        )
    else:
        server = HttpServer(app, host="0.0.0.0", port=settings.port)
    try:
        server.serve_forever()
    finally:
        server.close()
