"""The Home tab built from plain data."""

from __future__ import annotations

import json

from bot.views.home import HomeData, build_home_view


def test_home_welcomes_the_user_and_lists_the_commands() -> None:
    view = build_home_view(HomeData(user_id="U01ALICE", lang="en"))

    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    assert view["blocks"][0]["text"]["text"] == "Welcome, <@U01ALICE>! :wave:"
    assert "/target set AMOUNT PERIOD" in json.dumps(view)


def test_home_speaks_the_users_language() -> None:
    view = build_home_view(HomeData(user_id="U03HANMEI", lang="zh-Hant"))

    assert view["blocks"][0]["text"]["text"].startswith("歡迎")
    assert "/target 設定" in json.dumps(view, ensure_ascii=False)
