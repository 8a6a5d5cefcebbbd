"""The sentence shapes of issue #21, one by one: what each yields (indicator, kind, value,
unit, period, scope) and what must never be read. The sentences are made up; the shapes are
the ones progress reports use. Every expected figure was checked by hand against its text.
"""

from __future__ import annotations

import io

import docx
import pytest

from etl.extract import Catalog, extract_document, extract_text, load_document
from etl.extract.scopes import canonical_scope
from etl.extract.text import split_sentences

JINAN = "341502"  # 六安市金安区
LUAN = "341500"
ZONE = "Z341500-01"  # 六安经开区


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_files("340000")


def period(c) -> str | None:
    if c.year is None:
        return None
    if c.period_start:
        return f"{c.period_start}-{c.year}"
    return f"{c.year}Q{c.quarter}" if c.quarter else str(c.year)


def read(catalog, text, region=JINAN, year=None) -> list[tuple]:
    """(indicator, kind, value, unit, period, scope, basis) of every candidate, in order."""
    out = []
    for c in extract_text(text, catalog, region=region, year=year):
        basis = c.basis if c.statement_type == "rank" and c.basis != "value" else None
        out.append((c.indicator, c.statement_type, pytest.approx(c.value), c.unit, period(c),
                    canonical_scope(c.scope), basis))
    return out


def F(indicator, kind, value, unit, when, scope=None, basis=None) -> tuple:
    return (indicator, kind, pytest.approx(value), unit, when, scope, basis)


# -- §1: the shapes to cover ----------------------------------------------------------------

def test_a_level_with_its_average_growth_over_the_plan_so_far(catalog):
    text = "“十四五”以来，全区研发经费投入以年均12.4%的速度增长，2024年达到8.62亿元。"
    assert read(catalog, text) == [F("rd_expenditure", "avg_growth", 12.4, "%", "2021-2024"),
                                   F("rd_expenditure", "level", 8.62, "亿元", "2024")]


def test_the_span_of_an_average_growth_is_said_beside_its_year(catalog):
    [c] = extract_text("2024年，“十四五”以来全区研发投入年均增长12.4%。", catalog, region=JINAN)
    assert (c.period_start, c.year) == (2021, 2024) and c.year_note.startswith("2021—2024年")


def test_an_average_growth_over_years_as_written(catalog):
    assert read(catalog, "全县发明专利授权量2016年至2020年年均增长9.1%。") == [
        F("invention_patents_granted", "avg_growth", 9.1, "%", "2016-2020")]
    assert read(catalog, "2024年，“十三五”期间全区研发投入年均增长10.5%。") == [
        F("rd_expenditure", "avg_growth", 10.5, "%", "2016-2020")]


def test_an_average_growth_without_its_span_leaves_the_period_to_the_reviewer(catalog):
    [c] = extract_text("2024年，全区研发投入以年均9.6%的增幅逐年递增。", catalog, region=JINAN)
    assert (c.statement_type, c.value, c.year, c.period_start) == ("avg_growth", 9.6, None, None)
    assert "请填写" in c.year_note


def test_counts_before_the_noun(catalog):
    assert read(catalog, "2024年，全县186家开展研发活动的规上工业企业研发投入合计31.6亿元。") == [
        F("enterprises_with_rd", "level", 186, "家", "2024")]  # the 31.6 is the firms' part


def test_a_list_of_several_indicators_in_one_clause(catalog):
    assert read(catalog, "2024年，全区现有省级以上孵化器6家、众创空间9家，院士工作站达到4个。") == [
        F("incubators", "level", 6, "家", "2024"), F("maker_spaces", "level", 9, "家", "2024"),
        F("academician_workstations", "level", 4, "个", "2024")]


@pytest.mark.parametrize("verb", ["完成", "实现", "达", "达到", "共有", "拥有", "累计"])
def test_verbs_of_completion_introduce_a_level(catalog, verb):
    assert read(catalog, f"2024年，全县科技特派员{verb}386名。") == [
        F("st_commissioners", "level", 386, "人", "2024")]


def test_a_flow_summed_over_years_is_not_the_years_level(catalog):
    assert read(catalog, "2024年，全区研发投入累计达到100亿元。") == []


