"""The review of figures read out of a report (the Upload page's "从文字报告提取" tab):
candidates as rows of the review grid, the user's decisions and edits back to candidates,
and the import through etl.extract.import_candidates. No Dash here; tests call it directly.

    document (pasted or dropped) → extract → rows → (user ticks and edits) → reviewed → import
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import Engine

from config import DEFAULT_PROVINCE
from etl.extract import (STATEMENT_TYPES, Candidate, Catalog, Document, ImportReport,
                         extract_document, import_candidates, is_supported, load_document)
from etl.readers import UnreadableFile

MAX_TEXT_CHARS = 200_000  # about a hundred pages; more than that is not one report
PASTED_NAME_CHARS = 40
PASTED_SUFFIX = ".txt"
# Filled in by the user, so only plausible years are taken; the engine never invents one.
FIRST_YEAR, LAST_YEAR = 1949, 2100


# --- The document -----------------------------------------------------------------------------

def read_document(content: bytes, file_name: str) -> Document:
    """A dropped .txt or .docx file; UnreadableFile for anything else (a sheet, an old .doc)."""
    if not is_supported(file_name):
        raise UnreadableFile("只支持 .txt 和 .docx / only .txt and .docx files")
    return load_document(content, file_name)


def pasted_document(text: str) -> Document:
    """Pasted text as a document, named after its first line (a report's title) so the
    provenance of its values says which report they came from."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    # The name ends up in file names and the upload history: no path separators.
    title = first[:PASTED_NAME_CHARS].replace("/", "／").replace("\\", "＼")
    return Document(f"{title or '粘贴文本'}{PASTED_SUFFIX}", text, "txt")


def document_to_store(document: Document) -> dict:
    return {"name": document.name, "text": document.text, "kind": document.kind}


def document_from_store(data: dict | None) -> Document | None:
    if not data or not isinstance(data.get("text"), str) or not data.get("name"):
        return None
    return Document(str(data["name"]), data["text"], str(data.get("kind") or "txt"))


def chosen_document(text: str | None, dropped: dict | None) -> Document | None:
    """The document extraction runs on: the dropped file while the text box still holds its
    text unchanged (so its name is the provenance), else the text box as pasted text."""
    if not text or not text.strip():
        return None
    file = document_from_store(dropped)
    if file is not None and file.text == text.replace("\r\n", "\n"):
        return file
    return pasted_document(text)


# --- Extraction -------------------------------------------------------------------------------

def extract(engine: Engine, document: Document, region: str | None = None,
            year: int | None = None) -> list[Candidate]:
    """The candidates of a document, matched against the catalogs of the region's province
    (the CLI's `python -m etl extract` does the same)."""
    province = Catalog.from_engine(engine, None).province_of(region) or DEFAULT_PROVINCE
    catalog = Catalog.from_engine(engine, province)
    return extract_document(document, catalog, region=region or None, year=year)


def highlight(c: Candidate) -> tuple[str, str, str]:
    """The sentence split around the figure: (before, figure, after). The figure is the number
    as written when it lies inside the statement, else the whole statement."""
    start, end = c.match_start - c.start, c.match_end - c.start
    if not 0 <= start <= end <= len(c.sentence):
        return c.sentence, "", ""
    at = c.sentence.find(c.raw, start, end) if c.raw else -1
    if at != -1:
        start, end = at, at + len(c.raw)
    return c.sentence[:start], c.sentence[start:end], c.sentence[end:]


def candidate_rows(candidates: list[Candidate]) -> list[dict]:
    """One grid row per candidate: the candidate itself (so it can be rebuilt after the
    review), whether it is accepted (nothing is, until the user says so) and the sentence in
    three pieces for the highlighted cell."""
    rows = []
    for index, c in enumerate(candidates):
        before, figure, after = highlight(c)
        rows.append({**c.as_dict(), "id": index, "row": index + 1, "accepted": False,
                     "before": before, "figure": figure, "after": after})
    return rows


def accept_all_values(rows: list[dict], accepted: bool = True) -> list[dict]:
    """Tick (or untick) every row that can be stored; statements that are not values stay out."""
    return [{**r, "accepted": accepted and bool(r.get("is_value"))} for r in rows]


@dataclass(frozen=True)
class Summary:
    n_candidates: int
    n_values: int
    n_no_year: int  # values whose year the user must fill in


def summarise(candidates: list[Candidate]) -> Summary:
    values = [c for c in candidates if c.is_value]
    return Summary(len(candidates), len(values), sum(c.year is None for c in values))


# --- Back from the grid -----------------------------------------------------------------------

@dataclass
class Review:
    """The accepted candidates with the user's edits, and the rows that cannot be imported
    as they are (row numbers as the grid shows them, 1-based)."""

    candidates: list[Candidate] = field(default_factory=list)
    missing_indicator: list[int] = field(default_factory=list)  # the report left it unclear
    missing_year: list[int] = field(default_factory=list)
    missing_region: list[int] = field(default_factory=list)
    bad_value: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.candidates) and not (self.missing_indicator or self.missing_year
                                              or self.missing_region or self.bad_value)


def _number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).replace(",", "").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def valid_year(value) -> int | None:
    """A year typed by the user, or None when it is empty or not a plausible year."""
    number = _number(value)
    if number is None or number != int(number) or not FIRST_YEAR <= number <= LAST_YEAR:
        return None
    return int(number)


def reviewed(rows: list[dict] | None) -> Review:
    """The accepted rows as candidates, with the value, indicator, year and region the user
    may have edited. A row whose year is unknown ("20XX年") or whose region is missing is
    listed, never filled in."""
    review = Review()
    for row in rows or []:
        if not row.get("accepted") or not row.get("is_value"):
            continue
        if row.get("statement_type") not in STATEMENT_TYPES:
            continue  # not a row this module made
        number = row.get("row") or (int(row.get("id", 0)) + 1)
        value, year = _number(row.get("value")), valid_year(row.get("year"))
        region = str(row.get("region") or "").strip() or None
        indicator = str(row.get("indicator") or "").strip() or None
        if indicator is None:
            review.missing_indicator.append(number)
        if value is None:
            review.bad_value.append(number)
        if year is None:
            review.missing_year.append(number)
        if region is None:
            review.missing_region.append(number)
        if value is None or year is None or region is None or indicator is None:
            continue
        edited = {**row, "value": value, "year": year, "region": region}
        try:
            review.candidates.append(Candidate.from_dict(edited))
        except (TypeError, ValueError, KeyError):
            review.bad_value.append(number)
    return review


# --- Import -----------------------------------------------------------------------------------

def import_reviewed(engine: Engine, review: Review, document: Document, user: str,
                    allowed_regions: set[str] | None, assigned: str = "") -> ImportReport:
    """Store the accepted candidates like a sheet: the same validation, one transaction, the
    upload history and the audit log; provenance is the document and the sentence's offsets.
    allowed_regions: the regions the user may write (None: all), as for a sheet."""
    return import_candidates(engine, review.candidates, document.name, user,
                             document_text=document.text, allowed_regions=allowed_regions,
                             assigned=assigned)
