"""An upload says what it will change, in the browser: a corrected sheet's preview lists every
changed value old → new with its Δ%, largest change first, new values after, the one the
plausibility rules warned about marked; after confirming, the upload's history row opens the
same table from what is stored, and its full list downloads as CSV."""

from __future__ import annotations

import csv
import io

import openpyxl

from tests.browser.test_pages import open_page
from tests.sample_data import LUAN, MISSING_CITY, rd_value

WUHU, BENGBU = "340200", "340300"


def _corrected_sheet(tmp_path) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年"
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)"])
    ws.append([LUAN, "六安市", 101.0])  # was 99.9: +1.1%
    ws.append([WUHU, "芜湖市", rd_value(WUHU, 2024, 0) * 20])  # 20 times 2024: a jump warning
    ws.append([BENGBU, "蚌埠市", round(rd_value(BENGBU, 2025, 0) * 0.7, 2)])  # −30%
    ws.append([MISSING_CITY, "阜阳市", 30.0])  # new
    path = tmp_path / "2025年更正.xlsx"
    wb.save(path)
    return str(path)


def _csv(download) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))


def _rows(page, table: str) -> list[list[str]]:
    return [[c.strip() for c in row.split("\t")]
            for row in page.locator(f"#{table} tbody tr").all_inner_texts()]


EXPECTED = [  # region, old, new, Δ, cell; the flag checked separately
    ["芜湖市", "26.4", "480", "+1,718.2%", "2025年!C3"],
    ["蚌埠市", "34.1", "23.87", "-30.0%", "2025年!C4"],
    ["六安市", "99.9", "101", "+1.1%", "2025年!C2"],
    ["阜阳市", "—", "30", "新增", "2025年!C5"],
]


def _shown(rows: list[list[str]]) -> list[list[str]]:
    return [[r[0], r[3], r[4], r[5], r[6]] for r in rows]


def test_the_preview_lists_old_to_new_by_size_and_the_history_opens_the_same_table(
        page, as_uploader, live_app, tmp_path):
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(_corrected_sheet(tmp_path))
    page.locator("#upload-changes-table").wait_for()
    rows = _rows(page, "upload-changes-table")
    assert _shown(rows) == EXPECTED
    assert rows[0][1] == "全社会研发投入（亿元）" and rows[0][2] == "2025年"
    flagged = page.locator("#upload-changes-table tbody tr.change-flagged")
    assert flagged.count() == 1 and "芜湖市" in flagged.inner_text()
    assert "与上年同期相差超10倍" in flagged.inner_text()
    assert "修改 3 条 · 新增 1 条" in page.locator(".upload-changes").inner_text()
    # The warning names its unit; the problems table shows the cell beside the value read.
    problems = page.locator("#problems-table").inner_text()
    assert "数值480亿元与上年同期相比变化超过10倍（上年同期 24亿元）" in problems

    with page.expect_download() as info:  # the full list, before storing
        page.locator("#upload-changes-csv").click()
    assert [r["region_code"] for r in _csv(info.value)] == [WUHU, BENGBU, LUAN, MISSING_CITY]

    page.locator("#upload-confirm").click()
    page.locator("#upload-result").wait_for()
    page.locator("#history-table tbody tr").first.get_by_role("button", name="查看").click()
    page.locator("#history-changes-table").wait_for()
    assert "2025年更正.xlsx" in page.locator("#history-changes-title").inner_text()
    history_rows = _rows(page, "history-changes-table")
    assert _shown(history_rows) == EXPECTED
    marked = page.locator("#history-changes-table tbody tr.change-flagged")
    assert marked.count() == 1 and "芜湖市" in marked.inner_text()

    with page.expect_download() as info:
        page.locator("#history-changes-csv").click()
    download = info.value
    assert download.suggested_filename == "2025年更正_数值变动.csv"
    lines = _csv(download)
    assert [(r["region_code"], r["change"], r["old_value"], r["new_value"]) for r in lines] == [
        (WUHU, "修改", "26.4", "480.0"), (BENGBU, "修改", "34.1", "23.87"),
        (LUAN, "修改", "99.9", "101.0"), (MISSING_CITY, "新增", "", "30.0")]
    assert lines[0]["flags"] == "与上年同期相差超10倍"
