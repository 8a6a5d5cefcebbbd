"""Targets are data like the values (#25): a load counts them (new, changed, unchanged) in its
dry run and its summary, a changed target keeps a revision (old, new, upload, cell), and a
revision is rolled back as a value's is, by those who may write the region, audited. Real
workbooks, real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard.upload.views import preview_view, stored_message
from db import queries
from db.accounts import add_user, audit_entries, authenticate
from db.models import Observation, Target, TargetRevision, Upload
from db.session import session_scope
from etl.load import UnknownCodes, store
from etl.pipeline import commit, preview, read_and_validate
from etl.records import Record, SourceFile, TargetRecord
from etl.rollback import roll_back_target
from metrics import api
from tests.web_client import PASSWORD
from tests.workbooks import template_like, xlsx_bytes

LUAN, HEFEI = "341500", "340100"


def workbook(luan_rd_target=150, hefei_rd_target=900) -> bytes:
    """A quarter's values and a sheet of the year's targets, as the template has them."""
    wb = template_like()
    ws = wb.create_sheet("2025年目标")
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    ws.append([LUAN, "六安市", luan_rd_target, 600])
    ws.append([HEFEI, "合肥市", hefei_rd_target, 9000])
    return xlsx_bytes(wb)


def load(engine, content: bytes, name: str, user: str = "cli"):
    result = read_and_validate(content, name, engine)
    assert result.ok, [p.line() for p in result.errors]
    return result, commit(engine, result, user=user)


def target_of(engine, region: str, indicator: str = "rd_expenditure") -> dict:
    frame = queries.targets(engine, region_codes=[region], indicator_codes=[indicator], year=2025)
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_a_dry_run_counts_the_targets_new_changed_and_unchanged_and_writes_nothing(engine):
    result = read_and_validate(workbook(), "2025年目标.xlsx", engine)
    report = preview(engine, result)
    assert (report.n_targets_new, report.n_targets_changed, report.n_targets_unchanged) == (4, 0, 0)
    assert queries.count_targets(engine) == 0, "a dry run writes nothing"

    load(engine, workbook(), "2025年目标.xlsx")
    report = preview(engine, read_and_validate(workbook(luan_rd_target=160), "更正.xlsx", engine))
    assert (report.n_targets_new, report.n_targets_changed, report.n_targets_unchanged) == (0, 1, 3)
    [change] = report.target_changes
    assert (change.key, change.old_value, change.new_value, change.sheet, change.cell) == (
        (LUAN, "rd_expenditure", 2025), 150, 160, "2025年目标", "C2")
    assert target_of(engine, LUAN)["value"] == 150


def test_the_same_file_again_changes_nothing_and_says_so(engine):
    content = workbook()  # once: a workbook saved again carries another timestamp
    _, first = load(engine, content, "2025年目标.xlsx")
    assert first.outcome == "loaded" and first.n_targets_new == 4
    _, again = load(engine, content, "2025年目标.xlsx")
    assert again.outcome == "unchanged" and again.previously_loaded_as == first.upload_id
    assert (again.n_targets_new, again.n_targets_changed, again.n_targets_unchanged) == (0, 0, 4)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(TargetRevision.id))) == 0
        counts = s.execute(select(Upload.n_targets_new, Upload.n_targets_unchanged)
                           .order_by(Upload.id)).all()
    assert [tuple(c) for c in counts] == [(4, 0), (0, 4)]


def test_a_file_of_targets_alone_that_changes_one_is_loaded_not_unchanged(engine):
    load(engine, workbook(), "2025年目标.xlsx")
    wb_only_targets = xlsx_bytes(_targets_only(hefei=950))
    _, report = load(engine, wb_only_targets, "合肥目标调整.xlsx")
    assert report.outcome == "loaded"
    assert (report.n_new, report.n_changed, report.n_targets_changed) == (0, 0, 1)


def _targets_only(hefei: float):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年目标"
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)"])
    ws.append([HEFEI, "合肥市", hefei])
    return wb


def test_a_changed_target_keeps_a_revision_with_old_and_new_value_upload_and_cells(engine):
    _, first = load(engine, workbook(), "2025年目标.xlsx")
    _, second = load(engine, workbook(luan_rd_target=160), "2025年目标（更正）.xlsx")
    assert (second.n_targets_changed, second.n_targets_unchanged) == (1, 3)

    target = target_of(engine, LUAN)
    assert (target["value"], target["upload_id"], target["file_name"]) == (
        160, second.upload_id, "2025年目标（更正）.xlsx")
    assert target["n_revisions"] == 1
    [revision] = queries.target_revisions(engine, int(target["id"])).to_dict("records")
    assert (revision["old_value"], revision["new_value"]) == (150, 160)
    assert (revision["upload_id"], revision["file_name"], revision["sheet"], revision["cell"]) == (
        second.upload_id, "2025年目标（更正）.xlsx", "2025年目标", "C2")
    assert (revision["old_upload_id"], revision["old_file_name"], revision["old_cell"]) == (
        first.upload_id, "2025年目标.xlsx", "C2")
    assert target_of(engine, HEFEI)["n_revisions"] == 0, "an unchanged target is left alone"


def test_a_load_whose_target_names_an_unknown_region_stores_none_of_its_values(engine):
    """All or nothing: the values of the batch are not kept when its targets fail."""
    with pytest.raises(UnknownCodes):
        store(engine, [Record(LUAN, "rd_expenditure", 2025, 0, True, 10.0, "2025年", "C2")],
              SourceFile("坏目标.xlsx", sha256="bad"),
              targets=[TargetRecord("999999", "rd_expenditure", 2025, 1.0, "2025年目标", "C9")])
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(Observation.id))) == 0
        assert s.scalar(select(func.count(Upload.id))) == 0


@pytest.mark.parametrize("lang, counts, stored", [
    ("zh", "目标值 4 个：新增 0 个 · 修改 1 个 · 未变 3 个",
     "目标值 4 个：新增 0 个，修改 1 个，未变 3 个。"),
    ("en", "4 targets: 0 new · 1 changed · 3 unchanged",
     "4 targets: 0 new, 1 changed, 3 unchanged."),
])
def test_the_upload_preview_and_its_stored_message_count_the_targets(engine, lang, counts, stored):
    load(engine, workbook(), "2025年目标.xlsx")
    result = read_and_validate(workbook(luan_rd_target=160), "更正.xlsx", engine)
    view = str(preview_view(result, preview(engine, result), lang, {}, {}))
    assert counts in view and "upload-target-counts" in view
    report = commit(engine, result)
    assert stored_message(report, lang).endswith(stored)


def test_a_file_without_targets_says_nothing_of_targets(engine):
    result = read_and_validate(xlsx_bytes(template_like()), "q.xlsx", engine)
    view = str(preview_view(result, preview(engine, result), "zh", {}, {}))
    assert "upload-target-counts" not in view and "目标值" not in view
    assert stored_message(commit(engine, result), "zh") == "已入库：新增 3 条，修改 0 条，未变 0 条。"


# --- rollback ---------------------------------------------------------------------------------

@pytest.fixture
def revised(engine):
    """Targets loaded, then Lu'an's and Hefei's R&D targets corrected: one revision each."""
    add_user(engine, "luan", PASSWORD, "uploader", [LUAN])
    add_user(engine, "boss", PASSWORD, "admin")
    load(engine, workbook(), "2025年目标.xlsx")
    load(engine, workbook(luan_rd_target=160, hefei_rd_target=950), "2025年目标（更正）.xlsx")
    return engine


