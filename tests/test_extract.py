"""Figures read out of narrative progress reports (推进创新驱动发展情况汇报): what each kind of
statement yields, what must never be read, .txt and .docx, the reviewed import into the real
database, and `python -m etl extract` as a user runs it.

Every expected value below was checked by hand against the report text.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from db.models import Observation, Upload
from db.session import session_scope
from etl.extract import Candidate, Catalog, extract_document, extract_text, import_candidates, load_document
from etl.extract.numerals import cn_to_int, fraction_percent
from etl.extract.output import read_reviewed, to_csv, to_json
from etl.extract.text import normalise_text, split_sentences
from etl.readers import UnreadableFile

ROOT = Path(__file__).resolve().parent.parent
JINAN = "341502"  # 六安市金安区
LUAN = "341500"

REPORT = """金安区2024年推进创新驱动发展情况汇报

一、主要指标完成情况
2024年，全区高新技术企业总数达到138家，较上年净增21家，同比增长17.9%，居全市第1位。全社会研发投入达到23.6亿元，增速12.1%，预计全年可达26亿元。研发投入强度为2.31%，有望突破2.5%。
战略性新兴产业产值达到186.5亿元，占规上工业产值比重达27%，增幅居全省第1位。高新技术产业增加值同比增长１２。６%。吸纳技术合同成交额5000万元，以年均9.6%的增幅逐年递增。
全省首批12家省级新型研发机构中，我区占据三席。在全省开发区考核中较上年度提升15位。全区入库科技型中小企业256家，占全市的四分之一，居同类县第2位。
二、下一步工作
到2025年，全区高新技术企业数力争突破160家。
联系人：张三，联系电话：0564-3371234。
"""

# (indicator, statement type, value in the canonical unit, unit, year, how the year was found,
#  the figure as written)
EXPECTED = [
    ("high_tech_enterprises", "level", 138, "家", 2024, "sentence", "138家"),
    ("high_tech_enterprises", "net_increase", 21, "家", 2024, "sentence", "21家"),
    ("high_tech_enterprises", "growth", 17.9, "%", 2024, "sentence", "17.9%"),
    ("high_tech_enterprises", "rank", 1, "位", 2024, "sentence", "第1位"),
    ("rd_expenditure", "level", 23.6, "亿元", 2024, "context", "23.6亿元"),
    ("rd_expenditure", "growth", 12.1, "%", 2024, "context", "12.1%"),
    ("rd_expenditure", "forecast", 26, "亿元", 2024, "context", "26亿元"),
    ("rd_intensity", "level", 2.31, "%", 2024, "context", "2.31%"),
    ("rd_intensity", "forecast", 2.5, "%", 2024, "context", "2.5%"),
    ("sei_output", "level", 186.5, "亿元", 2024, "context", "186.5亿元"),
    ("sei_share", "share", 27, "%", 2024, "context", "27%"),
    ("sei_output", "rank", 1, "位", 2024, "context", "第1位"),
    ("high_tech_va_growth", "level", 12.6, "%", 2024, "context", "１２。６%"),
    ("tech_contract_absorbed", "level", 0.5, "亿元", 2024, "context", "5000万元"),
    # an average growth whose span the text does not give: its period is left to the reviewer
    ("tech_contract_absorbed", "avg_growth", 9.6, "%", None, "none", "9.6%"),
    ("new_rd_institutions", "rank", 3, "席", 2024, "context", "三席"),
    ("zone_assessment_rank", "rank_change", 15, "位", 2024, "context", "15位"),
    ("tech_smes", "level", 256, "家", 2024, "context", "256家"),
    ("tech_smes", "share", 25, "%", 2024, "context", "四分之一"),
    ("tech_smes", "rank", 2, "位", 2024, "context", "第2位"),
    ("high_tech_enterprises", "target", 160, "家", 2025, "sentence", "160家"),
]
# Years of the later paragraphs come from the first paragraph of the same section ("context").
VALUE_TYPES_IN_REPORT = 8  # the levels, and the share that is the value of sei_share


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_files("340000")


@pytest.fixture(scope="module")
def report_candidates(catalog):
    return extract_text(REPORT, catalog, region=JINAN)


def summary(c: Candidate) -> tuple:
    return (c.indicator, c.statement_type, pytest.approx(c.value), c.unit, c.year, c.year_source, c.raw)


# -- what each statement yields -------------------------------------------------------------

def test_every_statement_type_in_a_field_report_is_read_in_document_order(report_candidates):
    assert [summary(c) for c in report_candidates] == [
        (i, t, pytest.approx(v), u, y, s, r) for i, t, v, u, y, s, r in EXPECTED]


def test_each_candidate_carries_its_sentence_and_offsets_that_slice_back(report_candidates):
    for c in report_candidates:
        assert REPORT[c.start:c.end] == c.sentence
        assert c.start <= c.match_start < c.match_end <= c.end
        assert c.raw in REPORT[c.match_start:c.match_end]
        assert c.cell == f"c{c.start}-{c.end}"
        assert 0 < c.confidence <= 1
    first = report_candidates[0]
    assert first.sentence == "2024年，全区高新技术企业总数达到138家，较上年净增21家，同比增长17.9%，居全市第1位。"
    assert REPORT[first.match_start:first.match_end] == "高新技术企业总数达到138家"


def test_only_levels_and_ratio_shares_are_values_of_an_indicator(report_candidates):
    values = [c for c in report_candidates if c.is_value]
    assert len(values) == VALUE_TYPES_IN_REPORT
    assert {c.statement_type for c in values} == {"level", "share"}
    assert all(c.year == 2024 and c.region == JINAN for c in values)


def test_ranks_say_what_they_rank_within_and_of_what(report_candidates):
    ranks = {(c.indicator, c.raw): c for c in report_candidates if c.statement_type == "rank"}
    assert ranks[("high_tech_enterprises", "第1位")].scope == "全市"
    assert ranks[("high_tech_enterprises", "第1位")].basis == "value"
    assert ranks[("sei_output", "第1位")].basis == "growth"  # 增幅居全省第1位
    assert ranks[("tech_smes", "第2位")].scope == "同类县"
    seats = ranks[("new_rd_institutions", "三席")]
    assert (seats.value, seats.out_of, seats.basis, seats.scope) == (3, 12, "seats", "全省")


def test_forecasts_that_only_set_a_floor_say_so(report_candidates):
    floor = [c for c in report_candidates if c.statement_type == "forecast" and c.unit == "%"][0]
    assert floor.qualifier == "over"  # 有望突破2.5%
    target = report_candidates[-1]
    assert (target.statement_type, target.qualifier, target.is_value) == ("target", "over", False)


def test_rank_in_a_named_group_keeps_its_denominator_and_region(catalog):
    text = "在全省16个县区中，金寨县研发投入强度排名第3位，比上年前移2位。"
    rank, change = extract_text(text, catalog, year=2024)
    assert (rank.indicator, rank.value, rank.out_of, rank.region, rank.region_source) == (
        "rd_intensity", 3, 16, "341524", "sentence")
    assert (change.statement_type, change.value, change.region) == ("rank_change", 2, "341524")


def test_zone_assessment_rank_is_the_value_of_the_rank_indicator(catalog):
    [c] = extract_text("2024年，六安经开区在全省开发区综合考核中位列第8位。", catalog)
    assert (c.indicator, c.statement_type, c.value, c.unit, c.is_value) == (
        "zone_assessment_rank", "rank", 8, "位", True)
    assert c.region == "Z341500-01"


def test_share_named_by_numerator_and_denominator_is_the_ratio_value(catalog):
    [level, share] = extract_text("2024年，全区研发投入23.6亿元，占GDP比重2.31%。", catalog, region=JINAN)
    assert (share.indicator, share.statement_type, share.value, share.is_value) == (
        "rd_intensity", "share", 2.31, True)


def test_a_reported_rate_named_by_its_growth_word_is_its_level(catalog):
    cands = extract_text("2024年，高新技术产业增加值增速12.1%。2024年，高新技术产业增加值同比下降3.5%。",
                         catalog, region=JINAN)
    assert [(c.indicator, c.statement_type, c.value) for c in cands] == [
        ("high_tech_va_growth", "level", 12.1), ("high_tech_va_growth", "level", -3.5)]


# -- messy text ------------------------------------------------------------------------------

def test_normalising_keeps_the_length_so_offsets_stay_true():
    raw = "全区高企１，２３６家，增长１２。６％……共138。2024年起"
    norm = normalise_text(raw)
    assert len(norm) == len(raw)
    assert "1,236家" in norm and "12.6%" in norm and "……" in norm
    assert "138。2024年" in norm  # a full stop before a year is a full stop


def test_full_width_digits_thousands_and_people_units(catalog):
    [c] = extract_text("2024年，全市科技特派员达到１，２３６名。", catalog, region=LUAN)
    assert (c.indicator, c.value, c.unit, c.raw) == ("st_commissioners", 1236, "人", "１，２３６名")


def test_placeholder_year_and_region_are_left_for_the_user(catalog):
    text = "20XX年XX市推进创新驱动发展情况汇报\nXX市高新技术企业总数达到312家。\n20XX年，全市发明专利授权量386件。"
    a, b = extract_text(text, catalog, region=LUAN, year=2024)
    # The title's placeholder is overridden by the year the user gave; the sentence's is not.
    assert (a.year, a.year_source, a.region) == (2024, "given", LUAN)
    assert (b.year, b.year_source, b.region) == (None, "placeholder", LUAN)
    assert "占位符" in b.year_note
    [c] = extract_text(text.split("\n", 1)[0] + "\n" + text.split("\n")[1], catalog, region=LUAN)
    assert (c.year, c.year_source) == (None, "placeholder")


def test_relative_year_is_not_resolved(catalog):
    [c] = extract_text("2024年工作总结\n去年全市省级以上众创空间达到12家。", catalog, region=LUAN)
    assert (c.indicator, c.value, c.year, c.year_source) == ("maker_spaces", 12, None, "relative")


def test_year_and_quarter_from_the_title(catalog):
    text = "六安市2025年上半年科技创新工作进展情况\n一季度，全市吸纳技术合同成交额达到12.5亿元。截至6月底，全市有效发明专利拥有量达到1,025件。"
    q1, q2 = extract_text(text, catalog, region=LUAN)
    assert (q1.year, q1.quarter, q1.year_source) == (2025, 1, "title")
    assert (q2.year, q2.quarter, q2.value) == (2025, 2, 1025)


def test_chinese_numerals():
    assert [cn_to_int(t) for t in ("三", "十二", "二十三", "一百零五", "三四")] == [3, 12, 23, 105, None]
    assert fraction_percent("四分之一") == 25 and fraction_percent("一半") == 50


def test_doubling_on_last_year_is_a_growth_of_100_percent(catalog):
    [c] = extract_text("2024年，全社会R&D经费支出较上年翻一番。", catalog, region=JINAN)
    assert (c.indicator, c.statement_type, c.value, c.raw) == ("rd_expenditure", "growth", 100, "翻一番")


def test_region_named_in_the_sentence_or_the_whole_province(catalog):
    cands = extract_text("2024年，六安市金安区拥有院士工作站3个。全省高新技术企业达到15000家。"
                         "全区拥有5家省级以上众创空间。", catalog, region="341524")
    assert [(c.indicator, c.value, c.region, c.region_source) for c in cands] == [
        ("academician_workstations", 3, JINAN, "sentence"),  # the most specific of 六安市, 金安区
        ("high_tech_enterprises", 15000, "340000", "scope"),
        ("maker_spaces", 5, "341524", "given")]


# -- precision: numbers that must not be read ------------------------------------------------

NOT_FIGURES = [
    "联系电话：0564-3371234，传真：0564-3371235。",
    "根据《关于开展2024年度高新技术企业认定工作的通知》（皖科〔2024〕12号）要求，我局于2024年3月15日召开专题会议。",
    "2024年，全区企业满意度达到98.5%，项目完成率达到95%。",
    "2024年，其中国家级科技企业孵化器2家。",
    "2024年，全区共有高新技术企业近150家。",
    "2024年，全省高新技术企业总数达到2万余家。",
    "2024年，研发投入强度达2.5%以上。",
    "2024年，高新技术企业数量由117家增加到138家。",
    "2024年，高新技术企业实现产值45亿元，研发投入累计达到100亿元。",
    "2024年，全区规上工业增加值增长12%。",
    "2024年，全区综合科技创新水平指数居全省第5位。",
    "如果研发投入达到30亿元，研发投入强度将超过2.8%。",
    "全省12家……中我区占据三席。",
    "2024年，企业研发投入20.1亿元。",
    "2024年，高新技术企业的研发投入达到15亿元。",
    "2024年，财政科技支出占一般公共预算支出比重为3.2%。",
    "2024年，科技特派员服务企业1,200人次。",
    "2024年，全区高新技术企业列入全省第一批创新型企业名单。",
    "2024年，高新技术企业、科技型中小企业、众创空间分别达到138家、256家。",  # 3 names, 2 numbers
    "2024年，获批省级新型研发机构2家。",
    "2024年，全区研发投入强度低于全省平均水平1.14个百分点。",
    "2024年，发明专利授权量增速较上年同期提高4.2个百分点。",
    "2025年3月底前，完成第一批次高新技术企业申报，申报企业412家。",
    "XX县202X年推进创新驱动发展情况汇报：全县研发投入达到xx亿元，研发投入强度达到X.XX%。",
    "全县高新技术企业数量突破200家。",
    "力争2025年全社会研发投入增长15%。",
    "全市科技特派员实现全县182个行政村全覆盖。",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_sentences_whose_numbers_are_not_indicator_figures_yield_nothing(catalog, text):
    assert extract_text(text, catalog, region=JINAN) == []


def test_growth_after_a_sub_item_is_not_given_to_the_total(catalog):
    [c] = extract_text("2024年，全社会研发投入达到23.6亿元，其中企业研发投入20.1亿元，同比增长15%。",
                       catalog, region=JINAN)
    assert (c.indicator, c.statement_type, c.value) == ("rd_expenditure", "level", 23.6)


def test_a_unit_that_does_not_fit_the_indicator_is_not_read(catalog):
    assert extract_text("2024年，高新技术企业达到138亿元。", catalog, region=JINAN) == []
    [c] = extract_text("2024年，发明专利授权量达到1.2万件。", catalog, region=JINAN)
    assert (c.value, c.unit) == (12000, "件")


# -- documents -------------------------------------------------------------------------------

def docx_bytes() -> bytes:
    d = docx.Document()
    d.add_heading("金寨县2024年推进创新驱动发展情况汇报", 0)
    d.add_paragraph("全县高新技术企业总数达到86家，较上年净增9家。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "完成情况"
    table.cell(1, 0).text = "科技特派员"
    table.cell(1, 1).text = "全县科技特派员达到215人，居全市第2位。"
    merged = table.add_row().cells
    merged[0].merge(merged[1]).text = "全县建成院士工作站3个。"
    d.add_paragraph("研发投入强度为2.05%。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_table_cells_are_read_in_order(catalog):
    doc = load_document(docx_bytes(), "金寨县汇报.docx")
    assert doc.kind == "docx"
    assert doc.text.count("全县建成院士工作站3个。") == 1  # a merged cell is read once
    cands = extract_document(doc, catalog, region="341524")
    assert [(c.indicator, c.statement_type, c.value, c.year) for c in cands] == [
        ("high_tech_enterprises", "level", 86, 2024),
        ("high_tech_enterprises", "net_increase", 9, 2024),
        ("st_commissioners", "level", 215, 2024),
        ("st_commissioners", "rank", 2, 2024),
        ("rd_intensity", "level", 2.05, 2024)]  # 建成 may be this year's new ones: not read
    assert all(doc.text[c.start:c.end] == c.sentence for c in cands)


def test_text_files_in_gbk_and_utf8_with_bom(catalog):
    for content in (REPORT.encode("gbk", errors="replace"), b"\xef\xbb\xbf" + REPORT.encode("utf-8")):
        doc = load_document(content, "汇报.txt")
        assert doc.text.startswith("金安区2024年")
    doc = load_document(REPORT.replace("\n", "\r\n").encode("gb18030"), "汇报.txt")
    assert doc.text == REPORT


def test_old_doc_and_binary_files_are_refused():
    with pytest.raises(UnreadableFile):
        load_document(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100, "old.doc")
    with pytest.raises(UnreadableFile):
        load_document(b"PK\x03\x04garbage", "broken.docx")


def test_sentences_split_at_full_stops_and_lines_not_at_decimal_points():
    text = "一、标题\n增长１２。６%。第二句！"
    assert [s.text for s in split_sentences(text)] == ["一、标题", "增长１２。６%。", "第二句！"]


def test_candidates_survive_json_and_csv_round_trips(report_candidates):
    back = read_reviewed(to_json(report_candidates, "汇报.txt", len(REPORT)))
    assert back == report_candidates
    back = read_reviewed(to_csv(report_candidates))
    assert [summary(c) for c in back] == [summary(c) for c in report_candidates]
    assert [c.sentence for c in back] == [c.sentence for c in report_candidates]


# -- the reviewed import, on the real database -----------------------------------------------

def observations(engine):
    with session_scope(engine) as s:
        rows = s.scalars(select(Observation).order_by(Observation.indicator_code))
        return {o.indicator_code: (o.region_code, o.year, o.quarter, o.value, o.sheet, o.cell, o.upload_id)
                for o in rows}


def test_catalog_from_the_database_reads_like_the_files(engine, report_candidates):
    assert extract_text(REPORT, Catalog.from_engine(engine, "340000"), region=JINAN) == report_candidates


def test_import_stores_values_with_document_and_sentence_as_provenance(engine, report_candidates):
    report = import_candidates(engine, report_candidates, "金安区汇报.txt", "analyst",
                               document_text=REPORT)
    assert report.outcome == "loaded", [p.line() for p in report.errors]
    assert report.n_new == VALUE_TYPES_IN_REPORT
    stored = observations(engine)
    assert set(stored) == {c.indicator for c in report_candidates if c.is_value}
    level = report_candidates[0]
    assert stored["high_tech_enterprises"][:6] == (JINAN, 2024, 0, 138, "正文", f"c{level.start}-{level.end}")
    assert stored["tech_contract_absorbed"][3] == pytest.approx(0.5)  # 5000万元 in 亿元
    assert stored["sei_share"][3] == 27
    with session_scope(engine) as s:
        upload = s.get(Upload, stored["rd_expenditure"][6])
        assert (upload.file_name, upload.source, upload.uploaded_by, upload.outcome) == (
            "金安区汇报.txt", "text", "analyst", "loaded")
    # growth, ranks, targets are kept in the output but are not observations
    not_values = [p for p in report.problems if p.rule == "text_not_a_value"]
    assert len(not_values) == len(report_candidates) - VALUE_TYPES_IN_REPORT
    assert all(p.severity == "info" for p in not_values)
    again = import_candidates(engine, report_candidates, "金安区汇报.txt", "analyst", document_text=REPORT)
    assert (again.outcome, again.n_unchanged) == ("unchanged", VALUE_TYPES_IN_REPORT)


def test_a_candidate_without_year_rejects_the_import_until_the_user_fills_it(engine, catalog):
    text = "20XX年，全区高新技术企业总数达到138家。全区研发投入强度为2.31%。"
    cands = extract_text(text, catalog, region=JINAN, year=2024)
    assert [c.year for c in cands] == [None, None]  # the placeholder dates the next sentence too
    report = import_candidates(engine, cands, "草稿.txt", "analyst", document_text=text)
    assert report.outcome == "rejected"
    problem = report.errors[0]
    assert (problem.rule, problem.sheet, problem.cell) == ("no_period", "正文", cands[0].cell)
    assert observations(engine) == {}
    with session_scope(engine) as s:
        assert s.scalar(select(Upload.outcome).where(Upload.file_name == "草稿.txt")) == "rejected"
    filled = [dataclasses.replace(c, year=2024) for c in cands]
    assert import_candidates(engine, filled, "草稿.txt", "analyst", document_text=text).outcome == "loaded"
    assert observations(engine)["high_tech_enterprises"][1] == 2024


def test_import_checks_region_indicator_sentence_and_conflicting_figures(engine, report_candidates):
    level = report_candidates[0]
    bad = [dataclasses.replace(level, region=None),
           dataclasses.replace(level, region="999999"),
           dataclasses.replace(level, indicator="no_such_indicator")]
    report = import_candidates(engine, bad, "坏.txt")
    assert [p.rule for p in report.errors] == ["text_no_region", "unknown_region", "unknown_indicator"]
    assert "未确定地区" in report.errors[0].message_zh and "No region" in report.errors[0].message_en
    moved = dataclasses.replace(level, start=level.start + 1, end=level.end + 1)
    assert import_candidates(engine, [moved], "坏.txt", document_text=REPORT).errors[0].rule == "text_no_sentence"
    twice = [level, dataclasses.replace(level, value=139.0)]
    assert [p.rule for p in import_candidates(engine, twice, "坏.txt").errors] == ["duplicate_value"]
    same_twice = [level, dataclasses.replace(level, start=0, end=len(level.sentence))]
    assert import_candidates(engine, same_twice, "好.txt").n_new == 1
    assert observations(engine)["high_tech_enterprises"][3] == 138


def test_nothing_but_growth_and_ranks_is_rejected_as_no_values(engine, report_candidates):
    others = [c for c in report_candidates if not c.is_value]
    report = import_candidates(engine, others, "增速.txt")
    assert report.outcome == "rejected" and [p.rule for p in report.errors] == ["no_values"]


# -- the command line ------------------------------------------------------------------------

def run(db_url, *args):
    env = dict(os.environ, DATABASE_URL=db_url)
    return subprocess.run([sys.executable, "-m", "etl", "extract", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_extract_writes_json_or_csv_and_exits_0(db_url, tmp_path):
    path = tmp_path / "金安区汇报.txt"
    path.write_text(REPORT, encoding="gbk", errors="replace")
    done = run(db_url, str(path), "--region", JINAN)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["document"] == "金安区汇报.txt" and len(payload["candidates"]) == len(EXPECTED)
    first = payload["candidates"][0]
    assert REPORT[first["start"]:first["end"]] == first["sentence"]
    out = tmp_path / "c.csv"
    done = run(db_url, str(path), "--region", JINAN, "--out", str(out))
    assert done.returncode == 0 and out.read_text(encoding="utf-8").startswith("\ufeffindicator,")
    assert f"{len(EXPECTED)} 条候选" in done.stderr


def test_cli_exit_1_when_nothing_is_extractable_and_2_on_usage_errors(db_url, tmp_path):
    empty = tmp_path / "通知.txt"
    empty.write_text("关于召开2024年科技工作会议的通知\n请各单位于3月15日前报送材料。联系电话：0564-3371234。",
                     encoding="utf-8")
    done = run(db_url, str(empty))
    assert done.returncode == 1 and "没有可识别的指标数值" in done.stderr
    assert run(db_url, str(tmp_path / "missing.txt")).returncode == 2
    pdf = tmp_path / "汇报.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert run(db_url, str(pdf)).returncode == 2
    assert run(db_url, str(empty), "--region", "999999").returncode == 2
    assert run(db_url, str(empty), "--year", "twenty").returncode == 2
    assert run(db_url).returncode == 2


def test_cli_import_rejects_missing_years_then_takes_the_reviewed_file(db_url, tmp_path):
    path = tmp_path / "草稿.docx"
    d = docx.Document()
    d.add_paragraph("20XX年XX区推进创新驱动发展情况汇报")
    d.add_paragraph("全区高新技术企业总数达到138家，同比增长17.9%。")
    d.save(path)
    done = run(db_url, str(path), "--region", JINAN, "--import")
    assert done.returncode == 1
    assert "无法确定期间" in done.stderr and "数据库未改动" in done.stdout
    reviewed = tmp_path / "reviewed.json"
    assert run(db_url, str(path), "--region", JINAN, "--out", str(reviewed)).returncode == 0
    payload = json.loads(reviewed.read_text(encoding="utf-8"))
    for c in payload["candidates"]:
        c["year"] = 2024  # what the reviewer fills in
    reviewed.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    done = run(db_url, str(path), "--reviewed", str(reviewed))
    assert done.returncode == 0, done.stderr
    assert "1 新增" in done.stdout
