"""Every page in a real headless Chromium audited with axe-core (axe-playwright-python), in
both languages, anonymous and signed in (issue #27): no violation of impact moderate or above.
Also what axe cannot see: the language and title the server sends, a text alternative and a
table under every chart, and a focus ring on every element the keyboard reaches.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import ADMIN, LUAN_UPLOADER, sign_in
from tests.sample_data import LUAN

BLOCKING = ("moderate", "serious", "critical")
PUBLIC = ["/", f"/trends?region={LUAN}", f"/rankings?region={LUAN}",
          f"/compare?selection=340100,{LUAN}", "/map", f"/map?region={LUAN}&scope={LUAN}",
          "/data", "/upload", "/report", "/login"]
CHARTS = {  # page: the charts it draws
    f"/trends?region={LUAN}": ["trends-graph"],
    f"/rankings?region={LUAN}": ["ranking-bar", "ranking-bump"],
    f"/compare?selection=340100,{LUAN}": ["compare-multiples", "compare-radar"],
    "/map": ["region-map"],
}
AXE = Axe()


def with_lang(path: str, lang: str) -> str:
    if lang == "zh":
        return path
    return path + ("&" if "?" in path else "?") + "lang=en"


def settle(page) -> None:
    """The page loaded, its charts drawn and assets/a11y.js's repairs made (next frame)."""
    page.wait_for_load_state("networkidle")
    # The page itself first: before it is drawn there is no chart to wait for (on a busy
    # machine the network can fall idle before the page's callback is even sent).
    page.locator("h1").first.wait_for()  # a Dash page's header, or a server page's
    page.wait_for_function("""() => [...document.querySelectorAll('.chart-figure')]
                                     .every(f => f.querySelector('.main-svg'))""")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def dash_option(rule: str, node: dict) -> bool:
    """Dash 4's open dropdown draws each option as <label role="option"> around the radio
    button or checkbox that takes the focus: a control inside an option, which only Dash can
    change (moving the focus off the input breaks choosing with the mouse). The one violation
    left to Dash, and only there."""
    return rule == "nested-interactive" and 'class="dash-options-list-option' in node["html"]


def blocking_violations(page) -> list[str]:
    """'rule (impact): targets' of every violation of impact moderate or above."""
    results = AXE.run(page).response
    found = []
    for v in results["violations"]:
        nodes = [n for n in v["nodes"] if not dash_option(v["id"], n)]
        if v["impact"] in BLOCKING and nodes:
            found.append(f"{v['id']} ({v['impact']}): "
                         + ", ".join(str(n["target"]) for n in nodes[:5]))
    return found


def audit(page, url: str, found: dict) -> None:
    page.goto(url)
    settle(page)
    found[url] = blocking_violations(page)


def report(found: dict) -> str:
    return "\n".join(f"{url}: {problems}" for url, problems in found.items() if problems)


def test_axe_really_runs_and_finds_a_violation_planted_in_a_page(page, live_app):
    page.goto(live_app.url + "/")
    settle(page)
    results = AXE.run(page).response
    evaluated = {r["id"] for kind in ("passes", "violations", "incomplete", "inapplicable")
                 for r in results[kind]}
    assert len(evaluated) > 50 and {"color-contrast", "region", "aria-hidden-focus"} <= evaluated
    assert blocking_violations(page) == []
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend',
            '<p style="color:#aaa;background:#fff">faint</p><div role="button"></div>');
    }""")
    planted = " ".join(blocking_violations(page))
    assert "color-contrast (serious)" in planted and "aria-command-name (serious)" in planted


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_passes_axe_anonymous(page, live_app, lang):
    found = {}
    for path in PUBLIC:
        audit(page, live_app.url + with_lang(path, lang), found)
    assert not report(found), report(found)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_passes_axe_signed_in(page, live_app, lang):
    """Upload (both tabs), Data with a value's provenance and its rollback buttons, and the
    administrator's pages."""
    found = {}
    sign_in(page, live_app, LUAN_UPLOADER)
    audit(page, live_app.url + with_lang("/upload", lang), found)
    audit(page, live_app.url + with_lang("/upload?tab=text", lang), found)
    url = live_app.url + with_lang(f"/data?region={LUAN}&indicator=rd_expenditure&period=2025",
                                   lang)
    page.goto(url)
    settle(page)
    page.locator(".observations-grid .ag-center-cols-container .ag-row").first.click()
    page.locator(".rollback-button").first.wait_for()
    found[url + " (provenance)"] = blocking_violations(page)
    page.context.clear_cookies()
    sign_in(page, live_app, ADMIN)
    for path in ("/", "/admin/users", "/admin/catalog", "/audit"):
        audit(page, live_app.url + with_lang(path, lang), found)
    assert not report(found), report(found)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_open_lists_and_chart_tables_pass_axe(page, live_app, lang):
    found = {}
    page.goto(live_app.url + with_lang(f"/rankings?region={LUAN}", lang))
    settle(page)
    summaries = page.locator("details.chart-table > summary")
    for i in range(summaries.count()):  # a chart's table fills when it is opened
        summaries.nth(i).click()
    page.locator("details.chart-table[open] tbody tr").first.wait_for()
    found["tables"] = blocking_violations(page)
    page.locator("[id='{\"key\":\"indicator\",\"type\":\"url-control\"}']").click()
    page.locator(".dash-dropdown-content .dash-options-list-option").first.wait_for()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    found["open list"] = blocking_violations(page)
    assert not report(found), report(found)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_rank_table_with_its_search_sorted_and_searched_passes_axe(page, live_app, lang):
    from etl.official import load_official

    load_official(live_app.engine)  # 2021's evaluation: 30 national ETDZs ranked, a search box
    found = {}
    page.goto(live_app.url + with_lang("/rankings?region=Z320500-05&indicator="
                                       "etdz_evaluation_rank&period=2021&scope=CN-etdz", lang))
    settle(page)
    page.locator("#rank-table tbody tr").first.wait_for()  # the rows come after the charts
    found["long table"] = blocking_violations(page)
    page.locator("#rank-table thead button").nth(2).click()
    page.locator("#rank-table th[aria-sort=descending]").wait_for()
    page.locator("#rank-search").fill("z")
    page.locator("#rank-table tbody tr[hidden]").first.wait_for(state="attached")
    found["sorted and searched"] = blocking_violations(page)
    assert not report(found), report(found)