def test_new_units_are_net_increases_and_the_total_follows(catalog):
    assert read(catalog, "2024年，新增省级新型研发机构2家，总数达到5家。") == [
        F("new_rd_institutions", "net_increase", 2, "家", "2024"),
        F("new_rd_institutions", "level", 5, "家", "2024")]


def test_newly_certified_high_tech_firms_and_the_stocks_net_increase(catalog):
    assert read(catalog, "2024年，全县新认定高新技术企业37家。全年新增高新技术企业93家，净增68家。") == [
        F("high_tech_enterprises_new", "level", 37, "家", "2024"),
        F("high_tech_enterprises_new", "level", 93, "家", "2024"),
        F("high_tech_enterprises", "net_increase", 68, "家", "2024")]


def test_new_high_tech_firms_after_the_name_are_left_without_an_indicator(catalog):
    # newly certified (a count of their own) or the stock's net increase? The reviewer says.
    c, total = extract_text("2024年，全区高新技术企业新增45家，总数达到142家。", catalog, region=JINAN)
    assert (c.indicator, c.statement_type, c.value, c.is_value) == (None, "net_increase", 45, False)
    assert c.confidence <= 0.3
    assert (total.indicator, total.statement_type, total.value) == ("high_tech_enterprises", "level", 142)


def test_a_level_followed_by_the_rank_of_its_growth(catalog):
    assert read(catalog, "2024年，全区输出技术合同成交额14.2亿元，增幅居全省第4位。") == [
        F("tech_contract_exported", "level", 14.2, "亿元", "2024"),
        F("tech_contract_exported", "rank", 4, "位", "2024", "全省", "growth")]


@pytest.mark.parametrize("text, rank, scope", [
    ("研发投入强度居同类县第2位。", 2, "同类县"),
    ("研发投入强度在全市开发区中排名第3。", 3, "全市开发区"),
    ("研发投入强度居全省第十二位。", 12, "全省"),
    ("研发投入强度在全省排名第七名。", 7, "全省"),
    ("研发投入强度居全市首位。", 1, "全市"),
    ("研发投入强度居全市第一。", 1, "全市"),
    ("研发投入强度居六安市各县区第2位。", 2, "六安市"),
])
def test_ranks_in_the_scopes_used_and_in_chinese_numerals(catalog, text, rank, scope):
    assert read(catalog, "2024年，" + text) == [F("rd_intensity", "rank", rank, "位", "2024", scope)]


@pytest.mark.parametrize("words, change", [("较上年提升5个位次", 5), ("较上年前移两位", 2),
                                           ("比上年后移1位", -1), ("排名较上年下降3位", -3)])
def test_rank_changes_take_the_scope_of_the_rank_beside_them(catalog, words, change):
    assert read(catalog, f"2024年，研发投入强度居全省第10位，{words}。") == [
        F("rd_intensity", "rank", 10, "位", "2024", "全省"),
        F("rd_intensity", "rank_change", change, "位", "2024", "全省")]


def test_a_change_on_another_period_than_last_year_is_not_a_rank_change(catalog):
    assert read(catalog, "2025年1-9月，研发投入强度居全省第5位，较上半年前移3位。") == [
        F("rd_intensity", "rank", 5, "位", "2025Q3", "全省")]


def test_a_move_between_two_ranks_gives_both_and_the_change(catalog):
    # the change is written across both ranks, so it is listed between them
    text = "2024年，战略性新兴产业产值占规上工业比重从2020年的全省第11位升至2024年的第6位。"
    assert read(catalog, text, LUAN) == [
        F("sei_share", "rank", 11, "位", "2020", "全省"), F("sei_share", "rank_change", 5, "位", "2024", "全省"),
        F("sei_share", "rank", 6, "位", "2024", "全省")]


def test_a_move_from_last_years_rank(catalog):
    assert read(catalog, "2024年，研发投入强度在全省的位次由上年的第十四位升至第十一位。", LUAN) == [
        F("rd_intensity", "rank", 14, "位", "2023", "全省"), F("rd_intensity", "rank_change", 3, "位", "2024", "全省"),
        F("rd_intensity", "rank", 11, "位", "2024", "全省")]