def only_revision(engine, region: str) -> int:
    [revision_id] = queries.target_revisions(engine, int(target_of(engine, region)["id"]))["id"]
    return int(revision_id)


def test_a_target_rolled_back_is_the_old_one_again_recorded_as_a_revision_and_audited(revised):
    engine = revised
    revision_id = only_revision(engine, LUAN)
    boss = authenticate(engine, "boss", PASSWORD)

    result = roll_back_target(engine, revision_id, boss, client="10.0.0.7")
    assert result.ok and (result.old_value, result.new_value) == (160, 150)
    target = target_of(engine, LUAN)
    assert (target["value"], target["sheet"], target["cell"]) == (150, "2025年目标", "C2")
    assert target["uploaded_by"] == "boss" and target["upload_source"] == "rollback"
    history = queries.target_revisions(engine, int(target["id"]))
    assert list(history["new_value"]) == [160, 150] and history.iloc[-1]["uploaded_by"] == "boss"

    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"], entry["client"]) == ("boss", "rollback_target", "10.0.0.7")
    assert f"target revision #{revision_id}" in entry["detail"]
    assert "341500 rd_expenditure 2025: 160 → 150" in entry["detail"]
    assert entry["file"] == "2025年目标.xlsx"  # the file the restored target came from

    assert roll_back_target(engine, revision_id, boss).outcome == "unchanged"
    assert roll_back_target(engine, result.revision_id, boss).new_value == 160, \
        "a rollback is itself a revision that can be rolled back"
    assert roll_back_target(engine, 10**9, boss).outcome == "unknown"


