"""The administrators' pages, plain Flask forms: the audit log (/audit), users (/admin/users),
the indicator catalog's names and aliases (/admin/catalog), and the zones and peer groups
(/admin/zones, /admin/peers: dashboard/server/admin_zones.py). Their URLs are listed in
dashboard/server/routes.py.

Admins only, for reading and for every POST; CSRF is checked by Flask-SeaSurf before a
handler runs; each change goes through db.accounts or db.catalog_edits, which audit it.
Passwords are read from the form and handed on, never shown, flashed or logged.
"""

from __future__ import annotations

import re
from functools import wraps

from flask import abort, flash, redirect, render_template, request

from dashboard.context import engine
from dashboard.i18n import normalise_lang, t
from dashboard.server.auth import client_address, current_account
from dashboard.server.login_urls import login_href
from db import accounts, catalog_edits
from db.auth_models import ROLES


def render_page(template: str, lang: str, **values):
    """A server-rendered page (sign-in, audit log, admin) with its UI strings in lang."""
    return render_template(template, t=lambda key, **v: t(key, lang, **v), lang=lang, **values)


def admin_only(view):
    """An admin's view, called with the signed-in account first: anyone else is sent to sign
    in (a GET) or refused."""
    @wraps(view)
    def guarded(*args, **kwargs):
        account = current_account()
        if account is None:
            if request.method == "GET":
                return redirect(login_href(request.full_path.rstrip("?"), lang()))
            abort(401)
        if not account.is_admin:
            abort(403)
        return view(account, *args, **kwargs)
    return guarded


def lang() -> str:
    return normalise_lang(request.values.get("lang"))


def back(path: str):
    return redirect(path + ("?lang=en" if lang() == "en" else ""))


def render(template: str, **values):
    return render_page(template, lang(), **values)


@admin_only
def audit_log(account):
    return render("audit.html", entries=accounts.audit_entries(engine()),
                  users=accounts.list_users(engine()))


@admin_only
def admin_users(account):
    from dashboard.upload import staging

    users = accounts.list_users(engine())
    names = accounts.region_names(engine(), [c for u in users for c in u.regions])
    return render("admin_users.html", account=account, users=users, roles=ROLES,
                  region_names=names, staged=staging.usage(),
                  staged_hours=staging.STAGED_FOR_SECONDS // 3600,
                  staged_per_user=staging.MAX_STAGES_PER_USER, megabytes=megabytes)


@admin_only
def admin_users_change(account, action):
    form, client, eng = request.form, client_address(), engine()
    name = form.get("name", "").strip()
    try:
        if action == "add":
            accounts.add_user(eng, name, form.get("password", ""), form.get("role", ""),
                              parse_regions(form.get("regions", "")), actor=account.name,
                              client=client)
            flash(t("admin_user_added", lang(), name=name), "ok")
        elif action == "role":
            if name == account.name:
                raise accounts.AccountError(t("admin_not_yourself", lang()))
            accounts.set_role(eng, name, form.get("role", ""),
                              parse_regions(form.get("regions", "")), actor=account.name,
                              client=client)
            flash(t("admin_user_changed", lang(), name=name), "ok")
        elif action == "active":
            active = form.get("active") == "1"
            if name == account.name and not active:
                raise accounts.AccountError(t("admin_not_yourself", lang()))
            accounts.set_active(eng, name, active, actor=account.name, client=client)
            flash(t("admin_user_changed", lang(), name=name), "ok")
        elif action == "password":
            accounts.set_password(eng, name, form.get("password", ""),
                                  actor=account.name, client=client)
            flash(t("admin_password_set", lang(), name=name), "ok")
        else:
            abort(404)
    except accounts.AccountError as error:
        flash(str(error), "error")
    return back("/admin/users")


@admin_only
def admin_catalog(account):
    return render("admin_catalog.html", account=account,
                  indicators=catalog_edits.indicator_entries(engine()))


@admin_only
def admin_catalog_edit(account, code):
    form = request.form
    if form.get("reset") == "1":
        if catalog_edits.reset_indicator(engine(), code, account.name, client_address()):
            flash(t("admin_catalog_reset_done", lang(), code=code), "ok")
        return back("/admin/catalog")
    problems = catalog_edits.edit_indicator(
        engine(), code, form.get("name_zh", ""), form.get("name_en", ""),
        catalog_edits.parse_aliases(form.get("aliases", "")), account.name, client_address())
    for problem in problems:
        flash(problem, "error")
    if not problems:
        flash(t("admin_catalog_saved", lang(), code=code), "ok")
    return back("/admin/catalog")


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def parse_regions(text: str) -> list[str]:
    """Region codes separated by commas, 、 or spaces."""
    return [code for code in re.split(r"[\s,，、;；]+", text or "") if code]
