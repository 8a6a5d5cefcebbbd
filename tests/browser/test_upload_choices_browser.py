"""The upload preview asks what the loader cannot settle, in the browser: a region for a name
that fits several regions (its candidates with their paths), a region for a name the catalog
does not know (a search over every region), an indicator for a column in no catalog, and the
confirmation of an implausible value. Checked again, the file is stored; the choices are
remembered for the uploader, so the same sheet passes next time without a question."""

from __future__ import annotations

import openpyxl
from sqlalchemy import select

from db.accounts import audit_entries
from db.models import Observation, Upload
from db.name_aliases import saved_aliases
from db.session import session_scope
from tests.browser.conftest import ADMIN, sign_in
from tests.browser.test_pages import open_page


def _sheet(tmp_path, name: str, rows, header=("地区", "全社会研发投入(亿元)", "科技活动经费支出")) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2023年"
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path = tmp_path / name
    wb.save(path)
    return str(path)


def _pick(page, picker_id: str, typed: str, option: str) -> None:
    """A Dash 4 dropdown: open it, type, click the option."""
    page.locator(f"[id='{picker_id}']").click()
    page.locator(".dash-dropdown-search").fill(typed)
    page.get_by_role("option", name=option, exact=True).click()


def _stored(engine, region: str, indicator: str) -> float | None:
    with session_scope(engine) as s:
        return s.scalar(select(Observation.value).where(
            Observation.region_code == region, Observation.indicator_code == indicator,
            Observation.year == 2023, Observation.quarter == 0))


def test_names_and_columns_chosen_in_the_preview_load_and_are_remembered(page, live_app, tmp_path):
    sign_in(page, live_app, ADMIN, next_path="/upload")
    path = _sheet(tmp_path, "外省表.xlsx", [("鼓楼", 31.5, 2.0), ("六安经开", 4.25, 0.5)])
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(path)
    page.locator("#upload-choices-card").wait_for()
    assert "2 个错误" in page.locator("#upload-status").inner_text()
    table = page.locator("#upload-choices-table").inner_text()
    assert "鼓楼" in table and "地区名称有多个可能" in table and "目录中没有这个地区" in table
    assert "科技活动经费支出" in table and "不选则不导入" in table
    assert not page.locator("#upload-confirm").is_visible(), "nothing to store before the choices"

    # The ambiguous name offers its candidates with their paths.
    name_picker = '{"name":"鼓楼","type":"upload-name-choice"}'
    page.locator(f"[id='{name_picker}']").click()
    options = page.get_by_role("option").all_inner_texts()
    assert "江苏省 › 南京市 › 鼓楼区 (320106)" in options and len(options) >= 3
    page.get_by_role("option", name="江苏省 › 南京市 › 鼓楼区 (320106)", exact=True).click()
    # The unknown name is found by a search over every region.
    _pick(page, '{"name":"六安经开","type":"upload-name-choice"}', "六安经济",
          "安徽省 › 六安市 › 六安经济技术开发区 (Z341500-01)")
    _pick(page, '{"name":"科技活动经费支出","type":"upload-column-choice"}', "财政科技",
          "财政科技支出（亿元）")
    page.locator("[id='{\"index\":0,\"type\":\"upload-recheck\"}']").click()
    page.locator("#upload-counts").wait_for()
    assert page.locator("#upload-counts").inner_text().startswith("新增 4 条")
    page.locator("#upload-confirm").click()
    page.locator("#upload-result").wait_for()

    engine = live_app.engine
    assert _stored(engine, "320106", "rd_expenditure") == 31.5
    assert _stored(engine, "Z341500-01", "rd_expenditure") == 4.25
    assert _stored(engine, "Z341500-01", "fiscal_st_expenditure") == 0.5
    assert saved_aliases(engine, ADMIN) == {"region": {"鼓楼": "320106", "六安经开": "Z341500-01"},
                                            "column": {"科技活动经费支出": "fiscal_st_expenditure"}}
    saved = [e for e in audit_entries(engine) if e["action"] == "name_alias_saved"]
    assert len(saved) == 3 and all(e["user"] == ADMIN for e in saved)
    with session_scope(engine) as s:
        upload = s.scalars(select(Upload).order_by(Upload.id.desc())).first()
        assert upload.choices["region_aliases"] == {"鼓楼": "320106", "六安经开": "Z341500-01"}

    # Next quarter's sheet of the same shape passes without a question.
    again = _sheet(tmp_path, "外省表2.xlsx", [("鼓楼", 33.0, 2.1), ("六安经开", 4.5, 0.6)])
    page.reload()
    page.locator("#upload-file input[type=file]").set_input_files(again)
    page.locator("#upload-counts").wait_for()
    assert not page.locator("#upload-choices-card").count()
    assert page.locator("#upload-counts").inner_text().startswith("新增 0 条 · 修改 4 条")


def test_an_implausible_value_is_stored_only_once_confirmed(page, live_app, tmp_path):
    sign_in(page, live_app, ADMIN, next_path="/upload")
    path = _sheet(tmp_path, "万元.xlsx", [("合肥市", 380.5), ("芜湖市", 150.2), ("蚌埠市", 60.3),
                                         ("淮南市", 33.0), ("马鞍山市", 80.1), ("铜陵市", 412000.0)],
                  header=("地区", "全社会研发投入(亿元)"))
    open_page(page, live_app.url + "/upload")
    page.locator("#upload-file input[type=file]").set_input_files(path)
    page.locator("#upload-choices-card").wait_for()
    problems = page.locator("#problems-table").inner_text()
    assert "若单位为万元，应为 41.2 亿元" in problems
    page.get_by_text("1 个数值不合常理，我已核对，确认按原值入库").click()
    page.locator("[id='{\"index\":0,\"type\":\"upload-recheck\"}']").click()
    page.locator("#upload-counts").wait_for()
    assert "已确认" in page.locator("#problems-table").inner_text()
    page.locator("#upload-confirm").click()
    page.locator("#upload-result").wait_for()
    assert _stored(live_app.engine, "340700", "rd_expenditure") == 412000.0
    with session_scope(live_app.engine) as s:
        upload = s.scalars(select(Upload).order_by(Upload.id.desc())).first()
        assert upload.choices == {"accepted_outliers": ["2023年!B7"]}
