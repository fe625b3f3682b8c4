import contextlib
import time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.checkin import (
    MAX_CHECK_IN_CHARS,
    MAX_COUNT,
    CheckIn,
    CheckInError,
    parse_check_in,
)
from bot.core.errors import PlanningError
from bot.core.money import MAX_AMOUNT

CENT = Decimal("0.01")
COUNTS = ("visits", "calls", "deals", "proposals", "new_customers")


def reading(text: str) -> dict[str, Any]:
    """The figures of a check-in, without the note, for compact expectations."""
    check_in = parse_check_in(text)
    figures = {
        "amount": check_in.amount,
        "collections": check_in.collections,
        **{name: getattr(check_in, name) for name in COUNTS},
        "currency": check_in.currency,
    }
    return {name: value for name, value in figures.items() if value not in (0, None)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The examples reps are shown, and the ones the product promises.
        ("今天签了3.5万,拜访4家客户", {"amount": 35000, "visits": 4}),
        ("回款12万", {"collections": 120000}),
        ("closed 12k, 5 calls", {"amount": 12000, "calls": 5}),
        ("0 today, 3 visits", {"visits": 3}),
        ("签约2单 共8万 新客户1个", {"deals": 2, "amount": 80000, "new_customers": 1}),
        (
            "成交 ¥5万，电话20个，拜访3家",
            {"amount": 50000, "calls": 20, "visits": 3, "currency": "CNY"},
        ),
        ("今天没出单，拜访了两家客户", {"visits": 2}),
        (
            "sold $3.5k to Acme, 2 meetings, 1 proposal",
            {"amount": 3500, "visits": 2, "proposals": 1, "currency": "USD"},
        ),
        ("5万", {"amount": 50000}),
        ("12k", {"amount": 12000}),
        ("5", {"amount": 5}),
        # Chinese numerals for counts and amounts.
        ("拜访了三家，电话十个", {"visits": 3, "calls": 10}),
        ("卖了十万，见了两个客户", {"amount": 100000, "visits": 2}),
        ("签了一百二十万", {"amount": 1200000}),
        ("打了二十个电话", {"calls": 20}),
        # Keywords before or after the number, glued or spaced, in either language.
        ("5 calls 3 visits", {"calls": 5, "visits": 3}),
        ("calls 5 visits 3", {"calls": 5, "visits": 3}),
        ("calls: 5, visits: 3", {"calls": 5, "visits": 3}),
        ("拜访4家 电话20个", {"visits": 4, "calls": 20}),
        ("打了20个电话拜访3家", {"calls": 20, "visits": 3}),
        ("closed 3 deals", {"deals": 3}),
        ("成交3笔", {"deals": 3}),
        ("2单", {"deals": 2}),
        ("完成3家拜访", {"visits": 3}),
        ("签了2个新客户", {"new_customers": 2}),
        ("3 new customers, 2 quotes", {"new_customers": 3, "proposals": 2}),
        ("two meetings, one proposal", {"visits": 2, "proposals": 1}),
        ("visited Acme 3 times", {"visits": 3}),
        ("报价3份，方案2个", {"proposals": 5}),
        ("collected 5k and closed 2k", {"collections": 5000, "amount": 2000}),
        ("收款8000，到账2000", {"collections": 10000}),
        # Mixed languages in one message.
        ("签了3万, 5 calls", {"amount": 30000, "calls": 5}),
        ("closed 2万 today，拜访2家", {"amount": 20000, "visits": 2}),
        # Thousands separators, decimals, the colloquial 5万5.
        ("签了3,500", {"amount": 3500}),
        ("closed 1,234,567.89", {"amount": Decimal("1234567.89")}),
        ("签了5万5", {"amount": 55000}),
        ("12万3千", {"amount": 123000}),
        ("closed 1000.50", {"amount": Decimal("1000.50")}),
        # Dates, times, durations and percentages are not results.
        ("3月5日 签了2万", {"amount": 20000}),
        ("2026-03-05 closed 12k at 14:30, 2 hours with them", {"amount": 12000}),
        ("完成率80%，拜访3家", {"visits": 3}),
        ("第一次拜访2家", {"visits": 2}),
        # A name with a number in it is not a quantity.
        ("q3 renewal closed 5k", {"amount": 5000}),
        # Traditional characters.
        ("今天簽了3萬，拜訪兩家", {"amount": 30000, "visits": 2}),
        ("回款12萬，電話5個", {"collections": 120000, "calls": 5}),
    ],
)
def test_check_ins_are_read_as_reps_write_them(text: str, expected: dict[str, Any]) -> None:
    assert reading(text) == {name: _exact(value) for name, value in expected.items()}


def _exact(value: Any) -> Any:
    return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value