def test_a_move_whose_first_year_is_unsaid_leaves_that_year_open(catalog):
    cands = extract_text("2024年，研发投入在全省的位次从第58位升至第41位。", catalog, region=JINAN)
    assert [(c.statement_type, c.value, c.year) for c in cands] == [
        ("rank", 58, None), ("rank_change", 17, 2024), ("rank", 41, 2024)]


def test_ranks_without_a_verb_or_set_apart(catalog):
    assert read(catalog, "2024年，研发投入强度为3.05%，全市第2，较上年提升1个位次。") == [
        F("rd_intensity", "level", 3.05, "%", "2024"), F("rd_intensity", "rank", 2, "位", "2024", "全市"),
        F("rd_intensity", "rank_change", 1, "位", "2024", "全市")]
    assert read(catalog, "2024年，金安区高新技术产业增加值增速18.2%全市第1。", LUAN) == [
        F("high_tech_va_growth", "level", 18.2, "%", "2024"),
        F("high_tech_va_growth", "rank", 1, "位", "2024", "全市")]
    assert read(catalog, "2024年，全区研发投入强度2.31%（居全市第3）。") == [
        F("rd_intensity", "level", 2.31, "%", "2024"), F("rd_intensity", "rank", 3, "位", "2024", "全市")]


def test_a_rank_listed_after_another_in_a_second_scope(catalog):
    assert read(catalog, "2024年，全市高新技术企业486家，总量居全省第14位、皖北同类市第5位。", LUAN) == [
        F("high_tech_enterprises", "level", 486, "家", "2024"),
        F("high_tech_enterprises", "rank", 14, "位", "2024", "全省"),
        F("high_tech_enterprises", "rank", 5, "位", "2024", "皖北同类市")]


def test_one_rank_for_several_indicators(catalog):
    text = "2024年，全市输出技术合同成交额86.3亿元、吸纳技术合同成交额102.5亿元，两项指标增幅均居全省首位。"
    assert read(catalog, text, LUAN) == [
        F("tech_contract_exported", "level", 86.3, "亿元", "2024"),
        F("tech_contract_absorbed", "level", 102.5, "亿元", "2024"),
        F("tech_contract_exported", "rank", 1, "位", "2024", "全省", "growth"),
        F("tech_contract_absorbed", "rank", 1, "位", "2024", "全省", "growth")]


@pytest.mark.parametrize("text", ["全省首批12家省级新型研发机构中，我区占据三席。",
                                  "全省首批12家省级新型研发机构我区占3席。"])
def test_seats_among_a_provinces_first_batch(catalog, text):
    [c] = extract_text("2024年，" + text, catalog, region=JINAN)
    assert (c.indicator, c.value, c.unit, c.out_of, c.basis) == ("new_rd_institutions", 3, "席", 12, "seats")


def test_growth_in_multiples_and_doublings(catalog):
    assert read(catalog, "2024年，全县入库科技型中小企业增长2.6倍，达到186家。") == [
        F("tech_smes", "growth", 260, "%", "2024"), F("tech_smes", "level", 186, "家", "2024")]
    assert read(catalog, "2024年，全区研发投入较上年翻一番。") == [F("rd_expenditure", "growth", 100, "%", "2024")]


def test_growth_over_a_plan_next_to_its_yearly_average(catalog):
    text = "全市高新技术企业数从2020年的327家增加到2024年的812家，“十四五”期间增长1.5倍，年均增长25.5%。"
    assert read(catalog, text, LUAN) == [
        F("high_tech_enterprises", "level", 327, "家", "2020"), F("high_tech_enterprises", "level", 812, "家", "2024"),
        F("high_tech_enterprises", "growth", 150, "%", "2021-2024"),
        F("high_tech_enterprises", "avg_growth", 25.5, "%", "2021-2024")]


def test_growth_on_a_named_base_year_is_a_growth_over_the_years_since(catalog):
    assert read(catalog, "2024年，全区R&D经费支出较2020年增长45%。") == [
        F("rd_expenditure", "growth", 45, "%", "2021-2024")]


@pytest.mark.parametrize("words", ["占规上工业比重达21.6%", "占规上工业产值的比重为21.6%",
                                   "所占规上工业比重为21.6%"])
