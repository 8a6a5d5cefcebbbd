"""Browser harness: a fresh database with the sample data, the real app (create_app) served by
werkzeug in a background thread on a free port, and a Playwright page in Debian's headless
Chromium that records every console error, page error and failed request.

A test fails at teardown if the browser reported any error, so every browser test also checks
that the page produced none.

Anonymous browsing is on (the demo setting); the live app has an uploader for the whole
province (PROVINCE_UPLOADER), one for 六安市 (LUAN_UPLOADER) and an administrator, and tests
that write sign in through the login page (sign_in).
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import Settings
from dashboard.app import create_app
from db.session import dispose_engine
from metrics.refresh import open_database
from db.accounts import add_user
from tests.sample_data import LUAN, PROVINCE, load_sample

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
PROVINCE_UPLOADER, LUAN_UPLOADER, ADMIN = "anhui-uploader", "luan-uploader", "admin"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class LiveApp:
    url: str
    engine: object
    settings: Settings


@dataclass
class BrowserLog:
    errors: list[str] = field(default_factory=list)

    def console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def page_error(self, error) -> None:
        self.errors.append(f"page error: {error}")

    def request_failed(self, request) -> None:
        # A request the browser cancels because the test navigated on (net::ERR_ABORTED) is
        # not a failure of the app; a refused or broken one is. Server errors (HTTP 5xx)
        # arrive as console errors and are caught there.
        if "ERR_ABORTED" in str(request.failure):
            return
        self.errors.append(f"request failed: {request.url} {request.failure}")


def _serve(app, host: str = "127.0.0.1"):
    server = make_server(host, 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def live_app(tmp_path, sqlite_template):
    """The app on a fresh SQLite database holding the sample data (simulated)."""
    path = tmp_path / "browser.db"
    shutil.copyfile(sqlite_template, path)  # migrated, with catalogs (tests/conftest.py)
    url = f"sqlite:///{path}"
    engine = open_database(url)
    load_sample(engine)
    add_user(engine, PROVINCE_UPLOADER, PASSWORD, "uploader", [PROVINCE])
    add_user(engine, LUAN_UPLOADER, PASSWORD, "uploader", [LUAN])
    add_user(engine, ADMIN, PASSWORD, "admin")
    settings = Settings(database_url=url, secret_key="test", max_upload_bytes=2 * 1024 * 1024,
                        load_demo_if_empty=False)
    server, thread = _serve(create_app(settings, engine))
    yield LiveApp(f"http://127.0.0.1:{server.server_port}", engine, settings)
    server.shutdown()
    thread.join(timeout=10)
    dispose_engine(url)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver fonts-noto-cjk")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_log():
    return BrowserLog()


def recorded_page(browser, browser_log, viewport: dict, **options):
    """A page of a new browser context whose console errors, page errors and failed requests
    fail the test when it ends (a generator for a fixture to yield from)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.on("console", browser_log.console)
    pg.on("pageerror", browser_log.page_error)
    pg.on("requestfailed", browser_log.request_failed)
    yield pg
    context.close()
    assert browser_log.errors == [], "the browser reported errors:\n" + "\n".join(browser_log.errors)


@pytest.fixture
def page(browser, live_app, browser_log):
    yield from recorded_page(browser, browser_log, {"width": 1366, "height": 900},
                             accept_downloads=True)


def sign_in(page, live_app: LiveApp, name: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Sign in through the login page, as a person would."""
    page.goto(f"{live_app.url}/login?next={next_path}")
    page.locator("#login-name").fill(name)
    page.locator("#login-password").fill(password)
    page.locator("#login-submit").click()
    page.wait_for_url(f"{live_app.url}{next_path}*")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def as_uploader(page, live_app):
    """The browser page signed in as the province's uploader."""
    sign_in(page, live_app, PROVINCE_UPLOADER)
    return PROVINCE_UPLOADER
