"""The sandbox's transcript: what the app did in Slack, printed as a Slack client shows it.

After each thing a person does, `show_new` reads what the emulator recorded since it last looked
(Web API calls, response_url posts) and prints each message with who sent it and where it
landed -- a DM, #channel, a thread, an ephemeral, the App Home, a modal -- numbering its buttons
so `:click N` can press them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from bot.sandbox.emulator import ApiCall, Emulator
from bot.sandbox.render import Button, render_message
from bot.sandbox.signed import SlackReply
from bot.sandbox.team import Team
from bot.sandbox.workspace import User


@dataclass(frozen=True)
class Clickable:
    """A button shown in the transcript and where it sits, so `:click N` can press it."""

    button: Button
    viewer: str  # who saw it: ephemerals and DMs are one person's
    channel: str | None = None
    message: Mapping[str, Any] | None = None
    ephemeral: bool = False
    view: Mapping[str, Any] | None = None


@dataclass
class Transcript:
    """Prints what happened in Slack since it last looked, as a Slack client would show it."""

    console: Console
    emulator: Emulator
    team: Team
    files_dir: Path
    buttons: dict[int, Clickable] = field(default_factory=dict)
    modal: Mapping[str, Any] | None = None  # the open modal, for `:submit`
    _calls_seen: int = 0
    _responses_seen: int = 0

    def catch_up(self) -> None:
        """Forget what happened before now (e.g. `auth.test` at start-up)."""
        self._calls_seen = len(self.emulator.calls())
        self._responses_seen = len(self.emulator.responses())

    def note(self, text: str | Text, style: str = "dim") -> None:
        # Plain strings become Text so brackets in them are never read as rich markup.
        shown = Text(text) if isinstance(text, str) else text
        self.console.print(shown, style=style, highlight=False, soft_wrap=True)

    def typed(self, person: User, where: str, line: str) -> None:
        self.console.print(
            Text.assemble((self._name(person.id), "bold"), f" in {where}: ", line),
            highlight=False,
            soft_wrap=True,
        )

    def command_reply(self, reply: SlackReply, person: User, channel: str) -> None:
        """The command's own answer: the HTTP body Slack shows to the person who typed it."""
        if reply.status != 200:
            self.note(f"  (Summit answered HTTP {reply.status}; Slack shows the user an error)")
            return
        if not reply.body.strip():
            return
        try:
            body = reply.json()
        except ValueError:
            body = {"text": reply.text}
        if not isinstance(body, dict):
            return
        if body.get("response_type") == "in_channel":
            where = self._where(channel)
        else:
            where = f"only visible to {self._name(person.id)} in {self._where(channel)}"
        self._message(where, body, viewer=person.id, channel=channel, ephemeral=True)

    def show_new(self) -> None:
        """Everything the app did in Slack since the last look, in order."""
        responses = self.emulator.responses()
        for post in responses[self._responses_seen :]:
            payload = post.payload
            if payload.get("delete_original"):
                self.note("  (Summit deleted the message)")
                continue
            if payload.get("response_type") == "in_channel":
                where = self._where(post.channel)
            elif payload.get("replace_original"):
                where = f"updates the message for {self._name(post.user)}"
            else:
                where = f"only visible to {self._name(post.user)} in {self._where(post.channel)}"
            self._message(where, payload, viewer=post.user or "", channel=post.channel)
        self._responses_seen = len(responses)
        calls = self.emulator.calls()
        for call in calls[self._calls_seen :]:
            self._call(call)
        self._calls_seen = len(calls)

    def _call(self, call: ApiCall) -> None:
        args = call.args
        if not call.ok:
            if call.method not in ("auth.test", "users.info", "conversations.info"):
                self.note(f"  (Slack refused {call.method}: {call.error})")
            return
        if call.method == "chat.postMessage":
            channel = str(call.response.get("channel", args.get("channel", "")))
            where = self._where(channel, thread=bool(args.get("thread_ts")))
            message = {**args, "ts": call.response.get("ts")}
            self._message(where, message, viewer=self._dm_user(channel), channel=channel)
        elif call.method == "chat.postEphemeral":
            channel = str(args.get("channel", ""))
            user = str(args.get("user", ""))
            where = f"only visible to {self._name(user)} in {self._where(channel)}"
            self._message(where, args, viewer=user, channel=channel, ephemeral=True)
        elif call.method == "chat.update":
            channel = str(args.get("channel", ""))
            message = {**args, "ts": args.get("ts")}
            where = f"edited its message in {self._where(channel)}"
            self._message(where, message, viewer=self._dm_user(channel), channel=channel)
        elif call.method == "chat.delete":
            self.note(f"  (Summit deleted a message in {self._where(str(args.get('channel')))})")
        elif call.method == "views.publish":
            user = str(args.get("user_id", ""))
            view = {**(args.get("view") or {}), **(call.response.get("view") or {})}
            self._message(f"App Home of {self._name(user)}", view, viewer=user, view=view)
        elif call.method in ("views.open", "views.push", "views.update"):
            view = {**(args.get("view") or {}), **(call.response.get("view") or {})}
            self.show_modal(view)
        elif call.method == "files.completeUploadExternal":
            for saved in self._save_files(args.get("files") or ()):
                self.note(Text.assemble("  Summit uploaded a file, saved as ", (saved, "bold")))

    def show_modal(self, view: Mapping[str, Any]) -> None:
        self.modal = view
        title = (view.get("title") or {}).get("text", "")
        self._message(f"a modal: {title} (:submit to send it)", view, viewer="", view=view)

    def _message(
        self,
        where: str,
        message: Mapping[str, Any],
        *,
        viewer: str,
        channel: str | None = None,
        ephemeral: bool = False,
        view: Mapping[str, Any] | None = None,
    ) -> None:
        rendered = render_message(
            message.get("blocks"),
            text=str(message.get("text") or ""),
            names=self.team.names(),
            first_button=len(self.buttons) + 1,
        )
        for button in rendered.buttons:
            self.buttons[button.number] = Clickable(
                button, viewer, channel, message, ephemeral=ephemeral, view=view
            )
        self.console.print(
            Text.assemble("  ", ("Summit", "bold magenta"), " → ", (where, "italic")),
            highlight=False,
            soft_wrap=True,
        )
        self.console.print(indent(rendered.text, 4), highlight=False, soft_wrap=True)

    def _save_files(self, files: Iterable[Mapping[str, Any]]) -> Iterator[str]:
        by_id = {uploaded.id: uploaded for uploaded in self.emulator.uploaded_files()}
        for entry in files:
            uploaded = by_id.get(str(entry.get("id")))
            if uploaded is None or uploaded.content is None:
                continue
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / Path(uploaded.filename).name
            path.write_bytes(uploaded.content)
            yield str(path)

    def _name(self, user_id: str | None) -> str:
        return self.team.names().get(user_id or "", user_id or "someone")

    def _dm_user(self, channel_id: str) -> str:
        channel = self.emulator.workspace.channels.get(channel_id)
        return channel.user or "" if channel is not None and channel.is_im else ""

    def _where(self, channel_id: str | None, *, thread: bool = False) -> str:
        channel = self.emulator.workspace.channels.get(channel_id or "")
        if channel is not None and channel.is_im:
            where = f"DM to {self._name(channel.user)}"
        elif channel is not None:
            where = f"#{channel.name}"
        else:
            where = channel_id or "?"
        return f"a thread in {where}" if thread else where


def indent(text: Text, spaces: int) -> Text:
    """Every line of `text` indented; no padding to the terminal's width, so a transcript
    piped to a file has no trailing blanks."""
    prefix = Text(" " * spaces)
    return Text("\n").join(prefix + line for line in text.split("\n", allow_blank=True))
