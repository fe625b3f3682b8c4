"""繁體中文 messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

MESSAGES: Final[Mapping[str, str]] = {
    "error.generic": (
        "抱歉，Summit 這邊出了點問題。請稍後再試；如果一直這樣，請聯絡你們的 Slack 管理員。"
    ),
    "command.unknown": (
        "我不認識 `/target {word}`。輸入 `/target 幫助` 查看全部指令，例如 `/target 進度`。"
    ),
    "command.not_available": (
        "`/target {command}` 尚未開放，很快就來。現在可以輸入 `/target 幫助` 看看能做什麼。"
    ),
    "help.title": "Summit /target 指令",
    "help.intro": (
        "把大目標拆成每天的小步驟。金額可寫 500萬、1.2億、五百萬、120k；"
        "週期可寫 2027、2027Q1、2027-03、本季度、下個月。"
    ),
    "help.example": "範例：`{example}`",
    "help.aliases": "也可以用英文：set、log、status、plan、team、help。",
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
    "help.team.usage": "/target 團隊 [add @成員 …]",
    "help.team.summary": "經理：查看團隊進度，或把成員加入團隊。",
    "help.team.example": "/target 團隊 add @bob @carol",
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
    "mention.hint": "你好 <@{user}>！我透過 `/target` 工作：輸入 `/target 幫助` 看看我能做什麼。",
    "log.usage": (
        "請告訴我成交了多少，例如 `/target 記錄 3.5萬 拜訪4家 華東客戶`；"
        "補記以前的日子：`/target 記錄 昨天 2萬` 或 `/target 記錄 2027-01-05 3萬`。"
    ),
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
}
