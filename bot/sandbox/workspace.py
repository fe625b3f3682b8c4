"""The state of a loopback Slack workspace: team, people, conversations, messages, views, files.

Plain data and the rules Slack applies to it (unknown ids, threads, DM ids), with no HTTP. The
emulator serialises access; nothing here takes a lock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

JsonObject = dict[str, Any]


class ApiError(Exception):
    """A Web API call Slack would refuse with `{"ok": false, "error": code}`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class User:
    """A member of the workspace, with the profile fields Summit reads."""

    id: str
    name: str
    real_name: str = ""
    tz: str = "Asia/Shanghai"
    tz_offset: int = 8 * 3600
    locale: str = "en-US"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False

    def to_api(self, team_id: str, *, include_locale: bool = False) -> JsonObject:
        real_name = self.real_name or self.name
        data: JsonObject = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "real_name": real_name,
            "deleted": self.deleted,
            "tz": self.tz,
            "tz_offset": self.tz_offset,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_bot": self.is_bot,
            "profile": {"real_name": real_name, "display_name": self.name},
        }
        if include_locale:
            data["locale"] = self.locale
        return data


@dataclass(frozen=True)
class Channel:
    """A public or private channel, a DM (`is_im`, with `user`) or a group DM (`is_mpim`)."""

    id: str
    name: str = ""
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    user: str | None = None
    members: tuple[str, ...] = ()

    def to_api(self) -> JsonObject:
        data: JsonObject = {"id": self.id, "is_im": self.is_im, "is_mpim": self.is_mpim}
        if self.is_im:
            data["user"] = self.user
            data["is_open"] = True
        else:
            data |= {
                "name": self.name,
                "is_channel": not self.is_private and not self.is_mpim,
                "is_group": self.is_private,
                "is_private": self.is_private or self.is_mpim,
                "is_member": True,
                "num_members": len(self.members),
            }
        return data


@dataclass(frozen=True)
class Message:
    """A message kept in a conversation's history; `thread_ts` set (and != ts) for a reply."""

    channel: str
    ts: str
    text: str
    user: str
    blocks: tuple[JsonObject, ...] = ()
    thread_ts: str | None = None
    metadata: JsonObject | None = None
    bot_id: str | None = None
    reply_broadcast: bool = False
    files: tuple[str, ...] = ()
    edited: bool = False

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    def to_api(self, *, include_metadata: bool = True, reply_count: int = 0) -> JsonObject:
        data: JsonObject = {"type": "message", "ts": self.ts, "text": self.text, "user": self.user}
        if self.bot_id:
            data["bot_id"] = self.bot_id
        if self.blocks:
            data["blocks"] = list(self.blocks)
        if self.thread_ts:
            data["thread_ts"] = self.thread_ts
        if reply_count:
            data["reply_count"] = reply_count
        if self.files:
            data["files"] = [{"id": file_id} for file_id in self.files]
        if self.edited:
            data["edited"] = {"user": self.user, "ts": self.ts}
        if include_metadata and self.metadata is not None:
            data["metadata"] = self.metadata
        return data


@dataclass(frozen=True)
class Ephemeral:
    """A message only `user` saw, in `channel`; Slack keeps no history of these."""

    channel: str
    user: str
    text: str
    blocks: tuple[JsonObject, ...] = ()
    thread_ts: str | None = None
    ts: str = ""


@dataclass(frozen=True)
class View:
    """A published Home tab or an open modal."""

    id: str
    type: str
    view: JsonObject
    user: str | None = None
    external_id: str | None = None

    def to_api(self, team_id: str) -> JsonObject:
        data: JsonObject = dict(self.view)
        data |= {"id": self.id, "team_id": team_id, "type": self.type}
        if self.external_id:
            data["external_id"] = self.external_id
        return data


