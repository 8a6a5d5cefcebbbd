"""Rolling a value back to before a revision, through HTTP on a real database (SQLite and
PostgreSQL): who may, what changes (value, history, metrics), and the audit entry."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from db import queries
from db.accounts import add_user, audit_entries, authenticate
from db.metric_models import MetricValue
from db.session import session_scope
from etl.load import store
from etl.records import Record, SourceFile
from etl.rollback import roll_back
from tests import web_client
from tests.sample_data import CORRECTED_VALUE, LUAN, load_sample, rd_value
from tests.web_client import PASSWORD, app_with_accounts, browser_client, csrf

HEFEI = "340100"
HEFEI_CORRECTED = 555.5
OUTPUTS = [("provenance-panel", "children"), ("observations-grid", "rowTransaction")]


@pytest.fixture
def app(engine):
    load_sample(engine)
    # A correction of Hefei's figure too, so each city has a revision to roll back.
    store(engine, [Record(HEFEI, "rd_expenditure", 2025, 0, True, HEFEI_CORRECTED, "2025年", "C3")],
          SourceFile("合肥更正.xlsx", sha256="hefei-fix", size_bytes=10, sheets=("2025年",)),
          user="tester")
    return app_with_accounts(engine)


@pytest.fixture
def client(app):
    return browser_client(app)


def sign_in(client, name: str):
    response = web_client.sign_in(client, name, next_page="/data")
    assert response.status_code == 302


def data_callback(client, *, cell=None, revision_id=None) -> str:
    """The Data page's provenance callback, as Dash's renderer calls it: a clicked row, or a
    confirmed rollback button. Returns the response text (what the page would show)."""
    button = {"type": "rollback-button", "revision": revision_id or 0}
    body = {
        "output": "..provenance-panel.children...observations-grid.rowTransaction..",
        "outputs": [{"id": i, "property": p} for i, p in OUTPUTS],
        "inputs": [{"id": "observations-grid", "property": "cellClicked", "value": cell},
                   [{"id": button, "property": "submit_n_clicks",
                     "value": 1 if revision_id else None}]],
        "state": [{"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":"))
                           + ".submit_n_clicks" if revision_id else "observations-grid.cellClicked"],
    }
    headers = {"X-CSRFToken": csrf(client)}
    response = client.post("/_dash-update-component", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def observation_of(engine, region: str) -> dict:
    df = queries.observations(engine, region_codes=[region], indicator_codes=["rd_expenditure"],
                              year=2025, quarter=0, cumulative=True)
    return df.iloc[0].to_dict()


def only_revision(engine, region: str) -> int:
    revisions = queries.revisions(engine, int(observation_of(engine, region)["id"]))
    assert len(revisions) == 1
    return int(revisions.iloc[0]["id"])


def metric_of(engine, region: str) -> MetricValue:
    with session_scope(engine) as session:
        row = session.scalar(select(MetricValue).where(
            MetricValue.indicator_code == "rd_expenditure", MetricValue.region_code == region,
            MetricValue.year == 2025, MetricValue.quarter == 0))
        session.expunge(row)
        return row


@pytest.mark.parametrize("name", [None, "reader"])
def test_a_viewer_or_anonymous_visitor_sees_no_rollback_button_and_is_refused(client, engine, name):
    if name:
        sign_in(client, name)
    obs_id = int(observation_of(engine, LUAN)["id"])
    shown = data_callback(client, cell={"rowId": str(obs_id), "colId": "value"})
    assert "99.9" in shown and "rollback-button" not in shown and "恢复原值" not in shown

    shown = data_callback(client, revision_id=only_revision(engine, LUAN))
    assert "没有回滚权限" in shown
    assert observation_of(engine, LUAN)["value"] == CORRECTED_VALUE
    entry = audit_entries(engine)[0]
    assert (entry["action"], entry["user"]) == ("rollback_refused", name or "anonymous")


def test_an_uploader_for_luan_cannot_roll_back_hefei_but_can_roll_back_luan(client, engine):
    sign_in(client, "luan")
    hefei_id = int(observation_of(engine, HEFEI)["id"])
    assert "rollback-button" not in data_callback(client, cell={"rowId": str(hefei_id)})
    shown = data_callback(client, revision_id=only_revision(engine, HEFEI))
    assert "没有回滚权限" in shown
    assert observation_of(engine, HEFEI)["value"] == HEFEI_CORRECTED

    luan_id = int(observation_of(engine, LUAN)["id"])
    assert "恢复原值" in data_callback(client, cell={"rowId": str(luan_id)})
    shown = data_callback(client, revision_id=only_revision(engine, LUAN))
    original = rd_value(LUAN, 2025, 0)
    assert "已将数值由 99.9 恢复为" in shown
    assert observation_of(engine, LUAN)["value"] == pytest.approx(original)


def test_a_rollback_changes_the_value_and_the_metrics_and_leaves_an_audit_entry(client, engine):
    sign_in(client, "boss")
    revision_id = only_revision(engine, LUAN)
    before = metric_of(engine, LUAN)
    assert before.value == CORRECTED_VALUE

    shown = data_callback(client, revision_id=revision_id)
    original = rd_value(LUAN, 2025, 0)
    # The grid's row is updated in place with the restored value.
    assert f'"value": {original}' in shown and '"update"' in shown

    after = metric_of(engine, LUAN)
    assert after.value == pytest.approx(original)
    assert after.yoy_growth_pct == pytest.approx((original / rd_value(LUAN, 2024, 0) - 1) * 100)
    assert after.yoy_growth_pct != before.yoy_growth_pct and after.rank != before.rank

    obs = observation_of(engine, LUAN)
    history = queries.revisions(engine, int(obs["id"]))
    assert list(history["new_value"]) == [CORRECTED_VALUE, pytest.approx(original)]
    assert history.iloc[-1]["uploaded_by"] == "boss"
    assert obs["upload_id"] == history.iloc[-1]["upload_id"]

    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"], entry["client"]) == ("boss", "rollback", "127.0.0.1")
    assert f"revision #{revision_id}" in entry["detail"] and "341500 rd_expenditure 2025" in entry["detail"]
    assert entry["file"] == "2025年样例季报.xlsx"  # the file the restored value came from


def test_a_rollback_can_itself_be_rolled_back_and_history_only_grows(engine):
    load_sample(engine)
    add_user(engine, "boss", PASSWORD, "admin")
    boss = authenticate(engine, "boss", PASSWORD)
    obs_id = int(observation_of(engine, LUAN)["id"])
    first = int(queries.revisions(engine, obs_id).iloc[0]["id"])

    undone = roll_back(engine, first, boss)
    assert undone.ok and undone.new_value == pytest.approx(rd_value(LUAN, 2025, 0))
    assert roll_back(engine, first, boss).outcome == "unchanged"
    redone = roll_back(engine, undone.revision_id, boss)
    assert redone.ok and redone.new_value == CORRECTED_VALUE

    history = queries.revisions(engine, obs_id)
    assert len(history) == 3
    assert observation_of(engine, LUAN)["value"] == CORRECTED_VALUE
    assert roll_back(engine, 10**9, boss).outcome == "unknown"


def test_a_value_rolled_back_to_its_first_version_points_at_its_first_file_and_cell(engine):
    add_user(engine, "boss", PASSWORD, "admin")
    first = Record(HEFEI, "rd_expenditure", 2024, 0, True, 100.0, "2024年", "C3")
    store(engine, [first], SourceFile("首报.xlsx", sha256="first", size_bytes=1, sheets=("2024年",)))
    store(engine, [Record(HEFEI, "rd_expenditure", 2024, 0, True, 120.0, "更正", "D9")],
          SourceFile("更正.xlsx", sha256="fix", size_bytes=1, sheets=("更正",)))
    where = dict(region_codes=[HEFEI], indicator_codes=["rd_expenditure"], year=2024, quarter=0)
    revision = int(queries.revisions(engine, int(queries.observations(engine, **where)
                                                 .iloc[0]["id"])).iloc[0]["id"])

    assert roll_back(engine, revision, authenticate(engine, "boss", PASSWORD)).ok
    restored = queries.observations(engine, **where).iloc[0]
    assert (restored["value"], restored["sheet"], restored["cell"]) == (100.0, "2024年", "C3")


def test_the_revision_list_says_where_the_replaced_value_came_from(client, engine):
    sign_in(client, "boss")
    hefei = int(observation_of(engine, HEFEI)["id"])
    revision = queries.revisions(engine, hefei).iloc[0]
    assert revision["old_file_name"] == "2025年样例季报.xlsx" and revision["old_cell"]
    shown = data_callback(client, cell={"rowId": str(hefei), "colId": "value"})
    where = f"{revision['old_file_name']} {revision['old_sheet']}!{revision['old_cell']}"
    assert f'"title": "{where}"' in shown
