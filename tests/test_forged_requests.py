"""Forged requests, through HTTP on a real database (SQLite and PostgreSQL): every callback of
the app, sent values of the wrong type or range where its inputs and states belong, answers
200/204 or a clean 400 with a message, never a 500 (dashboard/server/callback_guard.py); and what a
failure writes into the log is capped (dashboard/server/logs.py)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from dashboard.server.logs import MAX_TRACEBACK_CHARS, cap_logged_text
from tests.sample_data import load_sample
from tests.web_client import app_with_accounts, browser_client, csrf, shell_request, sign_in

FORGED = [10**30, "1 OR 1=1", ["a", "b"], {"x": 1}, -1, 1.5, True, "x" * 5000, [[1]],
          {"rowId": "1 OR 1=1", "colId": "value"}, {"rowId": str(10**30)}, {"index": "1 OR 1=1"}]


@pytest.fixture
def app(engine):
    load_sample(engine)
    return app_with_accounts(engine)


@pytest.fixture
def client(app):
    client = browser_client(app)
    sign_in(client, "boss")  # an admin reaches every callback
    return client


def post(client, body):
    return client.post("/_dash-update-component", json=body, headers={"X-CSRFToken": csrf(client)})


def _outputs(output: str) -> list[dict]:
    specs = []
    for part in output.strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        specs.append({"id": json.loads(component) if component.startswith("{") else component,
                      "property": prop})
    return specs


def _item(spec: dict, value):
    """A request's input or state for spec, holding value (a pattern-matching one as a list
    of one component)."""
    if spec["id"].startswith("{"):
        component = {k: ("x" if isinstance(v, list) else v) for k, v in json.loads(spec["id"]).items()}
        return [{"id": component, "property": spec["property"], "value": value}]
    return {"id": spec["id"], "property": spec["property"], "value": value}


def forged_requests(app):
    """(callback output, value, body) for every server callback and forged value: every input
    and state holds the value, the first input is the one that changed."""
    for cb in app._callback_list:
        if cb.get("clientside_function"):
            continue
        outputs = _outputs(cb["output"])
        for value in FORGED:
            inputs = [_item(s, value) for s in cb["inputs"]]
            first = inputs[0][0] if isinstance(inputs[0], list) else inputs[0]
            first_id = (json.dumps(first["id"], separators=(",", ":"), sort_keys=True)
                        if isinstance(first["id"], dict) else first["id"])
            yield cb["output"], value, {
                "output": cb["output"], "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": inputs, "state": [_item(s, value) for s in cb["state"]],
                "changedPropIds": [f"{first_id}.{first['property']}"]}


def test_every_callback_answers_forged_values_without_a_server_error(app, client):
    answers: dict[int, int] = {}
    failures = []
    for output, value, body in forged_requests(app):
        response = post(client, body)
        answers[response.status_code] = answers.get(response.status_code, 0) + 1
        if response.status_code not in (200, 204, 400):
            failures.append((output[:60], repr(value)[:40], response.status_code))
        elif response.status_code == 400:
            assert "请求格式不正确" in response.text and "Malformed request" in response.text
    assert failures == []
    assert answers.get(400, 0) > 100  # most forged values are refused, not silently used


def provenance_request(cell) -> dict:
    return {"output": "..provenance-panel.children...observations-grid.rowTransaction..",
            "outputs": [{"id": "provenance-panel", "property": "children"},
                        {"id": "observations-grid", "property": "rowTransaction"}],
            "inputs": [{"id": "observations-grid", "property": "cellClicked", "value": cell}, []],
            "state": [{"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["observations-grid.cellClicked"]}


@pytest.mark.parametrize("row_id", ["1 OR 1=1", str(10**30), 10**30, ["1"], -5, "0"])
def test_a_forged_row_id_is_a_400_that_names_it(client, row_id):
    response = post(client, provenance_request({"rowId": row_id, "colId": "value"}))
    assert response.status_code == 400
    assert "rowId" in response.text or "cellClicked" in response.text


def test_a_real_row_id_still_opens_its_provenance(client, engine):
    from db import queries

    obs_id = int(queries.observations(engine, region_codes=["341500"]).iloc[0]["id"])
    response = post(client, provenance_request({"rowId": str(obs_id), "colId": "value"}))
    assert response.status_code == 200 and "provenance-facts" in response.text


@pytest.mark.parametrize("body", [[], "text", {"output": 5}, {"output": "x", "outputs": {}, "inputs": "all"},
                                  {"output": "x", "outputs": {}, "inputs": [{"value": 1}]},
                                  {"output": "no-such.children", "outputs": {"id": "no-such", "property": "children"},
                                   "inputs": [], "state": [], "changedPropIds": []}])
def test_a_request_that_is_not_a_callback_is_a_400(client, body):
    response = post(client, body)
    assert response.status_code == 400 and "Malformed request" in response.text


def test_a_list_where_the_urls_query_belongs_is_a_400(client):
    response = post(client, shell_request(search=["?lang=en"]))
    assert response.status_code == 400 and "inputs search" in response.text


def test_a_logged_failure_carries_kilobytes_not_megabytes():
    stream = io.StringIO()
    logger = logging.getLogger("tests.capped")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
    cap_logged_text(logger)
    export = "region,value\n" * 1_250_000  # 15 MB, as one malformed request once logged
    try:
        raise TypeError(f"cannot serialise {export}")
    except TypeError:
        logger.exception("Exception on /_dash-update-component [POST] %s", export)
    written = stream.getvalue()
    assert len(written) < 2 * MAX_TRACEBACK_CHARS + 4_000
    assert "TypeError" in written and "characters cut" in written
    assert written.startswith("ERROR tests.capped Exception on /_dash-update-component")


@pytest.mark.parametrize("path", ["/_dash-component-suites/plotly/package_data/plotly.min.js",
                                  "/_dash-component-suites/nothing/x.js"])
def test_a_script_the_app_does_not_serve_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "No such script" in response.get_data(as_text=True)
