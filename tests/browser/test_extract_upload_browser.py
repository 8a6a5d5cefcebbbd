"""The Upload page's "从文字报告提取" tab in a real Chromium: paste a progress report, extract,
accept some figures, correct one, reject one, fill in the year the report left open
("20XX年"), import, and find the values in the SQLite file with the report as provenance.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from db.accounts import audit_entries
from db.models import Observation, Upload
from db.session import session_scope
from etl.extract import Catalog, extract_text
from db.accounts import add_user
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_pages import open_page

JINAN = "341502"  # 六安市金安区
HEFEI = "340100"
TITLE = "金安区2024年推进创新驱动发展情况汇报"
REPORT = f"""{TITLE}
一、主要指标完成情况
2024年，全区高新技术企业总数达到138家，较上年净增21家，同比增长17.9%，居全市第1位。全社会研发投入达到23.6亿元，增速12.1%。
战略性新兴产业产值达到186.5亿元，占规上工业产值比重达27%。
20XX年，全区科技企业孵化器达到5家。
"""


def row_ids() -> dict[tuple[str, str], int]:
    """The grid's row id of each candidate (its position in the extraction)."""
    candidates = extract_text(REPORT, Catalog.from_files("340000"), region=JINAN)
    return {(c.indicator, c.statement_type): i for i, c in enumerate(candidates)}


def cell(page, row_id: int, column: str):
    return page.locator(f".xr-grid .ag-row[row-id='{row_id}'] [col-id='{column}']")


def tick(page, row_id: int) -> None:
    """Toggle a row's box and wait until the grid shows it toggled. The grid toggles on the
    client at once (no server call); on a loaded machine a click that lands while the grid
    is still laying out its rows is lost (seen in CI), so a click that changed nothing after
    a few seconds is made again."""
    box = cell(page, row_id, "accepted").locator("input[type=checkbox]")
    wanted = not box.is_checked()
    for _ in range(3):
        box.click()
        try:
            expect(box).to_be_checked(checked=wanted, timeout=4000)
            return
        except AssertionError:
            if box.is_checked() == wanted:
                return
    expect(box).to_be_checked(checked=wanted)


def edit(page, row_id: int, column: str, text: str) -> None:
    cell(page, row_id, column).dblclick()
    editor = cell(page, row_id, column).locator("input")
    editor.fill(text)
    editor.press("Enter")
    expect(cell(page, row_id, column)).to_contain_text(text)


def open_extraction(page, live_app, text: str = REPORT, region: str | None = "六安市 · 金安区") -> None:
    open_page(page, live_app.url + "/upload")
    page.get_by_role("tab", name="从文字报告提取").click()
    page.locator("#xr-text").fill(text)
    if region:
        page.locator("#xr-region").click()
        page.locator(".dash-dropdown-search").fill(region.split(" · ")[-1])
        page.get_by_role("option", name=region, exact=True).click()
    page.locator("#xr-run").click()
    page.locator("#xr-found").wait_for()


def stored(engine) -> dict[str, tuple]:
    with session_scope(engine) as s:
        rows = s.scalars(select(Observation).where(Observation.region_code == JINAN,
                                                   Observation.year == 2024,
                                                   Observation.quarter == 0))
        return {o.indicator_code: (o.value, o.sheet, o.cell, o.upload_id) for o in rows}


