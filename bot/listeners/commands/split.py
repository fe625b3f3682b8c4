"""`/target split [PERIOD]` (拆分/分解): split a target by region, channel, customer type,
product line or rep, in percentages or amounts, through a modal.

The command opens the modal; `bot.listeners.views.split` re-validates it on every change and
writes it on submit. Reading the form and writing the split live here, so both paths share them:
the split is computed afresh from the target as stored, and written in one transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from sqlmodel import Session

from bot.core.allocate import CENT
from bot.core.dimensions import Dimension, Split, parse_shares, split_by_amount, split_by_percent
from bot.core.errors import PlanningError, SplitError
from bot.core.money import MAX_INPUT_CHARS as MAX_AMOUNT_CHARS
from bot.core.money import Money, parse_amount
from bot.core.periods import Period, parse_period
from bot.i18n import Lang, t
from bot.listeners.commands.set import actor_of, refusal_text, store_of
from bot.listeners.commands.target import CommandRequest, Reply
from bot.services.authz import may_set_for
from bot.services.context import Actor
from bot.services.plans import write_plan
from bot.views.split import (
    Mode,
    Preview,
    SplitFormState,
    TargetChoice,
    build_split_modal,
    example,
)
from storage.members import get_member, get_team, list_members, list_teams
from storage.records import MemberRecord, Owner, TargetRecord
from storage.store import Store
from storage.targets import active_targets, get_target, set_target

if TYPE_CHECKING:
    from bot.app import Deps

_ITEMS: Final = re.compile(r"[,;、\n]")
_MENTION: Final = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_USER_ID: Final = re.compile(r"^[UW][A-Z0-9]{4,}$")
_AMOUNT_START: Final = re.compile(r"(?<![0-9.])[0-9¥$€£]")


def split_command(request: CommandRequest, deps: Deps) -> Reply:
    actor = actor_of(request, deps)
    lang = actor.lang
    today = actor.today(request.now)
    period: Period | None = None
    if request.line.rest:
        try:
            period = parse_period(request.line.rest, today=today)
        except PlanningError as error:
            return Reply(text=error.message(lang))
    with store_of(deps).read() as session:
        choices = splittable(session, actor, today=today, period=period)
    if not choices:
        return Reply(text=t(lang, "split.none"))
    if not request.trigger_id:
        raise RuntimeError("a slash command without a trigger_id")
    state = SplitFormState(choices[0].id, Dimension.REGION, "percent", "")
    request.client.views_open(
        trigger_id=request.trigger_id, view=build_split_modal(lang, choices=choices, state=state)
    )
    return Reply(text=t(lang, "split.opened"))


def splittable(
    session: Session, actor: Actor, *, today: date, period: Period | None
) -> list[TargetChoice]:
    """The active targets `actor` may split: their own and their teams' (a part of an earlier
    split included, so splits nest), covering `today` or meeting `period`."""
    workspace_id = actor.workspace.id
    owners: list[tuple[Owner, str]] = [(Owner.member(actor.member.id), "")]
    if actor.is_manager:
        owners += [
            (Owner.team(team.id), team.name)
            for team in list_teams(session=session, workspace_id=workspace_id)
            if team.manager_id == actor.member.id
        ]
    return [
        _choice(target, name)
        for owner, name in owners
        for target in active_targets(
            session=session,
            workspace_id=workspace_id,
            owner=owner,
            on=None if period else today,
            overlapping=period,
        )
    ]


def offered_choices(session: Session, workspace_id: str, ids: Sequence[int]) -> list[TargetChoice]:
    """The targets a modal offered, as stored now (to rebuild the modal on a change)."""
    found: list[TargetChoice] = []
    for target_id in ids:
        target = get_target(session=session, workspace_id=workspace_id, target_id=target_id)
        if target is None:
            continue
        team = (
            get_team(session=session, workspace_id=workspace_id, team_id=target.owner.id)
            if target.owner.kind == "team" and target.owner.id is not None
            else None
        )
        found.append(_choice(target, team.name if team else ""))
    return found


def _choice(target: TargetRecord, owner: str) -> TargetChoice:
    return TargetChoice(
        id=target.id,
        amount=target.amount.amount,
        currency=target.amount.currency,
        period=target.period,
        owner=owner,
        part=target.part,
    )


def read_parts(text: str, dimension: Dimension, mode: Mode) -> dict[str, Decimal]:
    """The parts as typed: percentages (`华东 40%`) or amounts (`华东 200万`, `north 1.2M`)."""
    if mode == "percent":
        return parse_shares(text)
    parts: dict[str, Decimal] = {}
    for raw in _ITEMS.split(unicodedata.normalize("NFKC", text)):
        item = raw.strip()
        if not item:
            continue
        name, amount = _name_and_amount(item, dimension)
        if name in parts:
            raise SplitError(
                "duplicate_part",
                en=f"“{name}” appears more than once.",
                zh=f"“{name}”出现了不止一次。",
                example=example(dimension, mode),
            )
        parts[name] = amount
    if not parts:
        raise SplitError(
            "no_parts",
            en="No parts were given.",
            zh="没有给出任何拆分项。",
            example=example(dimension, mode),
        )
    return parts


def _name_and_amount(item: str, dimension: Dimension) -> tuple[str, Decimal]:
    """`华东 200万`, `华东:200万`, `华东200万`: the name, then an amount as `/target set` reads it.

    The last word is tried first (it may be Chinese numerals: `华东 两百万`), then every place a
    number starts, leftmost first, so digits inside a name (`<@U0123>`, `2区`) stay in it."""
    words = item.rsplit(maxsplit=1)
    cuts = [len(words[0])] if len(words) == 2 else []
    # A cut leaving more than an amount can be is refused unread: slicing a long item at each of
    # its thousands of digits would be quadratic (fuzzed).
    cuts += [
        m.start()
        for m in _AMOUNT_START.finditer(item)
        if m.start() > 0 and len(item) - m.start() <= MAX_AMOUNT_CHARS
    ]
    for cut in cuts:
        name = item[:cut].strip().rstrip(":=").strip()
        if not name:
            continue
        try:
            return name, parse_amount(item[cut:].strip(), allow_zero=True).amount
        except PlanningError:
            continue
    raise SplitError(
        "bad_amount_part",
        en=f"Cannot read “{item}” as a name and an amount.",
        zh=f"无法把“{item}”识别为名称和金额。",
        example=example(dimension, "amount"),
    )


def compute_split(total: Decimal, state: SplitFormState) -> Split:
    """The split the form describes, exact to the cent; raises SplitError (or AmountError)."""
    parts = read_parts(state.text, state.dimension, state.mode)
    if state.mode == "percent":
        return split_by_percent(total, parts, dimension=state.dimension)
    return split_by_amount(total, parts, dimension=state.dimension)


def resolve_reps(
    session: Session, workspace_id: str, names: Sequence[str], *, example_text: str
) -> dict[str, str]:
    """Each rep part as typed -> a Slack user id: a mention, a user id, or the display name of a
    member Summit knows (with or without `@`). Raises SplitError for anyone else, or one rep
    named twice."""
    known: dict[str, str] | None = None
    found: dict[str, str] = {}
    for name in names:
        mention = _MENTION.match(name)
        user_id = mention.group(1) if mention else name if _USER_ID.match(name) else None
        if user_id is None:
            if known is None:
                known = {
                    spelling.casefold(): member.slack_user_id
                    for member in list_members(session=session, workspace_id=workspace_id)
                    for spelling in (member.display_name, member.slack_user_id)
                    if spelling
                }
            user_id = known.get(name.removeprefix("@").strip().casefold())
        if user_id is None:
            raise SplitError(
                "unknown_rep",
                en=f"“{name}” is not a member Summit knows; mention them as <@U…> or use their "
                "Slack user id.",
                zh=f"“{name}”不是 Summit 认识的成员;请写成 <@U…> 或使用其 Slack 用户 ID。",
                example=example_text,
            )
        if user_id in found.values():
            raise SplitError(
                "duplicate_part",
                en=f"<@{user_id}> appears more than once.",
                zh=f"<@{user_id}> 出现了不止一次。",
                example=example_text,
            )
        found[name] = user_id
    return found


@dataclass(frozen=True)
class Checked:
    """A form checked against the stored target: the split to write, or why not."""

    target: TargetRecord | None = None
    preview: Preview | None = None
    error: str | None = None


def check_form(
    session: Session,
    *,
    workspace_id: str,
    member: MemberRecord,
    team_ids: Sequence[int],
    offered: Sequence[int],
    state: SplitFormState,
    lang: Lang,
) -> Checked:
    """Validate the form against the target as stored now; the preview, or the error to show.

    `team_ids` are the teams `member` manages: the target must still be theirs or one of those
    teams', active, and among those the modal `offered`."""
    target = get_target(session=session, workspace_id=workspace_id, target_id=state.target_id)
    owned = target is not None and (
        target.owner == Owner.member(member.id)
        or (target.owner.kind == "team" and target.owner.id in team_ids)
    )
    if target is None or not owned or not target.active or target.id not in offered:
        return Checked(error=t(lang, "split.stale"))
    if not state.text.strip():
        return Checked(target=target)
    try:
        split = compute_split(target.amount.amount, state)
        parts = list(split.parts.items())
        if state.dimension is Dimension.REP:
            ids = resolve_reps(
                session,
                workspace_id,
                [name for name, _ in parts],
                example_text=example(state.dimension, state.mode),
            )
            parts = [(ids[name], amount) for name, amount in parts]
    except PlanningError as error:
        return Checked(target=target, error=error.message(lang))
    return Checked(
        target=target,
        preview=Preview(target.amount.amount, target.amount.currency, parts),
    )


