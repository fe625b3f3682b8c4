"""简体中文 messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.generic": (
        "抱歉，Summit 这边出了点问题。请稍后再试；如果一直这样，请联系你们的 Slack 管理员。"
    ),
    "command.unknown": (
        "我不认识 `/target {word}`。输入 `/target 帮助` 查看全部命令，例如 `/target 进度`。"
    ),
    "command.not_available": (
        "`/target {command}` 暂未开放，很快就来。现在可以输入 `/target 帮助` 看看能做什么。"
    ),
    "help.title": "Summit /target 命令",
    "help.intro": (
        "把大目标拆成每天的小步子。金额可写 500万、1.2亿、五百万、120k；"
        "周期可写 2027、2027Q1、2027-03、本季度、下个月。"
    ),
    "help.example": "示例：`{example}`",
    "help.aliases": "也可以用英文：set、log、status、plan、team、help。",
    "help.set.usage": "/target 设定 金额 周期 [@成员 …]",
    "help.set.summary": "为一个周期设定销售目标：给自己，或由经理分配给下属。",
    "help.set.example": "/target 设定 500万 本季度 @alice",
    "help.log.usage": "/target 记录 金额 [备注]",
    "help.log.summary": "记录今天的成交，进度和明天的目标随之更新。",
    "help.log.example": "/target 记录 3.5万 华东客户续约",
    "help.status.usage": "/target 进度",
    "help.status.summary": "查看完成率、进度、预测，以及每个工作日还需完成多少。",
    "help.status.example": "/target 进度",
    "help.plan.usage": "/target 计划 [周期]",
    "help.plan.summary": "按月、周、工作日查看计划（已计入节假日和调休上班日）。",
    "help.plan.example": "/target 计划 2027-03",
    "help.team.usage": "/target 团队 [add @成员 …]",
    "help.team.summary": "经理：查看团队进度，或把成员加入团队。",
    "help.team.example": "/target 团队 add @bob @carol",
    "help.help.usage": "/target 帮助",
    "help.help.summary": "显示本列表。",
    "help.help.example": "/target 帮助",
    "home.welcome": "欢迎，<@{user}>！:wave:",
    "home.intro": (
        "Summit 把大的销售目标拆成每天的小步子：每个工作日早上给你当天的数字和行动，"
        "晚上简短回顾，每周一次复盘。"
    ),
    "home.commands": "可以输入的命令",
    "home.footer": "在任何频道输入 `/target 帮助` 都能再次看到这份列表。",
    "mention.hint": "你好 <@{user}>！我通过 `/target` 工作：输入 `/target 帮助` 看看我能做什么。",
    "log.usage": (
        "请告诉我成交了多少，例如 `/target 记录 3.5万 拜访4家 华东客户`；"
        "补记以前的日子：`/target 记录 昨天 2万` 或 `/target 记录 2027-01-05 3万`。"
    ),
    "log.recorded": "已记录 {day}：{amount}{details}。",
    "log.already": "这条已经记录过了：{day} {amount}{details}。",
    "log.future": "{day} 还没到，只能记录今天或之前的日子。例如：`/target 记录 昨天 2万`。",
    "log.outside_period": (
        "{day} 不在你当前目标的周期内（{start} 至 {end}）。例如：`/target 记录 {start} 2万`。"
    ),
    "log.bad_date": "“{day}”不是有效的日期。例如：`/target 记录 2027-01-05 3万`。",
    "log.today": "今天：{actual} / {target}。",
    "log.pace.ahead": "{period}：已完成 {actual} / {total}（{pct}），领先计划。",
    "log.pace.on_track": "{period}：已完成 {actual} / {total}（{pct}），进度正常。",
    "log.pace.behind": "{period}：已完成 {actual} / {total}（{pct}），落后计划 {gap}。",
    "log.next": "下个工作日（{day}）需完成 {amount}。",
    "log.next_done": "{period} 的目标已经达成，之后的都是超额！",
    "log.last_day": "今天是 {period} 的最后一个工作日，还差 {remaining}。",
    "log.no_target": (
        "你还没有生效的目标，这条先记下，但暂不计入计划。设定目标：`/target 设定 500万 本季度`。"
    ),
    "undo.done": "已撤销 {day} 的 {amount}{details}。",
    "undo.nothing": "没有可以撤销的记录。记录一笔：`/target 记录 3.5万`。",
    "checkin.unreadable": "没看懂这条汇报，所以没有记录。{reason}",
    "checkin.edited": "已更新 {day} 的记录：{amount}{details}。",
    "checkin.edit_unreadable": "没看懂修改后的消息，{day} 的记录仍为 {amount}。{reason}",
    "checkin.deleted": "消息已删除，{day} 的 {amount} 不再计入。",
    "count.visits": "拜访{n}次",
    "count.visits.one": "拜访1次",
    "count.calls": "电话{n}个",
    "count.calls.one": "电话1个",
    "count.deals": "成交{n}单",
    "count.deals.one": "成交1单",
    "count.new_customers": "新客户{n}个",
    "count.new_customers.one": "新客户1个",
    "count.collections": "回款{amount}",
    "count.details": "（{items}）",
    "count.separator": "，",
    "date.day": "{month_name}{day}日（{weekday}）",
    "month.1": "1月",
    "month.2": "2月",
    "month.3": "3月",
    "month.4": "4月",
    "month.5": "5月",
    "month.6": "6月",
    "month.7": "7月",
    "month.8": "8月",
    "month.9": "9月",
    "month.10": "10月",
    "month.11": "11月",
    "month.12": "12月",
    "weekday.0": "周一",
    "weekday.1": "周二",
    "weekday.2": "周三",
    "weekday.3": "周四",
    "weekday.4": "周五",
    "weekday.5": "周六",
    "weekday.6": "周日",
    # 早间计划（daily-prompts）
    "prompt.text": "早上好！今天的目标：{amount}",
    "prompt.header": "{day} 的计划",
    "prompt.amount": "*今天：{amount}*（{label}）",
    "prompt.makeup": "其中 {extra} 用于补上前几天的缺口（今天原计划：{planned}）。",
    "prompt.actions": "对应行动：拜访 {visits} 次 · 方案 {proposals} 份 · 签约 {signings} 单",
    "prompt.month": "本月：{actual} / {target}（{pct}）",
    "prompt.period": "{label}：{actual} / {target}（{pct}）",
    "prompt.on_track": "进度正常。",
    "prompt.behind": "落后于截至昨天应完成的进度。",
    "prompt.provisional": "本期节假日为估算，官方安排公布后会更新。",
    "prompt.button.log": "记录结果",
    "prompt.button.away": "今天不在",
    "prompt.button.help": "需要帮助",
    "actions.visits.one": "拜访 {count} 次",
    "actions.visits.other": "拜访 {count} 次",
    "actions.proposals.one": "方案 {count} 份",
    "actions.proposals.other": "方案 {count} 份",
    "actions.signings.one": "签约 {count} 单",
    "actions.signings.other": "签约 {count} 单",
    "actions.separator": "、",
    "plan.title": "你的计划：{amount} · {period}",
    "plan.summary": "*{view}*：{amount}，共 {days} 个工作日",
    "plan.months": "按月：{months}",
    "plan.weeks": "按周：{weeks}",
    "plan.weeks_title": "*按周*",
    "plan.this_week": "*本周*",
    "plan.first_week": "*第一周*",
    "plan.day.today": "今天 {day}：*{amount}*，{actions}",
    "plan.day.first": "第一个工作日 {day}：*{amount}*，{actions}",
    "plan.day.away": "请假",
    "plan.provisional": (
        ":warning: {years} 年的节假日安排尚未正式公布，目前按规则推算，公布后计划可能会调整。"
    ),
    "plan.none.period": "你在 {period} 没有生效的目标。可以这样设定：`/target set 500万 {period}`",
    "set.done.one": ":white_check_mark: 已为 {who} 设定目标：{period} *{amount}*。",
    "set.done.each": ":white_check_mark: 已为 {who} 设定目标：{period} 每人 *{amount}*。",
    "set.done.split": ":white_check_mark: {period} 目标 *{amount}* 由 {who} 平分。",
    "set.replaced": "原目标已被替换。",
    "set.mode_default": "多人时默认每人各自承担全额；如需平分，请在命令后加上 `平分`。",
    "set.more": "……还有 {count} 人。",
    "set.owner": "*<@{user}>* · {amount} · {days} 个工作日",
    "set.dm": (
        "{manager} 为你设定了目标：{period} *{amount}*。分解如下；"
        "每个工作日早上我会发给你当天的目标。"
    ),
    "set.confirm.question": "这会把 {period} 现有的目标替换为 *{amount}*。确定替换吗？",
    "set.confirm.line": "• <@{user}> 现有目标 {amount}（由 <@{by}> 设定）",
    "set.confirm.replace": "替换",
    "set.confirm.cancel": "取消",
    "set.confirm.cancelled": "已取消，没有任何改动。",
    "set.confirm.stale": "这个按钮已失效，请重新输入 `/target set` 命令。",
    "set.refused.assigned": (
        "<@{by}> 已经为你设定了这个周期的目标，只有他们（或管理员）可以修改。未做任何改动；"
        "如需调整，请联系他们。"
    ),
    "set.refused.not_manager": (
        "只有经理可以为他人设定目标，你在 Summit 中还不是经理。请联系管理员，或为自己设定："
        "`/target set 500万 本季度`。"
    ),
    "set.refused.admin": (
        "<@{user}> 是工作区管理员，只有本人或其他管理员可以设定其目标。未做任何改动。"
    ),
    "set.refused.other_manager": (
        "<@{user}> 的经理是 <@{manager}>，只有其经理或管理员可以设定目标。未做任何改动。"
    ),
    "set.mention.broadcast": (
        "目标只能分配给具体的人，不能用 {text}。请逐个 @ 销售，例如：`/target set 500万 "
        "2027Q1 @alice @bob`。"
    ),
    "set.mention.unknown": (
        "无法识别 {text} 是谁。请从 Slack 的 @ 菜单中选择成员，例如：`/target set 500万 "
        "2027Q1 @alice`。"
    ),
    "set.user.not_found": (
        "<@{user}> 不是本工作区的成员，无法为其设定目标。未做任何改动。"
        "请从 Slack 的 @ 菜单中选择成员，例如：`/target set 500万 2027Q1 @alice`。"
    ),
    "set.user.bot": "<@{user}> 是机器人，目标只能分配给人。未做任何改动。",
    "set.user.deactivated": "<@{user}> 的 Slack 账号已停用，无法为其设定目标。未做任何改动。",
    "set.user.other_workspace": (
        "<@{user}> 属于其他工作区，Summit 只为本工作区的成员制定计划。未做任何改动。"
    ),
    "status.title.own": "*你的进度*",
    "status.title.other": "*<@{user}> 的进度*",
    "status.none.own": "你还没有生效的目标。可以这样设定：`/target set 500万 本季度`",
    "status.none.other": (
        "<@{user}> 还没有生效的目标。可以这样设定：`/target set 500万 本季度 <@{user}>`"
    ),
    "status.target": "*{amount}* · {period}",
    "status.attainment": "已完成：{actual} / {total}（{pct}）",
    "status.pace.behind": "进度：:warning: 落后 {gap}",
    "status.pace.ahead": "进度：:rocket: 领先 {gap}",
    "status.pace.on_track": "进度：:white_check_mark: 按计划进行",
    "status.forecast": "按当前节奏预计完成：{amount}",
    "status.forecast.none": "预测：已记录的工作日还不够。",
    "status.required": "还需：剩余 {days} 个工作日，每天 {amount}",
    "status.done": "目标已全部完成 :tada:",
    "status.streak": "连续达标：{days} 个工作日",
    "status.today": "今天 {day}：*{amount}*，{actions}",
    "status.today.shortfall": "（含补足前几天的差额 {extra}）",
    "status.today.off": "今天不是工作日，没有目标。",
    "status.milestone": "下一个里程碑：{day} *{title}*{amount}",
    "status.one_user": "一次只能查看一个人的进度。例如：`/target status @alice`",
    "status.mention.broadcast": (
        "一次只能查看一个人的进度，不能用 {text}。例如：`/target status @alice`"
    ),
    "status.refused.not_manager": (
        "你可以用 `/target status` 查看自己的进度；<@{user}> 的数据只有其经理和管理员可以查看。"
    ),
    "status.refused.not_your_rep": "<@{user}> 不在你的团队中，其数据只有他的经理或管理员可以查看。",
    "evening.question": (
        "今天进展如何？在这个话题里回复你的成交和行动，例如 `签了3.5万，拜访4家客户`。"
    ),
}
