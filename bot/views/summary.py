"""The manager's Monday summary: each rep's last week and period to date, and who is at risk.

A pure builder: plain data in, `{"text": ..., "blocks": [...]}` out; the job gathers the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.charts import ChartText
from bot.core.money import format_amount
from bot.core.periods import Period
from bot.core.rebalance import Risk
from bot.i18n import Lang, t

Block = dict[str, Any]
MAX_BLOCKS = 50  # Slack's limit for one message
MAX_REP_BLOCKS = 40  # the rest is header, risks and review answers
ANSWER_CHARS = 300  # of each review answer shown; the whole answer stays in the thread
_TENTH = Decimal("0.1")
_SECTION_CHARS = 3000  # Slack's limit for a section's text


@dataclass(frozen=True)
class RepWeek:
    """One rep on one target: last week, the period to date, and the risks raised."""

    user_id: str
    name: str
    period_label: str
    currency: str | None
    week_target: Decimal
    week_actual: Decimal
    to_date_target: Decimal  # planned for the period's days before today
    to_date_actual: Decimal
    period_target: Decimal
    risks: tuple[Risk, ...] = ()


@dataclass(frozen=True)
class ReviewNotes:
    """What one rep answered in the review thread of the week summed up, oldest first."""

    user_id: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class TeamSummary:
    week: Period  # the week summed up, Monday to Sunday
    reps: tuple[RepWeek, ...]
    notes: tuple[ReviewNotes, ...] = ()


def build_manager_summary(summary: TeamSummary, lang: Lang) -> dict[str, Any]:
    """The DM's notification text and blocks."""
    week_target = sum((rep.week_target for rep in summary.reps), Decimal(0))
    week_actual = sum((rep.week_actual for rep in summary.reps), Decimal(0))
    currency = _common_currency(summary.reps)
    text = t(
        lang,
        "summary.text",
        start=summary.week.start.isoformat(),
        actual=format_amount(week_actual, lang, currency),
        target=format_amount(week_target, lang, currency),
        pct=_pct(week_actual, week_target),
    )
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "text": t(
                    lang,
                    "summary.header",
                    start=summary.week.start.isoformat(),
                    end=summary.week.end.isoformat(),
                ),
            },
        }
    ]
    shown = summary.reps[:MAX_REP_BLOCKS]
    blocks += [_section(_rep_line(rep, lang)) for rep in shown]
    if len(summary.reps) > len(shown):
        blocks.append(_context(t(lang, "summary.more", count=len(summary.reps) - len(shown))))
    blocks.append({"type": "divider"})
    at_risk = [rep for rep in summary.reps if rep.risks]
    if at_risk:
        lines = [t(lang, "summary.at_risk")]
        lines += [
            t(
                lang,
                "summary.risk",
                user=rep.user_id,
                label=rep.period_label,
                reasons="\n".join(f"• {risk.message(lang, rep.currency)}" for risk in rep.risks),
            )
            for rep in at_risk
        ]
        blocks.append(_section(_clip("\n".join(lines))))
    else:
        blocks.append(_section(t(lang, "summary.no_risk")))
    blocks += _notes_blocks(summary.notes, lang, room=MAX_BLOCKS - len(blocks))
    return {"text": text, "blocks": blocks}


def _notes_blocks(notes: Sequence[ReviewNotes], lang: Lang, *, room: int) -> list[Block]:
    """The reps' review answers, each clipped, packed into as few sections as fit Slack's
    limits; what does not fit in `room` blocks is counted in a closing line."""
    entries = [
        _clip(
            "\n".join(
                [t(lang, "summary.notes.rep", user=note.user_id)]
                + [_quote(_clip(answer, ANSWER_CHARS)) for answer in note.answers]
            ),
            _SECTION_CHARS // 2,  # one talkative rep leaves room for the others
        )
        for note in notes
        if note.answers
    ]
    if not entries or room < 2:
        return []
    sections: list[str] = [t(lang, "summary.notes")]
    shown = 0
    for entry in entries:
        joined = f"{sections[-1]}\n{entry}"
        if len(joined) <= _SECTION_CHARS:
            sections[-1] = joined
        elif len(sections) < room - 1:
            sections.append(entry)
        else:
            break
        shown += 1
    blocks = [_section(text) for text in sections]
    if shown < len(entries):
        blocks.append(_context(t(lang, "summary.notes.more", count=len(entries) - shown)))
    return blocks


def _quote(text: str) -> str:
    """A rep's own words as a block quote, line by line, so their mrkdwn stays theirs."""
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def chart_text(week: Period, lang: Lang) -> ChartText:
    return ChartText(
        title=t(lang, "summary.chart.title", end=week.end.isoformat()),
        target_label=t(lang, "summary.chart.target"),
        actual_label=t(lang, "summary.chart.actual"),
    )


def chart_comment(week: Period, lang: Lang) -> str:
    """The chart's message: the same words for the same week, so a lost upload can be found."""
    return t(lang, "summary.chart.comment", start=week.start.isoformat())


def _rep_line(rep: RepWeek, lang: Lang) -> str:
    def money(amount: Decimal) -> str:
        return format_amount(amount, lang, rep.currency)

    return t(
        lang,
        "summary.rep",
        user=rep.user_id,
        label=rep.period_label,
        week_actual=money(rep.week_actual),
        week_target=money(rep.week_target),
        week_pct=_pct(rep.week_actual, rep.week_target),
        actual=money(rep.to_date_actual),
        target=money(rep.to_date_target),
        pct=_pct(rep.to_date_actual, rep.to_date_target),
        period_target=money(rep.period_target),
        flag=" :warning:" if rep.risks else "",
    )


def _pct(part: Decimal, whole: Decimal) -> str:
    if whole == 0:
        return "—"
    return f"{(part * 100 / whole).quantize(_TENTH, ROUND_HALF_UP)}%"


def _common_currency(reps: Sequence[RepWeek]) -> str | None:
    found = {rep.currency for rep in reps}
    return found.pop() if len(found) == 1 else None


def _clip(text: str, limit: int = _SECTION_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
