"""Periods from sheet names, titles and arguments: 2025年1-9月, 2025年前三季度, 2025Q3, 2024年.

Chinese statistics report quarters year to date (一季度 = 1-3月, 上半年 = 1-6月, 前三季度 =
1-9月, 全年 = 1-12月), so a quarter named alone is the cumulative report; only an explicit
single-quarter span (7-9月, "单季") is a single quarter. The fourth quarter to date is the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.number_text import to_half_width

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int = 0  # 0 = annual
    cumulative: bool = True

    def __post_init__(self) -> None:
        # 1-12月 is the year: a fourth quarter to date is stored, listed and ranked as the
        # annual figure, never as a second period beside it.
        if self.quarter == 4 and self.cumulative:
            object.__setattr__(self, "quarter", 0)

    @property
    def label_zh(self) -> str:
        if self.quarter == 0:
            return f"{self.year}年"
        if self.cumulative:
            return f"{self.year}年1-{self.quarter * 3}月"
        return f"{self.year}年{self.quarter * 3 - 2}-{self.quarter * 3}月"

    @property
    def label_en(self) -> str:
        if self.quarter == 0:
            return str(self.year)
        return f"{self.year} Q{self.quarter}" + ("" if self.cumulative else " (single quarter)")

    @property
    def code(self) -> str:
        """Compact form used in URLs and file names: 2025, 2025Q3, 2025Q3s."""
        if self.quarter == 0:
            return str(self.year)
        return f"{self.year}Q{self.quarter}" + ("" if self.cumulative else "s")


_YEAR = r"((?:19|20)\d{2})"
_MONTHS = re.compile(_YEAR + r"\s*年?\s*(\d{1,2})\s*(?:-|~|～|—|–|至|到)\s*(\d{1,2})\s*月")
_SINGLE_MONTH_END = re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月(?:份)?(?:末|底)?")
_Q_CODE = re.compile(_YEAR + r"\s*[-_ ]?\s*[Qq]([1-4])(s|单季)?")
_QUARTER_WORD = re.compile(_YEAR + r"\s*年\s*(前三季度|上半年|全年|年度|第?([一二三四])季度(?:\s*[（(]?单季[)）]?)?)")
_YEAR_ONLY = re.compile(_YEAR + r"\s*(?:年|年度)?(?!\d)")


def _from_months(year: int, start: int, end: int) -> Period | None:
    if not (1 <= start <= end <= 12) or end % 3:
        return None
    if start == 1:
        return Period(year, 0) if end == 12 else Period(year, end // 3, True)
    if end - start == 2:
        return Period(year, end // 3, False)
    return None


def parse_period(text: str | None) -> Period | None:
    """The period named in text, or None. A year alone means the annual figure."""
    if not text:
        return None
    text = to_half_width(str(text))
    if m := _MONTHS.search(text):
        return _from_months(int(m[1]), int(m[2]), int(m[3]))
    if m := _Q_CODE.search(text):
        return Period(int(m[1]), int(m[2]), not m[3])
    if m := _QUARTER_WORD.search(text):
        year, word = int(m[1]), m[2]
        if word == "前三季度":
            return Period(year, 3)
        if word == "上半年":
            return Period(year, 2)
        if word in ("全年", "年度"):
            return Period(year, 0)
        quarter = CN_DIGITS[m[3]]
        return Period(year, quarter, "单季" not in word)
    if m := _SINGLE_MONTH_END.search(text):  # 2025年9月 (month-end reports of stocks)
        month = int(m[2])
        if month % 3 == 0:
            return Period(int(m[1]), 0) if month == 12 else Period(int(m[1]), month // 3)
        return None
    if m := _YEAR_ONLY.search(text):
        return Period(int(m[1]), 0)
    return None
