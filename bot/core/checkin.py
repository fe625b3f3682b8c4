"""Free-text check-ins: a rep's reply to the morning prompt or evening question, read as actuals.

Reps answer the way they talk: `今天签了3.5万,拜访4家客户`, `回款12万`, `closed 12k, 5 calls`,
`0 today, 3 visits`, `签约2单 共8万 新客户1个`, `sold $3.5k to Acme, 2 meetings, 1 proposal`.

How a message is read:

1. Normalised: full-width forms become ASCII (NFKC), Traditional characters of the keywords
   become Simplified, control, format and bidi characters are dropped, emoji and other symbols
   become spaces, Latin letters are lower-cased. `，` and `。` end a clause; `,` does too unless it
   is a thousands separator (`3,500`).
2. Cut into clauses at punctuation (`,;.!?。`, new lines) and conjunctions (`和`, `以及`, `、`,
   `+`, `&`, `and`, `plus`).
3. In each clause the numbers and the keywords are paired, each with a neighbour and each at most
   once, choosing the pairing that binds the most numbers, then the tightest (`拜访4家` and
   `20个电话` are glued, `5 calls` is one space apart). So `calls 5 visits 3` and `5 calls 3 visits`
   both read right.

Decisions (what a reader of this module needs to know):

- A number with a unit or a currency (`3.5万`, `12k`, `¥5万`, `500元`) is money. A number with a
  counter (`4家`, `20个`, `2单`, `3 times`) is a count. A plain number (`5`) is either, as its
  keyword says: `closed 500` is money, `5 calls` a count.
- Money goes to `amount` (sales closed) unless its keyword is a collection (`回款`, `收款`, `到账`,
  `collected`): 回款 is cash received for earlier sales, a separate metric, so `回款12万` records
  collections 120000 and amount 0.
- Meetings count as visits (`2 meetings`, `见面`). `N单` is always a number of deals; a sale verb
  with a count (`成交3笔`, `签了2个`) is deals too.
- Several amounts of one kind are summed (`签了3万和2万` is 5万), unless one is marked as a total
  (`共`, `一共`, `合计`, `total`): then the total is the figure (`签了3万和5万 共8万` is 8万).
  Counts of one kind are summed the same way.
- An amount without a keyword is a sale (`5万`, `12k`), except right after a conjunction, where it
  continues the previous clause: `回款12万和8万` is 20万 collected.
- A plain number with no unit and no keyword (`5`, the `0` of `0 today`) is the amount only when it
  is the one such number and no sale was stated otherwise; two or more of them with no stated sale
  are ambiguous and refused; with a stated sale they are ignored (they are usually an id or a
  count of something we do not track, as in `closed 12k with 3 stakeholders`).
- A count of something we do not track (`其中2家有意向`, `5台`) is ignored, as are dates, times,
  durations and percentages (`3月5日`, `14:30`, `2小时`, `80%`), and digits glued to a name (`q3`).
- Chinese numerals are read for counts and amounts (`两家`, `十个`, `五万`, `一百二十万`), but a
  lone digit character only with a counter after it: `一点`, `三星` and `十分` are words.
  English number words (`one`..`ten`, `a`) count only right before a count noun (`a meeting`).
- Explicitly saying nothing was sold (`nothing today`, `今天没有成交`, `没出单`, `0`) is a reading:
  amount 0.
- Refused, with nothing recorded: text with no amount or count in it; negative numbers (`-5万`,
  `拜访-3家`); fractional counts; counts over MAX_COUNT; ranges and approximations (`3-5家`,
  `两三家`); two currencies in one message; totals over money.MAX_AMOUNT; more than 40 numbers.
- Only the first MAX_CHECK_IN_CHARS characters are read (cut back to the last clause or word
  boundary, so a number is never cut in half) and `truncated` says so, so the caller can tell the
  user. `note` keeps the trimmed text as written, up to that limit, minus control characters
  (PostgreSQL text cannot hold NUL).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Literal, TypeVar

from bot.core.errors import AmountError, PlanningError
from bot.core.money import MAX_AMOUNT, chinese_integer, parse_amount

MAX_CHECK_IN_CHARS = 500
MAX_COUNT = 10_000

# A day's report names a handful of numbers; a wall of them is not one, and reading each costs.
_MAX_NUMBERS = 40
_ZERO = Decimal("0.00")
_EXAMPLE_ZH = "今天签了3.5万,拜访4家客户"
_EXAMPLE_EN = "closed 12k, 5 calls"


class CheckInError(PlanningError):
    """A check-in message that cannot be read as today's results; nothing is recorded."""


