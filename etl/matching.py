"""Match header texts to indicators and row labels to regions through names and aliases.

A text that fits two candidates is ambiguous and reported as such, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.numbers import to_half_width
from etl.units import normalise_unit

REGION_SUFFIXES = ("特别行政区", "自治州", "自治县", "自治旗", "地区", "林区", "新区",
                   "省", "市", "县", "区", "盟", "旗")
TOTAL_LABELS = {"全省", "全市", "全县", "全区", "合计", "总计", "小计", "总数", "全省合计",
                "全市合计", "全县合计", "全区合计", "汇总", "全国"}
_UNIT_IN_HEADER = re.compile(r"^(.*?)[(\[（【]\s*(?:单位[:：]?\s*)?([^()\[\]（）【】]+?)\s*[)\]）】]$")
_UNIT_AFTER_SLASH = re.compile(r"^(.*?)\s*[/／]\s*(\S+)$")


def normalise_label(text: object) -> str:
    """Full-width to half-width, no spaces or line breaks, lower-case Latin letters."""
    text = to_half_width(str(text))
    return re.sub(r"\s+", "", text).lower()


def split_unit(header: str) -> tuple[str, str | None]:
    """'研发投入(万元)' -> ('研发投入', '万元'); a trailing bracket that is no unit stays."""
    label = normalise_label(header)
    for pattern in (_UNIT_IN_HEADER, _UNIT_AFTER_SLASH):
        m = pattern.match(label)
        if m and normalise_unit(m[2]) is not None:
            return m[1], normalise_unit(m[2])
    return label, None


@dataclass
class Match:
    code: str | None
    candidates: list[str] = field(default_factory=list)  # set when ambiguous

    @property
    def ambiguous(self) -> bool:
        return self.code is None and len(self.candidates) > 1


class Matcher:
    """Exact lookup of normalised keys; one key may point to several codes."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = {}

    def add(self, key: str, code: str) -> None:
        key = normalise_label(key)
        if key:
            self._keys.setdefault(key, set()).add(code)

    def match(self, text: object) -> Match:
        codes = self._keys.get(normalise_label(text), set())
        if len(codes) == 1:
            return Match(next(iter(codes)))
        return Match(None, sorted(codes))


def indicator_matcher(indicators: list[dict]) -> Matcher:
    m = Matcher()
    for ind in indicators:
        for key in (ind["code"], ind["name_zh"], ind["name_en"], *ind.get("aliases", [])):
            m.add(key, ind["code"])
    return m


def short_region_name(name: str) -> str | None:
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def region_matcher(regions: list[dict]) -> Matcher:
    """Keys: code, full name, name without its suffix (六安 / 六安市), English name, aliases."""
    m = Matcher()
    for r in regions:
        keys = [r["code"], r["name_zh"], r.get("name_en") or "", *r.get("aliases", [])]
        short = short_region_name(r["name_zh"])
        if short:
            keys.append(short)
        for key in keys:
            m.add(key, r["code"])
    return m


def is_total_label(text: object) -> bool:
    return normalise_label(text) in TOTAL_LABELS
