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
}