def test_shares_of_a_ratio_indicator(catalog, words):
    assert read(catalog, f"2024年，战略性新兴产业产值达到186.3亿元，{words}。", ZONE) == [
        F("sei_output", "level", 186.3, "亿元", "2024"), F("sei_share", "share", 21.6, "%", "2024")]


def test_a_share_whose_whole_goes_unsaid_is_the_catalogs_one_percentage_of_it(catalog):
    assert read(catalog, "2024年，战略性新兴产业产值达到186.3亿元，所占比重为41.5%。") == [
        F("sei_output", "level", 186.3, "亿元", "2024"), F("sei_share", "share", 41.5, "%", "2024")]
    assert read(catalog, "2024年，战略性新兴产业产值占比达到35.2%。") == [F("sei_share", "level", 35.2, "%", "2024")]
    # the share of firms with R&D among all firms is no catalog indicator
    assert read(catalog, "2024年，开展研发活动的规上工业企业占比达到48.6%，共有72家。") == [
        F("enterprises_with_rd", "level", 72, "家", "2024")]


def test_a_share_of_the_city_and_an_inexact_one(catalog):
    assert read(catalog, "2024年，输出技术合同成交额326.8亿元，占全市的比重为38.5%。") == [
        F("tech_contract_exported", "level", 326.8, "亿元", "2024"),
        F("tech_contract_exported", "share", 38.5, "%", "2024", "全市")]
    assert read(catalog, "2024年，高新技术企业2137家，约占全市的三分之一。") == [
        F("high_tech_enterprises", "level", 2137, "家", "2024")]


def test_a_change_of_a_percentage_in_points(catalog):
    assert read(catalog, "2024年，研发投入强度达到2.18%，较上年提高0.15个百分点。") == [
        F("rd_intensity", "level", 2.18, "%", "2024"), F("rd_intensity", "net_increase", 0.15, "百分点", "2024")]


@pytest.mark.parametrize("text, kind, value, when", [
    ("2024年，预计全年全社会研发投入可达52亿元。", "forecast", 52, "2024"),
    ("2024年，力争全社会研发投入达到24亿元。", "target", 24, "2024"),
    ("到2027年，全市研发投入强度力争达到3.2%。", "target", 3.2, "2027"),
    ("2025年计划发明专利授权量完成1200件。", "target", 1200, "2025"),
    ("2024年，全区研发投入目标为9.5亿元。", "target", 9.5, "2024"),
])
def test_targets_and_forecasts_are_never_levels(catalog, text, kind, value, when):
    [c] = extract_text(text, catalog, region=JINAN)
    assert (c.statement_type, c.value, period(c), c.is_value) == (kind, pytest.approx(value), when, False)


def test_a_target_carries_over_the_clauses_of_its_sentence_and_a_plan_section(catalog):
    text = ("金安区2024年工作总结\n一、主要成效\n全区高新技术企业达到142家。\n三、2025年工作打算\n"
            "全社会研发投入增长12%以上，研发投入强度达到2.15%，高新技术企业数达到160家。\n"
            "力争全年研发投入突破9.5亿元，入库科技型中小企业达到300家。")
    assert read(catalog, text) == [
        F("high_tech_enterprises", "level", 142, "家", "2024"),
        F("rd_intensity", "target", 2.15, "%", "2025"), F("high_tech_enterprises", "target", 160, "家", "2025"),
        F("rd_expenditure", "target", 9.5, "亿元", "2025"), F("tech_smes", "target", 300, "家", "2025")]


def test_a_forecast_for_the_whole_year_in_a_half_year_report(catalog):
    text = "金寨县2025年上半年科技工作进展情况\n上半年，全县吸纳技术合同成交额完成1.26亿元。\n预计全年吸纳技术合同成交额可达2.2亿元。"
    assert read(catalog, text, "341524") == [
        F("tech_contract_absorbed", "level", 1.26, "亿元", "2025Q2"),
        F("tech_contract_absorbed", "forecast", 2.2, "亿元", "2025")]


@pytest.mark.parametrize("words, quarter", [("今年1-9月", 3), ("上半年", 2), ("一季度", 1),
                                            ("截至6月底", 2), ("前三季度", 3)])
def test_half_year_and_quarter_spans_take_the_year_from_the_heading(catalog, words, quarter):
    text = f"2025年科技创新工作进展\n{words}，全区发明专利授权量达到120件。"
    assert read(catalog, text) == [F("invention_patents_granted", "level", 120, "件", f"2025Q{quarter}")]


