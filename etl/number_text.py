"""Read numbers as they arrive in Chinese sheets: full-width digits, "。" as a decimal point,
thousands separators, a trailing %, and the many ways of writing "no data" (not zero)."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from catalog.text import to_half_width

MISSING_MARKERS = {"", "—", "——", "-", "--", "－", "/", "／", "..", "…", "……", "无", "空",
                   "暂无", "n/a", "na", "none", "null", "nan", "#n/a", "×", "x"}
EXCEL_ERRORS = {"#div/0!", "#ref!", "#value!", "#name?", "#num!", "#null!", "#n/a", "#spill!",
                "#calc!", "#getting_data"}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class ParsedValue(NamedTuple):  # a tuple: built once per cell, 120,000 times for a national sheet
    value: float | None  # None: missing or not a number
    missing: bool = False
    percent: bool = False  # the text carried a % sign
    error: str | None = None  # rule name when the text is not a number


def parse_number_text(text: str) -> ParsedValue:
    # U+2212 is the typographic minus sign (Word and typeset reports use it).
    text = to_half_width(text).strip().replace(" ", "").replace("\u3000", "").replace("\u2212", "-")
    if text.lower() in MISSING_MARKERS:
        return ParsedValue(None, missing=True)
    if text.lower() in EXCEL_ERRORS:
        return ParsedValue(None, error="formula_error")
    if text.startswith("="):  # a formula nobody computed (readers pass its text on)
        return ParsedValue(None, error="formula_no_value")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    # "12。6" copied from prose: the ideographic full stop used as a decimal point.
    if text.count("。") == 1 and "." not in text:
        text = text.replace("。", ".")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return ParsedValue(None, error="not_a_number")
    value = float(text)
    if not math.isfinite(value):
        return ParsedValue(None, error="not_a_number")
    return ParsedValue(value, percent=percent)


def parse_cell(value: object) -> ParsedValue:
    """A cell as a reader returns it: number, text, bool, date or None."""
    if value is None:
        return ParsedValue(None, missing=True)
    if isinstance(value, bool):
        return ParsedValue(None, error="not_a_number")
    if isinstance(value, (int, float)):
        v = float(value)
        if not math.isfinite(v):
            return ParsedValue(None, error="not_a_number")
        return ParsedValue(v)
    if hasattr(value, "year") and hasattr(value, "month"):
        return ParsedValue(None, error="not_a_date")
    return parse_number_text(str(value))
