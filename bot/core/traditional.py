"""Simplified to Traditional Chinese, for users in Taiwan, Hong Kong and Macau.

The planning core writes its Chinese once, in Simplified characters; zh-Hant users get it
converted by OpenCC, whose phrase tables handle the one-to-many characters (发 -> 發/髮,
干 -> 幹/乾) that a character map gets wrong.
"""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter() -> opencc.OpenCC:
    # Plain s2t, not the Taiwan or Hong Kong variants: zh-Hant serves both regions.
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """`text` with Simplified characters written in Traditional; everything else unchanged."""
    converted: str = _converter().convert(text)
    return converted


def localized_zh(text: str, lang: str) -> str:
    """Simplified `text` as a `lang` (zh-Hans or zh-Hant) reader expects it."""
    return to_traditional(text) if lang == "zh-Hant" else text
