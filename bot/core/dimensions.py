"""Splitting a target by dimension: region, channel, customer type, product line, team and rep.

A split is exact to the cent: every part comes from `allocate()` (or, for `split_by_amount`, is
the amount the user wrote), so the parts always add back to the whole. Splits nest
(company -> region -> team -> rep) and every node's children add up exactly to the node.

Channel and customer type are closed dimensions with known parts (and Chinese aliases, so
`直销 60%` and `direct 60%` mean the same part); region, product, team and rep take any name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from bot.core.allocate import CENT, allocate
from bot.core.errors import SplitError

HUNDRED = Decimal(100)
# Shares typed by hand (33.33 + 33.33 + 33.33) rarely hit 100 exactly; closer than this is 100%.
PERCENT_TOLERANCE = Decimal("0.01")


class Dimension(StrEnum):
    REGION = "region"
    CHANNEL = "channel"
    CUSTOMER_TYPE = "customer_type"
    PRODUCT = "product"
    TEAM = "team"
    REP = "rep"


# Canonical part -> accepted spellings (compared case-insensitively). 渠道 in Chinese sales
# parlance is indirect selling through partners, hence an alias of `agent`.
_KNOWN_PARTS: dict[Dimension, dict[str, tuple[str, ...]]] = {
    Dimension.CHANNEL: {
        "direct": ("direct", "直销", "直营"),
        "agent": ("agent", "agents", "代理", "代理商", "渠道", "经销商", "partner"),
        "online": ("online", "线上", "电商", "线上销售", "网店"),
    },
    Dimension.CUSTOMER_TYPE: {
        "new": ("new", "新客户", "新客"),
        "existing": ("existing", "老客户", "老客", "现有客户"),
        "potential": ("potential", "潜在客户", "潜客"),
    },
}

_ALIASES: dict[Dimension, dict[str, str]] = {
    dimension: {alias.casefold(): part for part, names in parts.items() for alias in names}
    for dimension, parts in _KNOWN_PARTS.items()
}

_EXAMPLES: dict[Dimension | None, str] = {
    Dimension.CHANNEL: "direct 60%, agent 30%, online 10%",
    Dimension.CUSTOMER_TYPE: "新客户 30%, 老客户 60%, 潜在客户 10%",
}
_DEFAULT_EXAMPLE = "华东 40%, 华南 35%, 华北 25%"


_DIMENSION_ZH = {
    Dimension.REGION: "区域",
    Dimension.CHANNEL: "渠道",
    Dimension.CUSTOMER_TYPE: "客户类型",
    Dimension.PRODUCT: "产品线",
    Dimension.TEAM: "团队",
    Dimension.REP: "销售",
}


def _example(dimension: Dimension | None) -> str:
    return _EXAMPLES.get(dimension, _DEFAULT_EXAMPLE)


def _chinese_alias(names: tuple[str, ...]) -> str:
    return next(name for name in names if not name.isascii())


def known_parts(dimension: Dimension) -> tuple[str, ...]:
    """The canonical parts of a closed dimension; empty for a dimension that takes any name."""
    return tuple(_KNOWN_PARTS.get(dimension, {}))


def canonical_part(name: str, dimension: Dimension | None = None) -> str:
    """The part `name` stands for: aliases resolved in closed dimensions, else the trimmed name."""
    cleaned = name.strip()
    if not cleaned:
        raise SplitError(
            "empty_part",
            en="A part of the split has no name.",
            zh="拆分中有一项没有名称。",
            example=_example(dimension),
        )
    if dimension is None or dimension not in _ALIASES:
        return cleaned
    canonical = _ALIASES[dimension].get(cleaned.casefold())
    if canonical is None:
        allowed = ", ".join(known_parts(dimension))
        allowed_zh = ", ".join(
            f"{part}/{_chinese_alias(names)}" for part, names in _KNOWN_PARTS[dimension].items()
        )
        raise SplitError(
            "unknown_part",
            en=f"“{cleaned}” is not a known {dimension.value}; use one of: {allowed}.",
            zh=f"“{cleaned}”不是可用的{_DIMENSION_ZH[dimension]};可选:{allowed_zh}。",
            example=_example(dimension),
        )
    return canonical


@dataclass(frozen=True)
class Split:
    """A total split into named parts (in the order given); the parts add up to `total` exactly."""

    total: Decimal
    parts: dict[str, Decimal]
    dimension: Dimension | None = None

    def __getitem__(self, name: str) -> Decimal:
        return self.parts[canonical_part(name, self.dimension)]


def _is_cents(amount: Decimal) -> bool:
    return (Fraction(amount) / Fraction(CENT)).denominator == 1


def _check_total(total: Decimal) -> None:
    if not total.is_finite() or total < 0 or not _is_cents(total):
        raise SplitError(
            "bad_total",
            en=f"The amount to split must be zero or more, to the cent; got {total}.",
            zh=f"要拆分的金额必须大于等于零且精确到分,收到的是 {total}。",
            example="5000000.00",
        )


def _canonical_values(
    values: Mapping[str, Decimal | int], dimension: Dimension | None, *, what_en: str, what_zh: str
) -> dict[str, Decimal]:
    """Resolve part names, refusing duplicates, non-numbers and negatives, keeping the order."""
    if not values:
        raise SplitError(
            "no_parts",
            en="There is nothing to split the amount over.",
            zh="没有可以分配的对象。",
            example=_example(dimension),
        )
    resolved: dict[str, Decimal] = {}
    for name, raw in values.items():
        part = canonical_part(name, dimension)
        if part in resolved:
            raise SplitError(
                "duplicate_part",
                en=f"“{part}” appears more than once.",
                zh=f"“{part}”出现了不止一次。",
                example=_example(dimension),
            )
        value = Decimal(raw)
        if not value.is_finite() or value < 0:
            raise SplitError(
                "negative_share",
                en=f"The {what_en} for “{part}” must be a number of zero or more; got {raw}.",
                zh=f"“{part}”的{what_zh}必须是大于等于零的数字,收到的是 {raw}。",
                example=_example(dimension),
            )
        resolved[part] = value
    return resolved


def _by_weights(total: Decimal, weights: dict[str, Decimal], dimension: Dimension | None) -> Split:
    amounts = allocate(total, list(weights.values()))
    return Split(total, dict(zip(weights, amounts, strict=True)), dimension)


def split_by_percent(
    total: Decimal, shares: Mapping[str, Decimal | int], *, dimension: Dimension | None = None
) -> Split:
    """Split by percentages (40 means 40%), which must add up to 100% within 0.01%."""
    _check_total(total)
    resolved = _canonical_values(shares, dimension, what_en="share", what_zh="比例")
    added = sum(resolved.values(), Decimal(0))
    if abs(added - HUNDRED) > PERCENT_TOLERANCE:
        shown = f"{added.normalize():f}"
        raise SplitError(
            "shares_not_100",
            en=f"The shares add up to {shown}%, not 100%.",
            zh=f"各项比例合计为 {shown}%,不是 100%。",
            example=_example(dimension),
        )
    return _by_weights(total, resolved, dimension)


def split_by_weight(
    total: Decimal, weights: Mapping[str, Decimal | int], *, dimension: Dimension | None = None
) -> Split:
    """Split in proportion to weights of any scale (3:2:1, or head counts)."""
    _check_total(total)
    resolved = _canonical_values(weights, dimension, what_en="weight", what_zh="权重")
    if not any(resolved.values()):
        raise SplitError(
            "zero_weights",
            en="The weights add up to zero.",
            zh="各项权重之和为零。",
            example="direct 3, agent 2, online 1",
        )
    return _by_weights(total, resolved, dimension)


def split_by_amount(
    total: Decimal,
    amounts: Mapping[str, Decimal],
    *,
    rest: str | None = None,
    dimension: Dimension | None = None,
) -> Split:
    """Split by explicit amounts that add up to `total`; or, with `rest`, leave the remainder there.

    Amounts are taken as written (to the cent), so nothing is allocated here.
    """
    _check_total(total)
    resolved = _canonical_values(amounts, dimension, what_en="amount", what_zh="金额")
    for part, amount in resolved.items():
        if not _is_cents(amount):
            raise SplitError(
                "amount_not_cents",
                en=f"The amount for “{part}” has more than two decimals: {amount}.",
                zh=f"“{part}”的金额超过两位小数:{amount}。",
                example="华东 2000000, 华南 1500000, 华北 1500000",
            )
        resolved[part] = amount.quantize(CENT)
    added = sum(resolved.values(), Decimal(0))
    if rest is not None:
        rest_part = canonical_part(rest, dimension)
        if rest_part in resolved:
            raise SplitError(
                "duplicate_part",
                en=f"“{rest_part}” is both given an amount and named as the rest.",
                zh=f"“{rest_part}”既指定了金额又被设为剩余部分。",
                example="华东 2000000, 华南 1500000, 其余归华北",
            )
        if added > total:
            raise SplitError(
                "amounts_exceed_total",
                en=f"The amounts add up to {added}, more than the total {total}.",
                zh=f"各项金额合计 {added},超过了总额 {total}。",
                example="华东 2000000, 华南 1500000, 其余归华北",
            )
        resolved[rest_part] = (total - added).quantize(CENT)
    elif added != total:
        raise SplitError(
            "amounts_mismatch",
            en=f"The amounts add up to {added}, but the total is {total}.",
            zh=f"各项金额合计 {added},但总额是 {total}。",
            example="华东 2000000, 华南 1500000, 华北 1500000",
        )
    return Split(total, resolved, dimension)


def split_by_history(
    total: Decimal, history: Mapping[str, Decimal], *, dimension: Dimension | None = None
) -> Split:
    """Split in proportion to last period's actuals: who sold more last time carries more now."""
    _check_total(total)
    resolved = _canonical_values(history, dimension, what_en="past result", what_zh="历史业绩")
    if not any(resolved.values()):
        raise SplitError(
            "empty_history",
            en="Every part sold nothing last period, so history cannot guide the split.",
            zh="上期各项业绩均为零,无法按历史业绩拆分。",
            example="按比例拆分:华东 40%, 华南 35%, 华北 25%",
        )
    return _by_weights(total, resolved, dimension)


