"""`/target team` (团队): show the team; `add @a @b` (添加), `remove @a` (移除), `channel #sales`
(频道). Changes are for managers and admins."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.context import Actor, UnusableUserError, ensure_members
from bot.services.targets import BROADCAST, MENTION
from bot.services.teams import (
    CHANNEL,
    Refused,
    add_to_team,
    remove_from_team,
    set_team_channel,
    view_team,
)
from bot.views.team import build_team_blocks, team_text
from storage.records import MemberRecord

if TYPE_CHECKING:
    from bot.app import Deps

Verb = Literal["add", "remove", "channel"]

VERBS: Final[Mapping[str, Verb]] = {
    "add": "add",
    "添加": "add",
    "加": "add",
    "加入": "add",
    "remove": "remove",
    "rm": "remove",
    "移除": "remove",
    "删除": "remove",
    "刪除": "remove",
    "channel": "channel",
    "频道": "channel",
    "頻道": "channel",
}


def team_command(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    word, _, rest = request.line.rest.partition(" ")
    if not word:
        view = view_team(
            store=store_of(deps),
            actor=actor,
            now=request.now,
            fallback_tz=deps.settings.summit_tz,
        )
        if view is None:
            key = "team.none.manager" if actor.is_manager else "team.none.rep"
            return Reply(text=t(lang, key))
        return Reply(text=team_text(lang, view), blocks=build_team_blocks(lang, view))
    verb = VERBS.get(word.casefold())
    if verb is None:
        return Reply(text=t(lang, "team.usage"))
    try:
        if verb == "channel":
            return _set_channel(request, deps, actor, rest.strip())
        return _change_members(request, deps, actor, verb, rest)
    except Refused as refused:
        return Reply(text=refusal_text(lang, refused.refusal))


def _change_members(
    request: CommandRequest, deps: Deps, actor: Actor, verb: Verb, text: str
) -> Reply:
    lang = actor.lang
    if not actor.is_manager:
        raise Refused("team.refused.not_manager")
    broadcast = BROADCAST.search(text)
    if broadcast:
        return Reply(text=t(lang, "team.mention.broadcast", text=broadcast.group(0)))
    user_ids = list(dict.fromkeys(MENTION.findall(text)))
    if not user_ids:
        return Reply(text=t(lang, "team.usage"))
    try:
        found = ensure_members(
            store=store_of(deps),
            client=request.client,
            workspace_id=actor.workspace.id,
            slack_user_ids=user_ids,
            now=request.now,
            actor=actor.member.slack_user_id,
        )
    except UnusableUserError as error:
        return Reply(text=t(lang, f"set.user.{error.reason}", user=error.user_id))
    members = [found[user] for user in user_ids]
    change = add_to_team if verb == "add" else remove_from_team
    team = change(store=store_of(deps), actor=actor, members=members, now=request.now)
    return Reply(
        text=t(
            lang,
            f"team.{verb}.done",
            users=_mentions(members),
            team=team.name,
            count=len(team.member_ids),
        )
    )


def _set_channel(request: CommandRequest, deps: Deps, actor: Actor, text: str) -> Reply:
    lang = actor.lang
    if not actor.is_manager:
        raise Refused("team.refused.not_manager")
    match = CHANNEL.fullmatch(text)
    if match is None:
        return Reply(text=t(lang, "team.channel.usage", text=text or "…"))
    channel_id = match.group(1)
    problem = _channel_problem(request.client, channel_id)
    if problem is not None:
        return Reply(text=t(lang, f"team.channel.{problem}", channel=channel_id))
    team = set_team_channel(
        store=store_of(deps), actor=actor, channel_id=channel_id, now=request.now
    )
    return Reply(text=t(lang, "team.channel.done", channel=channel_id, team=team.name))


def _channel_problem(client: WebClient, channel_id: str) -> str | None:
    """Why the bot could not post the team's reviews in the channel, if it could not."""
    try:
        response = client.conversations_info(channel=channel_id)
    except SlackApiError:
        return "unknown"
    channel = response.get("channel") or {}
    if channel.get("is_im") or channel.get("is_mpim"):
        return "not_channel"
    if channel.get("is_archived"):
        return "archived"
    if not channel.get("is_member"):
        return "not_member"
    return None


def _mentions(members: list[MemberRecord]) -> str:
    return ", ".join(f"<@{member.slack_user_id}>" for member in members)
