"""Numbers as Chinese users write them: 万 and 亿, one decimal for percentages, thousands
separators, the unit always shown, ranks as "第3位/16"; and the English equivalents.

Pure functions of their arguments: figures, tables and report text all call these.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from dashboard.i18n import unit_label
from metrics.labels import rank_with_total
from metrics.numbers import is_missing  # noqa: F401  (re-exported: pages import it from here)

MISSING = "—"

# Money: the factor of each unit to yuan. Values are stored in the indicator's canonical unit.
MONEY_UNITS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}
PEOPLE_UNITS = {"人": 1.0, "万人": 1e4}
COUNT_UNITS = {"家", "个", "件", "项"}

# Display units, largest first: (label, factor to yuan / to persons).
_MONEY_ZH = [("万亿元", 1e12), ("亿元", 1e8), ("万元", 1e4), ("元", 1.0)]
_MONEY_EN = [("tn yuan", 1e12), ("bn yuan", 1e9), ("m yuan", 1e6), ("k yuan", 1e3), ("yuan", 1.0)]
# Number words appended to a count: 1.2万家, 3.4亿人; 1.2m people.
_WORDS_ZH = [("亿", 1e8), ("万", 1e4)]
_WORDS_EN = [("bn", 1e9), ("m", 1e6)]


def group_thousands(value: float, decimals: int = 0, trim: bool = False) -> str:
    """1234567.891 -> "1,234,567.89"; with trim, trailing zeros of the decimals go."""
    text = f"{value:,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0"):
        text = "0"
    return text


def _auto_decimals(x: float, whole_numbers: bool = True) -> int:
    """Decimals for a label: none from 1,000 up, one from 10 (so a list of values from 10 to
    999 lines up: 277.6亿元, 83.3亿元), two below 10 (2.35万亿元); none for whole counts."""
    ax = abs(x)
    if ax >= 1000 or (whole_numbers and float(x).is_integer()):
        return 0
    if ax >= 10:
        return 1
    return 2


def format_number(value, decimals: int | None = None) -> str:
    """A plain number with thousands separators (tables): 12345.6 -> "12,345.6"."""
    if is_missing(value):
        return MISSING
    value = float(value)
    if decimals is None:
        return group_thousands(value, 4, trim=True) if not value.is_integer() else group_thousands(value)
    return group_thousands(value, decimals)


def format_percent(value, decimals: int = 1) -> str:
    """2.314 -> "2.3%" (percentages always carry one decimal)."""
    if is_missing(value):
        return MISSING
    return f"{group_thousands(float(value), decimals)}%"


def format_growth(value, lang: str = "zh", words: bool = False) -> str:
    """Year-on-year growth in percent: "+12.4%" / "-3.0%"; with words "增长12.4%" / "下降3.0%"."""
    if is_missing(value):
        return MISSING
    value = float(value)
    magnitude = group_thousands(abs(value), 1)
    if words:
        if lang == "en":
            return f"{'up' if value >= 0 else 'down'} {magnitude}%"
        return f"{'增长' if value >= 0 else '下降'}{magnitude}%"
    sign = "+" if value > 0 else ("-" if value < 0 and magnitude != "0.0" else "")
    return f"{sign}{magnitude}%"


class Scale(NamedTuple):
    """How a set of values shown together (a chart, an axis, a table column) is written:
    all in one display unit, so that 9,700万元 never stands beside 1.00亿元."""

    label: str  # 亿元, 万, bn yuan … ('' for plain counts)
    factor: float  # a value in the indicator's unit ÷ factor = the number shown


def scale_for(peak, unit: str, lang: str = "zh") -> Scale | None:
    """The display unit the largest value of a set reaches (money and head counts; counts
    get 万 / 亿); None for units shown as they are (%, ranks) or when there is no value."""
    if is_missing(peak):
        return None
    peak = abs(float(peak))
    if unit in MONEY_UNITS:
        to_yuan = MONEY_UNITS[unit]
        label, factor = next(((lab, f) for lab, f in (_MONEY_EN if lang == "en" else _MONEY_ZH)
                              if peak * to_yuan >= f or f == 1.0))
        return Scale(label, factor / to_yuan)
    if unit in PEOPLE_UNITS or unit in COUNT_UNITS or unit not in ("%", "％", "位"):
        base = PEOPLE_UNITS.get(unit, 1.0)
        word, factor = _scaled_word(peak * base, _WORDS_EN if lang == "en" else _WORDS_ZH)
        return Scale(word, factor / base)
    return None


def _scaled_word(value: float, words: list[tuple[str, float]]) -> tuple[str, float]:
    for word, factor in words:
        if abs(value) >= factor:
            return word, factor
    return "", 1.0


def format_value(value, unit: str, lang: str = "zh", kind: str | None = None,
                 scale: Scale | None = None) -> str:
    """A value in its canonical unit as a label: 123.4亿元, 5,000万元, 1.23万家, 2.3%, 第3位.

    kind "ratio": a percentage with two decimals (研发投入强度2.35%), as the report writes it
    and as its changes are stated (提高0.05个百分点). scale: the display unit shared by the
    values shown together (scale_for of their largest); without, each value picks its own."""
    if is_missing(value):
        return MISSING
    value = float(value)
    if unit in ("%", "％"):
        return format_percent(value, 2 if kind == "ratio" else 1)
    if unit == "位":
        n = int(round(value))
        return f"No. {n}" if lang == "en" else f"第{n}位"
    scale = scale or scale_for(value, unit, lang)
    x = value / scale.factor
    if unit in MONEY_UNITS:
        # Money keeps its decimals (1.00亿元 beside 8.94亿元), except in whole 万元.
        whole = scale.label in ("万元", "元", "k yuan", "yuan")
        number = group_thousands(x, 0 if whole else _auto_decimals(x, whole_numbers=False))
        return f"{number} {scale.label}" if lang == "en" else f"{number}{scale.label}"
    shown_unit = "人" if unit in PEOPLE_UNITS else unit
    number = group_thousands(x, _auto_decimals(x), trim=True)
    if lang == "en":
        word = f" {scale.label}" if scale.label else ""
        return f"{number}{word} {unit_label(shown_unit, 'en')}"
    return f"{number}{scale.label}{shown_unit}"


def format_rank(rank, of=None, lang: str = "zh", tied: bool = False) -> str:
    """A rank with its denominator: "第3位/16", tied "第3位(并列)/16"; English "No. 3/16".
    A rank among one region ("第1位/1") says nothing: "—"."""
    if is_missing(rank) or (not is_missing(of) and int(of) < 2):
        return MISSING
    return rank_with_total(rank, of, tied, lang, en_prefix="No. ")


def format_rank_change(change, lang: str = "zh") -> str:
    """Rank change, positive = moved up: "↑2", "↓1", "→" (unchanged); "—" when not ranked before."""
    if is_missing(change):
        return MISSING
    c = int(change)
    if c > 0:
        return f"↑{c}"
    if c < 0:
        return f"↓{-c}"
    return "→"


_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def format_period(year: int, quarter: int = 0, cumulative: bool = True, lang: str = "zh") -> str:
    """2025年, 2025年1-9月, 2025年7-9月(单季); English 2025, 2025 Jan–Sep, 2025 Jul–Sep."""
    year, quarter = int(year), int(quarter)
    if quarter == 0:
        return str(year) if lang == "en" else f"{year}年"
    first = 1 if cumulative else quarter * 3 - 2
    last = quarter * 3
    if lang == "en":
        span = f"{_MONTHS_EN[first - 1]}–{_MONTHS_EN[last - 1]}"
        return f"{year} {span}" + ("" if cumulative else " (single quarter)")
    return f"{year}年{first}-{last}月" + ("" if cumulative else "(单季)")


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about target_ticks intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(target_ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw * 0.999:
            return m * magnitude
    return 10 * magnitude


def axis_ticks(vmin: float, vmax: float, unit: str, lang: str = "zh",
               target_ticks: int = 5) -> tuple[list[float], list[str], str]:
    """Tick positions (in the values' unit), their labels and the axis unit label.

    Money is shown in the display unit the largest tick reaches (亿元, 万亿元; bn yuan);
    counts get 万 / 亿 on the labels ("1.5万"); percentages end in %. The values drawn on the
    axis are written in tick_scale() of the same ticks, so both say the same unit.
    """
    if is_missing(vmin) or is_missing(vmax):
        return [], [], unit_label(unit, lang)
    ticks, step = _ticks(vmin, vmax, target_ticks)
    if unit in ("%", "％"):
        decimals = _tick_decimals(step)
        return ticks, [f"{group_thousands(t_, decimals)}%" for t_ in ticks], "%"
    scale = scale_for(max(abs(ticks[0]), abs(ticks[-1])), unit, lang) or Scale("", 1.0)
    decimals = _tick_decimals(step / scale.factor)
    if unit in MONEY_UNITS:
        return ticks, [group_thousands(t_ / scale.factor, decimals) for t_ in ticks], scale.label
    texts = [group_thousands(t_ / scale.factor, decimals) + (scale.label if t_ != 0 else "")
             for t_ in ticks]
    return ticks, texts, unit_label(unit, lang)


def tick_scale(vmin: float, vmax: float, unit: str, lang: str = "zh",
               target_ticks: int = 5) -> Scale | None:
    """The display unit axis_ticks() writes its ticks in: the one the values on the axis
    (labels, hover, a table beside it) are written in too."""
    if is_missing(vmin) or is_missing(vmax):
        return None
    ticks, _ = _ticks(vmin, vmax, target_ticks)
    return scale_for(max(abs(ticks[0]), abs(ticks[-1])), unit, lang)


def _ticks(vmin: float, vmax: float, target_ticks: int) -> tuple[list[float], float]:
    lo, hi = float(min(vmin, vmax)), float(max(vmin, vmax))
    if lo == hi:
        lo, hi = (lo - 1, hi + 1) if lo == 0 else (lo - abs(lo) * 0.1, hi + abs(hi) * 0.1)
    step = nice_step(hi - lo, target_ticks)
    start = math.floor(lo / step + 1e-9) * step
    ticks = []
    x = start
    while x <= hi + step * 0.5 and len(ticks) < 50:
        ticks.append(round(x, 10))
        x += step
    return ticks, step


def _tick_decimals(step: float) -> int:
    """Enough decimals to tell neighbouring ticks apart (0.25 -> 2, 5 -> 0)."""
    if step <= 0:
        return 0
    for d in range(0, 6):
        if abs(round(step, d) - step) < step * 1e-6:
            return d
    return 6


# China has one time zone and no daylight saving: UTC+8 is exact.
CHINA_TIME = timezone(timedelta(hours=8))


def format_timestamp(moment: datetime | None, lang: str = "zh") -> str:
    """A UTC moment as Beijing time: 2025-11-28 14:03."""
    if moment is None:
        return MISSING
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
    return f"{local} (UTC+8)" if lang == "en" else f"{local}（北京时间）"
