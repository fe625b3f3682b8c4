from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.allocate import allocate
from bot.core.errors import SplitError


def test_three_way_split_of_a_hundred_gives_the_odd_cent_to_the_first_part() -> None:
    assert allocate(Decimal("100.00"), [1, 1, 1]) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_largest_remainder_wins_the_leftover_cent() -> None:
    # Exact shares: 0.0333.., 0.0666..: the second part has the larger remainder.
    assert allocate(Decimal("0.10"), [1, 2]) == [Decimal("0.03"), Decimal("0.07")]


def test_zero_weight_gets_nothing() -> None:
    assert allocate(Decimal("10.00"), [0, 1, 0]) == [Decimal("0"), Decimal("10.00"), Decimal("0")]


def test_negative_total_is_split_symmetrically() -> None:
    assert allocate(Decimal("-100.00"), [1, 1, 1]) == [
        Decimal("-33.34"),
        Decimal("-33.33"),
        Decimal("-33.33"),
    ]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_unusable_weights_are_refused_with_a_reason(weights: list[int]) -> None:
    with pytest.raises(SplitError) as caught:
        allocate(Decimal("1.00"), weights)
    assert caught.value.message("zh-Hans")
    assert "Example:" in caught.value.message("en")


cents = st.integers(min_value=-(10**17), max_value=10**17).map(lambda n: Decimal(n) / 100)
weights = st.lists(
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=40,
).filter(lambda ws: sum(ws) > 0)


@given(total=cents, ws=weights)
def test_parts_always_add_back_exactly(total: Decimal, ws: list[Decimal]) -> None:
    parts = allocate(total, ws)
    assert sum(parts) == total
    assert len(parts) == len(ws)
    for part, w in zip(parts, ws, strict=True):
        if w == 0:
            assert part == 0
        assert part == part.quantize(Decimal("0.01"))


@given(total=cents, ws=weights)
def test_no_part_strays_more_than_a_cent_from_its_exact_share(
    total: Decimal, ws: list[Decimal]
) -> None:
    parts = allocate(total, ws)
    s = sum(ws)
    for part, w in zip(parts, ws, strict=True):
        assert abs(part - total * w / s) < Decimal("0.01")
