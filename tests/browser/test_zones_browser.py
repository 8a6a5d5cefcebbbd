"""Development zones across China in a real headless Chromium: a national ETDZ in Jiangsu
chosen in the picker and shown on every page (ranked among the national ETDZs, drawn on the
map, written about in the report), and an administrator managing zones and peer groups.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

import pytest

from etl.official import load_official
from tests.browser.conftest import ADMIN, sign_in
from tests.browser.test_pages import open_page, wait_for_query
from tests.browser.test_rankings_compare_browser import SCOPE, figure, table_rows
from tests.sample_data import ZONE

SUZHOU_PARK = "Z320500-05"
REGION = "[id='{\"key\":\"region\",\"type\":\"url-control\"}']"
EVALUATION = "indicator=etdz_evaluation_rank&period=2021"


@pytest.fixture
def evaluation(live_app):
    """The 商务部 evaluation of the national ETDZs, loaded as the first start loads it."""
    load_official(live_app.engine)
    return live_app


def test_a_jiangsu_etdz_is_chosen_in_the_picker_and_shown_on_every_page(page, evaluation):
    url = evaluation.url
    open_page(page, f"{url}/rankings?{EVALUATION}")
    page.locator(REGION).click()
    page.locator(".dash-dropdown-search").fill("苏州工业园区")
    page.get_by_role("option", name="江苏省 · 苏州市 · 苏州工业园区（开发区）").click()
    wait_for_query(page, region=SUZHOU_PARK)

    # Rankings: among the national ETDZs, as published (1st of the 217 evaluated)
    page.locator(SCOPE).click()
    page.get_by_role("option", name="全国国家级经开区", exact=True).click()
    wait_for_query(page, scope="CN-etdz")
    page.locator("#ranking-caption", has_text="全国国家级经开区").wait_for()
    assert len(figure(page, "ranking-bar")["data"][0]["y"]) == 30  # the full top 30 of 2021
    assert table_rows(page) > 10 and "第1位/217" in page.locator("#rank-table").inner_text()

    for path in ("/", "/trends", "/data", "/report"):
        open_page(page, f"{url}{path}?region={SUZHOU_PARK}&{EVALUATION}")
        if path != "/trends":
            assert "苏州工业园区" in page.locator(REGION).inner_text(), path
        if path == "/":  # its one figure, the evaluation rank, is its card
            assert "第1位" in page.locator("#card-etdz_evaluation_rank").inner_text()

    # Map: Jiangsu's cities, the park a point of its own, clickable like a region
    open_page(page, f"{url}/map?region=Z320500-04&{EVALUATION}")
    page.locator("#map-caption", has_text="江苏省各市").wait_for()
    zones = [trace for trace in figure(page, "region-map")["data"]
             if trace["type"] == "scattergeo" and trace.get("mode") == "markers"]
    assert SUZHOU_PARK in {point[2] for trace in zones for point in trace["customdata"]}
    page.locator("#map-zone-values").get_by_role("link", name="苏州工业园区").click()
    wait_for_query(page, region=SUZHOU_PARK)

    # Compare: three national ETDZs ranked among the national ETDZs
    open_page(page, f"{url}/compare?selection={SUZHOU_PARK},Z340100-02,Z320500-04"
                    f"&{EVALUATION}&indicators=etdz_evaluation_rank&scope=CN-etdz")
    assert "全国国家级经开区第10位/217" in page.locator("#compare-table").inner_text()

    # Report: the sentence the field writes
    open_page(page, f"{url}/report?region={SUZHOU_PARK}&period=2021")
    assert "在全国217家国家级经开区综合发展水平考核评价中居第1位" in \
        page.locator("#report-preview").inner_text()


def test_an_administrator_creates_a_peer_group_and_ranks_among_it_on_the_next_page(
        page, live_app):
    sign_in(page, live_app, ADMIN)
    page.goto(f"{live_app.url}/admin/peers")
    page.locator("#new-peer-code").fill("wanbei_three")
    page.locator("#new-peer-name").fill("皖北三市")
    page.locator("#new-peer-members").fill("蚌埠市\n淮南市\n340600")  # names or codes
    page.locator("#new-peer-submit").click()
    page.get_by_text("已创建同类组 wanbei_three").wait_for()
    assert "蚌埠市、淮南市、淮北市" in page.locator("#peer-wanbei_three").inner_text()

    open_page(page, f"{live_app.url}/rankings?region=340300&indicator=rd_expenditure&period=2025")
    page.locator(SCOPE).click()
    page.get_by_role("option", name="皖北三市", exact=True).click()
    wait_for_query(page, scope="peer-wanbei-three")
    page.wait_for_function("() => document.querySelectorAll('#rank-table tbody tr').length === 3")
    assert "/3" in page.locator("#rank-table").inner_text()

    page.goto(f"{live_app.url}/admin/peers")
    page.locator("#peer-wanbei_three input[name=confirm]").check()
    page.locator("#peer-wanbei_three").get_by_role("button", name="删除").click()
    page.get_by_text("已删除同类组 wanbei_three").wait_for()
    page.goto(f"{live_app.url}/audit")
    log = page.locator("main").inner_text()
    assert "peer_add" in log and "peer_remove" in log


def test_an_administrator_adds_renames_and_retires_a_zone(page, live_app):
    sign_in(page, live_app, ADMIN)
    page.goto(f"{live_app.url}/admin/zones?province=320000")
    page.locator("#new-zone-name").fill("南京江北新区产业园")
    page.locator("#new-zone-parent").fill("320100")
    page.locator("#new-zone-type").select_option("开发区")
    page.locator("#new-zone-submit").click()
    page.get_by_text("已新增开发区 Z320100-51").wait_for()

    row = page.locator("#zone-Z320100-51")
    row.locator("summary").click()
    row.locator("input[name=name_zh]").fill("江北新区产业园")
    row.get_by_role("button", name="保存").click()
    page.get_by_text("已保存开发区 Z320100-51").wait_for()
    row = page.locator("#zone-Z320100-51")
    assert "南京江北新区产业园" in row.locator("textarea[name=aliases]").input_value()
    row.get_by_role("button", name="撤销").click()
    page.get_by_text("已撤销开发区 Z320100-51，历史数据保留").wait_for()
    assert "已撤销" in page.locator("#zone-Z320100-51 summary").inner_text()

    # the zone is in the pickers, marked retired
    open_page(page, f"{live_app.url}/report?region=Z320100-51")
    assert "江北新区产业园（开发区）（已撤销）" in page.locator(REGION).inner_text()


def test_a_zones_dot_on_the_map_selects_it_like_a_region(page, live_app):
    open_page(page, f"{live_app.url}/map?indicator=rd_expenditure&period=2025")
    page.locator("#region-map path.point").first.wait_for()
    point = page.evaluate(
        """code => {
            const dot = [...document.querySelectorAll('#region-map path.point')]
                .find(p => p.__data__ && p.__data__.data && p.__data__.data[2] === code);
            if (!dot) return null;
            const box = dot.getBoundingClientRect();
            return [box.left + box.width / 2, box.top + box.height / 2];
        }""", ZONE)
    assert point is not None, "the zone is drawn as a dot"
    page.mouse.click(*point)
    wait_for_query(page, region=ZONE)
    page.locator("#map-zone-values tr.table-active", has_text="六安经济技术开发区").wait_for()
