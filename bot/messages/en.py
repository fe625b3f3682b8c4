"""English messages: the reference catalogue every other language is checked against."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.busy": ("Summit is busy right now, so nothing was saved. Please try again in a moment."),
    "error.generic": (
        "Sorry, something went wrong on Summit's side. Please try again in a moment; "
        "if it keeps happening, tell your Slack admin."
    ),
    "command.unknown": (
        "I don't know `/target {word}`. Type `/target help` to see every command "
        "— for example `/target status`."
    ),
    "help.title": "Summit: /target commands",
    "help.intro": (
        "Turn a big sales target into small daily steps. Amounts like 5M, 120k, $120k or 500万; "
        "periods like 2027, 2027Q1, 2027-03, this quarter or next month."
    ),
    "help.example": "Example: `{example}`",
    "help.aliases": (
        "Chinese works too: 设定/设置, 记录, 进度, 计划, 拆分, 团队, 经理, 里程碑, 休假, 配置, "
        "帮助."
    ),
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
    "help.team.usage": "/target team [add|remove @user …] [channel #ch]",
    "help.team.summary": (
        "See your team and, as a manager, each rep's progress; add or remove reps, choose the "
        "team's channel."
    ),
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
    # App Home dashboard
    "home.no_target": (
        "You have no active target yet. Set one with `/target set`, for example:\n"
        "• `/target set 5M this quarter`\n"
        "• `/target set 120k next month`\n"
        "• managers, for a rep: `/target set 5M 2027Q1 @alice`"
    ),
    "home.target": "{amount} · {period}",
    "home.field.week": "*This week*\n{actual} of {target}",
    "home.field.attainment": "*Done so far*\n{actual} of {total} ({pct})",
    "home.field.pace": "*Pace*\n{status}",
    "home.field.forecast": "*Forecast*\n{amount}",
    "home.field.required": "*Needed per working day*\n{amount} for {days} days",
    "home.field.done": "*Needed*\nNothing: the target is reached. :tada:",
    "home.status.ahead": ":rocket: ahead",
    "home.status.on_track": ":white_check_mark: on track",
    "home.status.behind": ":warning: behind",
    "home.status.ahead_by": ":rocket: ahead by {gap}",
    "home.status.behind_by": ":warning: behind by {gap}",
    "home.team": "Your team",
    "home.team.empty": (
        "Nobody reports to you yet. Assign a target to make someone your rep: "
        "`/target set 5M 2027Q1 @alice`."
    ),
    "home.team.name": "*<@{user}>*",
    "home.team.no_target": "No active target.",
    "home.team.target": "*Target*\n{amount}",
    "home.team.actual": "*Done*\n{amount}",
    "home.team.attainment": "*Attainment*\n{pct}",
    "home.team.status": "*Pace*\n{status}",
    "home.team.more": "…and {count} more not shown here.",
    # Prompt buttons and their modals
    "modal.cancel": "Cancel",
    "modal.close": "Close",
    "modal.log.title": "Log result",
    "modal.log.submit": "Record",
    "modal.log.intro": "What did you win and do on *{day}*?",
    "modal.log.amount": "Amount won",
    "modal.log.amount.placeholder": "12k",
    "modal.log.amount.hint": "For example 12k, 3.5M, $1,200 or 0 if nothing closed.",
    "modal.log.visits": "Visits",
    "modal.log.calls": "Calls",
    "modal.log.note": "Note",
    "modal.log.note.placeholder": "Acme renewal signed",
    "modal.log.count_invalid": "Enter a whole number from 0 to {max}, for example 3.",
    "modal.away.title": "Away",
    "modal.away.submit": "Mark away",
    "modal.away.question": (
        "Mark *{day}* as a day away? It will carry no target, and the rest of your plan is "
        "spread over your other working days."
    ),
    "modal.away.reason": "Reason (optional)",
    "modal.away.reason.placeholder": "Training, sick leave, trade fair…",
    "modal.help.title": "Need help",
    "modal.help.submit": "Send",
    "modal.help.intro": (
        "Tell your manager what would help. They get your message with your pace for *{day}*."
    ),
    "modal.help.text": "What do you need?",
    "modal.help.placeholder": "A pricing decision for Acme; a joint visit on Thursday…",
    "modal.help.empty": "Write what you need, for example “a joint visit to Acme on Thursday”.",
    "needhelp.manager": ":sos: <@{user}> asks for your help ({day}):",
    "needhelp.no_target": "They have no active target.",
    "needhelp.no_manager": (
        "You have no manager in Summit yet, so there is nobody to send this to and nothing was "
        "sent. A manager becomes yours by assigning you a target (`/target set 5M 2027Q1 @you`)."
    ),
    "needhelp.sent": "Sent to <@{manager}>, with your pace. :raised_hands:",
    "away.done": ":palm_tree: {day} is marked as a day away: no target that day.",
    "away.already": "{day} was already marked as a day away.",
    "away.next": "Your next working day, {day}, now needs {amount}.",
    "away.no_target": "You have no active target, so there is no plan to change.",
    "away.no_days_left": "No working day of {period} is left after it.",
    "mention.hint": (
        "Hi <@{user}>! I work through `/target`: type `/target help` to see what I can do."
    ),
    "log.usage": (
        "Tell me what you won, e.g. `/target log 12k 5 visits Acme renewal`; for an earlier day, "
        "`/target log yesterday 12k` or `/target log 2027-01-05 12k`."
    ),
    "text.cut.checkin": (
        "(Your message was long: only its first {limit} characters were read and kept; figures "
        "after them were not counted.)"
    ),
    "text.cut.title": "(The title was long: only its first {limit} characters were kept.)",
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
    "count.proposals": "{n} proposals",
    "count.proposals.one": "1 proposal",
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
    "actions.none": "no set activity",
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
    "review.text": "Weekly review for {team}, {start} to {end}: the week's numbers, four questions",
    "review.header": "Weekly review · {team} · {start} – {end}",
    "review.rep.met": ":white_check_mark: <@{user}>: {actual} of {target} ({pct})",
    "review.rep.missed": ":warning: <@{user}>: {actual} of {target} ({pct})",
    "review.questions": "*Please answer in this thread:*",
    "review.q.done": "What did you get done this week?",
    "review.q.missed": "If you missed your target, why?",
    "review.q.worked": "If you beat it, what worked?",
    "review.q.support": "What support do you need next week?",
    "review.how": "Each reply in this thread is kept as your review answer for the week.",
    "summary.text": "Your team's week of {start}: {actual} of {target} ({pct})",
    "summary.header": "Team summary · week of {start} – {end}",
    "summary.rep": (
        "<@{user}> · {label}{flag}\n"
        "Last week: {week_actual} of {week_target} ({week_pct}) · "
        "Period to date: {actual} of {target} ({pct}) · Period target: {period_target}"
    ),
    "summary.more": "…and {count} more.",
    "summary.at_risk": "*At risk*",
    "summary.risk": ":warning: <@{user}> ({label}):\n{reasons}",
    "summary.no_risk": "Nobody is at risk this week. :tada:",
    "summary.notes": "*Weekly review answers*",
    "summary.notes.rep": "<@{user}>:",
    "summary.notes.more": "…and {count} more in the review threads.",
    "summary.chart.title": "Cumulative target vs actual, to {end}",
    "summary.chart.target": "{name} target",
    "summary.chart.actual": "{name} actual",
    "summary.chart.comment": (
        "Cumulative target vs actual per rep, period to date (week of {start})."
    ),
    "nudge.text": "{days} days to {title}: {gap} behind pace",
    "nudge.header": ":hourglass_flowing_sand: *A milestone is coming up and you are behind pace*",
    "nudge.line": (
        "*{title}* on {day}, in {days} days: {actual} won, {expected} due by now "
        "toward {amount}. Short by {gap}."
    ),
    "nudge.missed": (
        ":hourglass: Milestone *{title}* ({day}) was missed: {actual} of {amount}, {gap} short. "
        "Tell your manager what would help you catch up."
    ),
    "nudge.missed.manager": (
        ":hourglass: <@{user}> missed milestone *{title}* ({day}): {actual} of {amount}, "
        "{gap} short."
    ),
    "nudge.tip": (
        "Your morning plan spreads the gap over the days left; "
        "ask your manager early if you need help."
    ),
    "risk.warning": ":warning: Risk for <@{user}> ({label}): {reason}",
    "risk.critical": ":rotating_light: Serious risk for <@{user}> ({label}): {reason}",
    "risk.tip": "A word with <@{user}> now may help: what support do they need?",
    "celebrate.milestone": ":tada: Milestone *{title}* beaten: {actual} of {amount}. Well done!",
    "celebrate.period": (
        ":trophy: You beat your {label} target: {actual} of {target}. Congratulations!"
    ),
    # /target split
    "help.split.usage": "/target split [PERIOD]",
    "help.split.summary": (
        "Split your or your team’s target by region, channel, customer type, product line or "
        "rep, in percentages or amounts: a form previews each part to the cent."
    ),
    "help.split.example": "/target split 2027Q1",
    "split.opened": "Opening the split form…",
    "split.none": (
        "You have no active target to split. Set one first, e.g. `/target set 500万 this quarter`."
    ),
    "split.stale": (
        "This target has been replaced or is no longer yours to split. Nothing was changed."
    ),
    "split.title": "Split a target",
    "split.submit": "Save split",
    "split.close": "Cancel",
    "split.close.done": "Close",
    "split.target.label": "Target",
    "split.target.team": "team {team}",
    "split.dimension.label": "Split by",
    "split.dimension.region": "Region",
    "split.dimension.channel": "Channel",
    "split.dimension.customer_type": "Customer type",
    "split.dimension.product": "Product line",
    "split.dimension.rep": "Rep",
    "split.dimension.team": "Team",
    "split.mode.label": "As",
    "split.mode.percent": "Percentages",
    "split.mode.amount": "Amounts",
    "split.parts.label": "Parts",
    "split.parts.hint": "One part per line or separated by commas, e.g. {example}",
    "split.parts.required": "Type the parts to split the target into.",
    "split.preview.empty": "Type the parts to see each one’s amount here.",
    "split.preview.title": "*{total}* by {dimension}, {count} parts:",
    "split.preview.line": "• {part}: *{amount}* ({exact})",
    "split.preview.error": ":warning: {message}",
    "split.done": "Saved: *{total}* split by {dimension} into {count} parts.",
    "help.manager.usage": "/target manager add @user",
    "help.manager.summary": (
        "Admins: make someone a manager, who can then build a team and set their reps' targets."
    ),
    "help.manager.example": "/target manager add @dana",
    "help.milestone.usage": "/target milestone [add DATE AMOUNT [@owner] [title]]",
    "help.milestone.summary": "List upcoming milestones, or add a dated checkpoint with an owner.",
    "help.milestone.example": "/target milestone add 2027-01-31 1.7M @alice January close",
    "help.away.usage": "/target away DATE[..DATE] [@rep] | away clear DATE",
    "help.away.summary": "Days off carry no target: your share moves to your other working days.",
    "help.away.example": "/target away 2027-01-08..2027-01-09",
    "help.settings.usage": "/target settings [NAME VALUE]",
    "help.settings.summary": (
        "Admins: calendar, currency, language, time zone and the times of the daily prompt, "
        "evening check-in and weekly review."
    ),
    "help.settings.example": "/target settings prompt 09:00",
    "team.title": "Team {name}",
    "team.manager": "Manager: {manager} · Channel: {channel}",
    "team.no_channel": "none yet (set one with `/target team channel #sales`)",
    "team.empty": "Nobody in the team yet. Add reps with `/target team add @alice @bob`.",
    "team.member": "• {user}",
    "team.member.no_target": "• {user}: no active target",
    "team.member.attainment": "• {user}: {actual} of {total} ({pct})",
    "team.none.manager": "You have no team yet. Build one with `/target team add @alice @bob`.",
    "team.none.rep": (
        "You are not in a team yet: your manager adds you with `/target team add @you`."
    ),
    "team.usage": (
        "Try `/target team`, `/target team add @alice @bob`, `/target team remove @alice` or "
        "`/target team channel #sales`."
    ),
    "team.refused.not_manager": (
        "Only managers and admins change teams, and you are not a manager in Summit. Nothing was "
        "changed; ask an admin to make you one with `/target manager add @you`."
    ),
    "team.refused.self": (
        "You manage this team, so you can't be one of its reps. Nothing was changed. Example: "
        "`/target team add @alice`."
    ),
    "team.refused.other_manager": (
        "<@{user}> reports to <@{manager}>: only an admin can move them to your team. Nothing "
        "was changed."
    ),
    "team.refused.no_team": (
        "You have no team to remove anyone from. Build one with `/target team add @alice`."
    ),
    "team.refused.not_in_team": (
        "<@{user}> is not in your team, so there is nothing to remove. Nothing was changed."
    ),
    "team.mention.broadcast": (
        "Teams are made of named people, not {text}. Mention each rep, e.g. `/target team add "
        "@alice @bob`."
    ),
    "team.add.done": (
        ":white_check_mark: Added {users} to team {team} ({count} members). They now report to you."
    ),
    "team.remove.done": (
        ":white_check_mark: Removed {users} from team {team} ({count} members left)."
    ),
    "team.channel.usage": (
        "I can't read “{text}” as a channel. Pick it from Slack's # menu, e.g. `/target team "
        "channel #sales`."
    ),
    "team.channel.unknown": (
        "I can't find <#{channel}>: it does not exist, or it is private and I am not in it. "
        "Nothing was changed. Invite me with `/invite @Summit`, then try again."
    ),
    "team.channel.not_channel": (
        "<#{channel}> is a direct message, not a channel. Nothing was changed. Example: `/target "
        "team channel #sales`."
    ),
    "team.channel.archived": (
        "<#{channel}> is archived, so I can't post there. Nothing was changed."
    ),
    "team.channel.not_member": (
        "I am not a member of <#{channel}>, so I can't post the team's reviews there. Nothing "
        "was changed. Invite me with `/invite @Summit` in that channel, then try again."
    ),
    "team.channel.done": (
        ":white_check_mark: Team {team}'s weekly reviews will go to <#{channel}>; the manager's "
        "summary stays in their DM."
    ),
    "manager.usage": "Name one person to make a manager, e.g. `/target manager add @dana`.",
    "manager.refused.not_admin": (
        "Only workspace admins can make managers. Nothing was changed; ask an admin."
    ),
    "manager.already_admin": (
        "<@{user}> is a workspace admin, and admins already act as managers. Nothing was changed."
    ),
    "manager.already": "<@{user}> is already a manager. Nothing was changed.",
    "manager.done": (
        ":white_check_mark: <@{user}> is now a manager: they can build a team with `/target team "
        "add` and set their reps' targets."
    ),
    "milestone.usage": (
        "Give a date and an amount, e.g. `/target milestone add 2027-01-31 1.7M @alice January "
        "close`."
    ),
    "milestone.one_owner": (
        "A milestone has one owner. Example: `/target milestone add 2027-01-31 1.7M @alice`."
    ),
    "milestone.mention.broadcast": (
        "A milestone's owner is one named person, not {text}. Example: `/target milestone add "
        "2027-01-31 1.7M @alice`."
    ),
    "milestone.past": (
        "{day} has already passed: milestones are for days ahead. Example: `/target milestone "
        "add 2027-01-31 1.7M`."
    ),
    "milestone.default_title": "Milestone",
    "milestone.added": ":white_check_mark: Milestone *{title}* for <@{user}>: {amount} by {day}.",
    "milestone.none": (
        "No upcoming milestones. Add one with `/target milestone add 2027-01-31 1.7M`."
    ),
    "milestone.title": "*Upcoming milestones*",
    "milestone.line": "• {day} · *{title}* · {amount} · <@{user}>",
    "away.cmd.usage": (
        "Tell me which days you are away, e.g. `/target away 2027-01-08`, `/target away "
        "tomorrow` or `/target away 2027-01-08..2027-01-09`; `/target away clear 2027-01-08` "
        "takes one back."
    ),
    "away.cmd.past": (
        "{day} has already passed; away days are for today or later. Example: `/target away "
        "tomorrow`."
    ),
    "away.cmd.too_long": (
        "That is {days} days; away days cover at most {limit} at a time. Nothing was changed. "
        "Example: `/target away 2027-01-08..2027-01-09`."
    ),
    "away.cmd.done": ":palm_tree: Away on {days} ({count} days marked): no target on those days.",
    "away.cmd.done.one": ":palm_tree: Away on {days} (1 day marked): no target that day.",
    "away.cmd.already": "{days} is already marked as away. Nothing changed.",
    "away.cmd.cleared": (
        ":white_check_mark: {days} is a working day for you again ({count} days cleared)."
    ),
    "away.cmd.cleared.one": (
        ":white_check_mark: {days} is a working day for you again (1 day cleared)."
    ),
    "away.cmd.cleared.none": "{days} was not marked as away. Nothing changed.",
    "away.cmd.for": "For <@{user}>: {text}",
    "away.cmd.one_person": (
        "Away days are for one person at a time. Example: `/target away 2027-01-08 @alice`."
    ),
    "away.cmd.next": (
        "{period}: your share moves to your {days} working days; next working day {day} now asks "
        "for *{amount}*."
    ),
    "settings.title": "*Workspace settings*",
    "settings.calendar": "Calendar: {value}",
    "settings.currency": "Currency: {value}",
    "settings.language": "Language: {value}",
    "settings.language.auto": "auto (each person's Slack language)",
    "settings.language.en": "English",
    "settings.language.zh-Hans": "Simplified Chinese (简体中文)",
    "settings.language.zh-Hant": "Traditional Chinese (繁體中文)",
    "settings.tz": "Time zone: {value}",
    "settings.prompt": "Daily prompt: {value}",
    "settings.checkin": "Evening check-in: {value}",
    "settings.review": "Weekly review: {day} {value}",
    "settings.how": (
        "Change one with e.g. `/target settings calendar cn`, `currency USD`, `language auto`, "
        "`timezone Asia/Shanghai`, `prompt 09:00`, `checkin 18:00`, `review fri 16:00`."
    ),
    "settings.admins_only": "Only workspace admins can change these.",
    "settings.saved": ":white_check_mark: Saved.",
    "settings.refused.not_admin": (
        "Only workspace admins can change settings. Nothing was changed; `/target settings` "
        "shows the current ones."
    ),
    "settings.unknown": (
        "There is no setting called “{name}”. Try one of calendar, currency, language, timezone, "
        "prompt, checkin, review, e.g. `/target settings prompt 09:00`."
    ),
    "settings.bad.calendar": (
        "“{value}” is not a calendar. Example: `/target settings calendar cn` (or us, jp, none)."
    ),
    "settings.bad.currency": (
        "“{value}” is not a currency code. Example: `/target settings currency USD`."
    ),
    "settings.bad.language": (
        "“{value}” is not a language I speak. Example: `/target settings language zh` (or en, "
        "zh-hant, auto)."
    ),
    "settings.bad.tz": (
        "“{value}” is not a time zone. Example: `/target settings timezone Asia/Shanghai`."
    ),
    "settings.bad.daily_prompt_at": (
        "“{value}” is not a time of day. Example: `/target settings prompt 09:00`."
    ),
    "settings.bad.evening_checkin_at": (
        "“{value}” is not a time of day. Example: `/target settings checkin 18:00`."
    ),
    "settings.bad.weekly_review": (
        "“{value}” is not a weekday and time. Example: `/target settings review fri 16:00`."
    ),
}
