"""The prompt's modals and the messages their submissions send, built from plain data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.i18n import LANGS, Lang
from bot.views.modals import (
    AMOUNT_BLOCK,
    CALLS_BLOCK,
    HELP_BLOCK,
    NOTE_BLOCK,
    REASON_BLOCK,
    VISITS_BLOCK,
    PromptRef,
    build_away_modal,
    build_away_text,
    build_help_modal,
    build_help_request_text,
    build_log_modal,
    build_notice_modal,
)
from tests.bot.views.standings import standing_of

PROMPT = PromptRef(date(2026, 3, 11), "D0LEI", "1773190800.000100")
BUILDERS = (build_log_modal, build_away_modal, build_help_modal)


def input_ids(view: dict[str, object]) -> list[str]:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    return [block["block_id"] for block in blocks if block["type"] == "input"]


def test_the_log_modal_asks_for_amount_visits_calls_and_a_note_for_the_prompts_day() -> None:
    view = build_log_modal("en", PROMPT)

    assert input_ids(view) == [AMOUNT_BLOCK, VISITS_BLOCK, CALLS_BLOCK, NOTE_BLOCK]
    optional = {b["block_id"]: b["optional"] for b in view["blocks"] if b["type"] == "input"}
    assert optional == {
        AMOUNT_BLOCK: False,
        VISITS_BLOCK: True,
        CALLS_BLOCK: True,
        NOTE_BLOCK: True,
    }
    assert "Wed Mar 11" in view["blocks"][0]["text"]["text"]
    assert PromptRef.decode(view["private_metadata"]) == PROMPT


def test_the_away_and_help_modals_ask_one_thing_each() -> None:
    away, help_ = build_away_modal("zh-Hans", PROMPT), build_help_modal("zh-Hans", PROMPT)

    assert input_ids(away) == [REASON_BLOCK]
    assert away["blocks"][1]["optional"] is True
    assert input_ids(help_) == [HELP_BLOCK]
    assert help_["blocks"][1]["optional"] is False


@pytest.mark.parametrize("lang", LANGS)
def test_modal_titles_and_buttons_fit_slacks_24_characters(lang: Lang) -> None:
    for build in BUILDERS:
        view = build(lang, PROMPT)
        for part in ("title", "submit", "close"):
            assert 0 < len(view[part]["text"]) <= 24, (build.__name__, part)


def test_a_prompt_reference_survives_the_round_trip_and_rejects_anything_else() -> None:
    assert PromptRef.decode(PromptRef(date(2027, 1, 6)).encode()) == PromptRef(date(2027, 1, 6))
    for bad in ("", "{}", '{"day": "someday"}', "[1]", "null"):
        with pytest.raises(ValueError, match="not a prompt reference"):
            PromptRef.decode(bad)


def test_a_notice_modal_can_only_be_closed() -> None:
    view = build_notice_modal("en", "Need help", "You have no manager.")

    assert "submit" not in view
    assert view["close"]["text"] == "Close"


def test_the_managers_message_quotes_the_rep_and_gives_their_pace() -> None:
    behind = {date(2026, 3, 2): Decimal("10000")}
    standing = standing_of("220000", behind, today=date(2026, 3, 4), currency="USD")

    text = build_help_request_text(
        "en",
        user_id="U02LILEI",
        day=date(2026, 3, 4),
        request="Acme wants a discount.\nCan you join Thursday?",
        standing=standing,
    )

    assert text.splitlines() == [
        ":sos: <@U02LILEI> asks for your help (Wed Mar 4):",
        "> Acme wants a discount.",
        "> Can you join Thursday?",
        "2026-03: $10k of $220k (4.5%), behind plan by $10k.",
    ]


def test_the_away_answer_gives_the_next_working_days_number() -> None:
    standing = standing_of("220000", {}, today=date(2026, 3, 11))

    text = build_away_text(
        "zh-Hans",
        day=date(2026, 3, 11),
        added=True,
        next_day=date(2026, 3, 12),
        next_amount=Decimal("10476.19"),
        standing=standing,
    )

    assert text.splitlines() == [
        ":palm_tree: 已把 3月11日（周三） 标记为不在岗：这一天没有目标。",
        "你的下一个工作日 3月12日（周四） 现在需要 ¥1.05万。",
    ]
