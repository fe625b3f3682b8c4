"""The `/target split` modal: re-validated on every change, written on submit.

Each change (a select, or a character typed in the parts) arrives as a block action; the modal is
rebuilt with the preview or the error and sent with `views.update`, guarded by the view's hash so
an answer to an older keystroke never overwrites a newer one. The submission is checked again
against the target as stored, then written all or nothing; a problem keeps the modal open with
the error under the field it concerns.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.dimensions import Dimension
from bot.i18n import Lang, t
from bot.listeners.commands.set import store_of
from bot.listeners.commands.split import (
    Checked,
    check_form,
    managed_team_ids,
    offered_choices,
    write_split,
)
from bot.services.context import UnusableUserError, ensure_members, resolve_actor
from bot.views.split import (
    ACTIONS,
    CALLBACK_ID,
    DIMENSION_ACTION,
    DIMENSION_BLOCK,
    MODE_ACTION,
    MODE_BLOCK,
    MODES,
    PARTS_ACTION,
    PARTS_BLOCK,
    TARGET_ACTION,
    TARGET_BLOCK,
    SplitFormState,
    build_done_modal,
    build_split_modal,
)
from storage.members import members_by_slack_ids
from storage.records import MemberRecord

if TYPE_CHECKING:
    from bot.app import Deps

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    change = build_change_listener(deps)
    for action_id in ACTIONS:
        app.action(action_id)(change)
    app.view(CALLBACK_ID)(build_submit_listener(deps))


def read_state(view: Mapping[str, Any]) -> SplitFormState | None:
    """The form's values from `view.state`; None when they are not a form Summit built."""
    values: Mapping[str, Any] = (view.get("state") or {}).get("values") or {}

    def selected(block: str, action: str) -> str | None:
        option = (values.get(block, {}).get(action) or {}).get("selected_option")
        return str(option["value"]) if option else None

    target, dimension, mode = (
        selected(TARGET_BLOCK, TARGET_ACTION),
        selected(DIMENSION_BLOCK, DIMENSION_ACTION),
        selected(MODE_BLOCK, MODE_ACTION),
    )
    text = (values.get(PARTS_BLOCK, {}).get(PARTS_ACTION) or {}).get("value") or ""
    if target is None or not target.isdigit() or dimension is None:
        return None
    chosen_mode = next((known for known in MODES if known == mode), None)
    if chosen_mode is None or dimension not in {d.value for d in Dimension}:
        return None
    return SplitFormState(int(target), Dimension(dimension), chosen_mode, str(text))


def _offered(view: Mapping[str, Any]) -> list[int]:
    try:
        ids = json.loads(view.get("private_metadata") or "[]")
        return [int(found) for found in ids]
    except (TypeError, ValueError):
        return []


def _who(body: Mapping[str, Any]) -> tuple[str, str]:
    user = body["user"]
    return user["id"], (body.get("team") or {}).get("id") or user.get("team_id")


def build_change_listener(deps: Deps) -> Callable[..., None]:
    def changed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]
        user_id, team_id = _who(body)
        lang = deps.languages.lang_for(client, user_id, now=deps.clock(), team_id=team_id)
        state = read_state(view)
        if state is None:
            log.warning("a split modal from %s without a readable state", user_id)
            return
        offered = _offered(view)
        with store_of(deps).read() as session:
            member = members_by_slack_ids(
                session=session, workspace_id=team_id, slack_user_ids=[user_id]
            ).get(user_id)
            if member is None:
                return
            checked = check_form(
                session,
                workspace_id=team_id,
                member=member,
                team_ids=managed_team_ids(session, team_id, member),
                offered=offered,
                state=state,
                lang=lang,
            )
            choices = offered_choices(session, team_id, offered)
        if not choices:
            return
        modal = build_split_modal(
            lang, choices=choices, state=state, preview=checked.preview, error=checked.error
        )
        try:
            client.views_update(view_id=view["id"], hash=view.get("hash"), view=modal)
        except SlackApiError as error:
            # A newer keystroke already updated the modal: its own answer follows.
            if error.response.get("error") != "hash_conflict":
                raise

    return changed


def _errors(lang: Lang, checked: Checked) -> dict[str, str]:
    if checked.target is None:
        return {TARGET_BLOCK: checked.error or t(lang, "split.stale")}
    return {PARTS_BLOCK: checked.error or t(lang, "split.parts.required")}


def build_submit_listener(deps: Deps) -> Callable[..., None]:
    def submitted(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body["view"]
        user_id, team_id = _who(body)
        now = deps.clock()
        lang = deps.languages.lang_for(client, user_id, now=now, team_id=team_id)
        state = read_state(view)
        if state is None:
            ack(response_action="errors", errors={TARGET_BLOCK: t(lang, "split.stale")})
            return
        store = store_of(deps)
        actor = resolve_actor(
            store=store,
            client=client,
            team_id=team_id,
            user_id=user_id,
            now=now,
            lang=lang,
            settings=deps.settings,
        )
        offered = _offered(view)
        reps: dict[str, MemberRecord] = {}
        if state.dimension is Dimension.REP:
            # Slack is asked about each rep before the transaction, which only re-checks.
            with store.read() as session:
                checked = check_form(
                    session,
                    workspace_id=team_id,
                    member=actor.member,
                    team_ids=managed_team_ids(session, team_id, actor.member),
                    offered=offered,
                    state=state,
                    lang=lang,
                )
            if checked.preview is None:
                ack(response_action="errors", errors=_errors(lang, checked))
                return
            try:
                reps = ensure_members(
                    store=store,
                    client=client,
                    workspace_id=team_id,
                    slack_user_ids=[user for user, _ in checked.preview.parts],
                    now=now,
                    actor=user_id,
                )
            except UnusableUserError as error:
                message = t(lang, f"set.user.{error.reason}", user=error.user_id)
                ack(response_action="errors", errors={PARTS_BLOCK: message})
                return
        checked = write_split(
            store=store, actor=actor, offered=offered, state=state, reps=reps, now=now
        )
        if checked.preview is None or checked.error is not None:
            ack(response_action="errors", errors=_errors(lang, checked))
            return
        ack(
            response_action="update",
            view=build_done_modal(lang, state=state, preview=checked.preview),
        )

    return submitted
