"""Ingest of real workbooks: layouts, units, validation with located messages, atomicity,
idempotence and revisions."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from db.models import Observation, Revision, Target, Upload
from db.session import session_scope
from etl.pipeline import commit, preview, read_and_validate
from etl.template import write_template
from tests.workbooks import field_sheet, template_like, xlsx_bytes


def stored(engine):
    with session_scope(engine) as s:
        return sorted((o.region_code, o.indicator_code, o.year, o.quarter, o.cumulative, o.value,
                       o.sheet, o.cell) for o in s.scalars(select(Observation)))


def value_of(engine, region, indicator, year=2025, quarter=3):
    with session_scope(engine) as s:
        return s.scalar(select(Observation.value).where(
            Observation.region_code == region, Observation.indicator_code == indicator,
            Observation.year == year, Observation.quarter == quarter))


def test_field_sheet_with_title_merged_header_units_totals_and_notes_loads(engine):
    result = read_and_validate(xlsx_bytes(field_sheet()), "六安季报.xlsx", engine)
    assert result.ok, [p.line() for p in result.errors]
    assert [p.label_zh for p in result.periods] == ["2025年1-9月"]
    report = commit(engine, result)
    assert report.outcome == "loaded"
    # 万元 in the header → stored in the catalog's 亿元; full-width digits read.
    assert value_of(engine, "341500", "rd_expenditure") == pytest.approx(1.23456)
    assert value_of(engine, "341500", "high_tech_enterprises") == 123
    assert value_of(engine, "340100", "rd_expenditure") == pytest.approx(250)
    # "—" and "无" are no data, not zero; the total row and the note are not loaded.
    assert value_of(engine, "341524", "rd_expenditure") is None
    assert value_of(engine, "340000", "rd_expenditure") is None
    assert any(p.rule == "skipped_total_row" and p.cell == "A5" for p in result.problems)
    # provenance: the sheet and cell each value came from
    with session_scope(engine) as s:
        o = s.scalar(select(Observation).where(Observation.region_code == "341500",
                                               Observation.indicator_code == "rd_expenditure"))
        assert (o.sheet, o.cell, o.cumulative) == ("Sheet1", "B7", True)
        assert s.get(Upload, o.upload_id).file_name == "六安季报.xlsx"


def test_template_written_by_the_cli_reads_back(engine, tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(str(path), engine, period="2025Q2")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["填报说明", "2025年1-6月", "2025年目标"]
    ws = wb["2025年1-6月"]
    assert ws["A2"].value == "340100" and ws["B2"].value == "合肥市"
    ws["C2"] = 1800.5
    wb["2025年目标"]["C2"] = 2000
    result = read_and_validate(xlsx_bytes(wb), "template.xlsx", engine)
    assert result.ok, [p.line() for p in result.errors]
    commit(engine, result)
    assert value_of(engine, "340100", "rd_expenditure", 2025, 2) == 1800.5
    with session_scope(engine) as s:
        assert s.scalar(select(Target.value).where(Target.region_code == "340100")) == 2000


def test_bad_cell_rejects_whole_file_and_names_the_cell(engine):
    commit(engine, read_and_validate(xlsx_bytes(template_like()), "good.xlsx", engine))
    before = stored(engine)
    wb = template_like(rows=(("341500", "六安市", 130.0, 2.1, 5100), ("340100", "合肥市", "12O.5", 3.5, 12000)))
    result = read_and_validate(xlsx_bytes(wb), "bad.xlsx", engine)
    assert not result.ok
    [error] = result.errors
    assert (error.file, error.sheet, error.cell, error.raw) == ("bad.xlsx", "2025Q3", "C3", "12O.5")
    assert "不是数值" in error.message_zh and "not a number" in error.message_en
    assert commit(engine, result).outcome == "rejected"
    assert stored(engine) == before  # the good row of the bad file was not written either


@pytest.mark.parametrize("rows, rule, cell", [
    ((("341500", "六安市", 1.0, 150, 10),), "percent_out_of_range", "D2"),
    ((("999999", "无此地", 1.0, 1.0, 10),), "unknown_region", "A2"),
    ((("341500", "六安市", 1.0, 1.0, 10), ("341500", "六安", 2.0, 1.0, 10)), "duplicate_value", "C3"),
    ((("341500", "六安市", "#DIV/0!", 1.0, 10),), "formula_error", "C2"),
])
def test_each_rule_gives_a_located_error(engine, rows, rule, cell):
    result = read_and_validate(xlsx_bytes(template_like(rows=rows)), "f.xlsx", engine)
    found = [p for p in result.errors if p.rule == rule]
    assert found and found[0].cell == cell and found[0].sheet == "2025Q3"


def test_negative_count_is_an_error_and_an_unknown_column_is_skipped_with_a_warning(engine):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024年"
    ws.append(["地区", "高新技术企业数", "火星基地数"])
    ws.append(["六安市", -3, 1])
    result = read_and_validate(xlsx_bytes(wb), "n.xlsx", engine)
    assert {(p.rule, p.cell) for p in result.errors} == {("negative_count", "B2")}
    [skipped] = [p for p in result.warnings if p.rule == "skipped_column"]
    assert (skipped.cell, skipped.raw) == ("C1", "火星基地数")


def test_ambiguous_region_is_an_error_not_a_guess(engine):
    # 鼓楼区 exists in several cities of other provinces: matching nationally must not pick one.
    wb = template_like(rows=(("鼓楼区", "鼓楼区", 1.0, 1.0, 10),))
    ws = wb.active
    ws["A1"] = "序号"  # no code column: the name column decides
    result = read_and_validate(xlsx_bytes(wb), "a.xlsx", engine, province_code=None)
    [error] = [p for p in result.errors if p.rule == "ambiguous_region"]
    assert error.cell == "B2" and "/" in error.detail


def test_same_file_twice_changes_nothing_and_says_so(engine):
    data = xlsx_bytes(template_like())
    first = commit(engine, read_and_validate(data, "q.xlsx", engine))
    again = commit(engine, read_and_validate(data, "q.xlsx", engine))
    assert (first.n_new, again.n_new, again.n_changed, again.n_unchanged) == (3, 0, 0, 3)
    assert again.outcome == "unchanged" and again.previously_loaded_as == first.upload_id


def test_corrected_sheet_updates_changed_values_and_keeps_revisions(engine):
    commit(engine, read_and_validate(xlsx_bytes(template_like()), "v1.xlsx", engine))
    corrected = template_like(rows=(("341500", "六安市", 125.0, 2.1, 5000),))
    dry = preview(engine, read_and_validate(xlsx_bytes(corrected), "v2.xlsx", engine))
    assert (dry.n_new, dry.n_changed, dry.n_unchanged) == (0, 1, 2)
    assert value_of(engine, "341500", "rd_expenditure") == 120.5  # dry run wrote nothing
    report = commit(engine, read_and_validate(xlsx_bytes(corrected), "v2.xlsx", engine))
    assert (report.n_new, report.n_changed, report.n_unchanged) == (0, 1, 2)
    with session_scope(engine) as s:
        [rev] = s.scalars(select(Revision)).all()
        assert (rev.old_value, rev.new_value, rev.cell) == (120.5, 125.0, "C2")
        assert s.get(Upload, rev.upload_id).file_name == "v2.xlsx"
    assert value_of(engine, "341500", "rd_expenditure") == 125.0


def test_warnings_do_not_reject(engine):
    # intensity 9.9% disagrees with 120.5 / 5000 = 2.41%: a warning, the file still loads.
    wb = template_like(rows=(("341500", "六安市", 120.5, 9.9, 5000),))
    result = read_and_validate(xlsx_bytes(wb), "w.xlsx", engine)
    assert result.ok
    assert [(p.rule, p.cell) for p in result.warnings] == [("ratio_inconsistent", "D2")]
    assert commit(engine, result).outcome == "loaded"
    with session_scope(engine) as s:  # the marks its changes are shown with later
        assert s.scalars(select(Upload)).one().flags == {"2025Q3!D2": ["ratio_inconsistent"]}


def test_a_file_repeating_another_stored_period_warns_and_names_that_period(engine):
    rows = (("341500", "六安市", 120.5, None, 5000), ("340100", "合肥市", 900.0, None, 12000),
            ("341502", "金安区", 30.5, None, 800))
    commit(engine, read_and_validate(xlsx_bytes(template_like("2024Q3", rows=rows)), "a.xlsx",
                                     engine))
    # The same figures saved as the next year: the stored period is named, in Chinese.
    result = read_and_validate(xlsx_bytes(template_like("2025Q3", rows=rows)), "b.xlsx", engine)
    [warning] = [p for p in result.warnings if p.rule == "same_as_other_period"]
    assert warning.detail == "2024年1-9月" and warning.sheet == "2025Q3"
    # One figure differs: no longer a copy of that period.
    changed = (("341500", "六安市", 121.5, None, 5000), *rows[1:])
    result = read_and_validate(xlsx_bytes(template_like("2025Q3", rows=changed)), "c.xlsx", engine)
    assert "same_as_other_period" not in {p.rule for p in result.problems}


def test_cumulative_decrease_and_tenfold_jump_warn(engine):
    commit(engine, read_and_validate(xlsx_bytes(template_like("2025Q2", rows=(("341500", "六安市", 100.0, None, None),))), "q2.xlsx", engine))
    commit(engine, read_and_validate(xlsx_bytes(template_like("2024Q3", rows=(("341500", "六安市", 10.0, None, None),))), "q3.xlsx", engine))
    result = read_and_validate(xlsx_bytes(template_like("2025Q3", rows=(("341500", "六安市", 90.0, None, None),))), "x.xlsx", engine)
    assert {p.rule for p in result.warnings} == {"cumulative_decrease"}
    result = read_and_validate(xlsx_bytes(template_like("2025Q3", rows=(("341500", "六安市", 150.0, None, None),))), "x.xlsx", engine)
    assert {p.rule for p in result.warnings} == {"jump"}


def test_warnings_state_their_figures_with_the_indicators_unit(engine):
    commit(engine, read_and_validate(xlsx_bytes(template_like("2025Q2", rows=(("341500", "六安市", 137.3, None, None),))), "q2.xlsx", engine))
    commit(engine, read_and_validate(xlsx_bytes(template_like("2024Q3", rows=(("341500", "六安市", 12.5, None, None),))), "q3.xlsx", engine))
    result = read_and_validate(xlsx_bytes(template_like("2025Q3", rows=(("341500", "六安市", 130.0, None, None),))), "x.xlsx", engine)
    [decrease, jump] = sorted(result.warnings, key=lambda p: p.rule)
    assert decrease.message_zh == "累计值130亿元低于上一季度（137.3亿元）"
    assert decrease.message_en == "Cumulative value 130亿元 below the previous quarter's (137.3亿元)"
    assert jump.message_zh == "数值130亿元与上年同期相比变化超过10倍（上年同期 12.5亿元）"
    # A ratio names its numerator and denominator and the unit of what they give.
    wb = template_like(rows=(("341500", "六安市", 120.5, 9.9, 5000),))
    [ratio] = [p for p in read_and_validate(xlsx_bytes(wb), "w.xlsx", engine).warnings
               if p.rule == "ratio_inconsistent"]
    assert ratio.message_zh == "比值9.9%与分子分母不一致：按全社会研发投入÷地区生产总值计算为2.41%"


def test_a_value_problem_keeps_what_the_cell_holds_beside_the_value_read(engine):
    commit(engine, read_and_validate(xlsx_bytes(template_like("2025Q2", rows=(("341500", "六安市", 137.3, None, None),))), "q2.xlsx", engine))
    wb = template_like("2025Q3", rows=(("341500", "六安市", 921450, None, None),))
    wb.active["C1"] = "全社会研发投入(万元)"
    [warning] = read_and_validate(xlsx_bytes(wb), "wan.xlsx", engine).warnings
    assert (warning.rule, warning.cell, warning.raw, warning.value) == (
        "cumulative_decrease", "C2", "921450", "92.145亿元")
    assert warning.as_dict()["raw"] == "921450" and warning.as_dict()["value"] == "92.145亿元"


def test_long_format_csv_in_gbk_and_utf8_bom(engine):
    text = "地区,指标,期间,数值,单位\n六安市,全社会研发投入,2024年,98000,万元\n金寨县,高新技术企业数,2024年,31,家\n"
    for encoding in ("gbk", "utf-8-sig"):
        result = read_and_validate(text.encode(encoding), f"long-{encoding}.csv", engine)
        assert result.ok, [p.line() for p in result.errors]
        assert {(r.region_code, r.indicator_code, r.year, r.quarter, round(r.value, 9))
                for r in result.records} == {("341500", "rd_expenditure", 2024, 0, 9.8),
                                             ("341524", "high_tech_enterprises", 2024, 0, 31.0)}


def test_unit_row_below_header_and_period_argument(engine):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["地区", "全社会研发投入", "财政科技支出"])
    ws.append(["单位", "万元", "亿元"])
    ws.append(["六安市", 50000, 3.2])
    result = read_and_validate(xlsx_bytes(wb), "u.xlsx", engine, period="2025年上半年")
    assert result.ok, [p.line() for p in result.errors]
    assert {(r.indicator_code, r.quarter, r.value) for r in result.records} == {
        ("rd_expenditure", 2, 5.0), ("fiscal_st_expenditure", 2, 3.2)}


def test_no_period_anywhere_is_an_error(engine):
    wb = template_like("Sheet1")
    result = read_and_validate(xlsx_bytes(wb), "data.xlsx", engine)
    assert [p.rule for p in result.errors] == ["no_period"]


def test_old_excel_xls_is_read(engine):
    import xlwt
    book = xlwt.Workbook()
    ws = book.add_sheet("2023年")
    for c, v in enumerate(["地区", "高新技术企业数(家)", "吸纳技术合同成交额(万元)"]):
        ws.write(0, c, v)
    for c, v in enumerate(["六安市", 210, 152300]):
        ws.write(1, c, v)
    buf = io.BytesIO()
    book.save(buf)
    result = read_and_validate(buf.getvalue(), "old.xls", engine)
    assert result.ok, [p.line() for p in result.errors]
    assert {(r.indicator_code, round(r.value, 9)) for r in result.records} == {
        ("high_tech_enterprises", 210.0), ("tech_contract_absorbed", 15.23)}


def test_renamed_or_corrupt_file_is_rejected_cleanly(engine):
    result = read_and_validate(b"PK\x03\x04garbage", "broken.xlsx", engine)
    assert [p.rule for p in result.errors] == ["unreadable_file"]
    result = read_and_validate(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "picture.xlsx", engine)
    assert [p.rule for p in result.errors] == ["unreadable_file"]


def test_rejected_upload_is_in_the_history_but_no_value_is(engine):
    result = read_and_validate(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "picture.xlsx", engine)
    commit(engine, result, user="analyst")
    with session_scope(engine) as s:
        upload = s.scalar(select(Upload))
        assert (upload.outcome, upload.uploaded_by, upload.n_errors) == ("rejected", "analyst", 1)
        assert s.scalar(select(func.count()).select_from(Observation)) == 0


def test_macro_enabled_zip_bomb_and_oversized_files_are_refused_before_parsing(engine):
    import zipfile

    wb_bytes = xlsx_bytes(template_like())
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wb_bytes)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 10)
    assert [p.rule for p in read_and_validate(buf.getvalue(), "m.xlsx", engine).errors] == ["macro_enabled"]
    assert [p.rule for p in read_and_validate(wb_bytes, "m.xlsm", engine).errors] == ["macro_enabled"]

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (60 * 2**20) + b">")
    [problem] = read_and_validate(bomb.getvalue(), "bomb.xlsx", engine).errors
    assert problem.rule == "zip_bomb" and "ratio" in problem.detail

    [problem] = read_and_validate(wb_bytes, "big.xlsx", engine, max_bytes=1000).errors
    assert problem.rule == "too_large"


def test_a_value_for_a_region_outside_the_catalog_is_refused_and_nothing_is_written(engine):
    """SQLite writes a sheet without a foreign-key lookup per row: the loader's own check
    stands in for it, inside the transaction, and the connection gets its checks back."""
    from etl.load import UnknownCodes, store
    from etl.records import Record, SourceFile

    good = Record("341500", "rd_expenditure", 2025, 0, True, 1.0, "S", "B2")
    store(engine, [good], SourceFile("first.xlsx", sha256="a"))
    before = stored(engine)
    with pytest.raises(UnknownCodes, match="999999"):
        store(engine, [Record("341500", "rd_expenditure", 2025, 0, True, 2.0, "S", "B2"),
                       Record("999999", "rd_expenditure", 2025, 0, True, 1.0, "S", "B3")],
              SourceFile("second.xlsx", sha256="b"))
    assert stored(engine) == before
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Upload)) == 1
    if engine.dialect.name == "sqlite":
        from db.session import BULK_CACHE_KIB, prepare_bulk_write

        with session_scope(engine) as s:
            prepare_bulk_write(s)
            assert s.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
            assert s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -BULK_CACHE_KIB
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000


@pytest.mark.parametrize("sheet_name", ["2024年1-12月", "2024Q4", "2024年第四季度"])
def test_a_fourth_quarter_to_date_is_the_year(engine, sheet_name):
    """1-12月 is the year: stored, listed and ranked as one period, never beside it."""
    from db import queries

    result = read_and_validate(xlsx_bytes(template_like(period_sheet=sheet_name)), "y.xlsx", engine)
    assert [p.label_zh for p in result.periods] == ["2024年"]
    commit(engine, result)
    assert value_of(engine, "341500", "rd_expenditure", 2024, 0) == 120.5
    periods = queries.periods(engine, "rd_expenditure")
    assert list(zip(periods["year"], periods["quarter"])) == [(2024, 0)]
