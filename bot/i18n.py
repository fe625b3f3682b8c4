"""Words shown to users, per language: `t(lang, key, **params)` over one catalogue a language.

The language is always passed in. Bolt runs listeners in a thread pool that does not copy
context variables, so a locale kept in a ContextVar would silently fall back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, get_args

from bot.messages import en, zh_hans, zh_hant

Lang = Literal["en", "zh-Hans", "zh-Hant"]
LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
DEFAULT_LANG: Final[Lang] = "en"

CATALOGUES: Final[Mapping[Lang, Mapping[str, str]]] = {
    "en": en.MESSAGES,
    "zh-Hans": zh_hans.MESSAGES,
    "zh-Hant": zh_hant.MESSAGES,
}

_TRADITIONAL_REGIONS: Final = frozenset({"tw", "hk", "mo", "hant"})


def t(lang: Lang, key: str, **params: object) -> str:
    """The message `key` in `lang`, falling back to English; `params` fill its `{fields}`.

    A key missing from the English catalogue is a programming error and raises KeyError.
    """
    template = CATALOGUES.get(lang, en.MESSAGES).get(key)
    if template is None:
        template = en.MESSAGES[key]
    return template.format(**params) if params else template


def lang_from_locale(locale: str | None) -> Lang:
    """Slack's user locale (`zh-CN`, `zh-TW`, `en-US`, ...) to the language Summit answers in:
    Simplified Chinese for mainland and Singapore, Traditional for Taiwan, Hong Kong and Macau,
    English otherwise."""
    if not locale:
        return DEFAULT_LANG
    parts = locale.replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return DEFAULT_LANG
    if any(part in _TRADITIONAL_REGIONS for part in parts[1:]):
        return "zh-Hant"
    return "zh-Hans"


def lang_setting(value: str | None) -> Lang | None:
    """A workspace's language setting: the language an admin chose for everyone, or None for
    `auto` (each person in their own Slack locale's language)."""
    for lang in LANGS:
        if lang == value:
            return lang
    return None
