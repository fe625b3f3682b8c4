"""`/target away DATE[..DATE]` (休假/请假): days off carry no target, so the rep's share moves to
their other working days; `/target away clear DATE[..DATE]` (取消) takes them back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from bot.core.errors import PlanningError
from bot.core.money import format_amount
from bot.i18n import Lang, t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.context import member_zone
from bot.services.milestones import AwayChange, change_away, next_working_amount, read_days
from bot.services.targets import BROADCAST, MENTION
from bot.services.teams import Refused, owner_for

if TYPE_CHECKING:
    from bot.app import Deps

CLEAR_WORDS: Final[Mapping[str, bool]] = {
    "clear": True,
    "cancel": True,
    "remove": True,
    "取消": True,
    "清除": True,
    "撤销": True,
    "撤銷": True,
}


def away_command(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    text = request.line.rest
    broadcast = BROADCAST.search(text)
    if broadcast:
        return Reply(text=t(lang, "away.cmd.usage"))
    mentioned = list(dict.fromkeys(MENTION.findall(text)))
    if len(mentioned) > 1:
        return Reply(text=t(lang, "away.cmd.one_person"))
    text = MENTION.sub(" ", text).strip()
    if not text:
        return Reply(text=t(lang, "away.cmd.usage"))
    word, _, rest = text.partition(" ")
    clear = CLEAR_WORDS.get(word.casefold(), False)
    if clear:
        text = rest
    store = store_of(deps)
    try:
        member = owner_for(
            store=store,
            client=request.client,
            actor=actor,
            user_id=mentioned[0] if mentioned else None,
            now=request.now,
        )
        # The rep's own calendar day: "today" for a rep in New York is not Shanghai's.
        today = request.now.astimezone(
            member_zone(member, actor.workspace, deps.settings.summit_tz)
        ).date()
        days = read_days(text, today=today)
        if not clear and days.end < today:
            return Reply(text=t(lang, "away.cmd.past", day=days.end.isoformat()))
        change = change_away(
            store=store,
            actor=actor,
            member=member,
            days=days,
            clear=clear,
            now=request.now,
        )
    except PlanningError as error:
        return Reply(text=error.message(lang))
    except Refused as refused:
        return Reply(text=refusal_text(lang, refused.refusal))
    span = days.label or f"{days.start}..{days.end}"
    if not change.days:
        return Reply(
            text=t(lang, "away.cmd.cleared.none" if clear else "away.cmd.already", days=span)
        )
    lines = [
        t(
            lang,
            ("away.cmd.cleared" if clear else "away.cmd.done")
            + (".one" if len(change.days) == 1 else ""),
            days=span,
            count=len(change.days),
        )
    ]
    if member.id != actor.member.id:
        lines[0] = t(lang, "away.cmd.for", user=member.slack_user_id, text=lines[0])
    lines.extend(_new_numbers(lang, change, after=today + timedelta(days=1)))
    return Reply(text="\n".join(lines))


def _new_numbers(lang: Lang, change: AwayChange, *, after: date) -> list[str]:
    """For each re-written plan: the number of the first working day after `after`'s eve, and
    how many working days now carry the target."""
    lines: list[str] = []
    for target, plan in change.plans:
        found = next_working_amount(plan, after=after)
        if found is None:
            continue
        day, amount = found
        lines.append(
            t(
                lang,
                "away.cmd.next",
                period=target.period.label or f"{target.period.start}..{target.period.end}",
                day=day.isoformat(),
                amount=format_amount(amount, lang, target.amount.currency),
                days=len(plan.days),
            )
        )
    return lines
