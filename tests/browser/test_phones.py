"""The app on a phone (issue #19 §5–6), in a real headless Chromium 390 px wide: no page is
wider than the screen, the menu closes after a choice, wide tables scroll inside their card,
the rank charts keep every label inside the chart, and a picked region comes forward.

Every test also fails if the browser logged an error (see conftest.BrowserLog)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.conftest import PROVINCE_UPLOADER, recorded_page, sign_in
from tests.browser.test_pages import PAGES, _workbook, open_page, wait_for_query
from tests.browser.test_rankings_compare_browser import figure
from tests.sample_data import CITIES, LUAN, LUAN_COUNTIES, ZONE

PHONE = {"width": 390, "height": 844}
HIGHLIGHT = "[id='{\"key\":\"selection\",\"type\":\"url-control\"}']"
SIX_REGIONS = ",".join([LUAN, *CITIES[:3], LUAN_COUNTIES[0], ZONE])
# Every page, and the views of them with the most to fit: long zone names, six regions side
# by side, a county among the province's counties.
VIEWS = [*PAGES, f"/rankings?region={ZONE}", f"/rankings?region={LUAN_COUNTIES[0]}&scope=340000",
         f"/rankings?region={LUAN}&measure=growth", f"/compare?selection={SIX_REGIONS}",
         f"/trends?selection={SIX_REGIONS}", f"/map?region={LUAN}", f"/report?region={LUAN}"]


@pytest.fixture
def phone(browser, live_app, browser_log):
    """A page in a 390 px wide browser, recording errors as conftest.page does."""
    yield from recorded_page(browser, browser_log, PHONE)


def page_width(page) -> tuple[int, int]:
    return tuple(page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"))


def with_lang(path: str, lang: str) -> str:
    if lang == "zh":
        return path
    return path + ("&" if "?" in path else "?") + "lang=en"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_is_wider_than_a_phone(phone, live_app, lang):
    too_wide = {}
    for path in VIEWS:
        open_page(phone, live_app.url + with_lang(path, lang))
        phone.locator(".app-footer").wait_for()
        document, screen = page_width(phone)
        if document > screen:
            too_wide[path] = document
    assert too_wide == {}, f"wider than {PHONE['width']} px"


def test_upload_problems_and_history_fit_a_phone(phone, live_app, tmp_path):
    bad = _workbook(tmp_path, "一个文件名很长很长的有错误的季度报表（第三季度）.xlsx", [
        ("341500", "六安市", "abc", 10), ("349999", "火星市", 1.0, 2)])
    sign_in(phone, live_app, PROVINCE_UPLOADER, next_path="/upload")
    for lang in ("zh", "en"):
        open_page(phone, live_app.url + with_lang("/upload", lang))
        phone.locator("#upload-file input[type=file]").set_input_files(bad)
        phone.locator("#problems-table").wait_for()
        phone.locator("#history-table tbody tr").first.wait_for()
        assert page_width(phone)[0] <= PHONE["width"]
        for table in ("#problems-table", "#history-table"):
            card = phone.locator(f".table-card:has({table})")
            box = card.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], table


def test_the_phone_menu_closes_after_a_choice(phone, live_app):
    open_page(phone, live_app.url + "/")
    menu = phone.locator("#nav-collapse")
    assert not menu.is_visible(), "folded behind the toggler on a phone"

    phone.locator("#nav-toggler").click()
    phone.locator("#nav-rankings").wait_for(state="visible")
    phone.locator("#nav-rankings").click()
    phone.wait_for_url("**/rankings*")
    menu.wait_for(state="hidden")
    phone.wait_for_function("() => document.querySelector('.page-header h1').innerText === '排名'")
    # The page's own callbacks done (its chart drawn), so that none of them closes the menu
    # under the language link while it is being clicked (seen once on a loaded CI machine).
    phone.locator("#ranking-bar .main-svg").first.wait_for()

    phone.locator("#nav-toggler").click()
    phone.locator("#lang-en").wait_for(state="visible")
    expect(menu).to_be_visible()
    phone.locator("#lang-en").click()
    try:
        phone.wait_for_url("**lang=en*", timeout=5_000)
    except PlaywrightTimeout:
        # Seen twice on a loaded machine, never alone: the click lost while the shell's
        # callback re-rendered the menu's links. A user clicks again; so does the test.
        if not menu.is_visible():
            phone.locator("#nav-toggler").click()
        phone.locator("#lang-en").click()
    wait_for_query(phone, lang="en")
    menu.wait_for(state="hidden")
    phone.wait_for_function(
        "() => document.querySelector('.page-header h1').innerText === 'Rankings'")


LABELS_OUTSIDE = """id => {
    const svg = document.querySelector('#' + id + ' .main-svg').getBoundingClientRect();
    const out = [];
    for (const el of document.querySelectorAll(
            '#' + id + ' .ytick text, #' + id + ' .xtick text, #' + id + ' .textpoint text, '
            + '#' + id + ' .annotation-text')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.left < svg.left - 1 || r.right > svg.right + 1
                            || r.top < svg.top - 1 || r.bottom > svg.bottom + 1))
            out.push(el.textContent);
    }
    return out;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", [f"/rankings?region={LUAN}&selection={CITIES[0]},{CITIES[1]}",
                                  f"/rankings?region={LUAN}&measure=growth",
                                  f"/rankings?region={ZONE}",
                                  f"/rankings?region={LUAN_COUNTIES[0]}&scope=340000"])
