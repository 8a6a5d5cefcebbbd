"""Every URL the web server answers besides Dash's own (its pages, callbacks and bundles), in
one table, as datasette lists its routes: the rule, its methods, the view, and whether the
answer is compressed.

The views are plain functions in their feature modules. What they need from the app they
find on the Flask app: the engine and settings (dashboard.context), the CSRF guard
(dashboard.server.auth.csrf). What guards every request is not a route but a hook: sign-in,
CSRF and security headers (auth), the session's lifetime (sessions), compression, forged
callbacks (callback_guard), pages before heavy work (dashboard/app.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from dashboard.server import admin, admin_zones, downloads, outlines, sign_in

POST = ("POST",)


@dataclass(frozen=True)
class Route:
    rule: str
    view: Callable
    methods: tuple[str, ...] = ("GET",)
    # Compressed like Dash's own answers. Never a server-rendered form: it carries the CSRF
    # token beside text from the request (BREACH, see dashboard/server/compression.py).
    compressed: bool = False

    @property
    def endpoint(self) -> str:
        return self.view.__name__


def routes() -> list[Route]:
    return [
        Route("/login", sign_in.login, ("GET", "POST")),
        Route("/logout", sign_in.logout, POST),
        # Admins only (admin.admin_only).
        Route("/audit", admin.audit_log),
        Route("/admin/users", admin.admin_users),
        Route("/admin/users/<action>", admin.admin_users_change, POST),
        Route("/admin/catalog", admin.admin_catalog),
        Route("/admin/catalog/<code>", admin.admin_catalog_edit, POST),
        Route("/admin/zones", admin_zones.admin_zones),
        Route("/admin/zones/add", admin_zones.admin_zones_add, POST),
        Route("/admin/zones/<code>/edit", admin_zones.admin_zones_edit, POST),
        Route("/admin/zones/<code>/retire", admin_zones.admin_zones_retire, POST),
        Route("/admin/peers", admin_zones.admin_peers),
        Route("/admin/peers/add", admin_zones.admin_peers_add, POST),
        Route("/admin/peers/<code>/edit", admin_zones.admin_peers_edit, POST),
        Route("/admin/peers/<code>/remove", admin_zones.admin_peers_remove, POST),
        # Files streamed instead of sent through a callback.
        Route("/upload/problems/<token>.csv", downloads.problem_list),
        Route("/data/export.<fmt>", downloads.data_export),
        Route("/geo/<level>/<parent>.json", outlines.outlines, compressed=True),
    ]


def register_routes(server: Flask) -> None:
    for route in routes():
        server.add_url_rule(route.rule, route.endpoint, route.view, methods=list(route.methods))


def compressed_endpoints() -> frozenset[str]:
    return frozenset(route.endpoint for route in routes() if route.compressed)
