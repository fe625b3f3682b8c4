"""Splitting money by weights so the parts add back exactly to the whole.

Largest-remainder (Hamilton) rounding: every part gets the floor of its exact share in whole units
(cents by default), and the units left over go to the parts with the largest remainders, ties to
the earlier part. Exact arithmetic via Fraction, so no weight mix can lose or invent a cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from bot.core.errors import SplitError

CENT = Decimal("0.01")

Weight = Decimal | int | Fraction


def allocate(total: Decimal, weights: Sequence[Weight], *, unit: Decimal = CENT) -> list[Decimal]:
    """Split `total` into len(weights) parts proportional to `weights`, each a multiple of `unit`.

    The parts sum to `total` exactly. `total` must itself be a multiple of `unit`. Negative totals
    are split symmetrically (used for taking back an over-achievement). Weights must be >= 0 with
    a positive sum; a zero weight always gets exactly zero.
    """
    if not weights:
        raise SplitError(
            "no_parts",
            en="There is nothing to split the amount over.",
            zh="没有可以分配的对象。",
            example="50% 华东, 50% 华南",
        )
    fweights = [Fraction(w) for w in weights]
    if any(w < 0 for w in fweights):
        raise SplitError(
            "negative_weight",
            en="A share cannot be negative.",
            zh="分配比例不能为负数。",
            example="60% direct, 40% agent",
        )
    weight_sum = sum(fweights, Fraction(0))
    if weight_sum == 0:
        raise SplitError(
            "zero_weights",
            en="The shares add up to zero.",
            zh="分配比例之和为零。",
            example="60% direct, 40% agent",
        )
    units = Fraction(total) / Fraction(unit)
    if units.denominator != 1:
        raise SplitError(
            "not_whole_units",
            en=f"The amount {total} is not a whole number of {unit}.",
            zh=f"金额 {total} 不是 {unit} 的整数倍。",
            example="500000.00",
        )
    sign = -1 if units < 0 else 1
    whole = abs(units.numerator)

    exact = [whole * w / weight_sum for w in fweights]
    floors = [int(x) for x in exact]  # int() floors non-negative Fractions
    leftover = whole - sum(floors)
    # Largest remainder first; on a tie the earlier part wins, which keeps results stable.
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [sign * n * unit for n in floors]
