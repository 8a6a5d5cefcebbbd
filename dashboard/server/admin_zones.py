"""The administrators' pages of the zone catalog (/admin/zones) and the peer groups
(/admin/peers), plain Flask forms behind the same guard as the other admin pages
(dashboard/server/admin.py). Every change goes through db.zone_edits or db.peer_edits, which store
it beside the catalog files and audit it; the ranks it changes are rebuilt before the page
returns (metrics.refresh.refresh_if_asked).
"""

from __future__ import annotations

from flask import flash, request

from catalog.zones import ZONE_LEVELS, ZONE_TYPES
from config import DEFAULT_PROVINCE
from dashboard.context import engine
from dashboard.i18n import t
from dashboard.server.admin import admin_only, back, lang, render
from dashboard.server.auth import client_address
from db import accounts, peer_edits, queries, zone_edits
from db.catalog_edits import parse_aliases
from metrics.refresh import refresh_if_asked

MAX_LISTED = 500  # a province holds at most a few dozen zones; a search over all stays short


@admin_only
def admin_zones(account):
    eng = engine()
    provinces = queries.provinces(eng)
    province = request.args.get("province") or queries.home_province(eng) or DEFAULT_PROVINCE
    query = (request.args.get("q") or "").strip()
    zones = queries.zones(eng) if query else queries.zones(eng, province)
    if query:
        zones = zones[[query in " ".join([z["code"], z["name_zh"], z["name_en"] or "",
                                          *z["aliases"]]) for z in zones.to_dict("records")]]
    parents = queries.regions(eng, province)
    parents = parents[parents["level"].isin(zone_edits.PARENT_LEVELS)]
    return render("admin_zones.html", account=account, provinces=provinces,
                  province=province, query=query, zones=zone_rows(zones.head(MAX_LISTED)),
                  parents=parents.to_dict("records"), types=list(ZONE_TYPES),
                  levels=ZONE_LEVELS, overrides=zone_edits.edited(eng))


def settled(problems: list[str], done: str, to: str):
    """After an edit: rebuild the ranks it made stale, say how it went, go back."""
    refresh_if_asked(engine())
    report(problems, done)
    return back(to)


@admin_only
def admin_zones_add(account):
    outcome = zone_edits.add_zone(engine(), zone_form(request.form), account.name,
                                  client_address())
    return settled(outcome.problems, t("admin_zone_added", lang(), code=outcome.code or ""),
                   zones_page(request.form))


@admin_only
def admin_zones_edit(account, code):
    outcome = zone_edits.edit_zone(engine(), code, zone_form(request.form), account.name,
                                   client_address())
    return settled(outcome.problems, t("admin_zone_saved", lang(), code=code),
                   zones_page(request.form))


@admin_only
def admin_zones_retire(account, code):
    retired = request.form.get("retired") == "1"
    outcome = zone_edits.retire_zone(engine(), code, account.name, client_address(), retired)
    return settled(outcome.problems, t("admin_zone_retired" if retired else
                                       "admin_zone_restored", lang(), code=code),
                   zones_page(request.form))


@admin_only
def admin_peers(account):
    groups = peer_edits.peer_group_entries(engine())
    names = accounts.region_names(engine(), [m for g in groups for m in g.members])
    return render("admin_peers.html", account=account, groups=groups, names=names)


def save_peer_group(write, account, code: str, saved_message: str):
    """Add or edit (write) a peer group from the form, and say how it went."""
    form = request.form
    problems = write(
        engine(), code, form.get("name_zh", ""), form.get("name_en", ""),
        peer_edits.members_from_text(engine(), form.get("members", "")), account.name,
        client_address())
    return settled(problems, t(saved_message, lang(), code=code), "/admin/peers")


@admin_only
def admin_peers_add(account):
    return save_peer_group(peer_edits.add_group, account,
                           request.form.get("code", "").strip(), "admin_peer_added")


@admin_only
def admin_peers_edit(account, code):
    return save_peer_group(peer_edits.edit_group, account, code, "admin_peer_saved")


@admin_only
def admin_peers_remove(account, code):
    if request.form.get("confirm") == "1" and peer_edits.remove_group(
            engine(), code, account.name, client_address()):
        refresh_if_asked(engine())
        flash(t("admin_peer_removed", lang(), code=code), "ok")
    else:
        flash(t("admin_peer_not_removed", lang(), code=code), "error")
    return back("/admin/peers")


def report(problems: list[str], done: str) -> None:
    for problem in problems:
        flash(problem, "error")
    if not problems:
        flash(done, "ok")


def zones_page(form) -> str:
    """Back to the list the form was sent from (its province, its search)."""
    from urllib.parse import urlencode

    query = {k: form.get(k) for k in ("province", "q") if form.get(k)}
    return "/admin/zones" + ("?" + urlencode(query) if query else "")


def zone_form(form) -> zone_edits.ZoneForm:
    return zone_edits.ZoneForm(
        name_zh=form.get("name_zh", ""), parent_code=form.get("parent", ""),
        zone_type=form.get("type") or None, zone_level=form.get("level") or None,
        name_en=form.get("name_en", ""), approved_year=zone_edits.parse_year(form.get("approved")),
        aliases=parse_aliases(form.get("aliases", "")),
        lon=zone_edits.parse_degrees(form.get("lon")), lat=zone_edits.parse_degrees(form.get("lat")))


def zone_rows(zones) -> list[dict]:
    """The listed zones as plain dicts for the template (blanks instead of NaN)."""
    import pandas as pd

    rows = []
    for z in zones.to_dict("records"):
        rows.append({**z, **{k: ("" if z[k] is None or (isinstance(z[k], float) and pd.isna(z[k]))
                                 else z[k]) for k in ("name_en", "zone_type", "zone_level",
                                                      "lon", "lat", "city_name_zh")},
                     "approved_year": "" if pd.isna(z["approved_year"]) else int(z["approved_year"])})
    return rows
