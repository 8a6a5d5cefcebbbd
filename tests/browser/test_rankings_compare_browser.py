"""The Rankings and Compare pages in a real headless Chromium: change the basis, the scope, the
regions and the indicators and see the charts change; switch the language.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

from tests.browser.test_pages import open_page, wait_for_query
from tests.sample_data import LUAN

SCOPE = "[id='{\"key\":\"scope\",\"type\":\"url-control\"}']"
INDICATORS = "[id='{\"key\":\"indicators\",\"type\":\"url-control\"}']"
REGIONS = "[id='{\"key\":\"selection\",\"type\":\"url-control\"}']"


def figure(page, graph_id: str) -> dict:
    """The figure a dcc.Graph is showing, as plotly holds it in the page."""
    page.locator(f"#{graph_id} .main-svg").first.wait_for()
    return page.evaluate(
        """id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
                   return {data: gd.data, annotations: gd.layout.annotations || []}; }""", graph_id)


def grid_rows(page) -> int:
    page.locator("#rank-grid .ag-row").first.wait_for()
    return page.locator("#rank-grid .ag-center-cols-container .ag-row").count()


def test_rankings_show_bars_bump_and_table_and_follow_the_basis(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    assert "安徽省各市" in page.locator("#ranking-caption").inner_text()
    bars = figure(page, "ranking-bar")["data"]
    assert len(bars) == 2 and bars[1]["text"][0].endswith("亿元</b>"), \
        "bars, then their values (the chosen region's, first here, in bold)"
    assert "#e4572e" in bars[0]["marker"]["color"], "the chosen region is highlighted"
    assert len(figure(page, "ranking-bump")["data"]) == 2
    assert grid_rows(page) == 15
    assert "第1位/15" in page.locator("#rank-grid").inner_text()

    page.get_by_label("按增速").check()
    wait_for_query(page, measure="growth")
    page.wait_for_function("() => document.querySelector('#ranking-caption')"
                           " && document.querySelector('#ranking-caption').innerText.includes('按增速')")
    growth_values = figure(page, "ranking-bar")["data"][1]
    assert all(text.replace("</b>", "").endswith("%") for text in growth_values["text"])
    assert "(并列)" in page.locator("#rank-grid").inner_text(), "equal growth ranks are marked tied"


def test_rankings_scope_picker_offers_the_regions_scopes(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region=341300")
    assert grid_rows(page) == 15
    page.locator(SCOPE).click()
    page.get_by_role("option", name="皖北同类市", exact=True).click()
    wait_for_query(page, scope="peer-anhui-north-cities")
    page.wait_for_function("() => document.querySelectorAll("
                           "'#rank-grid .ag-center-cols-container .ag-row').length === 5")
    assert "皖北同类市" in page.locator("#ranking-caption").inner_text()
    assert len(figure(page, "ranking-bar")["data"][0]["y"]) == 5


def test_rankings_switch_to_english(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    page.locator("#lang-en").click()
    wait_for_query(page, lang="en", region=LUAN)
    page.wait_for_function("() => document.querySelector('.page-header h1').innerText === 'Rankings'")
    assert "cities of Anhui" in page.locator("#ranking-caption").inner_text()
    assert "No. 1/15" in page.locator("#rank-grid").inner_text()
    assert figure(page, "ranking-bar")["data"][1]["text"][0].endswith("bn yuan</b>")


def test_compare_says_what_to_do_then_compares_the_suggested_regions(page, live_app):
    open_page(page, f"{live_app.url}/compare?region={LUAN}")
    empty = page.locator("#compare-empty")
    assert "请选择2–6个要对比的地区" in empty.inner_text()
    empty.get_by_role("link").click()
    page.locator("#compare-multiples .main-svg").first.wait_for()
    assert page.url.count(LUAN) >= 1 and "selection=" in page.url
    multiples = figure(page, "compare-multiples")
    titles = [a["text"] for a in multiples["annotations"]]
    assert "全社会研发投入（亿元）" in titles and "高新技术企业数（家）" in titles
    assert len({t["name"] for t in multiples["data"]}) == 3
    assert figure(page, "compare-radar")["data"], "the index radar is drawn"
    table = page.locator("#compare-table")
    assert table.locator(".cmp-best").count() > 0 and table.locator(".cmp-worst").count() > 0


def test_compare_indicator_choice_redraws_the_panels_and_english_follows(page, live_app):
    open_page(page, f"{live_app.url}/compare?selection=341500,340100,341502")
    assert len(figure(page, "compare-multiples")["annotations"]) == 2
    page.locator(INDICATORS).click()
    page.get_by_role("option", name="高新技术企业数（家）", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_query(page, indicators="rd_expenditure")
    page.wait_for_function(
        "() => (document.querySelector('#compare-multiples .js-plotly-plot').layout"
        ".annotations || []).length === 1")
    assert "高新技术企业数" not in page.locator("#compare-table").inner_text()

    page.locator("#lang-en").click()
    wait_for_query(page, lang="en")
    page.wait_for_function("() => document.querySelector('.page-header h1').innerText === 'Compare'")
    figure(page, "compare-multiples")
    # As drawn: the figure writes names with entities (R&amp;D), which plotly shows as R&D.
    titles = page.evaluate("""() => [...document.querySelectorAll(
        '#compare-multiples .annotation-text')].map(t => t.textContent)""")
    assert "R&D expenditure (bn yuan)" in titles
    assert "Lu'an City" in page.locator("#compare-table").inner_text()


def test_a_shared_compare_link_opens_on_its_indicators(page, live_app):
    open_page(page, f"{live_app.url}/compare?selection=341500,340100,341502"
              "&indicators=high_tech_enterprises")
    titles = [a["text"] for a in figure(page, "compare-multiples")["annotations"]]
    assert titles == ["高新技术企业数（家）"]
    assert "高新技术企业数（家）" in page.locator(INDICATORS).inner_text()
    table = page.locator("#compare-table").inner_text()
    assert "高新技术企业数" in table and "全社会研发投入" not in table
    assert "indicators=high_tech_enterprises" in page.url, "opening the link does not rewrite it"


def test_compares_pickers_list_every_region_and_indicator_once_the_charts_are_drawn(page, live_app):
    """They start with their chosen options (components.options_after_charts)."""
    open_page(page, f"{live_app.url}/compare?selection=341500,340100")
    figure(page, "compare-multiples")
    page.locator(REGIONS).click()
    page.locator(".dash-dropdown-search").fill("蚌埠")
    page.get_by_role("option", name="蚌埠市", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_query(page, selection="341500,340100,340300")
    figure(page, "compare-multiples")
    page.locator(INDICATORS).click()
    page.locator(".dash-dropdown-search").fill("发明专利授权")
    page.get_by_role("option", name="发明专利授权量（件）", exact=True).wait_for()
