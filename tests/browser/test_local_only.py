"""Nothing leaves the machine: every page, in both languages, loads only from the app's own
origin, names no other server in its HTML, its elements or its charts' config, and no chart's
toolbar offers a way out (plotly.js's "Share chart…" uploads to Plotly's cloud). The toolbar
speaks the page's language, and a downloaded PNG is named after the chart.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_pages import open_page
from tests.sample_data import LUAN

# Every page, the chart pages on a view that draws their charts.
PAGES = {
    "/": 0,  # path and query: the charts it must draw at least
    f"/trends?selection=340100,{LUAN}": 1,
    f"/rankings?region={LUAN}&period=2025": 2,
    f"/compare?selection=340100,{LUAN}": 1,
    "/map?period=2025": 1,
    "/data": 0,
    "/upload": 0,
    "/report": 0,
}
# Names of outside services, wherever they turn up; any http(s) address is checked separately.
OUTSIDE_NAMES = re.compile(r"plot\.ly|plotly\.com|chart[- ]studio|\bcdn\b|cdn[.\-]|cloudflare|"
                           r"jsdelivr|unpkg|googleapis|gstatic|mapbox", re.I)
CLOUD_BUTTON = re.compile(r"share|cloud|studio|plotly|分享|云", re.I)
CJK = re.compile(r"[\u4e00-\u9fff]")

# Attributes that load or link something, of every element (SVG's included), resolved the way
# the browser resolves them; url(...) in any attribute (plotly's clip paths) too.
LINKS_JS = """() => {
    const names = /^(src|href|xlink:href|action|formaction|srcset|poster|data|background|ping)$/i;
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const values = names.test(attr.name)
                ? attr.value.split(',').map(v => v.trim().split(/\\s+/)[0]) : [];
            for (const m of attr.value.matchAll(/url\\(\\s*['"]?([^'")]*)/gi)) values.push(m[1]);
            for (const v of values.filter(Boolean)) {
                let url;
                try { url = new URL(v, document.baseURI); } catch (e) { url = {origin: v}; }
                found.push({tag: el.tagName, attr: attr.name, value: v,
                            protocol: url.protocol, origin: url.origin});
            }
        }
    }
    for (const sheet of document.styleSheets) {
        if (sheet.href) found.push({tag: 'stylesheet', attr: 'href', value: sheet.href,
                                    protocol: new URL(sheet.href).protocol,
                                    origin: new URL(sheet.href).origin});
    }
    return found;
}"""

# Each chart's config as plotly.js resolved it (its defaults included), and its toolbar.
CHARTS_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const c = gd._context;
    return {
        id: gd.parentElement.id || gd.id,
        config: JSON.stringify(c, (k, v) => typeof v === 'function' ? undefined : v),
        showSendToCloud: c.showSendToCloud, showEditInChartStudio: c.showEditInChartStudio,
        showLink: c.showLink, displaylogo: c.displaylogo, locale: c.locale,
        filename: c.toImageButtonOptions.filename,
        buttons: [...gd.querySelectorAll('.modebar-btn')].map(b => ({
            name: b.getAttribute('data-val') || '', title: b.getAttribute('data-title') || '',
            label: b.getAttribute('aria-label') || ''})),
        links: [...gd.querySelectorAll('.modebar a')].map(a => a.href),
    };
})"""

# Content-Security-Policy stops a request to another origin before it is made; the page still
# reports the attempt, which counts as much as a request would.
VIOLATIONS_INIT = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.blockedURI));"""


def outside_addresses(text: str, origin: str) -> list[str]:
    """http(s) addresses in text that are not the app's, and names of outside services."""
    text = text.replace("\\u002f", "/").replace("\\/", "/")  # JSON-escaped slashes
    addresses = [a for a in re.findall(r"https?://[^\s\"'<>)]*", text)
                 if not (a + "/").startswith(origin + "/")]
    return addresses + OUTSIDE_NAMES.findall(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_stays_on_the_apps_origin_and_its_toolbar_speaks_its_language(
        page, live_app, lang):
    origin = live_app.url
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(VIOLATIONS_INIT)
    download_title = "下载图表（PNG）" if lang == "zh" else "Download plot as a PNG"
    charts_seen = 0

    for path, min_charts in PAGES.items():
        url = origin + path + (("&" if "?" in path else "?") + "lang=en" if lang == "en" else "")
        response = page.goto(url)
        page.locator(".page-header h1").wait_for()
        if min_charts:
            page.locator(".js-plotly-plot .modebar").first.wait_for(state="attached")
        page.wait_for_load_state("networkidle")

        assert outside_addresses(response.text(), origin) == [], f"{path}: the served HTML"
        strays = [link for link in page.evaluate(LINKS_JS)
                  if link["protocol"] not in ("data:", "blob:", "javascript:")
                  and link["origin"] != origin]
        assert strays == [], f"{path}: elements link outside the app"
        assert page.evaluate("window.__violations") == [], f"{path}: tried to reach outside"

        charts = page.evaluate(CHARTS_JS)
        assert len(charts) >= min_charts, f"{path}: the view should draw its charts"
        charts_seen += len(charts)
        for chart in charts:
            where = f"{path} #{chart['id']}"
            assert outside_addresses(chart["config"], origin) == [], where
            assert not (chart["showSendToCloud"] or chart["showEditInChartStudio"]
                        or chart["showLink"] or chart["displaylogo"]), where
            assert chart["links"] == [], f"{where}: the toolbar links out (the Plotly logo)"
            titles = [b["title"] for b in chart["buttons"]]
            assert titles and not [t for t in titles if CLOUD_BUTTON.search(t)], where
            assert not [b for b in chart["buttons"] if CLOUD_BUTTON.search(b["label"])], where
            # The page's language, every tooltip: Chinese on zh pages, none on en pages.
            assert chart["locale"] == ("zh-CN" if lang == "zh" else "en-US"), where
            assert download_title in titles, where
            if lang == "zh":
                assert all(CJK.search(t) for t in titles), f"{where}: {titles}"
            else:
                assert not [t for t in titles if CJK.search(t)], f"{where}: {titles}"

    assert charts_seen >= 5
    strays = [u for u in requests
              if not (u.startswith(origin + "/") or u.startswith("data:")
                      or u.startswith(f"blob:{origin}/"))]
    assert strays == [], "the browser fetched from outside the app"
    assert any("plotly" in u for u in requests), "plotly.js itself came from the app"


def test_a_downloaded_png_is_named_after_the_chart(page, live_app):
    open_page(page, f"{live_app.url}/rankings?region={LUAN}&period=2025")
    chart = page.locator("#ranking-bar .js-plotly-plot")
    chart.hover()
    camera = page.locator("#ranking-bar .modebar-btn[data-title='下载图表（PNG）']")
    with page.expect_download() as download:
        camera.click()
    assert download.value.suggested_filename == "全社会研发投入-排名-2025年-安徽省各市.png"
    assert download.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The toolbar's own message, in the page's language.
    page.locator(".notifier-note").filter(has_text="图片已下载").wait_for()

    open_page(page, f"{live_app.url}/rankings?region={LUAN}&period=2025&lang=en")
    filename = page.evaluate("document.querySelector('#ranking-bar .js-plotly-plot')"
                             "._context.toImageButtonOptions.filename")
    assert filename == "R&D expenditure-ranking-2025-cities of Anhui"
