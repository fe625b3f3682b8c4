"""Column types that keep money exact and instants unambiguous on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator

from bot.core.allocate import CENT

# Money is stored as a whole number of the currency's hundredth (fen, cents). The core quantizes
# every amount to the cent, so a fixed factor is exact; SQLite would turn Numeric into REAL.
MINOR_PER_UNIT = 100


def to_minor(amount: Decimal) -> int:
    """`Decimal("50000.00")` -> `5000000`; refuses amounts finer than a cent instead of rounding."""
    quantized = amount.quantize(CENT)
    if quantized != amount:
        raise ValueError(f"{amount} has more precision than a cent")
    return int(quantized * MINOR_PER_UNIT)


def from_minor(minor: int | None) -> Decimal:
    """`5000000` -> `Decimal("50000.00")`; `None` (an empty SUM) is zero."""
    return (Decimal(minor or 0) / MINOR_PER_UNIT).quantize(CENT)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: refuses naive datetimes on write, always returns aware UTC on read.

    SQLite keeps no offset (09:00+08:00 would come back as a naive 09:00), so everything is
    converted to UTC before it is written and tagged as UTC when it is read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} has no time zone; pass UTC")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
