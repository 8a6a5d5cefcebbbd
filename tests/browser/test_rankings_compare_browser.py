"""The Rankings and Compare pages in a real headless Chromium: change the basis, the scope, the
regions and the indicators and see the charts change; switch the language.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_pages import open_page, wait_for_callbacks, wait_for_query
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


def table_rows(page) -> int:
    """How many rows of the rank table show (a search hides the others), once they are there:
    they come after the charts."""
    page.locator("#rank-table tbody tr").first.wait_for()
    return page.locator("#rank-table tbody tr:not([hidden])").count()


def column(page, key: str) -> list:
    """A column of the rank table as its rows show it, top to bottom: the rows' figures
    (data-value, data-growth, ...) or, for "name", the region's name as written."""
    return page.evaluate(
        """key => [...document.querySelectorAll('#rank-table tbody tr:not([hidden])')].map(
            tr => key === 'name' ? tr.querySelector('th').innerText : tr.dataset[key])""", key)


def sort_button(page, header: str):
    return page.locator("#rank-table thead").get_by_role("button", name=header, exact=True)


def sort_state(page) -> dict:
    """The columns' aria-sort, by header text."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#rank-table thead th')].map(th => [th.innerText.trim(), th.getAttribute('aria-sort')]))""")


def test_rankings_show_bars_bump_and_table_and_follow_the_basis(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    assert "安徽省各市" in page.locator("#ranking-caption").inner_text()
    bars = figure(page, "ranking-bar")["data"]
    assert len(bars) == 2 and bars[1]["text"][0].endswith("亿元</b>"), \
        "bars, then their values (the chosen region's, first here, in bold)"
    assert "#e4572e" in bars[0]["marker"]["color"], "the chosen region is highlighted"
    assert len(figure(page, "ranking-bump")["data"]) == 2
    assert table_rows(page) == 15
    assert "第1位/15" in page.locator("#rank-table").inner_text()

    page.get_by_label("按增速").check()
    wait_for_query(page, measure="growth")
    page.wait_for_function("() => document.querySelector('#ranking-caption')"
                           " && document.querySelector('#ranking-caption').innerText.includes('按增速')")
    growth_values = figure(page, "ranking-bar")["data"][1]
    assert all(text.replace("</b>", "").endswith("%") for text in growth_values["text"])
    expect(page.locator("#rank-table tbody")).to_contain_text("(并列)")  # equal growth ranks


def test_rankings_scope_picker_offers_the_regions_scopes(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region=341300")
    assert table_rows(page) == 15
    page.locator(SCOPE).click()
    page.get_by_role("option", name="皖北同类市", exact=True).click()
    wait_for_query(page, scope="peer-anhui-north-cities")
    page.wait_for_function("() => document.querySelectorAll('#rank-table tbody tr').length === 5")
    assert "皖北同类市" in page.locator("#ranking-caption").inner_text()
    assert len(figure(page, "ranking-bar")["data"][0]["y"]) == 5


def test_rankings_switch_to_english(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    page.locator("#lang-en").click()
    wait_for_query(page, lang="en", region=LUAN)
    page.wait_for_function("() => document.querySelector('.page-header h1').innerText === 'Rankings'")
    assert "cities of Anhui" in page.locator("#ranking-caption").inner_text()
    expect(page.locator("#rank-table tbody")).to_contain_text("No. 1/15")
    assert figure(page, "ranking-bar")["data"][1]["text"][0].endswith("bn yuan</b>")


def test_the_rank_table_marks_the_chosen_region_and_sorts_by_any_column(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    assert table_rows(page) == 15
    chosen = page.locator("#rank-table tbody tr[aria-current=true]")
    assert chosen.count() == 1 and chosen.locator("th").inner_text() == "六安市"
    assert "rgb(253, 235, 230)" in chosen.locator("td").first.evaluate(
        "td => getComputedStyle(td).boxShadow"), "its row is shaded"
    assert chosen.locator("th").evaluate("th => getComputedStyle(th).fontWeight") == "600"
    assert [int(r) for r in column(page, "rank")] == sorted(int(r) for r in column(page, "rank"))
    assert sort_state(page) == {"名次": "ascending", "地区": None, "数值": None, "同比": None,
                                "较上年": None}

    # A click on a header sorts by it (figures from the largest), a second click reverses.
    sort_button(page, "数值").click()
    page.locator("#rank-table th[aria-sort=descending]", has_text="数值").wait_for()
    values = [float(v) for v in column(page, "value")]
    assert values == sorted(values, reverse=True)
    sort_button(page, "数值").click()
    page.locator("#rank-table th[aria-sort=ascending]", has_text="数值").wait_for()
    values = [float(v) for v in column(page, "value")]
    assert values == sorted(values) and values[0] < values[-1]
    assert sort_state(page)["名次"] is None, "one column says it is sorted"
    texts = page.locator("#rank-table tbody tr td:nth-child(3)").all_inner_texts()
    assert texts[0].endswith("亿元") and float(texts[0].removesuffix("亿元")) == round(values[0], 2)

    sort_button(page, "地区").click()
    page.locator("#rank-table th[aria-sort=ascending]", has_text="地区").wait_for()
    names = column(page, "name")
    assert names[0] == "安庆市" and names[-1] == "宣城市", "names in pinyin order"

    sort_button(page, "同比").click()
    page.locator("#rank-table th[aria-sort=descending]", has_text="同比").wait_for()
    growth = [float(g) for g in column(page, "growth")]
    assert growth == sorted(growth, reverse=True)

    # By keyboard: the headers' buttons take the focus, Enter and Space sort.
    sort_button(page, "名次").focus()
    page.keyboard.press("Enter")
    page.locator("#rank-table th[aria-sort=ascending]", has_text="名次").wait_for()
    assert [int(r) for r in column(page, "rank")] == list(range(1, 16))
    page.keyboard.press("Space")
    page.locator("#rank-table th[aria-sort=descending]", has_text="名次").wait_for()
    assert [int(r) for r in column(page, "rank")] == list(range(15, 0, -1))
    assert page.locator("#rank-table tbody tr[aria-current=true] th").inner_text() == "六安市", \
        "the chosen region stays marked wherever it is"


def test_the_rank_tables_rows_come_once_both_charts_are_drawn(page, live_app):
    """Dash draws each cell as a component: drawn with the page, the rows would hold the charts
    back."""
    page.add_init_script("""new MutationObserver(() => {
        const charts = [...document.querySelectorAll('.chart-figure')];
        const drawn = charts.length === 2 && charts.every(f => f.querySelector('.main-svg'));
        if (!window.__charts && drawn) window.__charts = performance.now();
        if (!window.__rows && document.querySelector('#rank-table tbody tr'))
            window.__rows = performance.now();
    }).observe(document, {childList: true, subtree: true});""")
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    assert table_rows(page) == 15
    charts, rows = page.evaluate("[window.__charts, window.__rows]")
    assert charts and rows > charts


def test_a_long_rank_table_scrolls_under_its_header_and_its_search_hides_rows(page, live_app):
    from etl.official import load_official

    load_official(live_app.engine)  # 2021's evaluation: the top 30 of the 217 national ETDZs
    open_page(page, f"{live_app.url}/rankings?region=Z320500-05&indicator=etdz_evaluation_rank"
                    "&period=2021&scope=CN-etdz")
    assert table_rows(page) == 30
    box = page.locator(".rank-table-box")
    assert box.evaluate("el => el.scrollHeight > el.clientHeight && el.clientHeight <= 520")
    box.evaluate("el => { el.scrollTop = 3000; }")
    header, top = page.locator("#rank-table thead th").first.bounding_box(), box.bounding_box()
    assert abs(header["y"] - top["y"]) <= 2, "the header stays at the top of the box"

    page.locator("#rank-search").fill("广州")
    page.wait_for_function("() => document.querySelectorAll("
                           "'#rank-table tbody tr:not([hidden])').length < 30")
    assert column(page, "name") == ["广州经济技术开发区", "广州南沙经济技术开发区"]
    assert page.locator("#rank-table tbody tr[hidden]").count() == 28
    assert page.locator("#rank-search-count").inner_text() == "显示2个，共30个地区"

    sort_button(page, "名次").click()  # sorting keeps the search
    page.locator("#rank-table th[aria-sort=descending]", has_text="名次").wait_for()
    assert column(page, "name") == ["广州南沙经济技术开发区", "广州经济技术开发区"]
    assert [int(r) for r in column(page, "rank")] == [12, 2]

    page.locator("#rank-search").fill("")
    page.wait_for_function("() => !document.querySelector('#rank-table tbody tr[hidden]')")
    assert table_rows(page) == 30 and page.locator("#rank-search-count").inner_text() == ""
    assert [int(r) for r in column(page, "rank")] == list(range(30, 0, -1))


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
    # The page re-renders from the URL: a click on the old picker would be lost with it.
    page.wait_for_function(
        """() => { const gd = document.querySelector('#compare-multiples .js-plotly-plot');
                   return !!gd && (gd.data || []).some(trace => trace.name === '蚌埠市'); }""")
    page.locator(INDICATORS).click()
    page.locator(".dash-dropdown-search").fill("发明专利授权")
    page.get_by_role("option", name="发明专利授权量（件）", exact=True).wait_for()


def point_of(page, graph_id: str, code: str) -> list[float]:
    """Where on the screen a chart draws the region's bar or marker (its code is the point's
    customdata, or its customdata's last item)."""
    point = page.evaluate(
        """([id, code]) => {
            const gd = document.querySelector('#' + id + ' .js-plotly-plot');
            for (const el of gd.querySelectorAll('.trace .point')) {
                const trace = el.closest('.trace').__data__[0].trace;
                const data = el.__data__ && (trace.customdata || [])[el.__data__.i];
                const box = el.getBoundingClientRect();
                if ((Array.isArray(data) ? data[data.length - 1] : data) === code && box.width > 0)
                    return [box.left + box.width / 2, box.top + box.height / 2];
            }
            return null;
        }""", [graph_id, code])
    assert point is not None, f"{code} is not drawn in {graph_id}"
    return point


def test_a_click_on_a_bar_chooses_its_region_and_on_a_line_highlights_it(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}")
    figure(page, "ranking-bar")
    page.mouse.click(*point_of(page, "ranking-bar", "340100"))
    wait_for_query(page, region="340100")
    page.locator("#rank-table tr[aria-current]", has_text="合肥市").wait_for()
    figure(page, "ranking-bump")
    page.mouse.click(*point_of(page, "ranking-bump", LUAN))
    wait_for_query(page, region="340100", selection=LUAN)


def test_a_page_visit_asks_the_server_twice_the_shell_and_the_page(page, live_app):
    """Pickers and clickable charts write their requests inside the page
    (components.URL_REQUEST_TYPE): mounting them asks the server nothing."""
    open_page(page, f"{live_app.url}/trends?selection=341500,340100")  # the links carry it
    posts = []
    page.on("request", lambda r: posts.append(r.post_data_json.get("output"))
            if r.method == "POST" and "/_dash-update-component" in r.url else None)
    for link, graph in (("排名", "ranking-bar"), ("地图", "region-map"), ("对比", "compare-multiples")):
        posts.clear()
        page.locator("#nav-links").get_by_text(link, exact=True).click()
        figure(page, graph)
        wait_for_callbacks(page)
        assert len(posts) == 2, posts
        assert any("nav-account.children" in p for p in posts)
        assert any("_pages_content.children" in p for p in posts)
