"""Forged callback requests get a clean 400 with a message, never a 500.

Dash's renderer sends what the page's components hold, but anyone can post anything to
/_dash-update-component: a list where the URL's query belongs, 10**30 as a row id, a
"1 OR 1=1" where a number belongs. Three layers, from the outside in:

1. the request's shape (a JSON object with output, outputs, inputs, state, changedPropIds);
2. the values of the properties whose type we know (PROPERTY_TYPES: a URL's query is text, a
   click count a whole number …), and numbers a browser could have sent (JSON has no 10**30);
3. a callback that still trips over a value (a TypeError, ValueError … raised inside it) is
   answered 400 too, its traceback logged (capped by dashboard.server.logs), because such a value can
   only come from a forged request once 1 and 2 have passed.

Callbacks that read a deeper field (a grid row's id) check it with whole_number, which raises
MalformedRequest with the field's name.
"""

from __future__ import annotations

import logging
import math
from functools import wraps

import dash
from flask import Flask, request
from werkzeug.exceptions import BadRequest

log = logging.getLogger("dashboard.callbacks")

MAX_SAFE_INTEGER = 2**53  # beyond it a browser's JSON number is not exact: never a real value
MAX_ROW_ID = 2**63 - 1  # the database's largest integer key
SHORT_TEXT = 4096  # a URL, a file name, a search typed into a picker
# Properties whose values have one type wherever they occur (None is always allowed: a
# component not yet used). Others (stores, grid rows, picker values) are checked where read.
PROPERTY_TYPES: dict[str, tuple[type, ...]] = {
    "search": (str,), "pathname": (str,), "hash": (str,), "href": (str,),
    "filename": (str,), "search_value": (str,), "active_tab": (str,),
    "n_clicks": (int,), "submit_n_clicks": (int,), "n_clicks_timestamp": (int,),
    "contents": (str,), "is_open": (bool,),
    "cellClicked": (dict,), "clickData": (dict,), "hoverData": (dict,), "selectedData": (dict,),
    "rowData": (list,), "selectedRows": (list,),
}
SHORT_PROPERTIES = {"search", "pathname", "hash", "href", "filename", "search_value", "active_tab"}
# What a callback raises when a value has the wrong type or range (see layer 3).
INPUT_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError,
                UnicodeError)


class MalformedRequest(BadRequest):
    """400, with what was wrong in both languages."""

    def __init__(self, what: str):
        super().__init__(description=f"请求格式不正确：{what}\nMalformed request: {what}")


def whole_number(value, what: str, lowest: int = 1, highest: int = MAX_ROW_ID) -> int:
    """value as an int within [lowest, highest] (an int, or a string of digits as AG Grid
    writes row ids), else MalformedRequest naming `what`."""
    if isinstance(value, bool):
        raise MalformedRequest(what)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 19:
        value = int(value.strip())
    if not isinstance(value, int) or not lowest <= value <= highest:
        raise MalformedRequest(what)
    return value


def check_body(body) -> None:
    """Layers 1 and 2: raise MalformedRequest unless body is a callback request as Dash's
    renderer writes one, with values of the known types."""
    if not isinstance(body, dict):
        raise MalformedRequest("body")
    if not isinstance(body.get("output"), str) or not isinstance(body.get("outputs"), (dict, list)):
        raise MalformedRequest("output")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise MalformedRequest("changedPropIds")
    for key in ("inputs", "state"):
        items = body.get(key, [])
        if not isinstance(items, list):
            raise MalformedRequest(key)
        for item in items:
            # A pattern-matching input (ALL) is a list of such items.
            for one in (item if isinstance(item, list) else [item]):
                _check_item(one, key)


def _check_item(item, key: str) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("property"), str) or "id" not in item:
        raise MalformedRequest(key)
    prop, value = item["property"], item.get("value")
    what = f"{key} {prop}"
    _check_numbers(value, what)
    if value is None or prop not in PROPERTY_TYPES:
        return
    types = PROPERTY_TYPES[prop]
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        raise MalformedRequest(what)
    if prop in SHORT_PROPERTIES and len(value) > SHORT_TEXT:
        raise MalformedRequest(what)
    if prop == "pathname" and not value.startswith("/"):
        raise MalformedRequest(what)  # Dash's page router refuses it with an exception
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise MalformedRequest(what)


def _check_numbers(value, what: str, depth: int = 0) -> None:
    """No number in value (at any depth) that JSON from a browser cannot hold."""
    if depth > 32:
        raise MalformedRequest(what)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise MalformedRequest(what)
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) > 1e300:
            raise MalformedRequest(what)
    elif isinstance(value, dict):
        for v in value.values():
            _check_numbers(v, what, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_numbers(v, what, depth + 1)


def guard_callbacks(app: dash.Dash) -> None:
    """Wrap Dash's callback endpoint in the three layers; a MalformedRequest is answered as
    plain text in both languages."""
    server: Flask = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    dispatch = server.view_functions[endpoint]

    @wraps(dispatch)
    def guarded(*args, **kwargs):
        check_body(request.get_json(silent=True))
        try:
            return dispatch(*args, **kwargs)
        except INPUT_ERRORS as error:
            # The traceback says which callback and which line: a bug would show here too.
            log.warning("callback %s refused a malformed value (400)",
                        str(request.get_json(silent=True).get("output"))[:200], exc_info=error)
            raise MalformedRequest("value") from None

    server.view_functions[endpoint] = guarded

    @server.errorhandler(MalformedRequest)
    def malformed(error: MalformedRequest):
        return error.description + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}

    # A script the app does not serve (a stale bookmark of Dash's full plotly.js, a probe):
    # Dash raises DependencyException, which Flask would answer 500.
    @server.errorhandler(dash.exceptions.DependencyException)
    def unknown_script(error):
        return "找不到该脚本\nNo such script\n", 404, {"Content-Type": "text/plain; charset=utf-8"}
