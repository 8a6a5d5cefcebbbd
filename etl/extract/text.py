"""Normalise report prose and split it into sentences and clauses, keeping character offsets.

Normalisation never changes the length of the text, so an offset in the normalised document
is an offset in the document as the user sees it. A sentence is read in a compact form
(`Sentence.norm`): text copied out of a PDF breaks its lines inside words and numbers
("研发投\n入 21.7 亿元"), and the break and the blanks around CJK characters are dropped there;
`Sentence.index` maps every character read back to the document, so a candidate's sentence,
figure and statement can always be sliced out of the original.
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
# A half-width full stop ends a sentence in text pasted from web pages ("……12.8%. 全市……"),
# but not inside a number (12.8), a list number (1. 企业) or an abbreviation.
_HALF_STOP = re.compile(r"(?<=[^\d\sA-Za-z.])\.(?=\s|$|[\u4e00-\u9fff])")
# Tabs separate the cells of a table row (etl.extract.documents writes them).
CLAUSE_SEPARATORS = ",;:\t"
_BLANK = " \t\r\u3000\xa0"
_SPACE = " \u3000\xa0\r"
HEADING_MAX_CHARS = 40
# A table cell "2024年" is not a heading that dates what follows.
HEADING_MIN_CJK = 4
_CJK = re.compile(r"[\u4e00-\u9fff]")
# "1,236名": a comma between a digit and exactly three digits groups thousands.
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# -- lines that belong together --------------------------------------------------------------
# A line ending in these closes its sentence or clause: the next line starts a new one.
_TERMINAL = re.compile(r"[。!?;:．.][\"'”’」』)）]*\s*$")
# Markers that start a heading or an item of a list on a line of its own.
_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)"
                   r"|第[一二三四五六七八九十\d]+[章节条部分]|[①-⑳●•■◆▲]|附件|注\s*[:：])")
# Paragraphs of a PDF start indented (two full-width spaces, or several blanks).
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
# A line that only dates or signs the document: "2025年10月15日", "（2023年12月）".
DATE_LINE = re.compile(r"^\s*[^。,;:!?]{0,30}?[(（]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月"
                       r"(?:\s*\d{1,2}\s*日)?\s*[)）]?\s*$")
# The share of lines that must look broken mid-sentence before a text is taken as wrapped.
WRAPPED_SHARE = 0.25
WRAPPED_MIN_LINES = 3


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
    norm: str  # what is read: normalised, wrapped line breaks and blanks between words dropped
    paragraph: int  # index of the paragraph it sits in
    is_heading: bool  # a short line without a full stop: a title or section heading
    index: tuple[int, ...] = ()  # norm[i] is text[index[i]]
    is_date: bool = False  # a line that only dates or signs the document

    def text_span(self, a: int, b: int) -> tuple[int, int]:
        """Offsets in `text` (sentence-relative) of norm[a:b]."""
        if not self.index:
            return a, b
        if b <= a:
            x = self.index[a] if a < len(self.index) else len(self.text)
            return x, x
        return self.index[a], self.index[b - 1] + 1


def _compact(norm: str) -> tuple[str, tuple[int, ...]]:
    """Drop line breaks and the blanks that touch them or a CJK character; keep a blank
    between two ASCII letters or digits ("6.84 7.92" in a pasted table stays two numbers)."""
    out, index = [], []
    n = len(norm)
    for i, ch in enumerate(norm):
        if ch == "\n":
            continue
        if ch in _SPACE:
            j = i - 1
            while j >= 0 and norm[j] in _SPACE:
                j -= 1
            k = i + 1
            while k < n and norm[k] in _SPACE:
                k += 1
            before = norm[j] if j >= 0 else ""
            after = norm[k] if k < n else ""
            if j < i - 1 or not (_ASCII_WORD.match(before or " ") and _ASCII_WORD.match(after or " ")):
                continue  # one blank of a run is kept, and only between two ASCII words
        out.append(ch)
        index.append(i)
    return "".join(out), tuple(index)


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start] in _BLANK + "\n":
        start += 1
    while end > start and norm[end - 1] in _BLANK + "\n":
        end -= 1
    return start, end


def _joins(line: str, following: str) -> bool:
    """Whether a line break may be a wrap inside a paragraph (PDF copies)."""
    if not line.strip() or not following.strip() or "\t" in line or "\t" in following:
        return False
    if _TERMINAL.search(line) or DATE_LINE.match(line) or _ITEM.match(following):
        return False
    if _INDENT.match(following):
        return False  # an indented line starts a paragraph
    return not (_ITEM.match(line) and len(line.strip()) <= HEADING_MAX_CHARS and "。" not in line)


def _paragraphs(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: a line, or in a text whose lines are broken inside
    sentences (a PDF copy), the run of lines that continue each other."""
    spans, pos = [], 0
    lines = norm.split("\n")
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    texts = [norm[a:b] for a, b in spans]
    first = next((i for i, t in enumerate(texts) if t.strip()), None)
    joins = [i != first and _joins(texts[i], texts[i + 1]) for i in range(len(texts) - 1)]
    filled = sum(bool(t.strip()) for t in texts)
    wrapped = sum(joins) >= WRAPPED_MIN_LINES and sum(joins) >= WRAPPED_SHARE * filled
    paragraphs, current = [], None
    for i, (a, b) in enumerate(spans):
        current = (current[0], b) if current is not None else (a, b)
        if not (wrapped and i < len(joins) and joins[i]):
            paragraphs.append(current)
            current = None
    return paragraphs


