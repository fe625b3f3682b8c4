"""Message catalogues and the locale a user's Slack profile maps to."""

from __future__ import annotations

from string import Formatter

import pytest

from bot.i18n import CATALOGUES, LANGS, Lang, lang_from_locale, t


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_message_with_the_same_fields(lang: Lang) -> None:
    english, other = CATALOGUES["en"], CATALOGUES[lang]

    assert other.keys() == english.keys()
    for key, template in english.items():
        assert fields(other[key]) == fields(template), key


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("zh-CN", "zh-Hans"),
        ("zh_CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("en-US", "en"),
        ("ja-JP", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_slack_locales_map_to_the_language_we_answer_in(locale: str | None, lang: Lang) -> None:
    assert lang_from_locale(locale) == lang


def test_parameters_fill_the_message() -> None:
    assert t("en", "mention.hint", user="U01ALICE").startswith("Hi <@U01ALICE>!")
    assert t("zh-Hans", "command.unknown", word="跳舞").startswith("我不认识 `/target 跳舞`")


def test_an_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        t("zh-Hans", "no.such.message")
