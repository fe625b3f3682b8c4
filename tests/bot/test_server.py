"""Serving over HTTP: health check, size limit, the Slack path, clean shutdown."""

from __future__ import annotations

import contextlib
import http.client
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from slack_bolt import App

from bot.sandbox import Emulator
from bot.server import MAX_BODY_BYTES, HttpServer, serve_http
from tests.bot.conftest import People, SlackTestClient, http_request


def assert_nothing_listens(server: HttpServer) -> None:
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, server.port), timeout=2).close()


def test_health_check_answers_ok(http_app: HttpServer) -> None:
    reply = http_request("GET", http_app.url, path="/healthz")

    assert (reply.status, reply.text) == (200, "ok\n")


def test_slack_requests_are_served_on_slack_events(
    http_app: HttpServer, slack: SlackTestClient, people: People
) -> None:
    assert http_app.url.endswith("/slack/events")
    assert slack.command("help", user=people.alice).status == 200


def test_other_paths_are_not_found(http_app: HttpServer) -> None:
    assert http_request("GET", http_app.url, path="/").status == 404
    assert http_request("POST", http_app.url, b"{}", path="/slack/other").status == 404


def test_an_oversized_body_is_refused_before_any_listener_runs(
    slack: SlackTestClient, emulator: Emulator
) -> None:
    emulator.clear_calls()
    body = b"text=" + b"x" * MAX_BODY_BYTES

    reply = slack.send(body, content_type="application/x-www-form-urlencoded")

    assert reply.status == 413
    assert emulator.calls() == []


def test_close_releases_the_port_and_may_be_repeated(slack_app: App) -> None:
    server = serve_http(slack_app, 0)
    assert http_request("GET", server.url, path="/healthz").status == 200

    server.close()
    server.close()

    assert_nothing_listens(server)


def test_a_server_never_started_closes_too(slack_app: App) -> None:
    server = HttpServer(slack_app, host="127.0.0.1", port=0)
    server.close()

    assert_nothing_listens(server)


def _chunked_post(url: str, size: int) -> int:
    """POST `size` bytes with no Content-Length (chunked), as a client hiding the size would."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    chunk = b"x" * 65536
    try:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(
                "POST",
                parts.path,
                body=(chunk for _ in range(size // len(chunk))),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                encode_chunked=True,
            )
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture
def dispatched(slack_app: App) -> list[str]:
    """The paths of the requests that reached Bolt's middleware."""
    seen: list[str] = []

    @slack_app.middleware
    def record(body: dict[str, object], next_: Callable[[], None]) -> None:
        seen.append(str(body.get("command") or body.get("type")))
        next_()

    return seen


def test_a_two_mebibyte_body_gets_413_at_once_and_never_reaches_bolt(
    dispatched: list[str], slack: SlackTestClient, people: People
) -> None:
    body = b"text=" + b"x" * (2 * MAX_BODY_BYTES)

    reply = slack.send(body, content_type="application/x-www-form-urlencoded")

    assert reply.status == 413
    # Refused on its Content-Length, before the body is read: far less than a second here.
    assert reply.elapsed < 2.0
    assert dispatched == []
    slack.command("help", user=people.alice)  # the server still serves, and Bolt sees that
    assert dispatched == ["/target"]


def test_a_chunked_body_without_a_length_is_cut_off_at_the_limit_too(
    dispatched: list[str], http_app: HttpServer
) -> None:
    assert _chunked_post(http_app.url, 2 * MAX_BODY_BYTES) == 413
    assert dispatched == []