@dataclass(frozen=True)
class CheckIn:
    """What a rep reported for a day. Amounts are exact to the cent, counts whole and bounded."""

    amount: Decimal
    visits: int = 0
    calls: int = 0
    deals: int = 0
    proposals: int = 0
    new_customers: int = 0
    collections: Decimal = _ZERO
    currency: str | None = None
    note: str = ""
    truncated: bool = False


Metric = Literal["amount", "collections", "visits", "calls", "deals", "proposals", "new_customers"]
_MONEY_METRICS: frozenset[Metric] = frozenset({"amount", "collections"})


@dataclass(frozen=True)
class _Role:
    """What a keyword makes of the number it is paired with, by the kind of that number."""

    money: Metric | None
    counted: Metric | None
    bare: Metric | None
    # A sale verb pairs with money first: a count beside it goes to a count noun if there is one
    # (`closed 3 deals`, `完成3家拜访`), and only failing that means deals or a plain amount.
    weak_count: bool = False


_SALE = _Role(money="amount", counted="deals", bare="amount", weak_count=True)
_DEAL = _Role(money="amount", counted="deals", bare="deals")
_COLLECT = _Role(money="collections", counted=None, bare="collections")
_VISIT = _Role(money=None, counted="visits", bare="visits")
_CALL = _Role(money=None, counted="calls", bare="calls")
_PROPOSAL = _Role(money=None, counted="proposals", bare="proposals")
_NEW = _Role(money=None, counted="new_customers", bare="new_customers")


class _Marker(Enum):
    ZERO = "zero"  # an explicit "sold nothing"
    TOTAL = "total"  # the next number is a total, not one more part
    CONJ = "conj"  # a list goes on: the next clause may borrow this one's keyword
    BREAK = "break"  # punctuation ends the clause
    BLOCK = "block"  # a word that merely looks like a keyword or a numeral (意见, 一起)


_Meaning = _Role | _Marker

_CJK_KEYWORDS: dict[str, _Meaning] = {
    **dict.fromkeys(
        ["拜访", "上门", "走访", "陪访", "面访", "面谈", "见面", "会面", "约见", "拜会", "见了"],
        _VISIT,
    ),
    **dict.fromkeys(["见到", "见"], _VISIT),
    **dict.fromkeys(["电话", "通话", "致电", "外呼", "电访", "电联", "打电话"], _CALL),
    **dict.fromkeys(["订单", "单子", "合同"], _DEAL),
    **dict.fromkeys(["方案", "报价", "报价单", "提案", "标书", "投标"], _PROPOSAL),
    **dict.fromkeys(
        ["新客户", "新客", "新增客户", "新签客户", "新开客户", "新开发客户", "新户"], _NEW
    ),
    **dict.fromkeys(["回款", "收款", "到账", "回笼", "收回", "收到款", "收回款"], _COLLECT),
    **dict.fromkeys(
        [
            *("签了", "签约", "签下", "签单", "签", "成交", "卖了", "卖出", "卖", "售出"),
            *("销售额", "销售", "业绩", "营业额", "出单", "成单", "开单", "拿下", "完成"),
        ],
        _SALE,
    ),
    **dict.fromkeys(
        [
            *("没出单", "没有出单", "没成交", "没有成交", "未成交", "无成交", "零成交"),
            *("没签单", "没有签单", "没签", "没有签", "没开单", "没有开单", "没业绩"),
            *("没有业绩", "零业绩", "没卖", "没有卖", "颗粒无收", "挂零", "一单没", "一单都没"),
            *("一单也没", "没单", "没有单", "没有订单", "没订单", "没有销售", "零蛋", "空单"),
        ],
        _Marker.ZERO,
    ),
    **dict.fromkeys(["共", "一共", "总共", "合计", "总计", "共计", "总额"], _Marker.TOTAL),
    **dict.fromkeys(
        [
            *("意见", "再见", "看见", "签到", "签字", "一起", "一下", "一直", "一些", "一般"),
            *("一样", "一定", "一切", "万一", "千万", "十分", "万分"),
        ],
        _Marker.BLOCK,
    ),
}

