"""The one error family the planning core raises on bad input.

Each error carries what went wrong in Simplified Chinese and English, plus an example of the right
form, so the Slack surface can answer the user in their language without knowing the core's rules;
Traditional Chinese readers get the Chinese converted.
"""

from __future__ import annotations

from bot.core.traditional import localized_zh


class PlanningError(ValueError):
    """Bad input to the planning core: a reason in two languages and a correct example."""

    def __init__(self, code: str, *, en: str, zh: str, example: str) -> None:
        super().__init__(f"{code}: {en} (e.g. {example})")
        self.code = code
        self.en = en
        self.zh = zh
        self.example = example

    def message(self, lang: str = "en") -> str:
        """The user-facing sentence; zh-Hans and zh-Hant get Chinese, everything else English."""
        if lang.startswith("zh"):
            return localized_zh(f"{self.zh} 正确示例:{self.example}", lang)
        return f"{self.en} Example: {self.example}"


class AmountError(PlanningError):
    """An amount that is not a usable sum of money."""


class PeriodError(PlanningError):
    """A period that cannot be read or is impossible."""


class CalendarError(PlanningError):
    """An unknown calendar code or a span without working days."""


class SplitError(PlanningError):
    """Shares or weights that cannot split a target."""


class FunnelError(PlanningError):
    """Deal sizes or conversion rates that cannot turn money into actions."""
