"""The modals behind the morning prompt's buttons, and the messages their submissions send.

Pure builders: plain data in, Block Kit out. Each modal carries the prompt's day (and where the
prompt sits) in `private_metadata`, so its submission needs nothing but the view itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from bot.core.money import format_amount
from bot.i18n import Lang, t
from bot.services.plans import Standing
from bot.views.log import format_day, period_name

Block = dict[str, Any]

LOG_VIEW: Final = "prompt_log_result_modal"
AWAY_VIEW: Final = "prompt_away_today_modal"
HELP_VIEW: Final = "prompt_need_help_modal"

# block_id -> action_id of each input; a submission's state.values is keyed the same way.
AMOUNT_BLOCK: Final = "log_amount"
VISITS_BLOCK: Final = "log_visits"
CALLS_BLOCK: Final = "log_calls"
NOTE_BLOCK: Final = "log_note"
REASON_BLOCK: Final = "away_reason"
HELP_BLOCK: Final = "help_text"
INPUT_ACTION: Final = "value"

MAX_COUNT_INPUT: Final = 10_000
# Slack's limits: plain_text_input max_length 3000; a modal title, submit or close label 24.
MAX_NOTE_CHARS: Final = 500
MAX_HELP_CHARS: Final = 2000
_LABEL_CHARS: Final = 24


@dataclass(frozen=True)
class PromptRef:
    """Which prompt a modal was opened from: its day, and the message (if known) to answer in."""

    day: date
    channel: str | None = None
    ts: str | None = None

    def encode(self) -> str:
        return json.dumps(
            {"day": self.day.isoformat(), "channel": self.channel, "ts": self.ts},
            separators=(",", ":"),
        )

    @classmethod
    def decode(cls, metadata: str) -> PromptRef:
        """Raises ValueError on anything but what `encode` wrote."""
        try:
            data = json.loads(metadata)
            channel, ts = data.get("channel"), data.get("ts")
            return cls(
                date.fromisoformat(data["day"]),
                channel if isinstance(channel, str) else None,
                ts if isinstance(ts, str) else None,
            )
        except (TypeError, KeyError, AttributeError, ValueError) as error:
            raise ValueError(f"not a prompt reference: {metadata!r}") from error


def build_log_modal(lang: Lang, prompt: PromptRef) -> dict[str, Any]:
    """Amount, visits, calls and a note for the prompt's day."""
    return _modal(
        lang,
        LOG_VIEW,
        prompt,
        title=t(lang, "modal.log.title"),
        submit=t(lang, "modal.log.submit"),
        blocks=[
            _section(t(lang, "modal.log.intro", day=format_day(prompt.day, lang))),
            _input(
                AMOUNT_BLOCK,
                t(lang, "modal.log.amount"),
                _text_input(t(lang, "modal.log.amount.placeholder"), max_length=40),
                hint=t(lang, "modal.log.amount.hint"),
            ),
            _input(VISITS_BLOCK, t(lang, "modal.log.visits"), _count_input(), optional=True),
            _input(CALLS_BLOCK, t(lang, "modal.log.calls"), _count_input(), optional=True),
            _input(
                NOTE_BLOCK,
                t(lang, "modal.log.note"),
                _text_input(
                    t(lang, "modal.log.note.placeholder"),
                    max_length=MAX_NOTE_CHARS,
                    multiline=True,
                ),
                optional=True,
            ),
        ],
    )


def build_away_modal(lang: Lang, prompt: PromptRef) -> dict[str, Any]:
    """Confirm a day away; the reason is optional."""
    return _modal(
        lang,
        AWAY_VIEW,
        prompt,
        title=t(lang, "modal.away.title"),
        submit=t(lang, "modal.away.submit"),
        blocks=[
            _section(t(lang, "modal.away.question", day=format_day(prompt.day, lang))),
            _input(
                REASON_BLOCK,
                t(lang, "modal.away.reason"),
                _text_input(t(lang, "modal.away.reason.placeholder"), max_length=200),
                optional=True,
            ),
        ],
    )


