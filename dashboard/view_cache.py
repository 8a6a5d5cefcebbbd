"""A chart page built once per view for visitors who are not signed in, until the data change.

Visitors to the public pages ask the same few views again and again (the city, its key
indicator, the latest period); each page build costs pandas, Dash and plotly work that the
answer cache of the data reads does not save. A page built for a visitor who is not signed in
depends on nothing but the address, the data, the app's settings and its code, so it goes into
that same cache (db.cache.cached, shared: each worker's memo, then the table every worker
reads), keyed by those, and is built again once the data version changes. A signed-in user's
page may hold what only they see (the "include pending" switch, a reviewer's round progress),
so it is always built afresh.

A page is kept as the plain JSON-ready tree Dash would send (as_sent): writing it out again is
a tenth of the work of walking the components (2-25 ms a page otherwise, the Map's most), and
it pickles small.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from dashboard.context import engine, settings_digest

_DASHBOARD = Path(__file__).resolve().parent


@functools.cache
def code_version() -> str:
    """Digest of the code that builds pages (the code that answers data reads is in the
    answer cache's own key): a worker running other code never reads a page of the old."""
    digest = hashlib.sha256()
    for path in sorted(_DASHBOARD.rglob("*.py")):
        digest.update(path.relative_to(_DASHBOARD).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def as_sent(node):
    """A component tree as plain dicts and lists, as Dash's renderer receives it
    ({"type", "namespace", "props"}): what Dash's JSON encoder would make of it."""
    if hasattr(node, "to_plotly_json"):
        node = node.to_plotly_json()
    if isinstance(node, dict):
        return {key: as_sent(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [as_sent(value) for value in node]
    return node


def _question(layout: Callable, query: dict) -> tuple:
    asked = tuple(sorted((str(k), tuple(map(str, v)) if isinstance(v, list) else str(v))
                         for k, v in query.items()))
    return ("page", layout.__module__, code_version(), settings_digest(), asked)


def once_per_view(layout: Callable) -> Callable:
    """Decorate a page's layout(**query): built once per view for visitors not signed in."""
    @functools.wraps(layout)
    def page(**query):
        from dashboard.server.auth import current_account
        from db.cache import cached

        if current_account() is not None:
            return layout(**query)
        return cached(engine(), _question(layout, query), lambda: as_sent(layout(**query)),
                      on="data", shared=True)
    return page
