"""Units, conversion to an indicator's canonical unit (1 亿元 = 10,000 万元), and the
statements of a unit that tables print above their header ("单位:万元", "(10 000 yuan)")."""

from __future__ import annotations

import re
from functools import lru_cache

from catalog.text import to_half_width

# unit -> (family, factor to the family's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0),
    "千元": ("money", 1e3),
    "万元": ("money", 1e4),
    "百万元": ("money", 1e6),
    "亿元": ("money", 1e8),
    "人": ("people", 1.0),
    "万人": ("people", 1e4),
    "%": ("percent", 1.0),
    "家": ("count", 1.0),
    "个": ("count", 1.0),
    "件": ("count", 1.0),
    "项": ("count", 1.0),
    "位": ("rank", 1.0),
}

# Spellings seen in sheets, mapped to the unit they mean.
UNIT_SYNONYMS = {"％": "%", "百分比": "%", "名": "人", "户": "家", "座": "个", "名次": "位"}


# The English units the yearbooks print under the Chinese, spaces and commas removed.
ENGLISH_UNITS = {"yuan": "元", "1000yuan": "千元", "10000yuan": "万元", "millionyuan": "百万元",
                 "100millionyuan": "亿元", "person": "人", "persons": "人", "people": "人",
                 "10000persons": "万人", "10000people": "万人", "piece": "件", "pieces": "件",
                 "item": "项", "items": "项", "unit": "个", "units": "个", "percent": "%",
                 "enterprise": "家", "enterprises": "家"}


def normalise_unit(text: str) -> str | None:
    text = to_half_width(text).strip()
    text = UNIT_SYNONYMS.get(text, text)
    return text if text in UNITS else None


def known_unit(unit: str) -> bool:
    return normalise_unit(unit) is not None


@lru_cache(maxsize=1024)  # asked once per value; the pairs are few
def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """Multiply a value in from_unit by this to get to_unit; None if they do not convert.

    Counts (家, 个, 件, 项) convert one to one among themselves: sheets label the same
    count with any of them.
    """
    a, b = normalise_unit(from_unit), normalise_unit(to_unit)
    if a is None or b is None:
        return None
    (fa, xa), (fb, xb) = UNITS[a], UNITS[b]
    if fa != fb:
        return None
    return xa / xb


# "单位:万元", "金额单位：亿元", "计量单位：家", "单位：亿元、%": the units that follow.
_STATEMENT = re.compile(r"单位\s*[:：]\s*([^\s;；:：)）]+(?:\s*[、,，/]\s*[^\s;；、,，/:：)）]+)*)")
_BRACKETED = re.compile(r"^[(（\[【]\s*(.+?)\s*[)）\]】]$")
_TRAILING_BRACKET = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?([^()（）]+?)\s*[)）]\s*$")


def stated_units(text: object) -> list[str]:
    """The units a line of a table states for the values below it: "单位:万元" → [万元];
    "(10 000 yuan)" → [万元]; "单位：亿元、%" → [亿元, %]; a title that ends in "（亿元）"
    → [亿元]. Empty when the text states none."""
    if text is None:
        return []
    text = to_half_width(str(text)).strip()
    found: list[str] = []
    for m in _STATEMENT.finditer(text):
        found += [u for part in re.split(r"[、,，/]", m[1]) if (u := _unit_word(part))]
    if not found:
        m = _BRACKETED.match(text) or _TRAILING_BRACKET.search(text)
        if m and (u := _unit_word(m[1])):
            found.append(u)
    return found


def _unit_word(text: str) -> str | None:
    """A unit written in Chinese or in the yearbooks' English."""
    text = text.strip()
    return normalise_unit(text) or ENGLISH_UNITS.get(re.sub(r"[\s,]", "", text).lower())


def unit_family(unit: str) -> str | None:
    unit = normalise_unit(unit)
    return UNITS[unit][0] if unit else None
