"""Browser harness: a fresh database with the sample data, the real app (create_app) served by
werkzeug in a background thread on a free port, and a Playwright page in Debian's headless
Chromium that records every console error, page error and failed request.

A test fails at teardown if the browser reported any error, so every browser test also checks
that the page produced none.
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
from db.setup import init_database
from tests.sample_data import load_sample

CHROMIUM = "/usr/bin/chromium"
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
    engine = init_database(url)
    load_sample(engine)
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


@pytest.fixture
def page(browser, live_app, browser_log):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True,
                                  locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.on("console", browser_log.console)
    pg.on("pageerror", browser_log.page_error)
    pg.on("requestfailed", browser_log.request_failed)
    yield pg
    context.close()
    assert browser_log.errors == [], "the browser reported errors:\n" + "\n".join(browser_log.errors)