def build_help_modal(lang: Lang, prompt: PromptRef) -> dict[str, Any]:
    """What help the rep needs; it goes to their manager with their pace."""
    return _modal(
        lang,
        HELP_VIEW,
        prompt,
        title=t(lang, "modal.help.title"),
        submit=t(lang, "modal.help.submit"),
        blocks=[
            _section(t(lang, "modal.help.intro", day=format_day(prompt.day, lang))),
            _input(
                HELP_BLOCK,
                t(lang, "modal.help.text"),
                _text_input(
                    t(lang, "modal.help.placeholder"),
                    max_length=MAX_HELP_CHARS,
                    multiline=True,
                ),
            ),
        ],
    )


def build_notice_modal(lang: Lang, title: str, text: str) -> dict[str, Any]:
    """A modal that only says something; it has a Close button and nothing to submit."""
    return {
        "type": "modal",
        "title": _plain(title[:_LABEL_CHARS]),
        "close": _plain(t(lang, "modal.close")[:_LABEL_CHARS]),
        "blocks": [_section(text)],
    }


def build_help_request_text(
    lang: Lang, *, user_id: str, day: date, request: str, standing: Standing | None
) -> str:
    """The manager's DM: who asks, for which day, where they stand, and what they need."""
    lines = [t(lang, "needhelp.manager", user=user_id, day=format_day(day, lang))]
    lines.extend(f"> {line}" if line else ">" for line in request.splitlines())
    lines.append(pace_line(lang, standing) if standing else t(lang, "needhelp.no_target"))
    return "\n".join(lines)


def pace_line(lang: Lang, standing: Standing) -> str:
    """`2027Q1: ¥42万 of ¥500万 (8.4%), behind plan by ¥3万.` in the target's currency."""
    pace = standing.pace
    currency = standing.target.amount.currency
    pct = pace.attainment_total_pct
    return t(
        lang,
        f"log.pace.{pace.status.value}",
        period=period_name(standing.target.period),
        actual=format_amount(pace.actual_to_date, lang, currency),
        total=format_amount(pace.target_total, lang, currency),
        pct="—" if pct is None else f"{pct}%",
        gap=format_amount(pace.gap, lang, currency) if pace.gap > 0 else "",
    )


def build_away_text(
    lang: Lang,
    *,
    day: date,
    added: bool,
    next_day: date | None,
    next_amount: Decimal,
    standing: Standing | None,
) -> str:
    """The answer to a day marked away: the day, then what the next working day now asks for."""
    day_text = format_day(day, lang)
    lines = [t(lang, "away.done" if added else "away.already", day=day_text)]
    if standing is None:
        lines.append(t(lang, "away.no_target"))
    elif next_day is None:
        lines.append(t(lang, "away.no_days_left", period=period_name(standing.target.period)))
    else:
        lines.append(
            t(
                lang,
                "away.next",
                day=format_day(next_day, lang),
                amount=format_amount(next_amount, lang, standing.target.amount.currency),
            )
        )
    return "\n".join(lines)


def _modal(
    lang: Lang,
    callback_id: str,
    prompt: PromptRef,
    *,
    title: str,
    submit: str,
    blocks: list[Block],
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": prompt.encode(),
        "title": _plain(title[:_LABEL_CHARS]),
        "submit": _plain(submit[:_LABEL_CHARS]),
        "close": _plain(t(lang, "modal.cancel")[:_LABEL_CHARS]),
        "blocks": blocks,
    }


def _input(
    block_id: str,
    label: str,
    element: Block,
    *,
    optional: bool = False,
    hint: str | None = None,
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
        "optional": optional,
    }
    if hint is not None:
        block["hint"] = _plain(hint)
    return block


def _text_input(placeholder: str, *, max_length: int, multiline: bool = False) -> Block:
    return {
        "type": "plain_text_input",
        "action_id": INPUT_ACTION,
        "placeholder": _plain(placeholder),
        "max_length": max_length,
        "multiline": multiline,
    }


def _count_input() -> Block:
    return {
        "type": "number_input",
        "action_id": INPUT_ACTION,
        "is_decimal_allowed": False,
        "min_value": "0",
        "max_value": str(MAX_COUNT_INPUT),
    }


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
