"""The help reply's structure, in every language."""

from __future__ import annotations

import pytest

from bot.i18n import LANGS, Lang
from bot.views.help import HELP_TOPICS, build_help_blocks, help_text


@pytest.mark.parametrize("lang", LANGS)
def test_help_fits_slacks_limits_and_lists_every_topic(lang: Lang) -> None:
    blocks = build_help_blocks(lang)

    assert blocks[0]["type"] == "header"
    assert len(blocks[0]["text"]["text"]) <= 150
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) == 1 + len(HELP_TOPICS)
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert len(blocks) <= 50
    for section in sections[1:]:
        assert section["text"]["text"].count("`/target") == 2  # usage and example


@pytest.mark.parametrize("lang", LANGS)
def test_the_plain_text_fallback_has_every_example(lang: Lang) -> None:
    text = help_text(lang)

    assert text.count("/target") >= 2 * len(HELP_TOPICS)