_WORDS: dict[str, _Meaning] = {
    **dict.fromkeys(
        ["visit", "visits", "visited", "visiting", "meeting", "meetings", "meet", "meets", "met"],
        _VISIT,
    ),
    **dict.fromkeys(["appointment", "appointments", "onsite", "onsites"], _VISIT),
    **dict.fromkeys(["call", "calls", "called", "calling", "phone", "dial", "dials"], _CALL),
    **dict.fromkeys(["deal", "deals", "order", "orders", "contract", "contracts"], _DEAL),
    **dict.fromkeys(
        ["proposal", "proposals", "quote", "quotes", "quoted", "quotation", "quotations", "bids"],
        _PROPOSAL,
    ),
    **dict.fromkeys(["collected", "collect", "collection", "collections", "payment"], _COLLECT),
    **dict.fromkeys(["payments"], _COLLECT),
    **dict.fromkeys(
        ["closed", "close", "sold", "sell", "won", "win", "signed", "sign", "booked", "sales"],
        _SALE,
    ),
    **dict.fromkeys(["sale", "revenue"], _SALE),
    **dict.fromkeys(["nothing", "zero", "none", "nil", "nada", "zilch"], _Marker.ZERO),
    **dict.fromkeys(["total", "altogether", "overall"], _Marker.TOTAL),
    **dict.fromkeys(["and", "plus"], _Marker.CONJ),
}
_NEW_OBJECTS = frozenset(
    ["customer", "customers", "client", "clients", "account", "accounts", "logo", "logos"]
)
_NOTHING_SOLD = frozenset(["sales", "sale", "deals", "deal", "orders", "order", "revenue", "luck"])
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    **{
        word: value
        for value, word in enumerate(
            ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=1
        )
    },
}

# Traditional forms of the characters our keywords, counters and units use.
_TRADITIONAL = str.maketrans(
    "訪電話簽約報價戶訂單見筆個賣沒無績銷額開標書門談會議萬億兩負塊圓幣錢總計營業賬週時鐘號點張場",
    "访电话签约报价户订单见笔个卖没无绩销额开标书门谈会议万亿两负块元币钱总计营业账周时钟号点张场",
)
# `，` ends a clause, but NFKC would turn it into `,`, which may be a thousands separator.
_CLAUSE_PUNCTUATION = {"，": ";", "﹐": ";", "\n": ";", "\r": ";", "\t": " "}
_MAX_FOLDED = 4
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Me"})
_SPACED_CATEGORIES = frozenset({"So", "Sk", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})

_COUNTERS = "个家位名次通单笔份件场户套台"
_CUR_CODES = "rmb|cny|usd|eur|gbp|hkd|twd|jpy|sgd|aud|cad|chf|krw"
_CUR_PREFIX = rf"(?:hk\$|nt\$|us\$|jp¥|(?:{_CUR_CODES})(?=[ ]?[0-9])|[$¥€£])"
_CUR_SUFFIX = rf"(?:人民币|块钱|美元|美金|欧元|英镑|港币|港元|日元|元|块|(?:{_CUR_CODES})(?![a-z]))"
_CJK_UNIT = "(?:万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千|百)"
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERALS = f"{_CN_DIGITS}十百千万亿"
# Durations and dates: `2小时`, `3个月`, `5号`, `二〇二六年`.
_CN_TIME = "小时|钟头|分钟|礼拜|星期|月|天|日|号|年|周|秒|岁|倍|点钟"

