"""The `/target split` modal's structure: live validation wired on every field, Slack's limits
kept, the preview exact to the cent, in every language."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from bot.core.dimensions import Dimension
from bot.core.periods import Period
from bot.i18n import LANGS, Lang
from bot.views.split import (
    ACTIONS,
    PARTS_BLOCK,
    PREVIEW_BLOCK,
    Preview,
    SplitFormState,
    TargetChoice,
    build_done_modal,
    build_split_modal,
)

Q1 = Period(date(2027, 1, 1), date(2027, 3, 31), "2027Q1")
CHOICES = [
    TargetChoice(7, Decimal("5000000.00"), "CNY", Q1, owner="", part=None),
    TargetChoice(9, Decimal("2000000.00"), "CNY", Q1, owner="华东一组", part="华东"),
]


def by_id(view: dict[str, object], block_id: str) -> dict[str, object]:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    found: dict[str, object] = next(b for b in blocks if b.get("block_id") == block_id)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_field_reports_each_change_and_the_modal_fits_slacks_limits(lang: Lang) -> None:
    state = SplitFormState(9, Dimension.CHANNEL, "amount", "")
    view = build_split_modal(lang, choices=CHOICES, state=state)

    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["element"]["action_id"] for b in inputs] == list(ACTIONS)
    assert all(b["dispatch_action"] for b in inputs)
    parts = by_id(view, PARTS_BLOCK)["element"]
    assert parts["dispatch_action_config"] == {"trigger_actions_on": ["on_character_entered"]}  # type: ignore[index]
    assert len(view["title"]["text"]) <= 24
    assert len(view["submit"]["text"]) <= 24
    selects = [b["element"] for b in inputs if b["element"]["type"] == "static_select"]
    assert [s["initial_option"]["value"] for s in selects] == ["9", "channel", "amount"]
    assert all(len(o["text"]["text"]) <= 75 for s in selects for o in s["options"])
    assert json.loads(view["private_metadata"]) == [7, 9]


def test_the_target_choices_name_the_team_and_the_part() -> None:
    view = build_split_modal(
        "zh-Hans", choices=CHOICES, state=SplitFormState(7, Dimension.REGION, "percent", "")
    )

    target = view["blocks"][0]["element"]
    assert [o["text"]["text"] for o in target["options"]] == [
        "2027Q1 · ¥500万",
        "2027Q1 · ¥200万 · 华东 · 团队 华东一组",
    ]


def test_the_preview_shows_every_part_exact_to_the_cent() -> None:
    state = SplitFormState(7, Dimension.REGION, "percent", "华东 1, 华南 1, 华北 1")
    parts = [
        ("华东", Decimal("1666666.67")),
        ("华南", Decimal("1666666.67")),
        ("华北", Decimal("1666666.66")),
    ]
    view = build_split_modal(
        "en", choices=CHOICES, state=state, preview=Preview(Decimal("5000000.00"), "CNY", parts)
    )

    text = by_id(view, PREVIEW_BLOCK)["text"]["text"]  # type: ignore[index]
    assert text.splitlines() == [
        "*¥5M* by Region, 3 parts:",
        "• 华东: *¥1.67M* (1,666,666.67)",
        "• 华南: *¥1.67M* (1,666,666.67)",
        "• 华北: *¥1.67M* (1,666,666.66)",
    ]


def test_an_error_replaces_the_preview_and_reps_show_as_mentions() -> None:
    state = SplitFormState(7, Dimension.REP, "percent", "x")
    failed = build_split_modal("en", choices=CHOICES, state=state, error="Shares add to 75%.")
    done = build_done_modal(
        "zh-Hant",
        state=state,
        preview=Preview(Decimal("100.00"), None, [("U02LILEI", Decimal("100.00"))]),
    )

    assert by_id(failed, PREVIEW_BLOCK)["text"]["text"] == ":warning: Shares add to 75%."  # type: ignore[index]
    assert "• <@U02LILEI>：*100*（100.00）" in done["blocks"][0]["text"]["text"]
    assert "submit" not in done
