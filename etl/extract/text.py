"""Normalise report prose and split it into sentences and clauses, keeping character offsets.

Normalisation never changes the length of the text: every offset found in the normalised
text is an offset in the document as the user sees it, so a candidate's sentence can always
be sliced back out of the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# "12。6%" copied from prose: the ideographic full stop as a decimal point. Only between a
# digit and one or two digits that carry a unit, so "达到138。2024年……" stays two sentences.
_DECIMAL_STOP = re.compile(
    r"(?<=\d)。(?=\d{1,2}\s*(?:%|亿|万|千|元|家|个|项|件|人|名|位|倍|户|座|席))")
SENTENCE_END = "。!?"
CLAUSE_SEPARATORS = ",;:"
_BLANK = " \t\r\u3000\xa0"
HEADING_MAX_CHARS = 40
# A table cell "2024年" is not a heading that dates what follows.
HEADING_MIN_CJK = 4
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "1,236名": a comma between a digit and exactly three digits groups thousands.
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def normalise_text(text: str) -> str:
    """Full-width digits, letters and signs to ASCII (１２，％ -> 12,%), "12。6" -> "12.6";
    the result has exactly the length of the input."""
    chars = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        # "…" folds to "..." and some ligatures to two letters: keep those as they are.
        chars.append(folded if len(folded) == 1 else ch)
    out = _DECIMAL_STOP.sub(".", "".join(chars))
    return out


def lower_same_length(text: str) -> str:
    """Lower-case Latin letters (R&D -> r&d) without changing the length."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets in the document text
    end: int
    text: str  # as in the document
    norm: str  # normalised, same length as text
    paragraph: int  # index of the line it sits on
    is_heading: bool  # a short line without a full stop: a title or section heading


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start] in _BLANK:
        start += 1
    while end > start and norm[end - 1] in _BLANK:
        end -= 1
    return start, end


def split_sentences(text: str, norm: str | None = None) -> list[Sentence]:
    """Sentences end at 。！？ or a line break; each line is a paragraph."""
    norm = normalise_text(text) if norm is None else norm
    sentences: list[Sentence] = []
    line_start, paragraph = 0, 0
    for line in norm.split("\n"):
        line_end = line_start + len(line)
        pieces, s = [], line_start
        for i in range(line_start, line_end):
            if norm[i] in SENTENCE_END:
                pieces.append((s, i + 1))
                s = i + 1
        pieces.append((s, line_end))
        pieces = [_trim(norm, a, b) for a, b in pieces]
        pieces = [(a, b) for a, b in pieces if b > a and norm[a:b].strip(SENTENCE_END + _BLANK)]
        if pieces:
            a, b = pieces[0]
            heading = (len(pieces) == 1 and norm[b - 1] not in SENTENCE_END
                       and b - a <= HEADING_MAX_CHARS
                       and len(_CJK.findall(norm[a:b])) >= HEADING_MIN_CJK)
            for a, b in pieces:
                sentences.append(Sentence(a, b, text[a:b], norm[a:b], paragraph, heading))
            paragraph += 1
        line_start = line_end + 1
    return sentences


def split_clauses(norm: str) -> list[tuple[int, int]]:
    """Clause spans (start, end) inside a normalised sentence, split at , ; : (full-width
    forms are already folded). "、" does not split: it joins items of one enumeration."""
    spans, start = [], 0
    for i, ch in enumerate(norm):
        if ch in CLAUSE_SEPARATORS and not _THOUSANDS.match(norm, max(0, i - 1)):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(norm)))
    return [(a, b) for a, b in spans if b > a]
