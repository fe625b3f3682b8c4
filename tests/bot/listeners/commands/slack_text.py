"""Reading what Slack would show from a reply, and seeding a store-backed app, for the
`/target set`, `plan` and `status` tests."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from typing import Any

from bot.sandbox import Emulator
from bot.views.confirm import CONFIRM_BLOCK
from storage.members import member_by_slack_id
from storage.records import MemberRecord, Owner, TargetRecord
from storage.store import Store
from storage.targets import active_targets
from tests.bot.conftest import SlackReply, SlackTestClient


def block_texts(payload: Mapping[str, Any]) -> str:
    """The message's text and every block's text, as the user reads it."""
    texts = [str(payload.get("text", ""))]
    for block in payload.get("blocks") or []:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts.extend(element.get("text", "") for element in block.get("elements", []))
    return "\n".join(text if isinstance(text, str) else text.get("text", "") for text in texts)


def shown(reply: SlackReply) -> str:
    """What the user sees from an acknowledged command (always ephemeral here)."""
    assert reply.status == 200, reply.text
    answer = reply.json()
    assert answer.get("response_type", "ephemeral") == "ephemeral"
    return block_texts(answer)


def buttons(reply: SlackReply) -> dict[str, str]:
    """The confirmation buttons of a reply: action_id -> value."""
    for block in reply.json().get("blocks") or []:
        if block.get("block_id") == CONFIRM_BLOCK:
            return {e["action_id"]: e["value"] for e in block["elements"]}
    return {}


def click(
    slack: SlackTestClient, emulator: Emulator, *, user_id: str, action_id: str, value: str
) -> str:
    """Press a button under an ephemeral reply; returns the response_url the app answers on."""
    response_url = emulator.new_response_url(channel="C0SALES", user=user_id)
    reply = slack.interaction(
        {
            "type": "block_actions",
            "token": "legacy-verification-token",
            "user": {"id": user_id, "username": user_id.lower(), "team_id": emulator.team_id},
            "container": {
                "type": "message",
                "message_ts": f"{time.time():.6f}",
                "channel_id": "C0SALES",
                "is_ephemeral": True,
            },
            "trigger_id": f"{time.time_ns()}.trigger",
            "channel": {"id": "C0SALES", "name": "sales"},
            "response_url": response_url,
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": CONFIRM_BLOCK,
                    "value": value,
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
    )
    assert reply.status == 200, reply.text
    return response_url


def member(store: Store, workspace_id: str, slack_user_id: str) -> MemberRecord:
    with store.read() as session:
        found = member_by_slack_id(
            session=session, workspace_id=workspace_id, slack_user_id=slack_user_id
        )
    assert found is not None, slack_user_id
    return found


def targets_of(store: Store, workspace_id: str, slack_user_id: str) -> list[TargetRecord]:
    """The user's active targets; none when Summit has never seen them."""
    with store.read() as session:
        found = member_by_slack_id(
            session=session, workspace_id=workspace_id, slack_user_id=slack_user_id
        )
        if found is None:
            return []
        return active_targets(
            session=session, workspace_id=workspace_id, owner=Owner.member(found.id)
        )


def all_active(store: Store, workspace_id: str) -> list[TargetRecord]:
    with store.read() as session:
        return active_targets(session=session, workspace_id=workspace_id)


def dms(emulator: Emulator, user_ids: Iterable[str]) -> dict[str, list[str]]:
    """The texts the bot sent each user in their DM."""
    return {user: [message.text for message in emulator.messages_to(user)] for user in user_ids}


def pending(value: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(value)
    return decoded
