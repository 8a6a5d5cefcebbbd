"""Official tables of the kinds people receive (NBS bulletins, yearbook tables, time series,
a province's sheet of its cities), written here with openpyxl in shapes and years the real
files in ../shared/real do not have, so that the rules hold without them."""

from __future__ import annotations

import io
import zipfile

import msoffcrypto
import openpyxl
import pytest
from sqlalchemy import select

from catalog.files import load_admin_regions
from catalog.regions import short_names
from db.models import Observation, Upload
from db.session import session_scope
from etl.pipeline import commit, read_and_validate
from tests.workbooks import xlsx_bytes


def sheet(rows, title="Sheet1", merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for m in merges:
        ws.merge_cells(m)
    return wb


def stored(engine, indicator, year, quarter=0):
    with session_scope(engine) as s:
        return dict(s.execute(select(Observation.region_code, Observation.value).where(
            Observation.indicator_code == indicator, Observation.year == year,
            Observation.quarter == quarter)).all())


def load(engine, wb_or_bytes, name="t.xlsx", **kwargs):
    data = wb_or_bytes if isinstance(wb_or_bytes, bytes) else xlsx_bytes(wb_or_bytes)
    result = read_and_validate(data, name, engine, **kwargs)
    assert result.ok, [p.line() for p in result.errors]
    commit(engine, result)
    return result


def rules(result, severity=None):
    return [(p.rule, p.cell) for p in result.problems if severity in (None, p.severity)]


# ---- yearbook and bulletin layouts ---------------------------------------------------------

def yearbook_table():
    """A yearbook table as CNKI delivers it, of a kind not in ../shared/real: units above a
    bilingual two-row header whose merges were lost, 全 国 and region groups, spaced names,
    an English column, numbers stored as text, a note."""
    return sheet([
        ("3-5 各地区技术市场成交额(2023年)", None, None, None),
        ("Turnover in Technical Market by Region (2023)", None, None, None),
        ("金额单位：万元", None, None, None),
        ("(10 000 yuan)", None, None, None),
        ("地 区", "Region", "技术市场成交额\nTurnover", None),
        (None, None, None, "其中：技术开发\nTechnology\nDevelopment"),
        ("全 国", "National Total", "615859400", "200000000"),
        ("东部地区", "Eastern Region", "400000000", "1"),
        ("北 京", "Beijing", "85361000", "2"),
        ("内蒙古", "Inner Mongolia", "1253000", "3"),
        ("吉 林", "Jilin", "3842000", "4"),
        ("安 徽", "Anhui", "39523000", "5"),
        ("西 藏", "Tibet", "41000", "6"),
        ("注：按卖方所在地统计。", None, None, None),
    ])


def test_yearbook_table_units_above_header_groups_and_english_column(engine):
    result = load(engine, yearbook_table(), "yearbook.xlsx")
    got = stored(engine, "tech_contract_exported", 2023)
    assert got == {"100000": pytest.approx(61585.94), "110000": pytest.approx(8536.1),
                   "150000": pytest.approx(125.3), "220000": pytest.approx(384.2),
                   "340000": pytest.approx(3952.3), "540000": pytest.approx(4.1)}
    assert ("nation_row", "A7") in rules(result, "info")
    assert ("skipped_total_row", "A8") in rules(result, "info")
    [skipped] = [p for p in result.warnings if p.rule == "skipped_column"]
    assert (skipped.cell, skipped.raw) == ("D6", "其中：技术开发")
    assert not [p for p in result.problems if p.rule == "unit_assumed"]


def test_bulletin_with_year_in_file_name_and_no_unit_warns_of_the_unit_assumed(engine):
    wb = sheet([("地区", "RD经费", "RD强度"), ("内蒙古", 147.5, 0.86), ("全国", 14169.9, 2.07),
                ("广西", 105.9, 0.63), ("新疆", 52.0, 0.56), ("吉林", 139.7, 1.01),
                ("西藏", 2.2, 0.22), ("北京", 1384.0, 6.01)])
    result = load(engine, wb, "raw-2015.xlsx")
    assert [p.label_zh for p in result.periods] == ["2015年"]
    assert stored(engine, "rd_expenditure", 2015) == {
        "150000": 147.5, "100000": 14169.9, "450000": 105.9, "650000": 52.0, "220000": 139.7,
        "540000": 2.2, "110000": 1384.0}
    assert stored(engine, "rd_intensity", 2015)["540000"] == 0.22
    [assumed] = [p for p in result.warnings if p.rule == "unit_assumed"]
    assert assumed.cell == "B1" and "按指标单位亿元读取" in assumed.message_zh


def test_a_unit_stated_only_above_the_header_converts(engine):
    wb = sheet([("各市研发经费", None), ("单位：万元", None), ("地区", "全社会研发投入"),
                ("合肥", 3805000), ("六安", 241500), ("黄山", 98000)])
    load(engine, wb, "2024.xlsx")
    assert stored(engine, "rd_expenditure", 2024) == {
        "340100": pytest.approx(380.5), "341500": pytest.approx(24.15),
        "341000": pytest.approx(9.8)}


def test_conflicting_unit_statements_are_an_error(engine):
    wb = sheet([("单位：万元", None), ("金额单位：亿元", None), ("地区", "全社会研发投入"),
                ("合肥", 380.5)])
    result = read_and_validate(xlsx_bytes(wb), "2024.xlsx", engine)
    assert ("conflicting_units", "A2") in rules(result, "error")


# ---- headers --------------------------------------------------------------------------------

def test_header_read_with_the_measure_the_title_names(engine):
    wb = sheet([("2023年各市国内专利授权数", None, None), ("地区", "发 明\nInvention", "实用新型"),
                ("合肥市", 12034, 30111), ("芜湖市", 3302, 9000)])
    result = load(engine, wb, "patents.xlsx")
    assert stored(engine, "invention_patents_granted", 2023) == {"340100": 12034, "340200": 3302}
    assert [p.raw for p in result.warnings if p.rule == "skipped_column"] == ["实用新型"]


def test_a_skipped_column_loads_when_mapped(engine):
    wb = sheet([("地区", "科技活动经费支出", "高新技术企业数"), ("合肥市", 400.0, 6000),
                ("芜湖市", 150.0, 2000)], title="2024年")
    result = read_and_validate(xlsx_bytes(wb), "m.xlsx", engine)
    assert result.ok and {r.indicator_code for r in result.records} == {"high_tech_enterprises"}
    assert ("skipped_column", "B1") in rules(result, "warning")
    result = load(engine, wb, "m.xlsx", column_map={"科技活动经费支出": "rd_expenditure"})
    assert stored(engine, "rd_expenditure", 2024) == {"340100": 400.0, "340200": 150.0}
    with session_scope(engine) as s:
        choices = s.scalar(select(Upload.choices).order_by(Upload.id.desc()).limit(1))
    assert choices == {"column_map": {"科技活动经费支出": "rd_expenditure"}}


def test_a_mapping_to_no_indicator_is_refused(engine):
    wb = sheet([("地区", "科技活动经费支出"), ("合肥市", 400.0)], title="2024年")
    result = read_and_validate(xlsx_bytes(wb), "m.xlsx", engine, column_map={"科技活动经费支出": "nope"})
    assert "科技活动经费支出=nope" in result.errors[0].message_zh
    assert rules(result, "error") == [("unknown_choice", None)]


# ---- time series ---------------------------------------------------------------------------

def test_periods_as_columns_with_the_indicator_named_in_the_title(engine):
    wb = sheet([("表2  各市高新技术企业数", None, None, None, None), ("单位：家", None, None, None, None),
                ("地  区", 2021.0, "2022年", 2023, None), (None, None, None, None, None),
                ("合  肥", 4578, "6411", 8000, None), ("黄  山", 120, None, 180, None),
                (None, None, None, None, None), ("池  州", 95, 110, "—", None),
                ("注：2022年起按新口径统计。", None, None, None, None)])
    result = load(engine, wb, "series.xlsx")
    assert [p.label_zh for p in result.periods] == ["2021年", "2022年", "2023年"]
    assert stored(engine, "high_tech_enterprises", 2022) == {"340100": 6411, "341700": 110}
    assert stored(engine, "high_tech_enterprises", 2023) == {"340100": 8000, "341000": 180}


def test_quarters_as_columns(engine):
    wb = sheet([("各市全社会研发投入（亿元）", None, None), ("地区", "2025年1-3月", "2025年1-6月"),
                ("六安市", 5.1, 11.3), ("金寨县", 0.4, 0.9)])
    load(engine, wb, "q.xlsx")
    assert stored(engine, "rd_expenditure", 2025, 2) == {"341500": 11.3, "341524": 0.9}


def test_a_series_whose_title_names_no_indicator_asks_for_one(engine):
    wb = sheet([("各市情况", None, None), ("地区", 2023, 2024), ("合肥", 4578, 6411)])
    result = read_and_validate(xlsx_bytes(wb), "s.xlsx", engine)
    assert [p.rule for p in result.errors] == ["no_indicator"]
    assert "--indicator" in result.errors[0].message_zh
    load(engine, wb, "s.xlsx", indicator="high_tech_enterprises")
    assert stored(engine, "high_tech_enterprises", 2024) == {"340100": 6411}


# ---- regions --------------------------------------------------------------------------------

def _provinces_with_prefectures():
    regions = load_admin_regions()
    by_code = {r.code: r for r in regions}
    cities: dict[str, list] = {}
    for r in regions:
        if r.level == "city":
            cities.setdefault(r.parent_code, []).append(r)
    return [(by_code[p], kids) for p, kids in sorted(cities.items()) if len(kids) >= 2]


@pytest.mark.parametrize("titled", [True, False], ids=["title names the province", "no title"])
def test_every_provinces_prefectures_resolve_by_their_short_names(engine, titled):
    """黄山 is 黄山市 not 黄山区, 东营 is 东营市 not 东营区, 承德 and 安阳 the cities not their
    counties, 吉林 the city not the province: in a sheet of each province's prefectures."""
    collisions = set()
    for province, cities in _provinces_with_prefectures():
        rows = [(short_names(c.name_zh) or [c.name_zh])[0] for c in cities]
        title = f"{province.name_zh}各市高新技术企业数（2024年）" if titled else "各市高新技术企业数（2024年）"
        wb = sheet([(title, None), ("地区", "高新技术企业数"),
                    *[(name, i + 1) for i, name in enumerate(rows)]], title="2024年")
        result = read_and_validate(xlsx_bytes(wb), f"{province.code}.xlsx", engine,
                                   province_code=None)
        assert result.ok, (province.name_zh, [p.line() for p in result.errors])
        got = {r.cell: r.region_code for r in result.records}
        assert got == {f"B{i + 3}": c.code for i, c in enumerate(cities)}, province.name_zh
        collisions |= {p.raw for p in result.problems if p.rule == "region_resolved"}
    assert {"黄山", "东营", "承德", "安阳", "吉林"} <= collisions


def test_a_table_of_provinces_reads_jilin_and_beijing_as_provinces(engine):
    wb = sheet([("地区", "全社会研发投入"), ("北京", 2843.3), ("吉林", 187.3), ("天津", 568.7),
                ("重庆", 686.6), ("海南", 68.4)], title="2022年")
    result = load(engine, wb, "p.xlsx")
    assert stored(engine, "rd_expenditure", 2022) == {
        "110000": 2843.3, "220000": 187.3, "120000": 568.7, "500000": 686.6, "460000": 68.4}
    [note] = [p for p in result.problems if p.rule == "region_resolved" and p.raw == "吉林"]
    assert "吉林省 (220000)" in note.message_zh and "层级" in note.message_zh


def test_a_name_the_evidence_cannot_settle_names_every_candidate_with_its_path(engine):
    wb = sheet([("地区", "全社会研发投入"), ("鼓楼", 10.0)], title="2024年")
    result = read_and_validate(xlsx_bytes(wb), "a.xlsx", engine, province_code=None)
    [error] = result.errors
    assert error.rule == "ambiguous_region" and error.cell == "A2"
    assert "江苏省 › 南京市 › 鼓楼区 (320106)" in error.message_zh
    assert "320106" in error.candidates and len(error.candidates) >= 3
    load(engine, wb, "a.xlsx", province_code=None, region_aliases={"鼓楼": "320106"})
    assert stored(engine, "rd_expenditure", 2024) == {"320106": 10.0}


def test_a_code_matches_anywhere_and_the_province_is_only_a_hint(engine):
    wb = sheet([("地区代码", "地区名称", "全社会研发投入"), ("320106", "鼓楼区", 12.0),
                ("350102", "鼓楼区", 8.0)], title="2024年")
    load(engine, wb, "codes.xlsx")  # home province 340000 (Anhui) by default
    assert stored(engine, "rd_expenditure", 2024) == {"320106": 12.0, "350102": 8.0}
    wb = sheet([("各区研发投入", None), ("地区", "全社会研发投入"), ("太和", 3.0), ("界首", 2.0)],
               title="2024年")
    load(engine, wb, "home.xlsx")
    assert stored(engine, "rd_expenditure", 2024)["341222"] == 3.0  # 太和县, not 太和区 (锦州)


def test_total_and_group_rows_are_never_unknown_regions(engine):
    wb = sheet([("地区代码", "地区", "高新技术企业数"), (None, "合计", 900), ("340000", "全省", 800),
                (None, "其他", 5), (None, "港澳台", 7), ("340100", "合肥市", 600),
                ("340200", "芜湖市", 200), (None, "全国", 9999)], title="2024年")
    result = load(engine, wb, "t.xlsx")
    assert stored(engine, "high_tech_enterprises", 2024) == {"340100": 600, "340200": 200}
    skipped = [p.cell for p in result.problems if p.rule == "skipped_total_row"]
    assert skipped == ["B2", "B3", "B4", "B5", "B8"]  # 全国 among cities is a total, too


# ---- implausible values ----------------------------------------------------------------------

def test_a_value_ten_thousand_times_off_is_stopped_with_its_cause(engine):
    rows = [("合肥市", 380.5), ("芜湖市", 150.2), ("蚌埠市", 60.3), ("淮南市", 33.0),
            ("马鞍山市", 80.1), ("六安市", 294707.0)]
    wb = sheet([("地区", "全社会研发投入(亿元)"), *rows], title="2024年")
    result = read_and_validate(xlsx_bytes(wb), "x.xlsx", engine)
    [error] = result.errors
    assert (error.rule, error.cell) == ("implausible_value", "B7")
    assert "若单位为万元，应为 29.4707 亿元" in error.message_zh
    result = read_and_validate(xlsx_bytes(wb), "x.xlsx", engine, accept_outliers=True)
    assert result.ok and [p.rule for p in result.warnings] == ["implausible_value"]
    commit(engine, result)
    with session_scope(engine) as s:
        upload = s.scalars(select(Upload).order_by(Upload.id.desc())).first()
        assert upload.choices == {"accepted_outliers": ["2024年!B7"]} and upload.n_warnings == 1


def test_a_value_a_hundred_times_last_years_is_stopped(engine):
    load(engine, sheet([("地区", "全社会研发投入(亿元)"), ("六安市", 20.1)], title="2023年"), "a.xlsx")
    wb = sheet([("地区", "全社会研发投入(亿元)"), ("六安市", 241500)], title="2024年")
    [error] = read_and_validate(xlsx_bytes(wb), "b.xlsx", engine).errors
    assert error.rule == "implausible_value" and "上年同期" in error.message_zh
    assert "若单位为万元，应为 24.15 亿元" in error.message_zh


def test_a_value_outside_its_indicators_range_is_stopped(engine):
    wb = sheet([("地区", "全社会研发投入(亿元)"), ("金寨县", 52000)], title="2024年")
    [error] = read_and_validate(xlsx_bytes(wb), "c.xlsx", engine).errors
    assert error.rule == "implausible_value" and "县级地区的合理范围" in error.message_zh
    assert "若单位为万元，应为 5.2 亿元" in error.message_zh


# ---- workbooks as delivered -----------------------------------------------------------------

def _encrypted(data: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def test_a_workbook_encrypted_with_excels_default_key_opens(engine):
    data = _encrypted(xlsx_bytes(sheet([("地区", "全社会研发投入"), ("合肥市", 380.5)], "2024年")),
                      "VelvetSweatshop")
    assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    load(engine, data, "cnki.xlsx")
    assert stored(engine, "rd_expenditure", 2024) == {"340100": 380.5}


def test_a_workbook_with_a_real_password_is_refused_plainly(engine):
    data = _encrypted(xlsx_bytes(sheet([("地区", "全社会研发投入"), ("合肥市", 380.5)], "2024年")),
                      "s3cret")
    result = read_and_validate(data, "locked.xlsx", engine)
    [error] = result.errors
    assert error.rule == "password_protected"
    assert "文件已加密" in error.message_zh and "password-protected" in error.message_en


def test_a_workbook_naming_a_missing_part_loads(engine):
    """openxlsx writes a drawing relationship without the drawing: openpyxl fails, the file
    loads all the same."""
    data = xlsx_bytes(sheet([("地区", "全社会研发投入"), ("合肥市", 380.5)], "2024年"))
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</worksheet>", b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                                    b'relationships" r:id="rId9"/></worksheet>')
            z.writestr(item, body)
        z.writestr("xl/worksheets/_rels/sheet1.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type='
                   '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"'
                   ' Target="../drawings/drawing1.xml"/></Relationships>')
    with pytest.raises(KeyError):
        openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    load(engine, out.getvalue(), "openxlsx.xlsx")
    assert stored(engine, "rd_expenditure", 2024) == {"340100": 380.5}
