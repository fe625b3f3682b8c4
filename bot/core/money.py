"""Money: amounts as exact Decimals to the cent, read from Chinese and English text.

Users write targets the way they say them: `500万`, `1.2亿`, `五百万`, `3千万`, `120k`, `$3.5M`,
`¥500万元`, `5,000,000`. Digits with a unit suffix are read here with Decimal (every unit is a power
of ten, so scaling is exact); pure Chinese numerals go to cn2an, which knows their grammar but
truncates fractions, so it only ever sees whole numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

import cn2an

from bot.core.errors import AmountError


@dataclass(frozen=True)
class Money:
    """An exact amount (quantized to the cent) and the currency the user wrote, if any."""

    amount: Decimal
    currency: str | None = None


MAX_AMOUNT = Decimal(10) ** 15
MAX_INPUT_CHARS = 200

_CENT = Decimal("0.01")
# Every amount we accept fits in 18 digits; an explicit context keeps results independent of
# whatever decimal context the calling thread has set.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

# Unit suffix -> power of ten. Latin suffixes are looked up lower-cased (`120K`, `2.5W`, `3.5m`).
_UNIT_EXPONENTS: dict[str, int] = {
    "": 0,
    "十": 1,
    "百": 2,
    "千": 3,
    "万": 4,
    "十万": 5,
    "百万": 6,
    "千万": 7,
    "亿": 8,
    "十亿": 9,
    "百亿": 10,
    "千亿": 11,
    "万亿": 12,
    "w": 4,
    "k": 3,
    "thousand": 3,
    "m": 6,
    "mn": 6,
    "million": 6,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "t": 12,
    "tn": 12,
    "trillion": 12,
}

# Written before the number; checked longest first so `HK$` wins over `$`. Matched upper-cased.
_PREFIX_CURRENCIES: tuple[tuple[str, str], ...] = (
    ("HK$", "HKD"),
    ("NT$", "TWD"),
    ("US$", "USD"),
    ("JP¥", "JPY"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("HKD", "HKD"),
    ("TWD", "TWD"),
    ("JPY", "JPY"),
    ("SGD", "SGD"),
    ("AUD", "AUD"),
    ("CAD", "CAD"),
    ("CHF", "CHF"),
    ("KRW", "KRW"),
    ("¥", "CNY"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
)

# Written after the number (and after any unit: `500万元`, `120k USD`). Longest first.
_SUFFIX_CURRENCIES: tuple[tuple[str, str], ...] = (
    ("人民币", "CNY"),
    ("块钱", "CNY"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("欧元", "EUR"),
    ("英镑", "GBP"),
    ("港币", "HKD"),
    ("港元", "HKD"),
    ("日元", "JPY"),
    *((code, iso) for code, iso in _PREFIX_CURRENCIES if code.isalpha()),
    ("元", "CNY"),
    ("块", "CNY"),
)

_ISO_CODES = dict(_PREFIX_CURRENCIES + _SUFFIX_CURRENCIES)
# One anchored alternation each (longest first) instead of a loop of startswith/endswith calls.
_PREFIX = re.compile("|".join(re.escape(code) for code, _ in _PREFIX_CURRENCIES), re.IGNORECASE)
_SUFFIX = re.compile(
    "(?:" + "|".join(re.escape(code) for code, _ in _SUFFIX_CURRENCIES) + r")\Z", re.IGNORECASE
)

_SYMBOLS: dict[str, str] = {
    "CNY": "¥",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "HKD": "HK$",
    "TWD": "NT$",
    "JPY": "JP¥",
}

_SIGNS = "-+−负"
# Traditional characters users in Taiwan and Hong Kong write for units and currencies.
_TRADITIONAL = str.maketrans("萬億兩負塊圓幣", "万亿两负块元币")
# Digits with optional thousands separators, optional fraction, optional unit. Anchored and
# without nested quantifiers, so matching is linear in the input.
_DIGITS = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))? ?([^0-9., ]*)")
_CN_BELOW_WAN = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟廿"
_CN_NUMERAL = re.compile(f"[{_CN_BELOW_WAN}万亿]+")
# `一点二亿`, `十二点五万`: cn2an would truncate the fraction, so only the whole part goes to it.
_CN_DECIMAL = re.compile(f"([{_CN_BELOW_WAN}]+)点([零〇一二三四五六七八九]+)(.*)")
# `1千2百万`, `5万5千`: digit runs among Chinese units, read by cn2an once the digits are numerals.
_MIXED = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_CN_DIGITS = dict(zip("零〇一二三四五六七八九", "00123456789", strict=True))
_NON_FINITE = re.compile(r"s?nan|inf(?:inity)?|∞|无穷大?", re.IGNORECASE)
_EXPONENT = re.compile(r"[0-9][0-9.,]*e[+-]?[0-9]+[^0-9]*", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def parse_amount(text: str, *, allow_zero: bool = False) -> Money:
    """Read an amount of money as a user writes it; raise AmountError saying what is wrong.

    A target of zero means nothing, but "0 today" in a check-in does: pass `allow_zero=True`.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise _error(
            "too_long",
            text,
            en=f"That is too long for an amount ({len(text)} characters).",
            zh=f"金额太长了({len(text)} 个字符)。",
        )
    cleaned = " ".join(unicodedata.normalize("NFKC", text).translate(_TRADITIONAL).split())
    if not cleaned:
        raise _error("empty", text, en="The amount is missing.", zh="没有填写金额。")
    negative, currency, body = _split_sign_and_currency(cleaned)
    if not body:
        raise _error(
            "missing_number",
            cleaned,
            en=f"“{_quote(cleaned)}” has no number in it.",
            zh=f"“{_quote(cleaned)}”里没有数字。",
        )
    value = _read_number(body, cleaned)
    if negative and value != 0:
        raise _error(
            "negative",
            cleaned,
            en=f"An amount cannot be negative: “{_quote(cleaned)}”.",
            zh=f"金额不能为负数:“{_quote(cleaned)}”。",
        )
    if value > MAX_AMOUNT:
        raise _error(
            "too_large",
            cleaned,
            en=f"“{_quote(cleaned)}” is too large; amounts go up to 1,000T (10^15).",
            zh=f"“{_quote(cleaned)}”太大了,金额最多为 1000万亿 (10^15)。",
        )
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)
    if cents == 0 and not allow_zero:
        raise _error(
            "zero",
            cleaned,
            en=f"The amount must be at least 0.01; “{_quote(cleaned)}” is less.",
            zh=f"金额至少为 0.01,“{_quote(cleaned)}”小于这个数。",
        )
    # `-0` is a zero, not a debt; normalise the sign away so it prints as 0.
    return Money(cents.copy_abs(), currency)


