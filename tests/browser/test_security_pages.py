"""Hostile text in the browser: a region name carrying HTML shows as text, never runs; and
signing in through the login page works with CSRF and the security headers on."""

from __future__ import annotations

from db.models import Region
from db.session import session_scope
from tests.browser.test_pages import open_page

PAYLOAD = "<img src=x onerror=alert(1)>"
HOSTILE_ZONE = "Z340100-99"


def test_an_xss_payload_in_a_region_name_shows_as_text(page, live_app):
    with session_scope(live_app.engine) as session:
        session.add(Region(code=HOSTILE_ZONE, name_zh=PAYLOAD, name_en=PAYLOAD, level="zone",
                           parent_code="340100", aliases=[]))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, f"{live_app.url}/?region={HOSTILE_ZONE}")
    page.get_by_text(PAYLOAD).first.wait_for()
    assert dialogs == [], "the payload ran"
    assert page.locator("img[src='x']").count() == 0


def test_signing_in_through_the_page_opens_the_upload_form(page, live_app):
    from tests.browser.conftest import LUAN_UPLOADER, sign_in

    open_page(page, live_app.url + "/upload")
    assert page.locator("#upload-login-required").is_visible()
    sign_in(page, live_app, LUAN_UPLOADER, next_path="/upload")
    page.locator("#upload-scope").wait_for()
    assert "六安市" in page.locator("#upload-scope").inner_text()
