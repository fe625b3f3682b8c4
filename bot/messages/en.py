"""English messages: the reference catalogue every other language is checked against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.generic": (
        "Sorry, something went wrong on Summit's side. Please try again in a moment; "
        "if it keeps happening, tell your Slack admin."
    ),
    "command.unknown": (
        "I don't know `/target {word}`. Type `/target help` to see every command "
        "— for example `/target status`."
    ),
    "command.not_available": (
        "`/target {command}` is not available yet — it is on its way. "
        "Meanwhile `/target help` shows what you can do."
    ),
    "help.title": "Summit: /target commands",
    "help.intro": (
        "Turn a big sales target into small daily steps. Amounts like 5M, 120k, $120k or 500万; "
        "periods like 2027, 2027Q1, 2027-03, this quarter or next month."
    ),
    "help.example": "Example: `{example}`",
    "help.aliases": "Chinese works too: 设定/设置, 记录, 进度, 计划, 团队, 帮助.",
    "help.set.usage": "/target set AMOUNT PERIOD [@user …]",
    "help.set.summary": (
        "Set a sales target for a period: for yourself, or as a manager for your reps."
    ),
    "help.set.example": "/target set 5M 2027Q1 @alice",
    "help.log.usage": "/target log AMOUNT [note]",
    "help.log.summary": "Record what you closed today; your pace and tomorrow's number follow.",
    "help.log.example": "/target log 12k Acme renewal",
    "help.status.usage": "/target status",
    "help.status.summary": (
        "See attainment, pace, forecast and what is still needed per working day."
    ),
    "help.status.example": "/target status",
    "help.plan.usage": "/target plan [PERIOD]",
    "help.plan.summary": (
        "Show the plan by month, week and working day, holidays and make-up working days included."
    ),
    "help.plan.example": "/target plan 2027-03",
    "help.team.usage": "/target team [add @user …]",
    "help.team.summary": "Managers: see your team's progress, or add reps to your team.",
    "help.team.example": "/target team add @bob @carol",
    "help.help.usage": "/target help",
    "help.help.summary": "Show this list.",
    "help.help.example": "/target help",
    "home.welcome": "Welcome, <@{user}>! :wave:",
    "home.intro": (
        "Summit turns a big sales target into small daily steps: a number and the actions "
        "behind it every working morning, a short check-in in the evening, and a weekly review."
    ),
    "home.commands": "What you can type",
    "home.footer": "Type `/target help` in any channel to see this list again.",
    "mention.hint": (
        "Hi <@{user}>! I work through `/target`: type `/target help` to see what I can do."
    ),
    "log.usage": (
        "Tell me what you won, e.g. `/target log 12k 5 visits Acme renewal`; for an earlier day, "
        "`/target log yesterday 12k` or `/target log 2027-01-05 12k`."
    ),
    "log.recorded": "Recorded {amount} for {day}{details}.",
    "log.already": "Already recorded: {amount} for {day}{details}.",
    "log.future": (
        "{day} has not happened yet: log today or an earlier day. Example: `/target log yesterday "
        "12k`."
    ),
    "log.outside_period": (
        "{day} is outside your target's period ({start} to {end}). Example: `/target log {start} "
        "12k`."
    ),
    "log.bad_date": "“{day}” is not a date on the calendar. Example: `/target log 2027-01-05 12k`.",
    "log.today": "Today: {actual} of {target}.",
    "log.pace.ahead": "{period}: {actual} of {total} ({pct}), ahead of plan.",
    "log.pace.on_track": "{period}: {actual} of {total} ({pct}), on track.",
    "log.pace.behind": "{period}: {actual} of {total} ({pct}), behind plan by {gap}.",
    "log.next": "Next working day ({day}) needs {amount}.",
    "log.next_done": "Your target for {period} is reached: anything more is a bonus.",
    "log.last_day": "Today is the last working day of {period}: {remaining} still to go.",
    "log.no_target": (
        "You have no active target yet, so this is kept but not measured against a plan. Set one "
        "with `/target set 5M this quarter`."
    ),
    "undo.done": "Took back {amount} for {day}{details}.",
    "undo.nothing": (
        "There is nothing to undo: you have no entries. Log one with `/target log 12k`."
    ),
    "checkin.unreadable": "I couldn't read a result in that, so nothing was recorded. {reason}",
    "checkin.edited": "Updated your entry for {day}: {amount}{details}.",
    "checkin.edit_unreadable": (
        "I couldn't read your edited message, so your entry stays at {amount} for {day}. {reason}"
    ),
    "checkin.deleted": "You deleted the message, so {amount} for {day} no longer counts.",
    "count.visits": "{n} visits",
    "count.visits.one": "1 visit",
    "count.calls": "{n} calls",
    "count.calls.one": "1 call",
    "count.deals": "{n} deals",
    "count.deals.one": "1 deal",
    "count.new_customers": "{n} new customers",
    "count.new_customers.one": "1 new customer",
    "count.collections": "{amount} collected",
    "count.details": " ({items})",
    "count.separator": ", ",
    "date.day": "{weekday} {month_name} {day}",
    "month.1": "Jan",
    "month.2": "Feb",
    "month.3": "Mar",
    "month.4": "Apr",
    "month.5": "May",
    "month.6": "Jun",
    "month.7": "Jul",
    "month.8": "Aug",
    "month.9": "Sep",
    "month.10": "Oct",
    "month.11": "Nov",
    "month.12": "Dec",
    "weekday.0": "Mon",
    "weekday.1": "Tue",
    "weekday.2": "Wed",
    "weekday.3": "Thu",
    "weekday.4": "Fri",
    "weekday.5": "Sat",
    "weekday.6": "Sun",
    # Morning prompt (daily-prompts job)
    "prompt.text": "Good morning! Today's target: {amount}",
    "prompt.header": "Your plan for {day}",
    "prompt.amount": "*Today: {amount}*  ({label})",
    "prompt.makeup": (
        "Includes {extra} to make up earlier days' shortfall (today's plan alone: {planned})."
    ),
    "prompt.actions": "Behind it: {visits} visits · {proposals} proposals · {signings} signings",
    "prompt.month": "This month: {actual} of {target} ({pct})",
    "prompt.period": "{label}: {actual} of {target} ({pct})",
    "prompt.on_track": "On track.",
    "prompt.behind": "Behind what was due by yesterday.",
    "prompt.provisional": (
        "Holidays for this period are estimated until the official schedule is published."
    ),
    "prompt.button.log": "Log result",
    "prompt.button.away": "Away today",
    "prompt.button.help": "Need help",
    "actions.visits.one": "{count} visit",
    "actions.visits.other": "{count} visits",
    "actions.proposals.one": "{count} proposal",
    "actions.proposals.other": "{count} proposals",
    "actions.signings.one": "{count} signing",
    "actions.signings.other": "{count} signings",
    "actions.separator": ", ",
    "plan.title": "Your plan: {amount} · {period}",
    "plan.summary": "*{view}*: {amount} over {days} working days",
    "plan.months": "Months: {months}",
    "plan.weeks": "Weeks: {weeks}",
    "plan.weeks_title": "*By week*",
    "plan.this_week": "*This week*",
    "plan.first_week": "*First week*",
    "plan.day.today": "Today, {day}: *{amount}* — {actions}",
    "plan.day.first": "First working day, {day}: *{amount}* — {actions}",
    "plan.day.away": "away",
    "plan.provisional": (
        ":warning: The holidays of {years} are provisional: the official schedule is not "
        "published yet, so this plan may shift when it is."
    ),
    "plan.none.period": (
        "You have no active target covering {period}. Set one, e.g. `/target set 5M {period}`."
    ),
    "set.done.one": ":white_check_mark: Target set for {who}: *{amount}* for {period}.",
    "set.done.each": ":white_check_mark: Target set for {who}: *{amount}* each for {period}.",
    "set.done.split": ":white_check_mark: *{amount}* for {period}, split between {who}.",
    "set.replaced": "The previous target was replaced.",
    "set.mode_default": (
        "Several people: each gets the full amount. Add `split` to share it between them instead."
    ),
    "set.more": "…and {count} more.",
    "set.owner": "*<@{user}>* · {amount} · {days} working days",
    "set.dm": (
        "{manager} set your target: *{amount}* for {period}. Here is how it breaks down; "
        "every working morning I will send you the day's number."
    ),
    "set.confirm.question": (
        "This would replace the active target for {period} with *{amount}*. Replace it?"
    ),
    "set.confirm.line": "• <@{user}> has {amount} (set by <@{by}>)",
    "set.confirm.replace": "Replace",
    "set.confirm.cancel": "Cancel",
    "set.confirm.cancelled": "Cancelled: nothing was changed.",
    "set.confirm.stale": (
        "That button no longer works. Please type the `/target set` command again."
    ),
    "set.refused.assigned": (
        "<@{by}> has already set your target for this period, so only they (or an admin) can "
        "change it. Nothing was changed; ask them if it should be different."
    ),
    "set.refused.not_manager": (
        "Only managers can set targets for others, and you are not a manager in Summit yet. "
        "Ask an admin to make you one, or set your own: `/target set 5M this quarter`."
    ),
    "set.refused.admin": (
        "<@{user}> is a workspace admin: only they or another admin can set their target. "
        "Nothing was changed."
    ),
    "set.refused.other_manager": (
        "<@{user}> reports to <@{manager}>: only their manager or an admin can set their "
        "target. Nothing was changed."
    ),
    "set.mention.broadcast": (
        "Targets are for named people, not {text}. Mention each rep instead, e.g. `/target "
        "set 5M 2027Q1 @alice @bob`."
    ),
    "set.mention.unknown": (
        "I can't tell who {text} is. Pick the person from Slack's @ menu so the name becomes "
        "a mention, e.g. `/target set 5M 2027Q1 @alice`."
    ),
    "set.user.not_found": (
        "<@{user}> is not a member of this workspace, so I can't set a target for them. "
        "Nothing was changed. Pick people from Slack's @ menu, e.g. "
        "`/target set 5M 2027Q1 @alice`."
    ),
    "set.user.bot": "<@{user}> is a bot: targets are for people. Nothing was changed.",
    "set.user.deactivated": (
        "<@{user}>'s Slack account is deactivated, so I can't set a target for them. Nothing "
        "was changed."
    ),
    "set.user.other_workspace": (
        "<@{user}> belongs to another workspace; Summit plans only for members of this one. "
        "Nothing was changed."
    ),
    "status.title.own": "*Your progress*",
    "status.title.other": "*<@{user}>'s progress*",
    "status.none.own": (
        "You have no active target yet. Set one, e.g. `/target set 5M this quarter`."
    ),
    "status.none.other": (
        "<@{user}> has no active target yet. Set one, e.g. `/target set 5M this quarter <@{user}>`."
    ),
    "status.target": "*{amount}* · {period}",
    "status.attainment": "Done: {actual} of {total} ({pct})",
    "status.pace.behind": "Pace: :warning: behind by {gap}",
    "status.pace.ahead": "Pace: :rocket: ahead by {gap}",
    "status.pace.on_track": "Pace: :white_check_mark: on track",
    "status.forecast": "Forecast at this pace: {amount}",
    "status.forecast.none": "Forecast: not enough working days logged yet.",
    "status.required": "Needed: {amount} per working day for the {days} working days left",
    "status.done": "The whole target is reached. :tada:",
    "status.streak": "Streak: {days} working days met in a row",
    "status.today": "Today, {day}: *{amount}* — {actions}",
    "status.today.shortfall": "(includes {extra} made up from earlier days)",
    "status.today.off": "Today is not a working day: no target today.",
    "status.milestone": "Next milestone: *{title}* on {day}{amount}",
    "status.one_user": "Status is for one person at a time. Try `/target status @alice`.",
    "status.mention.broadcast": (
        "Status is for one person at a time, not {text}. Try `/target status @alice`."
    ),
    "status.refused.not_manager": (
        "You can see your own progress with `/target status`; <@{user}>'s numbers are for "
        "their manager and admins only."
    ),
    "status.refused.not_your_rep": (
        "<@{user}> is not on your team, so their numbers are for their own manager or an admin."
    ),
    "evening.question": (
        "How did today go? Reply in this thread with what you closed and did — "
        "for example `closed 12k, 5 calls, 2 visits`."
    ),
}
