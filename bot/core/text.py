"""Free text kept from users (a milestone's title, a note) is cut to a length, never refused.

Limits, and why:
- a check-in or `/target log` text: the first `checkin.MAX_CHECK_IN_CHARS` (500) characters are
  read and kept as the note; a day's report is a sentence or two;
- a milestone title: `MAX_TITLE_CHARS` (200), the width of its column;
- modal inputs: Slack enforces each input's `max_length` (`bot.views.modals`) in its own UI, and
  the server cuts to the same lengths in case a client does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MAX_TITLE_CHARS: Final = 200
ELLIPSIS: Final = "…"


@dataclass(frozen=True)
class Clipped:
    text: str
    cut: bool  # the text was longer than the limit, and the user should be told


def clip(text: str, limit: int) -> Clipped:
    """`text` if it fits in `limit` characters, else its start and an ellipsis, `limit`
    characters in all (trailing spaces of the start dropped)."""
    if limit < 1:
        raise ValueError(f"a limit of {limit} characters leaves nothing")
    if len(text) <= limit:
        return Clipped(text, False)
    return Clipped(text[: limit - 1].rstrip() + ELLIPSIS, True)
