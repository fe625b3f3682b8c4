"""Block Kit drawn as a Slack client shows it, for the sandbox transcript."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from bot.sandbox.render import RULE, mrkdwn, render_message

NAMES = {"U02LILEI": "李雷", "C0SALES": "sales"}


def styles_of(text: Text, word: str) -> set[str]:
    """The styles covering every character of `word` in `text`."""
    start = text.plain.index(word)
    end = start + len(word)
    return {str(span.style) for span in text.spans if span.start <= start and span.end >= end}


def test_a_status_message_shows_header_section_fields_context_and_buttons() -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "2027Q1 目标"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*今天* 需完成 ¥8.47万"},
            "fields": [
                {"type": "mrkdwn", "text": "拜访: 4"},
                {"type": "mrkdwn", "text": "签约: 1"},
            ],
        },
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "节假日安排为预估"},
                {"type": "plain_text", "text": "2027"},
            ],
        },
        {
            "type": "actions",
            "block_id": "prompt",
            "elements": [
                {
                    "type": "button",
                    "action_id": "log_result",
                    "text": {"type": "plain_text", "text": "记录结果"},
                    "value": "42",
                    "style": "primary",
                },
                {
                    "type": "button",
                    "action_id": "away_today",
                    "text": {"type": "plain_text", "text": "今天请假"},
                },
            ],
        },
    ]

    shown = render_message(blocks, text="fallback", names=NAMES, first_button=3)

    assert shown.text.plain.split("\n") == [
        "2027Q1 目标",
        "今天 需完成 ¥8.47万",
        "  拜访: 4",
        "  签约: 1",
        RULE,
        "节假日安排为预估 · 2027",
        "[3: 记录结果] [4: 今天请假]",
    ]
    assert "bold" in styles_of(shown.text, "今天")
    assert [(b.number, b.action_id, b.block_id, b.value) for b in shown.buttons] == [
        (3, "log_result", "prompt", "42"),
        (4, "away_today", "prompt", None),
    ]


def test_without_blocks_the_fallback_text_is_shown() -> None:
    shown = render_message(None, text="已记录 ¥3.5万", names=NAMES)

    assert shown.text.plain == "已记录 ¥3.5万"
    assert shown.buttons == ()


def test_a_section_accessory_button_is_numbered_after_the_text() -> None:
    blocks = [
        {
            "type": "section",
            "block_id": "confirm",
            "text": {"type": "mrkdwn", "text": "Replace the target?"},
            "accessory": {
                "type": "button",
                "action_id": "replace",
                "text": {"type": "plain_text", "text": "Replace"},
                "value": '{"amount": "5000000"}',
            },
        }
    ]

    shown = render_message(blocks)

    assert shown.text.plain == "Replace the target?  [1: Replace]"
    assert shown.buttons[0].value == '{"amount": "5000000"}'
    assert shown.buttons[0].block_id == "confirm"


def test_mentions_channels_links_and_specials_read_as_names() -> None:
    text = mrkdwn(
        "<@U02LILEI> in <#C0SALES|sales>: see <https://example.com|the plan>, <!here>",
        NAMES,
    )

    assert text.plain == "@李雷 in #sales: see the plan (https://example.com), @here"


def test_an_unknown_user_keeps_the_label_slack_sent() -> None:
    assert mrkdwn("<@U9NOBODY|zoe> and <@U8BARE>").plain == "@zoe and @U8BARE"


def test_mrkdwn_emphasis_is_styled_and_the_markers_disappear() -> None:
    text = mrkdwn("*done* _nearly_ ~late~ `code*stays`")

    assert text.plain == "done nearly late code*stays"
    assert "bold" in styles_of(text, "done")
    assert "italic" in styles_of(text, "nearly")
    assert "strike" in styles_of(text, "late")
    assert styles_of(text, "code*stays") == {"cyan"}


def test_markers_inside_words_and_amounts_are_left_alone() -> None:
    assert mrkdwn("3*4 = 12, snake_case_name, 5 * 6").plain == "3*4 = 12, snake_case_name, 5 * 6"


def test_entities_are_unescaped_and_emoji_drawn() -> None:
    assert mrkdwn("a &lt; b &amp;&amp; c &gt; d :wave:").plain == "a < b && c > d 👋"


def test_unknown_blocks_are_named_rather_than_dropped() -> None:
    shown = render_message([{"type": "video", "title": "demo"}])

    assert shown.text.plain == "[video block]"


def test_inputs_and_images_in_a_modal_show_their_labels() -> None:
    blocks = [
        {
            "type": "input",
            "label": {"type": "plain_text", "text": "Amount"},
            "element": {
                "type": "plain_text_input",
                "action_id": "amount",
                "placeholder": {"type": "plain_text", "text": "12k"},
            },
        },
        {"type": "image", "image_url": "https://x/chart.png", "alt_text": "weekly chart"},
    ]

    assert render_message(blocks).text.plain.split("\n") == [
        "Amount: [plain_text_input: 12k]",
        "[image: weekly chart]",
    ]


def test_a_persons_own_rich_text_message_reads_as_typed() -> None:
    block = {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [
                    {"type": "text", "text": "签了5万 "},
                    {"type": "user", "user_id": "U02LILEI"},
                ],
            }
        ],
    }

    assert render_message([block], names=NAMES).text.plain == "签了5万 @李雷"
