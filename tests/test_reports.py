"""The progress-report drafter (情况汇报): each sentence type against figures computed by hand,
a full report for a demo city, county and zone, the Word file read back, the CLI's exit codes.

Hand-computed data (stored through etl.load.store, which refreshes the metrics):

  high_tech_enterprises (家)  六安 2015: 50, 2020: 100, 2022: 150, 2024: 280, 2025: 312
                             合肥 2024: 900, 2025: 1000;  阜阳 2024: 300, 2025: 250
      net +32; growth 312/280 − 1 = 11.4%; 2025 ranks 合肥 1, 六安 2, 阜阳 3 (2024: 六安 3, so
      up 1); growth ranks 六安 11.43% 1st, 合肥 11.11%, 阜阳 −16.7%; 突破300 (280 → 312);
      翻番 on 2022 (312 ≥ 2 × 150); 十三五 (50 → 100)^(1/5) − 1 = 14.9%; 十四五 (100 → 312)
      = 25.6%; average of the 3 cities (1000 + 312 + 250) / 3 = 520.7.
  rd_expenditure (亿元) 六安 2024: 20.50, 2025: 23.47 (target 23.00: 102.0%); 合肥 250 → 276.53
      net 2.97亿元, growth 14.5% (合肥 10.6%: growth rank 1st of 2), rank 2nd of 2, average
      (276.53 + 23.47) / 2 = 150亿元.
  gdp (亿元) 六安 1600 → 1778, 合肥 12000 → 12500; province 2025: rd 300, gdp 10000.
      rd_intensity 六安 2025 23.47 / 1778 = 1.32%, 2024 20.5 / 1600 = 1.28% (+0.04 points);
      province 3.00% (the average a ratio is compared with).
  high_tech_va_growth (%, a reported rate) 六安 8.4 → 6.3: down 2.1 points.
  tech_smes 六安 2025 only: 150 (nothing but the level can be said).
  new_rd_institutions 六安 2023: 0, 2024: 0, 2025: 2 (零的突破, no growth figure).
  Counties: rd 金安区 2.0 → 2.5, 裕安区 3.0 → 2.8 (both 六安), 瑶海区 5.0 → 6.0 (合肥).
  Zones: zone_assessment_rank Z341500-01 15 → 3, Z340100-01 1 → 1; rd Z341500-01 1.0 → 1.2,
      Z340100-01 10 → 11 (average 6.1).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from catalog.files import CatalogError
from db import queries
from db.session import dispose_engine
from metrics.refresh import open_database
from etl.demo import load_demo
from etl.load import store
from etl.records import Record, SourceFile, TargetRecord
from metrics import api
from reports import prose_numbers as fmt
from reports import sentences as s
from reports.data import gather
from reports.docx_writer import build_document, docx_bytes
from reports.draft import Draft, build_draft, compose
from reports.markdown_writer import to_markdown
from reports.templates import default_templates, load_templates

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
LUAN, HEFEI, FUYANG, PROVINCE = "341500", "340100", "341200", "340000"
JINAN, YUAN, YAOHAI = "341502", "341503", "340102"
LUAN_ZONE, HEFEI_ZONE = "Z341500-01", "Z340100-01"

HAND = [
    *[(LUAN, "high_tech_enterprises", y, v)
      for y, v in ((2015, 50), (2020, 100), (2022, 150), (2024, 280), (2025, 312))],
    (HEFEI, "high_tech_enterprises", 2024, 900), (HEFEI, "high_tech_enterprises", 2025, 1000),
    (FUYANG, "high_tech_enterprises", 2024, 300), (FUYANG, "high_tech_enterprises", 2025, 250),
    (LUAN, "rd_expenditure", 2024, 20.50), (LUAN, "rd_expenditure", 2025, 23.47),
    (HEFEI, "rd_expenditure", 2024, 250), (HEFEI, "rd_expenditure", 2025, 276.53),
    (LUAN, "gdp", 2024, 1600), (LUAN, "gdp", 2025, 1778),
    (HEFEI, "gdp", 2024, 12000), (HEFEI, "gdp", 2025, 12500),
    (PROVINCE, "rd_expenditure", 2025, 300), (PROVINCE, "gdp", 2025, 10000),
    (LUAN, "high_tech_va_growth", 2024, 8.4), (LUAN, "high_tech_va_growth", 2025, 6.3),
    (LUAN, "tech_smes", 2025, 150),
    (LUAN, "new_rd_institutions", 2023, 0), (LUAN, "new_rd_institutions", 2024, 0),
    (LUAN, "new_rd_institutions", 2025, 2),
    (JINAN, "rd_expenditure", 2024, 2.0), (JINAN, "rd_expenditure", 2025, 2.5),
    (YUAN, "rd_expenditure", 2024, 3.0), (YUAN, "rd_expenditure", 2025, 2.8),
    (YAOHAI, "rd_expenditure", 2024, 5.0), (YAOHAI, "rd_expenditure", 2025, 6.0),
    (LUAN_ZONE, "zone_assessment_rank", 2024, 15), (LUAN_ZONE, "zone_assessment_rank", 2025, 3),
    (HEFEI_ZONE, "zone_assessment_rank", 2024, 1), (HEFEI_ZONE, "zone_assessment_rank", 2025, 1),
    (LUAN_ZONE, "rd_expenditure", 2024, 1.0), (LUAN_ZONE, "rd_expenditure", 2025, 1.2),
    (HEFEI_ZONE, "rd_expenditure", 2024, 10), (HEFEI_ZONE, "rd_expenditure", 2025, 11),
]


def store_hand_data(engine) -> None:
    records = [Record(region, code, year, 0, True, float(value), status="reported")
               for region, code, year, value in HAND]
    targets = [TargetRecord(LUAN, "rd_expenditure", 2025, 23.00)]
    report = store(engine, records, SourceFile("手算数据.xlsx", sha256="hand-1"), targets=targets)
    assert report.outcome == "loaded"


@pytest.fixture
def hand(engine):
    store_hand_data(engine)
    return engine


def paragraph_about(draft: Draft, words: str) -> str:
    found = [p for section in draft.sections for p in section.paragraphs if words in p]
    assert len(found) == 1, f"one paragraph about {words!r}, found {len(found)}"
    return found[0]


def cjk_outside_names(text: str, names: list[str]) -> list[str]:
    for name in names:
        text = text.replace(name, "")
    return CJK.findall(text)


# --- each sentence type against hand-computed figures --------------------------------------------

def test_level_change_growth_ranks_milestones_and_five_year_plans_of_one_indicator(hand):
    draft = build_draft(hand, LUAN, 2025)
    assert paragraph_about(draft, "高新技术企业数") == (
        "全市高新技术企业数达到312家，突破300家，较2022年翻了一番，创历史新高，较上年净增32家，"
        "同比增长11.4%，在全省3个市中居第2位，较上年提升1位，增幅居全省第1位。"
        "“十三五”期间年均增长14.9%，“十四五”期间年均增长25.6%。")
    english = build_draft(hand, LUAN, 2025, lang="en")
    assert paragraph_about(english, "High-tech enterprises reached") == (
        "High-tech enterprises reached 312, passing 300, double its 2022 level, a record high, "
        "a net increase of 32 on last year, up 11.4% year on year, ranking 2nd among the 3 "
        "cities of the province, up 1 place on last year, its growth ranked 1st in the "
        "province. It recorded average annual growth of 14.9% over the 13th Five-Year Plan "
        "(2016–2020) and average annual growth of 25.6% over the 14th Five-Year Plan "
        "(2021–2025).")


def test_amount_in_yi_yuan_with_target_progress(hand):
    draft = build_draft(hand, LUAN, 2025)
    assert paragraph_about(draft, "全社会研发投入达到") == (
        "全市全社会研发投入达到23.47亿元，创历史新高，较上年净增2.97亿元，同比增长14.5%，"
        "在全省2个市中居第2位，增幅居全省第1位。年度目标为23亿元，完成率102.0%，已完成年度目标。")


def test_a_ratio_changes_in_percentage_points_and_a_reported_rate_states_no_growth(hand):
    draft = build_draft(hand, LUAN, 2025)
    assert paragraph_about(draft, "研发投入强度") == (
        "全市研发投入强度达到1.32%，创历史新高，较上年提高0.04个百分点，在全省2个市中居第2位，"
        "增幅居全省第2位。")
    assert paragraph_about(draft, "高新技术产业增加值增速") == (
        "全市高新技术产业增加值增速为6.3%，较上年下降2.1个百分点。")


def test_missing_data_drop_the_sentence_never_a_blank_or_a_zero(hand):
    draft = build_draft(hand, LUAN, 2025)
    # Only 2025 on record and no other city reports it: the level and nothing else.
    assert paragraph_about(draft, "入库科技型中小企业数") == "全市入库科技型中小企业数达到150家。"
    # 0 → 2: no growth figure exists (the base is 0), and no city to be ranked against.
    assert paragraph_about(draft, "省级新型研发机构") == (
        "全市省级新型研发机构达到2家，实现“零”的突破，较上年净增2家。")
    text = draft.text()
    assert "孵化器" not in text, "an indicator without data has no sentence"
    for blank in ("nan", "None", "NaN", "<NA>", "{", "}", "第0位", "—位"):
        assert blank not in text
    body = "".join(p for section in draft.all_sections() for p in section.paragraphs)
    assert "—" not in body


def test_opening_counts_key_indicators_and_reads_the_composite_index(hand):
    draft = build_draft(hand, LUAN, 2025)
    opening = draft.opening[0]
    assert opening.startswith("2025年，六安市在有同比数据的3项重点指标中3项实现增长，"
                              "1项排位较上年提升。")
    cities = queries.regions(hand, PROVINCE).query("level == 'city'")["code"]
    index = api.composite_index(hand, cities, 2025).set_index("region_code").loc[LUAN]
    # Three cities of sixteen have values: an index ranking three says nothing of the
    # province, so the report leaves it out and says why in a note (#25).
    assert int(index["rank_of"]) == 3 and "综合创新指数" not in opening
    assert opening.endswith("现将有关情况汇报如下。")
    [note] = [n for n in draft.notes if "综合创新指数" in n]
    assert note.startswith("注：综合创新指数及其排位未写入报告：全省16个市中只有3个有足够数据计算指数"
                           "（至少需要11个），本地区缺少")
    assert draft.title == "六安市2025年推进创新驱动发展情况汇报"


def test_sections_follow_the_catalog_dimensions_and_the_closing_names_what_lags(hand):
    draft = build_draft(hand, LUAN, 2025)
    assert [sec.heading for sec in draft.all_sections()] == [
        "一、科技创新环境", "二、科技活动投入", "三、高新技术产业化", "四、经济基础",
        "五、存在的问题和不足"]
    assert draft.closing.paragraphs == [
        "在取得成绩的同时，也要清醒地看到，部分指标排位下降或低于全省平均水平。"
        "低于全省平均水平的有：全社会研发投入23.47亿元（全省平均150亿元）；"
        "研发投入强度1.32%（全省平均3.00%）；高新技术企业数312家（全省平均520.7家）。"]


def test_the_closing_names_a_fall_in_rank_and_says_so_when_nothing_lags():
    ctx = s.Context(default_templates(), "zh", "全市", "上年", "全省")
    fell = {"indicator_code": "rd_expenditure", "indicator_name_zh": "全社会研发投入",
            "kind": "flow", "direction": "higher", "unit": "亿元", "value": 31.28, "rank": 11,
            "rank_of": 16, "rank_change": -2, "rank_scope_kind": "province_cities"}
    assert s.closing([fell], {}, ctx) == [
        "在取得成绩的同时，也要清醒地看到，部分指标排位下降或低于全省平均水平。"
        "排位较上年下降的有：全社会研发投入在全省16个市中居第11位、下降2位。"]
    steady = dict(fell, rank_change=0)
    assert s.closing([steady], {"rd_expenditure": 20.0}, ctx) == [
        "本期主要指标排位均未较上年下降，且均不低于全省平均水平。"]
    assert s.closing([dict(steady, rank_change=None)], {}, ctx) == [], \
        "nothing compared, nothing claimed"
    assert s.closing([dict(steady, rank=1, rank_of=1)], {}, ctx) == [], \
        "ranked alone, the rank's 'change' compares with nothing"


def test_the_closing_names_only_the_lowest_ranked_of_many_below_average_indicators():
    ctx = s.Context(default_templates(), "zh", "全市", "上年", "全省")
    # (code, name, rank of 16): six indicators below the province average, none fell in rank.
    lagging = [("a", "指标甲", 9), ("b", "指标乙", 16), ("c", "指标丙", 12), ("d", "指标丁", 15),
               ("e", "指标戊", 10), ("f", "指标己", 14)]
    rows = [{"indicator_code": code, "indicator_name_zh": name, "indicator_name_en": code,
             "kind": "stock", "direction": "higher", "unit": "家", "value": 10.0, "rank": rank,
             "rank_of": 16, "rank_change": 0, "rank_scope_kind": "province_cities"}
            for code, name, rank in lagging]
    averages = {code: 20.0 for code, _, _ in lagging}
    [paragraph] = s.closing(rows, averages, ctx)
    assert paragraph.endswith(
        "低于全省平均水平的有6项，其中排位靠后的有：指标乙10家（全省平均20家）；"
        "指标丁10家（全省平均20家）；指标己10家（全省平均20家）；指标丙10家（全省平均20家）。")
    assert "指标甲" not in paragraph and "指标戊" not in paragraph
    assert s.MAX_BELOW_NAMED == 4

    few = s.closing(rows[:s.MAX_BELOW_NAMED], averages, ctx)[0]
    assert "低于全省平均水平的有：指标甲" in few, "a short list is named whole, in catalog order"
    english = s.closing(rows, averages, s.Context(default_templates(), "en", "the city",
                                                  "last year", "in the province"))[0]
    assert "6 indicators sit below the average in the province, the lowest-ranked: b at 10" \
        in english


def test_county_ranks_in_the_province_and_in_its_city(hand):
    draft = build_draft(hand, JINAN, 2025)
    assert draft.title == "金安区2025年推进创新驱动发展情况汇报"
    assert paragraph_about(draft, "全社会研发投入") == (
        "全区全社会研发投入达到2.5亿元，创历史新高，较上年净增5000万元，同比增长25.0%，"
        "在全省3个县(市、区)中居第3位，增幅居全省第1位，在全市2个县(市、区)中居第2位。")


def test_zone_ranks_among_zones_and_a_reported_rank_moves_up(hand):
    draft = build_draft(hand, LUAN_ZONE, 2025)
    assert paragraph_about(draft, "开发区综合考核排名") == (
        "全区开发区综合考核排名为第3位，进入前10位，创历史最好水平，较上年提升12位。")
    assert paragraph_about(draft, "全社会研发投入") == (
        "全区全社会研发投入达到1.2亿元，创历史新高，较上年净增2000万元，同比增长20.0%，"
        "在全省2家开发区中居第2位，增幅居全省开发区第1位。")
    assert "低于全省开发区平均水平的有：全社会研发投入1.2亿元（全省开发区平均6.1亿元）。" \
        in draft.closing.paragraphs[0]
    english = build_draft(hand, LUAN_ZONE, 2025, lang="en")
    assert paragraph_about(english, "assessment rank") == (
        "Development-zone assessment rank was No. 3, entering the top 10, its best on record, "
        "up 12 places on last year.")


def test_quarter_target_is_measured_against_the_expected_progress():
    ctx = s.Context(default_templates(), "zh", "全市", "上年同期", "全省")
    found = {"progress_pct": 71.06, "target": 30.92, "unit": "亿元", "kind": "flow",
             "value": 21.97, "expected_pct": 75.0, "on_track": False}
    assert s.target(found, ctx, quarter=3) == "年度目标为30.92亿元，完成率71.1%，慢于序时进度（75.0%）。"
    assert s.target(dict(found, on_track=True), ctx, quarter=3).endswith("快于序时进度（75.0%）。")
    assert s.target(dict(found, value=None), ctx, quarter=3) is None


def test_key_indicator_table_has_value_growth_and_rank_with_its_denominator(hand):
    draft = build_draft(hand, LUAN, 2025)
    assert draft.table.header == ["指标", "数值", "同比增长", "全省排名", "排名变化"]
    rows = {row[0]: row[1:] for row in draft.table.rows}
    assert rows["全社会研发投入"] == ["23.47亿元", "+14.5%", "第2位/2", "持平"]
    assert rows["研发投入强度"] == ["1.32%", "+0.04个百分点", "第2位/2", "持平"]
    assert rows["高新技术企业数"] == ["312家", "+11.4%", "第2位/3", "↑1"]
    assert rows["高新技术产业增加值增速"] == ["6.3%", "-2.1个百分点", "—", "—"]


def test_english_draft_of_hand_data_has_no_chinese(hand):
    for code in (LUAN, JINAN, LUAN_ZONE):
        draft = build_draft(hand, code, 2025, lang="en")
        assert draft.has_data
        assert CJK.findall(draft.text()) == [], code
        assert CJK.findall(to_markdown(draft)) == []


def test_a_region_without_data_gets_no_report_and_an_unknown_one_none(hand):
    empty = build_draft(hand, LUAN, 2013)
    assert not empty.has_data and empty.sections == [] and empty.closing is None
    assert build_draft(hand, "999999", 2025) is None


# --- numbers and templates ------------------------------------------------------------------

def test_numbers_are_written_as_users_write_them():
    assert fmt.amount(23.47, "亿元") == "23.47亿元"
    assert fmt.amount(0.73, "亿元") == "7300万元"
    assert fmt.amount(23.47, "亿元", "en") == "2.35 bn yuan"
    assert fmt.amount(1.3203, "%") == "1.32%"
    assert fmt.amount(6.3, "%", kind="rate") == "6.3%"
    assert fmt.amount(312, "家") == "312家" and fmt.amount(312, "家", "en") == "312"
    assert fmt.amount(435, "万人") == "435万人"
    assert fmt.amount(435, "万人", "en") == "4.35 million people"
    assert fmt.amount(2, "位") == "第2位"
    assert fmt.percent(-12.44) == "12.4%" and fmt.points(-0.0523) == "0.05"
    assert [fmt.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 102)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "102nd"]
    assert fmt.rank_cell(3, 16, True) == "第3位(并列)/16"
    assert fmt.rank_change_cell(3) == "↑3" and fmt.rank_change_cell(-1) == "↓1"


def test_templates_are_data_and_a_wrong_entry_names_its_line(tmp_path):
    templates = default_templates()
    assert templates.text("growth_up", "zh", pct="12.4%") == "同比增长12.4%"
    assert [p.name_zh for p in templates.plans][:2] == ["十三五", "十四五"]
    source = (ROOT / "data" / "report_templates.yaml").read_text(encoding="utf-8")

    bad = tmp_path / "report_templates.yaml"
    bad.write_text(source.replace("同比增长{pct}", "同比增长{growth}"), encoding="utf-8")
    line = next(i for i, text in enumerate(source.splitlines(), 1) if "同比增长{pct}" in text)
    with pytest.raises(CatalogError, match=rf"growth_up, line {line}: unknown placeholder "
                                           r"\{growth\}"):
        load_templates(bad)
    bad.write_text(source.replace('en: "up {pct} year on year"', 'xx: "oops"'), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"growth_up, line \d+: needs the en text"):
        load_templates(bad)

    reworded = tmp_path / "reworded.yaml"
    reworded.write_text(source.replace("同比增长{pct}", "比上年增长{pct}"), encoding="utf-8")
    assert load_templates(reworded).text("growth_up", "zh", pct="1.0%") == "比上年增长1.0%"


# --- output: Word and Markdown, and the CLI -------------------------------------------------------

def test_docx_reads_back_with_title_headings_numbers_fonts_and_page_numbers(hand):
    draft = build_draft(hand, LUAN, 2025)
    document = docx.Document(io.BytesIO(docx_bytes(draft)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "六安市2025年推进创新驱动发展情况汇报"
    for section in draft.all_sections():
        assert section.heading in paragraphs
    assert paragraph_about(draft, "高新技术企业数") in paragraphs
    table = document.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == draft.table.header
    assert ["全社会研发投入", "23.47亿元", "+14.5%", "第2位/2", "持平"] in cells

    title = document.paragraphs[0]
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith("全市高新技术企业数"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in document.paragraphs if p.text == "一、科技创新环境")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert heading.style.name == "Heading 1"
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    font_table = next(rel.target_part for rel in document.part.rels.values()
                      if rel.reltype.endswith("/fontTable")).blob.decode("utf-8")
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in font_table
    assert document.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)


def test_markdown_has_the_same_text(hand):
    draft = build_draft(hand, LUAN, 2025)
    text = to_markdown(draft)
    assert text.startswith("# 六安市2025年推进创新驱动发展情况汇报\n")
    assert "## 二、科技活动投入" in text and "## 五、存在的问题和不足" in text
    assert "| 全社会研发投入 | 23.47亿元 | +14.5% | 第2位/2 | 持平 |" in text
    assert paragraph_about(draft, "研发投入强度") in text


def test_draft_survives_the_round_trip_through_the_pages_store(hand):
    draft = build_draft(hand, LUAN, 2025)
    assert Draft.from_dict(draft.to_dict()) == draft


def run_cli(db_url, *args):
    env = dict(os.environ, DATABASE_URL=db_url)
    return subprocess.run([sys.executable, "-m", "reports", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_writes_docx_and_md_and_exits_1_without_data_2_on_usage_errors(db_url, tmp_path,
                                                                           monkeypatch):
    from db.session import get_engine
    from reports.cli import main

    store_hand_data(get_engine(db_url))
    out = tmp_path / "luan.docx"
    done = run_cli(db_url, "draft", "--region", LUAN, "--period", "2025", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert docx.Document(str(out)).paragraphs[0].text == "六安市2025年推进创新驱动发展情况汇报"
    nothing = tmp_path / "none.md"
    done = run_cli(db_url, "draft", "--region", "999999", "--period", "2025", "--out", str(nothing))
    assert done.returncode == 2 and "unknown region" in done.stderr

    # The same entry point in-process (a subprocess costs seconds of imports each).
    monkeypatch.setenv("DATABASE_URL", db_url)
    md = tmp_path / "luan.md"
    assert main(["draft", "--region", LUAN, "--period", "2025", "--lang", "en",
                 "--out", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Lu'an City: progress report")
    assert main(["draft", "--region", LUAN, "--period", "2013", "--out", str(nothing)]) == 1
    assert not nothing.exists()
    assert main(["draft", "--region", LUAN, "--period", "25", "--out", str(nothing)]) == 2
    assert main(["draft", "--region", LUAN, "--period", "2025",
                 "--out", str(tmp_path / "x.pdf")]) == 2
    with pytest.raises(SystemExit) as usage:
        main(["draft", "--region", LUAN])
    assert usage.value.code == 2


def test_a_font_cache_written_before_the_cjk_fonts_is_rebuilt_and_the_charts_drawn(sqlite_url,
                                                                                   tmp_path):
    """#25: matplotlib's cache, written before fonts-noto-cjk was installed, lists no CJK
    font; the report looks at the system's fonts again instead of leaving its charts out."""
    import json
    import zipfile

    from db.session import get_engine

    store_hand_data(get_engine(sqlite_url))
    config = tmp_path / "mpl"
    build = subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                           env=dict(os.environ, MPLCONFIGDIR=str(config)), timeout=300)
    assert build.returncode == 0
    [cache] = config.glob("fontlist-*.json")
    fonts = json.loads(cache.read_text())
    fonts["ttflist"] = [f for f in fonts["ttflist"] if "CJK" not in f["name"]]
    cache.write_text(json.dumps(fonts))  # as if written before the fonts were installed

    out = tmp_path / "luan.docx"
    env = dict(os.environ, DATABASE_URL=sqlite_url, MPLCONFIGDIR=str(config))
    done = subprocess.run([sys.executable, "-m", "reports", "draft", "--region", LUAN, "--period",
                           "2025", "--out", str(out)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "未找到中文字体" not in done.stderr
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("word/media/") for n in z.namelist()), "the charts are drawn"
    assert any("CJK" in f["name"] for f in json.loads(cache.read_text())["ttflist"])


# --- a full report for a demo city, county and zone ----------------------------------------------

DEMO_REGIONS = {"city": LUAN, "county": "341524", "zone": LUAN_ZONE}  # 金寨县 is in a peer group


@pytest.fixture(scope="module")
def demo(tmp_path_factory, sqlite_template):
    """The simulated demo province in one SQLite file for the module (loading takes a while),
    and each level's data read once; drafts in both languages are composed from it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = open_database(url)
    load_demo(engine)
    plans = default_templates().plans
    data = {level: gather(engine, code, 2025, plans=plans) for level, code in DEMO_REGIONS.items()}
    yield engine, data
    dispose_engine(url)


@pytest.mark.parametrize("level", list(DEMO_REGIONS))
def test_full_demo_report_at_each_level(demo, level):
    engine, data = demo
    draft = compose(data[level], "zh")
    name = data[level].name_zh
    assert draft.title == f"{name}2025年推进创新驱动发展情况汇报"
    headings = [sec.heading for sec in draft.sections]
    assert headings[:5] == ["一、科技创新环境", "二、科技活动投入", "三、科技活动产出",
                            "四、高新技术产业化", "五、科技促进经济社会发展"]
    assert draft.closing.heading.endswith("、存在的问题和不足")
    assert draft.closing.paragraphs[0].startswith("在取得成绩的同时")
    assert draft.opening[0].startswith(f"2025年，{name}")
    snapshot = data[level].snapshot
    rd = snapshot.set_index("indicator_code").loc["rd_expenditure"]
    rd_text = paragraph_about(draft, "全社会研发投入达到")
    assert fmt.amount(rd["value"], "亿元") in rd_text
    assert f"同比增长{rd['yoy_growth_pct']:.1f}%" in rd_text
    assert f"中居第{int(rd['rank'])}位" in rd_text or f"并列第{int(rd['rank'])}位" in rd_text
    members = {"city": "全省16个市", "county": "全省104个县(市、区)", "zone": "全省14家开发区"}
    assert members[level] in rd_text
    if level == "county":
        assert "在全市7个县(市、区)中" in rd_text and "大别山区同类县7个地区中" in rd_text
    for blank in ("nan", "None", "<NA>", "{"):
        assert blank not in draft.text()
    assert len(draft.charts) == 2 and draft.notes, "demo data are announced as simulated"


@pytest.mark.parametrize("level", list(DEMO_REGIONS))
def test_english_demo_report_has_no_chinese_except_names(demo, level):
    engine, data = demo
    draft = compose(data[level], "en")
    assert draft.title.startswith(data[level].name_en)
    names = [data[level].name_en]
    assert cjk_outside_names(draft.text(), names) == []
    document = docx.Document(io.BytesIO(docx_bytes(draft, charts=False)))
    text = "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert cjk_outside_names(text, names) == []


def test_demo_city_docx_has_the_key_table_and_both_charts(demo):
    engine, data = demo
    draft = compose(data["city"], "zh")
    document = build_document(draft, charts=True)
    assert len(document.inline_shapes) == 2
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("附表：六安市2025年主要创新指标")
    assert any(c.startswith("图1") for c in captions) and any(c.startswith("图2") for c in captions)
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    rd = data["city"].snapshot.set_index("indicator_code").loc["rd_expenditure"]
    assert rows[1][:2] == ["全社会研发投入", fmt.amount(rd["value"], "亿元")]
    assert rows[1][3] == f"第{int(rd['rank'])}位/16"
