"""The application factory: a Dash app on a given database, with its pages and shell.

Tests build their own app on a temporary database; `python app.py` builds one from the
environment. The database must exist (metrics.refresh.open_database) before the app serves it.
"""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc  # noqa: F401  (registers the component suite)
from dash._callback import GLOBAL_CALLBACK_LIST, GLOBAL_CALLBACK_MAP
from sqlalchemy import Engine

from config import Settings
from dashboard.server.auth import init_auth
from dashboard.server.callback_guard import guard_callbacks
from dashboard.server.compression import init_compression
from dashboard.bundles import page_scripts
from dashboard.server.routes import compressed_endpoints, register_routes
from dashboard.context import EXTENSION
from dashboard.document import INDEX_STRING, index_values
from dashboard.layout import register_callbacks, shell

PACKAGE_DIR = Path(__file__).resolve().parent


class LocalDash(dash.Dash):
    """Dash whose pages name no server but the app's own (tests/browser/test_local_only.py)."""

    def _config(self):
        config = super()._config()
        # Every page's config carries the address of Dash's update check
        # (dash-version.plotly.com), which the dev tools would ask; they are told not to.
        config["dash_version_url"] = None
        config["disable_version_check"] = True
        # Only hides the dev tools' "publish to Plotly Cloud" button (debug mode).
        config["plotly_cloud_installed"] = True
        return config

    def _setup_plotlyjs(self):
        """Dash's full plotly.js (4.8 MB) is neither linked nor served: pages load the app's
        trimmed bundle (dashboard/bundles.py)."""
        self._plotlyjs_url = None

    def interpolate_index(self, **kwargs):
        """The page as Dash writes it, with the language and the page's title of the URL."""
        from flask import request

        from dash._utils import interpolate_str

        kwargs.update(index_values(request.path))
        kwargs["scripts"], kwargs["metas"] = page_scripts(self, kwargs["scripts"],
                                                          kwargs["metas"], request.path)
        return interpolate_str(self.index_string, **kwargs)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> dash.Dash:
    from db.session import get_engine

    settings = settings or Settings.from_env()
    engine = engine or get_engine(settings.database_url)

    # Page modules register their callbacks with dash.callback into a process-wide list that
    # the next app takes on its first request. Dash re-runs the page modules for every app, so
    # whatever an earlier app left unclaimed (an app built but never served) is dropped here
    # rather than registered twice.
    GLOBAL_CALLBACK_LIST.clear()
    GLOBAL_CALLBACK_MAP.clear()

    app = LocalDash(
        "dashboard",  # the package: pages are imported as dashboard.pages.<name>
        use_pages=True,
        pages_folder=str(PACKAGE_DIR / "pages"),
        assets_folder=str(PACKAGE_DIR / "assets"),
        assets_path_ignore=["vendor"],  # linked by the pages that need them (bundles.py)
        title="区域创新指标看板",
        index_string=INDEX_STRING,  # <html lang> and the page's title (dashboard/document.py)
        update_title=None,
        # Pages build their components from the URL, so not every id exists at start-up.
        suppress_callback_exceptions=True,
        serve_locally=True,  # Dash's scripts and plotly.js from the app, not from a CDN
        # No compress=True (Flask-Compress re-compresses every bundle on every request):
        # dashboard.server.compression compresses each bundle once per process.
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Before the routes are added: only Dash's own and those marked compressed are compressed.
    init_compression(app, also=compressed_endpoints())
    guard_callbacks(app)  # forged callback requests: 400, not 500
    server = app.server
    server.secret_key = settings.secret_key
    # Base64 grows an upload by a third; leave room for the rest of the request.
    server.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes * 4 // 3 + 1024 * 1024
    server.extensions[EXTENSION] = {"engine": engine, "settings": settings}
    init_auth(app, settings, engine)
    register_routes(server)
    _pages_first(server)
    app.layout = shell
    register_callbacks(app)
    _set_up_before_serving(app)
    return app


def _set_up_before_serving(app: dash.Dash) -> None:
    """Dash finishes setting itself up on its first request (the scripts a page links made
    servable, the pages' callbacks claimed, the router added), each part behind a flag it sets
    before the work is done: in a worker with threads, concurrent first requests (a browser
    fetching its scripts) found scripts missing (404) and callbacks not yet there. One request
    here, before the app serves any (with gunicorn's preload, in the master before the fork)."""
    with app.server.test_client() as client:
        client.get(app.config.routes_pathname_prefix + "_dash-dependencies")


def _pages_first(server) -> None:
    """Heavy work (downloads, checking a file) steps aside while a page request of the same
    worker process is answered (dashboard/server/heavy.py)."""
    from flask import request

    from dashboard.server import heavy

    heavy_paths = ("/data/export.", "/upload/problems/")

    @server.before_request
    def page_started():
        if not request.path.startswith(heavy_paths):
            heavy.page_started()

    @server.teardown_request
    def page_finished(_error):
        heavy.page_finished()
