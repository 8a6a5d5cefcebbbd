"""Pages load plotly.js and AG Grid only where they show them (dashboard/bundles.py), and draw
the page opened into the first layout (dashboard/first_page.py): a page reached by a link from
one without charts or grids still draws them, and the router callback does not run for the
page the browser opened.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.sample_data import LUAN


def requests_of(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_a_link_from_the_overview_to_rankings_loads_plotly_but_no_grid_and_on_to_data_the_grid(
        page, live_app):
    urls = requests_of(page)
    page.goto(live_app.url + "/")
    page.locator("img.sparkline").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "plotly" in u or "dash_ag_grid" in u], urls
    page.locator("#nav-rankings").click()
    page.locator("#ranking-bar .main-svg").first.wait_for()
    expect(page.locator("#rank-table tbody")).to_contain_text("第1位/")  # after the charts
    page.wait_for_load_state("networkidle")
    assert [u for u in urls if "/assets/vendor/plotly-dashboard.min.js" in u]
    assert not [u for u in urls if "package_data/plotly" in u], "Dash's full plotly.js"
    assert not [u for u in urls if "dash_ag_grid" in u], "its rank table is plain HTML"
    # On to Data, which opens on a grid: the stand-in loads AG Grid and draws it.
    page.locator("#nav-data").click()
    page.locator("#observations-grid .ag-row").first.wait_for()
    assert [u for u in urls if "dash_ag_grid" in u]


def test_rankings_opened_loads_plotly_and_no_grid(page, live_app):
    urls = requests_of(page)
    page.goto(f"{live_app.url}/rankings?region={LUAN}")
    page.locator("#ranking-bump .main-svg").first.wait_for()
    page.locator("#rank-table tbody tr").first.wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # nothing is loaded late either
    assert [u for u in urls if "/assets/vendor/plotly-dashboard.min.js" in u]
    assert not [u for u in urls if "dash_ag_grid" in u], urls
    assert page.evaluate("() => !document.querySelector('script[src*=dash_ag_grid]')")


def test_the_page_opened_is_drawn_without_the_router_callback(page, live_app):
    bodies: list[str] = []
    page.on("request", lambda request: bodies.append(request.post_data or "")
            if "_dash-update-component" in request.url else None)
    page.goto(f"{live_app.url}/trends?selection=340100,{LUAN}&lang=en")
    page.locator("#trends-graph .main-svg").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.locator("#trends-caption").inner_text()
    assert not [b for b in bodies if "_pages_content" in b], "the page came from the router"
    # Later navigation goes through the router as before.
    page.locator("#nav-map").click()
    page.locator("#region-map .main-svg").first.wait_for()
    assert [b for b in bodies if "_pages_content" in b]
    # The title follows the page a moment after its chart (Dash's router writes it): wait.
    expect(page).to_have_title(re.compile(r"^Map"))
