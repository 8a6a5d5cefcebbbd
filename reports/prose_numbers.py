"""Numbers as report writers put them in running text: 23.47亿元, 7300万元, 128家, 1.32%,
增长12.4%, 0.05个百分点, 第2位; in English 2.35 bn yuan, 128, 1.32%, 2nd.

Pure functions. Values arrive in the indicator's canonical unit (as metrics.api returns
them); the functions only choose the display unit and the decimals, never compute a figure.
"""

from __future__ import annotations

from metrics.labels import rank_with_total
from metrics.numbers import is_missing as missing
from metrics.numbers import points  # noqa: F401  (shared with the Overview page)

# Money units: the factor of each to yuan.
MONEY = {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}
PEOPLE = {"人": 1.0, "万人": 1e4}
# Display units, largest first (the value must reach 1 of them).
MONEY_ZH = (("万亿元", 1e12), ("亿元", 1e8), ("万元", 1e4), ("元", 1.0))
MONEY_EN = (("tn yuan", 1e12), ("bn yuan", 1e9), ("m yuan", 1e6), ("yuan", 1.0))
PEOPLE_ZH = (("亿人", 1e8), ("万人", 1e4), ("人", 1.0))
PEOPLE_EN = (("million people", 1e6), ("people", 1.0))
COUNT_UNITS = ("家", "个", "件", "项")
# A count is written out in full below this, and in 万 from it (12.35万家).
COUNT_WORD_FROM = 1e5
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def trimmed(value: float, decimals: int = 2, thousands: bool = False) -> str:
    """value with at most `decimals` decimals, trailing zeros dropped: 31.20 -> "31.2"."""
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _scaled(value: float, scales) -> tuple[float, str]:
    for label, factor in scales:
        if abs(value) >= factor:
            return value / factor, label
    label, factor = scales[-1]
    return value / factor, label


def amount(value: float, unit: str, lang: str = "zh", kind: str | None = None) -> str:
    """A level or a net change in its unit, as running text writes it.

    Money and people move to the largest unit they reach (0.73亿元 -> 7300万元); percentages
    keep two decimals (1.30%); counts are whole where whole (128家), two decimals at most
    (6.51件 per 10,000 people); reported ranks read 第3位. English drops the count word
    (128) and keeps thousands separators. A reported growth rate (kind "rate") keeps one
    decimal, as growth rates are written (6.3%)."""
    value = float(value)
    en = lang == "en"
    if unit in ("%", "％"):
        return f"{value:.1f}%" if kind == "rate" else f"{value:.2f}%"
    if unit == "位":
        return f"No. {int(round(value))}" if en else f"第{int(round(value))}位"
    if unit in MONEY:
        x, label = _scaled(value * MONEY[unit], MONEY_EN if en else MONEY_ZH)
        return f"{trimmed(x, 2, thousands=en)} {label}" if en else f"{trimmed(x)}{label}"
    if unit in PEOPLE:
        x, label = _scaled(value * PEOPLE[unit], PEOPLE_EN if en else PEOPLE_ZH)
        return f"{trimmed(x, 2, thousands=en)} {label}" if en else f"{trimmed(x)}{label}"
    if en:
        return trimmed(value, 2, thousands=True)
    if abs(value) >= COUNT_WORD_FROM:
        return f"{trimmed(value / 1e4)}万{unit}"
    return f"{trimmed(value)}{unit}"


def average(value: float, unit: str, lang: str = "zh", kind: str | None = None) -> str:
    """A scope average: like amount, but a mean of counts keeps one decimal (782.4家)."""
    if unit in COUNT_UNITS:
        value = round(float(value), 1)
    return amount(value, unit, lang, kind)


def threshold(value: float, unit: str, lang: str = "zh") -> str:
    """A round threshold (突破30亿元, 突破1%): like amount, without trailing zeros."""
    if unit in ("%", "％"):
        return f"{trimmed(float(value))}%"
    return amount(value, unit, lang)


def percent(value: float, decimals: int = 1) -> str:
    """A growth rate or a completion rate, magnitude only: 12.4% (the words say which way)."""
    return f"{abs(float(value)):.{decimals}f}%"


def index(value: float) -> str:
    return f"{float(value):.1f}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    n = int(n)
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_cell(rank, of, tied: bool, lang: str = "zh") -> str:
    """A rank with its denominator for the table: 第3位/16, 第3位(并列)/16; 3/16, 3= /16."""
    if missing(rank):
        return "—"
    return rank_with_total(rank, of, tied, lang)


def rank_change_cell(change, lang: str = "zh") -> str:
    """Rank change for the table, positive = moved up: ↑2, ↓1, 持平 / unchanged."""
    if missing(change):
        return "—"
    c = int(change)
    if c == 0:
        return "unchanged" if lang == "en" else "持平"
    return f"↑{c}" if c > 0 else f"↓{-c}"


def growth_cell(value) -> str:
    """Signed growth for the table: +12.4%, -3.0%."""
    if missing(value):
        return "—"
    v = float(value)
    text = f"{abs(v):.1f}%"
    if text == "0.0%":
        return text
    return ("+" if v > 0 else "-") + text
