"""Who is signed in, at the right of the navigation bar: the account's name with its role and a
sign-out, or a sign-in link for an anonymous visitor. Both come back to the page they left,
with its query and language.

Signing out is a POST to /logout like the login page's: its CSRF token is filled in from the
CSRF cookie when the form is sent (assets/sign-out.js adds it, as Dash's renderer sends the same
cookie with each callback), so the token never travels inside a callback's answer.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.i18n import t
from dashboard.server.login_urls import login_href, safe_next

SLOT_ID = "nav-account"  # the placeholder in the shell's header (dashboard/layout.py)


def account_menu(account, lang: str, here: str):
    """The navbar's account control for account (None when anonymous) on the page `here`."""
    if account is None:
        return dbc.Nav(dbc.NavItem(dbc.NavLink(t("login_title", lang), href=login_href(here, lang),
                                               external_link=True, id="nav-sign-in")),
                       navbar=True)
    role = t("role_" + account.role, lang)
    # From lg up the bar holds every page's link and is full: the role shows in the menu's
    # header there, and beside the name only in the folded (phone) menu.
    label = [html.Span(account.name, id="nav-account-name"),
             html.Small(role, className="nav-account-role ms-1 d-lg-none")]
    sign_out = html.Form([
        dcc.Input(type="hidden", name="next", value=safe_next(here), id="nav-sign-out-next"),
        html.Button(t("logout", lang), type="submit", id="nav-sign-out", className="dropdown-item"),
    ], method="post", action="/logout", className="sign-out-form m-0")
    return dbc.Nav(dbc.DropdownMenu([
        html.Div(t("login_signed_in_as", lang, name=account.name, role=role),
                 className="dropdown-header", id="nav-account-who"),
        sign_out,
    ], label=label, nav=True, in_navbar=True, align_end=True, id="nav-account-menu",
        class_name="account-menu"), navbar=True)

