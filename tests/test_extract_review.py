"""The review behind the Upload page's "从文字报告提取" tab: candidates become grid rows that
nobody has accepted yet, the user's ticks and edits come back as candidates, a year that the
report leaves open ("20XX年") blocks the import until the user fills it in, and the import
stores through import_candidates with the document as provenance, the user's regions only,
the upload history and the audit log.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.upload import extract_panel, extract_review
from db.accounts import add_user, allowed_regions, audit_entries
from db.models import Observation, Upload
from db.session import session_scope
from etl.extract import Catalog, extract_text
from etl.readers import UnreadableFile

JINAN = "341502"  # 六安市金安区
LUAN = "341500"
HEFEI = "340100"
TITLE = "金安区2024年推进创新驱动发展情况汇报"
REPORT = f"""{TITLE}
2024年，全区高新技术企业总数达到138家，较上年净增21家，同比增长17.9%。全社会研发投入达到23.6亿元。
高新技术产业增加值同比增长１２。６%。
20XX年，全区科技企业孵化器达到5家。
"""


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_files("340000")


@pytest.fixture(scope="module")
def candidates(catalog):
    return extract_text(REPORT, catalog, region=JINAN)


def row_of(rows, indicator, statement_type="level"):
    return next(r for r in rows if r["indicator"] == indicator and r["statement_type"] == statement_type)


def stored(engine):
    with session_scope(engine) as s:
        return {o.indicator_code: (o.region_code, o.year, o.value, o.sheet, o.cell, o.upload_id)
                for o in s.scalars(select(Observation))}


# --- Rows for the grid ------------------------------------------------------------------------

def test_rows_hold_every_candidate_unaccepted_with_the_figure_marked_in_its_exact_sentence(candidates):
    rows = extract_review.candidate_rows(candidates)
    assert len(rows) == len(candidates) and [r["row"] for r in rows] == list(range(1, len(rows) + 1))
    assert not any(r["accepted"] for r in rows), "nothing is imported that the user did not tick"
    for row, c in zip(rows, candidates):
        assert row["before"] + row["figure"] + row["after"] == c.sentence == REPORT[c.start:c.end]
    level = row_of(rows, "high_tech_enterprises")
    assert (level["figure"], level["value"], level["unit"], level["year"]) == ("138家", 138, "家", 2024)
    assert row_of(rows, "high_tech_va_growth")["figure"] == "１２。６%"  # as written, full-width
    growth = row_of(rows, "high_tech_enterprises", "growth")
    assert growth["figure"] == "17.9%" and growth["is_value"] is False


def test_a_placeholder_year_is_left_empty_with_its_reason(candidates):
    incubators = row_of(extract_review.candidate_rows(candidates), "incubators")
    assert incubators["year"] is None and "20XX" in incubators["year_note"]
    summary = extract_review.summarise(candidates)
    assert (summary.n_candidates, summary.n_values, summary.n_no_year) == (len(candidates), 4, 1)


def test_accept_all_ticks_only_the_values_and_untick_all_clears_them(candidates):
    rows = extract_review.accept_all_values(extract_review.candidate_rows(candidates))
    assert {r["indicator"] for r in rows if r["accepted"]} == {
        "high_tech_enterprises", "rd_expenditure", "high_tech_va_growth", "incubators"}
    assert all(r["is_value"] for r in rows if r["accepted"])
    assert not any(r["accepted"] for r in extract_review.accept_all_values(rows, False))


# --- Documents --------------------------------------------------------------------------------

def test_pasted_text_is_named_after_its_title_and_a_dropped_file_keeps_its_name():
    assert extract_review.pasted_document(REPORT).name == f"{TITLE}.txt"
    assert extract_review.pasted_document("\n  \n研发投入/强度 2.1%").name == "研发投入／强度 2.1%.txt"
    dropped = extract_review.document_to_store(extract_review.read_document(REPORT.encode("gbk"), "汇报.txt"))
    assert extract_review.chosen_document(REPORT, dropped).name == "汇报.txt"
    edited = extract_review.chosen_document(REPORT + "补充。", dropped)
    assert edited.name == f"{TITLE}.txt" and edited.text.endswith("补充。")
    assert extract_review.chosen_document("   ", dropped) is None


def test_only_txt_and_docx_files_are_read():
    with pytest.raises(UnreadableFile):
        extract_review.read_document(b"PK\x03\x04 not a report", "季报.xlsx")


# --- Back from the grid -----------------------------------------------------------------------

def test_review_takes_the_ticked_rows_with_the_users_edits(candidates):
    rows = extract_review.candidate_rows(candidates)
    level = row_of(rows, "high_tech_enterprises")
    rd = row_of(rows, "rd_expenditure")
    growth = row_of(rows, "high_tech_enterprises", "growth")
    level.update(accepted=True, value="140", year=2025.0, region=LUAN)
    rd.update(accepted=True, indicator="rd_expenditure")
    growth["accepted"] = True  # not a value: cannot be imported even if ticked
    review = extract_review.reviewed(rows)
    assert review.ok
    assert [(c.indicator, c.value, c.year, c.region) for c in review.candidates] == [
        ("high_tech_enterprises", 140.0, 2025, LUAN), ("rd_expenditure", 23.6, 2024, JINAN)]
    assert review.candidates[0].cell == f"c{level['start']}-{level['end']}"


def test_review_lists_rows_whose_year_region_or_value_is_missing_and_never_fills_them_in(candidates):
    rows = extract_review.accept_all_values(extract_review.candidate_rows(candidates))
    row_of(rows, "rd_expenditure")["region"] = None
    row_of(rows, "high_tech_va_growth")["value"] = "abc"
    review = extract_review.reviewed(rows)
    assert not review.ok
    assert review.missing_year == [row_of(rows, "incubators")["row"]]
    assert review.missing_region == [row_of(rows, "rd_expenditure")["row"]]
    assert review.bad_value == [row_of(rows, "high_tech_va_growth")["row"]]
    assert [c.indicator for c in review.candidates] == ["high_tech_enterprises"]
    message = extract_panel.review_alert(review, "zh").children
    assert f"第 {review.missing_year[0]} 行的年份未知" in message and "20XX年" in message
    assert "fill it in under Year" in extract_panel.review_alert(review, "en").children
    assert extract_review.valid_year("20XX") is None and extract_review.valid_year(1900) is None
    assert extract_review.valid_year("2024") == 2024


def test_a_figure_whose_indicator_the_report_leaves_unclear_waits_for_the_reviewer(catalog):
    # "高新技术企业新增45家": newly certified, or the stock's net increase? Not guessed.
    [unclear] = extract_text("2024年，全区高新技术企业新增45家。", catalog, region=JINAN)
    assert unclear.indicator is None and not unclear.is_value
    [level] = extract_text("2024年，全区高新技术企业达到138家。", catalog, region=JINAN)
    rows = extract_review.candidate_rows([level])
    rows[0].update(accepted=True, indicator=None)  # a value row whose indicator was cleared
    review = extract_review.reviewed(rows)
    assert not review.ok and review.missing_indicator == [1] and review.candidates == []
    assert extract_panel.review_alert(review, "zh").children == "第 1 行没有指标，请先在“指标”列选择；未导入任何数据。"
    assert "choose it under Indicator" in extract_panel.review_alert(review, "en").children
    rows[0]["indicator"] = "high_tech_enterprises"
    assert extract_review.reviewed(rows).ok


def test_nothing_ticked_says_so():
    review = extract_review.reviewed([])
    assert not review.ok
    assert extract_panel.review_alert(review, "zh").children == "还没有勾选任何数值，未导入。"


# --- Import into the real database ------------------------------------------------------------

def test_import_stores_the_accepted_and_edited_values_with_document_provenance_and_audit(engine):
    document = extract_review.pasted_document(REPORT)
    rows = extract_review.candidate_rows(extract_review.extract(engine, document, JINAN))
    row_of(rows, "high_tech_enterprises")["accepted"] = True
    rd = row_of(rows, "rd_expenditure")
    rd.update(accepted=True, value=24.1)  # corrected by the reviewer
    incubators = row_of(rows, "incubators")
    incubators.update(accepted=True, year=2024)  # the 20XX year, filled in
    review = extract_review.reviewed(rows)
    report = extract_review.import_reviewed(engine, review, document, "analyst", None)
    assert (report.outcome, report.n_new) == ("loaded", 3), [p.line() for p in report.errors]
    values = stored(engine)
    assert set(values) == {"high_tech_enterprises", "rd_expenditure", "incubators"}
    assert values["rd_expenditure"][:5] == (JINAN, 2024, 24.1, "正文", f"c{rd['start']}-{rd['end']}")
    assert values["incubators"][1:3] == (2024, 5)
    with session_scope(engine) as s:
        upload = s.get(Upload, values["rd_expenditure"][5])
        assert (upload.file_name, upload.source, upload.uploaded_by) == (f"{TITLE}.txt", "text", "analyst")
    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"], entry["file"]) == ("analyst", "upload_loaded", f"{TITLE}.txt")
    again = extract_review.import_reviewed(engine, review, document, "analyst", None)
    assert again.outcome == "unchanged"
    assert "没有改动" in extract_panel.import_alert(again, document.name, "zh").children


def test_an_uploader_cannot_import_for_a_region_outside_their_own(engine):
    account = add_user(engine, "hefei-uploader", "correct horse battery", "uploader", [HEFEI])
    document = extract_review.pasted_document(REPORT)
    rows = extract_review.candidate_rows(extract_review.extract(engine, document, JINAN))
    row_of(rows, "high_tech_enterprises")["accepted"] = True
    review = extract_review.reviewed(rows)
    report = extract_review.import_reviewed(engine, review, document, account.name,
                                            allowed_regions(engine, account), HEFEI)
    assert report.outcome == "rejected"
    assert [(p.rule, p.raw, p.sheet) for p in report.errors] == [("region_not_allowed", JINAN, "正文")]
    assert stored(engine) == {}
    with session_scope(engine) as s:
        assert s.scalar(select(Upload.outcome).where(Upload.file_name == f"{TITLE}.txt")) == "rejected"
    assert audit_entries(engine)[0]["action"] == "upload_rejected"
    assert "1 个错误" in extract_panel.import_alert(report, document.name, "zh").children
    # The same rows for a region the uploader holds go through.
    luan = add_user(engine, "luan-uploader", "correct horse battery", "uploader", [LUAN])
    ok = extract_review.import_reviewed(engine, review, document, luan.name, allowed_regions(engine, luan))
    assert ok.outcome == "loaded" and stored(engine)["high_tech_enterprises"][0] == JINAN


def test_review_columns_show_codes_by_name_and_offer_only_the_users_regions():
    columns = {c["field"]: c for c in extract_panel.review_columns(
        "zh", {"rd_expenditure": "全社会研发投入"}, {JINAN: "金安区", HEFEI: "合肥市"})}
    assert columns["region"]["refData"][HEFEI] == "合肥市"
    grid = extract_panel.review_grid(list(columns.values()), [JINAN], "zh")
    assert grid.dashGridOptions["context"] == {"regions": [JINAN]}
    assert columns["sentence"]["cellRenderer"] == "ExtractSentence"  # text nodes, never HTML
    for field in ("accepted", "value", "indicator", "year", "region"):
        assert columns[field]["editable"] == extract_panel.IF_VALUE
    assert columns["year"]["cellRenderer"] == "ExtractYear" and "notes" not in columns["year"]["cellRendererParams"]
    english = {c["field"]: c for c in extract_panel.review_columns("en", {}, {})}
    assert english["year"]["cellRendererParams"]["notes"]["placeholder"].startswith("placeholder")
