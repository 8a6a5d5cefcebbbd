"""Downloads of observations: the CLI export's long format plus provenance, as CSV or Excel.

Cells that a spreadsheet would run as formulas (= + - @) are neutralised by the one shared
function, etl.export.neutralise_formulas, through etl.export.write_export.
"""

from __future__ import annotations

import io

import pandas as pd

from dashboard.i18n import name_of

PROVENANCE_COLUMNS = ["status", "source_file", "sheet", "cell"]


def export_frame(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The download: the CLI export's long format (etl.export.EXPORT_COLUMNS) plus provenance."""
    from db.lookups import value_source
    from etl.export import EXPORT_COLUMNS

    out = pd.DataFrame({
        "region_code": df["region_code"],
        "region_name": [name_of(r, lang, "region_") for r in df.to_dict("records")],
        "level": df["level"],
        "indicator_code": df["indicator_code"],
        "indicator_name": [name_of(r, lang, "indicator_") for r in df.to_dict("records")],
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
