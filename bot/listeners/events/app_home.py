"""`app_home_opened`: publish the user's Home tab, their dashboard and, for a manager, the team."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from sqlmodel import Session

from bot.core.periods import Period
from bot.i18n import Lang
from bot.services.context import Actor, member_zone, resolve_actor
from bot.services.plans import standings
from bot.views.home import HomeData, TeamRow, build_home_view
from storage.members import list_members
from storage.milestones import milestones
from storage.store import Store

if TYPE_CHECKING:
    from bot.app import Deps

MILESTONE_HORIZON = timedelta(days=366)


def build_home_listener(deps: Deps) -> Callable[..., None]:
    def app_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab") != "home":
            return  # the Messages tab is the DM; nothing to publish
        user_id = event["user"]
        team_id = context.team_id or event.get("view", {}).get("team_id")
        now = deps.clock()
        lang = deps.languages.lang_for(client, user_id, now=now, team_id=team_id)
        if deps.store is None or not team_id:
            data = HomeData(user_id, lang)
        else:
            data = home_data(
                deps.store, deps, client, team_id=team_id, user_id=user_id, now=now, lang=lang
            )
        client.views_publish(user_id=user_id, view=build_home_view(data))

    return app_home_opened


def home_data(
    store: Store,
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    lang: Lang,
) -> HomeData:
    """The user's standings on their local today, their next open milestone, and their team."""
    actor = resolve_actor(
        store=store,
        client=client,
        team_id=team_id,
        user_id=user_id,
        now=now,
        lang=lang,
        settings=deps.settings,
    )
    today = actor.today(now)
    with store.read() as session:
        own = standings(
            session=session, workspace=actor.workspace, member=actor.member, today=today
        )
        upcoming = milestones(
            session=session,
            workspace_id=actor.workspace.id,
            member_id=actor.member.id,
            between=Period(today, today + MILESTONE_HORIZON),
            status="open",
        )
        team = _team(session, actor, now, deps.settings.summit_tz) if actor.is_manager else []
    return HomeData(
        user_id=user_id,
        lang=actor.lang,
        standings=own,
        milestone=upcoming[0] if upcoming else None,
        is_manager=actor.is_manager,
        team=team,
    )


def _team(session: Session, actor: Actor, now: datetime, fallback_tz: str) -> list[TeamRow]:
    """A manager's reps; for an admin everyone else with an active target too (admins may read
    anyone's numbers). Each rep is measured on their own local today."""
    rows: list[TeamRow] = []
    workspace = actor.workspace
    for member in list_members(session=session, workspace_id=workspace.id):
        if member.id == actor.member.id:
            continue
        reports_here = member.manager_id == actor.member.id
        if not (reports_here or actor.is_admin):
            continue
        today = now.astimezone(member_zone(member, workspace, fallback_tz)).date()
        found = standings(session=session, workspace=workspace, member=member, today=today)
        if found or reports_here:
            rows.append(TeamRow(member.slack_user_id, found[0] if found else None))
    return rows