def _sentence_ends(norm: str, a: int, b: int) -> list[int]:
    ends = [i + 1 for i in range(a, b) if norm[i] in SENTENCE_END]
    ends += [m.end() + a for m in _HALF_STOP.finditer(norm[a:b])]
    return sorted(set(ends))


def split_sentences(text: str, norm: str | None = None) -> list[Sentence]:
    """Sentences end at 。！？ (and a half-width stop after words) or at the end of a
    paragraph: a line, or the lines a PDF copy broke one paragraph into."""
    norm = normalise_text(text) if norm is None else norm
    sentences: list[Sentence] = []
    paragraph = 0
    for p_start, p_end in _paragraphs(norm):
        pieces, s = [], p_start
        for e in _sentence_ends(norm, p_start, p_end):
            pieces.append((s, e))
            s = e
        pieces.append((s, p_end))
        pieces = [_trim(norm, a, b) for a, b in pieces]
        pieces = [(a, b) for a, b in pieces if b > a and norm[a:b].strip(SENTENCE_END + _BLANK + "\n.")]
        if not pieces:
            continue
        a, b = pieces[0]
        one_line = len(pieces) == 1 and "\n" not in norm[a:b]
        is_date = one_line and bool(DATE_LINE.match(norm[a:b]))
        heading = (one_line and not is_date and norm[b - 1] not in SENTENCE_END
                   and "\t" not in norm[a:b] and b - a <= HEADING_MAX_CHARS
                   and len(_CJK.findall(norm[a:b])) >= HEADING_MIN_CJK)
        for a, b in pieces:
            view, index = _compact(norm[a:b])
            sentences.append(Sentence(a, b, text[a:b], view, paragraph, heading, index, is_date))
        paragraph += 1
    return sentences


def split_clauses(norm: str) -> list[tuple[int, int]]:
    """Clause spans (start, end) inside a normalised sentence, split at , ; : and the tabs
    between table cells (full-width forms are already folded). "、" does not split: it joins
    items of one enumeration."""
    spans, start = [], 0
    for i, ch in enumerate(norm):
        if ch in CLAUSE_SEPARATORS and not _THOUSANDS.match(norm, max(0, i - 1)):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(norm)))
    return [(a, b) for a, b in spans if b > a]