def format_amount(amount: Decimal, lang: str, currency: str | None = None) -> str:
    """Write an amount the way a user would: `500万`, `166.67万`, `8,000` (zh-Hans); `500萬`
    (zh-Hant); `120k`, `3.5M` (en).

    At most two decimals of the unit are shown, trailing zeros trimmed. A known currency is shown
    as its symbol (`¥500万`, `$120k`), any other code as a prefix (`SGD 120k`).
    """
    if not amount.is_finite():
        raise ValueError(f"cannot format a non-finite amount: {amount}")
    cents = amount.quantize(_CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)
    sign = "-" if cents < 0 else ""
    prefix = "" if currency is None else _SYMBOLS.get(currency, f"{currency} ")
    return f"{sign}{prefix}{_scaled_text(cents.copy_abs(), lang)}"


# (power of ten, suffix), largest first.
_ZH_SCALES: tuple[tuple[int, str], ...] = ((12, "万亿"), (8, "亿"), (4, "万"))
_ZH_HANT_SCALES: tuple[tuple[int, str], ...] = ((12, "萬億"), (8, "億"), (4, "萬"))
_EN_SCALES: tuple[tuple[int, str], ...] = ((12, "T"), (9, "B"), (6, "M"), (3, "k"))
_POWERS = {exponent: Decimal(10**exponent) for exponent in range(13)}


def _scaled_text(magnitude: Decimal, lang: str) -> str:
    if lang.startswith("zh"):
        scales = _ZH_HANT_SCALES if lang == "zh-Hant" else _ZH_SCALES
    else:
        scales = _EN_SCALES
    for index, (exponent, suffix) in enumerate(scales):
        if magnitude < _POWERS[exponent]:
            continue
        shown = magnitude.scaleb(-exponent, _CONTEXT).quantize(
            _CENT, rounding=ROUND_HALF_UP, context=_CONTEXT
        )
        # 9999.999万 rounds to 10000万: say 1亿 instead.
        if index > 0 and shown == _POWERS[scales[index - 1][0] - exponent]:
            return f"1{scales[index - 1][1]}"
        return f"{_trim(shown)}{suffix}"
    whole = f"{magnitude:,.2f}"
    return whole.removesuffix(".00")


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _split_sign_and_currency(text: str) -> tuple[bool, str | None, str]:
    """Peel a sign and currency markers off both ends; what is left is number and unit."""
    negative = False
    currencies: set[str] = set()
    body = text
    # The sign may come before or after a leading symbol: `-¥5万`, `¥-5万`.
    for _ in range(2):
        if body and body[0] in _SIGNS:
            negative = negative or body[0] != "+"
            body = body[1:].lstrip()
        found = _PREFIX.match(body)
        if found:
            currencies.add(_ISO_CODES[found.group().upper()])
            body = body[found.end() :].lstrip()
    found = _SUFFIX.search(body)
    if found and found.start() > 0:
        currencies.add(_ISO_CODES[found.group().upper()])
        body = body[: found.start()].rstrip()
    if len(currencies) > 1:
        raise _error(
            "two_currencies",
            text,
            en=f"“{_quote(text)}” names more than one currency ({', '.join(sorted(currencies))}).",
            zh=f"“{_quote(text)}”里有不止一种货币({'、'.join(sorted(currencies))})。",
        )
    return negative, (currencies.pop() if currencies else None), body


