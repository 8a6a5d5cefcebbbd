"""The draft's charts as PNG images for the Word file, drawn with matplotlib (no browser:
plotly's image export needs a headless Chrome per call, ~10 s each here).

Pure: a Chart (reports.draft) in, PNG bytes out, or None when the chart cannot be drawn
legibly (Chinese labels without any CJK font installed).
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # no display: render to memory only

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

# First installed wins; matplotlib falls back glyph by glyph along the list.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei",
             "WenQuanYi Micro Hei", "Noto Serif CJK SC", "SimSun")
LATIN_FONTS = ("DejaVu Sans", "Liberation Sans", "Arial")
# English axis units; money is rescaled so the axis reads in billions or millions.
EN_SCALE = {"亿元": (0.1, "bn yuan"), "万元": (0.01, "m yuan")}
EN_UNITS = {"%": "%", "人": "people", "万人": "10k people", "位": "rank"}
COLOR, ACCENT = "#1f4e79", "#c00000"
WIDTH_IN, HEIGHT_IN, DPI = 6.3, 3.2, 200  # fits the type area of an A4 page (15.6 cm)


CJK_FONT_PACKAGE = "fonts-noto-cjk"  # Debian's package of the Noto CJK fonts


@lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str]:
    names = frozenset(f.name for f in font_manager.fontManager.ttflist)
    if not names & set(CJK_FONTS):
        # matplotlib's font cache may predate the fonts (written before fonts-noto-cjk was
        # installed): look at the system's fonts again, once per process, and rewrite it.
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        names = frozenset(f.name for f in font_manager.fontManager.ttflist)
    return names


def charts_drawable(lang: str) -> bool:
    """Whether the charts of a draft in lang can be drawn legibly (Chinese needs a CJK font)."""
    return font_family(lang) is not None


def font_family(lang: str) -> list[str] | None:
    """The fonts to draw with; None when Chinese is asked for and no CJK font exists."""
    have = installed_fonts()
    cjk = [f for f in CJK_FONTS if f in have]
    latin = [f for f in LATIN_FONTS if f in have] or ["sans-serif"]
    if lang == "zh" and not cjk:
        return None
    return latin + cjk if lang == "en" else cjk + latin


def _axis_unit(unit: str, lang: str) -> tuple[float, str]:
    if lang != "en":
        return 1.0, unit
    if unit in EN_SCALE:
        return EN_SCALE[unit]
    return 1.0, EN_UNITS.get(unit, "")


def render_png(chart, lang: str = "zh") -> bytes | None:
    """PNG bytes of a bar chart (one value per label) or a line chart (values over years)."""
    family = font_family(lang)
    if family is None or not chart.values:
        return None
    with plt.rc_context({"font.family": family, "font.size": 9, "axes.unicode_minus": False,
                         "axes.spines.top": False, "axes.spines.right": False}):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        try:
            if chart.kind == "bar":
                _bar(ax, chart, lang)
            else:
                _line(ax, chart, lang)
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=DPI)
        finally:
            plt.close(fig)
    return buffer.getvalue()


def _bar(ax, chart, lang: str) -> None:
    width = 28 if lang == "en" else 14
    labels = [textwrap.fill(label, width) for label in chart.labels]
    positions = range(len(labels))
    colors = [COLOR if v >= 0 else ACCENT for v in chart.values]
    ax.barh(list(positions), chart.values, color=colors, height=0.6)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()  # the catalog's order, top down
    ax.axvline(0, color="#555555", linewidth=0.8)
    for y, v in zip(positions, chart.values):
        ax.annotate(f"{v:.1f}%", (v, y), xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points", va="center", ha="left" if v >= 0 else "right")
    ax.set_xlabel("%")
    low, high = min(0.0, *chart.values), max(0.0, *chart.values)
    pad = (high - low) * 0.15 or 1.0
    ax.set_xlim(low - (pad if low < 0 else 0), high + pad)


def _line(ax, chart, lang: str) -> None:
    scale, unit = _axis_unit(chart.unit, lang)
    values = [v * scale for v in chart.values]
    ax.plot(chart.labels, values, color=COLOR, marker="o", markersize=3.5, linewidth=1.6)
    ax.annotate(f"{values[-1]:,.2f}".rstrip("0").rstrip("."), (len(values) - 1, values[-1]),
                xytext=(0, 6), textcoords="offset points", ha="center", color=COLOR)
    ax.set_ylabel(unit)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