def test_a_title_that_names_the_year_and_its_part(catalog):
    text = "滁州市2025年前三季度科技创新工作进展情况\n1-9月，全市输出技术合同成交额完成96.4亿元。"
    assert read(catalog, text, "341100") == [F("tech_contract_exported", "level", 96.4, "亿元", "2025Q3")]


def test_a_quarter_report_without_a_year_in_its_title_takes_the_signing_date(catalog):
    text = "蚌埠市前三季度科技创新主要指标运行分析\n全市发明专利授权量达到1526件。\n蚌埠市科学技术局\n2025年10月15日"
    assert read(catalog, text, "340300") == [F("invention_patents_granted", "level", 1526, "件", "2025Q3")]
    [c] = extract_text(text, catalog, region="340300")
    assert c.year_source == "date"


def test_a_part_of_a_year_that_is_no_quarter_leaves_the_period_open(catalog):
    [c] = extract_text("2024年1-10月，全市输出技术合同成交额38.6亿元。", catalog, region=LUAN)
    assert (c.value, c.year) == (38.6, None)


def test_text_pasted_from_a_pdf_with_breaks_inside_words_and_numbers(catalog):
    lines = ["舒城县2024年科技创新工作总结",
             "　　全县全社会研发投入 21.7 亿元，同比增长 15.6 %，研发投",
             "入强度为 2.46 %。全县高新技术企业达到 96 家，较上年净增",
             " 14 家；新认定高新技术企业 2",
             "7 家，发明专利授权量 143 件。",
             "二、下步工作",
             "　　力争高新技术企业突破 110 家。"]
    text = "\n".join(lines)
    cands = extract_text(text, catalog, region="341523")
    assert read(catalog, text, "341523") == [
        F("rd_expenditure", "level", 21.7, "亿元", "2024"), F("rd_expenditure", "growth", 15.6, "%", "2024"),
        F("rd_intensity", "level", 2.46, "%", "2024"), F("high_tech_enterprises", "level", 96, "家", "2024"),
        F("high_tech_enterprises", "net_increase", 14, "家", "2024"),
        F("high_tech_enterprises_new", "level", 27, "家", "2024"),
        F("invention_patents_granted", "level", 143, "件", "2024"),
        F("high_tech_enterprises", "target", 110, "家", "2024")]
    for c in cands:  # the offsets still slice the figure and its sentence out of the original
        assert text[c.start:c.end] == c.sentence
        assert text[c.match_start:c.match_end].find(c.raw) != -1
    assert [c.raw for c in cands][5] == "2\n7 家"


def test_headings_and_signatures_of_a_pdf_are_not_joined_to_the_text():
    text = "一、主要指标情况\n　　全县研发投入达到\n21.7亿元，同比增长\n15.6%，居全市第\n3位。\n二、重点工作"
    assert [s.text.replace("\n", "|") for s in split_sentences(text)] == [
        "一、主要指标情况", "全县研发投入达到|21.7亿元，同比增长|15.6%，居全市第|3位。", "二、重点工作"]


def test_text_pasted_from_a_web_page(catalog):
    text = ("芜湖市2024年科技创新工作综述\n发布时间: 2025-01-08 10:32  来源: 市科技局  浏览次数: 1286\n"
            "2024年, 区域创新能力继续保持全省第2位. 全市全社会研发投入达到 268.5 亿元, 同比增长 12.8%.")
    assert read(catalog, text, "340200") == [
        F("rd_expenditure", "level", 268.5, "亿元", "2024"), F("rd_expenditure", "growth", 12.8, "%", "2024")]
    assert {c.region for c in extract_text(text, catalog, region="340200")} == {"340200"}


def test_masked_values_and_years_are_never_figures(catalog):
    text = ("XX县202X年推进创新驱动发展情况汇报\n202x年，全县研发投入达到xx亿元，同比增长xx%。\n"
            "全县高新技术企业总数达到86家，居全市第x位；在孵企业**家。")
    [c] = extract_text(text, catalog, region="341522")
    assert (c.indicator, c.value, c.year, c.year_source) == ("high_tech_enterprises", 86, None, "placeholder")


