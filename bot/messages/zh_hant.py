"""繁體中文 messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.busy": "Summit 現在有點忙，這次什麼都沒有儲存。請稍後再試一次。",
    "error.generic": (
        "抱歉，Summit 這邊出了點問題。請稍後再試；如果一直這樣，請聯絡你們的 Slack 管理員。"
    ),
    "command.unknown": (
        "我不認識 `/target {word}`。輸入 `/target 幫助` 查看全部指令，例如 `/target 進度`。"
    ),
    "help.title": "Summit /target 指令",
    "help.intro": (
        "把大目標拆成每天的小步驟。金額可寫 500萬、1.2億、五百萬、120k；"
        "週期可寫 2027、2027Q1、2027-03、本季度、下個月。"
    ),
    "help.example": "範例：`{example}`",
    "help.aliases": (
        "也可以用英文：set、log、status、plan、split、team、manager、milestone、away、settings、help。"
    ),
    "help.set.usage": "/target 設定 金額 週期 [@成員 …]",
    "help.set.summary": "為一個週期設定銷售目標：給自己，或由經理分配給下屬。",
    "help.set.example": "/target 設定 500萬 本季度 @alice",
    "help.log.usage": "/target 記錄 金額 [備註]",
    "help.log.summary": "記錄今天的成交，進度和明天的目標隨之更新。",
    "help.log.example": "/target 記錄 3.5萬 華東客戶續約",
    "help.status.usage": "/target 進度",
    "help.status.summary": "查看達成率、進度、預測，以及每個工作日還需完成多少。",
    "help.status.example": "/target 進度",
    "help.plan.usage": "/target 計劃 [週期]",
    "help.plan.summary": "按月、週、工作日查看計劃（已計入節假日和補班日）。",
    "help.plan.example": "/target 計劃 2027-03",
    "help.team.usage": "/target 團隊 [添加|移除 @成員 …] [頻道 #頻道]",
    "help.team.summary": "查看團隊；經理還能看到每位成員的進度，添加或移除成員，指定團隊頻道。",
    "help.team.example": "/target 團隊 添加 @bob @carol",
    "help.help.usage": "/target 幫助",
    "help.help.summary": "顯示本列表。",
    "help.help.example": "/target 幫助",
    "home.welcome": "歡迎，<@{user}>！:wave:",
    "home.intro": (
        "Summit 把大的銷售目標拆成每天的小步驟：每個工作日早上給你當天的數字和行動，"
        "晚上簡短回顧，每週一次檢討。"
    ),
    "home.commands": "可以輸入的指令",
    "home.footer": "在任何頻道輸入 `/target 幫助` 都能再次看到這份列表。",
    # App Home 儀表板
    "home.no_target": (
        "你還沒有生效的目標。用 `/target set` 設定一個，例如：\n"
        "• `/target set 500萬 本季度`\n"
        "• `/target set 12萬 下個月`\n"
        "• 經理為下屬設定：`/target set 500萬 2027Q1 @alice`"
    ),
    "home.target": "{amount} · {period}",
    "home.field.week": "*本週*\n{actual} / {target}",
    "home.field.attainment": "*已完成*\n{actual} / {total}（{pct}）",
    "home.field.pace": "*進度*\n{status}",
    "home.field.forecast": "*預計完成*\n{amount}",
    "home.field.required": "*每個工作日還需*\n{amount}，共 {days} 天",
    "home.field.done": "*還需*\n無：目標已完成 :tada:",
    "home.status.ahead": ":rocket: 領先",
    "home.status.on_track": ":white_check_mark: 按計畫",
    "home.status.behind": ":warning: 落後",
    "home.status.ahead_by": ":rocket: 領先 {gap}",
    "home.status.behind_by": ":warning: 落後 {gap}",
    "home.team": "你的團隊",
    "home.team.empty": (
        "還沒有人向你匯報。給某人設定目標，他就成為你的下屬：`/target set 500萬 2027Q1 @alice`。"
    ),
    "home.team.name": "*<@{user}>*",
    "home.team.no_target": "沒有生效的目標。",
    "home.team.target": "*目標*\n{amount}",
    "home.team.actual": "*已完成*\n{amount}",
    "home.team.attainment": "*達成率*\n{pct}",
    "home.team.status": "*進度*\n{status}",
    "home.team.more": "……還有 {count} 人未在此顯示。",
    # 晨間提醒的按鈕和彈窗
    "modal.cancel": "取消",
    "modal.close": "關閉",
    "modal.log.title": "記錄結果",
    "modal.log.submit": "記錄",
    "modal.log.intro": "*{day}* 你簽了多少、做了什麼？",
    "modal.log.amount": "成交金額",
    "modal.log.amount.placeholder": "3.5萬",
    "modal.log.amount.hint": "例如 3.5萬、12萬、¥8,000；沒有成交就填 0。",
    "modal.log.visits": "拜訪",
    "modal.log.calls": "電話",
    "modal.log.note": "備註",
    "modal.log.note.placeholder": "某某公司續約已簽",
    "modal.log.count_invalid": "請填 0 到 {max} 的整數，例如 3。",
    "modal.away.title": "請假",
    "modal.away.submit": "標記為不在",
    "modal.away.question": (
        "把 *{day}* 標記為不在崗？這一天不設目標，其餘計畫會分攤到你的其他工作日。"
    ),
    "modal.away.reason": "原因（可選）",
    "modal.away.reason.placeholder": "培訓、病假、展會……",
    "modal.help.title": "需要幫助",
    "modal.help.submit": "傳送",
    "modal.help.intro": "告訴經理你需要什麼幫助。他會收到你的留言和你在 *{day}* 的進度。",
    "modal.help.text": "你需要什麼幫助？",
    "modal.help.placeholder": "某客戶的報價需要審批；週四一起拜訪……",
    "modal.help.empty": "請寫下你需要的幫助，例如「週四一起拜訪某客戶」。",
    "needhelp.manager": ":sos: <@{user}> 請求你的幫助（{day}）：",
    "needhelp.no_target": "他目前沒有生效的目標。",
    "needhelp.no_manager": (
        "你在 Summit 裡還沒有經理，所以沒有可以傳送的人，什麼都沒有發出。"
        "經理給你設定目標後就會成為你的經理（`/target set 500萬 2027Q1 @你`）。"
    ),
    "needhelp.sent": "已傳送給 <@{manager}>，並附上你的進度。:raised_hands:",
    "away.done": ":palm_tree: 已把 {day} 標記為不在崗：這一天沒有目標。",
    "away.already": "{day} 已經標記為不在崗。",
    "away.next": "你的下一個工作日 {day} 現在需要 {amount}。",
    "away.no_target": "你沒有生效的目標，計畫無需調整。",
    "away.no_days_left": "{period} 在這之後沒有剩餘的工作日了。",
    "mention.hint": "你好 <@{user}>！我透過 `/target` 工作：輸入 `/target 幫助` 看看我能做什麼。",
    "log.usage": (
        "請告訴我成交了多少，例如 `/target 記錄 3.5萬 拜訪4家 華東客戶`；"
        "補記以前的日子：`/target 記錄 昨天 2萬` 或 `/target 記錄 2027-01-05 3萬`。"
    ),
    "text.cut.checkin": "（訊息太長：只讀取並儲存了前 {limit} 個字元，之後的數字沒有計入。）",
    "text.cut.title": "（標題太長：只保留了前 {limit} 個字元。）",
    "log.recorded": "已記錄 {day}：{amount}{details}。",
    "log.already": "這筆已經記錄過了：{day} {amount}{details}。",
    "log.future": "{day} 還沒到，只能記錄今天或之前的日子。例如：`/target 記錄 昨天 2萬`。",
    "log.outside_period": (
        "{day} 不在你目前目標的週期內（{start} 至 {end}）。例如：`/target 記錄 {start} 2萬`。"
    ),
    "log.bad_date": "「{day}」不是有效的日期。例如：`/target 記錄 2027-01-05 3萬`。",
    "log.today": "今天：{actual} / {target}。",
    "log.pace.ahead": "{period}：已完成 {actual} / {total}（{pct}），領先計畫。",
    "log.pace.on_track": "{period}：已完成 {actual} / {total}（{pct}），進度正常。",
    "log.pace.behind": "{period}：已完成 {actual} / {total}（{pct}），落後計畫 {gap}。",
    "log.next": "下個工作日（{day}）需完成 {amount}。",
    "log.next_done": "{period} 的目標已經達成，之後的都是超額！",
    "log.last_day": "今天是 {period} 的最後一個工作日，還差 {remaining}。",
    "log.no_target": (
        "你還沒有生效的目標，這筆先記下，但暫不計入計畫。設定目標：`/target 設定 500萬 本季度`。"
    ),
    "undo.done": "已撤銷 {day} 的 {amount}{details}。",
    "undo.nothing": "沒有可以撤銷的記錄。記錄一筆：`/target 記錄 3.5萬`。",
    "checkin.unreadable": "看不懂這則回報，所以沒有記錄。{reason}",
    "checkin.edited": "已更新 {day} 的記錄：{amount}{details}。",
    "checkin.edit_unreadable": "看不懂修改後的訊息，{day} 的記錄仍為 {amount}。{reason}",
    "checkin.deleted": "訊息已刪除，{day} 的 {amount} 不再計入。",
    "count.visits": "拜訪{n}次",
    "count.visits.one": "拜訪1次",
    "count.calls": "電話{n}通",
    "count.calls.one": "電話1通",
    "count.deals": "成交{n}筆",
    "count.deals.one": "成交1筆",
    "count.proposals": "方案{n}份",
    "count.proposals.one": "方案1份",
    "count.new_customers": "新客戶{n}位",
    "count.new_customers.one": "新客戶1位",
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
    "weekday.0": "週一",
    "weekday.1": "週二",
    "weekday.2": "週三",
    "weekday.3": "週四",
    "weekday.4": "週五",
    "weekday.5": "週六",
    "weekday.6": "週日",
    # 早間計劃（daily-prompts）
    "prompt.text": "早安！今天的目標：{amount}",
    "prompt.header": "{day} 的計劃",
    "prompt.amount": "*今天：{amount}*（{label}）",
    "prompt.makeup": "其中 {extra} 用於補上前幾天的缺口（今天原計劃：{planned}）。",
    "prompt.actions": "對應行動：拜訪 {visits} 次 · 方案 {proposals} 份 · 簽約 {signings} 單",
    "prompt.month": "本月：{actual} / {target}（{pct}）",
    "prompt.period": "{label}：{actual} / {target}（{pct}）",
    "prompt.on_track": "進度正常。",
    "prompt.behind": "落後於截至昨天應完成的進度。",
    "prompt.provisional": "本期節假日為估算，官方安排公布後會更新。",
    "prompt.button.log": "記錄結果",
    "prompt.button.away": "今天不在",
    "prompt.button.help": "需要幫助",
    "actions.visits.one": "拜訪 {count} 次",
    "actions.visits.other": "拜訪 {count} 次",
    "actions.proposals.one": "方案 {count} 份",
    "actions.proposals.other": "方案 {count} 份",
    "actions.signings.one": "簽約 {count} 單",
    "actions.signings.other": "簽約 {count} 單",
    "actions.separator": "、",
    "actions.none": "無硬性行動指標",
    "plan.title": "你的計劃：{amount} · {period}",
    "plan.summary": "*{view}*：{amount}，共 {days} 個工作日",
    "plan.months": "按月：{months}",
    "plan.weeks": "按週：{weeks}",
    "plan.weeks_title": "*按週*",
    "plan.this_week": "*本週*",
    "plan.first_week": "*第一週*",
    "plan.day.today": "今天 {day}：*{amount}*，{actions}",
    "plan.day.first": "第一個工作日 {day}：*{amount}*，{actions}",
    "plan.day.away": "請假",
    "plan.provisional": (
        ":warning: {years} 年的節假日安排尚未正式公布，目前按規則推算，公布後計劃可能會調整。"
    ),
    "plan.none.period": "你在 {period} 沒有生效的目標。可以這樣設定：`/target set 500萬 {period}`",
    "set.done.one": ":white_check_mark: 已為 {who} 設定目標：{period} *{amount}*。",
    "set.done.each": ":white_check_mark: 已為 {who} 設定目標：{period} 每人 *{amount}*。",
    "set.done.split": ":white_check_mark: {period} 目標 *{amount}* 由 {who} 平分。",
    "set.replaced": "原目標已被替換。",
    "set.mode_default": "多人時預設每人各自承擔全額；如需平分，請在指令後加上 `平分`。",
    "set.more": "……還有 {count} 人。",
    "set.owner": "*<@{user}>* · {amount} · {days} 個工作日",
    "set.dm": (
        "{manager} 為你設定了目標：{period} *{amount}*。分解如下；"
        "每個工作日早上我會發給你當天的目標。"
    ),
    "set.confirm.question": "這會把 {period} 現有的目標替換為 *{amount}*。確定替換嗎？",
    "set.confirm.line": "• <@{user}> 現有目標 {amount}（由 <@{by}> 設定）",
    "set.confirm.replace": "替換",
    "set.confirm.cancel": "取消",
    "set.confirm.cancelled": "已取消，沒有任何改動。",
    "set.confirm.stale": "這個按鈕已失效，請重新輸入 `/target set` 指令。",
    "set.refused.assigned": (
        "<@{by}> 已經為你設定了這個週期的目標，只有他們（或管理員）可以修改。未做任何改動；"
        "如需調整，請聯繫他們。"
    ),
    "set.refused.not_manager": (
        "只有經理可以為他人設定目標，你在 Summit 中還不是經理。請聯繫管理員，或為自己設定："
        "`/target set 500萬 本季度`。"
    ),
    "set.refused.admin": (
        "<@{user}> 是工作區管理員，只有本人或其他管理員可以設定其目標。未做任何改動。"
    ),
    "set.refused.other_manager": (
        "<@{user}> 的經理是 <@{manager}>，只有其經理或管理員可以設定目標。未做任何改動。"
    ),
    "set.mention.broadcast": (
        "目標只能分配給具體的人，不能用 {text}。請逐個 @ 業務，例如：`/target set 500萬 "
        "2027Q1 @alice @bob`。"
    ),
    "set.mention.unknown": (
        "無法識別 {text} 是誰。請從 Slack 的 @ 選單中選擇成員，例如：`/target set 500萬 "
        "2027Q1 @alice`。"
    ),
    "set.user.not_found": (
        "<@{user}> 不是本工作區的成員，無法為其設定目標。未做任何改動。"
        "請從 Slack 的 @ 選單中選擇成員，例如：`/target set 500萬 2027Q1 @alice`。"
    ),
    "set.user.bot": "<@{user}> 是機器人，目標只能分配給人。未做任何改動。",
    "set.user.deactivated": "<@{user}> 的 Slack 帳號已停用，無法為其設定目標。未做任何改動。",
    "set.user.other_workspace": (
        "<@{user}> 屬於其他工作區，Summit 只為本工作區的成員制定計劃。未做任何改動。"
    ),
    "status.title.own": "*你的進度*",
    "status.title.other": "*<@{user}> 的進度*",
    "status.none.own": "你還沒有生效的目標。可以這樣設定：`/target set 500萬 本季度`",
    "status.none.other": (
        "<@{user}> 還沒有生效的目標。可以這樣設定：`/target set 500萬 本季度 <@{user}>`"
    ),
    "status.target": "*{amount}* · {period}",
    "status.attainment": "已完成：{actual} / {total}（{pct}）",
    "status.pace.behind": "進度：:warning: 落後 {gap}",
    "status.pace.ahead": "進度：:rocket: 領先 {gap}",
    "status.pace.on_track": "進度：:white_check_mark: 按計劃進行",
    "status.forecast": "按目前節奏預計完成：{amount}",
    "status.forecast.none": "預測：已記錄的工作日還不夠。",
    "status.required": "還需：剩餘 {days} 個工作日，每天 {amount}",
    "status.done": "目標已全部完成 :tada:",
    "status.streak": "連續達標：{days} 個工作日",
    "status.today": "今天 {day}：*{amount}*，{actions}",
    "status.today.shortfall": "（含補足前幾天的差額 {extra}）",
    "status.today.off": "今天不是工作日，沒有目標。",
    "status.milestone": "下一個里程碑：{day} *{title}*{amount}",
    "status.one_user": "一次只能查看一個人的進度。例如：`/target status @alice`",
    "status.mention.broadcast": (
        "一次只能查看一個人的進度，不能用 {text}。例如：`/target status @alice`"
    ),
    "status.refused.not_manager": (
        "你可以用 `/target status` 查看自己的進度；<@{user}> 的資料只有其經理和管理員可以查看。"
    ),
    "status.refused.not_your_rep": "<@{user}> 不在你的團隊中，其資料只有他的經理或管理員可以查看。",
    "evening.question": (
        "今天進展如何？在這個討論串裡回覆你的成交和行動，例如 `簽了3.5萬，拜訪4家客戶`。"
    ),
    "review.text": "{team} 週復盤（{start} 至 {end}）：本週數據和四個問題",
    "review.header": "週復盤 · {team} · {start} 至 {end}",
    "review.rep.met": ":white_check_mark: <@{user}>：完成 {actual} / 目標 {target}（{pct}）",
    "review.rep.missed": ":warning: <@{user}>：完成 {actual} / 目標 {target}（{pct}）",
    "review.questions": "*請在本討論串中回覆：*",
    "review.q.done": "本週完成了哪些工作？",
    "review.q.missed": "如果沒有達成目標，原因是什麼？",
    "review.q.worked": "如果超額完成，哪些做法有效？",
    "review.q.support": "下週需要哪些支援？",
    "review.how": "你在本討論串中的每則回覆都會記為你本週的復盤。",
    "summary.text": "團隊 {start} 當週：完成 {actual} / 目標 {target}（{pct}）",
    "summary.header": "團隊週報 · {start} – {end}",
    "summary.rep": (
        "<@{user}> · {label}{flag}\n"
        "上週：{week_actual} / {week_target}（{week_pct}）· "
        "本期至今：{actual} / {target}（{pct}）· 本期目標：{period_target}"
    ),
    "summary.more": "……另有 {count} 人。",
    "summary.at_risk": "*風險提示*",
    "summary.risk": ":warning: <@{user}>（{label}）：\n{reasons}",
    "summary.no_risk": "本週沒有人處於風險中。:tada:",
    "summary.notes": "*週復盤回覆*",
    "summary.notes.rep": "<@{user}>：",
    "summary.notes.more": "……另有 {count} 人的回覆，見復盤討論串。",
    "summary.chart.title": "累計目標與實際（截至 {end}）",
    "summary.chart.target": "{name} 目標",
    "summary.chart.actual": "{name} 實際",
    "summary.chart.comment": "每位成員本期至今的累計目標與實際（{start} 當週）。",
    "nudge.text": "距離{title}還有 {days} 天：落後進度 {gap}",
    "nudge.header": ":hourglass_flowing_sand: *里程碑臨近，你的進度落後了*",
    "nudge.line": (
        "*{title}*（{day}，還有 {days} 天）：已完成 {actual}，按進度此時應完成 {expected}，"
        "里程碑目標 {amount}。還差 {gap}。"
    ),
    "nudge.missed": (
        ":hourglass: 里程碑 *{title}*（{day}）未達成：完成 {actual} / {amount}，差 {gap}。"
        "需要什麼支援來追上，請告訴經理。"
    ),
    "nudge.missed.manager": (
        ":hourglass: <@{user}> 未達成里程碑 *{title}*（{day}）："
        "完成 {actual} / {amount}，差 {gap}。"
    ),
    "nudge.tip": "每日計劃會把差額分攤到剩餘工作日；需要支援請儘早告訴經理。",
    "risk.warning": ":warning: <@{user}>（{label}）有風險：{reason}",
    "risk.critical": ":rotating_light: <@{user}>（{label}）風險嚴重：{reason}",
    "risk.tip": "現在和 <@{user}> 聊一聊也許有幫助：他們需要什麼支援？",
    "celebrate.milestone": ":tada: 里程碑 *{title}* 已達成：完成 {actual} / {amount}。做得好！",
    "celebrate.period": ":trophy: 你已超額完成 {label} 的目標：{actual} / {target}。恭喜！",
    # /target split
    "help.split.usage": "/target 拆分 [週期]",
    "help.split.summary": (
        "按區域、通路、客戶類型、產品線或業務拆分你或團隊的目標，按比例或按金額；"
        "表單會即時預覽每一項（精確到分）。"
    ),
    "help.split.example": "/target 拆分 2027Q1",
    "split.opened": "正在打開拆分表單…",
    "split.none": "你沒有可拆分的目標。請先設定一個，例如 `/target set 500萬 本季度`。",
    "split.stale": "這個目標已被替換，或你已無權拆分。未做任何改動。",
    "split.title": "拆分目標",
    "split.submit": "儲存拆分",
    "split.close": "取消",
    "split.close.done": "關閉",
    "split.target.label": "目標",
    "split.target.team": "團隊 {team}",
    "split.dimension.label": "拆分維度",
    "split.dimension.region": "區域",
    "split.dimension.channel": "通路",
    "split.dimension.customer_type": "客戶類型",
    "split.dimension.product": "產品線",
    "split.dimension.rep": "業務",
    "split.dimension.team": "團隊",
    "split.mode.label": "方式",
    "split.mode.percent": "按比例",
    "split.mode.amount": "按金額",
    "split.parts.label": "拆分項",
    "split.parts.hint": "每行一項或用逗號分隔，例如 {example}",
    "split.parts.required": "請填寫拆分項。",
    "split.preview.empty": "填寫拆分項後，這裡會顯示每一項的金額。",
    "split.preview.title": "*{total}* 按{dimension}拆分為 {count} 項：",
    "split.preview.line": "• {part}：*{amount}*（{exact}）",
    "split.preview.error": ":warning: {message}",
    "split.done": "已儲存：*{total}* 按{dimension}拆分為 {count} 項。",
    "help.manager.usage": "/target 經理 添加 @成員",
    "help.manager.summary": "管理員：把某人設為經理，經理可以組建團隊並為下屬設定目標。",
    "help.manager.example": "/target 經理 添加 @dana",
    "help.milestone.usage": "/target 里程碑 [添加 日期 金額 [@負責人] [名稱]]",
    "help.milestone.summary": "查看即將到來的里程碑，或添加一個有日期和負責人的檢查點。",
    "help.milestone.example": "/target 里程碑 添加 2027-01-31 170萬 @alice 一月收官",
    "help.away.usage": "/target 休假 日期[..日期] [@成員] | 休假 取消 日期",
    "help.away.summary": "休假日不承擔目標：你的份額移到其他工作日。",
    "help.away.example": "/target 休假 明天",
    "help.settings.usage": "/target 配置 [名稱 值]",
    "help.settings.summary": "管理員：日曆、幣種、語言、時區，以及早報、晚間打卡和週復盤的時間。",
    "help.settings.example": "/target 配置 早報 09:00",
    "team.title": "團隊 {name}",
    "team.manager": "經理：{manager} · 頻道：{channel}",
    "team.no_channel": "尚未設置（用 `/target 團隊 頻道 #sales` 設置）",
    "team.empty": "團隊裡還沒有成員。用 `/target 團隊 添加 @alice @bob` 添加。",
    "team.member": "• {user}",
    "team.member.no_target": "• {user}：暫無生效目標",
    "team.member.attainment": "• {user}：{actual} / {total}（{pct}）",
    "team.none.manager": "你還沒有團隊。用 `/target 團隊 添加 @alice @bob` 組建一個。",
    "team.none.rep": "你還不在任何團隊中：經理可以用 `/target 團隊 添加 @你` 把你加進來。",
    "team.usage": (
        "可以這樣用：`/target 團隊`、`/target 團隊 添加 @alice @bob`、`/target 團隊 移除 @alice` "
        "或 `/target 團隊 頻道 #sales`。"
    ),
    "team.refused.not_manager": (
        "只有經理和管理員可以調整團隊，而你在 Summit 裡還不是經理。未做任何更改；可請管理員用 "
        "`/target 經理 添加 @你` 設置。"
    ),
    "team.refused.self": (
        "你是這個團隊的經理，不能同時是它的成員。未做任何更改。範例：`/target 團隊 添加 @alice`。"
    ),
    "team.refused.other_manager": (
        "<@{user}> 的經理是 <@{manager}>：只有管理員能把他調到你的團隊。未做任何更改。"
    ),
    "team.refused.no_team": "你還沒有團隊，無人可移除。用 `/target 團隊 添加 @alice` 組建一個。",
    "team.refused.not_in_team": "<@{user}> 不在你的團隊中，無需移除。未做任何更改。",
    "team.mention.broadcast": (
        "團隊由具體的人組成，不能是 {text}。請逐個提及，例如 `/target 團隊 添加 @alice @bob`。"
    ),
    "team.add.done": (
        ":white_check_mark: 已把 {users} 加入團隊 {team}（共 {count} 人），他們現在向你匯報。"
    ),
    "team.remove.done": ":white_check_mark: 已把 {users} 移出團隊 {team}（剩 {count} 人）。",
    "team.channel.usage": (
        "無法把“{text}”識別為頻道。請從 Slack 的 # 菜單中選擇，例如 `/target 團隊 頻道 #sales`。"
    ),
    "team.channel.unknown": (
        "找不到 <#{channel}>：頻道不存在，或是我不在其中的私有頻道。未做任何更改。請先用 "
        "`/invite @Summit` 邀請我，再試一次。"
    ),
    "team.channel.not_channel": (
        "<#{channel}> 是私信，不是頻道。未做任何更改。範例：`/target 團隊 頻道 #sales`。"
    ),
    "team.channel.archived": "<#{channel}> 已歸檔，我無法在那裡發訊息。未做任何更改。",
    "team.channel.not_member": (
        "我不是 <#{channel}> 的成員，無法在那裡發佈團隊復盤。未做任何更改。請在該頻道用 `/invite "
        "@Summit` 邀請我，再試一次。"
    ),
    "team.channel.done": (
        ":white_check_mark: 團隊 {team} 的週復盤將發到 <#{channel}>；經理的週報仍私訊發送。"
    ),
    "manager.usage": "請指定一個人設為經理，例如 `/target 經理 添加 @dana`。",
    "manager.refused.not_admin": "只有工作區管理員可以設置經理。未做任何更改；請聯繫管理員。",
    "manager.already_admin": "<@{user}> 是工作區管理員，管理員本身就有經理權限。未做任何更改。",
    "manager.already": "<@{user}> 已經是經理了。未做任何更改。",
    "manager.done": (
        ":white_check_mark: <@{user}> 現在是經理了：可以用 `/target 團隊 添加` 組建團隊，並為下屬"
        "設定目標。"
    ),
    "milestone.usage": (
        "請給出日期和金額，例如 `/target 里程碑 添加 2027-01-31 170萬 @alice 一月收官`。"
    ),
    "milestone.one_owner": (
        "一個里程碑只有一位負責人。範例：`/target 里程碑 添加 2027-01-31 170萬 @alice`。"
    ),
    "milestone.mention.broadcast": (
        "里程碑的負責人是一個具體的人，不能是 {text}。範例：`/target 里程碑 添加 2027-01-31 170萬"
        " @alice`。"
    ),
    "milestone.past": (
        "{day} 已經過去了：里程碑只能設在以後的日子。範例：`/target 里程碑 添加 2027-01-31 170萬`。"
    ),
    "milestone.default_title": "里程碑",
    "milestone.added": (
        ":white_check_mark: 已為 <@{user}> 添加里程碑 *{title}*：{day} 前完成 {amount}。"
    ),
    "milestone.none": "沒有即將到來的里程碑。用 `/target 里程碑 添加 2027-01-31 170萬` 添加一個。",
    "milestone.title": "*即將到來的里程碑*",
    "milestone.line": "• {day} · *{title}* · {amount} · <@{user}>",
    "away.cmd.usage": (
        "請告訴我哪幾天休假，例如 `/target 休假 2027-01-08`、`/target 休假 明天` 或 `/target 休假"
        " 2027-01-08..2027-01-09`；`/target 休假 取消 2027-01-08` 可撤回。"
    ),
    "away.cmd.past": "{day} 已經過去了；休假只能從今天或以後開始。範例：`/target 休假 明天`。",
    "away.cmd.too_long": (
        "一共 {days} 天；一次最多休假 {limit} 天。未做任何更改。範例：`/target 休假 "
        "2027-01-08..2027-01-09`。"
    ),
    "away.cmd.done": ":palm_tree: 已登記休假 {days}（{count} 天）：這些天不承擔目標。",
    "away.cmd.done.one": ":palm_tree: 已登記休假 {days}（1 天）：當天不承擔目標。",
    "away.cmd.already": "{days} 已登記為休假，無需更改。",
    "away.cmd.cleared": ":white_check_mark: {days} 恢復為你的工作日（取消 {count} 天）。",
    "away.cmd.cleared.one": ":white_check_mark: {days} 恢復為你的工作日（取消 1 天）。",
    "away.cmd.cleared.none": "{days} 沒有登記休假，無需更改。",
    "away.cmd.for": "<@{user}>：{text}",
    "away.cmd.one_person": "一次只能為一個人登記休假。範例：`/target 休假 2027-01-08 @alice`。",
    "away.cmd.next": (
        "{period}：你的份額分攤到 {days} 個工作日；下一個工作日 {day} 的目標現在是 *{amount}*。"
    ),
    "settings.title": "*工作區配置*",
    "settings.calendar": "日曆：{value}",
    "settings.currency": "幣種：{value}",
    "settings.language": "語言：{value}",
    "settings.language.auto": "自動（按每個人的 Slack 語言）",
    "settings.language.en": "英文",
    "settings.language.zh-Hans": "簡體中文",
    "settings.language.zh-Hant": "繁體中文",
    "settings.tz": "時區：{value}",
    "settings.prompt": "早報：{value}",
    "settings.checkin": "晚間打卡：{value}",
    "settings.review": "週復盤：{day} {value}",
    "settings.how": (
        "修改範例：`/target 配置 日曆 cn`、`幣種 USD`、`語言 自動`、`時區 Asia/Shanghai`、`早報 "
        "09:00`、`晚報 18:00`、`週報 週五 16:00`。"
    ),
    "settings.admins_only": "只有工作區管理員可以修改這些配置。",
    "settings.saved": ":white_check_mark: 已保存。",
    "settings.refused.not_admin": (
        "只有工作區管理員可以修改配置。未做任何更改；`/target 配置` 可查看當前配置。"
    ),
    "settings.unknown": (
        "沒有名為“{name}”的配置項。可用：日曆、幣種、語言、時區、早報、晚報、週報，例如 `/target "
        "配置 早報 09:00`。"
    ),
    "settings.bad.calendar": (
        "“{value}”不是可用的日曆。範例：`/target 配置 日曆 cn`（或 us、jp、none）。"
    ),
    "settings.bad.currency": "“{value}”不是幣種代碼。範例：`/target 配置 幣種 CNY`。",
    "settings.bad.language": (
        "“{value}”不是我會說的語言。範例：`/target 配置 語言 中文`（或 en、繁體、自動）。"
    ),
    "settings.bad.tz": "“{value}”不是時區。範例：`/target 配置 時區 Asia/Shanghai`。",
    "settings.bad.daily_prompt_at": "“{value}”不是一天中的時間。範例：`/target 配置 早報 09:00`。",
    "settings.bad.evening_checkin_at": (
        "“{value}”不是一天中的時間。範例：`/target 配置 晚報 18:00`。"
    ),
    "settings.bad.weekly_review": (
        "“{value}”不是星期幾加時間。範例：`/target 配置 週報 週五 16:00`。"
    ),
}
