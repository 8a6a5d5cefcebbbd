"""Signing in and out in the browser: the login page speaks the language of the page the user
came from and looks like the app, signing in returns to that page with its query, the navbar
says who is signed in and signs out back to the same page, and `next` never leaves the site."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.browser.conftest import LUAN_UPLOADER, PASSWORD, sign_in
from tests.browser.test_pages import open_page, query
from tests.sample_data import LUAN


def fill_login(page, name: str = LUAN_UPLOADER, password: str = PASSWORD) -> None:
    page.locator("#login-name").fill(name)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()


def test_the_english_upload_page_signs_in_in_english_and_comes_back_with_its_query(page, live_app):
    open_page(page, f"{live_app.url}/upload?region={LUAN}&lang=en")
    page.locator("#upload-login-link").click()
    page.wait_for_url(f"{live_app.url}/login?*")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Sign in"
    assert "btn-light" in page.locator("#lang-en").get_attribute("class"), "English is the language shown"

    fill_login(page)
    page.wait_for_url(f"{live_app.url}/upload?*")
    page.wait_for_load_state("networkidle")
    assert query(page) == {"region": LUAN, "lang": "en"}
    page.locator("#upload-scope").wait_for()
    assert page.locator(".page-header h1").inner_text() == "Upload"
    assert page.locator("#nav-account-name").inner_text() == LUAN_UPLOADER


def test_the_navbar_shows_who_is_signed_in_and_signs_out_back_to_the_same_page(page, live_app):
    sign_in(page, live_app, LUAN_UPLOADER)
    here = f"{live_app.url}/rankings?indicator=rd_expenditure&lang=en"
    open_page(page, here)
    assert page.locator("#nav-account-name").inner_text() == LUAN_UPLOADER
    page.locator("#nav-account-menu").click()
    assert page.locator("#nav-account-who").inner_text() == f"Signed in as {LUAN_UPLOADER} (uploader)"

    page.locator("#nav-sign-out").click()
    page.wait_for_url(here)
    page.locator("#nav-sign-in").wait_for()
    assert page.locator("#nav-account-name").count() == 0
    assert page.locator("#nav-sign-in").inner_text() == "Sign in"
    # Signed out for real: the upload page asks for a sign-in again.
    open_page(page, f"{live_app.url}/upload?lang=en")
    assert page.locator("#upload-login-required").is_visible()


def test_the_navbar_sign_in_link_keeps_the_page_and_its_language(page, live_app):
    open_page(page, f"{live_app.url}/trends?indicator=rd_expenditure")
    page.locator("#nav-sign-in").click()
    page.wait_for_url(f"{live_app.url}/login?*")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "登录"
    fill_login(page)
    page.wait_for_url(f"{live_app.url}/trends?indicator=rd_expenditure")
    page.locator("#nav-account-name").wait_for()


@pytest.mark.parametrize("lang, brand, back", [("zh", "区域创新指标看板", "返回看板"),
                                               ("en", "Regional Innovation Indicators",
                                                "Back to the dashboard")])
@pytest.mark.parametrize("width", [1440, 390])
def test_the_login_page_wears_the_apps_header_and_leads_back(page, live_app, lang, brand, back,
                                                            width):
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, f"{live_app.url}/map" + ("?lang=en" if lang == "en" else ""))
    app_bar = page.locator("nav.app-header").evaluate("e => getComputedStyle(e).backgroundColor")

    page.goto(f"{live_app.url}/login?next=/map" + ("&lang=en" if lang == "en" else ""))
    header = page.locator("#app-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == app_bar
    assert page.locator("#brand-link").inner_text() == brand
    assert page.locator("#login-submit").evaluate("e => getComputedStyle(e).backgroundColor") == app_bar
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing sticks out"
    assert page.locator("#login-submit").is_visible()

    page.locator("#login-back").click()
    expected = f"{live_app.url}/map" + ("?lang=en" if lang == "en" else "")
    page.wait_for_url(expected)
    page.locator(".page-header h1").wait_for()


def test_switching_the_login_pages_language_keeps_where_it_returns_to(page, live_app):
    page.goto(f"{live_app.url}/login?next=/data%3Fregion%3D{LUAN}")
    page.locator("#lang-en").click()
    page.wait_for_url(f"{live_app.url}/login?*")
    assert page.locator("h1").inner_text() == "Sign in"
    fill_login(page)
    page.wait_for_url(f"{live_app.url}/data?*")
    assert query(page) == {"region": LUAN, "lang": "en"}, "back in the language signed in with"


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x",
                                    "https://evil.example/x", "/\t/evil.example"])
def test_a_next_pointing_off_site_is_refused(page, live_app, target):
    page.goto(f"{live_app.url}/login?" + urlencode({"next": target}))
    fill_login(page)
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(live_app.url + "/"), page.url
    assert "evil" not in page.url
    page.locator("#nav-account-name").wait_for()
