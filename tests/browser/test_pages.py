"""The app in a real headless Chromium: every page in both languages, the language switch, the
map and its click, the data table's filter, provenance and CSV download, and uploads.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from db import queries
from tests.sample_data import (CORRECTION_FILE, LUAN, LUAN_COUNTIES, MISSING_CITY, ZONE,
                               enterprises)

PAGES = {  # path: (heading zh, heading en)
    "/": ("总览", "Overview"),
    "/trends": ("趋势", "Trends"),
    "/rankings": ("排名", "Rankings"),
    "/compare": ("对比", "Compare"),
    "/map": ("地图", "Map"),
    "/data": ("数据", "Data"),
    "/upload": ("上传", "Upload"),
    "/report": ("报告", "Report"),
}


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.locator(".page-header h1").wait_for()


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_for_query(page, **expected) -> None:
    """The URL says what is expected and the page has been drawn again from it."""
    page.wait_for_function(
        """expected => {
            const q = new URLSearchParams(window.location.search);
            return Object.entries(expected).every(([k, v]) => q.get(k) === v);
        }""", arg=expected)
    wait_for_callbacks(page)


# Dash's queue of callbacks (what dash.testing waits on). The load state "networkidle" would
# not do: it is reached once per page load, so after a picker's change it returns at once
# while the page is still being drawn again, and a click may land on a picker about to go.
DASH_IDLE = """() => {
    const store = window.store;
    if (!store) { return false; }
    const queues = Object.assign({}, store.getState().callbacks);
    delete queues.stored;
    delete queues.completed;
    return !store.getState().isLoading && Object.values(queues).every(q => q.length === 0);
}"""


def wait_for_callbacks(page) -> None:
    """Every callback Dash has queued has answered (twice over, a frame apart: an answer may
    queue the next callback)."""
    for _ in range(2):
        page.wait_for_function(DASH_IDLE)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")


def choose(page, key: str, option: str) -> None:
    """Pick an option in one of the shared pickers (Dash 4 dropdown: button, search, list)."""
    page.locator(f"[id='{{\"key\":\"{key}\",\"type\":\"url-control\"}}']").click()
    page.locator(".dash-dropdown-search").fill(option)
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_opens_with_its_heading_footer_and_demo_note(page, live_app, lang):
    column = 0 if lang == "zh" else 1
    for path, headings in PAGES.items():
        open_page(page, live_app.url + path + ("?lang=en" if lang == "en" else ""))
        assert page.locator(".page-header h1").inner_text() == headings[column]
        active = page.locator("#nav-links .nav-link.active")
        assert active.inner_text() == headings[column], "the current page is marked in the navigation"
        assert page.locator("#demo-note").is_visible(), "simulated data must be announced"
        footer = page.locator("#footer").inner_text()
        assert ("数据更新于" in footer) if lang == "zh" else ("Data last updated" in footer)
        lang_attr = page.evaluate("document.documentElement.lang")
        assert lang_attr == ("zh-CN" if lang == "zh" else "en")


def test_language_switch_keeps_the_selection_on_every_page(page, live_app):
    open_page(page, live_app.url + f"/map?region={LUAN}")
    page.locator("#lang-en").click()
    wait_for_query(page, lang="en", region=LUAN)
    page.get_by_role("heading", name="Map", exact=True).wait_for()
    assert page.locator("#brand-title").inner_text() == "Regional Innovation Indicators"
    page.locator("#nav-links").get_by_text("Data", exact=True).click()
    page.wait_for_url(re.compile(r"/data\?"))
    page.get_by_role("heading", name="Data", exact=True).wait_for()
    assert query(page)["region"] == LUAN and query(page)["lang"] == "en"
    picker = page.locator("[id='{\"key\":\"region\",\"type\":\"url-control\"}']")
    assert "Lu'an City" in picker.inner_text()
    page.locator("#lang-zh").click()
    page.get_by_role("heading", name="数据", exact=True).wait_for()
    assert "lang" not in query(page) and query(page)["region"] == LUAN


def _click_region_on_map(page, code: str) -> None:
    """Click a point inside the region's shape (plotly finds the region under the pointer
    itself, so the test only has to land inside the outline)."""
    point = page.evaluate(
        """code => {
            const paths = [...document.querySelectorAll('#region-map path.choroplethlocation')];
            const path = paths.find(p => p.__data__ && p.__data__.loc === code);
            if (!path) return null;
            const box = path.getBoundingClientRect();
            const toPath = path.getScreenCTM().inverse();
            for (let i = 0; i < 9; i++) {
                for (let j = 0; j < 9; j++) {
                    const x = box.left + box.width * (0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.1);
                    const y = box.top + box.height * (0.5 + (j % 2 ? 1 : -1) * Math.ceil(j / 2) * 0.1);
                    if (path.isPointInFill(new DOMPoint(x, y).matrixTransform(toPath))) return [x, y];
                }
            }
            return null;
        }""", code)
    assert point is not None, f"region {code} is not on the map"
    page.mouse.click(*point)


def test_map_draws_the_cities_and_a_click_selects_a_region_for_every_page(page, live_app):
    open_page(page, live_app.url + "/map?indicator=rd_expenditure&period=2025")
    page.locator("#region-map path.choroplethlocation").first.wait_for()
    shapes = page.locator("#region-map path.choroplethlocation")
    assert shapes.count() >= 16, "all 16 cities of Anhui are drawn"
    fuyang = page.locator(".map-values tr", has_text="阜阳市")
    assert fuyang.locator("td").nth(1).inner_text() == "—", "a city without data shows no value"
    first = page.locator(".map-values tbody tr").first.inner_text()
    assert "第1位/15" in first, "ranks carry how many cities reported (Fuyang did not)"

    _click_region_on_map(page, LUAN)
    wait_for_query(page, region=LUAN)
    page.locator(".map-values tr.table-active", has_text="六安市").wait_for()
    page.locator("#nav-links").get_by_text("总览", exact=True).click()
    page.wait_for_url(re.compile(rf"/\?.*region={LUAN}"))
    picker = page.locator("[id='{\"key\":\"region\",\"type\":\"url-control\"}']")
    assert "六安市" in picker.inner_text(), "the region clicked on the map is selected on other pages"
    page.locator("#nav-links").get_by_text("对比", exact=True).click()
    page.wait_for_url(re.compile(rf"/compare\?.*selection=[^&]*{LUAN}"))
    chosen = page.locator("[id='{\"key\":\"selection\",\"type\":\"url-control\"}']")
    assert "六安市" in chosen.inner_text(), "and it joins the regions compared"


def test_map_drills_down_to_a_citys_counties_and_back(page, live_app):
    open_page(page, live_app.url + f"/map?region={LUAN}&indicator=rd_expenditure&period=2025")
    page.locator("#map-drill").click()
    wait_for_query(page, scope=LUAN)
    page.locator("#map-caption", has_text="六安市各县").wait_for()
    page.locator("#region-map path.choroplethlocation").first.wait_for()
    rows = page.locator(".map-values tbody tr")
    assert rows.count() == len(LUAN_COUNTIES)
    _click_region_on_map(page, "341524")
    wait_for_query(page, region="341524", scope=LUAN)
    page.locator("#map-back").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('scope')")
    page.locator("#map-caption", has_text="安徽省各市").wait_for()


def test_map_changes_when_another_indicator_is_chosen(page, live_app):
    open_page(page, live_app.url + "/map?indicator=rd_expenditure&period=2025")
    before = page.locator(".map-values").inner_text()
    choose(page, "indicator", "高新技术企业数（家）")
    wait_for_query(page, indicator="high_tech_enterprises")
    page.locator("#map-caption", has_text="高新技术企业数").wait_for()
    after = page.locator(".map-values").inner_text()
    assert after != before and "家" in after


def test_data_page_filters_shows_provenance_and_downloads_the_filter_as_csv(page, live_app):
    open_page(page, live_app.url + "/data?indicator=rd_expenditure&period=2025")
    total = queries.count_observations(live_app.engine, indicator_codes=["rd_expenditure"],
                                       year=2025, quarter=0, cumulative=True)
    assert page.locator("#data-count").inner_text() == f"共 {total} 条记录"

    choose(page, "region", "六安市")
    wait_for_query(page, region=LUAN)
    expected = queries.count_observations(
        live_app.engine, region_codes=queries.subtree_codes(live_app.engine, LUAN),
        indicator_codes=["rd_expenditure"], year=2025, quarter=0, cumulative=True)
    assert expected == 1 + len(LUAN_COUNTIES) + 1  # the city, its counties, its zone
    page.locator("#data-count", has_text=f"共 {expected} 条记录").wait_for()

    page.locator(".observations-grid .ag-row", has_text="六安市").first.click()
    panel = page.locator("#provenance-panel")
    panel.get_by_text(CORRECTION_FILE).first.wait_for()
    assert "2025年!C16" in panel.inner_text()
    assert page.locator("#revisions-table tbody tr").count() == 1

    with page.expect_download() as info:
        page.get_by_role("link", name="下载 CSV").click()  # a link to the streamed download
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert len(rows) == expected
    assert {r["region_code"] for r in rows} == {LUAN, *LUAN_COUNTIES, ZONE}
    assert {r["indicator_code"] for r in rows} == {"rd_expenditure"}
    assert {r["year"] for r in rows} == {"2025"}


def _workbook(tmp_path, name: str, rows) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025Q3"
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    for row in rows:
        ws.append(list(row))
    path = tmp_path / name
    wb.save(path)
    return str(path)


def test_uploading_a_good_file_previews_first_and_stores_on_confirm(page, as_uploader, live_app, tmp_path):
    good = _workbook(tmp_path, "2025年三季度.xlsx", [
        (MISSING_CITY, "阜阳市", 30.0, enterprises(MISSING_CITY, 2025)),  # one new value
        (LUAN, "六安市", 25.5, enterprises(LUAN, 2025)),  # one changed value
    ])
    before = queries.count_observations(live_app.engine)
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(good)
    page.locator("#upload-counts").wait_for()
    assert page.locator("#upload-counts").inner_text() == "新增 1 条 · 修改 1 条 · 未变 2 条"
    preview = page.locator(".upload-preview-card").inner_text()
    assert "2025年1-9月" in preview and "阜阳市" in preview and "全社会研发投入" in preview
    assert queries.count_observations(live_app.engine) == before, "nothing is written before confirming"

    page.locator("#upload-confirm").click()
    page.locator("#upload-result").wait_for()
    assert "新增 1 条，修改 1 条，未变 2 条" in page.locator("#upload-result").inner_text()
    assert queries.count_observations(live_app.engine) == before + 1
    stored = queries.observations(live_app.engine, region_codes=[LUAN],
                                  indicator_codes=["rd_expenditure"], year=2025, quarter=3)
    assert stored.iloc[0]["value"] == pytest.approx(25.5)
    assert stored.iloc[0]["file_name"] == "2025年三季度.xlsx"
    history = page.locator("#history-table tbody tr").first.inner_text()
    assert "2025年三季度.xlsx" in history and "已入库" in history and as_uploader in history


def test_uploading_a_bad_file_lists_every_error_with_its_cell_and_stores_nothing(page, as_uploader, live_app, tmp_path):
    bad = _workbook(tmp_path, "有错误的报表.xlsx", [
        (LUAN, "六安市", "abc", 10),
        ("349999", "火星市", 1.0, 2),
    ])
    before = queries.count_observations(live_app.engine)
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(bad)
    page.locator("#problems-table").wait_for()
    assert "2 个错误" in page.locator("#upload-status").inner_text()
    problems = page.locator("#problems-table tbody tr.problem-error")
    assert problems.count() == 2
    text = page.locator("#problems-table").inner_text()
    assert "2025Q3!C2" in text and "“abc”不是数值" in text
    assert "2025Q3!A3" in text
    assert not page.locator("#upload-confirm").is_visible(), "a rejected file cannot be stored"
    assert queries.count_observations(live_app.engine) == before
    history = page.locator("#history-table tbody tr").first.inner_text()
    assert "有错误的报表.xlsx" in history and "被拒绝" in history


def test_cancelling_a_preview_writes_nothing(page, as_uploader, live_app, tmp_path):
    good = _workbook(tmp_path, "取消.xlsx", [(MISSING_CITY, "阜阳市", 30.0, 5)])
    before = len(queries.upload_history(live_app.engine))
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(good)
    page.locator("#upload-cancel").click()
    page.locator("#upload-result", has_text="已取消").wait_for()
    assert len(queries.upload_history(live_app.engine)) == before


def test_the_template_downloads_from_the_upload_page(page, as_uploader, live_app):
    open_page(page, live_app.url + "/upload")
    with page.expect_download() as info:
        page.locator("#template-button").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert "填报说明" in book.sheetnames and len(book.sheetnames) >= 2


def test_going_from_a_page_with_pickers_to_one_without_raises_no_error(page, live_app):
    # The URL-writing callback reads the rendered pickers' state; on the Upload page there is
    # none, which Dash reported as a console error (a nonexistent State) before it was a
    # pattern-matching id. The page fixture fails the test on any console error.
    open_page(page, live_app.url + "/")
    page.locator("#nav-upload").click()
    page.wait_for_url(re.compile(r"/upload"))
    page.get_by_role("heading", name="上传", exact=True).wait_for()
    page.wait_for_load_state("networkidle")
    page.locator("#nav-trends").click()
    page.wait_for_url(re.compile(r"/trends"))
    page.locator("#trends-graph .main-svg").first.wait_for()
    page.wait_for_load_state("networkidle")
