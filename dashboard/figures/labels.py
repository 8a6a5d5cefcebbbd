"""Labels that fit: the width a label takes in a chart and region names wrapped on a few lines.

Plotly sizes its margins in the browser, and on a phone it gives up (the labels are clipped)
when the margins it would need leave too little plot. The builders run on the server, so they
reserve the room themselves from these estimates, which err on the wide side. Names are never
shortened: 合肥经济技术开发区 and 合肥高新技术产业开发区 differ only past the fourth character.
"""

from __future__ import annotations

import re
import unicodedata

from dashboard.figures.plain import plotly_text

LINE_HEIGHT = 1.25  # a line of text, in font sizes
WRAP_CJK = 7  # characters a line of a Chinese name
WRAP_LATIN = 16  # characters a line of an English name
# Where a Chinese name breaks best: before the kind of region (合肥高新技术 / 产业开发区).
CJK_BREAKS = ("产业开发区", "开发区", "高新区", "经开区", "产业园", "工业园", "园区", "自治区",
              "自治州", "地区")


def _char_width(char: str) -> float:
    """A character's width in font sizes, on the wide side of the fonts the app names."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char.isupper() or char in "mwMW%@":
        return 0.72
    if char in "il.,:;'|!·":
        return 0.32
    return 0.6


_TAG = re.compile(r"<(?!br>)[^>]*>")  # plotly's text markup other than line breaks


def text_width(text: str, size: float) -> float:
    """The width in px of the longest line of a label (lines split by <br>, markup such as
    <b> not counted; bold counts a little wider)."""
    text = str(text)
    bold = 1.08 if "<b>" in text else 1.0
    lines = _TAG.sub("", text).split("<br>")
    return max((sum(_char_width(c) for c in line) * size * bold for line in lines), default=0.0)


def line_count(text: str) -> int:
    return str(text).count("<br>") + 1


def wrap_name(name: str) -> str:
    """A long region name on a few lines joined by <br>: Chinese before the kind of region
    where it can (else in lines of about equal length), English between words, three lines
    at most. Each line is escaped for plotly (a name is data, never markup), after the cut so
    that no cut falls inside an entity."""
    return "<br>".join(plotly_text(line) for line in _lines(str(name)))


def _lines(name: str) -> list[str]:
    if any(unicodedata.east_asian_width(c) in ("W", "F") for c in name):
        return _wrap_cjk(name)
    if len(name) <= WRAP_LATIN:
        return [name]
    width = max(WRAP_LATIN, -(-len(name) // 3))
    while len(lines := _wrap_words(name.split(), width)) > 3:  # three lines at most
        width += 1
    return lines


def _wrap_words(words: list[str], width: int) -> list[str]:
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _wrap_cjk(name: str) -> list[str]:
    if len(name) <= WRAP_CJK + 1:
        return [name]
    cuts = sorted({name.find(word) for word in CJK_BREAKS} - {-1, 0},
                  key=lambda cut: max(cut, len(name) - cut))
    if cuts and max(cuts[0], len(name) - cuts[0]) <= WRAP_CJK + 2:
        return [name[:cuts[0]], name[cuts[0]:]]
    per_line = -(-len(name) // -(-len(name) // WRAP_CJK))  # lines of about equal length
    return [name[i:i + per_line] for i in range(0, len(name), per_line)]