# One scanner for every token. Each alternative is anchored on literal text and has no nested
# quantifiers, so a scan is linear in the length of the message. Order matters at a position:
# separators, then noise (dates, times, durations, percentages) and ranges before numbers, then
# keywords before Chinese numerals (`一共` is a marker, not 1).
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<sep>[;,.!?|。])",
            r"(?P<conj>和|以及|、|&|\+)",
            r"(?P<noise>#[0-9]+"
            r"|(?:19|20)[0-9]{2}(?:[-/年][0-9]{1,2}(?:[-/月][0-9]{1,2}[日号]?)?"
            r"|\.[0-9]{1,2}\.[0-9]{1,2})(?![0-9])"
            r"|[0-9]{1,2}(?:/|月)[0-9]{1,2}[日号]?(?![0-9])"
            r"|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])"
            r"|[0-9]+(?:\.[0-9]+)?[ ]?(?:%|‰|个百分点|percent(?![a-z]))"
            rf"|[0-9]+(?:\.[0-9]+)?[ ]?个?(?:{_CN_TIME}|楼|层|点(?![0-9]))"
            r"|[0-9]+(?:\.[0-9]+)?[ ]?(?:am|pm|hours?|hrs?|h|minutes?|mins?|days?|weeks?|wks?"
            r"|months?|years?|yrs?|st|nd|rd|th)(?![a-z])"
            rf"|[{_CN_NUMERALS}]+个?(?:{_CN_TIME})"
            rf"|百分之[{_CN_NUMERALS}点]+|第[0-9{_CN_NUMERALS}]+)",
            r"(?P<range>[0-9]+(?:\.[0-9]+)?(?:[ ]?(?:-|~|–|到|至|或)[ ]?|[ ](?:to|or)[ ])(?=[0-9])"
            rf"|[{_CN_DIGITS}十]+(?:到|至|或)(?=[{_CN_DIGITS}十]))",
            r"(?P<num>(?P<sign>[-−负])?"
            rf"(?P<money>(?P<prefix>{_CUR_PREFIX}[ ]?)?"
            r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?"
            rf"(?P<unit>[ ]?{_CJK_UNIT}(?:[0-9]{{1,4}}[千百]?(?![0-9.]|[ ]?[{_COUNTERS}]))?"
            r"|(?:k|w|m|b|t)(?![a-z])|[ ]?(?:thousand|million|billion|trillion|mn|bn|tn)(?![a-z]))?"
            rf"(?P<suffix>[ ]?{_CUR_SUFFIX})?)"
            rf"(?P<counter>[ ]?(?:[{_COUNTERS}]|times(?![a-z])))?)",
            "(?P<keyword>"
            + "|".join(re.escape(word) for word in sorted(_CJK_KEYWORDS, key=len, reverse=True))
            + ")",
            rf"(?P<cn>(?P<cn_sign>负)?(?P<cn_money>(?P<cn_value>[{_CN_NUMERALS}]+"
            rf"(?:点[{_CN_DIGITS}]+[万亿]?)?)(?P<cn_suffix>{_CUR_SUFFIX})?)"
            rf"(?P<cn_counter>[{_COUNTERS}])?)",
            r"(?P<word>[a-z]+(?:'[a-z]+)?)",
        ]
    )
)
# What may sit between a keyword and its number and still count as one space: colons, the
# aspect particles of `拜访了两家`, and a total marker (`回款共8万`).
_TRANSPARENT_GAP = re.compile(r"[ :=了过]*(?:(?:一共|总共|共计|合计|总计|共|total)[ :=]*)?")
_CJK_TEXT = re.compile(r"[\u3400-\u9fff]")


class _Kind(Enum):
    MONEY = "money"  # has a unit or a currency
    COUNTED = "counted"  # has a counter
    BARE = "bare"  # neither


@dataclass
class _Number:
    start: int
    end: int
    kind: _Kind
    text: str  # for parse_amount: the number without sign and counter
    negative: bool
    whole: int | None  # the count it spells, when it is a whole number
    intrinsic: Metric | None = None  # `2单` is deals whatever stands next to it
    zero: bool = False
    total: bool = False


@dataclass
class _Keyword:
    start: int
    end: int
    role: _Role
    latin: bool
    virtual: bool = False  # borrowed from the previous clause across a conjunction


_Item = _Number | _Keyword


@dataclass(frozen=True)
class _Signal:
    """A token that is not paired with anything but shapes the reading: see _Marker."""

    marker: _Marker
    position: int


_Token = _Item | _Signal


@dataclass
class _Clause:
    items: list[_Item] = field(default_factory=list)
    continues: bool = False  # follows a conjunction
    totals: list[int] = field(default_factory=list)  # positions of total markers


@dataclass(frozen=True)
class _Fact:
    metric: Metric
    number: _Number


class _Refusal(Exception):
    """A reason to refuse, raised deep in the reader; parse_check_in adds the example."""

    def __init__(self, code: str, *, en: str, zh: str) -> None:
        super().__init__(code)
        self.code = code
        self.en = en
        self.zh = zh


