"""Splitting money by weights so the parts add back exactly to the whole.

Largest-remainder (Hamilton) rounding: every part gets the floor of its exact share in whole units
(cents by default), and the units left over go to the parts with the largest remainders, ties to
the earlier part. Exact arithmetic throughout, so no weight mix can lose or invent a cent.

The weights are brought to one common denominator and the work is done in plain integers: the
same results as exact fractions, but fast enough to split a year into 10,000 reps' working days
(building one Fraction per weight used to dominate that).
"""

from __future__ import annotations

import math
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
    iweights = _common_integers(weights)
    if min(iweights) < 0:
        raise SplitError(
            "negative_weight",
            en="A share cannot be negative.",
            zh="分配比例不能为负数。",
            example="60% direct, 40% agent",
        )
    weight_sum = sum(iweights)
    if weight_sum == 0:
        raise SplitError(
            "zero_weights",
            en="The shares add up to zero.",
            zh="分配比例之和为零。",
            example="60% direct, 40% agent",
        )
    total_num, total_den = total.as_integer_ratio()
    unit_num, unit_den = unit.as_integer_ratio()
    units, rest = divmod(total_num * unit_den, total_den * unit_num)
    if rest:
        raise SplitError(
            "not_whole_units",
            en=f"The amount {total} is not a whole number of {unit}.",
            zh=f"金额 {total} 不是 {unit} 的整数倍。",
            example="500000.00",
        )
    sign = -1 if units < 0 else 1
    whole = abs(units)

    # Part i's exact share is whole * w_i / weight_sum: an integer floor plus remainder/weight_sum.
    scaled = [whole * w for w in iweights]
    floors = [x // weight_sum for x in scaled]
    remainders = [x % weight_sum for x in scaled]
    leftover = whole - sum(floors)
    # Largest remainder first; a stable sort keeps the earlier part first on a tie (reverse=True
    # preserves the original order of equal keys), which keeps results stable.
    order = sorted(range(len(remainders)), key=remainders.__getitem__, reverse=True)
    for i in order[:leftover]:
        floors[i] += 1
    # Parts mostly repeat (a month's days differ by a cent at most): share one Decimal per value,
    # which keeps 10,000 year plans in memory at a fraction of the size.
    amounts = {n: sign * n * unit for n in set(floors)}
    return [amounts[n] for n in floors]


def _common_integers(weights: Sequence[Weight]) -> list[int]:
    """The weights scaled by one common denominator: integers in the same proportions."""
    plain = [w for w in weights if type(w) is int]
    if len(plain) == len(weights):
        return plain
    # Weights repeat a lot (a plan's days differ by a cent at most), so convert each value once.
    ratios = {w: w.as_integer_ratio() for w in set(weights)}
    common = math.lcm(*{den for _, den in ratios.values()})
    scaled = {w: num * (common // den) for w, (num, den) in ratios.items()}
    return [scaled[w] for w in weights]