def test_tables_in_a_word_report_by_year_and_by_region(catalog):
    d = docx.Document()
    d.add_paragraph("宣城经开区2024年科技创新工作总结")
    d.add_paragraph("表1  主要科技创新指标（2022—2024年）")
    rows = [["指标", "单位", "2023年", "2024年", "2024年同比增长(%)"],
            ["全社会研发投入", "亿元", "7.92", "9.05", "14.3"],
            ["高新技术企业数", "家", "139", "163", "17.3"],
            ["省级以上科技企业孵化器", "家", "3", "3", "—"],
            ["规上工业增加值", "亿元", "56.1", "60.2", "7.3"]]  # not in the catalog: not read
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph("附表  2024年各县区主要指标")
    by_region = [["县区", "全社会研发投入（亿元）", "研发投入强度（%）", "研发投入强度全市排名"],
                 ["金安区", "8.62", "2.18", "3"], ["全市", "58.70", "2.02", "—"]]
    table = d.add_table(rows=3, cols=4)
    for r, row in enumerate(by_region):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    document = load_document(buf.getvalue(), "宣城经开区.docx")
    cands = extract_document(document, catalog, region="Z341800-01")
    got = [(c.indicator, c.statement_type, c.value, period(c), c.region, canonical_scope(c.scope))
           for c in cands]
    assert got == [
        ("rd_expenditure", "level", 7.92, "2023", "Z341800-01", None),
        ("rd_expenditure", "level", 9.05, "2024", "Z341800-01", None),
        ("rd_expenditure", "growth", 14.3, "2024", "Z341800-01", None),
        ("high_tech_enterprises", "level", 139, "2023", "Z341800-01", None),
        ("high_tech_enterprises", "level", 163, "2024", "Z341800-01", None),
        ("high_tech_enterprises", "growth", 17.3, "2024", "Z341800-01", None),
        ("incubators", "level", 3, "2023", "Z341800-01", None),
        ("incubators", "level", 3, "2024", "Z341800-01", None),
        ("rd_expenditure", "level", 8.62, "2024", JINAN, None),
        ("rd_intensity", "level", 2.18, "2024", JINAN, None),
        ("rd_intensity", "rank", 3, "2024", JINAN, "全市"),
        ("rd_expenditure", "level", 58.70, "2024", "Z341800-01", None),  # 全市 is the report's own
        ("rd_intensity", "level", 2.02, "2024", "Z341800-01", None)]
    for c in cands:  # the row is the sentence; the cell is the figure
        assert document.text[c.start:c.end] == c.sentence and document.text[c.match_start:c.match_end] == c.raw


def test_a_table_amount_without_a_unit_is_not_read(catalog):
    text = "2024年主要指标\n指标\t2024年\n全社会研发投入\t9.05\n高新技术企业数\t163"
    assert read(catalog, text) == [F("high_tech_enterprises", "level", 163, "家", "2024")]


# -- §2: never a number that is not the figure stated ------------------------------------------

NOT_FIGURES = [
    "根据《关于印发推进科技创新若干政策的通知》（合政〔2024〕15号）和市政府第23次常务会议部署。",
    "发布时间: 2025-01-08 10:32，浏览次数: 1286。",
    "（三）全力打造“4+4”现代产业体系，5G、人工智能等新兴产业加快集聚。",
    "联系人：赵强，电话：0555-2356789，13805551234。",
    "附件：1.2024年度科技创新主要指标完成情况表",
    "2024年，研发投入强度低于全省平均水平（2.56%）。",
    "2024年，入库科技型中小企业完成年度目标任务的110.3%。",
    "2024年，规上工业企业研发费用同比下降2.7%，企业满意度达到98.5%。",
    "2024年，全县高新技术企业数量突破200家。",
    "2024年，今年第一批次高新技术企业认定申报企业412家，较去年同期增加86家。",
    "2024年，园区规上工业企业研发投入12.8亿元，同比增长16.3%。",
    "2024年，全县科技特派员实现全县182个行政村全覆盖。",
    "2024年，在全省县域创新能力监测评价中排名第十二位。",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_numbers_that_are_not_indicator_figures_are_never_read(catalog, text):
    assert [c for c in extract_text(text, catalog, region=JINAN) if c.indicator] == []
