"""Overview and Trends in a real headless Chromium: the cards, the sentence line and the
trend chart follow the pickers and the language; the browser logs no error (conftest.page)."""

from __future__ import annotations

from tests.browser.test_pages import choose, open_page, query, wait_for_query
from tests.sample_data import LUAN

TRACE_NAMES = """() => {
    const plot = document.querySelector('#trends-graph .js-plotly-plot');
    return plot && plot.data ? plot.data.map(d => d.name) : null;
}"""
AXIS_TITLE = """() => {
    const plot = document.querySelector('#trends-graph .js-plotly-plot');
    return plot && plot.layout ? plot.layout.yaxis.title.text : null;
}"""


def test_overview_shows_cards_and_sentences_and_follows_the_region(page, live_app):
    open_page(page, live_app.url + "/?period=2025")
    page.locator("#overview-sentences").wait_for()
    province = page.locator("#overview-sentences").inner_text()
    assert "全社会研发投入" in province

    choose(page, "region", "六安市")
    wait_for_query(page, region=LUAN)
    page.locator("#overview-sentences", has_text="居全省第1位").wait_for()
    sentences = page.locator("#overview-sentences").inner_text()
    assert sentences != province
    assert "全社会研发投入99.9亿元" in sentences and "较上年提升6位" in sentences
    card = page.locator("#card-rd_expenditure")
    assert "99.9亿元" in card.inner_text()
    assert "第1位/15" in card.inner_text() and "↑6" in card.inner_text()
    assert card.locator("img.sparkline").count() == 1, "each card has a sparkline"
    assert page.locator("#overview-missing").is_visible(), "key indicators without data are named"

    page.locator("#lang-en").click()
    wait_for_query(page, lang="en", region=LUAN)
    page.locator("#overview-sentences", has_text="No. 1 of 15 in the province").wait_for()
    assert "9.99 bn yuan" in page.locator("#card-rd_expenditure").inner_text()


def test_overview_of_a_quarter_compares_with_the_same_quarter_a_year_before(page, live_app):
    open_page(page, live_app.url + f"/?region={LUAN}&period=2025Q3")
    page.locator("#overview-cards").wait_for()
    assert "17.7亿元" in page.locator("#card-rd_expenditure").inner_text()
    assert "2025年1-9月" in page.locator("[id='{\"key\":\"period\",\"type\":\"url-control\"}']").inner_text()


def test_trends_chart_follows_selection_measure_and_language(page, live_app):
    open_page(page, live_app.url + f"/trends?region={LUAN}&indicator=rd_expenditure&period=2025")
    page.wait_for_function(TRACE_NAMES)
    names = page.evaluate(TRACE_NAMES)
    assert names[0] == "六安市" and 2 <= len(names) <= 6, "the region and a handful of neighbours"
    assert page.evaluate(AXIS_TITLE) == "亿元"

    page.locator("#trends-measure").get_by_text("指数").click()
    wait_for_query(page, measure="index")
    page.wait_for_function("() => (" + AXIS_TITLE + ")() === '指数（2024年=100）'")

    page.locator("#trends-measure").get_by_text("同比增速").click()
    wait_for_query(page, measure="growth")
    page.wait_for_function("() => ((" + AXIS_TITLE + ")() || '').startsWith('同比增速')")

    # A chosen selection (from the URL, as a bookmark carries it) replaces the default.
    page.goto(live_app.url + f"/trends?region={LUAN}&indicator=rd_expenditure&period=2025"
              "&selection=340100,340200")
    page.wait_for_function("() => JSON.stringify((" + TRACE_NAMES + ")()) === "
                           "JSON.stringify(['合肥市', '芜湖市'])")

    page.locator("#lang-en").click()
    wait_for_query(page, lang="en", selection="340100,340200")
    page.wait_for_function("() => JSON.stringify((" + TRACE_NAMES + ")()) === "
                           "JSON.stringify(['Hefei City', 'Wuhu City'])")
    assert page.locator(".page-header h1").inner_text() == "Trends"
    assert page.evaluate(AXIS_TITLE) == "bn yuan", "money on the axis in its display unit"


def test_a_shared_trends_link_opens_on_its_measure(page, live_app):
    open_page(page, live_app.url + f"/trends?region={LUAN}&indicator=rd_expenditure&period=2025"
              "&measure=index&lang=en")
    page.wait_for_function("() => (" + AXIS_TITLE + ")() === 'Index (2024 = 100)'")
    assert page.locator("#trends-measure").get_by_label("Index").is_checked()
    assert query(page)["measure"] == "index", "opening the link does not rewrite it"
