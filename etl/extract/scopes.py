"""What a rank or a share is taken within, in a short form that two wordings of the same
group share: "在全省16个市中" and "全省" are both 全省, "全省104个县(市、区)" is 全省 too (a
county is ranked among counties), "全省开发区考核" is 全省开发区, "六安市各县区" is 六安市.
"""

from __future__ import annotations

import re

_PARENTHESES = re.compile(r"[(（][^)）]*[)）]")
_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十百两]+)\s*(?:个|家|所)(?:地区|成员)?")
_FRAME = re.compile(r"^(?:在|于)|(?:之中|当中|中|内|里)$")
_TAIL = re.compile(r"(?:综合考核评价|综合考核|考核评价|考核|监测评价|评价|排名|排位)$")
# The regions of the writer's level: "全省县区" ranks a county among counties, as "全省" does.
_OWN_LEVEL = re.compile(r"^(全国|全省|全市|全县|全区|.{1,8}?[省市])(?:各)?"
                        r"(?:县市区|县区|区县|市县区|县市|县|区|市|设区市|地市|省区市|省份|省)?$")


def canonical_scope(text: str | None) -> str | None:
    """The short form of a scope as written; None for nothing."""
    if not text:
        return None
    s = re.sub(r"\s+", "", text)
    s = _PARENTHESES.sub("", s)
    s = _COUNT.sub("", s)
    for _ in range(3):  # "在全省开发区综合考核中": the frame, then the assessment's name
        s = _FRAME.sub("", s)
        s = _TAIL.sub("", s)
        s = s.rstrip("的")
    s = s.replace("各", "")
    own = _OWN_LEVEL.match(s)
    if own:
        s = own[1]
    return s or None