def test_a_pasted_report_is_reviewed_corrected_and_imported_with_its_sentences_as_provenance(
        page, as_uploader, live_app):
    ids = row_ids()
    level, rd, sei = (ids[("high_tech_enterprises", "level")], ids[("rd_expenditure", "level")],
                      ids[("sei_output", "level")])
    incubators, growth = ids[("incubators", "level")], ids[("high_tech_enterprises", "growth")]
    before = stored(live_app.engine)
    open_extraction(page, live_app)
    found = page.locator("#xr-found").inner_text()
    assert f"在“{TITLE}.txt”中找到 {len(ids)} 条候选" in found and "1 条的年份无法确定" in found
    # Each candidate with its sentence and the figure marked, its year and why.
    assert cell(page, rd, "sentence").locator("mark").inner_text() == "23.6亿元"
    assert "全社会研发投入达到23.6亿元" in cell(page, rd, "sentence").inner_text()
    assert "前文“2024年”" in cell(page, rd, "year").inner_text()
    assert "待填写" in cell(page, incubators, "year").inner_text()
    assert cell(page, growth, "accepted").locator("input").is_disabled(), "a growth rate is not a value"

    for row in (level, rd, sei, incubators):
        tick(page, row)
    tick(page, sei)  # rejected after all
    edit(page, rd, "value", "24.1")  # the reviewer corrects a figure
    assert cell(page, rd, "value").inner_text() == "24.1 亿元"

    page.locator("#xr-import").click()
    # Waited for visible, not for its text: the answer is in the DOM a moment before
    # dcc.Loading takes its "visibility: hidden" off, and inner_text is "" until then (seen in CI).
    page.locator("#xr-outcome", has_text="年份未知").wait_for()  # names what it shows instead
    assert f"第 {incubators + 1} 行" in page.locator("#xr-outcome").inner_text()
    assert stored(live_app.engine) == before, "nothing is stored while a year is open"

    edit(page, incubators, "year", "2024")
    page.locator("#xr-import").click()
    page.locator("#xr-outcome", has_text="已从").wait_for()
    assert page.locator("#xr-outcome").inner_text() == (
        f"已从“{TITLE}.txt”导入：新增 1 条，修改 2 条，未变 0 条。")

    after = stored(live_app.engine)
    sentence = {i: c for i, c in enumerate(extract_text(REPORT, Catalog.from_files("340000"),
                                                         region=JINAN))}
    assert after["rd_expenditure"][:3] == (24.1, "正文", sentence[rd].cell)
    assert after["high_tech_enterprises"][:3] == (138, "正文", sentence[level].cell)
    assert after["incubators"][:3] == (5, "正文", sentence[incubators].cell)
    assert "sei_output" not in after, "an unticked figure is not imported"
    with session_scope(live_app.engine) as s:
        upload = s.get(Upload, after["rd_expenditure"][3])
        assert (upload.file_name, upload.source, upload.uploaded_by) == (f"{TITLE}.txt", "text", as_uploader)
    assert audit_entries(live_app.engine)[0]["action"] == "upload_loaded"
    assert f"{TITLE}.txt" in page.locator("#history-table").inner_text()


def test_an_uploader_for_another_city_cannot_import_figures_about_jinan(page, live_app):
    """合肥's uploader: the region editor offers 合肥's regions only, and a figure the report
    places in 金安区 is refused with the region named; nothing is stored."""
    add_user(live_app.engine, "hefei-uploader", PASSWORD, "uploader", [HEFEI])
    sign_in(page, live_app, "hefei-uploader", next_path="/upload")
    before = stored(live_app.engine)
    open_extraction(page, live_app, "2024年，金安区高新技术企业总数达到138家。", region=None)
    tick(page, 0)
    cell(page, 0, "region").dblclick()
    cell(page, 0, "region").locator(".ag-picker-field-wrapper").click()
    page.locator(".ag-select-list .ag-list-item").first.wait_for()
    options = page.locator(".ag-select-list .ag-list-item").all_inner_texts()
    # 合肥's regions, and the row's own region first so that opening the editor changes nothing
    assert options[:2] == ["金安区", "合肥市"] and "六安市" not in options
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.locator("#xr-import").click()
    page.locator("#xr-outcome", has_text="未导入").wait_for()
    assert "1 个错误" in page.locator("#xr-outcome").inner_text()
    assert "无权上传地区“341502”" in page.locator("#xr-problems-table").inner_text()
    assert stored(live_app.engine) == before
    assert audit_entries(live_app.engine)[0]["action"] == "upload_rejected"


def test_a_dropped_docx_fills_the_text_box_and_names_the_import(page, as_uploader, live_app, tmp_path):
    import docx

    report = docx.Document()
    for line in REPORT.strip().split("\n"):
        report.add_paragraph(line)
    path = tmp_path / "金安区汇报.docx"
    report.save(path)
    open_page(page, live_app.url + "/upload?tab=text")
    page.locator("#xr-file input[type=file]").set_input_files(path)
    page.locator("#xr-file-message", has_text="已读取文件").wait_for()
    assert page.locator("#xr-text").input_value().startswith(TITLE)
    page.locator("#xr-run").click()
    page.locator("#xr-found").wait_for()
    assert "在“金安区汇报.docx”中找到" in page.locator("#xr-found").inner_text()


def test_the_tab_reads_in_english(page, as_uploader, live_app):
    open_page(page, live_app.url + "/upload?tab=text&lang=en")
    assert page.get_by_role("tab", name="Extract from a report").is_visible()
    page.locator("#xr-text").fill(REPORT)
    page.locator("#xr-run").click()
    page.locator("#xr-found", has_text="candidates").wait_for()
    # The grid draws its rows a moment after the answer that says how many were found.
    expect(page.locator(".xr-grid")).to_contain_text("placeholder 20XX年: fill it in",
                                                      timeout=20_000)
