"""The map's outlines as GeoJSON (GET /geo/<level>/<parent>.json), fetched by plotly in the
browser rather than carried in a callback's answer (dashboard/geo.py builds them)."""

from __future__ import annotations

from flask import abort, jsonify

from dashboard import geo
from dashboard.context import engine, settings


def outlines(level: str, parent: str):
    collection = geo.children_collection(engine(), parent, level) if parent.isalnum() else None
    if collection is None:
        abort(404)
    response = jsonify(collection)
    # Without anonymous browsing the outlines need a sign-in: no shared cache may keep them,
    # only the browser.
    if settings().allow_anonymous:
        response.cache_control.public = True
    else:
        response.cache_control.private = True
    response.cache_control.max_age = 86_400  # the URL changes with the outline source
    return response