@pytest.mark.parametrize("lang,title", [("zh", "排名 · 区域创新指标看板"),
                                        ("en", "Rankings · Regional Innovation Indicators")])
def test_the_server_sends_the_language_and_the_pages_title(page, live_app, lang, title):
    response = page.request.get(live_app.url + with_lang("/rankings", lang))
    html = response.text()
    assert f'<html lang="{"en" if lang == "en" else "zh-CN"}">' in html
    assert f"<title>{title}</title>" in html
    assert "<footer" not in html, "the app's footer is the page's only one"
    page.goto(live_app.url + with_lang("/", lang))
    settle(page)
    page.locator("#nav-rankings").click()
    page.wait_for_function("t => document.title === t", arg=title)
    assert page.locator("main").count() == 1 and page.locator("footer").count() == 1
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_has_a_name_a_description_and_a_table(page, live_app, lang):
    for path, charts in CHARTS.items():
        page.goto(live_app.url + with_lang(path, lang))
        settle(page)
        for graph_id in charts:
            figure = page.locator(f"#{graph_id}-figure")
            assert figure.get_attribute("aria-label"), f"{graph_id} has a name"
            described = page.locator(f"#{figure.get_attribute('aria-describedby')}")
            assert len(described.inner_text()) > 20 or len(described.text_content()) > 20
            assert page.locator(f"#{graph_id} svg.main-svg[aria-hidden='true']").count() >= 1
            if graph_id == "region-map":  # its figures are in the table beside it
                assert page.locator(".map-values tbody tr").count() == 16  # the cities; zones below
                continue
            table = page.locator(f"#{graph_id}-table")
            # Drawn when opened, not with the page: a few hundred cells held the page still.
            assert table.locator("tbody tr").count() == 0
            table.locator("summary").click()
            table.locator("tbody tr").first.wait_for()
            assert table.locator("tbody tr").count() >= 2
            assert table.locator("tbody tr").first.locator("td").count() >= 1


def test_a_chart_table_opened_from_the_keyboard_fills_once(page, live_app):
    page.goto(live_app.url + f"/rankings?region={LUAN}")
    settle(page)
    table = page.locator("#ranking-bump-table")
    table.locator("summary").focus()
    page.keyboard.press("Enter")
    table.locator("tbody tr").first.wait_for()
    rows = table.locator("tbody tr").count()
    assert rows >= 2 and table.get_attribute("open") is not None
    page.keyboard.press("Enter")  # closed and opened again: its rows are still there
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#ranking-bump-table').open")
    assert table.locator("tbody tr").count() == rows


def test_sparklines_carry_their_values_in_text(page, live_app):
    page.goto(live_app.url + f"/?region={LUAN}")
    settle(page)
    alt = page.locator("#card-rd_expenditure img.sparkline").get_attribute("alt")
    assert alt.startswith("近年走势：2024年：") and "亿元" in alt


def test_every_element_the_keyboard_reaches_shows_a_focus_ring(page, live_app):
    """Tab through the Rankings page, the blue bar's navigation first: each stop draws an
    outline of 2 px at least."""
    page.goto(live_app.url + f"/rankings?region={LUAN}")
    settle(page)
    seen, unringed = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {id: el.id || el.className || el.tagName, text: (el.innerText || '').slice(0, 20),
                    width: parseFloat(style.outlineWidth), style: style.outlineStyle};
        }""")
        if stop["id"] == "BODY":  # past the last stop: the focus leaves the page
            break
        seen.append(stop["id"])
        if stop["style"] == "none" or stop["width"] < 2:
            unringed.append(stop)
    assert "skip-link" in seen and "nav-trends" in seen and "lang-en" in seen
    assert any("url-control" in str(s) for s in seen), "the pickers are reached"
    assert any("rank-sort" in str(s) for s in seen), "the rank table's headers are reached"
    assert unringed == []


def test_the_charts_toolbar_keeps_one_button_in_the_tab_order(page, live_app):
    page.goto(live_app.url + f"/rankings?region={LUAN}")
    settle(page)
    tabbable = page.evaluate("""() => [...document.querySelectorAll('#ranking-bar .modebar-btn')]
                                       .filter(b => b.tabIndex >= 0).map(b => b.dataset.title)""")
    assert tabbable == ["下载图表（PNG）"]


MOTION = """selectors => selectors.map(s => document.querySelector(s)).filter(Boolean)
    .map(el => parseFloat(getComputedStyle(el).transitionDuration))"""


def test_nothing_moves_for_those_who_ask_for_reduced_motion(page, live_app):
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_app.url + f"/rankings?region={LUAN}")
    settle(page)
    durations = page.evaluate(MOTION, ['.modebar', '.dash-dropdown-trigger-icon'])
    page.goto(live_app.url + "/data")  # a grid's rows (Rankings' table is plain HTML)
    page.locator(".ag-row").first.wait_for()
    durations += page.evaluate(MOTION, ['.ag-row'])
    assert len(durations) == 3 and max(durations) < 0.001
