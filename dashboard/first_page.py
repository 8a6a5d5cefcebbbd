"""The page the browser opened, drawn into the app's first layout: its charts need no round
trip through Dash's page router before they are drawn.

Dash's page container starts empty; once the app has started in the browser, its URL component
reports the address and Dash's router callback answers with the page's layout. Here the layout
request (/_dash-layout, fetched by the page the browser opened) builds that page at once, from
the address the request's Referer header names, and the URL component starts with that address,
so it reports nothing and the router does not run for it. Every later navigation goes through
the router as before, calling the same layout function.

Without a usable Referer (a proxy that strips it, another site, an address that is no page), the
container starts empty and the router draws the page as Dash does.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import dash
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page
from flask import after_this_request, g, has_request_context, request

# Dash's page container's ids (dash.dash._ID_*): its router's inputs and outputs.
LOCATION, CONTENT = "_pages_location", "_pages_content"
STORE, DUMMY = "_pages_store", "_pages_dummy"


def opened_address() -> tuple[str, str, str] | None:
    """(path, search, href) of the page whose app asks for its layout, from the Referer."""
    referrer = request.referrer if has_request_context() else None
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host:
        return None
    return parts.path or "/", f"?{parts.query}" if parts.query else "", referrer


def page_container():
    """Dash's page container, holding the opened page when the request names one."""
    if has_request_context():
        after_this_request(_depends_on_referrer)
    opened = opened_address()
    page, variables = _path_to_page(dash.strip_relative_path(opened[0])) if opened else ({}, None)
    if not page:
        return dash.page_container
    path, search, href = opened
    query = _parse_query_string(search)
    # The page's title (dashboard/document.py) in the language of the address, not of this request.
    g.page_lang = query.get("lang")
    layout, title = page["layout"], page["title"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **query})
    if callable(title):
        title = title(**(variables or {}))
    return html.Div([
        # Every part of the address given: the component reports none of them when it starts.
        dcc.Location(id=LOCATION, refresh="callback-nav", pathname=path, search=search,
                     href=href, hash=""),
        html.Div(layout, id=CONTENT, disable_n_clicks=True),
        dcc.Store(id=STORE, data={"title": title}),
        html.Div(id=DUMMY, disable_n_clicks=True),
    ])


def _depends_on_referrer(response):
    # The layout differs with the page it was asked from, and may hold a signed-in user's data.
    response.vary.add("Referer")
    response.cache_control.no_store = True
    return response
