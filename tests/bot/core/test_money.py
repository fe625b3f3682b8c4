from decimal import Decimal, localcontext

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.core.errors import AmountError
from bot.core.money import MAX_AMOUNT, Money, format_amount, parse_amount

CENT = Decimal("0.01")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("500万", "5000000"),
        ("1.2亿", "120000000"),
        ("五百万", "5000000"),
        ("一千二百万", "12000000"),
        ("两百万", "2000000"),
        ("十万", "100000"),
        ("百万", "1000000"),
        ("千万", "10000000"),
        ("壹佰万", "1000000"),
        ("3千万", "30000000"),
        ("5,000,000", "5000000"),
        ("120k", "120000"),
        ("120K", "120000"),
        ("3.5M", "3500000"),
        ("3.5 million", "3500000"),
        ("1.2B", "1200000000"),
        ("2.5w", "25000"),
        ("2.5W", "25000"),
        ("５００万", "5000000"),
        ("１２０Ｋ", "120000"),
        ("1.5 万", "15000"),
        ("  120k  ", "120000"),
        ("500,000.50", "500000.50"),
        ("1000万亿", "1000000000000000"),
        # Traditional characters, as written in Taiwan and Hong Kong.
        ("500萬", "5000000"),
        ("1.2億", "120000000"),
        ("兩百萬", "2000000"),
        # Chinese numerals with a fraction, and digits mixed among Chinese units.
        ("一点二亿", "120000000"),
        ("十二点五万", "125000"),
        ("1千2百万", "12000000"),
        ("12万3千", "123000"),
        ("5万5", "55000"),
        # Cents: exact when scaling leaves at most two decimals, rounded half up otherwise.
        ("1.23456万", "12345.60"),
        ("0.125", "0.13"),
        ("0.124", "0.12"),
    ],
)
def test_amounts_are_read_as_users_write_them(text: str, amount: str) -> None:
    assert parse_amount(text) == Money(Decimal(amount))


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("¥500万", "5000000", "CNY"),
        ("￥500万", "5000000", "CNY"),
        ("500万元", "5000000", "CNY"),
        ("3.5万元", "35000", "CNY"),
        ("12万块", "120000", "CNY"),
        ("3萬塊", "30000", "CNY"),
        ("RMB 500万", "5000000", "CNY"),
        ("CNY500万", "5000000", "CNY"),
        ("500万人民币", "5000000", "CNY"),
        ("¥500元", "500", "CNY"),
        ("$120k", "120000", "USD"),
        ("USD 120k", "120000", "USD"),
        ("120k USD", "120000", "USD"),
        ("100万美元", "1000000", "USD"),
        ("€3.5M", "3500000", "EUR"),
        ("£2k", "2000", "GBP"),
        ("HK$5k", "5000", "HKD"),
        ("NT$3M", "3000000", "TWD"),
        ("JPY 1000万", "10000000", "JPY"),
    ],
)
def test_the_currency_written_is_kept_as_its_iso_code(
    text: str, amount: str, currency: str
) -> None:
    assert parse_amount(text) == Money(Decimal(amount), currency)


def test_zero_is_refused_as_a_target_but_accepted_for_a_check_in() -> None:
    with pytest.raises(AmountError) as refused:
        parse_amount("0")
    assert refused.value.code == "zero"
    assert parse_amount("0", allow_zero=True) == Money(Decimal("0.00"))
    assert parse_amount("¥0", allow_zero=True) == Money(Decimal("0.00"), "CNY")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-5万", "negative"),
        ("负五百万", "negative"),
        ("¥-5万", "negative"),
        ("0", "zero"),
        ("0.001", "zero"),
        ("NaN", "not_finite"),
        ("inf", "not_finite"),
        ("-Infinity", "not_finite"),
        ("1e6", "exponent"),
        ("1.5E+3万", "exponent"),
        ("1001万亿", "too_large"),
        ("1" + "0" * 16, "too_large"),
        ("abc", "unreadable"),
        ("5万万", "unreadable"),
        ("1.2.3万", "unreadable"),
        ("5,00", "unreadable"),
        ("一万点五", "unreadable"),
        ("万", "missing_number"),
        ("k", "missing_number"),
        ("¥", "missing_number"),
        ("$500元", "two_currencies"),
        ("USD 5万元", "two_currencies"),
        ("1" * 201, "too_long"),
    ],
)
def test_bad_amounts_say_what_is_wrong_in_both_languages_with_an_example(
    text: str, code: str
) -> None:
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    error = raised.value
    assert error.code == code
    assert error.en
    assert error.zh
    assert error.zh in error.message("zh-Hans")
    assert error.en in error.message("en")
    # The example shown to the user must itself be accepted.
    assert parse_amount(error.example).amount > 0


