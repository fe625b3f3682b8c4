"""The `/target split` modal: which target, by what, in percentages or amounts, and the parts.

Pure builders: the same form is rebuilt on every change with a preview of each part's amount
(exact to the cent) or the reason it cannot be split yet. Block and action ids stay the same
across rebuilds, so Slack keeps what the user typed when the view is updated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

from bot.core.dimensions import Dimension
from bot.core.money import format_amount
from bot.core.periods import Period
from bot.i18n import Lang, t

Block = dict[str, Any]
Mode = Literal["percent", "amount"]

CALLBACK_ID: Final = "target_split"
TARGET_BLOCK: Final = "split_target"
DIMENSION_BLOCK: Final = "split_dimension"
MODE_BLOCK: Final = "split_mode"
PARTS_BLOCK: Final = "split_parts"
PREVIEW_BLOCK: Final = "split_preview"
TARGET_ACTION: Final = "split_target_select"
DIMENSION_ACTION: Final = "split_dimension_select"
MODE_ACTION: Final = "split_mode_select"
PARTS_ACTION: Final = "split_parts_input"
ACTIONS: Final = (TARGET_ACTION, DIMENSION_ACTION, MODE_ACTION, PARTS_ACTION)

# What a manager splits by in the modal (teams are built with `/target team`).
DIMENSIONS: Final = (
    Dimension.REGION,
    Dimension.CHANNEL,
    Dimension.CUSTOMER_TYPE,
    Dimension.PRODUCT,
    Dimension.REP,
)
MODES: Final[tuple[Mode, ...]] = ("percent", "amount")
EXAMPLES: Final[dict[tuple[Dimension, Mode], str]] = {
    (Dimension.CHANNEL, "percent"): "直销 60%, 代理 30%, 线上 10%",
    (Dimension.CUSTOMER_TYPE, "percent"): "新客户 30%, 老客户 60%, 潜在客户 10%",
    (Dimension.PRODUCT, "percent"): "A 产品 50%, B 产品 30%, C 产品 20%",
    (Dimension.REP, "percent"): "<@U01ALICE> 60%, <@U02BOB> 40%",
    (Dimension.CHANNEL, "amount"): "直销 300万, 代理 150万, 线上 50万",
    (Dimension.CUSTOMER_TYPE, "amount"): "新客户 150万, 老客户 300万, 潜在客户 50万",
    (Dimension.PRODUCT, "amount"): "A 产品 250万, B 产品 150万, C 产品 100万",
    (Dimension.REP, "amount"): "<@U01ALICE> 300万, <@U02BOB> 200万",
}
_DEFAULT_EXAMPLES: Final[dict[Mode, str]] = {
    "percent": "华东 40%, 华南 35%, 华北 25%",
    "amount": "华东 200万, 华南 175万, 华北 125万",
}
_MAX_PREVIEW_LINES: Final = 40
MAX_CHOICES: Final = 100  # a static select holds at most 100 options


def example(dimension: Dimension, mode: Mode) -> str:
    return EXAMPLES.get((dimension, mode), _DEFAULT_EXAMPLES[mode])


@dataclass(frozen=True)
class TargetChoice:
    """A target the user may split, as the select shows it."""

    id: int
    amount: Decimal
    currency: str | None
    period: Period
    owner: str  # "" for the user's own target, else the team's name
    part: str | None  # set when the target is itself a part of a split


@dataclass(frozen=True)
class Preview:
    """The split as it would be written: each part and its exact amount, in order."""

    total: Decimal
    currency: str | None
    parts: Sequence[tuple[str, Decimal]]


@dataclass(frozen=True)
class SplitFormState:
    """What the form currently holds; the selects always have a value."""

    target_id: int
    dimension: Dimension
    mode: Mode
    text: str


def target_label(lang: Lang, choice: TargetChoice) -> str:
    label = choice.period.label or f"{choice.period.start}..{choice.period.end}"
    words = [label, format_amount(choice.amount, lang, choice.currency)]
    if choice.part:
        words.append(choice.part)
    if choice.owner:
        words.append(t(lang, "split.target.team", team=choice.owner))
    return " · ".join(words)[:75]


def _option(text: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def _select(action_id: str, options: Sequence[Block], selected: str, *, placeholder: str) -> Block:
    chosen = next(option for option in options if option["value"] == selected)
    return {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": {"type": "plain_text", "text": placeholder},
        "options": list(options),
        "initial_option": chosen,
    }


def build_split_modal(
    lang: Lang,
    *,
    choices: Sequence[TargetChoice],
    state: SplitFormState,
    preview: Preview | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """The modal for `state`, with the preview of a valid split or the error of an invalid one
    (neither before anything is typed). `private_metadata` lists the targets offered (the first
    hundred, as many as a select holds)."""
    choices = choices[:MAX_CHOICES]
    target_options = [_option(target_label(lang, c), str(c.id)) for c in choices]
    dimension_options = [
        _option(t(lang, f"split.dimension.{d.value}"), d.value) for d in DIMENSIONS
    ]
    mode_options = [_option(t(lang, f"split.mode.{m}"), m) for m in MODES]
    parts_input: Block = {
        "type": "plain_text_input",
        "action_id": PARTS_ACTION,
        "multiline": True,
        "placeholder": {"type": "plain_text", "text": example(state.dimension, state.mode)},
        "dispatch_action_config": {"trigger_actions_on": ["on_character_entered"]},
    }
    if state.text:
        parts_input["initial_value"] = state.text
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": TARGET_BLOCK,
            "dispatch_action": True,
            "label": {"type": "plain_text", "text": t(lang, "split.target.label")},
            "element": _select(
                TARGET_ACTION,
                target_options,
                str(state.target_id),
                placeholder=t(lang, "split.target.label"),
            ),
        },
        {
            "type": "input",
            "block_id": DIMENSION_BLOCK,
            "dispatch_action": True,
            "label": {"type": "plain_text", "text": t(lang, "split.dimension.label")},
            "element": _select(
                DIMENSION_ACTION,
                dimension_options,
                state.dimension.value,
                placeholder=t(lang, "split.dimension.label"),
            ),
        },
        {
            "type": "input",
            "block_id": MODE_BLOCK,
            "dispatch_action": True,
            "label": {"type": "plain_text", "text": t(lang, "split.mode.label")},
            "element": _select(
                MODE_ACTION, mode_options, state.mode, placeholder=t(lang, "split.mode.label")
            ),
        },
        {
            "type": "input",
            "block_id": PARTS_BLOCK,
            "dispatch_action": True,
            "label": {"type": "plain_text", "text": t(lang, "split.parts.label")},
            "hint": {
                "type": "plain_text",
                "text": t(lang, "split.parts.hint", example=example(state.dimension, state.mode)),
            },
            "element": parts_input,
        },
        {
            "type": "section",
            "block_id": PREVIEW_BLOCK,
            "text": {"type": "mrkdwn", "text": preview_text(lang, state, preview, error)},
        },
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {"type": "plain_text", "text": t(lang, "split.title")},
        "submit": {"type": "plain_text", "text": t(lang, "split.submit")},
        "close": {"type": "plain_text", "text": t(lang, "split.close")},
        "private_metadata": json.dumps([c.id for c in choices]),
        "blocks": blocks,
    }


def exact(amount: Decimal) -> str:
    """The amount to the cent with thousands separators: what is written, not rounded."""
    return f"{amount:,.2f}"


def part_label(dimension: Dimension, part: str) -> str:
    """Reps are shown as mentions, so Slack renders their names."""
    return f"<@{part}>" if dimension is Dimension.REP else part


def preview_text(
    lang: Lang, state: SplitFormState, preview: Preview | None, error: str | None
) -> str:
    if error is not None:
        return t(lang, "split.preview.error", message=error)[:3000]
    if preview is None:
        return t(lang, "split.preview.empty")
    lines = [
        t(
            lang,
            "split.preview.title",
            total=format_amount(preview.total, lang, preview.currency),
            dimension=t(lang, f"split.dimension.{state.dimension.value}"),
            count=len(preview.parts),
        )
    ]
    lines.extend(
        t(
            lang,
            "split.preview.line",
            part=part_label(state.dimension, part),
            amount=format_amount(amount, lang, preview.currency),
            exact=exact(amount),
        )
        for part, amount in preview.parts[:_MAX_PREVIEW_LINES]
    )
    if len(preview.parts) > _MAX_PREVIEW_LINES:
        lines.append("…")
    return "\n".join(lines)[:3000]


def build_done_modal(lang: Lang, *, state: SplitFormState, preview: Preview) -> dict[str, Any]:
    """What the modal turns into once the split is written."""
    text = "\n".join(
        [
            t(
                lang,
                "split.done",
                total=format_amount(preview.total, lang, preview.currency),
                dimension=t(lang, f"split.dimension.{state.dimension.value}"),
                count=len(preview.parts),
            ),
            *(
                t(
                    lang,
                    "split.preview.line",
                    part=part_label(state.dimension, part),
                    amount=format_amount(amount, lang, preview.currency),
                    exact=exact(amount),
                )
                for part, amount in preview.parts[:_MAX_PREVIEW_LINES]
            ),
        ]
    )[:3000]
    return {
        "type": "modal",
        "callback_id": f"{CALLBACK_ID}_done",
        "title": {"type": "plain_text", "text": t(lang, "split.title")},
        "close": {"type": "plain_text", "text": t(lang, "split.close.done")},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
