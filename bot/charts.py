"""Charts for Slack: cumulative target against actual per rep, as PNG bytes.

Pure: data in, bytes out, no pyplot state (a `Figure` on the Agg canvas), so charts can be drawn
from worker threads. Chinese rep names need a CJK font: the first of `CJK_FAMILIES` that
matplotlib or the system knows is used. Without one the chart is still drawn, names as boxes,
after one logged warning (install `fonts-noto-cjk` or `fonts-wqy-microhei` on Debian/Ubuntu).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

log = logging.getLogger(__name__)

# Families that cover Simplified and Traditional Chinese, best first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
# File names of those fonts, for a system font installed after matplotlib built its cache.
_CJK_FILES = (
    "notosanscjk",
    "notosanssc",
    "sourcehansans",
    "wqy-microhei",
    "wqy-zenhei",
    "droidsansfallback",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Series:
    """One rep's cumulative plan and results, day by day over the period to date."""

    name: str
    days: tuple[date, ...]
    target: tuple[Decimal, ...]  # cumulative, same length as days
    actual: tuple[Decimal, ...]


@dataclass(frozen=True)
class ChartText:
    """The words on the chart, already in the reader's language."""

    title: str
    target_label: str  # "{name}" filled with the rep's name
    actual_label: str


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed CJK font, or None (then logged once)."""
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in sorted(font_manager.findSystemFonts()):
        if any(part in Path(path).name.lower().replace("_", "") for part in _CJK_FILES):
            font_manager.fontManager.addfont(path)
            family = font_manager.FontProperties(fname=path).get_name()
            if family in CJK_FAMILIES:
                return family
    log.warning(
        "no CJK font found (looked for %s): Chinese names in charts will not render; "
        "install fonts-noto-cjk or fonts-wqy-microhei",
        ", ".join(CJK_FAMILIES),
    )
    return None


def cumulative_chart(
    series: Sequence[Series], text: ChartText, *, font: str | None = None
) -> bytes:
    """A line chart: per rep a dashed cumulative target and a solid cumulative actual."""
    figure = Figure(figsize=(8, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    # Fonts go on each text that may hold Chinese (title, legend): rcParams are process-wide.
    props = font_manager.FontProperties(family=[font, "DejaVu Sans"] if font else ["DejaVu Sans"])
    with warnings.catch_warnings():
        if font is None:
            # Already logged once by `cjk_font`: missing glyphs are expected, not news.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        for index, rep in enumerate(series):
            color = f"C{index % 10}"
            days = np.array(rep.days, dtype="datetime64[D]")
            axes.plot(
                days,
                [float(v) for v in rep.target],
                linestyle="--",
                color=color,
                label=text.target_label.format(name=rep.name),
            )
            axes.plot(
                days,
                [float(v) for v in rep.actual],
                linestyle="-",
                marker="o",
                markersize=3,
                color=color,
                label=text.actual_label.format(name=rep.name),
            )
        axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        axes.set_title(text.title, fontproperties=props)
        axes.grid(True, alpha=0.3)
        if series:
            legend_props = props.copy()
            legend_props.set_size("small")
            axes.legend(prop=legend_props, loc="upper left")
        figure.autofmt_xdate()
        figure.tight_layout()
        out = BytesIO()
        # No software metadata: the same data draws the same bytes.
        figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
