"""Every URL the web server answers besides Dash's own is listed in one table
(dashboard/server/routes.py), with its methods and view."""

from __future__ import annotations

import dash

from config import Settings
from dashboard.app import create_app
from dashboard.server.routes import routes


def test_every_url_besides_dashs_is_in_the_routes_table(engine):
    server = create_app(Settings(database_url="sqlite://unused"), engine).server
    dash_rules = {rule.rule for rule in dash.Dash("bare").server.url_map.iter_rules()}
    ours = {rule.rule: rule for rule in server.url_map.iter_rules() if rule.rule not in dash_rules}
    table = {route.rule: route for route in routes()}
    assert set(ours) == set(table)
    for rule, route in table.items():
        assert set(route.methods) <= ours[rule].methods
        assert server.view_functions[ours[rule].endpoint] is route.view
