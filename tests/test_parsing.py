import pytest
from openpyxl.utils import get_column_letter

from catalog.units import conversion_factor
from etl.limits import MAX_SHEET_COLUMNS
from etl.matching import split_unit
from etl.number_text import parse_number_text
from etl.periods import Period, parse_period
from etl.readers import a1


@pytest.mark.parametrize("text, value, percent", [
    ("１２３，４５６．７", 123456.7, False), ("12。6%", 12.6, True), ("1,234", 1234.0, False),
    ("-5", -5.0, False), ("3.5%", 3.5, True), ("  42 ", 42.0, False), ("１２％", 12.0, True),
])
def test_chinese_number_formats(text, value, percent):
    parsed = parse_number_text(text)
    assert (parsed.value, parsed.percent) == (value, percent)


@pytest.mark.parametrize("text", ["—", "-", "/", "..", "", "无", "——", "／"])
def test_missing_markers_are_missing_not_zero(text):
    parsed = parse_number_text(text)
    assert parsed.missing and parsed.value is None


@pytest.mark.parametrize("text, rule", [("abc", "not_a_number"), ("1,23", "not_a_number"),
                                         ("inf", "not_a_number"), ("#REF!", "formula_error")])
def test_non_numbers_are_errors(text, rule):
    assert parse_number_text(text).error == rule


@pytest.mark.parametrize("text, period", [
    ("2025年1-9月全市主要指标", Period(2025, 3)), ("2025年前三季度", Period(2025, 3)),
    ("2025Q3", Period(2025, 3)), ("2024年", Period(2024, 0)), ("2025年上半年", Period(2025, 2)),
    ("2025年一季度", Period(2025, 1)), ("2025年1-12月", Period(2025, 0)),
    ("2025年7-9月", Period(2025, 3, False)), ("２０２５年１－６月", Period(2025, 2)),
    ("2025年第三季度（单季）", Period(2025, 3, False)), ("2023", Period(2023, 0)),
])
def test_periods_from_titles_sheet_names_and_arguments(text, period):
    assert parse_period(text) == period


def test_text_without_a_period():
    assert parse_period("Sheet1") is None


def test_units_convert_within_a_family_only():
    assert conversion_factor("万元", "亿元") == pytest.approx(1e-4)
    assert conversion_factor("亿元", "万元") == pytest.approx(1e4)
    assert conversion_factor("个", "家") == 1.0
    assert conversion_factor("万元", "家") is None


@pytest.mark.parametrize("header, label, unit", [
    ("研发投入(万元)", "研发投入", "万元"), ("研发投入（亿元）", "研发投入", "亿元"),
    ("企业技术中心(国家级/省级/市级)", "企业技术中心(国家级/省级/市级)", None),
    ("发明专利授权量/件", "发明专利授权量", "件"), ("R&D经费 (单位：万元)", "r&d经费", "万元"),
])
def test_units_in_headers(header, label, unit):
    assert split_unit(header) == (label, unit)


def test_cell_references_name_the_column_as_excel_and_openpyxl_do():
    assert a1(6, 3) == "D7"
    for col in range(MAX_SHEET_COLUMNS + 1):
        assert a1(0, col) == f"{get_column_letter(col + 1)}1"