def test_rank_charts_keep_every_label_inside_the_chart_on_a_phone(phone, live_app, path, lang):
    open_page(phone, live_app.url + with_lang(path, lang))
    for graph in ("ranking-bar", "ranking-bump"):
        if not phone.locator(f"#{graph}").count():
            continue
        phone.locator(f"#{graph} .main-svg").first.wait_for()
        assert phone.evaluate(LABELS_OUTSIDE, graph) == [], f"labels cut at {graph}'s edges"
        box = phone.locator(f"#{graph}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_compare_table_scrolls_inside_its_card_and_names_stay_readable(phone, live_app):
    open_page(phone, f"{live_app.url}/compare?selection={SIX_REGIONS}")
    card = phone.locator(".table-card:has(#compare-table)")
    sizes = card.evaluate("el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto", "six regions scroll sideways in the card"
    box = card.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    name = phone.locator("#compare-table td.col-name", has_text="全社会研发投入")
    lines = name.evaluate("el => el.getBoundingClientRect().width / parseFloat("
                          "getComputedStyle(el).fontSize)")
    assert lines >= 6, "an indicator name is not squeezed to a character a line"


def test_rank_table_shows_whole_names(phone, live_app):
    from etl.load import store
    from etl.records import Record, SourceFile

    # A second zone with the figure: a zone ranked alone has no ranking to show.
    store(live_app.engine, [Record("Z340100-02", "rd_expenditure", 2025, 0, True, 30.0)],
          SourceFile("hefei-zone.xlsx", sha256="hefei-zone"))
    open_page(phone, f"{live_app.url}/rankings?region={ZONE}&lang=en&period=2025")
    cell = phone.locator("#rank-table tbody th", has_text="Lu'an").first
    cell.wait_for()
    assert "Lu'an Economic and Technological Development Zone" in cell.inner_text()
    assert cell.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "wrapped, not cut"


def test_a_picked_region_comes_forward_in_the_bump_chart(phone, live_app):
    open_page(phone, f"{live_app.url}/rankings?region={LUAN}")
    phone.locator(HIGHLIGHT).click()
    phone.get_by_role("option", name="合肥市", exact=True).click()
    phone.keyboard.press("Escape")
    wait_for_query(phone, selection=CITIES[0])
    phone.wait_for_function(
        "() => document.querySelector('#ranking-bump .js-plotly-plot').data.length === 3")
    bump = figure(phone, "ranking-bump")
    assert [trace["name"] for trace in bump["data"][1:]] == ["合肥市", "六安市"], \
        "the picked region in front of the rest, the chosen one on top"
    assert bump["data"][0]["opacity"] < 1
    assert sorted(a["text"] for a in bump["annotations"]) == ["六安市", "合肥市"]


POINT_ON_SCREEN = """([id, code]) => {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    const box = gd.querySelector('.main-svg').getBoundingClientRect();
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    for (const trace of gd.data) {
        const codes = trace.customdata || [];
        for (let i = codes.length - 1; i >= 0; i--) {
            if (codes[i] === code)
                return [box.left + xa._offset + xa.l2p(trace.x[i]),
                        box.top + ya._offset + ya.l2p(trace.y[i])];
        }
    }
    return null;
}"""


def test_tapping_a_line_in_the_bump_chart_brings_it_forward_and_back(phone, live_app):
    open_page(phone, f"{live_app.url}/rankings?region={LUAN}")
    phone.locator("#ranking-bump .main-svg").first.scroll_into_view_if_needed()
    x, y = phone.evaluate(POINT_ON_SCREEN, ["ranking-bump", CITIES[0]])
    phone.mouse.move(x, y)
    phone.mouse.click(x, y)
    wait_for_query(phone, selection=CITIES[0])
    phone.wait_for_function(
        "() => document.querySelector('#ranking-bump .js-plotly-plot').data.length === 3")
    assert figure(phone, "ranking-bump")["data"][1]["name"] == "合肥市"

    phone.locator("#ranking-bump .main-svg").first.scroll_into_view_if_needed()
    x, y = phone.evaluate(POINT_ON_SCREEN, ["ranking-bump", CITIES[0]])
    phone.mouse.move(x, y)
    phone.mouse.click(x, y)
    phone.wait_for_function("() => !window.location.search.includes('selection=')")
    phone.wait_for_function(
        "() => document.querySelector('#ranking-bump .js-plotly-plot').data.length === 2")