def _read_number(body: str, shown: str) -> Decimal:
    digits = _DIGITS.fullmatch(body)
    if digits:
        whole, fraction, unit = digits.groups()
        exponent = _UNIT_EXPONENTS.get(unit.lower())
        if exponent is not None:
            return _exact(whole.replace(",", ""), fraction or "", exponent)
    if body[:1] in ("十", "百", "千") and body in _UNIT_EXPONENTS:
        # `十万`, `百万`, `十元`: Chinese leaves the leading 一 unsaid; numbers, not bare units.
        return _cn2an_whole("一" + body, shown)
    if body.lower() in _UNIT_EXPONENTS:
        raise _error(
            "missing_number",
            shown,
            en=f"“{_quote(shown)}” is a unit without a number.",
            zh=f"“{_quote(shown)}”只有单位,没有数字。",
        )
    if _NON_FINITE.fullmatch(body):
        raise _error(
            "not_finite",
            shown,
            en=f"“{_quote(shown)}” is not a finite amount.",
            zh=f"“{_quote(shown)}”不是一个有限的金额。",
        )
    if _EXPONENT.fullmatch(body):
        raise _error(
            "exponent",
            shown,
            en=f"Write the amount out instead of in exponent form: “{_quote(shown)}”.",
            zh=f"请直接写出金额,不要用科学计数法:“{_quote(shown)}”。",
        )
    if _CN_NUMERAL.fullmatch(body):
        return _cn2an_whole(body, shown)
    decimal = _CN_DECIMAL.fullmatch(body)
    if decimal:
        whole_cn, fraction_cn, unit = decimal.groups()
        exponent = _UNIT_EXPONENTS.get(unit)
        if exponent is not None:
            whole = _cn2an_whole(whole_cn, shown)
            fraction = "".join(_CN_DIGITS[c] for c in fraction_cn)
            return _exact(str(whole), fraction, exponent)
    if _MIXED.fullmatch(body):
        try:
            numerals = _DIGIT_RUN.sub(lambda m: str(cn2an.an2cn(m.group())), body)
        except Exception:  # see chinese_integer: cn2an fails in assorted ways
            raise _unreadable(shown) from None
        return _cn2an_whole(numerals, shown)
    raise _unreadable(shown)


def _exact(whole: str, fraction: str, exponent: int) -> Decimal:
    # Built from the digit string so that no context precision can round it.
    return Decimal(f"{whole}{fraction}E{exponent - len(fraction)}")


def chinese_integer(numerals: str) -> int | None:
    """The whole number Chinese numerals spell (`一千二百万`, `两百`, `一万二`), or None if none.

    cn2an rejects what it cannot read with assorted exceptions (ValueError, but also KeyError from
    its colloquial-form tables on input such as `零亿零`), so any failure inside it means "not a
    number" here rather than a crash for the user.
    """
    try:
        value = cn2an.cn2an(numerals, "normal")
    except Exception:
        return None
    return value if isinstance(value, int) else None


def _cn2an_whole(numerals: str, shown: str) -> Decimal:
    value = chinese_integer(numerals)
    if value is None:
        raise _unreadable(shown)
    return Decimal(value)


def _unreadable(shown: str) -> AmountError:
    return _error(
        "unreadable",
        shown,
        en=f"“{_quote(shown)}” is not an amount I can read.",
        zh=f"无法识别金额“{_quote(shown)}”。",
    )


def _error(code: str, text: str, *, en: str, zh: str) -> AmountError:
    # Answer in the notation the user was writing in.
    example = "500万" if _CJK.search(text) else "120k"
    return AmountError(code, en=en, zh=zh, example=example)


def _quote(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
