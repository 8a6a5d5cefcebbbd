"""Rankings and Compare without a mouse (issue #27): every picker is reached with Tab, named by
its label, changed with the keyboard alone (arrows, Enter, Space, Escape, letters typed in an
open list), and the focus comes back to it once the page is rebuilt from the new URL.

Every test also fails if the browser logged an error (see conftest.page)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import query, wait_for_query
from tests.sample_data import LUAN

BENGBU = "340300"  # a city ranked in the province and in a peer group (皖北同类市)


def picker(key: str) -> str:
    """A picker's id in the page (components.dom_id)."""
    return f'{{"key":"{key}","type":"url-control"}}'


def radio(key: str, value: str) -> str:
    return f"_dbcprivate_radioitems_{picker(key)}_input_{value}"


def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
        return {id: el.id, text: (el.closest('.dash-options-list-option') || el).innerText || ''};
    }""")


def tab_to(page, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        if focused(page)["id"] == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {element_id}")


class Callbacks:
    """Dash's callbacks in flight: a page is rebuilt in a few rounds of them after a choice
    (a URL change is no navigation, so Playwright's network-idle state says nothing)."""

    def __init__(self, page):
        self.page, self.pending = page, set()
        page.on("request", self._sent)
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._done)

    def _sent(self, request):
        if "_dash-update-component" in request.url:
            self.pending.add(request)

    def _done(self, request):
        self.pending.discard(request)

    def settle(self, quiet_ms: int = 400, limit_ms: int = 20_000) -> None:
        """Wait until no callback has been in flight for quiet_ms."""
        quiet = waited = 0
        while quiet < quiet_ms and waited < limit_ms:
            self.page.wait_for_timeout(50)
            waited += 50
            quiet = 0 if self.pending else quiet + 50


@pytest.fixture
def callbacks(page) -> Callbacks:
    return Callbacks(page)


def lands_on(page, callbacks: Callbacks, element_id: str) -> None:
    """After a choice: the page is rebuilt from the URL, and the focus is on the picker."""
    callbacks.settle()
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id",
                           arg=element_id)


def open_list(page) -> None:
    """Enter opens the list, and the focus moves into it (on the next frame)."""
    page.keyboard.press("Enter")
    page.locator(".dash-dropdown-content .dash-options-list-option").first.wait_for()
    page.wait_for_function("() => document.activeElement.closest('.dash-dropdown-content')")


def on_option(page, text: str) -> None:
    """Wait for the focus to reach the option (the list moves it on the next frame)."""
    page.wait_for_function("""text => { const option = document.activeElement
        .closest('.dash-options-list-option'); return option && option.innerText === text; }""",
                           arg=text)


def step_to(page, text: str, limit: int = 20) -> None:
    """Arrow down an open list to the option reading text."""
    for _ in range(limit):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)  # the list moves its focus on the next frame
        if focused(page)["text"] == text:
            return
    raise AssertionError(f"no option {text}")


def step_to_unchosen(page, limit: int = 20) -> str:
    """Arrow down an open list to an option not chosen yet (past the search box, where the
    list wraps round); its text."""
    for _ in range(limit):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)  # the list moves its focus on the next frame
        state = page.evaluate("""() => { const el = document.activeElement;
            const option = el.closest('.dash-options-list-option');
            return {checked: !!el.checked, text: option ? option.innerText : ''}; }""")
        if state["text"] and not state["checked"]:
            return state["text"]
    raise AssertionError("no unchosen option")


