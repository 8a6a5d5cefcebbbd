"""Match header texts to indicators through names and aliases, and find the indicator a
title names. A text that fits two indicators is ambiguous and reported as such, never guessed.
(Region names are resolved by catalog.regions, with the evidence of the whole table.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from catalog.text import normalise_label
from catalog.units import normalise_unit

_UNIT_IN_HEADER = re.compile(r"^(.*?)[(\[（【]\s*(?:单位[:：]?\s*)?([^()\[\]（）【】]+?)\s*[)\]）】]$")
_UNIT_AFTER_SLASH = re.compile(r"^(.*?)\s*[/／]\s*(\S+)$")
# The statistical term and its abbreviations: 研究与试验发展(R&D)经费 and RD经费 are R&D经费.
_RD = re.compile(r"研究与试验发展(?:\(r&d\))?|(?<![a-z&])rd(?![a-z&])")
# Words a name ends with that only say "how many" (发明专利授权量, 专利授权数).
_MEASURE_TAIL = re.compile(r"(?:数量|总数|总量|金额|数|量|额)$")
MIN_PHRASE_CHARS = 2


def indicator_key(text: object) -> str:
    """A header or title as indicator names compare: normalised, R&D spelled one way."""
    if isinstance(text, str):
        return _text_key(text)
    return _RD.sub("r&d", normalise_label(text))


@lru_cache(maxsize=4096)
def _text_key(text: str) -> str:
    # Memoised: a sheet's title is read against each of its header cells (with_context), and
    # the same headers recur in every sheet of a workbook.
    return _RD.sub("r&d", normalise_label(text))


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


def _one(codes: set[str]) -> Match:
    return Match(next(iter(codes))) if len(codes) == 1 else Match(None, sorted(codes))


class IndicatorMatcher:
    """Indicator names, aliases and codes as keys; one key may point to several codes."""

    def __init__(self, indicators: list[dict]) -> None:
        self._keys: dict[str, set[str]] = {}
        for ind in indicators:
            for key in (ind["code"], ind["name_zh"], ind["name_en"], *ind.get("aliases", [])):
                if key := indicator_key(key):
                    self._keys.setdefault(key, set()).add(ind["code"])

    def match(self, text: object) -> Match:
        return _one(self._keys.get(indicator_key(text), set()))

    def named_in(self, title: object) -> Match:
        """The indicator a title names as a phrase: 各地区研究与试验发展(R&D)经费投入强度 →
        R&D intensity. A name inside a longer name found at the same place (R&D经费 in
        R&D经费投入强度) does not count; two indicators named apart are ambiguous."""
        text = indicator_key(title)
        spans = []
        for key, codes in self._keys.items():
            if len(key) >= MIN_PHRASE_CHARS and not key.isascii():
                start = text.find(key)
                while start != -1:
                    spans.append((start, start + len(key), codes))
                    start = text.find(key, start + 1)
        kept = [s for s in spans
                if not any(o is not s and o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                           for o in spans)]
        return _one(set().union(*(codes for _, _, codes in kept)) if kept else set())

    def with_context(self, label: str, contexts: list[str]) -> Match:
        """A header that says too little, read with the measure its title or group header
        names: 发明 under 国内三种专利授权数… is 发明专利授权量 (the name less 发明, less a
        trailing 量, is in the title)."""
        label = indicator_key(label)
        if len(label) < MIN_PHRASE_CHARS:
            return Match(None)
        for context in contexts:
            context = indicator_key(context)
            found: set[str] = set()
            for key, codes in self._keys.items():
                if label in key and key != label:
                    rest = _MEASURE_TAIL.sub("", key.replace(label, "", 1))
                    if len(rest) >= MIN_PHRASE_CHARS and rest in context:
                        found |= codes
            if found:
                return _one(found)
        return Match(None)


def indicator_matcher(indicators: list[dict]) -> IndicatorMatcher:
    return IndicatorMatcher(indicators)