def test_an_uploader_of_another_region_is_refused_and_the_refusal_audited(revised):
    engine = revised
    luan = authenticate(engine, "luan", PASSWORD)
    result = roll_back_target(engine, only_revision(engine, HEFEI), luan)
    assert result.outcome == "forbidden" and not result.ok
    assert target_of(engine, HEFEI)["value"] == 950
    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"]) == ("luan", "rollback_target_refused")
    assert roll_back_target(engine, only_revision(engine, HEFEI), None).outcome == "forbidden"

    assert roll_back_target(engine, only_revision(engine, LUAN), luan).ok
    assert target_of(engine, LUAN)["value"] == 150


def test_target_progress_follows_a_rolled_back_target(revised):
    engine = revised

    def progress() -> dict:
        frame = api.target_progress(engine, LUAN, 2025, 3)
        return frame.set_index("indicator_code").loc["rd_expenditure"].to_dict()

    assert progress()["target"] == 160
    assert progress()["progress_pct"] == pytest.approx(120.5 / 160 * 100)
    assert roll_back_target(engine, only_revision(engine, LUAN),
                            authenticate(engine, "boss", PASSWORD)).ok
    assert progress()["target"] == 150
    assert progress()["progress_pct"] == pytest.approx(120.5 / 150 * 100)


def test_the_targets_query_filters_by_region_indicator_and_year(revised):
    engine = revised
    assert queries.count_targets(engine) == 4
    assert queries.count_targets(engine, region_codes=[LUAN]) == 2
    assert queries.count_targets(engine, indicator_codes=["rd_expenditure"]) == 2
    assert queries.count_targets(engine, year=2024) == 0
    assert queries.count_targets(engine, region_codes=[]) == 0
    frame = queries.targets(engine, region_codes=[LUAN, HEFEI], indicator_codes=["rd_expenditure"])
    assert set(frame["n_revisions"]) == {1}
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(Target.id))) == 4


# --- the Data page's targets tab, over HTTP as the browser calls it ----------------------------

TARGET_OUTPUTS = [("target-provenance-panel", "children"), ("targets-grid", "rowTransaction")]


def targets_callback(client, *, cell=None, revision_id=None) -> str:
    """The targets tab's callback: a clicked row, or a confirmed rollback button."""
    import json

    from tests.web_client import csrf

    button = {"type": "target-rollback-button", "revision": revision_id or 0}
    body = {
        "output": "..target-provenance-panel.children...targets-grid.rowTransaction..",
        "outputs": [{"id": i, "property": p} for i, p in TARGET_OUTPUTS],
        "inputs": [{"id": "targets-grid", "property": "cellClicked", "value": cell},
                   [{"id": button, "property": "submit_n_clicks",
                     "value": 1 if revision_id else None}]],
        "state": [{"id": "_pages_location", "property": "search", "value": ""}],
        "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":"))
                           + ".submit_n_clicks" if revision_id else "targets-grid.cellClicked"],
    }
    response = client.post("/_dash-update-component", json=body,
                           headers={"X-CSRFToken": csrf(client)})
    assert response.status_code == 200, response.text
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


def test_the_web_refuses_an_uploader_of_another_region_and_restores_for_its_own(engine):
    from tests import web_client

    load(engine, workbook(), "2025年目标.xlsx")
    load(engine, workbook(luan_rd_target=160, hefei_rd_target=950), "2025年目标（更正）.xlsx")
    client = web_client.browser_client(web_client.app_with_accounts(engine))
    assert web_client.sign_in(client, "luan", next_page="/data").status_code == 302

    hefei = int(target_of(engine, HEFEI)["id"])
    shown = targets_callback(client, cell={"rowId": str(hefei)})
    assert "2025年目标（更正）.xlsx" in shown and "target-rollback-button" not in shown
    shown = targets_callback(client, revision_id=only_revision(engine, HEFEI))
    assert "没有回滚权限" in shown and target_of(engine, HEFEI)["value"] == 950
    assert audit_entries(engine)[0]["action"] == "rollback_target_refused"

    assert "恢复原值" in targets_callback(client, cell={"rowId": str(int(target_of(engine, LUAN)["id"]))})
    shown = targets_callback(client, revision_id=only_revision(engine, LUAN))
    assert "已将目标值由 160 恢复为 150" in shown and '"update"' in shown
    assert target_of(engine, LUAN)["value"] == 150
    entry = audit_entries(engine)[0]
    assert (entry["user"], entry["action"], entry["client"]) == ("luan", "rollback_target", "127.0.0.1")
