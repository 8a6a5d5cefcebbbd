"""Chinese numerals as reports use them: 三席, 第一, 十二家, 四分之一, 一半, 翻一番."""

from __future__ import annotations

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千]{1,6}"
CN_OR_DIGITS = rf"(?:\d{{1,4}}|{CN_NUMERAL})"


def cn_to_int(text: str) -> int | None:
    """三 -> 3, 十二 -> 12, 二十三 -> 23, 一百零五 -> 105; None for anything else."""
    if not text:
        return None
    total, current, after_digit = 0, 0, False
    for ch in text:
        if ch in "零〇" and total:  # 一百零五: the zero only marks the empty tens
            continue
        if ch in CN_DIGITS:
            if after_digit:  # "三四" is not a number
                return None
            current, after_digit = CN_DIGITS[ch], True
        elif ch in CN_MULTIPLIERS:
            total += (current if after_digit else 1) * CN_MULTIPLIERS[ch]
            current, after_digit = 0, False
        else:
            return None
    return total + current


def parse_int(text: str) -> int | None:
    """Arabic or Chinese digits to an integer."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


def fraction_percent(text: str) -> float | None:
    """四分之一 -> 25.0, 三分之一 -> 33.333…, 一半 -> 50.0, as a percentage."""
    if text == "一半":
        return 50.0
    if "分之" not in text:
        return None
    den_text, num_text = text.split("分之", 1)
    den, num = parse_int(den_text), parse_int(num_text)
    if not den or num is None or num > den:
        return None
    return num / den * 100


def doubling_factor(word: str) -> int | None:
    """翻一番 doubles (×2), 翻两番 quadruples (×4): the factor the value is multiplied by."""
    n = parse_int(word)
    return None if n is None else 2 ** n
