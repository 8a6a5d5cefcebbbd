"""Downloads of observations: the CLI export's long format plus provenance, as CSV or Excel.

Cells that a spreadsheet would run as formulas (= + - @) are neutralised by the one shared
function, etl.export.neutralise_formulas. A large download is written chunk by chunk and
streams to the browser as it is written, in constant memory: CSV (csv_stream) and Excel
(xlsx_stream, by etl.xlsx_stream).
"""

from __future__ import annotations

import io
from typing import Iterable, Iterator

import pandas as pd

PROVENANCE_COLUMNS = ["status", "source_file", "sheet", "cell"]
# An Excel sheet holds 1,048,576 rows; a download of more would take minutes and is what the
# command line is for (python -m etl export).
MAX_EXPORT_ROWS = 1_000_000


def _names(df: pd.DataFrame, lang: str, prefix: str) -> pd.Series:
    """A catalog name in lang, the Chinese one where the English is missing (as i18n.name_of)."""
    zh = df[f"{prefix}name_zh"].fillna("").astype(str).str.strip()
    if lang != "en":
        return zh
    en = df[f"{prefix}name_en"].fillna("").astype(str).str.strip()
    return en.where(en != "", zh)


def export_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The download: the CLI export's long format (etl.export.EXPORT_COLUMNS) plus provenance."""
    from db.lookups import value_source
    from etl.export import EXPORT_COLUMNS

    out = pd.DataFrame({
        "region_code": df["region_code"],
        "region_name": _names(df, lang, "region_"),
        "level": df["level"],
        "indicator_code": df["indicator_code"],
        "indicator_name": _names(df, lang, "indicator_"),
        "unit": df["unit"],
        "year": df["year"],
        "quarter": df["quarter"],
        "cumulative": df["cumulative"].astype(bool),
        "value": df["value"],
        "source": [value_source(s, u) for s, u in zip(df["status"], df["upload_source"])],
        "status": df["status"],
        "source_file": df["file_name"],
        "sheet": df["sheet"],
        "cell": df["cell"],
    })
    return out[list(EXPORT_COLUMNS) + PROVENANCE_COLUMNS]


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """CSV (UTF-8 with BOM) or Excel bytes, formulas neutralised by the one shared function."""
    from etl.export import write_export

    buffer = io.BytesIO()
    write_export(df, buffer, fmt)
    return buffer.getvalue()


def csv_stream(chunks: Iterable[pd.DataFrame], lang: str) -> Iterator[bytes]:
    """The download as CSV (UTF-8 with BOM, as write_export writes it), one chunk of rows at a
    time: the header first, even when there are no rows."""
    from etl.export import EXPORT_COLUMNS, neutralise_formulas

    yield ("\ufeff" + ",".join(list(EXPORT_COLUMNS) + PROVENANCE_COLUMNS) + "\n").encode("utf-8")
    for chunk in chunks:
        if not chunk.empty:
            frame = neutralise_formulas(export_frame(chunk, lang))
            yield frame.to_csv(index=False, header=False).encode("utf-8")


def xlsx_stream(chunks: Iterable[pd.DataFrame], lang: str) -> Iterator[bytes]:
    """The download as one Excel sheet, streamed as it is written (etl.xlsx_stream)."""
    from etl.export import EXPORT_COLUMNS, neutralise_formulas
    from etl.xlsx_stream import xlsx_stream as stream

    def rows():
        for chunk in chunks:
            if not chunk.empty:
                frame = neutralise_formulas(export_frame(chunk, lang)).astype(object)
                yield frame.where(frame.notna(), None).itertuples(index=False, name=None)

    yield from stream(list(EXPORT_COLUMNS) + PROVENANCE_COLUMNS, rows(), "observations")