# "华东 40%", "华东:40", "direct=60", "40% 华东"; numbers are plain decimals after NFKC folding.
_NUMBER = r"(?P<num>-?[0-9]+(?:\.[0-9]+)?)\s*%?"
# `\s*(?:[:=]\s*)?`, not `\s*[:=]?\s*`: two runs of spaces with nothing between them can share a
# run of spaces in every way. The name's `.*?` still makes a failing match quadratic in the item's
# length, hence MAX_SHARE_ITEM_CHARS.
_NAME_FIRST = re.compile(rf"^(?P<name>.*?\S)\s*(?:[:=]\s*)?{_NUMBER}$")
_NUMBER_FIRST = re.compile(rf"^{_NUMBER}\s*(?:[:=]\s*)?(?P<name>\S.*)$")
# A name and a number; anything longer is not one share (and would cost the regexes above).
MAX_SHARE_ITEM_CHARS = 200
_ITEM_SEPARATORS = re.compile(r"[,;、\n]")


def parse_shares(text: str) -> dict[str, Decimal]:
    """Read `华东 40%, 华南 35%, 华北 25%` or `direct 60, agent 30, online 10` into a mapping.

    Items are separated by commas, semicolons or 、 (full-width forms too); each is a name and a
    number in either order, with an optional `%`, `:` or `=`. Names are kept as typed (aliases are
    resolved by the split functions); whether the numbers are percentages or weights is the caller's
    choice. Thousands separators are not supported since the comma separates items.
    """
    folded = unicodedata.normalize("NFKC", text)
    items = [item.strip() for item in _ITEM_SEPARATORS.split(folded)]
    shares: dict[str, Decimal] = {}
    for item in items:
        if not item:
            continue
        if len(item) > MAX_SHARE_ITEM_CHARS:
            raise SplitError(
                "share_too_long",
                en=f"“{item[:40]}…” is too long for a name and a share.",
                zh=f"“{item[:40]}…”太长了,不像是名称和比例。",
                example=_DEFAULT_EXAMPLE,
            )
        match = _NAME_FIRST.match(item) or _NUMBER_FIRST.match(item)
        if match is None:
            raise SplitError(
                "bad_share",
                en=f"Cannot read “{item}” as a name and a share.",
                zh=f"无法把“{item}”识别为名称和比例。",
                example=_DEFAULT_EXAMPLE,
            )
        name = match["name"].strip()
        if "%" in name:  # two items run together: "华东 40% 华南 35%"
            raise SplitError(
                "bad_share",
                en=f"“{item}” holds more than one share; separate them with commas.",
                zh=f"“{item}”包含多个比例,请用逗号分隔。",
                example=_DEFAULT_EXAMPLE,
            )
        if name in shares:
            raise SplitError(
                "duplicate_part",
                en=f"“{name}” appears more than once.",
                zh=f"“{name}”出现了不止一次。",
                example=_DEFAULT_EXAMPLE,
            )
        share = Decimal(match["num"])
        if share < 0:
            raise SplitError(
                "negative_share",
                en=f"The share of “{name}” cannot be negative.",
                zh=f"“{name}”的比例不能为负数。",
                example=_DEFAULT_EXAMPLE,
            )
        shares[name] = share
    if not shares:
        raise SplitError(
            "no_parts",
            en="No shares were given.",
            zh="没有给出任何拆分比例。",
            example=_DEFAULT_EXAMPLE,
        )
    return shares


