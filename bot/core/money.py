"""Money: amounts as exact Decimals to the cent, read from Chinese and English text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Money:
    """An exact amount (quantized to the cent) and the currency the user wrote, if any."""

    amount: Decimal
    currency: str | None = None
