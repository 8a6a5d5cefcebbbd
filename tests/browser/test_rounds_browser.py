"""The reporting round's whole cycle in a real headless Chromium, for 六安市's districts: two
uploaders send their sheets from the Upload page, the reviewer returns one with a comment on
its cell from the round board, its uploader sees the comment on the Upload page, corrects and
sends again, the reviewer approves both. At every step the board, the public Overview and
the drafted report show only what is approved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import openpyxl

from db.accounts import add_user, review_regions
from etl.rounds import open_round, regions_under
from reports.draft import build_draft
from reports.markdown_writer import to_markdown
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_accessibility import blocking_violations, settle
from tests.browser.test_pages import open_page
from tests.sample_data import LUAN

JINAN, YUAN = "341502", "341503"
PERIOD = "2025年1-9月"
REVIEWER = "luan-reviewer"


def _sheet(tmp_path, name: str, row: tuple) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PERIOD
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    ws.append(list(row))
    path = tmp_path / name
    wb.save(path)
    return str(path)


def _as(page, live_app, name: str, path: str = "/") -> None:
    page.context.clear_cookies()
    sign_in(page, live_app, name, PASSWORD, path)


def _send(page, live_app, path: str) -> str:
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(path)
    page.locator("#upload-round-note").wait_for()
    page.locator("#upload-confirm").click()
    page.locator("#upload-result").wait_for()
    return page.locator("#upload-result").inner_text()


def _status(page, region: str) -> str:
    return page.locator(f"#round-status-{region}").inner_text()


def _public_overview(page, live_app, region: str) -> str:
    page.context.clear_cookies()
    open_page(page, f"{live_app.url}/?region={region}&period=2025Q3")
    return page.locator("#main-content").inner_text()


def _report(live_app, region: str) -> str:
    draft = build_draft(live_app.engine, region, 2025, 3)
    return to_markdown(draft) if draft.sections else ""


PENDING_DATA = f"/data?region={JINAN}&indicator=rd_expenditure&period=2025Q3"


def _sees_pending(page, live_app) -> None:
    """The uploader turns "include pending" on: the Data page lists the value waiting for
    review, marked, with where it was sent; the Trends chart draws it and says so. The Upload
    page links each submission awaiting review to the Data page with the switch on."""
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-awaiting-list").get_by_role("link", name="在数据页查看其数值").click()
    page.wait_for_url(f"**/data?region={JINAN}&indicator=all&period=2025Q3&pending=1")
    page.locator("#observations-grid .ag-row", has_text="待审").first.wait_for()
    open_page(page, live_app.url + PENDING_DATA)
    assert "12.34" not in page.locator("#main-content").inner_text()
    page.get_by_label("含待审数据").check()
    page.wait_for_url("**pending=1**")
    assert page.get_by_label("含待审数据").is_checked()
    row = page.locator("#observations-grid .ag-row", has_text="待审")
    row.first.wait_for()
    assert "12.34" in row.first.inner_text()
    row.first.click()
    page.locator("#pending-note").wait_for()
    assert "金安区.xlsx" in page.locator("#provenance-panel").inner_text()
    assert blocking_violations(page) == []
    open_page(page, f"{live_app.url}/trends?region={JINAN}&indicator=rd_expenditure"
                    "&period=2025Q3&pending=1")
    assert "含 1 个待审值" in page.locator("#trends-pending-note").inner_text()
    assert "待审" in page.locator("#trends-graph").inner_text()  # the legend's entry
    settle(page)
    assert blocking_violations(page) == []


def test_round_cycle_for_luan_districts(page, live_app, tmp_path):
    engine = live_app.engine
    reviewer = add_user(engine, REVIEWER, PASSWORD, "reviewer", [LUAN])
    add_user(engine, "jinan-uploader", PASSWORD, "uploader", [JINAN])
    add_user(engine, "yuan-uploader", PASSWORD, "uploader", [YUAN])
    open_round(engine, period=PERIOD, regions=regions_under(engine, LUAN, ("county",)),
               deadline=datetime.now(UTC) + timedelta(days=7), user=REVIEWER,
               scope=review_regions(engine, reviewer),
               indicators=["rd_expenditure", "high_tech_enterprises"])

    _as(page, live_app, "jinan-uploader")
    open_page(page, live_app.url + "/upload")
    with page.expect_download() as download:  # the round's template, for 金安区 alone
        page.locator("#template-button").click()
    assert download.value.suggested_filename == "2025年1-9月填报模板.xlsx"
    with open(download.value.path(), "rb") as data:
        assert [r[:2] for r in openpyxl.load_workbook(data)[PERIOD].values][:2] == [
            ("地区代码", "地区名称"), (JINAN, "金安区")]
    assert "已报送至填报轮次" in _send(page, live_app, _sheet(tmp_path, "金安区.xlsx", (JINAN, "金安区", 12.34, 56)))
    _sees_pending(page, live_app)
    _as(page, live_app, "yuan-uploader")
    assert "已报送至填报轮次" in _send(page, live_app, _sheet(tmp_path, "裕安区.xlsx", (YUAN, "裕安区", 8.76, 3000)))
    assert "全社会研发投入12.3亿元" not in _public_overview(page, live_app, JINAN)
    assert "12.34" not in _report(live_app, JINAN)
    page.context.clear_cookies()  # the public Data page: no switch, nothing pending, whatever the URL
    open_page(page, f"{live_app.url}{PENDING_DATA}&pending=1")
    assert page.get_by_label("含待审数据").count() == 0
    assert "待审" not in page.locator("#main-content").inner_text()

    # The reviewer: the Overview counts the round, the board lists both, returns 裕安区's.
    _as(page, live_app, REVIEWER)
    open_page(page, live_app.url + "/")
    assert "2/7 已报" in page.locator("#overview-round-progress").inner_text()
    href = page.locator("#overview-round-progress").get_attribute("href")
    assert href == "/rounds?round=1"
    open_page(page, live_app.url + href)
    page.locator("#rounds-table").wait_for()
    assert _status(page, JINAN) == _status(page, YUAN) == "已报待审"
    assert _status(page, "341524") == "未报"
    card = page.locator(".round-submission", has_text="裕安区.xlsx")
    assert "3,000" in card.inner_text() or "3000" in card.inner_text()
    card.locator("textarea").fill("D2=高新技术企业数应为30家")
    card.get_by_role("button", name="退回").click()
    page.locator("#rounds-result", has_text="已退回").wait_for()
    assert _status(page, YUAN) == "已退回"

    # 裕安区's uploader reads the comment, corrects and sends again.
    _as(page, live_app, "yuan-uploader")
    open_page(page, live_app.url + "/upload")
    assert "D2" in page.locator("#upload-returned-list").inner_text()
    assert "高新技术企业数应为30家" in page.locator("#upload-returned-list").inner_text()
    _send(page, live_app, _sheet(tmp_path, "裕安区（更正）.xlsx", (YUAN, "裕安区", 8.76, 30)))
    open_page(page, live_app.url + "/upload")  # the correction waits; the comment is settled
    assert "裕安区（更正）.xlsx" in page.locator("#upload-awaiting-list").inner_text()
    assert page.locator("#upload-returned-list").count() == 0

    # The reviewer approves both: published, on the public page and in the report.
    _as(page, live_app, REVIEWER, "/rounds")
    page.locator("#rounds-table").wait_for()
    for file_name in ("金安区.xlsx", "裕安区（更正）.xlsx"):
        card = page.locator(".round-submission", has_text=file_name)
        card.get_by_role("button", name="审核通过并发布").click()
        card.wait_for(state="detached")  # the board is drawn again without it
        assert "已审核发布" in page.locator("#rounds-result").inner_text()
    assert _status(page, JINAN) == _status(page, YUAN) == "已审核"
    assert "2/7 已报" in page.locator("#rounds-summary").inner_text()
    with page.expect_download() as download:
        page.locator("#rounds-missing").click()
    assert download.value.suggested_filename == "缺报名单-1.xlsx"
    with open(download.value.path(), "rb") as data:  # saved without a suffix
        rows = list(openpyxl.load_workbook(data).active.values)
    assert len(rows) == 6 and {r[1] for r in rows[1:]} == {"叶集区", "霍邱县", "舒城县", "金寨县", "霍山县"}
    page.screenshot(path=str(tmp_path / "board.png"), full_page=True)

    assert "全社会研发投入12.3亿元" in _public_overview(page, live_app, JINAN)
    assert "12.34" in _report(live_app, JINAN)