def managed_team_ids(session: Session, workspace_id: str, member: MemberRecord) -> list[int]:
    return [
        team.id
        for team in list_teams(session=session, workspace_id=workspace_id)
        if team.manager_id == member.id
    ]


def write_split(
    *,
    store: Store,
    actor: Actor,
    offered: Sequence[int],
    state: SplitFormState,
    reps: Mapping[str, MemberRecord],
    now: datetime,
) -> Checked:
    """Check the form again and write every part, in one transaction: all parts or none.

    A region/channel/customer/product part is a child target of the same owner (dimension,
    part, parent); a part named in an earlier split by the same dimension and not in this one
    is set to zero, so the active parts always add up to the parent. A rep's part is the rep's
    own target for the period (their plan written too), pointing at the parent; `reps` maps
    their Slack ids to members already known to be real users."""
    try:
        return _write_split(
            store=store, actor=actor, offered=offered, state=state, reps=reps, now=now
        )
    except _Refused as refused:  # raised inside the transaction, so nothing was written
        return refused.checked


class _Refused(Exception):
    def __init__(self, checked: Checked) -> None:
        super().__init__(checked.error)
        self.checked = checked


def _write_split(
    *,
    store: Store,
    actor: Actor,
    offered: Sequence[int],
    state: SplitFormState,
    reps: Mapping[str, MemberRecord],
    now: datetime,
) -> Checked:
    lang = actor.lang
    workspace_id = actor.workspace.id
    by = actor.member.slack_user_id
    with store.session() as session:
        checked = check_form(
            session,
            workspace_id=workspace_id,
            member=actor.member,
            team_ids=managed_team_ids(session, workspace_id, actor.member),
            offered=offered,
            state=state,
            lang=lang,
        )
        if checked.target is None or checked.preview is None:
            return checked
        parent = checked.target
        currency = parent.amount.currency
        if state.dimension is Dimension.REP:
            for user_id, amount in checked.preview.parts:
                rep = get_member(
                    session=session, workspace_id=workspace_id, member_id=reps[user_id].id
                )
                assert rep is not None  # members are never deleted
                refusal = _may_split_to(session, actor, rep, parent.period)
                if refusal is not None:
                    raise _Refused(Checked(target=parent, error=refusal))
                target = set_target(
                    session=session,
                    workspace_id=workspace_id,
                    owner=Owner.member(rep.id),
                    amount=Money(amount, currency),
                    period=parent.period,
                    actor=by,
                    now=now,
                    weighting=parent.weighting,
                    parent_id=parent.id,
                )
                write_plan(
                    session=session,
                    workspace=actor.workspace,
                    target=target,
                    member_id=rep.id,
                    now=now,
                    actor=by,
                )
            return checked
        written = {part for part, _ in checked.preview.parts}
        dropped = [
            old.part
            for old in active_targets(
                session=session, workspace_id=workspace_id, owner=parent.owner
            )
            if old.parent_id == parent.id
            and old.dimension == state.dimension.value
            and old.part is not None
            and old.part not in written
        ]
        zero = Decimal(0).quantize(CENT)
        for part, amount in [*checked.preview.parts, *((p, zero) for p in dropped)]:
            set_target(
                session=session,
                workspace_id=workspace_id,
                owner=parent.owner,
                amount=Money(amount, currency),
                period=parent.period,
                actor=by,
                now=now,
                weighting=parent.weighting,
                dimension=state.dimension.value,
                part=part,
                parent_id=parent.id,
            )
        return checked


def _may_split_to(session: Session, actor: Actor, rep: MemberRecord, period: Period) -> str | None:
    """The refusal, in the actor's words, when `actor` may not give `rep` a target."""
    existing = next(
        (
            target
            for target in active_targets(
                session=session,
                workspace_id=actor.workspace.id,
                owner=Owner.member(rep.id),
                overlapping=period,
            )
            if target.dimension is None
        ),
        None,
    )
    manager = (
        get_member(session=session, workspace_id=actor.workspace.id, member_id=rep.manager_id)
        if rep.manager_id is not None
        else None
    )
    refusal = may_set_for(actor, rep, manager=manager, existing=existing)
    return refusal_text(actor.lang, refusal) if refusal is not None else None
