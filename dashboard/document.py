"""The HTML document around the Dash app: its language and its title, right in the page the
server sends (screen readers and the browser's translation offer read them before any script
runs), and in the browser's tab after each navigation, in the URL's language (?lang=en).

Dash's own page has neither (<html> without lang, the app's Chinese title on every page) and
wraps its scripts in a <footer>, a second footer landmark beside the app's.
"""

from __future__ import annotations

from html import escape

import dash
from dash.exceptions import MissingCallbackContextException

from dashboard.i18n import t
from dashboard.state import ViewState

URL_SEARCH = "_pages_location.search"  # the URL's query, as Dash's page router reads it
HTML_LANG = {"zh": "zh-CN", "en": "en"}

# Dash's index template with the document's language and without the <footer> around the
# scripts. {%lang%} is filled by index_page (dashboard/app.py); the rest by Dash.
INDEX_STRING = """<!DOCTYPE html>
<html lang="{%lang%}">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def request_lang() -> str:
    """The language of the page being served or re-rendered: ?lang=en in the page's URL, or,
    inside Dash's router callback, in the URL the callback was fired for, or, in the first
    layout (dashboard/first_page.py), in the URL of the page it is for."""
    from flask import g, has_request_context, request

    try:
        inputs = dash.ctx.inputs
    # LookupError: a server thread that has never run a callback has no context at all.
    except (MissingCallbackContextException, LookupError):
        inputs = {}
    if URL_SEARCH in inputs:
        return ViewState.from_search(inputs[URL_SEARCH]).lang
    if has_request_context():
        lang = g.get("page_lang") or request.args.get("lang")
        return ViewState.from_query({"lang": lang}).lang
    return "zh"


def page_title(key: str):
    """A page's title for dash.register_page: 排名 · 区域创新指标看板 / Rankings · Regional
    Innovation Indicators. Dash calls it when it serves the page and after each navigation."""
    def title(**_path_variables) -> str:
        lang = request_lang()
        return f"{t(key, lang)} · {t('app_title', lang)}"
    return title


def title_for_path(path: str, default: str) -> str:
    """The title of the registered page at path (the app's title for an unknown path)."""
    for page in dash.page_registry.values():
        if page.get("path") == path:
            title = page.get("title")
            return title() if callable(title) else str(title or default)
    return default


def index_values(path: str) -> dict[str, str]:
    """{%lang%} and {%title%} of the index template for the page at path."""
    lang = request_lang()
    return {"lang": HTML_LANG[lang], "title": escape(title_for_path(path, t("app_title", lang)))}
