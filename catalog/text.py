"""Texts as catalogs compare them: full-width folded to half-width, no spaces or line breaks,
lower-case Latin letters ("北    京" and "北京", "ＲＤ" and "rd" are the same key)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def to_half_width(text: str) -> str:
    # NFKC turns full-width digits, letters and signs (１２３，．％－) into ASCII.
    return unicodedata.normalize("NFKC", text)


def normalise_label(text: object) -> str:
    """Full-width to half-width, no spaces or line breaks, lower-case Latin letters."""
    return _SPACES.sub("", to_half_width(str(text))).lower()


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
