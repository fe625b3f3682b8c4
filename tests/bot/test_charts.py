"""The weekly chart: PNG bytes from plain data, Chinese names drawn with a CJK font."""

from __future__ import annotations

import logging
import struct
import warnings
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib import font_manager

from bot.charts import PNG_SIGNATURE, ChartText, Series, cjk_font, cumulative_chart

TEXT = ChartText(title="累计目标与实际", target_label="{name} 目标", actual_label="{name} 实际")


def series(name: str, days: int = 10, per_day: str = "10000", won: str = "8000") -> Series:
    start = date(2026, 3, 2)
    return Series(
        name=name,
        days=tuple(start + timedelta(days=n) for n in range(days)),
        target=tuple(Decimal(per_day) * (n + 1) for n in range(days)),
        actual=tuple(Decimal(won) * (n + 1) for n in range(days)),
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


SUBSET_FONT = Path(__file__).resolve().parents[1] / "fixtures" / "fonts" / "wqy-microhei-subset.ttf"


@pytest.fixture
def cjk_family() -> str:
    """A CJK font the tests ship (a subset of WenQuanYi Micro Hei), whatever the machine has."""
    font_manager.fontManager.addfont(str(SUBSET_FONT))
    return str(font_manager.FontProperties(fname=str(SUBSET_FONT)).get_name())


def test_an_installed_cjk_font_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [str(SUBSET_FONT)])
    try:
        assert cjk_font() == "WenQuanYi Micro Hei"
    finally:
        cjk_font.cache_clear()


def test_chinese_rep_names_render_without_missing_glyph_warnings(cjk_family: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = cumulative_chart(
            [series("李雷"), series("韓梅梅"), series("Alice")], TEXT, font=cjk_family
        )

    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []
    assert png_size(data) == (800, 450)


def test_without_a_cjk_font_the_chart_is_still_drawn() -> None:
    # The missing glyphs are expected then (logged once by cjk_font), not raised.
    data = cumulative_chart([series("李雷")], TEXT, font=None)

    assert png_size(data) == (800, 450)


def test_no_cjk_font_is_logged_with_the_package_to_install(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from matplotlib import font_manager

    cjk_font.cache_clear()
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    try:
        with caplog.at_level(logging.WARNING, logger="bot.charts"):
            assert cjk_font() is None
    finally:
        cjk_font.cache_clear()

    assert "fonts-wqy-microhei" in caplog.text


def test_the_same_data_draws_the_same_bytes() -> None:
    first = cumulative_chart([series("李雷")], TEXT, font=cjk_font())
    again = cumulative_chart([series("李雷")], TEXT, font=cjk_font())

    assert first == again


def test_a_chart_without_reps_is_an_empty_but_valid_png() -> None:
    assert png_size(cumulative_chart([], TEXT, font=cjk_font())) == (800, 450)
