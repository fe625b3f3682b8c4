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
}
