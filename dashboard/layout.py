"""The shell around every page: header with title, navigation and language switch, a banner
when the data are simulated, the page itself, and a footer with the data's last update.

The shell follows the URL: navigation links carry the current state (region, indicator,
period, language ...) so every page opens on the same selection.
"""

from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
from dash import (ALL, MATCH, ClientsideFunction, Input, Output, State, ctx, dcc, html,
                  no_update)

from dashboard import account_menu
from dashboard.components import (CHART_TABLE_BODY_TYPE, CHART_TABLE_OPEN_TYPE,
                                  CHART_TABLE_ROWS_TYPE, CONTROL_TYPE,
                                  OPTIONS_AFTER_CHARTS_KEYS, OPTIONS_AFTER_CHARTS_TYPE,
                                  RENDERED_STATE_TYPE, URL, URL_REQUEST_TYPE, url_request_id)
from dashboard.first_page import page_container
from dashboard.formatting import format_number, format_timestamp
from dashboard.i18n import t
from dashboard.state import ViewState, search_with

# (i18n key, path) in the order of the navigation bar.
NAV = [("nav_overview", "/"), ("nav_trends", "/trends"), ("nav_rankings", "/rankings"),
       ("nav_compare", "/compare"), ("nav_map", "/map"), ("nav_data", "/data"),
       ("nav_upload", "/upload"), ("nav_report", "/report")]
# Administrators' pages: Flask templates outside the Dash app, so plain links (full loads).
ADMIN_NAV = [("nav_admin_users", "/admin/users"), ("nav_admin_catalog", "/admin/catalog"),
             ("nav_admin_zones", "/admin/zones"), ("nav_admin_peers", "/admin/peers"),
             ("nav_audit", "/audit")]


def shell() -> html.Div:
    """The app's layout; the parts that depend on the URL are filled by update_shell."""
    lang_switch = html.Div([
        dcc.Link("中文", id="lang-zh", href="/", className="btn btn-sm btn-light"),
        dcc.Link("English", id="lang-en", href="/?lang=en", className="btn btn-sm btn-outline-light"),
    ], className="btn-group lang-switch ms-lg-3", role="group", **{"aria-label": "语言 / Language"})
    header = dbc.Navbar(dbc.Container([
        dcc.Link(html.Span(t("app_title"), id="brand-title"), id="brand-link", href="/",
                 className="navbar-brand fw-semibold"),
        dbc.NavbarToggler(id="nav-toggler", n_clicks=0),
        dbc.Collapse([dbc.Nav(id="nav-links", navbar=True, class_name="me-auto"), lang_switch,
                      html.Div(id=account_menu.SLOT_ID, className="ms-lg-2")],
                     id="nav-collapse", navbar=True, is_open=False),
    ], fluid="xl"), color="primary", dark=True, expand="lg", class_name="app-header py-2")
    # Landmarks (issue #27): the bar and the demo banner in the banner, each page in the one
    # <main> (a skip link's target), the data's last update in the one footer.
    return html.Div([
        dcc.Store(id="document-lang"),
        html.A(t("a11y_skip"), href="#main-content", id="skip-link",
               className="visually-hidden-focusable skip-link"),
        html.Header([header, html.Div(id="demo-banner")]),
        html.Main(dbc.Container(page_container(), fluid="xl", class_name="py-3 page-body"),
                  id="main-content", tabIndex="-1"),
        html.Footer(dbc.Container(id="footer", fluid="xl", class_name="py-2"),
                    className="app-footer"),
    ])


def nav_links(state: ViewState, pathname: str, is_admin: bool = False,
              can_review: bool = False) -> list:
    shown = NAV + [("nav_rounds", "/rounds")] if can_review else NAV  # reviewers' board
    links = [dbc.NavItem(dbc.NavLink(t(key, state.lang), href=state.href(path),
                                     active=(pathname or "/") == path, id=f"nav-{path.strip('/') or 'overview'}"))
             for key, path in shown]
    if is_admin:
        suffix = "?lang=en" if state.lang == "en" else ""
        items = [dbc.DropdownMenuItem(t(key, state.lang), href=path + suffix, external_link=True,
                                      id=f"nav-{path.strip('/').replace('/', '-')}")
                 for key, path in ADMIN_NAV]
        links.append(dbc.DropdownMenu(items, label=t("nav_admin", state.lang), nav=True,
                                      in_navbar=True, id="nav-admin", class_name="admin-menu"))
    return links


def demo_banner(simulated: bool, lang: str, official: bool = False):
    if not simulated:
        return None
    note = t("demo_note_official" if official else "demo_note", lang)
    return dbc.Alert([html.Strong(t("demo_badge", lang) + " · "), note],
                     color="warning", class_name="mb-0 rounded-0 py-2 small demo-note",
                     id="demo-note")


def footer(updated, n_observations: int, simulated: bool, lang: str) -> list:
    parts = []
    if updated is None:
        parts.append(html.Span(t("footer_no_data", lang)))
    else:
        parts.append(html.Span(t("footer_updated", lang, time=format_timestamp(updated, lang)),
                               id="last-update"))
        parts.append(html.Span(" · " + t("footer_rows", lang, n=format_number(n_observations))))
    if simulated:
        parts.append(dbc.Badge(t("demo_badge", lang), color="warning", text_color="dark",
                               class_name="ms-2"))
    parts.append(html.Span(" · " + t("app_subtitle", lang), className="d-none d-md-inline"))
    return [html.Small(parts, className="text-muted")]


