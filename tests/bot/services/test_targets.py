"""Reading `/target set` and carrying a pending change in a button: pure, no Slack, no store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.errors import AmountError, PeriodError
from bot.core.money import Money
from bot.core.periods import quarter
from bot.services.targets import MentionError, SetCommand, decode_pending, encode_pending, parse_set
from bot.services.targets import shares as shares_of

TODAY = date(2027, 1, 6)


@pytest.mark.parametrize(
    ("text", "users", "mode", "given_mode"),
    [
        ("500万 本季度", (), "each", False),
        ("本季度 500万", (), "each", False),
        ("5M this quarter <@U1|a> <@U2|b>", ("U1", "U2"), "each", False),
        ("500万 <@U1> 2027Q1 <@U2|b> 平分", ("U1", "U2"), "split", True),
        ("500万 2027Q1 <@U1> <@U1|again> each", ("U1",), "each", True),
        ("500万 2027Q1 <@W1|enterprise> 每人", ("W1",), "each", True),
    ],
)
def test_amount_period_mentions_and_mode_in_any_order(
    text: str, users: tuple[str, ...], mode: str, given_mode: bool
) -> None:
    command = parse_set(text, today=TODAY)

    assert command.amount.amount == Decimal("5000000.00")
    assert command.period == quarter(2027, 1)
    assert (command.user_ids, command.mode, command.mode_given) == (users, mode, given_mode)


@pytest.mark.parametrize(
    ("text", "error"),
    [("很多 2027Q1", AmountError), ("500万 someday", PeriodError), ("500万", PeriodError)],
)
def test_unreadable_parts_raise_the_cores_errors(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_set(text, today=TODAY)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("5M 2027Q1 <!channel>", "broadcast"),
        ("5M 2027Q1 <!subteam^S1|@sales>", "broadcast"),
        ("5M 2027Q1 @here", "broadcast"),
        ("5M 2027Q1 @alice", "unknown"),
    ],
)
def test_broadcasts_and_unescaped_names_are_not_people(text: str, kind: str) -> None:
    with pytest.raises(MentionError) as refused:
        parse_set(text, today=TODAY)

    assert refused.value.kind == kind


def test_a_pending_change_survives_the_button_round_trip() -> None:
    command = SetCommand(
        Money(Decimal("1234.56"), "USD"), quarter(2027, 1), ("U1", "U2"), "split", True
    )

    assert decode_pending(encode_pending(command)) == command


@pytest.mark.parametrize("value", ["cancel", "{}", '{"mode": "all"}', "[1]"])
def test_anything_else_in_a_button_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="pending"):
        decode_pending(value)


@settings(max_examples=200, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=10**13),
    count=st.integers(min_value=1, max_value=40),
    mode=st.sampled_from(["each", "split"]),
)
def test_shares_are_exact(cents: int, count: int, mode: str) -> None:
    amount = Decimal(cents).scaleb(-2)
    command = SetCommand(Money(amount), quarter(2027, 1), (), mode, True)  # type: ignore[arg-type]

    parts = shares_of(command, count)

    assert len(parts) == count
    if mode == "split":
        assert sum(parts) == amount
        assert max(parts) - min(parts) <= Decimal("0.01")
    else:
        assert parts == [amount] * count
