"""Benchmark: parse 100,000 mixed amount and period strings, as slash commands would send them.

Half the strings are amounts and half periods; most are forms users write (`500万`, `$3.5M`,
`五百万`, `2027Q1`, `下个月`, ranges), the rest are mistakes the parsers must refuse (`-5万`,
`5万万`, `2026Q9`, `2026-02-30`, noise). Generated from a seeded `random.Random`, so every run
parses the same strings. Prints strings/s for amounts, for periods and overall, and the share of
strings that parsed. Goal: at least 50,000 strings/s.

    .venv/bin/python benchmarks/bench_parse.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.core.errors import PlanningError
from bot.core.money import parse_amount
from bot.core.periods import parse_period

TODAY = date(2026, 11, 23)
CN_NUMERALS = [
    "五百万",
    "一千二百万",
    "两百万",
    "三千",
    "十二万",
    "一亿二千万",
    "八十万",
    "一点二亿",
]
CURRENCIES = ["", "", "", "¥", "￥", "$", "RMB ", "USD ", "HK$"]
UNITS = ["万", "万", "亿", "k", "K", "M", "w", "千万", ""]
RELATIVE = [
    "this quarter",
    "next month",
    "last week",
    "This Year",
    "本季度",
    "下个月",
    "上周",
    "今年",
    "明年",
    "下半年",
    "第一季度",
    "3月",
]
NOISE = "abc万亿kM¥$-.,年月Q😀 \t"


def amount_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        number = rng.choice([str(rng.randint(1, 999)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"])
        return f"{rng.choice(CURRENCIES)}{number}{rng.choice(UNITS)}{rng.choice(['', '', '元'])}"
    if roll < 0.65:
        return f"{rng.randint(1, 9_999_999):,}"
    if roll < 0.75:
        return rng.choice(CN_NUMERALS)
    if roll < 0.8:
        return "５００万"
    bad = [
        f"-{rng.randint(1, 99)}万",
        "0",
        f"{rng.randint(1, 9)}万万",
        "1.2.3万",
        f"{rng.randint(1, 9)}e{rng.randint(3, 9)}",
        "NaN",
        "$500元",
        "1" * rng.randint(17, 30),
    ]
    if roll < 0.95:
        return rng.choice(bad)
    return "".join(rng.choice(NOISE) for _ in range(rng.randint(0, 12)))


def period_text(rng: random.Random) -> str:
    year = rng.randint(2024, 2030)
    roll = rng.random()
    if roll < 0.15:
        return f"{year}Q{rng.randint(1, 4)}"
    if roll < 0.25:
        return f"{year}-{rng.randint(1, 12):02d}"
    if roll < 0.3:
        return f"{year}-W{rng.randint(1, 52):02d}"
    if roll < 0.4:
        return f"{year}年{rng.choice(['第一季度', '3月', '上半年', ''])}"
    if roll < 0.5:
        start, end = sorted([rng.randint(1, 12), rng.randint(1, 12)])
        separator = rng.choice(["..", "~", " to ", "至"])
        return f"{year}-{start:02d}-01{separator}{year}-{end:02d}-28"
    if roll < 0.8:
        return rng.choice(RELATIVE)
    bad = [
        f"{year}Q{rng.randint(5, 9)}",
        f"{year}-13",
        f"{year}-02-30",
        f"{year}-W54",
        f"{year}-03-31..{year}-01-01",
        "1999",
        "下下个月",
    ]
    if roll < 0.95:
        return rng.choice(bad)
    return "".join(rng.choice(NOISE) for _ in range(rng.randint(0, 12)))


@dataclass(frozen=True)
class Figures:
    strings: int
    parsed: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.strings / self.seconds


def measure(texts: list[str], parse: Callable[[str], object]) -> Figures:
    parsed = 0
    started = time.perf_counter()
    for text in texts:
        try:
            parse(text)
        except PlanningError:
            continue
        parsed += 1
    return Figures(len(texts), parsed, time.perf_counter() - started)


def _parse_period(text: str) -> object:
    return parse_period(text, today=TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--count", type=int, default=100_000, help="strings in all (default 100000)"
    )
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    amounts = [amount_text(rng) for _ in range(args.count // 2)]
    periods = [period_text(rng) for _ in range(args.count - len(amounts))]
    # One untimed pass so first-use costs (cn2an's tables, regex compilation) are not counted.
    measure(amounts[:200], parse_amount)
    measure(periods[:200], _parse_period)

    amount_figures = measure(amounts, parse_amount)
    period_figures = measure(periods, _parse_period)
    total = Figures(
        amount_figures.strings + period_figures.strings,
        amount_figures.parsed + period_figures.parsed,
        amount_figures.seconds + period_figures.seconds,
    )
    for name, figures in (
        ("amounts", amount_figures),
        ("periods", period_figures),
        ("overall", total),
    ):
        print(
            f"{name:8} {figures.strings:>7,} strings  {figures.rate:>10,.0f} strings/s  "
            f"{figures.parsed / figures.strings:6.1%} parsed  ({figures.seconds:.3f} s)"
        )


if __name__ == "__main__":
    main()