def open_page(page, callbacks: Callbacks, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    callbacks.settle()


def test_every_picker_on_rankings_changes_by_keyboard_and_keeps_the_focus(page, live_app, callbacks):
    open_page(page, callbacks, f"{live_app.url}/rankings?region={LUAN}&period=2024&lang=en")

    # Indicator: open, type "h" to jump to High-tech enterprises, Enter.
    tab_to(page, picker("indicator"))
    expect(page.get_by_role("button", name=re.compile(r"^Indicator R&D expenditure"))).to_be_focused()
    open_list(page)
    page.keyboard.type("h")
    on_option(page, "High-tech enterprises (entities)")
    page.keyboard.press("Enter")
    wait_for_query(page, indicator="high_tech_enterprises")
    lands_on(page, callbacks, picker("indicator"))
    expect(page.get_by_role("button", name=re.compile(r"^Indicator High-tech"))).to_be_focused()

    # Period: the next stop; down the list to 2025 (ranked by growth too), Enter.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == picker("period")
    open_list(page)
    step_to(page, "2025")
    page.keyboard.press("Enter")
    wait_for_query(page, period="2025")
    lands_on(page, callbacks, picker("period"))

    # Region: open, type the name: the list jumps to it (or searches for it), Enter.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == picker("region")
    open_list(page)
    page.keyboard.type("Bengbu", delay=80)  # as fast as a person: Dash's search box is
    # rewritten from its own state after each key, and keys a few ms apart can be lost
    page.wait_for_function("""() => { const el = document.activeElement;
        const option = el.closest('.dash-options-list-option');
        return option ? option.innerText === 'Bengbu City' : el.value === 'Bengbu'; }""")
    page.keyboard.press("Enter")
    wait_for_query(page, region=BENGBU)
    lands_on(page, callbacks, picker("region"))

    # Scope: a list without search; down to the peer group, Enter.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == picker("scope")
    open_list(page)
    page.keyboard.type("n")
    on_option(page, "Northern Anhui peer cities")
    page.keyboard.press("Enter")
    wait_for_query(page, scope="peer-anhui-north-cities")
    lands_on(page, callbacks, picker("scope"))

    # Basis: radio buttons; Tab to "By growth", Space.
    tab_to(page, radio("measure", "growth"), limit=3)
    page.keyboard.press("Space")
    wait_for_query(page, measure="growth")
    lands_on(page, callbacks, radio("measure", "growth"))

    # Highlight: a multiple list; down to a region, Space, Escape closes and commits.
    tab_to(page, picker("selection"), limit=3)
    open_list(page)
    name = step_to_unchosen(page)
    page.keyboard.press("Space")
    page.keyboard.press("Escape")
    page.wait_for_function("() => new URLSearchParams(location.search).get('selection')")
    lands_on(page, callbacks, picker("selection"))
    assert name.strip() in page.locator(f"[id='{picker('selection')}']").inner_text()


def test_every_picker_on_compare_changes_by_keyboard_and_keeps_the_focus(page, live_app, callbacks):
    open_page(page, callbacks, f"{live_app.url}/compare?selection=340100,{LUAN}")

    tab_to(page, picker("selection"))
    expect(page.get_by_role("button", name=re.compile(r"^地区"))).to_be_focused()
    open_list(page)
    step_to_unchosen(page)
    page.keyboard.press("Space")
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => (new URLSearchParams(location.search).get('selection') || '').split(',').length === 3")
    lands_on(page, callbacks, picker("selection"))

    page.keyboard.press("Tab")
    assert focused(page)["id"] == picker("period")
    before = query(page).get("period")
    open_list(page)
    step_to_unchosen(page)
    page.keyboard.press("Enter")
    page.wait_for_function("p => new URLSearchParams(location.search).get('period') !== p",
                           arg=before)
    lands_on(page, callbacks, picker("period"))

    page.keyboard.press("Tab")
    assert focused(page)["id"] == picker("indicators")
    expect(page.get_by_role("button", name=re.compile(r"^对比指标"))).to_be_focused()
    open_list(page)
    step_to_unchosen(page)
    page.keyboard.press("Space")
    page.keyboard.press("Escape")
    page.wait_for_function("() => new URLSearchParams(location.search).get('indicators')")
    lands_on(page, callbacks, picker("indicators"))