def parse_check_in(text: str) -> CheckIn:
    """Read a rep's free-text report of the day; raise CheckInError when nothing can be read."""
    trimmed = text.strip()
    truncated = len(trimmed) > MAX_CHECK_IN_CHARS
    head = _cut(trimmed) if truncated else trimmed
    normal = _normalise(head)
    example = _EXAMPLE_ZH if _CJK_TEXT.search(normal) else _EXAMPLE_EN
    try:
        return _read(normal, note=_note(trimmed), truncated=truncated)
    except AmountError as error:
        raise CheckInError(error.code, en=error.en, zh=error.zh, example=example) from None
    except _Refusal as refusal:
        raise CheckInError(refusal.code, en=refusal.en, zh=refusal.zh, example=example) from None


def _cut(text: str) -> str:
    """The first MAX_CHECK_IN_CHARS characters, backed off to a boundary so no number is split."""
    head = text[:MAX_CHECK_IN_CHARS]
    for index in range(len(head) - 1, 0, -1):
        if head[index].isspace() or head[index] in ",，;；。、!！?？":
            return head[:index]
    return head


def _note(trimmed: str) -> str:
    # Control characters are dropped: PostgreSQL text cannot hold NUL, and none of them is content.
    head = trimmed[:MAX_CHECK_IN_CHARS]
    return "".join(c for c in head if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


def _normalise(text: str) -> str:
    return " ".join("".join(map(_fold, text)).split())


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """One character as the scanner wants it: ASCII forms, Simplified keywords, no invisibles.

    Folded one character at a time rather than NFKC over the whole text, so that the few
    characters whose compatibility form is a whole phrase (U+FDFA is 18 characters) cannot
    multiply the length of what the scanner reads; composition is lost, which only ever joins
    combining marks, and those are dropped anyway.
    """
    if char in _CLAUSE_PUNCTUATION:
        return _CLAUSE_PUNCTUATION[char]
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) > _MAX_FOLDED:
        return " "
    kept: list[str] = []
    for part in folded:
        category = unicodedata.category(part)
        if category not in _DROPPED_CATEGORIES:
            kept.append(" " if category in _SPACED_CATEGORIES else part)
    return "".join(kept).translate(_TRADITIONAL).lower()


def _read(text: str, *, note: str, truncated: bool) -> CheckIn:
    clauses, said_nothing_sold = _clauses(text)
    facts: list[_Fact] = []
    loose: list[_Number] = []
    previous: _Role | None = None
    for clause in clauses:
        if clause.continues and previous is not None:
            _borrow(clause, previous)
        bound, unbound, last_role = _pair(clause, text)
        facts.extend(bound)
        for number in unbound:
            if number.intrinsic is not None:
                facts.append(_Fact(number.intrinsic, number))
            elif number.kind is _Kind.MONEY:
                facts.append(_Fact("amount", number))
            elif number.kind is _Kind.BARE:
                loose.append(number)
        previous = last_role
    sale_stated = said_nothing_sold or any(fact.metric == "amount" for fact in facts)
    if len(loose) == 1 and not sale_stated:
        facts.append(_Fact("amount", loose[0]))
    elif len(loose) > 1 and not sale_stated:
        shown = "”, “".join(text[n.start : n.end] for n in loose[:3])
        raise _Refusal(
            "ambiguous",
            en=f"I cannot tell which of “{shown}” is the amount: add a unit or say what each is.",
            zh=f"无法判断“{shown}”中哪个是金额:请加上单位或写明是什么。",
        )
    if not facts and not said_nothing_sold:
        raise _Refusal(
            "unreadable",
            en="I could not find an amount or a count of visits, calls or deals in that message.",
            zh="没有在这条消息里找到金额或拜访、电话、签单等数量。",
        )
    return _check_in(facts, note=note, truncated=truncated)


def _clauses(text: str) -> tuple[list[_Clause], bool]:
    clauses = [_Clause()]
    said_nothing_sold = False
    numbers = 0
    for token in _tokens(text):
        if isinstance(token, _Number):
            numbers += 1
            if numbers > _MAX_NUMBERS:
                raise _Refusal(
                    "too_many_numbers",
                    en=f"That message has more than {_MAX_NUMBERS} numbers; send just today's.",
                    zh=f"这条消息里的数字超过 {_MAX_NUMBERS} 个,请只发今天的结果。",
                )
        if not isinstance(token, _Signal):
            clauses[-1].items.append(token)
        elif token.marker is _Marker.ZERO:
            said_nothing_sold = True
        elif token.marker is _Marker.TOTAL:
            clauses[-1].totals.append(token.position)
        else:
            clauses.append(_Clause(continues=token.marker is _Marker.CONJ))
    for clause in clauses:
        _mark_totals(clause)
    return [clause for clause in clauses if clause.items], said_nothing_sold


