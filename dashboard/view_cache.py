"""A chart page built once per view for visitors who are not signed in, until the data change.

Visitors to the public pages ask the same few views again and again (the city, its key
indicator, the latest period); each page build costs pandas, Dash and plotly work that the
shared answer cache (db/answers.py) does not save, since it keeps only the data a page reads.
A page built for a visitor who is not signed in depends on nothing but the address, the data
and the app: it is kept per app in each worker, keyed by the page, the URL's query and the
data version (db.cache.data_version: uploads, revisions, metrics, catalog), and dropped when
that version changes. A signed-in user's page may hold what only they see (the "include
pending" switch, a reviewer's round progress), so it is always built afresh.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app

from dashboard.context import EXTENSION, engine

MAX_VIEWS = 96  # per app and worker: the views a province's visitors mostly ask


class Views:
    """The built pages of one app, most recently used last."""

    def __init__(self, limit: int = MAX_VIEWS):
        self.limit = limit
        self.built: OrderedDict[tuple, object] = OrderedDict()
        self.version: tuple | None = None
        self.lock = threading.Lock()

    def get(self, version: tuple, key: tuple):
        with self.lock:
            if version != self.version:
                self.built.clear()
                self.version = version
                return None
            page = self.built.get(key)
            if page is not None:
                self.built.move_to_end(key)
            return page

    def put(self, version: tuple, key: tuple, page) -> None:
        with self.lock:
            if version != self.version:
                return  # the data changed while it was built
            self.built[key] = page
            while len(self.built) > self.limit:
                self.built.popitem(last=False)


def _views() -> Views:
    return current_app.extensions[EXTENSION].setdefault("views", Views())


def _question(query: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in query.items()))


def once_per_view(layout: Callable) -> Callable:
    """Decorate a page's layout(**query): built once per view for anonymous visitors."""
    @functools.wraps(layout)
    def page(**query):
        from dashboard.server.auth import current_account
        from db.cache import data_version

        if current_account() is not None:
            return layout(**query)
        try:
            key = (layout.__module__, _question(query))
            hash(key)
        except TypeError:  # a value that cannot be a key: build it as before
            return layout(**query)
        views, version = _views(), data_version(engine())
        found = views.get(version, key)
        if found is None:
            found = layout(**query)
            views.put(version, key, found)
        return found
    return page