@pytest.mark.parametrize(
    "text",
    ["nothing today", "今天没有成交", "没出单", "0", "no sales today", "零成交", "今天一单都没签"],
)
def test_an_explicit_zero_is_a_report_of_nothing_sold(text: str) -> None:
    check_in = parse_check_in(text)
    assert check_in.amount == 0
    assert all(getattr(check_in, name) == 0 for name in COUNTS)
    assert check_in.note == text


def test_collections_are_a_separate_metric_from_sales() -> None:
    check_in = parse_check_in("回款12万")
    assert check_in.collections == Decimal(120000)
    assert check_in.amount == 0
    assert parse_check_in("回款12万，签了3万") == CheckIn(
        amount=Decimal(30000), collections=Decimal(120000), note="回款12万，签了3万"
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        # Several sale amounts add up...
        ("签了3万和2万", 50000),
        ("closed 3k and 2k", 5000),
        ("签了3万，又签了2万", 50000),
        ("3万+2万", 50000),
        # ...unless one is the total, which is then the figure.
        ("签了3万和5万 共8万", 80000),
        ("closed 3k and 5k, 8k total", 8000),
    ],
)
def test_sale_amounts_are_summed_unless_a_total_is_given(text: str, amount: int) -> None:
    assert parse_check_in(text).amount == Decimal(amount)


def test_an_amount_after_a_conjunction_continues_the_list_before_it() -> None:
    assert reading("回款12万和8万") == {"collections": Decimal(200000)}
    # After a comma, an amount without a keyword is a sale.
    assert reading("回款12万，8万") == {"collections": Decimal(120000), "amount": Decimal(80000)}


def test_a_plain_number_is_the_amount_only_when_nothing_else_can_be() -> None:
    assert reading("0 today, 3 visits") == {"visits": 3}
    assert reading("5 today, 3 visits") == {"amount": Decimal(5), "visits": 3}
    # With a sale stated, a stray plain number is ignored rather than added to it.
    assert reading("closed 12k with 3 stakeholders") == {"amount": Decimal(12000)}
    # Counts of things we do not track are ignored.
    assert reading("拜访3家，其中2家有意向") == {"visits": 3}


def test_the_currency_written_is_kept() -> None:
    assert parse_check_in("成交 ¥5万").currency == "CNY"
    assert parse_check_in("签了3万元，回款2万元").currency == "CNY"
    assert parse_check_in("sold $3.5k").currency == "USD"
    assert parse_check_in("closed 12k").currency is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("３．５万，拜访４家", {"amount": 35000, "visits": 4}),
        ("ｃｌｏｓｅｄ　１２ｋ，　５　ｃａｌｌｓ", {"amount": 12000, "calls": 5}),
        ("  closed   12k ,   5    calls  ", {"amount": 12000, "calls": 5}),
        ("closed 12k 🎉🎉, 5 calls 📞", {"amount": 12000, "calls": 5}),
        ("🔥签了3.5万💪拜访4家👍", {"amount": 35000, "visits": 4}),
        ("3️⃣ visits", {"visits": 3}),
        # Zero-width, bidi and control characters are invisible to the reader.
        ("签了\u200b3.5万,\u202e拜访4家\u202c", {"amount": 35000, "visits": 4}),
        ("closed\x0012k,\x075 calls", {"amount": 12000, "calls": 5}),
        ("\u2066closed 12k\u2069\n5 calls", {"amount": 12000, "calls": 5}),
        ("CLOSED 12K, 5 CALLS", {"amount": 12000, "calls": 5}),
    ],
)
def test_messy_text_reads_like_clean_text(text: str, expected: dict[str, Any]) -> None:
    assert reading(text) == {name: _exact(value) for name, value in expected.items()}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("hello", "unreadable"),
        ("??", "unreadable"),
        ("", "unreadable"),
        ("   ", "unreadable"),
        ("see you tomorrow 🙂", "unreadable"),
        ("3月5日", "unreadable"),
        ("-5万", "negative"),
        ("拜访-3家", "negative"),
        ("closed -12k", "negative"),
        ("负5万", "negative"),
        ("拜访3.5家", "not_whole"),
        ("2.5 calls", "not_whole"),
        ("拜访20000家", "too_many"),
        ("10001 calls", "too_many"),
        ("拜访3万家", "too_many"),
        ("3-5 visits", "range"),
        ("拜访3到5家", "range"),
        ("拜访两三家", "range"),
        ("1 or 2 calls", "range"),
        ("$5k and ¥3万", "two_currencies"),
        ("5 3", "ambiguous"),
        ("1000万亿 and 1000万亿", "too_large"),
        ("签了99999万亿", "too_large"),
        ("1万 " * 41, "too_many_numbers"),
    ],
)
def test_unreadable_or_impossible_check_ins_are_refused(text: str, code: str) -> None:
    with pytest.raises(CheckInError) as refused:
        parse_check_in(text)
    assert refused.value.code == code


