"""manifest.yml is complete and true: every Web API method the code calls is covered by a bot
scope, every event the app listens to is subscribed, and the URLs point where `summit serve`
listens."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient

from bot.listeners.commands import COMMAND
from bot.server import EVENTS_PATH

ROOT = Path(__file__).resolve().parents[1]
# The emulator stands in for Slack; its docstrings show client calls but it makes none.
NOT_SLACK_CALLERS = (ROOT / "bot" / "sandbox",)

# Which bot scopes grant each Web API method (any one suffices); empty: no scope needed.
SCOPES_FOR: dict[str, set[str]] = {
    "auth.test": set(),
    "team.info": {"team:read"},
    "users.info": {"users:read"},
    "users.list": {"users:read"},
    "conversations.open": {"im:write", "mpim:write"},
    "conversations.info": {"channels:read", "groups:read", "im:read", "mpim:read"},
    "conversations.history": {
        "channels:history",
        "groups:history",
        "im:history",
        "mpim:history",
    },
    "conversations.replies": {
        "channels:history",
        "groups:history",
        "im:history",
        "mpim:history",
    },
    "chat.postMessage": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.delete": {"chat:write"},
    "chat.scheduleMessage": {"chat:write"},
    "chat.deleteScheduledMessage": {"chat:write"},
    "views.publish": set(),
    "views.open": set(),
    "views.update": set(),
    "views.push": set(),
    "files.upload_v2": {"files:write"},
    "files.getUploadURLExternal": {"files:write"},
    "files.completeUploadExternal": {"files:write"},
    "reactions.add": {"reactions:write"},
}

# Which subscription delivers each event type Bolt listens for, and the scope it needs.
SUBSCRIPTIONS_FOR: dict[str, set[str]] = {
    "message": {"message.im", "message.channels", "message.groups", "message.mpim"},
}
SCOPE_FOR_SUBSCRIPTION: dict[str, str | None] = {
    "app_home_opened": None,
    "app_mention": "app_mentions:read",
    "app_uninstalled": None,
    "tokens_revoked": None,
    "message.im": "im:history",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.mpim": "mpim:history",
}

WEB_CLIENT_METHODS = {
    name for name, value in vars(WebClient).items() if callable(value) and "_" in name.strip("_")
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def bot_source() -> str:
    files = [
        path
        for path in sorted((ROOT / "bot").rglob("*.py"))
        if not any(path.is_relative_to(skip) for skip in NOT_SLACK_CALLERS)
    ]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def web_api_methods_called(source: str) -> set[str]:
    """`client.users_info(` and the like, `.api_call("users.info"`, and Bolt's `say(`."""
    called = {
        name.replace("_", ".", 1)
        for name in re.findall(r"\.([A-Za-z]+_[A-Za-z0-9_]+)\(", source)
        if name in WEB_CLIENT_METHODS
    }
    called |= set(re.findall(r"\.api_call\(\s*[\"']([\w.]+)[\"']", source))
    if re.search(r"\bsay\(", source):
        called.add("chat.postMessage")
    return called


def events_listened_to(source: str) -> set[str]:
    found = set(re.findall(r"\.event\(\s*[\"'](\w+)[\"']", source))
    if re.search(r"\.message\(", source):
        found.add("message")
    return found


def test_the_scan_finds_what_the_app_is_known_to_call() -> None:
    called = web_api_methods_called(bot_source())

    # A failing scan would pass every other test vacuously.
    assert {"users.info", "views.publish", "chat.postMessage", "chat.postEphemeral"} <= called
    assert {"app_home_opened", "app_mention", "message"} <= events_listened_to(bot_source())


def test_every_web_api_method_called_is_covered_by_a_bot_scope(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])

    for method in sorted(web_api_methods_called(bot_source())):
        assert method in SCOPES_FOR, f"{method}: add it to SCOPES_FOR with the scopes it needs"
        needed = SCOPES_FOR[method]
        assert not needed or needed & scopes, f"{method} needs one of {sorted(needed)}"


def test_every_event_listened_to_is_subscribed(manifest: dict[str, Any]) -> None:
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])

    for event in sorted(events_listened_to(bot_source())):
        delivered_by = SUBSCRIPTIONS_FOR.get(event, {event})
        assert delivered_by & subscribed, f"{event} is listened to but not subscribed"


def test_every_subscribed_event_has_its_scope(manifest: dict[str, Any]) -> None:
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])

    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert event in SCOPE_FOR_SUBSCRIPTION, f"{event}: add it to SCOPE_FOR_SUBSCRIPTION"
        needed = SCOPE_FOR_SUBSCRIPTION[event]
        assert needed is None or needed in scopes, f"{event} needs {needed}"


def test_the_slash_command_is_declared_with_escaping(manifest: dict[str, Any]) -> None:
    [command] = manifest["features"]["slash_commands"]

    assert command["command"] == COMMAND
    assert command["should_escape"] is True
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"]


def test_requests_go_to_the_path_summit_serves(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    urls = [
        manifest["features"]["slash_commands"][0]["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]

    assert all(url.endswith(EVENTS_PATH) for url in urls)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False


def test_home_tab_and_dm_are_both_enabled(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]

    assert home["home_tab_enabled"] is True
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False


def test_the_manifest_uses_slacks_schema_basics(manifest: dict[str, Any]) -> None:
    assert manifest["_metadata"] == {"major_version": 1, "minor_version": 1}
    info = manifest["display_information"]
    assert len(info["name"]) <= 35
    assert len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert len(manifest["features"]["bot_user"]["display_name"]) <= 80
