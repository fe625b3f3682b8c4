"""What Slack sends an app: signed slash commands, events and interactions, over real HTTP.

The tests and `summit demo` drive the real app with these, so the app cannot tell them from
Slack: the same form and JSON bodies, the same `X-Slack-Signature` over the raw body, a
`response_url` issued by the emulator.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

from bot.sandbox.emulator import Emulator
from bot.sandbox.workspace import User

APP_ID = "A0SUMMIT"
# Slack still sends the deprecated verification token; Bolt ignores it when it checks signatures.
LEGACY_TOKEN = "legacy-verification-token"


@dataclass(frozen=True)
class SlackReply:
    """What came back over HTTP for one request Slack sent."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    elapsed: float
    response_url: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


class SlackRequests:
    """Sends Slack's requests for the emulator's workspace to the app at `url`.

    Signatures always use the real time, as Bolt checks them against it; `clock` (wall-clock
    seconds) stamps what the request says happened, so a sandbox may live on another day.
    """

    def __init__(
        self,
        url: str,
        emulator: Emulator,
        *,
        signing_secret: str,
        channel: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url
        self.emulator = emulator
        self.signing_secret = signing_secret
        self.channel = channel
        self.clock = clock
        self._events = 0

    def command(
        self,
        text: str,
        *,
        user: User,
        command: str = "/target",
        channel: str | None = None,
        **send_options: Any,
    ) -> SlackReply:
        """`user` types `command text` in `channel`; the reply carries the response_url."""
        channel = channel or self.channel
        if channel is None:
            raise ValueError("a slash command is typed in a channel; give one")
        response_url = self.emulator.new_response_url(channel=channel, user=user.id)
        form = {
            "token": LEGACY_TOKEN,
            "team_id": self.emulator.team_id,
            "team_domain": self.emulator.workspace.domain,
            "channel_id": channel,
            "channel_name": self._channel_name(channel),
            "user_id": user.id,
            "user_name": user.name,
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"{time.time_ns()}.trigger",
        }
        body = urlencode(form).encode()
        reply = self.send(body, content_type="application/x-www-form-urlencoded", **send_options)
        return SlackReply(reply.status, reply.headers, reply.body, reply.elapsed, response_url)

    def event(
        self,
        event: Mapping[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        **send_options: Any,
    ) -> SlackReply:
        """An Events API callback wrapping `event`; a `retry_num` makes it one of Slack's
        retries (same `event_id`, with the retry headers)."""
        self._events += 1
        now = self.clock()
        envelope = {
            "token": LEGACY_TOKEN,
            "team_id": self.emulator.team_id,
            "api_app_id": APP_ID,
            "event": {"event_ts": f"{now:.6f}", **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{self._events:010d}",
            "event_time": int(now),
            "authorizations": [
                {
                    "team_id": self.emulator.team_id,
                    "user_id": self.emulator.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
        headers = dict(send_options.pop("headers", {}))
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self.send(
            json.dumps(envelope).encode(),
            content_type="application/json",
            headers=headers,
            **send_options,
        )

    def interaction(self, payload: Mapping[str, Any], **send_options: Any) -> SlackReply:
        """A `block_actions` / `view_submission` / ... payload, form-encoded as Slack posts it."""
        body = {"team": {"id": self.emulator.team_id}, "api_app_id": APP_ID, **payload}
        return self.send(
            urlencode({"payload": json.dumps(body)}).encode(),
            content_type="application/x-www-form-urlencoded",
            **send_options,
        )

    def click(
        self,
        *,
        user: User,
        action: Mapping[str, Any],
        channel: str | None = None,
        message: Mapping[str, Any] | None = None,
        ephemeral: bool = False,
        view: Mapping[str, Any] | None = None,
        **send_options: Any,
    ) -> SlackReply:
        """`user` clicks a button: `action` is the element (`action_id`, `block_id`, `value`,
        `text`) on a message in `channel` (its `message` unless `ephemeral`, which Slack does
        not echo back) or on a `view` (App Home or modal). Message clicks carry a fresh
        response_url, returned in the reply."""
        now = self.clock()
        payload: dict[str, Any] = {
            "type": "block_actions",
            "token": LEGACY_TOKEN,
            "user": {
                "id": user.id,
                "username": user.name,
                "name": user.name,
                "team_id": self.emulator.team_id,
            },
            "trigger_id": f"{time.time_ns()}.trigger",
            "actions": [{"type": "button", "action_ts": f"{now:.6f}", **action}],
            "state": {"values": {}},
        }
        response_url = None
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id")}
            payload["view"] = dict(view)
        elif channel is not None:
            response_url = self.emulator.new_response_url(channel=channel, user=user.id)
            payload["container"] = {
                "type": "message",
                "channel_id": channel,
                "message_ts": (message or {}).get("ts", f"{now:.6f}"),
                "is_ephemeral": ephemeral,
            }
            payload["channel"] = {"id": channel, "name": self._channel_name(channel)}
            payload["response_url"] = response_url
            if message is not None and not ephemeral:
                payload["message"] = dict(message)
        else:
            raise ValueError("a button sits on a message in a channel or on a view; give one")
        reply = self.interaction(payload, **send_options)
        return SlackReply(reply.status, reply.headers, reply.body, reply.elapsed, response_url)

    def submit(
        self,
        *,
        user: User,
        view: Mapping[str, Any],
        values: Mapping[str, Mapping[str, Any]],
        **send_options: Any,
    ) -> SlackReply:
        """`user` submits the modal `view` with its inputs' `values` (Slack's `state.values`:
        block_id -> action_id -> the element's value)."""
        payload = {
            "type": "view_submission",
            "token": LEGACY_TOKEN,
            "user": {
                "id": user.id,
                "username": user.name,
                "name": user.name,
                "team_id": self.emulator.team_id,
            },
            "trigger_id": f"{time.time_ns()}.trigger",
            "view": {**view, "state": {"values": dict(values)}},
        }
        return self.interaction(payload, **send_options)

    def send(
        self,
        body: bytes,
        *,
        content_type: str,
        sign: bool = True,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
        path: str | None = None,
    ) -> SlackReply:
        """POST `body` as Slack would; `sign=False`, a `signature` or an old `timestamp` make
        the request one Slack did not send."""
        all_headers = {"Content-Type": content_type, **(headers or {})}
        if sign:
            stamp = str(timestamp if timestamp is not None else int(time.time()))
            all_headers["X-Slack-Request-Timestamp"] = stamp
            verifier = SignatureVerifier(self.signing_secret)
            all_headers["X-Slack-Signature"] = signature or str(
                verifier.generate_signature(timestamp=stamp, body=body.decode("utf-8"))
            )
        return http_request("POST", self.url, body, all_headers, path=path)

    def _channel_name(self, channel_id: str) -> str:
        known = self.emulator.workspace.channels.get(channel_id)
        if known is None:
            return channel_id
        return "directmessage" if known.is_im else known.name


def http_request(
    method: str,
    url: str,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    *,
    path: str | None = None,
) -> SlackReply:
    """One HTTP request on a fresh connection; the answer read in full."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    started = time.perf_counter()
    try:
        # A server may answer and hang up before reading all of an oversized body.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            connection.request(method, path or parts.path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return SlackReply(
        response.status,
        {k.lower(): v for k, v in response.getheaders()},
        data,
        time.perf_counter() - started,
    )
