"""Region and file names carrying HTML, in the real browser: chart labels and hover text
(plotly reads <b>, <br> … as markup unless they are written as entities:
dashboard.figures.plain.plotly_text), the map's names, tables, pickers, the provenance panel and
the upload history all show them as the characters they are; nothing in them runs."""

from __future__ import annotations

from sqlalchemy import update

from db.models import Region, Upload
from db.session import session_scope
from tests.browser.conftest import LUAN_UPLOADER, sign_in
from tests.browser.test_pages import open_page
from tests.sample_data import LUAN

CITY = "六安<b>市</b><img src=x onerror=window.__xss=1>"
FILE = "<img src=x onerror=window.__xss=2>季报.xlsx"
SVG_TEXTS = "sel => [...document.querySelectorAll(sel)].map(t => t.textContent)"


def hostile_names(live_app) -> None:
    with session_scope(live_app.engine) as session:
        session.execute(update(Region).where(Region.code == LUAN).values(name_zh=CITY, name_en=CITY))
        session.execute(update(Upload).values(file_name=FILE))


def nothing_ran(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0


def svg_texts(page, selector: str) -> list[str]:
    page.locator(selector).first.wait_for(state="attached")
    return page.evaluate(SVG_TEXTS, selector)


def test_names_with_html_show_as_text_in_charts_hover_tables_and_pickers(page, live_app):
    hostile_names(live_app)
    # 六安 chosen: its line in the bump chart carries its name at the end.
    open_page(page, f"{live_app.url}/rankings?region=341500&indicator=rd_expenditure")
    assert CITY in svg_texts(page, "#ranking-bar .ytick text")  # the bar's label, tags and all
    texts = svg_texts(page, "#ranking-bump text")
    assert any(CITY in text for text in texts), texts  # the bump line's name
    bar = page.locator("#ranking-bar .bars .point").first  # 六安 ranks first in the sample
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert any(CITY in text for text in svg_texts(page, "#ranking-bar .hoverlayer .hovertext text"))
    page.locator("#rank-table tbody tr").first.wait_for()  # the rows come after the charts
    assert page.locator("#rank-table").get_by_text(CITY, exact=True).count() == 1
    nothing_ran(page)

    open_page(page, f"{live_app.url}/map?indicator=rd_expenditure")
    assert any("<b>" in text and "<img src=x" in text for text in svg_texts(page, "#region-map .geo text"))
    nothing_ran(page)

    open_page(page, f"{live_app.url}/trends?region={LUAN}&indicator=rd_expenditure")
    assert CITY in svg_texts(page, "#trends-graph .legendtext")
    nothing_ran(page)

    open_page(page, f"{live_app.url}/data?region={LUAN}&sub=0")
    # The picker shows the chosen region's name as written.
    assert CITY in page.locator("[id='{\"key\":\"region\",\"type\":\"url-control\"}']").inner_text()
    grid = page.locator("#observations-grid")
    grid.get_by_text(CITY, exact=True).first.wait_for()
    grid.locator(".ag-center-cols-container .ag-row").first.click()
    page.locator("#provenance-facts").wait_for()
    assert FILE in page.locator("#provenance-facts").inner_text()
    nothing_ran(page)


def test_file_names_with_html_show_as_text_in_the_upload_history(page, live_app):
    hostile_names(live_app)
    sign_in(page, live_app, LUAN_UPLOADER, next_path="/upload")
    page.locator("#history-table").wait_for()
    assert FILE in page.locator("#history-table").inner_text()
    nothing_ran(page)
