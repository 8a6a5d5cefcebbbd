"""Exports of observations: long format as CSV or Excel, safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

EXPORT_COLUMNS = ["region_code", "region_name", "level", "indicator_code", "indicator_name",
                  "unit", "year", "quarter", "cumulative", "value", "source"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote (OWASP CSV
    injection). Numbers stay numbers: a negative value is data, not a formula."""
    out = df.copy()
    for col in out.columns:
        column = out[col]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            try:
                # Vectorised: the only strings changed are those that start like a formula;
                # anything that is not a string is left as it is (na=False).
                risky = column.str.startswith(FORMULA_PREFIXES, na=False)
            except AttributeError:
                continue  # no strings in the column
            if risky.any():
                out[col] = column.mask(risky, "'" + column[risky].astype(str))
    return out


def write_export(df: pd.DataFrame, out: Path | str, fmt: str) -> None:
    safe = neutralise_formulas(df)
    if fmt == "csv":
        # UTF-8 with BOM: Excel on Chinese Windows opens it without garbling.
        safe.to_csv(out, index=False, encoding="utf-8-sig")
    else:
        safe.to_excel(out, index=False, engine="xlsxwriter")