def test_a_refusal_explains_in_both_languages_with_an_example_in_the_users_notation() -> None:
    with pytest.raises(CheckInError) as chinese:
        parse_check_in("今天很忙")
    assert isinstance(chinese.value, PlanningError)
    assert chinese.value.example == "今天签了3.5万,拜访4家客户"
    assert chinese.value.message("zh-Hans").endswith("正确示例:今天签了3.5万,拜访4家客户")
    assert "金额" in chinese.value.message("zh-Hans")
    with pytest.raises(CheckInError) as english:
        parse_check_in("busy day")
    assert english.value.example == "closed 12k, 5 calls"
    assert english.value.message("en").endswith("Example: closed 12k, 5 calls")


def test_an_amount_error_from_the_money_parser_becomes_a_check_in_error() -> None:
    with pytest.raises(CheckInError) as refused:
        parse_check_in("签了$5万元")
    assert refused.value.code == "two_currencies"
    assert "USD" in refused.value.message("en")


def test_the_note_is_the_trimmed_text_without_control_characters() -> None:
    assert parse_check_in("  closed 12k\x00, 5 calls \n").note == "closed 12k, 5 calls"
    assert parse_check_in("签了3万\n拜访2家").note == "签了3万\n拜访2家"


def test_a_long_message_is_read_up_to_the_limit_and_says_it_was_cut() -> None:
    text = "签了3万，拜访2家" + " 今天很忙" * 200 + "，回款99万"
    check_in = parse_check_in(text)
    assert check_in.truncated
    assert (check_in.amount, check_in.visits) == (Decimal(30000), 2)
    assert check_in.collections == 0
    assert check_in.note == text[:MAX_CHECK_IN_CHARS].strip()
    assert not parse_check_in("签了3万").truncated


def test_a_number_at_the_limit_is_not_cut_in_half() -> None:
    # `12345万` straddles character 500: reading `123` of it would record a wrong amount.
    text = "x" * (MAX_CHECK_IN_CHARS - 8) + " 签了 " + "12345万"
    assert text.index("12345万") < MAX_CHECK_IN_CHARS < len(text)
    with pytest.raises(CheckInError) as refused:
        parse_check_in(text)
    assert refused.value.code == "unreadable"


ADVERSARIAL = [
    "1" * 600,
    "1," * 300,
    "1 " * 300,
    "1.1." * 150,
    "万" * 600,
    "十百千万" * 150,
    "拜访" * 300,
    "a1" * 300,
    "3-" * 300,
    "¥" * 600,
    "\ufdfa" * 500,
    "签了3万和" * 100,
    "calls 5 " * 80,
    "拜访4家 电话20个 " * 40,
    "$1,000," * 80,
    "\u202e\u200b" * 300,
    "🎉" * 500,
    "1万" * 300,
    # The costliest message that is still read: as many amounts as are allowed.
    "签了1万，" * 40,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_hostile_input_is_answered_without_hanging(text: str) -> None:
    # A hang guard against catastrophic backtracking, not a speed target (that is measured by
    # benchmarks): a backtracking blow-up on these inputs takes minutes, a sound parser under 1 ms.
    started = time.perf_counter()
    with contextlib.suppress(CheckInError):
        parse_check_in(text)
    assert time.perf_counter() - started < 1.0


def assert_sound(text: str) -> None:
    """Whatever the text, a reading that is in range, or our own refusal, and nothing else."""
    refusal: CheckInError | None = None
    try:
        check_in = parse_check_in(text)
    except CheckInError as error:
        refusal = error
    if refusal is not None:
        assert refusal.message("en").endswith(refusal.example)
        assert refusal.message("zh-Hans").endswith(refusal.example)
        return
    for amount in (check_in.amount, check_in.collections):
        assert 0 <= amount <= MAX_AMOUNT
        assert amount == amount.quantize(CENT)
    for name in COUNTS:
        count = getattr(check_in, name)
        assert isinstance(count, int)
        assert 0 <= count <= MAX_COUNT
    assert len(check_in.note) <= MAX_CHECK_IN_CHARS
    assert check_in.truncated == (len(text.strip()) > MAX_CHECK_IN_CHARS)


@settings(max_examples=400)
@given(st.text(max_size=700))
def test_any_text_is_read_soundly_or_refused(text: str) -> None:
    assert_sound(text)


PIECES = st.sampled_from(
    [
        *"0123456789",
        *"0123456789",
        *("万", "亿", "千", "k", "K", "w", "m", "M", ".", ",", "，", "、", "。", ";", ":", "/"),
        *(" ", "  ", "-", "−", "负", "+", "$", "¥", "￥", "元", "块", "%", "~", "到", "和"),
        " and ",
        *("签了", "成交", "回款", "收款", "拜访", "电话", "见", "报价", "方案", "新客户", "签约"),
        *(" calls", " visits", " meetings", "closed ", "sold ", " deals", " proposal", "total"),
        *(" new customers", "collected ", "nothing", "no sales", "没出单", "共", "一共"),
        *("单", "家", "个", "次", "笔", "份", " times", "月", "日", "天", "小时", "第"),
        *("两", "三", "十", "百", "一", "零", "点", "五六"),
        *("１", "２", "．", "％", "萬", "億", "拜訪", "電話"),
        *("🎉", "👍🏽", "1️⃣", "\u202e", "\u2066", "\u200b", "\ufeff", "\x00", "\x1b", "\n", "\t"),
        *("' OR 1=1 --", "{{7*7}}", "${jndi:x}", "<@U123|bob>", "<script>", "NaN", "inf", "1e9"),
        *("9" * 30, "q3", "#12", "\ufdfa", "İ", "ß"),
    ]
)
check_in_like = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=1000)
@given(check_in_like)
def test_check_in_like_text_is_read_soundly_or_refused(text: str) -> None:
    assert_sound(text)