def test_the_example_follows_the_notation_the_user_wrote_in() -> None:
    with pytest.raises(AmountError) as chinese:
        parse_amount("五万万")
    with pytest.raises(AmountError) as english:
        parse_amount("lots")
    assert chinese.value.example == "500万"
    assert english.value.example == "120k"


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        ("5000000", "500万", "5M"),
        ("120000000", "1.2亿", "120M"),
        ("35000", "3.5万", "35k"),
        ("120000", "12万", "120k"),
        ("3500000", "350万", "3.5M"),
        ("1200000000", "12亿", "1.2B"),
        ("1666666.67", "166.67万", "1.67M"),
        ("8000", "8,000", "8k"),
        ("850", "850", "850"),
        ("8000.50", "8,000.50", "8k"),
        ("0.01", "0.01", "0.01"),
        ("0", "0", "0"),
        ("1000000000000000", "1000万亿", "1000T"),
        # Rounding up to the next unit reads as that unit.
        ("99999999.99", "1亿", "100M"),
        ("999999.99", "100万", "1M"),
        ("99995000", "9999.5万", "100M"),
        ("-5000000", "-500万", "-5M"),
    ],
)
def test_amounts_are_written_the_way_users_write_them(amount: str, zh: str, en: str) -> None:
    assert format_amount(Decimal(amount), "zh-Hans") == zh
    assert format_amount(Decimal(amount), "en") == en


@pytest.mark.parametrize(
    ("currency", "lang", "text"),
    [
        ("CNY", "zh-Hans", "¥500万"),
        ("USD", "en", "$5M"),
        ("EUR", "en", "€5M"),
        ("HKD", "zh-Hant", "HK$500萬"),
        ("SGD", "en", "SGD 5M"),
    ],
)
def test_a_currency_is_written_as_its_symbol(currency: str, lang: str, text: str) -> None:
    assert format_amount(Decimal(5000000), lang, currency) == text


def test_format_refuses_a_non_finite_amount() -> None:
    with pytest.raises(ValueError, match="non-finite"):
        format_amount(Decimal("NaN"), "en")


AMOUNT_PIECES = st.sampled_from(
    [
        *"0123456789",
        *"0123456789",
        ".",
        ",",
        " ",
        "-",
        "+",
        *"万亿千百十点零两一二三五九",
        *"kKmMwWbBeE",
        *"¥￥$€£元块",
        "HK$",
        "USD",
        "RMB",
        "nan",
        "inf",
        "５",
        "中",
        "😀",
        "\x00",
        "\n",
        "\u200b",
        "﷽",
    ]
)
amount_like = st.lists(AMOUNT_PIECES, max_size=24).map("".join)


def _check_amount(text: str, allow_zero: bool) -> None:
    try:
        money = parse_amount(text, allow_zero=allow_zero)
    except AmountError:
        return
    assert money.amount >= 0 if allow_zero else money.amount > 0
    assert money.amount <= MAX_AMOUNT
    assert money.amount.as_tuple().exponent == -2


@settings(max_examples=400)
@given(st.text(max_size=60), st.booleans())
@example("9" * 200, False)
@example("1" * 2000, False)
def test_any_text_gives_a_valid_amount_or_an_amount_error(text: str, allow_zero: bool) -> None:
    _check_amount(text, allow_zero)


@settings(max_examples=1500)
@given(amount_like, st.booleans())
def test_amount_like_text_gives_a_valid_amount_or_an_amount_error(
    text: str, allow_zero: bool
) -> None:
    _check_amount(text, allow_zero)


def _display_step(amount: Decimal, lang: str) -> Decimal:
    """Half the last shown digit: how far a formatted amount may be from the exact one."""
    scales = (12, 8, 4) if lang.startswith("zh") else (12, 9, 6, 3)
    for exponent in scales:
        if amount >= Decimal(10) ** exponent:
            return Decimal("0.005") * Decimal(10) ** exponent
    return Decimal(0)


@settings(max_examples=500)
@given(
    st.decimals(min_value=CENT, max_value=MAX_AMOUNT, places=2),
    st.sampled_from(["zh-Hans", "en"]),
    st.sampled_from([None, "CNY", "USD", "EUR", "GBP", "HKD", "TWD", "JPY", "SGD"]),
)
def test_a_formatted_amount_reads_back_within_its_display_precision(
    amount: Decimal, lang: str, currency: str | None
) -> None:
    text = format_amount(amount, lang, currency)
    money = parse_amount(text)
    assert abs(money.amount - amount) <= _display_step(amount, lang)
    assert money.currency == currency


@pytest.mark.parametrize(
    ("amount", "lang"),
    [
        ("5000000", "zh-Hans"),
        ("12345600", "zh-Hans"),
        ("8000.50", "zh-Hans"),
        ("123.45", "zh-Hans"),
        ("5000000", "en"),
        ("1230000", "en"),
        ("999.99", "en"),
    ],
)
def test_amounts_the_format_shows_exactly_read_back_exactly(amount: str, lang: str) -> None:
    exact = Decimal(amount)
    assert parse_amount(format_amount(exact, lang, "CNY")) == Money(exact, "CNY")


@pytest.mark.parametrize(
    "text", ["1," * 99, "1,000" * 39, "9" * 199 + "x", "万" * 200, "1." * 100, "0e" * 100]
)
def test_long_pathological_input_is_refused_quickly(text: str) -> None:
    # Anchored regexes without nested repetition: each of these is refused in microseconds; a
    # backtracking blow-up would hang here instead.
    with pytest.raises(AmountError):
        parse_amount(text)


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    with localcontext() as context:
        context.prec = 3
        assert parse_amount("123456789.125") == Money(Decimal("123456789.13"))
        assert format_amount(Decimal("1234567.89"), "zh-Hans") == "123.46万"