@dataclass(frozen=True)
class SplitNode:
    """One node of a nested split; its children's amounts add up exactly to its own."""

    name: str
    dimension: Dimension | None
    amount: Decimal
    children: tuple[SplitNode, ...] = ()

    def walk(self) -> Iterator[SplitNode]:
        """This node and every node below it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, name: str) -> SplitNode | None:
        """The first node (depth first) with this name, if any."""
        return next((node for node in self.walk() if node.name == name), None)

    def leaves(self) -> Iterator[SplitNode]:
        """The nodes with no children: usually the reps."""
        return (node for node in self.walk() if not node.children)


@dataclass(frozen=True)
class Level:
    """One level of a nested split: for each parent (by name), its children's weights.

    Names must be unique within a level, since the next level finds its parents by name (rep ids
    and team names are unique in a workspace). With `percent=True` each parent's shares must add
    up to 100%. A parent not mentioned at a level keeps its amount as a leaf.
    """

    dimension: Dimension
    weights: Mapping[str, Mapping[str, Decimal | int]]
    percent: bool = False


def nest(total: Decimal, levels: Sequence[Level], *, name: str = "company") -> SplitNode:
    """Split `total` down through `levels` (e.g. region, team, rep) into a tree of exact amounts.

    The first level has a single parent, the root, so its weights are keyed by `name`.
    """
    _check_total(total)
    # Each level's nodes are built before their children exist, so keep mutable child lists by name.
    amounts: dict[str, Decimal] = {name: total}
    dims: dict[str, Dimension | None] = {name: None}
    children: dict[str, list[str]] = {name: []}
    frontier = [name]
    for level in levels:
        next_frontier: list[str] = []
        for parent, weights in level.weights.items():
            if parent not in frontier:
                raise SplitError(
                    "unknown_parent",
                    en=f"“{parent}” is not a part of the level above.",
                    zh=f"“{parent}”不在上一级的拆分中。",
                    example=_DEFAULT_EXAMPLE,
                )
            if level.percent:
                split = split_by_percent(amounts[parent], weights, dimension=level.dimension)
            else:
                split = split_by_weight(amounts[parent], weights, dimension=level.dimension)
            for child, amount in split.parts.items():
                if child in amounts:
                    raise SplitError(
                        "duplicate_part",
                        en=f"“{child}” appears more than once in the split.",
                        zh=f"“{child}”在拆分中出现了不止一次。",
                        example=_DEFAULT_EXAMPLE,
                    )
                amounts[child] = amount
                dims[child] = level.dimension
                children[child] = []
                children[parent].append(child)
                next_frontier.append(child)
        frontier = next_frontier

    def build(node: str) -> SplitNode:
        return SplitNode(node, dims[node], amounts[node], tuple(build(c) for c in children[node]))

    return build(name)
