"""Downloads cannot smuggle formulas into a spreadsheet: text cells starting with = + - @
(or a tab / carriage return) are neutralised, numbers stay numbers (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.exporting import export_bytes, export_frame
from db import queries
from db.models import Region
from db.session import session_scope
from etl.export import EXPORT_COLUMNS, neutralise_formulas
from tests.sample_data import LUAN, load_sample

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_run_is_quoted(text):
    out = neutralise_formulas(pd.DataFrame({"name": [text]}))
    assert out.loc[0, "name"] == "'" + text


def test_harmless_text_and_numbers_are_left_alone():
    df = pd.DataFrame({"name": ["六安市", "a=b", "R&D"], "value": [-3.5, 0.0, 12.0]})
    out = neutralise_formulas(df)
    assert list(out["name"]) == ["六安市", "a=b", "R&D"]
    assert list(out["value"]) == [-3.5, 0.0, 12.0], "a negative number is data, not a formula"


@pytest.fixture
def hostile_db(engine):
    """The sample data, with a region renamed by someone hostile."""
    load_sample(engine)
    with session_scope(engine) as s:
        s.get(Region, LUAN).name_zh = "=HYPERLINK(\"http://evil\",\"六安\")"
    return engine


def _download(engine, fmt):
    df = queries.observations(engine, region_codes=[LUAN], indicator_codes=["rd_expenditure"],
                              year=2025, quarter=0)
    return export_bytes(export_frame(df, "zh"), fmt)


def test_csv_download_is_utf8_with_bom_and_neutralised(hostile_db):
    data = _download(hostile_db, "csv")
    assert data.startswith(b"\xef\xbb\xbf"), "Excel on Chinese Windows needs the BOM"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0])[:len(EXPORT_COLUMNS)] == list(EXPORT_COLUMNS)
    assert rows[0]["region_name"].startswith("'=HYPERLINK")
    assert float(rows[0]["value"]) > 0
    assert rows[0]["source_file"] and rows[0]["cell"] == "C16"


def test_excel_download_holds_no_formula(hostile_db):
    book = openpyxl.load_workbook(io.BytesIO(_download(hostile_db, "xlsx")))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    name = sheet.cell(2, header.index("region_name") + 1)
    assert name.data_type == "s" and name.value.startswith("'=HYPERLINK")
    value = sheet.cell(2, header.index("value") + 1)
    assert isinstance(value.value, float)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