def _tokens(text: str) -> Iterator[_Token]:
    pending: list[re.Match[str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            pending.append(match)
            continue
        # Digits glued to a word are part of a name (`q3`, `acme2`), not a quantity.
        glued_to_name = (
            kind == "num"
            and bool(pending)
            and pending[-1].end() == match.start()
            and pending[-1].group() not in _WORDS
        )
        # Words are classified once the next word is known (`new customers`, `no sales`).
        yield from _words(pending, text)
        pending.clear()
        if kind == "sep":
            yield _Signal(_Marker.BREAK, match.start())
        elif kind == "conj":
            yield _Signal(_Marker.CONJ, match.start())
        elif kind == "range":
            raise _Refusal(
                "range",
                en=f"“{_range_text(text, match)}” is a range: write the one number you mean.",
                zh=f"“{_range_text(text, match)}”是一个范围,请写一个确切的数字。",
            )
        elif kind == "num" and not glued_to_name:
            yield _checked_sign(_digits_number(match))
        elif kind == "keyword":
            meaning = _CJK_KEYWORDS[match.group()]
            yield from _meaning_tokens(meaning, match.start(), match.end(), latin=False)
        elif kind == "cn":
            number = _chinese_number(match)
            if number is not None:
                yield _checked_sign(number)
    yield from _words(pending, text)


def _checked_sign(number: _Number) -> _Number:
    if number.negative and not number.zero:
        raise _Refusal(
            "negative",
            en="Results cannot be negative; to take back an entry, edit or delete the message.",
            zh="结果不能为负数;要撤回记录,请编辑或删除那条消息。",
        )
    return number


def _words(pending: list[re.Match[str]], text: str) -> Iterator[_Token]:
    index = 0
    while index < len(pending):
        match = pending[index]
        word = match.group()
        following = pending[index + 1] if index + 1 < len(pending) else None
        if following is not None and text[match.end() : following.start()] == " ":
            pair_end = following.end()
            if word == "new" and following.group() in _NEW_OBJECTS:
                yield _Keyword(match.start(), pair_end, _NEW, latin=True)
                index += 2
                continue
            if word == "no" and following.group() in _NOTHING_SOLD:
                yield _Signal(_Marker.ZERO, match.start())
                index += 2
                continue
            if word in _NUMBER_WORDS and _counts_something(following.group()):
                value = _NUMBER_WORDS[word]
                yield _Number(match.start(), match.end(), _Kind.BARE, str(value), False, value)
                index += 1
                continue
        meaning = _WORDS.get(word)
        if meaning is not None:
            yield from _meaning_tokens(meaning, match.start(), match.end(), latin=True)
        index += 1


def _counts_something(word: str) -> bool:
    """`two meetings`, `a new customer`: a number word counts only right before a count noun."""
    meaning = _WORDS.get(word)
    if word == "new":
        return True
    return isinstance(meaning, _Role) and meaning.counted is not None and not meaning.weak_count


def _meaning_tokens(meaning: _Meaning, start: int, end: int, *, latin: bool) -> Iterator[_Token]:
    if isinstance(meaning, _Role):
        yield _Keyword(start, end, meaning, latin=latin)
    elif meaning is not _Marker.BLOCK:
        yield _Signal(meaning, start)


def _digits_number(match: re.Match[str]) -> _Number:
    digits = match.group("digits").replace(",", "")
    fraction = (match.group("frac") or "").rstrip("0")
    unit = match.group("unit")
    has_currency = bool(match.group("prefix") or match.group("suffix"))
    counter = (match.group("counter") or "").strip()
    if has_currency or (unit and not counter):
        kind = _Kind.MONEY
    elif counter:
        kind = _Kind.COUNTED
    else:
        kind = _Kind.BARE
    whole: int | None = None
    if not unit and not fraction:
        # Cheaper than int() on a long run of digits, and anything longer is over MAX_COUNT.
        whole = int(digits) if len(digits) <= 7 else MAX_COUNT + 1
    elif unit and kind is _Kind.COUNTED:
        try:
            scaled = parse_amount(match.group("money"), allow_zero=True).amount
        except AmountError:  # too large to be money, so far too many to be a count
            scaled = Decimal(MAX_COUNT + 1)
        if scaled == scaled.to_integral_value():
            whole = int(scaled) if scaled <= MAX_COUNT else MAX_COUNT + 1
    return _Number(
        start=match.start(),
        end=match.end(),
        kind=kind,
        text=match.group("money"),
        negative=match.group("sign") is not None,
        zero=not (digits.strip("0") or fraction),
        whole=whole,
        intrinsic="deals" if counter == "单" and not has_currency else None,
    )


def _chinese_number(match: re.Match[str]) -> _Number | None:
    written = match.group("cn_value")
    has_currency = match.group("cn_suffix") is not None
    counter = match.group("cn_counter")
    large = "万" in written or "亿" in written
    magnitude = any(unit in written for unit in "十百千")
    fractional = "点" in written
    if not (counter or has_currency or large or (magnitude and len(written) > 1)):
        # A lone numeral with no counter is part of a word (一点, 三星, 十几), not a number.
        return None
    if not (magnitude or large or fractional) and len(written) > 1:
        # `两三家`, `五六个`: an estimate between two numbers, not a count.
        raise _Refusal(
            "range",
            en=f"“{match.group()}” is an estimate: write the one number you mean.",
            zh=f"“{match.group()}”是一个大概的数,请写一个确切的数字。",
        )
    # `十万`, `百万元` leave the "one" unsaid; money.parse_amount would read them as bare units.
    implied_one = "一" if written[0] in "十百千万亿" else ""
    whole = None if fractional else chinese_integer(implied_one + written)
    if not fractional and whole is None:
        return None  # not a numeral after all (`亿亿`)
    if has_currency or (large and not counter):
        kind = _Kind.MONEY
    elif counter:
        kind = _Kind.COUNTED
    else:
        kind = _Kind.BARE
    return _Number(
        start=match.start(),
        end=match.end(),
        kind=kind,
        text=implied_one + match.group("cn_money"),
        negative=match.group("cn_sign") is not None,
        zero=whole == 0,
        whole=whole,
        intrinsic="deals" if counter == "单" and not has_currency else None,
    )


def _mark_totals(clause: _Clause) -> None:
    """A total marker applies to the first number after it in the clause, else the last before."""
    numbers = [item for item in clause.items if isinstance(item, _Number)]
    for position in clause.totals:
        after = [number for number in numbers if number.start > position]
        before = [number for number in numbers if number.end <= position]
        if after:
            after[0].total = True
        elif before:
            before[-1].total = True


def _borrow(clause: _Clause, role: _Role) -> None:
    """After `和`/`and`, a clause without a keyword of its own continues the previous one's."""
    if any(isinstance(item, _Keyword) for item in clause.items):
        return
    first = clause.items[0]
    clause.items.insert(0, _Keyword(first.start, first.start, role, latin=False, virtual=True))


def _pair(clause: _Clause, text: str) -> tuple[list[_Fact], list[_Number], _Role | None]:
    """Pair numbers with neighbouring keywords: most pairs first, then the tightest pairs.

    Only neighbours in the clause can pair, so this is a matching on a path, solved exactly by a
    left-to-right dynamic programme.
    """
    items = clause.items
    best: list[int] = [0] * (len(items) + 1)
    paired: list[bool] = [False] * (len(items) + 1)
    for index in range(2, len(items) + 1):
        best[index] = best[index - 1]
        weight = _weight(items[index - 2], items[index - 1], text)
        if weight is not None and best[index - 2] + weight > best[index]:
            best[index] = best[index - 2] + weight
            paired[index] = True
    facts: list[_Fact] = []
    unbound: list[_Number] = []
    last_role: _Role | None = None
    index = len(items)
    while index > 0:
        if paired[index]:
            keyword, number = _split_pair(items[index - 2], items[index - 1])
            facts.append(_Fact(_metric(keyword.role, number), number))
            last_role = last_role or keyword.role
            index -= 2
            continue
        item = items[index - 1]
        if isinstance(item, _Number):
            unbound.append(item)
        index -= 1
    facts.reverse()
    unbound.reverse()
    return facts, unbound, last_role


def _split_pair(left: _Item, right: _Item) -> tuple[_Keyword, _Number]:
    if isinstance(left, _Keyword) and isinstance(right, _Number):
        return left, right
    assert isinstance(left, _Number)
    assert isinstance(right, _Keyword)
    return right, left


def _weight(left: _Item, right: _Item, text: str) -> int | None:
    if isinstance(left, _Keyword) and isinstance(right, _Number):
        keyword, number, keyword_first = left, right, True
    elif isinstance(left, _Number) and isinstance(right, _Keyword):
        keyword, number, keyword_first = right, left, False
    else:
        return None
    if number.intrinsic is not None or _target(keyword.role, number) is None:
        return None
    gap = text[left.end : right.start]
    tightness = 3 if not gap else 2 if _TRANSPARENT_GAP.fullmatch(gap) else 1
    if keyword.virtual:
        tightness = 2
    specific = 0 if keyword.role.weak_count and number.kind is not _Kind.MONEY else 2
    # English puts the noun after the number (`5 calls`), Chinese the verb before it (`拜访4家`).
    natural = 1 if keyword.latin != keyword_first else 0
    return 1000 + 10 * tightness + specific + natural


def _target(role: _Role, number: _Number) -> Metric | None:
    if number.kind is _Kind.MONEY:
        return role.money
    if number.kind is _Kind.COUNTED:
        return role.counted
    return role.bare


def _metric(role: _Role, number: _Number) -> Metric:
    metric = _target(role, number)
    assert metric is not None  # _weight only pairs compatible items
    return metric


def _check_in(facts: list[_Fact], *, note: str, truncated: bool) -> CheckIn:
    amounts: dict[Metric, list[tuple[Decimal, bool]]] = {"amount": [], "collections": []}
    counts: dict[Metric, list[tuple[int, bool]]] = {}
    currencies: set[str] = set()
    for fact in facts:
        number = fact.number
        if fact.metric in _MONEY_METRICS:
            money = parse_amount(number.text, allow_zero=True)
            if money.currency is not None:
                currencies.add(money.currency)
            amounts[fact.metric].append((money.amount, number.total))
        else:
            counts.setdefault(fact.metric, []).append((_count(number), number.total))
    if len(currencies) > 1:
        names = ", ".join(sorted(currencies))
        raise _Refusal(
            "two_currencies",
            en=f"One check-in cannot mix currencies ({names}); send one message per currency.",
            zh=f"一条汇报里不能混用多种货币({names}),请每种货币分开发送。",
        )
    amount = _combine(amounts["amount"], _ZERO)
    collections = _combine(amounts["collections"], _ZERO)
    for total in (amount, collections):
        if total > MAX_AMOUNT:
            raise _Refusal(
                "too_large",
                en="Those amounts add up to more than 1,000T (10^15).",
                zh="这些金额合计超过了 1000万亿 (10^15)。",
            )
    totals = {metric: _combine(parts, 0) for metric, parts in counts.items()}
    for total_count in totals.values():
        if total_count > MAX_COUNT:
            raise _too_many()
    return CheckIn(
        amount=amount,
        visits=totals.get("visits", 0),
        calls=totals.get("calls", 0),
        deals=totals.get("deals", 0),
        proposals=totals.get("proposals", 0),
        new_customers=totals.get("new_customers", 0),
        collections=collections,
        currency=currencies.pop() if currencies else None,
        note=note,
        truncated=truncated,
    )


_Value = TypeVar("_Value", int, Decimal)


def _combine(parts: list[tuple[_Value, bool]], zero: _Value) -> _Value:
    marked = [value for value, is_total in parts if is_total]
    if marked:
        return marked[-1]
    return sum((value for value, _ in parts), zero)


def _count(number: _Number) -> int:
    if number.whole is None:
        raise _Refusal(
            "not_whole",
            en="Counts of visits, calls and deals are whole numbers.",
            zh="拜访、电话、签单等次数必须是整数。",
        )
    if number.whole > MAX_COUNT:
        raise _too_many()
    return number.whole


def _too_many() -> _Refusal:
    return _Refusal(
        "too_many",
        en=f"That is more than {MAX_COUNT:,} in a day; please check the number.",
        zh=f"一天超过 {MAX_COUNT} 次不太可能,请检查数字。",
    )


_RANGE_END = re.compile(rf"[0-9.]+|[{_CN_DIGITS}十]+")


def _range_text(text: str, match: re.Match[str]) -> str:
    # The range pattern stops before its second number (a lookahead): show that number too.
    second = _RANGE_END.match(text, match.end())
    end = second.end() if second else match.end()
    return text[match.start() : end][:40]
