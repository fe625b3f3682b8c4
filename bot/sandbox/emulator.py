"""A loopback Slack Web API: a real HTTP server that a real `slack_sdk.WebClient` talks to.

The tests and `summit demo` point the bot's client at `Emulator.base_url`. The emulator answers
the methods Summit uses from a small workspace model (see `workspace.py`), records every call it
receives, and misbehaves on request the way Slack does: 429 with Retry-After above a rate, 5xx,
slow answers. Calls are recorded before they are answered, so a test may read the record as soon
as the client call returns.

    with Emulator() as slack:
        slack.add_user(User("U01ALICE", "alice", locale="zh-CN"))
        client = WebClient(token=slack.bot_token, base_url=slack.base_url)
        client.chat_postMessage(channel="U01ALICE", text="早上好")
        assert slack.messages_to("D01ALICE")[0].text == "早上好"
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import itertools
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.sandbox.faults import Failure, Faults, Gathering
from bot.sandbox.workspace import (
    ApiError,
    Channel,
    Ephemeral,
    JsonObject,
    Message,
    ResponsePost,
    UploadedFile,
    User,
    View,
    Workspace,
)

log = logging.getLogger(__name__)

# Arguments the SDK sends JSON-encoded inside form bodies; kept decoded in the call record.
_JSON_ARGS = ("blocks", "attachments", "metadata", "view", "files")
_MAX_BODY = 8 * 1024 * 1024


@dataclass(frozen=True)
class ApiCall:
    """One Web API call as the emulator received and answered it."""

    method: str
    args: JsonObject
    token: str | None
    status: int
    response: JsonObject

    @property
    def ok(self) -> bool:
        """True when the call was served: HTTP 200 and `"ok": true`."""
        return self.status == HTTPStatus.OK and bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return None if self.ok else str(self.response.get("error", ""))


@dataclass(frozen=True)
class _Grant:
    """An install approved on the consent screen, waiting for its code to be exchanged."""

    user_id: str
    scopes: tuple[str, ...]
    redirect_uri: str | None
    team_id: str
    team_name: str


class Args:
    """A call's arguments with Slack's loose typing ("1"/"true"/true) read one way."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        return str(value)

    def required(self, name: str, error: str = "invalid_arguments") -> str:
        value = self.text(name)
        if value is None:
            raise ApiError(error)
        return value

    def flag(self, name: str) -> bool:
        return str(self._values.get(name, "")).lower() in ("1", "true")

    def number(self, name: str, default: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise ApiError("invalid_arguments") from None

    def obj(self, name: str, error: str = "invalid_arguments") -> Any:
        value = self._values.get(name)
        if isinstance(value, str):
            # Still a string: parse_api_args could not decode it.
            raise ApiError(error)
        return value


class Emulator:
    """A Slack workspace on 127.0.0.1, served over HTTP. Start it, or use it as a context manager.

    `clock` (wall-clock seconds) stamps messages; `monotonic` drives rate limits. Both are
    injectable so the demo can move time and tests can count tokens without sleeping.
    """

    def __init__(
        self,
        *,
        team_id: str = "T0SANDBOX",
        team_name: str = "Summit Sandbox",
        bot_token: str = "xoxb-summit-sandbox",
        bot_user: User | None = None,
        client_id: str = "0SANDBOX.0CLIENT",
        client_secret: str = "sandbox-client-secret",
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.bot_token = bot_token
        self.client_id = client_id
        self.client_secret = client_secret
        self._tokens = {bot_token}  # plus every token an OAuth install was given
        self._revoked: set[str] = set()  # tokens of uninstalls: refused with `token_revoked`
        self._grants: dict[str, _Grant] = {}  # one-time OAuth codes not yet exchanged
        self._reactions: dict[tuple[str, str], list[str]] = {}  # (channel, ts) -> names, in order
        self._serial = itertools.count(1)
        self.workspace = Workspace(
            team_id=team_id,
            team_name=team_name,
            domain=team_name.lower().replace(" ", "-"),
            bot=bot_user or User("U0SUMMIT", "summit", real_name="Summit", is_bot=True),
            bot_id="B0SUMMIT",
            clock=clock,
        )
        self.faults = Faults(monotonic)
        self._host = host
        self._port = port
        self._lock = threading.RLock()
        self._calls: list[ApiCall] = []
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Callable[[Args], JsonObject]] = {
            "auth.test": self._auth_test,
            "oauth.v2.access": self._oauth_v2_access,
            "team.info": self._team_info,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "views.publish": self._views_publish,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "reactions.add": self._reactions_add,
        }

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> Emulator:
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server((self._host, self._port), _Handler)
        server.emulator = self
        self._server = server
        self._thread = threading.Thread(
            # A short poll keeps stop() quick: shutdown() waits for the next poll.
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="slack-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()  # releases calls held by delay_next
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def root_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def base_url(self) -> str:
        """What to give `WebClient(base_url=...)`; ends in `/api/` like Slack's."""
        return self.root_url + "api/"

    # -- the workspace ------------------------------------------------------------------------

    @property
    def team_id(self) -> str:
        return self.workspace.team_id

    @property
    def bot_user_id(self) -> str:
        return self.workspace.bot.id

    def approve_install(
        self,
        *,
        user_id: str,
        scopes: Sequence[str],
        redirect_uri: str | None = None,
        team_id: str | None = None,
        team_name: str | None = None,
    ) -> str:
        """An admin of this workspace presses "Allow" on Slack's consent screen: the one-time
        code Slack appends to the app's redirect URL, for `oauth.v2.access` to exchange.

        `team_id` installs for another workspace instead: its token and team id differ, while
        users and conversations stay the one modelled workspace's (enough to tell, from the
        recorded tokens, which workspace's token each call used)."""
        with self._lock:
            team = team_id or self.team_id
            code = f"{team}.code{next(self._serial)}"
            self._grants[code] = _Grant(
                user_id,
                tuple(scopes),
                redirect_uri,
                team,
                team_name or (self.workspace.team_name if team_id is None else team),
            )
            return code

    def revoke_token(self, token: str) -> None:
        """The workspace of `token` uninstalls the app: every later call with it is refused
        with `token_revoked`, as Slack does."""
        with self._lock:
            self._tokens.discard(token)
            self._revoked.add(token)

    def add_user(self, user: User) -> User:
        with self._lock:
            return self.workspace.add_user(user)

    def add_channel(self, channel: Channel) -> Channel:
        with self._lock:
            return self.workspace.add_channel(channel)

    def dm_channel(self, user_id: str) -> str:
        """The id of the bot's DM with a user (what `conversations.open` answers)."""
        with self._lock:
            return self.workspace.open_dm(user_id).id

    def post_as_user(
        self, user_id: str, channel: str, text: str, *, thread_ts: str | None = None
    ) -> Message:
        """A message a person typed, for a driver that then sends the matching event."""
        with self._lock:
            self.workspace.user(user_id)
            return self.workspace.post(
                channel_id=channel, user=user_id, text=text, thread_ts=thread_ts
            )

    def new_response_url(self, *, channel: str | None = None, user: str | None = None) -> str:
        """A fresh `response_url` on this emulator, as Slack puts in commands and actions."""
        with self._lock:
            issued = self.workspace.issue_response_url(channel=channel, user=user)
        return f"{self.root_url}response/{issued.id}"

    # -- what the app did ---------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Every call received (served or refused), oldest first, optionally of one method."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def clear_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def messages_to(self, channel: str) -> list[Message]:
        """A conversation's messages, thread replies included, oldest first. A user id means
        the bot's DM with that user."""
        with self._lock:
            try:
                resolved = self.workspace.channel(channel, user_means_dm=True)
            except ApiError:
                return []
            return list(self.workspace.history[resolved.id])

    def ephemerals(self, *, user: str | None = None) -> list[Ephemeral]:
        with self._lock:
            return [e for e in self.workspace.ephemerals if user is None or e.user == user]

    def responses(self, response_url: str | None = None) -> list[ResponsePost]:
        """What the app posted to response URLs (one URL, or all), oldest first."""
        response_id = response_url.rstrip("/").rsplit("/", 1)[-1] if response_url else None
        with self._lock:
            return [
                r
                for r in self.workspace.responses
                if response_id is None or r.response_id == response_id
            ]

    def home_view(self, user_id: str) -> JsonObject | None:
        with self._lock:
            view = self.workspace.home_views.get(user_id)
            return dict(view.view) if view else None

    def open_views(self) -> list[View]:
        with self._lock:
            return list(self.workspace.views.values())

    def uploaded_files(self) -> list[UploadedFile]:
        with self._lock:
            return [f for f in self.workspace.files.values() if f.completed]

    def reactions_on(self, channel: str, ts: str) -> list[str]:
        """The names of the bot's reactions on a message, in the order they were added."""
        with self._lock:
            return list(self._reactions.get((channel, ts), ()))

    # -- faults -------------------------------------------------------------------------------

    def rate_limit(self, method: str, per_second: float, *, burst: int | None = None) -> None:
        """Answer 429 with Retry-After once `method` goes above `per_second` (token bucket)."""
        self.faults.rate_limit(method, per_second, burst=burst)

    def fail_next(
        self,
        method: str,
        *,
        status: int = 503,
        error: str | None = None,
        times: int = 1,
        retry_after: int | None = None,
        after_serving: bool = False,
    ) -> None:
        """Answer the next `times` calls of `method` with this failure instead of serving them
        (`after_serving`: serve them, then answer the failure instead of the result)."""
        if error is None:
            error = "ratelimited" if status == 429 else "service_unavailable"
        if status == 429 and retry_after is None:
            retry_after = 1
        failure = Failure(status, error, retry_after, after_serving=after_serving)
        self.faults.fail_next(method, failure, times)

    def delay_next(
        self, method: str, seconds: float, *, times: int = 1, after_serving: bool = False
    ) -> None:
        """Hold the next `times` calls of `method` for `seconds` before serving them
        (`after_serving`: serve them at once and hold only the answer). stop() releases them."""
        self.faults.delay_next(method, seconds, times, after_serving=after_serving)

    def gather_next(self, method: str, parties: int, *, timeout: float = 5.0) -> Gathering:
        """Hold each of the next `parties` calls of `method` until all of them have arrived,
        then serve them. Calls made one after another never all arrive: after `timeout` (a
        safety net, not a measure; below the bot client's 10 s, so the call is answered rather
        than abandoned) the gathering breaks and its calls answer 500 `gathering_broken`; the
        returned Gathering tells whether that happened."""
        return self.faults.gather_next(method, parties, timeout)

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- request handling (called from server threads) ----------------------------------------

    def handle_api(
        self, method: str, args: JsonObject, token: str | None
    ) -> tuple[int, JsonObject, dict[str, str]]:
        # Both taken now, so that the n-th call meets the n-th delay and the n-th failure
        # even while earlier calls are still being held.
        failure = self.faults.failure_for(method)
        delay = self.faults.delay_for(method)
        gathering = self.faults.gathering_for(method)
        if gathering is not None and not gathering.join():
            failure = Failure(HTTPStatus.INTERNAL_SERVER_ERROR, "gathering_broken")
        if delay:
            self._stopping.wait(delay)
        headers: dict[str, str] = {}
        status: int = HTTPStatus.OK
        if failure is None or failure.after_serving:
            body = self._serve(method, args, token)
        if failure is not None:
            status, body = failure.status, {"ok": False, "error": failure.error}
            if failure.retry_after is not None:
                headers["Retry-After"] = str(failure.retry_after)
        with self._lock:
            self._calls.append(ApiCall(method, args, token, status, body))
        late = self.faults.late_delay_for(method)
        if late:
            self._stopping.wait(late)
        return status, body, headers

    def _serve(self, method: str, args: JsonObject, token: str | None) -> JsonObject:
        handler = self._methods.get(method)
        try:
            if handler is None:
                raise ApiError("unknown_method")
            if method == "oauth.v2.access":  # the app authenticates, not a token
                with self._lock:
                    return {"ok": True} | handler(Args(args))
            if not token:
                raise ApiError("not_authed")
            if token in self._revoked:
                raise ApiError("token_revoked")
            if token not in self._tokens:
                raise ApiError("invalid_auth")
            with self._lock:
                return {"ok": True} | handler(Args(args))
        except ApiError as refused:
            return {"ok": False, "error": refused.code}

    def handle_upload(self, file_id: str, content: bytes) -> bool:
        with self._lock:
            pending = self.workspace.files.get(file_id)
            if pending is None:
                return False
            self.workspace.files[file_id] = dataclasses.replace(pending, content=content)
            return True

    def handle_response(self, response_id: str, payload: JsonObject) -> str | None:
        """None when accepted, else Slack's reason for refusing the response_url."""
        with self._lock:
            try:
                self.workspace.accept_response(response_id, payload)
            except ApiError as refused:
                return refused.code
        return None

    # -- Web API methods (run under the lock) -------------------------------------------------

    def _oauth_v2_access(self, args: Args) -> JsonObject:
        if (args.text("client_id"), args.text("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            raise ApiError("invalid_client_id")
        grant = self._grants.pop(args.text("code") or "", None)  # a code works once
        if grant is None:
            raise ApiError("invalid_code")
        if grant.redirect_uri is not None and args.text("redirect_uri") != grant.redirect_uri:
            raise ApiError("bad_redirect_uri")
        ws = self.workspace
        token = f"xoxb-{grant.team_id.lower()}-{next(self._serial)}"
        self._tokens.add(token)
        return {
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(grant.scopes),
            "bot_user_id": ws.bot.id,
            "app_id": "A0SUMMIT",
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": grant.user_id},
        }

    def _auth_test(self, args: Args) -> JsonObject:
        ws = self.workspace
        return {
            "url": f"https://{ws.domain}.slack.com/",
            "team": ws.team_name,
            "user": ws.bot.name,
            "team_id": ws.team_id,
            "user_id": ws.bot.id,
            "bot_id": ws.bot_id,
            "is_enterprise_install": False,
        }

    def _team_info(self, args: Args) -> JsonObject:
        ws = self.workspace
        return {"team": {"id": ws.team_id, "name": ws.team_name, "domain": ws.domain}}

    def _users_info(self, args: Args) -> JsonObject:
        user = self.workspace.user(args.text("user"))
        return {"user": user.to_api(self.team_id, include_locale=args.flag("include_locale"))}

    def _users_list(self, args: Args) -> JsonObject:
        users = list(self.workspace.users.values())
        start, page = _page(args, len(users), default_limit=200)
        members = [
            u.to_api(self.team_id, include_locale=args.flag("include_locale"))
            for u in users[start : start + page]
        ]
        return {"members": members, "response_metadata": _next_cursor(start + page, len(users))}

    def _conversations_open(self, args: Args) -> JsonObject:
        if args.text("channel"):
            return {"channel": self.workspace.channel(args.text("channel")).to_api()}
        user_ids = [u.strip() for u in args.required("users", "users_list_not_supplied").split(",")]
        if len(user_ids) == 1:
            channel = self.workspace.open_dm(user_ids[0])
        else:
            channel = self.workspace.open_group_dm(user_ids)
        return {"channel": channel.to_api() if args.flag("return_im") else {"id": channel.id}}

    def _conversations_info(self, args: Args) -> JsonObject:
        return {"channel": self.workspace.channel(args.text("channel")).to_api()}

    def _conversations_history(self, args: Args) -> JsonObject:
        messages = _between(self.workspace.top_level(args.text("channel")), args)
        messages.reverse()  # newest first, as Slack answers
        return self._message_page(messages, args)

    def _conversations_replies(self, args: Args) -> JsonObject:
        ts = args.required("ts", "thread_not_found")
        thread = self.workspace.thread(args.text("channel"), ts)
        return self._message_page(_between(thread, args), args)

    def _message_page(self, messages: list[Message], args: Args) -> JsonObject:
        start, page = _page(args, len(messages), default_limit=100)
        include_metadata = args.flag("include_all_metadata")
        shown = [
            m.to_api(include_metadata=include_metadata, reply_count=self.workspace.reply_count(m))
            for m in messages[start : start + page]
        ]
        return {
            "messages": shown,
            "has_more": start + page < len(messages),
            "response_metadata": _next_cursor(start + page, len(messages)),
        }

    def _chat_post_message(self, args: Args) -> JsonObject:
        channel_id = args.required("channel", "channel_not_found")
        text, blocks = _content(args)
        ws = self.workspace
        thread_ts = args.text("thread_ts")
        message = ws.post(
            channel_id=channel_id,
            user=ws.bot.id,
            bot_id=ws.bot_id,
            text=text,
            blocks=blocks,
            thread_ts=thread_ts,
            metadata=_metadata(args),
            reply_broadcast=args.flag("reply_broadcast"),
        )
        return {"channel": message.channel, "ts": message.ts, "message": message.to_api()}

    def _chat_post_ephemeral(self, args: Args) -> JsonObject:
        ws = self.workspace
        channel = ws.channel(args.text("channel"), user_means_dm=True)
        user = ws.user(args.text("user"))
        text, blocks = _content(args)
        ephemeral = Ephemeral(
            channel=channel.id,
            user=user.id,
            text=text,
            blocks=tuple(blocks),
            thread_ts=args.text("thread_ts"),
            ts=ws.next_ts(),
        )
        ws.ephemerals.append(ephemeral)
        return {"message_ts": ephemeral.ts}

    def _chat_update(self, args: Args) -> JsonObject:
        ws = self.workspace
        channel, ts = args.text("channel"), args.text("ts")
        if ws.message(channel, ts).user != ws.bot.id:
            raise ApiError("cant_update_message")
        changes: dict[str, Any] = {}
        if args.text("text") is not None:
            changes["text"] = args.text("text")
        if args.obj("blocks", "invalid_blocks") is not None:
            changes["blocks"] = tuple(args.obj("blocks", "invalid_blocks"))
        if args.obj("metadata", "invalid_metadata_format") is not None:
            changes["metadata"] = _metadata(args)
        message = ws.update(channel, ts, **changes)
        return {
            "channel": message.channel,
            "ts": message.ts,
            "text": message.text,
            "message": message.to_api(),
        }

    def _chat_delete(self, args: Args) -> JsonObject:
        ws = self.workspace
        channel, ts = args.text("channel"), args.text("ts")
        if ws.message(channel, ts).user != ws.bot.id:
            raise ApiError("cant_delete_message")
        message = ws.delete(channel, ts)
        return {"channel": message.channel, "ts": message.ts}

    def _views_publish(self, args: Args) -> JsonObject:
        ws = self.workspace
        user = ws.user(args.text("user_id"))
        view = _view(args, expected_type="home")
        previous = ws.home_views.get(user.id)
        published = View(
            id=previous.id if previous else ws.next_id("V"), type="home", view=view, user=user.id
        )
        ws.home_views[user.id] = published
        return {"view": published.to_api(ws.team_id)}

    def _views_open(self, args: Args) -> JsonObject:
        ws = self.workspace
        args.required("trigger_id", "invalid_trigger_id")
        view = _view(args, expected_type="modal")
        opened = View(
            id=ws.next_id("V"), type="modal", view=view, external_id=view.get("external_id")
        )
        ws.views[opened.id] = opened
        return {"view": opened.to_api(ws.team_id)}

    def _views_update(self, args: Args) -> JsonObject:
        ws = self.workspace
        view_id, external_id = args.text("view_id"), args.text("external_id")
        current = next(
            (
                v
                for v in ws.views.values()
                if v.id == view_id or (external_id and v.external_id == external_id)
            ),
            None,
        )
        if current is None:
            raise ApiError("not_found")
        updated = dataclasses.replace(current, view=_view(args, expected_type=current.type))
        ws.views[updated.id] = updated
        return {"view": updated.to_api(ws.team_id)}

    def _files_get_upload_url(self, args: Args) -> JsonObject:
        ws = self.workspace
        filename = args.required("filename", "invalid_arguments")
        pending = UploadedFile(
            id=ws.next_id("F"), filename=filename, length=args.number("length", 0)
        )
        ws.files[pending.id] = pending
        return {"upload_url": f"{self.root_url}upload/{pending.id}", "file_id": pending.id}

    def _reactions_add(self, args: Args) -> JsonObject:
        message = self.workspace.message(
            args.required("channel", "channel_not_found"),
            args.required("timestamp", "no_item_specified"),
        )
        name = args.required("name", "invalid_name").strip(":")
        names = self._reactions.setdefault((message.channel, message.ts), [])
        if name in names:
            raise ApiError("already_reacted")
        names.append(name)
        return {}

    def _files_complete_upload(self, args: Args) -> JsonObject:
        ws = self.workspace
        entries = args.obj("files")
        if not isinstance(entries, list) or not entries:
            raise ApiError("invalid_arguments")
        channel_id = args.text("channel_id")
        channels = (args.text("channels") or "").split(",")
        targets = [channel_id] if channel_id else [c for c in channels if c]
        for target in targets:
            ws.channel(target, user_means_dm=True)
        done: list[UploadedFile] = []
        for entry in entries:
            pending = ws.files.get(str(entry.get("id")))
            if pending is None or pending.content is None:
                raise ApiError("file_not_found")
            title = str(entry.get("title") or pending.filename)
            done.append(dataclasses.replace(pending, title=title))
        shared_in: list[str] = []
        for target in targets:
            message = ws.post(
                channel_id=target,
                user=ws.bot.id,
                bot_id=ws.bot_id,
                text=args.text("initial_comment", "") or "",
                thread_ts=args.text("thread_ts"),
                files=[f.id for f in done],
            )
            shared_in.append(message.channel)
        for uploaded in done:
            ws.files[uploaded.id] = dataclasses.replace(
                uploaded, channels=tuple(shared_in), completed=True
            )
        return {"files": [ws.files[f.id].to_api() for f in done]}


# -- argument helpers ---------------------------------------------------------------------------


def _content(args: Args) -> tuple[str, list[JsonObject]]:
    text = args.text("text", "") or ""
    blocks = args.obj("blocks", "invalid_blocks") or []
    if not isinstance(blocks, list):
        raise ApiError("invalid_blocks")
    if not text and not blocks:
        raise ApiError("no_text")
    return text, blocks


def _metadata(args: Args) -> JsonObject | None:
    metadata = args.obj("metadata", "invalid_metadata_format")
    if metadata is None:
        return None
    if not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload"), dict)
    ):
        raise ApiError("invalid_metadata_format")
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


def _view(args: Args, *, expected_type: str) -> JsonObject:
    view = args.obj("view")
    if not isinstance(view, dict) or view.get("type") != expected_type:
        raise ApiError("invalid_arguments")
    return view


def _between(messages: list[Message], args: Args) -> list[Message]:
    oldest = float(args.text("oldest", "0") or 0)
    latest = float(args.text("latest", "inf") or "inf")
    inclusive = args.flag("inclusive")
    return [
        m
        for m in messages
        if (oldest <= float(m.ts) if inclusive else oldest < float(m.ts))
        and (float(m.ts) <= latest if inclusive else float(m.ts) < latest)
    ]


def _page(args: Args, total: int, *, default_limit: int) -> tuple[int, int]:
    start = args.number("cursor", 0)
    limit = args.number("limit", default_limit) or default_limit
    return min(start, total), max(1, min(limit, 1000))


def _next_cursor(next_start: int, total: int) -> JsonObject:
    return {"next_cursor": str(next_start) if next_start < total else ""}


def parse_api_args(query: str, body: bytes, content_type: str) -> tuple[JsonObject, str | None]:
    """The arguments of a Web API request (query string and form or JSON body), JSON-valued
    fields decoded, and the token if it came as an argument."""
    args: JsonObject = dict(parse_qsl(query, keep_blank_values=True))
    media_type = content_type.split(";")[0].strip().lower()
    if body:
        if media_type == "application/json":
            decoded = json.loads(body)
            if not isinstance(decoded, dict):
                raise ApiError("invalid_json")
            args.update(decoded)
        elif media_type == "multipart/form-data":
            raise ApiError("invalid_form_data")  # only the retired files.upload sends this
        else:
            args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    for name in _JSON_ARGS:
        if isinstance(args.get(name), str):
            # Left as a string if it does not decode; the method refuses it with its own error.
            with contextlib.suppress(json.JSONDecodeError):
                args[name] = json.loads(args[name])
    token = args.pop("token", None)
    return args, str(token) if token else None


def _basic_credentials(encoded: str) -> JsonObject:
    try:
        client_id, _, client_secret = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return {}
    return {"client_id": client_id, "client_secret": client_secret}


# -- HTTP plumbing ------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    emulator: Emulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up on a held answer (its timeout) has closed the connection.
        if isinstance(sys.exc_info()[1], ConnectionError):
            log.debug("emulator: %s hung up before the answer", client_address)
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("emulator: " + format, *args)

    def _route(self) -> None:
        emulator = self.server.emulator
        parts = urlsplit(self.path)
        body = self._read_body()
        if body is None:
            return
        section, _, name = parts.path.lstrip("/").partition("/")
        if section == "api" and name:
            self._api(emulator, name, parts.query, body)
        elif section == "upload" and self.command == "POST":
            if emulator.handle_upload(name, body):
                self._send(HTTPStatus.OK, f"OK - {len(body)}".encode(), "text/plain")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"file_not_found", "text/plain")
        elif section == "response" and self.command == "POST":
            self._response_url(emulator, name, body)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not_found", "text/plain")

    def _read_body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"too_large", "text/plain")
            return None
        return self.rfile.read(length) if length else b""

    def _api(self, emulator: Emulator, method: str, query: str, body: bytes) -> None:
        try:
            args, token = parse_api_args(query, body, self.headers.get("Content-Type", ""))
        except (ApiError, ValueError) as refused:
            code = refused.code if isinstance(refused, ApiError) else "invalid_json"
            self._send_json(HTTPStatus.OK, {"ok": False, "error": code})
            return
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            token = authorization.removeprefix("Bearer ").strip()
        elif authorization.startswith("Basic "):
            # How the SDK sends client_id/client_secret to oauth.v2.access.
            args.update(_basic_credentials(authorization.removeprefix("Basic ")))
        status, answer, headers = emulator.handle_api(method, args, token)
        self._send_json(status, answer, headers)

    def _response_url(self, emulator: Emulator, response_id: str, body: bytes) -> None:
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            self._send(HTTPStatus.BAD_REQUEST, b"invalid_payload", "text/plain")
            return
        refused = emulator.handle_response(response_id, payload)
        if refused is None:
            self._send(HTTPStatus.OK, b"ok", "text/plain")
        else:
            self._send(HTTPStatus.NOT_FOUND, refused.encode(), "text/plain")

    def _send_json(
        self, status: int, body: JsonObject, headers: Mapping[str, str] | None = None
    ) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json; charset=utf-8", headers)

    def _send(
        self,
        status: int,
        data: bytes,
        content_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
