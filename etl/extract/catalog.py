"""The catalogs as the extractor searches them: indicator names and aliases as substrings of
prose, region names, and the ratio indicators that a "占……比重" statement can be a value of.

A key that belongs to two indicators or two regions is dropped, never guessed between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.files import IndicatorSpec
from catalog.regions import RegionTree
from catalog.text import normalise_label
from config import DEFAULT_PROVINCE
from etl.extract.text import lower_same_length

# Aliases are written as table headers ("高新技术企业数"); prose drops the trailing 数.
_TRAILING_COUNT_WORD = re.compile(r"(?:数量|总数|人数|数)$")
# Reported rates are named with their growth word ("高新技术产业增加值增速"); prose writes
# "高新技术产业增加值同比增长12.1%". The stem before the word finds them.
_RATE_WORD = re.compile(r"(?:增速|增长率|增长|增幅)$")
# Reported ranks are named "开发区考核排名"; prose writes "在全省开发区考核中……提升12位".
_RANK_WORD = re.compile(r"(?:排名|排位|名次)$")
MIN_STEM_CHARS = {"rate": 4, "rank": 5}  # "综合考核" alone names too many assessments
# A count of new units named after a stock: 新认定高新技术企业数 beside 高新技术企业数.
_NEW_PREFIX = re.compile(r"^(?:新增|新认定)")


@dataclass(frozen=True)
class Hit:
    start: int  # offsets in the searched text
    end: int
    code: str
    key: str


def _find_keys(text: str, keys: dict[str, str]) -> list[Hit]:
    """Every occurrence of every key, then the non-overlapping set that prefers the match
    ending latest and, at the same end, the longest (研发投入强度 over 研发投入)."""
    low = lower_same_length(text)
    found = []
    for key, code in keys.items():
        start = low.find(key)
        while start != -1:
            found.append(Hit(start, start + len(key), code, key))
            start = low.find(key, start + 1)
    found.sort(key=lambda h: (-h.end, -(h.end - h.start)))
    chosen: list[Hit] = []
    for hit in found:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


def _unique_keys(pairs: list[tuple[str, str]]) -> dict[str, str]:
    owners: dict[str, set[str]] = {}
    for key, code in pairs:
        key = normalise_label(key)
        if len(key) >= 2:
            owners.setdefault(key, set()).add(code)
    return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}


class Catalog:
    """Indicators and the regions of one province, ready for substring search."""

    def __init__(self, indicators: list[dict], regions: list[dict],
                 province_code: str | None = None) -> None:
        self.province_code = province_code
        self.indicators = {i["code"]: IndicatorSpec.from_row(i) for i in indicators}
        pairs, rate_stems, rank_stems = [], [], []
        for i in indicators:
            names = [i["name_zh"], *i.get("aliases", [])]
            for name in names:
                pairs.append((name, i["code"]))
                shorter = _TRAILING_COUNT_WORD.sub("", normalise_label(name))
                if len(shorter) >= 4:
                    pairs.append((shorter, i["code"]))
                stem_re = {"rate": _RATE_WORD, "rank": _RANK_WORD}.get(i["kind"])
                if stem_re is not None:
                    stem = stem_re.sub("", normalise_label(name))
                    if stem != normalise_label(name) and len(stem) >= MIN_STEM_CHARS[i["kind"]]:
                        (rate_stems if i["kind"] == "rate" else rank_stems).append((stem, i["code"]))
        self._keys = _unique_keys(pairs)
        # stock -> its count of new units, when the catalog holds both
        self._new_of: dict[str, str] = {}
        for i in indicators:
            for name in (i["name_zh"], *i.get("aliases", [])):
                label = normalise_label(name)
                if _NEW_PREFIX.match(label):
                    stock = self._keys.get(_NEW_PREFIX.sub("", label))
                    if stock and stock != i["code"]:
                        self._new_of[stock] = i["code"]
        self._rate_stems = _unique_keys(rate_stems)
        self._rank_stems = _unique_keys(rank_stems)
        self.regions = {r["code"]: r for r in regions}
        self.tree = RegionTree((r["code"], r.get("parent_code"), r["level"]) for r in regions)
        region_pairs = []
        for r in regions:
            for name in (r["name_zh"], *r.get("aliases", [])):
                region_pairs.append((name, r["code"]))
        self._region_keys = _unique_keys(region_pairs)

    # -- construction ------------------------------------------------------------------

    @classmethod
    def from_engine(cls, engine, province_code: str | None = DEFAULT_PROVINCE) -> "Catalog":
        from db.lookups import indicator_rows, region_rows

        return cls(indicator_rows(engine), region_rows(engine, province_code), province_code)

    @classmethod
    def from_files(cls, province_code: str | None = DEFAULT_PROVINCE) -> "Catalog":
        """The shipped catalog files, without a database (previews, tests)."""
        from catalog.files import load_admin_regions, load_indicators, load_zones

        indicators = [{"code": s.code, "name_zh": s.name_zh, "unit": s.unit, "kind": s.kind,
                       "numerator": s.numerator, "denominator": s.denominator,
                       "aliases": list(s.aliases)} for s in load_indicators()]
        regions = [{"code": r.code, "name_zh": r.name_zh, "level": r.level,
                    "parent_code": r.parent_code, "aliases": list(r.aliases)}
                   for r in [*load_admin_regions(), *load_zones()]]
        catalog = cls(indicators, regions, province_code)
        if province_code:
            keep = [r for r in regions if catalog.in_province(r["code"], province_code)]
            catalog = cls(indicators, keep, province_code)
        return catalog

    # -- searches ----------------------------------------------------------------------

    def find_indicators(self, text: str) -> list[Hit]:
        return _find_keys(text, self._keys)

    def find_rate_stems(self, text: str) -> list[Hit]:
        return _find_keys(text, self._rate_stems)

    def find_rank_stems(self, text: str) -> list[Hit]:
        return _find_keys(text, self._rank_stems)

    def find_regions(self, text: str) -> list[Hit]:
        return _find_keys(text, self._region_keys)

    def code_of_key(self, key: str) -> str | None:
        """The indicator a matched name belongs to."""
        return self._keys.get(key)

    def new_counterpart(self, code: str) -> str | None:
        """The count of new units of a stock (high_tech_enterprises -> high_tech_enterprises_new)."""
        return self._new_of.get(code)

    def stock_of_new(self, code: str) -> str | None:
        return next((stock for stock, new in self._new_of.items() if new == code), None)

    def ratio_of(self, numerator: str, denominator: str) -> str | None:
        """The ratio indicator numerator / denominator, if the catalog has exactly one."""
        found = [i.code for i in self.indicators.values()
                 if i.kind == "ratio" and i.numerator == numerator and i.denominator == denominator]
        return found[0] if len(found) == 1 else None

    # -- region hierarchy --------------------------------------------------------------

    def ancestors(self, code: str) -> tuple[str, ...]:
        return self.tree.ancestors(code)

    def in_province(self, code: str, province_code: str) -> bool:
        return self.tree.within(code, province_code)

    def ancestor_at(self, code: str, level: str) -> str | None:
        return self.tree.ancestor_at(code, level)

    def level(self, code: str) -> str | None:
        return self.regions.get(code, {}).get("level")

    def province_of(self, code: str | None) -> str | None:
        if code is None:
            return self.province_code
        return self.ancestor_at(code, "province") or self.province_code
