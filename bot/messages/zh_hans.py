"""简体中文 messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.busy": "Summit 现在有点忙，这次什么都没有保存。请稍后再试一次。",
    "error.generic": (
        "抱歉，Summit 这边出了点问题。请稍后再试；如果一直这样，请联系你们的 Slack 管理员。"
    ),
    "command.unknown": (
        "我不认识 `/target {word}`。输入 `/target 帮助` 查看全部命令，例如 `/target 进度`。"
    ),
    "help.title": "Summit /target 命令",
    "help.intro": (
        "把大目标拆成每天的小步子。金额可写 500万、1.2亿、五百万、120k；"
        "周期可写 2027、2027Q1、2027-03、本季度、下个月。"
    ),
    "help.example": "示例：`{example}`",
    "help.aliases": (
        "也可以用英文：set、log、status、plan、split、team、manager、milestone、away、settings、help。"
    ),
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
    "help.team.usage": "/target 团队 [添加|移除 @成员 …] [频道 #频道]",
    "help.team.summary": "查看团队；经理还能看到每位成员的进度，添加或移除成员，指定团队频道。",
    "help.team.example": "/target 团队 添加 @bob @carol",
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
    # App Home 仪表盘
    "home.no_target": (
        "你还没有生效的目标。用 `/target set` 设定一个，例如：\n"
        "• `/target set 500万 本季度`\n"
        "• `/target set 12万 下个月`\n"
        "• 经理为下属设定：`/target set 500万 2027Q1 @alice`"
    ),
    "home.target": "{amount} · {period}",
    "home.field.week": "*本周*\n{actual} / {target}",
    "home.field.attainment": "*已完成*\n{actual} / {total}（{pct}）",
    "home.field.pace": "*进度*\n{status}",
    "home.field.forecast": "*预计完成*\n{amount}",
    "home.field.required": "*每个工作日还需*\n{amount}，共 {days} 天",
    "home.field.done": "*还需*\n无：目标已完成 :tada:",
    "home.status.ahead": ":rocket: 领先",
    "home.status.on_track": ":white_check_mark: 按计划",
    "home.status.behind": ":warning: 落后",
    "home.status.ahead_by": ":rocket: 领先 {gap}",
    "home.status.behind_by": ":warning: 落后 {gap}",
    "home.team": "你的团队",
    "home.team.empty": (
        "还没有人向你汇报。给某人设定目标，他就成为你的下属：`/target set 500万 2027Q1 @alice`。"
    ),
    "home.team.name": "*<@{user}>*",
    "home.team.no_target": "没有生效的目标。",
    "home.team.target": "*目标*\n{amount}",
    "home.team.actual": "*已完成*\n{amount}",
    "home.team.attainment": "*完成率*\n{pct}",
    "home.team.status": "*进度*\n{status}",
    "home.team.more": "……还有 {count} 人未在此显示。",
    # 晨间提醒的按钮和弹窗
    "modal.cancel": "取消",
    "modal.close": "关闭",
    "modal.log.title": "记录结果",
    "modal.log.submit": "记录",
    "modal.log.intro": "*{day}* 你签了多少、做了什么？",
    "modal.log.amount": "成交金额",
    "modal.log.amount.placeholder": "3.5万",
    "modal.log.amount.hint": "例如 3.5万、12万、¥8,000；没有成交就填 0。",
    "modal.log.visits": "拜访",
    "modal.log.calls": "电话",
    "modal.log.note": "备注",
    "modal.log.note.placeholder": "某某公司续约已签",
    "modal.log.count_invalid": "请填 0 到 {max} 的整数，例如 3。",
    "modal.away.title": "请假",
    "modal.away.submit": "标记为不在",
    "modal.away.question": (
        "把 *{day}* 标记为不在岗？这一天不设目标，其余计划会分摊到你的其他工作日。"
    ),
    "modal.away.reason": "原因（可选）",
    "modal.away.reason.placeholder": "培训、病假、展会……",
    "modal.help.title": "需要帮助",
    "modal.help.submit": "发送",
    "modal.help.intro": "告诉经理你需要什么帮助。他会收到你的留言和你在 *{day}* 的进度。",
    "modal.help.text": "你需要什么帮助？",
    "modal.help.placeholder": "某客户的报价需要审批；周四一起拜访……",
    "modal.help.empty": "请写下你需要的帮助，例如“周四一起拜访某客户”。",
    "needhelp.manager": ":sos: <@{user}> 请求你的帮助（{day}）：",
    "needhelp.no_target": "他目前没有生效的目标。",
    "needhelp.no_manager": (
        "你在 Summit 里还没有经理，所以没有可以发送的人，什么都没有发出。"
        "经理给你设定目标后就会成为你的经理（`/target set 500万 2027Q1 @你`）。"
    ),
    "needhelp.sent": "已发送给 <@{manager}>，并附上你的进度。:raised_hands:",
    "away.done": ":palm_tree: 已把 {day} 标记为不在岗：这一天没有目标。",
    "away.already": "{day} 已经标记为不在岗。",
    "away.next": "你的下一个工作日 {day} 现在需要 {amount}。",
    "away.no_target": "你没有生效的目标，计划无需调整。",
    "away.no_days_left": "{period} 在这之后没有剩余的工作日了。",
    "mention.hint": "你好 <@{user}>！我通过 `/target` 工作：输入 `/target 帮助` 看看我能做什么。",
    "log.usage": (
        "请告诉我成交了多少，例如 `/target 记录 3.5万 拜访4家 华东客户`；"
        "补记以前的日子：`/target 记录 昨天 2万` 或 `/target 记录 2027-01-05 3万`。"
    ),
    "text.cut.checkin": "（消息太长：只读取并保存了前 {limit} 个字符，之后的数字没有计入。）",
    "text.cut.title": "（标题太长：只保留了前 {limit} 个字符。）",
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
    "count.proposals": "方案{n}份",
    "count.proposals.one": "方案1份",
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
    "actions.none": "无硬性行动指标",
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
    "review.text": "{team} 周复盘（{start} 至 {end}）：本周数据和四个问题",
    "review.header": "周复盘 · {team} · {start} 至 {end}",
    "review.rep.met": ":white_check_mark: <@{user}>：完成 {actual} / 目标 {target}（{pct}）",
    "review.rep.missed": ":warning: <@{user}>：完成 {actual} / 目标 {target}（{pct}）",
    "review.questions": "*请在本话题中回复：*",
    "review.q.done": "本周完成了哪些工作？",
    "review.q.missed": "如果没有达成目标，原因是什么？",
    "review.q.worked": "如果超额完成，哪些做法有效？",
    "review.q.support": "下周需要哪些支持？",
    "review.how": "你在本话题中的每条回复都会记为你本周的复盘。",
    "summary.text": "团队 {start} 当周：完成 {actual} / 目标 {target}（{pct}）",
    "summary.header": "团队周报 · {start} – {end}",
    "summary.rep": (
        "<@{user}> · {label}{flag}\n"
        "上周：{week_actual} / {week_target}（{week_pct}）· "
        "本期至今：{actual} / {target}（{pct}）· 本期目标：{period_target}"
    ),
    "summary.more": "……另有 {count} 人。",
    "summary.at_risk": "*风险提示*",
    "summary.risk": ":warning: <@{user}>（{label}）：\n{reasons}",
    "summary.no_risk": "本周没有人处于风险中。:tada:",
    "summary.notes": "*周复盘回复*",
    "summary.notes.rep": "<@{user}>：",
    "summary.notes.more": "……另有 {count} 人的回复，见复盘讨论串。",
    "summary.chart.title": "累计目标与实际（截至 {end}）",
    "summary.chart.target": "{name} 目标",
    "summary.chart.actual": "{name} 实际",
    "summary.chart.comment": "每位成员本期至今的累计目标与实际（{start} 当周）。",
    "nudge.text": "距离{title}还有 {days} 天：落后进度 {gap}",
    "nudge.header": ":hourglass_flowing_sand: *里程碑临近，你的进度落后了*",
    "nudge.line": (
        "*{title}*（{day}，还有 {days} 天）：已完成 {actual}，按进度此时应完成 {expected}，"
        "里程碑目标 {amount}。还差 {gap}。"
    ),
    "nudge.missed": (
        ":hourglass: 里程碑 *{title}*（{day}）未达成：完成 {actual} / {amount}，差 {gap}。"
        "需要什么支持来追上，请告诉经理。"
    ),
    "nudge.missed.manager": (
        ":hourglass: <@{user}> 未达成里程碑 *{title}*（{day}）："
        "完成 {actual} / {amount}，差 {gap}。"
    ),
    "nudge.tip": "每日计划会把差额分摊到剩余工作日；需要支持请尽早告诉经理。",
    "risk.warning": ":warning: <@{user}>（{label}）有风险：{reason}",
    "risk.critical": ":rotating_light: <@{user}>（{label}）风险严重：{reason}",
    "risk.tip": "现在和 <@{user}> 聊一聊也许有帮助：他们需要什么支持？",
    "celebrate.milestone": ":tada: 里程碑 *{title}* 已达成：完成 {actual} / {amount}。干得漂亮！",
    "celebrate.period": ":trophy: 你已超额完成 {label} 的目标：{actual} / {target}。恭喜！",
    # /target split
    "help.split.usage": "/target 拆分 [周期]",
    "help.split.summary": (
        "按区域、渠道、客户类型、产品线或销售拆分你或团队的目标，按比例或按金额；"
        "表单会实时预览每一项（精确到分）。"
    ),
    "help.split.example": "/target 拆分 2027Q1",
    "split.opened": "正在打开拆分表单…",
    "split.none": "你没有可拆分的目标。请先设定一个，例如 `/target set 500万 本季度`。",
    "split.stale": "这个目标已被替换，或你已无权拆分。未做任何改动。",
    "split.title": "拆分目标",
    "split.submit": "保存拆分",
    "split.close": "取消",
    "split.close.done": "关闭",
    "split.target.label": "目标",
    "split.target.team": "团队 {team}",
    "split.dimension.label": "拆分维度",
    "split.dimension.region": "区域",
    "split.dimension.channel": "渠道",
    "split.dimension.customer_type": "客户类型",
    "split.dimension.product": "产品线",
    "split.dimension.rep": "销售",
    "split.dimension.team": "团队",
    "split.mode.label": "方式",
    "split.mode.percent": "按比例",
    "split.mode.amount": "按金额",
    "split.parts.label": "拆分项",
    "split.parts.hint": "每行一项或用逗号分隔，例如 {example}",
    "split.parts.required": "请填写拆分项。",
    "split.preview.empty": "填写拆分项后，这里会显示每一项的金额。",
    "split.preview.title": "*{total}* 按{dimension}拆分为 {count} 项：",
    "split.preview.line": "• {part}：*{amount}*（{exact}）",
    "split.preview.error": ":warning: {message}",
    "split.done": "已保存：*{total}* 按{dimension}拆分为 {count} 项。",
    "help.manager.usage": "/target 经理 添加 @成员",
    "help.manager.summary": "管理员：把某人设为经理，经理可以组建团队并为下属设定目标。",
    "help.manager.example": "/target 经理 添加 @dana",
    "help.milestone.usage": "/target 里程碑 [添加 日期 金额 [@负责人] [名称]]",
    "help.milestone.summary": "查看即将到来的里程碑，或添加一个有日期和负责人的检查点。",
    "help.milestone.example": "/target 里程碑 添加 2027-01-31 170万 @alice 一月收官",
    "help.away.usage": "/target 休假 日期[..日期] [@成员] | 休假 取消 日期",
    "help.away.summary": "休假日不承担目标：你的份额移到其他工作日。",
    "help.away.example": "/target 休假 明天",
    "help.settings.usage": "/target 配置 [名称 值]",
    "help.settings.summary": "管理员：日历、币种、语言、时区，以及早报、晚间打卡和周复盘的时间。",
    "help.settings.example": "/target 配置 早报 09:00",
    "team.title": "团队 {name}",
    "team.manager": "经理：{manager} · 频道：{channel}",
    "team.no_channel": "尚未设置（用 `/target 团队 频道 #sales` 设置）",
    "team.empty": "团队里还没有成员。用 `/target 团队 添加 @alice @bob` 添加。",
    "team.member": "• {user}",
    "team.member.no_target": "• {user}：暂无生效目标",
    "team.member.attainment": "• {user}：{actual} / {total}（{pct}）",
    "team.none.manager": "你还没有团队。用 `/target 团队 添加 @alice @bob` 组建一个。",
    "team.none.rep": "你还不在任何团队中：经理可以用 `/target 团队 添加 @你` 把你加进来。",
    "team.usage": (
        "可以这样用：`/target 团队`、`/target 团队 添加 @alice @bob`、`/target 团队 移除 @alice` "
        "或 `/target 团队 频道 #sales`。"
    ),
    "team.refused.not_manager": (
        "只有经理和管理员可以调整团队，而你在 Summit 里还不是经理。未做任何更改；可请管理员用 "
        "`/target 经理 添加 @你` 设置。"
    ),
    "team.refused.self": (
        "你是这个团队的经理，不能同时是它的成员。未做任何更改。示例：`/target 团队 添加 @alice`。"
    ),
    "team.refused.other_manager": (
        "<@{user}> 的经理是 <@{manager}>：只有管理员能把他调到你的团队。未做任何更改。"
    ),
    "team.refused.no_team": "你还没有团队，无人可移除。用 `/target 团队 添加 @alice` 组建一个。",
    "team.refused.not_in_team": "<@{user}> 不在你的团队中，无需移除。未做任何更改。",
    "team.mention.broadcast": (
        "团队由具体的人组成，不能是 {text}。请逐个提及，例如 `/target 团队 添加 @alice @bob`。"
    ),
    "team.add.done": (
        ":white_check_mark: 已把 {users} 加入团队 {team}（共 {count} 人），他们现在向你汇报。"
    ),
    "team.remove.done": ":white_check_mark: 已把 {users} 移出团队 {team}（剩 {count} 人）。",
    "team.channel.usage": (
        "无法把“{text}”识别为频道。请从 Slack 的 # 菜单中选择，例如 `/target 团队 频道 #sales`。"
    ),
    "team.channel.unknown": (
        "找不到 <#{channel}>：频道不存在，或是我不在其中的私有频道。未做任何更改。请先用 "
        "`/invite @Summit` 邀请我，再试一次。"
    ),
    "team.channel.not_channel": (
        "<#{channel}> 是私信，不是频道。未做任何更改。示例：`/target 团队 频道 #sales`。"
    ),
    "team.channel.archived": "<#{channel}> 已归档，我无法在那里发消息。未做任何更改。",
    "team.channel.not_member": (
        "我不是 <#{channel}> 的成员，无法在那里发布团队复盘。未做任何更改。请在该频道用 `/invite "
        "@Summit` 邀请我，再试一次。"
    ),
    "team.channel.done": (
        ":white_check_mark: 团队 {team} 的周复盘将发到 <#{channel}>；经理的周报仍私信发送。"
    ),
    "manager.usage": "请指定一个人设为经理，例如 `/target 经理 添加 @dana`。",
    "manager.refused.not_admin": "只有工作区管理员可以设置经理。未做任何更改；请联系管理员。",
    "manager.already_admin": "<@{user}> 是工作区管理员，管理员本身就有经理权限。未做任何更改。",
    "manager.already": "<@{user}> 已经是经理了。未做任何更改。",
    "manager.done": (
        ":white_check_mark: <@{user}> 现在是经理了：可以用 `/target 团队 添加` 组建团队，并为下属"
        "设定目标。"
    ),
    "milestone.usage": (
        "请给出日期和金额，例如 `/target 里程碑 添加 2027-01-31 170万 @alice 一月收官`。"
    ),
    "milestone.one_owner": (
        "一个里程碑只有一位负责人。示例：`/target 里程碑 添加 2027-01-31 170万 @alice`。"
    ),
    "milestone.mention.broadcast": (
        "里程碑的负责人是一个具体的人，不能是 {text}。示例：`/target 里程碑 添加 2027-01-31 170万"
        " @alice`。"
    ),
    "milestone.past": (
        "{day} 已经过去了：里程碑只能设在以后的日子。示例：`/target 里程碑 添加 2027-01-31 170万`。"
    ),
    "milestone.default_title": "里程碑",
    "milestone.added": (
        ":white_check_mark: 已为 <@{user}> 添加里程碑 *{title}*：{day} 前完成 {amount}。"
    ),
    "milestone.none": "没有即将到来的里程碑。用 `/target 里程碑 添加 2027-01-31 170万` 添加一个。",
    "milestone.title": "*即将到来的里程碑*",
    "milestone.line": "• {day} · *{title}* · {amount} · <@{user}>",
    "away.cmd.usage": (
        "请告诉我哪几天休假，例如 `/target 休假 2027-01-08`、`/target 休假 明天` 或 `/target 休假"
        " 2027-01-08..2027-01-09`；`/target 休假 取消 2027-01-08` 可撤回。"
    ),
    "away.cmd.past": "{day} 已经过去了；休假只能从今天或以后开始。示例：`/target 休假 明天`。",
    "away.cmd.too_long": (
        "一共 {days} 天；一次最多休假 {limit} 天。未做任何更改。示例：`/target 休假 "
        "2027-01-08..2027-01-09`。"
    ),
    "away.cmd.done": ":palm_tree: 已登记休假 {days}（{count} 天）：这些天不承担目标。",
    "away.cmd.done.one": ":palm_tree: 已登记休假 {days}（1 天）：当天不承担目标。",
    "away.cmd.already": "{days} 已登记为休假，无需更改。",
    "away.cmd.cleared": ":white_check_mark: {days} 恢复为你的工作日（取消 {count} 天）。",
    "away.cmd.cleared.one": ":white_check_mark: {days} 恢复为你的工作日（取消 1 天）。",
    "away.cmd.cleared.none": "{days} 没有登记休假，无需更改。",
    "away.cmd.for": "<@{user}>：{text}",
    "away.cmd.one_person": "一次只能为一个人登记休假。示例：`/target 休假 2027-01-08 @alice`。",
    "away.cmd.next": (
        "{period}：你的份额分摊到 {days} 个工作日；下一个工作日 {day} 的目标现在是 *{amount}*。"
    ),
    "settings.title": "*工作区配置*",
    "settings.calendar": "日历：{value}",
    "settings.currency": "币种：{value}",
    "settings.language": "语言：{value}",
    "settings.language.auto": "自动（按每个人的 Slack 语言）",
    "settings.language.en": "英文",
    "settings.language.zh-Hans": "简体中文",
    "settings.language.zh-Hant": "繁体中文",
    "settings.tz": "时区：{value}",
    "settings.prompt": "早报：{value}",
    "settings.checkin": "晚间打卡：{value}",
    "settings.review": "周复盘：{day} {value}",
    "settings.how": (
        "修改示例：`/target 配置 日历 cn`、`币种 USD`、`语言 自动`、`时区 Asia/Shanghai`、`早报 "
        "09:00`、`晚报 18:00`、`周报 周五 16:00`。"
    ),
    "settings.admins_only": "只有工作区管理员可以修改这些配置。",
    "settings.saved": ":white_check_mark: 已保存。",
    "settings.refused.not_admin": (
        "只有工作区管理员可以修改配置。未做任何更改；`/target 配置` 可查看当前配置。"
    ),
    "settings.unknown": (
        "没有名为“{name}”的配置项。可用：日历、币种、语言、时区、早报、晚报、周报，例如 `/target "
        "配置 早报 09:00`。"
    ),
    "settings.bad.calendar": (
        "“{value}”不是可用的日历。示例：`/target 配置 日历 cn`（或 us、jp、none）。"
    ),
    "settings.bad.currency": "“{value}”不是币种代码。示例：`/target 配置 币种 CNY`。",
    "settings.bad.language": (
        "“{value}”不是我会说的语言。示例：`/target 配置 语言 中文`（或 en、繁體、自动）。"
    ),
    "settings.bad.tz": "“{value}”不是时区。示例：`/target 配置 时区 Asia/Shanghai`。",
    "settings.bad.daily_prompt_at": "“{value}”不是一天中的时间。示例：`/target 配置 早报 09:00`。",
    "settings.bad.evening_checkin_at": (
        "“{value}”不是一天中的时间。示例：`/target 配置 晚报 18:00`。"
    ),
    "settings.bad.weekly_review": (
        "“{value}”不是星期几加时间。示例：`/target 配置 周报 周五 16:00`。"
    ),
}
