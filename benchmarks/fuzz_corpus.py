"""Hostile and odd strings for the parsers, shared by `bench_fuzz.py` (a seeded corpus of 100,000)
and `tests/test_fuzz_parsers.py` (the same pieces as hypothesis strategies).

Every parser a user's text reaches is listed in `PARSERS` with the exceptions it may raise on bad
input (our PlanningError family, and the few refusals the Slack surface turns into answers); any
other exception is a bug.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from bot.core.checkin import parse_check_in
from bot.core.dimensions import Dimension, parse_shares
from bot.core.errors import PlanningError
from bot.core.money import parse_amount
from bot.core.periods import parse_period
from bot.listeners.commands.grammar import Subcommand, parse_command_line
from bot.listeners.commands.split import read_parts
from bot.services.actuals import EntryRefused, read_entry
from bot.services.milestones import parse_milestone, read_days
from bot.services.settings import parse_setting
from bot.services.targets import BROADCAST, MENTION, MentionError, parse_set
from bot.services.teams import CHANNEL, Refused

TODAY: Final = date(2027, 1, 6)

CHINESE: Final = (
    "签了", "拜访", "客户", "回款", "成交", "今天", "昨天", "本季度", "下个月", "上旬", "华东",
    "万", "亿", "千万", "五百万", "一千二百万", "两家", "十个", "一共", "合计", "负", "点",
    "记录", "设定", "里程碑", "请假", "配置", "團隊", "記錄", "萬", "億", "週", "第一季度",
)  # fmt: skip
ENGLISH: Final = (
    "closed", "calls", "visits", "meetings", "deal", "proposal", "new customer", "collected",
    "total", "nothing today", "this quarter", "next month", "to", "and", "plus", "each", "split",
    "yesterday", "k", "M", "bn", "USD", "$", "¥", "HK$", "€", "RMB", "a", "one", "ten",
)  # fmt: skip
NUMBERS: Final = (
    "0", "5", "12k", "3.5万", "500万", "1.2亿", "5,000,000", "1,2,3", "-5万", "−3", "0.001",
    "1e400", "1E-400", "9e99999", "inf", "NaN", "∞", "1" * 400, "9" * 5000, "1," * 2000,
    "10**5000", "九千九百亿亿亿", "九" * 300 + "亿", "1" + "0" * 400 + "万", "一" * 2000,
    "²³", "٣٤٥", "１２３万", "Ⅻ", "1_000", "0x1F", "1/3", "3-5家", "两三家", "2027-01-05",
    "2027Q1", "Q9", "2026-02-30", "2027-01-01..2027-03-31", "99999999999999999999Q1",
)  # fmt: skip
EMOJI: Final = ("😀", "🎉", "👍🏽", "👨‍👩‍👧", "🇨🇳", "🔥" * 50, "\U0010ffff", "\ufffd")
CONTROL: Final = tuple(chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x9F))
BIDI: Final = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068")
INVISIBLE: Final = ("\u2069", "\u200e", "\u200f", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060")
INJECTION: Final = (
    "'; DROP TABLE actual_entry; --", '" OR 1=1 --', "Robert'); DROP TABLE targets;--",
    "{{7*7}}", "${x}", "${jndi:ldap://x/a}", "%s%s%s%n", "%(secret)s", "{0.__class__}",
    "<script>alert(1)</script>", "*bold* _it_ ~s~ `code`", "&lt;@U123&gt;", "\\x00", "../../etc",
)  # fmt: skip
MENTIONS: Final = (
    "<@U01ALICE>", "<@U01ALICE|alice>", "<@W0ENT|boss>", "<@U123", "<@" + "U" * 3000,
    "<@U01ALICE|" + "x" * 3000, "<!channel>", "<!here|here>", "<!subteam^S1|@sales>",
    "<!subteam^" + "S" * 3000, "@channel", "@alice", "@" + "a." * 2000, "<#C0SALES|sales>",
    "<#C0SALES>", "<#" + "C" * 3000, "<<<@@@>>>", "<@U1><@U2><@U3>" * 50,
)  # fmt: skip
COMMANDS: Final = (
    "set 500万 2027Q1 <@U01ALICE>", "set 5M next quarter each <@U01ALICE> <@U02LILEI>",
    "设定 本季度 500万", "log 3.5万 拜访4家 华东客户", "记录昨天 2万", "log 2027-01-05 12k 5 calls",
    "milestone add 2027-02-01 100万 <@U01ALICE> Acme renewal", "away 2027-01-10..2027-01-12",
    "away clear tomorrow", "settings calendar cn", "settings prompt 09:00",
    "settings review fri 16:00", "settings tz Asia/Shanghai", "settings currency usd",
    "split region 华东 40%, 华南 35%, 华北 25%", "team add <@U01ALICE>", "manager <@U04WANG>",
    "team channel <#C0SALES|sales>", "status", "plan next month", "undo", "help", "？",
)  # fmt: skip
SEPARATORS: Final = (
    " ", " ", " ", "", ",", "，", "、", ";", "\n", "\t", "\u3000", " and ", "和", ":",
)  # fmt: skip
# Shapes that make a careless regular expression backtrack: long runs of what a quantifier eats,
# followed by what makes the match fail at the very end.
BACKTRACKING: Final = (
    "a" + " " * 3000 + "x", "华东" + " :" * 1500 + "%", "1" * 3000 + "e", "1." * 2000,
    "1 " * 2000 + "x", "q" * 3000, "2027" * 700, "-" * 3000, "." * 3000 + "1", "万" * 3000,
    " " * 3000, "\u3000" * 3000, "9," * 1500 + "9999", "<@U" + "A1" * 1500 + "|",
    "2027-" * 800, "拜访" * 1500, "aaaa" * 1000 + "!", "'" * 3000, "a1" * 2000, "$" * 4000,
    "<!here" * 700, "<@U1|" * 800, "<#C1|" * 800, "华东 40%" + " " * 3000 + "x",
)  # fmt: skip
POOLS: Final[Sequence[tuple[str, ...]]] = (
    CHINESE, ENGLISH, NUMBERS, EMOJI, CONTROL, BIDI, INVISIBLE, INJECTION, MENTIONS, COMMANDS,
)  # fmt: skip
# Slack sends at most ~4,000 characters of slash command text and 40,000 of a message.
LONG: Final = (4_000, 40_000)


def fuzz_string(rng: random.Random) -> str:
    """One string: mostly a few pieces from the pools joined by separators, sometimes a piece
    repeated to a great length, a regex trap, or random code points."""
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(BACKTRACKING)
    if roll < 0.05:
        piece = rng.choice(rng.choice(POOLS)) + rng.choice(SEPARATORS)
        return (piece * (rng.choice(LONG) // max(1, len(piece)) + 1))[: rng.choice(LONG)]
    if roll < 0.12:
        return "".join(chr(_code_point(rng)) for _ in range(rng.randint(1, 60)))
    pieces = [rng.choice(rng.choice(POOLS)) for _ in range(rng.randint(1, 6))]
    text = "".join(piece + rng.choice(SEPARATORS) for piece in pieces)
    if rng.random() < 0.3:  # a command word in front: it reaches the subcommand parsers
        text = f"{rng.choice(COMMANDS).split()[0]} {text}"
    return text


def _code_point(rng: random.Random) -> int:
    while True:
        point = rng.choice(
            (rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF), rng.randint(0x3000, 0x9FFF),
             rng.randint(0xA000, 0x10FFFF))
        )  # fmt: skip
        if not 0xD800 <= point <= 0xDFFF:  # lone surrogates cannot arrive through JSON
            return point


def corpus(count: int, seed: int = 20261123) -> list[str]:
    rng = random.Random(seed)
    return [fuzz_string(rng) for _ in range(count)]


# -- the parsers ----------------------------------------------------------------------------------


def _mentions(text: str) -> object:
    return (MENTION.findall(text), BROADCAST.search(text), CHANNEL.fullmatch(text.strip()))


def _command_line(text: str) -> object:
    """What `/target` does with the text before any store is touched: the subcommand, then
    the pure parser of that subcommand's arguments."""
    line = parse_command_line(text)
    rest = line.rest
    match line.subcommand:
        case Subcommand.SET:
            return parse_set(rest, today=TODAY)
        case Subcommand.LOG:
            return read_entry(rest, today=TODAY)
        case Subcommand.MILESTONE:
            return parse_milestone(rest.removeprefix("add").strip(), today=TODAY)
        case Subcommand.AWAY:
            return read_days(MENTION.sub(" ", rest), today=TODAY)
        case Subcommand.SETTINGS:
            return parse_setting(rest)
        case Subcommand.SPLIT:
            return read_parts(rest, Dimension.REGION, "amount"), parse_shares(rest)
        case Subcommand.PLAN if rest:
            return parse_period(rest, today=TODAY)
        case _:
            return line


@dataclass(frozen=True)
class Parser:
    name: str
    parse: Callable[[str], object]
    expected: tuple[type[Exception], ...]  # refusals of bad input, answered to the user


PARSERS: Final = (
    Parser("amount", parse_amount, (PlanningError,)),
    Parser("period", lambda text: parse_period(text, today=TODAY), (PlanningError,)),
    Parser("mention", _mentions, ()),
    Parser("check-in", parse_check_in, (PlanningError,)),
    Parser("shares", parse_shares, (PlanningError,)),
    Parser(
        "command line",
        _command_line,
        (PlanningError, MentionError, Refused, EntryRefused),
    ),
)
