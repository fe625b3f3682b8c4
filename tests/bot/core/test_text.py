"""Cutting a user's text to a length: kept whole when it fits, else its start and an ellipsis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.text import ELLIPSIS, clip


def test_a_text_that_fits_is_kept_whole() -> None:
    assert clip("January close", 200) == clip("January close", 13)
    assert clip("January close", 13).text == "January close"
    assert not clip("January close", 13).cut


def test_a_long_text_keeps_its_start_and_ends_with_an_ellipsis() -> None:
    clipped = clip("大客户续约 " * 10, 8)

    assert clipped.text == "大客户续约 大" + ELLIPSIS
    assert clipped.cut


def test_spaces_before_the_cut_are_dropped() -> None:
    assert clip("Acme    renewal", 6).text == "Acme" + ELLIPSIS


def test_a_limit_below_one_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="leaves nothing"):
        clip("x", 0)


@given(text=st.text(max_size=400), limit=st.integers(min_value=1, max_value=300))
def test_never_longer_than_the_limit_and_cut_exactly_when_too_long(text: str, limit: int) -> None:
    clipped = clip(text, limit)

    assert len(clipped.text) <= limit
    assert clipped.cut == (len(text) > limit)
    if clipped.cut:
        assert text.startswith(clipped.text.removesuffix(ELLIPSIS))
    else:
        assert clipped.text == text
