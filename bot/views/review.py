"""The weekly review thread's opening message: each rep's week in numbers, then the questions.

A pure builder: plain data in, `{"text": ..., "blocks": [...]}` out. The job gathers the figures.
Reps are named with `<@user>` mentions so each is notified and answers in the thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.core.money import format_amount
from bot.i18n import Lang, t

Block = dict[str, Any]
QUESTIONS = ("review.q.done", "review.q.missed", "review.q.worked", "review.q.support")
_SECTION_LIMIT = 3000  # Block Kit's cap on a section's text


@dataclass(frozen=True)
class RepWeek:
    """One rep's week: the plan's amount for its days, what was logged, and the ratio."""

    user_id: str
    target: Decimal
    actual: Decimal
    attainment_pct: Decimal | None  # None for a week with nothing planned
    currency: str | None

    @property
    def met(self) -> bool:
        return self.actual >= self.target


@dataclass(frozen=True)
class WeeklyReview:
    team_name: str
    week_start: date
    week_end: date
    reps: tuple[RepWeek, ...]


def build_weekly_review(review: WeeklyReview, lang: Lang) -> dict[str, Any]:
    """The thread's first message: header, one line per rep, the questions, how to answer."""
    span = {
        "team": review.team_name,
        "start": review.week_start.isoformat(),
        "end": review.week_end.isoformat(),
    }
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": t(lang, "review.header", **span)[:150]},
        }
    ]
    blocks.extend(
        _section(chunk) for chunk in _chunks([_rep_line(rep, lang) for rep in review.reps])
    )
    questions = [t(lang, "review.questions")] + [
        f"{number}. {t(lang, key)}" for number, key in enumerate(QUESTIONS, start=1)
    ]
    blocks.append(_section("\n".join(questions)))
    blocks.append(
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t(lang, "review.how")}]}
    )
    return {"text": t(lang, "review.text", **span), "blocks": blocks}


def _rep_line(rep: RepWeek, lang: Lang) -> str:
    pct = rep.attainment_pct
    return t(
        lang,
        "review.rep.met" if rep.met else "review.rep.missed",
        user=rep.user_id,
        target=format_amount(rep.target, lang, rep.currency),
        actual=format_amount(rep.actual, lang, rep.currency),
        pct="—" if pct is None else f"{pct}%",
    )


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into as few sections as fit Block Kit's limit (a big team needs several)."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > _SECTION_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:_SECTION_LIMIT]
    if current:
        chunks.append(current)
    return chunks


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
