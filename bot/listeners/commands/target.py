"""`/target`: acknowledge within Slack's 3 seconds and hand the line to its subcommand."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Literal

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.i18n import Lang, t
from bot.listeners.commands.grammar import CommandLine, Subcommand, parse_command_line
from bot.listeners.language import NOT_READ
from bot.services.context import REQUESTER, Requester, read_requester
from bot.views.help import build_help_blocks, help_text

if TYPE_CHECKING:
    from bot.app import Deps


@dataclass(frozen=True)
class CommandRequest:
    """One `/target` invocation, parsed, with the user's language and the request's clients."""

    line: CommandLine
    lang: Lang
    now: datetime
    team_id: str | None
    user_id: str
    channel_id: str | None
    respond: Respond
    client: WebClient
    trigger_id: str | None = None  # unique per invocation: the idempotency key of a logged entry
    known: Requester | None = None  # the requester as stored, read before the subcommand ran


@dataclass(frozen=True)
class Reply:
    """The answer to acknowledge a command with; Slack shows it to the user at once.

    Subcommands return their answer rather than calling `ack` themselves: a listener that
    acknowledges and then raises can race Bolt into answering Slack 404 (its error path resets
    the acknowledgement), whereas a failure before the ack becomes the friendly apology."""

    text: str
    blocks: list[dict[str, Any]] | None = None
    response_type: Literal["ephemeral", "in_channel"] = "ephemeral"
    # Work the user need not wait for (e.g. DMs to others), run once the answer is sent. It
    # must not raise: the acknowledgement is already out.
    after: Callable[[], None] | None = None


SubcommandHandler = Callable[[CommandRequest, "Deps"], Reply]


def show_help(request: CommandRequest, deps: Deps) -> Reply:
    return Reply(text=help_text(request.lang), blocks=build_help_blocks(request.lang))


def unknown_subcommand(request: CommandRequest, deps: Deps) -> Reply:
    return Reply(text=t(request.lang, "command.unknown", word=request.line.word))


# Subcommand modules import CommandRequest and Reply from this module, so they are imported once
# those exist (the package imports this module first, whichever subcommand is asked for).
from bot.listeners.commands.away import away_command  # noqa: E402
from bot.listeners.commands.log import log_entry, undo_entry  # noqa: E402
from bot.listeners.commands.manager import manager_command  # noqa: E402
from bot.listeners.commands.milestone import milestone_command  # noqa: E402
from bot.listeners.commands.plan import show_plan  # noqa: E402
from bot.listeners.commands.set import set_target  # noqa: E402
from bot.listeners.commands.settings import settings_command  # noqa: E402
from bot.listeners.commands.split import split_command  # noqa: E402
from bot.listeners.commands.status import show_status  # noqa: E402
from bot.listeners.commands.team import team_command  # noqa: E402

# Subcommands not built yet answer politely; replace each entry as its handler lands.
DEFAULT_SUBCOMMANDS: Final[Mapping[Subcommand, SubcommandHandler]] = {
    Subcommand.SET: set_target,
    Subcommand.LOG: log_entry,
    Subcommand.UNDO: undo_entry,
    Subcommand.STATUS: show_status,
    Subcommand.PLAN: show_plan,
    Subcommand.SPLIT: split_command,
    Subcommand.TEAM: team_command,
    Subcommand.MANAGER: manager_command,
    Subcommand.MILESTONE: milestone_command,
    Subcommand.AWAY: away_command,
    Subcommand.SETTINGS: settings_command,
    Subcommand.HELP: show_help,
}


def build_target_listener(
    deps: Deps, subcommands: Mapping[Subcommand, SubcommandHandler]
) -> Callable[..., None]:
    def target_command(
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        line = parse_command_line(command.get("text") or "")
        user_id = command["user_id"]
        team_id = command.get("team_id")
        now = deps.clock()
        # One read for both the answer's language and (in the subcommand) who is asking; over
        # HTTP it was done with the replay check (bot.listeners.replay).
        known: Requester | None = context.get(REQUESTER)
        if known is None and deps.store and team_id:
            known = read_requester(deps.store, team_id, user_id)
        request = CommandRequest(
            line=line,
            lang=deps.languages.lang_for(
                client,
                user_id,
                now=now,
                team_id=team_id,
                workspace=known.workspace if known is not None else NOT_READ,
            ),
            now=now,
            team_id=team_id,
            user_id=user_id,
            channel_id=command.get("channel_id"),
            respond=respond,
            client=client,
            trigger_id=command.get("trigger_id"),
            known=known,
        )
        handler = subcommands.get(line.subcommand) if line.subcommand else None
        reply = (handler or unknown_subcommand)(request, deps)
        ack(text=reply.text, blocks=reply.blocks, response_type=reply.response_type)
        if reply.after is not None:
            reply.after()

    return target_command