@settings(max_examples=100)
@given(check_in_like, st.integers(min_value=MAX_CHECK_IN_CHARS - 50, max_value=1500))
def test_long_text_is_read_soundly_or_refused(text: str, length: int) -> None:
    assert_sound((text * (length // max(len(text), 1) + 1))[:length])


# Round trip: figures written out the way reps write them read back as the same figures.

COUNT_WORDS = {
    "visits": ("拜访{}家", "{} visits", "{} meetings", "见了{}个客户"),
    "calls": ("电话{}个", "{} calls", "打了{}个电话", "calls: {}"),
    "deals": ("{}单", "{} deals", "成交{}笔"),
    "proposals": ("报价{}份", "{} proposals", "{}个方案", "{} quotes"),
    "new_customers": ("新客户{}个", "{} new customers", "{}个新客户"),
}
SEPARATORS = st.sampled_from(["，", ", ", "；", "; ", "。", "\n", " 和 ", " and ", "、"])
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def written_amount(amount: Decimal, style: int, currency: str | None) -> str:
    if style == 0:
        digits = f"{amount}"
    elif style == 1:
        digits = f"{amount:,}"
    else:
        digits = f"{(amount / 10000).normalize():f}万"
    if currency == "CNY":
        return f"¥{digits}" if style != 2 else f"{digits}元"
    if currency == "USD":
        return f"${digits}"
    return digits


@settings(max_examples=300)
@given(
    amount=st.none() | st.decimals(min_value=0, max_value=10**9, places=2),
    collections=st.none() | st.decimals(min_value=0, max_value=10**9, places=2),
    counts=st.dictionaries(st.sampled_from(list(COUNT_WORDS)), st.integers(0, MAX_COUNT)),
    currency=st.sampled_from([None, "CNY", "USD"]),
    data=st.data(),
)
def test_written_figures_read_back_as_the_same_figures(
    amount: Decimal | None,
    collections: Decimal | None,
    counts: dict[str, int],
    currency: str | None,
    data: st.DataObject,
) -> None:
    clauses: list[str] = []
    verb_of_amount = data.draw(st.sampled_from(["签了{}", "closed {}", "成交 {}", "sold {}", "{}"]))
    amount_clause = ""
    if amount is not None:
        amount_clause = verb_of_amount.format(
            written_amount(amount, data.draw(st.integers(0, 2)), currency)
        )
        clauses.append(amount_clause)
    if collections is not None:
        verb = data.draw(st.sampled_from(["回款{}", "collected {}", "收款 {}"]))
        style = data.draw(st.integers(0, 2))
        clauses.append(verb.format(written_amount(collections, style, currency)))
    for name, count in counts.items():
        clauses.append(data.draw(st.sampled_from(COUNT_WORDS[name])).format(count))
    if not clauses:
        clauses.append("nothing today")
    clauses = data.draw(st.permutations(clauses))
    if amount is not None and verb_of_amount == "{}":
        # A bare amount after `和` would continue the list before it (documented): put it first.
        clauses.remove(amount_clause)
        clauses.insert(0, amount_clause)
    text = clauses[0]
    for clause in clauses[1:]:
        text += data.draw(SEPARATORS) + clause
    if data.draw(st.booleans()) and "," not in text:
        text = text.translate(FULL_WIDTH)
    text = data.draw(st.sampled_from(["{}", "👍 {}", "{} 🎉", "  {}\n"])).format(text)

    check_in = parse_check_in(text)

    assert check_in.amount == (amount or 0)
    assert check_in.collections == (collections or 0)
    for name in COUNT_WORDS:
        assert getattr(check_in, name) == counts.get(name, 0)
    money_written = amount is not None or collections is not None
    assert check_in.currency == (currency if money_written else None)
    assert check_in.note == text.strip()