@dataclass(frozen=True)
class UploadedFile:
    """A file going through getUploadURLExternal -> upload -> completeUploadExternal."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str = ""
    channels: tuple[str, ...] = ()
    completed: bool = False

    def to_api(self) -> JsonObject:
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": len(self.content or b""),
            "channels": list(self.channels),
        }


@dataclass(frozen=True)
class ResponsePost:
    """One POST the app made to a slash command's or an action's `response_url`."""

    response_id: str
    channel: str | None
    user: str | None
    payload: JsonObject

    @property
    def text(self) -> str:
        return str(self.payload.get("text", ""))


@dataclass
class ResponseUrl:
    """A `response_url` handed to the app: Slack honours 5 uses within 30 minutes."""

    id: str
    channel: str | None
    user: str | None
    issued_at: float
    uses: int = 0


@dataclass
class Workspace:
    """One team's data. `clock` gives wall-clock seconds and drives message timestamps."""

    team_id: str
    team_name: str
    domain: str
    bot: User
    bot_id: str
    clock: Callable[[], float]
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    history: dict[str, list[Message]] = field(default_factory=dict)
    ephemerals: list[Ephemeral] = field(default_factory=list)
    home_views: dict[str, View] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    response_urls: dict[str, ResponseUrl] = field(default_factory=dict)
    responses: list[ResponsePost] = field(default_factory=list)
    _last_ts_micros: int = 0
    _counter: int = 0

    def __post_init__(self) -> None:
        self.users.setdefault(self.bot.id, self.bot)

    # -- ids and timestamps -------------------------------------------------------------------

    def next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter:08d}"

    def next_ts(self) -> str:
        """Slack's message id: post time to the microsecond, unique and increasing."""
        micros = max(int(self.clock() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        seconds, fraction = divmod(micros, 1_000_000)
        return f"{seconds}.{fraction:06d}"

    # -- people and conversations -------------------------------------------------------------

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def add_channel(self, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        self.history.setdefault(channel.id, [])
        return channel

    def user(self, user_id: str | None) -> User:
        if not user_id or user_id not in self.users:
            raise ApiError("user_not_found")
        return self.users[user_id]

    def channel(self, channel_id: str | None, *, user_means_dm: bool = False) -> Channel:
        """A conversation by id. Where Slack lets a user id stand for the bot's DM with that user
        (posting), `user_means_dm` does the same."""
        if user_means_dm and channel_id and channel_id in self.users:
            return self.open_dm(channel_id)
        if not channel_id or channel_id not in self.channels:
            raise ApiError("channel_not_found")
        return self.channels[channel_id]

    def open_dm(self, user_id: str) -> Channel:
        """The bot's DM with a user. Its id is derived from the user id, so it never changes."""
        user = self.user(user_id)
        dm_id = "D" + user.id[1:]
        if dm_id not in self.channels:
            self.add_channel(Channel(id=dm_id, is_im=True, user=user.id, members=(user.id,)))
        return self.channels[dm_id]

    def open_group_dm(self, user_ids: Sequence[str]) -> Channel:
        members = tuple(sorted(self.user(user_id).id for user_id in user_ids))
        for channel in self.channels.values():
            if channel.is_mpim and channel.members == members:
                return channel
        name = "mpdm-" + "--".join(self.users[member].name for member in members)
        return self.add_channel(
            Channel(id=self.next_id("G"), name=name, is_mpim=True, members=members)
        )

    # -- messages -----------------------------------------------------------------------------

    def post(
        self,
        *,
        channel_id: str | None,
        user: str,
        text: str,
        blocks: Sequence[JsonObject] = (),
        thread_ts: str | None = None,
        metadata: JsonObject | None = None,
        bot_id: str | None = None,
        reply_broadcast: bool = False,
        files: Sequence[str] = (),
    ) -> Message:
        channel = self.channel(channel_id, user_means_dm=True)
        message = Message(
            channel=channel.id,
            ts=self.next_ts(),
            text=text,
            user=user,
            blocks=tuple(blocks),
            thread_ts=thread_ts,
            metadata=metadata,
            bot_id=bot_id,
            reply_broadcast=reply_broadcast,
            files=tuple(files),
        )
        self.history[channel.id].append(message)
        return message

    def message(self, channel_id: str | None, ts: str | None) -> Message:
        channel = self.channel(channel_id)
        for message in self.history[channel.id]:
            if message.ts == ts:
                return message
        raise ApiError("message_not_found")

    def update(self, channel_id: str | None, ts: str | None, **changes: Any) -> Message:
        old = self.message(channel_id, ts)
        new = dataclasses.replace(old, edited=True, **changes)
        messages = self.history[old.channel]
        messages[messages.index(old)] = new
        return new

    def delete(self, channel_id: str | None, ts: str | None) -> Message:
        old = self.message(channel_id, ts)
        self.history[old.channel].remove(old)
        return old

    def reply_count(self, message: Message) -> int:
        return sum(
            1 for m in self.history[message.channel] if m.is_reply and m.thread_ts == message.ts
        )

    def top_level(self, channel_id: str | None) -> list[Message]:
        """A channel's history as `conversations.history` sees it: no thread replies but
        those also sent to the channel."""
        channel = self.channel(channel_id)
        return [m for m in self.history[channel.id] if not m.is_reply or m.reply_broadcast]

    def thread(self, channel_id: str | None, ts: str | None) -> list[Message]:
        channel = self.channel(channel_id)
        found = [m for m in self.history[channel.id] if m.ts == ts]
        if not found:
            raise ApiError("thread_not_found")
        root_ts = found[0].thread_ts or found[0].ts
        return [m for m in self.history[channel.id] if (m.thread_ts or m.ts) == root_ts]

    # -- response_url -------------------------------------------------------------------------

    def issue_response_url(self, *, channel: str | None, user: str | None) -> ResponseUrl:
        url = ResponseUrl(id=self.next_id("R"), channel=channel, user=user, issued_at=self.clock())
        self.response_urls[url.id] = url
        return url

    def accept_response(self, response_id: str, payload: Mapping[str, Any]) -> ResponsePost:
        url = self.response_urls.get(response_id)
        if url is None or self.clock() - url.issued_at > 30 * 60:
            raise ApiError("expired_url")
        if url.uses >= 5:
            raise ApiError("used_url")
        url.uses += 1
        post = ResponsePost(
            response_id=response_id, channel=url.channel, user=url.user, payload=dict(payload)
        )
        self.responses.append(post)
        if payload.get("response_type") == "in_channel" and url.channel:
            self.post(
                channel_id=url.channel,
                user=self.bot.id,
                bot_id=self.bot_id,
                text=str(payload.get("text", "")),
                blocks=payload.get("blocks") or (),
            )
        return post