def register_callbacks(app: dash.Dash) -> None:
    """Callbacks of the shell, bound to this app (not global: tests build several apps)."""
    @app.callback(
        Output("brand-title", "children"), Output("brand-link", "href"),
        Output("nav-links", "children"), Output(account_menu.SLOT_ID, "children"),
        Output("lang-zh", "href"), Output("lang-en", "href"),
        Output("lang-zh", "className"), Output("lang-en", "className"),
        Output("demo-banner", "children"), Output("footer", "children"),
        Input(URL, "pathname"), Input(URL, "search"))
    def update_shell(pathname, search):
        """Everything around the page that follows the URL, in one round trip per page visit
        (the bar, who is signed in, the demo banner, the footer)."""
        from dashboard.server.auth import current_account
        from dashboard.context import engine
        from db import queries

        state = ViewState.from_search(search)
        account = current_account()
        is_admin = account is not None and account.is_admin
        path = pathname or "/"
        eng = engine()
        simulated = queries.is_simulated(eng)
        updated = queries.last_update(eng)
        n = queries.observations_total(eng) if updated is not None else 0
        active, inactive = "btn btn-sm btn-light", "btn btn-sm btn-outline-light"
        can_review = account is not None and account.can_review
        return (t("app_title", state.lang), state.href("/"),
                nav_links(state, path, is_admin, can_review),
                account_menu.account_menu(account, state.lang, path + (search or "")),
                state.with_(lang="zh").href(path), state.with_(lang="en").href(path),
                active if state.lang == "zh" else inactive,
                active if state.lang == "en" else inactive,
                demo_banner(simulated, state.lang, simulated and queries.has_official(eng)),
                footer(updated, n, simulated, state.lang))

    @app.callback(Output(url_request_id("controls"), "data"),
                  Input({"type": CONTROL_TYPE, "key": ALL}, "value"),
                  State({"type": RENDERED_STATE_TYPE, "key": ALL}, "data"), State(URL, "search"),
                  prevent_initial_call=True)
    def write_control_to_url(values, rendered, search):
        """A picker changed: ask for its value in the URL (the page's url_request store, put in
        the URL by the clientside callback below), and the page re-renders from the URL.

        A picker outside the controls row reports its value when something inserts it into
        the page; only values that differ from what the page was rendered with are changes."""
        keys = [item["id"]["key"] for item in ctx.inputs_list[0]]
        changes = changed_controls(dict(zip(keys, values)), rendered[0] if rendered else None)
        if not changes:
            return no_update
        if "selection" in changes:
            changes["selection"] = tuple(changes["selection"] or ())
        new = search_with(search, **changes)
        return new if new != (search or "") else no_update

    # A query a page asks for (components.URL_REQUEST_TYPE) goes into the URL.
    app.clientside_callback(
        """function(_requests, search) {
            const fired = dash_clientside.callback_context.triggered;
            const asked = fired.length ? fired[0].value : null;
            return typeof asked === "string" && asked !== (search || "") ? asked
                : dash_clientside.no_update;
        }""",
        Output(URL, "search"), Input({"type": URL_REQUEST_TYPE, "key": ALL}, "data"),
        State(URL, "search"), prevent_initial_call=True)

    # A picker whose long list waits for the page's first chart (components.options_after_charts).
    for key in OPTIONS_AFTER_CHARTS_KEYS:
        app.clientside_callback(
            ClientsideFunction("pickers", "afterFirstChart"),
            Output({"type": CONTROL_TYPE, "key": key}, "options"),
            Input({"type": OPTIONS_AFTER_CHARTS_TYPE, "key": key}, "data"))

    # A chart's table fills when it is first opened (components.chart_table): a click on its
    # line, which is also what Enter or Space on it does.
    app.clientside_callback(
        """function(clicks, rows) {
            return clicks === 1 ? (rows || []) : dash_clientside.no_update;
        }""",
        Output({"type": CHART_TABLE_BODY_TYPE, "table": MATCH}, "children"),
        Input({"type": CHART_TABLE_OPEN_TYPE, "table": MATCH}, "n_clicks"),
        State({"type": CHART_TABLE_ROWS_TYPE, "table": MATCH}, "data"),
        prevent_initial_call=True)

    # The toggler opens and closes the phone menu; a choice in it (a page, a language) changes
    # the URL and closes it, so the page chosen is not hidden behind the menu.
    app.clientside_callback(
        """function(_clicks, _pathname, _search, isOpen) {
            return dash_clientside.callback_context.triggered_id === "nav-toggler" ? !isOpen
                : false;
        }""",
        Output("nav-collapse", "is_open"), Input("nav-toggler", "n_clicks"),
        Input(URL, "pathname"), Input(URL, "search"), State("nav-collapse", "is_open"),
        prevent_initial_call=True)

    # The page's language for fonts, screen readers and the browser's translation offer, and
    # the skip link's text in it (the first page arrives in its language: document.py).
    app.clientside_callback(
        """function(search) {
            const en = new URLSearchParams(search || "").get("lang") === "en";
            document.documentElement.lang = en ? "en" : "zh-CN";
            return [en ? "en" : "zh", en ? %s : %s];
        }""" % (json.dumps(t("a11y_skip", "en")), json.dumps(t("a11y_skip", "zh"))),
        Output("document-lang", "data"), Output("skip-link", "children"), Input(URL, "search"))


def changed_controls(values: dict, rendered: dict | None) -> dict:
    """The pickers whose value differs from the one the page was rendered with."""
    rendered = rendered or {}
    return {key: value for key, value in values.items()
            if _comparable(value) != _comparable(rendered.get(key))}


def _comparable(value):
    return tuple(value) if isinstance(value, list) else value
