"""Units and conversion to an indicator's canonical unit (1 亿元 = 10,000 万元)."""

from __future__ import annotations

from functools import lru_cache

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


def normalise_unit(text: str) -> str | None:
    text = text.strip()
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
