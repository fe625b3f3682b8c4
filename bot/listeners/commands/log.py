"""`/target log AMOUNT [visits N] [note]` (记录) and `/target undo` (撤销/撤回).

The text after `log` is read by the same check-in parser as a DM, after an optional day
(`2027-01-05`, `yesterday`, `昨天`). Each invocation is recorded once, keyed by its trigger_id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.errors import PlanningError
from bot.i18n import t
from bot.listeners.commands.set import actor_of, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.actuals import EntryRefused, check_day, read_entry, record_entry, undo_last
from bot.views.log import build_entry_text

if TYPE_CHECKING:
    from bot.app import Deps


def log_entry(request: CommandRequest, deps: Deps) -> Reply:
    lang = request.lang
    if not request.line.rest:
        return Reply(text=t(lang, "log.usage"))
    if not request.trigger_id:
        raise RuntimeError("a slash command without a trigger_id")
    store = store_of(deps)
    actor = actor_of(request, deps)
    lang = actor.lang
    today = actor.today(request.now)
    try:
        day, reading = read_entry(request.line.rest, today=today)
        with store.session() as session:
            check_day(session=session, actor=actor, day=day, today=today)
            result = record_entry(
                session=session,
                actor=actor,
                day=day,
                today=today,
                reading=reading,
                key=f"slash:{request.trigger_id}",
                source="slash",
                now=request.now,
            )
    except PlanningError as error:
        return Reply(text=error.message(lang))
    except EntryRefused as refused:
        return Reply(text=t(lang, refused.key, **refused.params))
    return Reply(text=build_entry_text("recorded" if result.changed else "already", result, lang))


def undo_entry(request: CommandRequest, deps: Deps) -> Reply:
    store = store_of(deps)
    actor = actor_of(request, deps)
    with store.session() as session:
        result = undo_last(
            session=session, actor=actor, today=actor.today(request.now), now=request.now
        )
    if result is None:
        return Reply(text=t(actor.lang, "undo.nothing"))
    return Reply(text=build_entry_text("undone", result, actor.lang))
