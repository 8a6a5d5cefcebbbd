"""The table of what an upload changes (dashboard/upload/changes.py) and the upload views that
show it: old → new sorted by the size of the change, new values after, flagged values marked,
capped with "and N more"; the problems table with the cell's text beside the value read; the
history row that opens an upload's changes. Pure functions, called without a browser."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.upload.changes import (SHOWN_CHANGES, Catalog, change_percent, changes_export,
                                      changes_view, preview_frame)
from dashboard.upload.problem_list import problems_table
from dashboard.upload.views import HISTORY_CHANGES, history_view
from etl.problems import Problem
from etl.records import Change, LoadReport

CATALOG = Catalog(regions={"340100": "合肥市", "340200": "芜湖市", "341500": "六安市",
                           "341200": "阜阳市"},
                  indicators={"rd_expenditure": "全社会研发投入", "high_tech_enterprises": "高新技术企业数"},
                  units={"rd_expenditure": "亿元", "high_tech_enterprises": "家"},
                  sort_order={"rd_expenditure": 1, "high_tech_enterprises": 5})


def texts(component) -> list[str]:
    """Every string in a component tree, in document order."""
    if component is None:
        return []
    if isinstance(component, (str, int, float)):
        return [str(component)]
    if isinstance(component, (list, tuple)):
        return [s for child in component for s in texts(child)]
    return texts(getattr(component, "children", None))


def find(component, id_):
    """The component with that id in a tree, or None."""
    if isinstance(component, (list, tuple)):
        return next((f for c in component if (f := find(c, id_)) is not None), None)
    if getattr(component, "id", None) == id_:
        return component
    children = getattr(component, "children", None)
    return find(children, id_) if children is not None and not isinstance(children, str) else None


def rows_of(table) -> list:
    return table.children[1].children  # Thead, Tbody


def change(region, old, new, cell, indicator="rd_expenditure", quarter=3):
    return Change((region, indicator, 2025, quarter, True), old, new, "2025Q3", cell)


def report(*changes) -> LoadReport:
    n_new = sum(c.old_value is None for c in changes)
    return LoadReport("dry-run", n_new=n_new, n_changed=len(changes) - n_new, changes=list(changes))


def test_changes_are_listed_old_to_new_largest_change_first_and_new_values_last():
    dry = report(change("341200", None, 30.0, "C2"),  # new
                 change("340100", 100.0, 101.0, "C3"),  # +1%
                 change("340200", 50.0, 25.0, "C4"),  # −50%
                 change("341500", 120.5, 137.3, "C5"))  # +13.9%
    frame = preview_frame(dry, CATALOG.sort_order)
    assert list(frame["region_code"]) == ["340200", "341500", "340100", "341200"]
    view = changes_view(frame, dry.n_changed, dry.n_new, {}, CATALOG, "zh",
                        table_id="changes", download_id="changes-csv")
    table = find(view, "changes")
    first, second, _, new = (texts(r) for r in rows_of(table))
    assert first == ["芜湖市", "全社会研发投入（亿元）", "2025年1-9月", "50", "25", "-50.0%", "2025Q3!C4"]
    assert second[3:6] == ["120.5", "137.3", "+13.9%"]
    assert new[:6] == ["阜阳市", "全社会研发投入（亿元）", "2025年1-9月", "—", "30", "新增"]
    assert "修改 3 条 · 新增 1 条" in texts(view)
    assert find(view, "changes-csv") is not None


def test_a_value_the_plausibility_rules_warned_about_is_marked_in_both_languages():
    dry = report(change("340100", 100.0, 101.0, "C3"), change("340200", 50.0, 5.0, "C4"))
    flags = {"2025Q3!C4": ["jump"]}
    frame = preview_frame(dry, CATALOG.sort_order)
    for lang, label in (("zh", "⚠ 与上年同期相差超10倍"), ("en", "⚠ 10× off a year before")):
        table = find(changes_view(frame, 2, 0, flags, CATALOG, lang, table_id="t"), "t")
        flagged, plain = rows_of(table)
        assert label in texts(flagged) and flagged.className == "change-flagged"
        assert not plain.className and not any("⚠" in s for s in texts(plain))


def test_a_long_list_is_capped_and_says_how_many_more_are_in_the_download():
    dry = report(*(change(f"34{i:04d}", 100.0, 100.0 + i, f"C{i}") for i in range(1, 121)))
    frame = preview_frame(dry, CATALOG.sort_order)
    view = changes_view(frame, 120, 0, {}, CATALOG, "zh", table_id="t", download_id="csv")
    assert len(rows_of(find(view, "t"))) == SHOWN_CHANGES
    assert f"已列出前 {SHOWN_CHANGES} 条，另有 {120 - SHOWN_CHANGES} 条未列出，完整清单请下载。" in texts(view)
    assert rows_of(find(view, "t"))[0].children[5].children == "+120.0%"


def test_a_change_from_zero_comes_first_and_a_tiny_one_keeps_two_decimals():
    dry = report(change("340100", 100.0, 100.04, "C3"), change("340200", 0.0, 2.0, "C4"))
    frame = preview_frame(dry, CATALOG.sort_order)
    assert list(frame["region_code"]) == ["340200", "340100"]
    cells = [texts(r)[5] for r in rows_of(find(changes_view(frame, 2, 0, {}, CATALOG, "en", table_id="t"), "t"))]
    assert cells == ["—", "+0.04%"]
    assert change_percent(-3.0, 5.0) == pytest.approx(266.667, rel=1e-4)


def test_no_changes_say_so():
    view = changes_view(preview_frame(report(), CATALOG.sort_order), 0, 0, {}, CATALOG, "en", table_id="t")
    assert find(view, "t") is None and "No value changes." in texts(view)


def test_the_download_holds_every_change_with_names_delta_and_marks():
    dry = report(change("341200", None, 30.0, "C2"), change("340200", 50.0, 25.0, "C4"))
    frame = preview_frame(dry, CATALOG.sort_order)
    export = changes_export(frame, {"2025Q3!C4": ["cumulative_decrease"]}, CATALOG, "zh")
    assert list(export["change"]) == ["修改", "新增"]
    assert export.iloc[0][["region_name", "unit", "period", "old_value", "new_value", "change_pct",
                           "cell", "flags"]].tolist() == [
        "芜湖市", "亿元", "2025年1-9月", 50.0, 25.0, -50.0, "C4", "累计值下降"]
    assert pd.isna(export.iloc[1]["old_value"]) and pd.isna(export.iloc[1]["change_pct"])


def test_the_problems_table_shows_the_cells_text_beside_the_value_read():
    warning = Problem("cumulative_decrease", "f.xlsx", "2025Q3", "C2", raw="921450",
                      detail="137.3亿元", value="92.145亿元")
    error = Problem("not_a_number", "f.xlsx", "2025Q3", "C3", raw="abc")
    rows = rows_of(find(problems_table([warning, error], "zh"), "problems-table"))
    assert texts(rows[0].children[2]) == ["abc"]
    assert texts(rows[1].children[2]) == ["921450", "换算为 92.145亿元"]
    assert texts(rows[1].children[3]) == ["累计值92.145亿元低于上一季度（137.3亿元）"]
    en = rows_of(find(problems_table([warning], "en"), "problems-table"))[0]
    assert texts(en.children[2]) == ["921450", "read as 92.145亿元"]


def test_a_stored_upload_with_changes_can_be_opened_from_its_history_row():
    history = pd.DataFrame([
        {"id": 3, "uploaded_at": pd.Timestamp("2025-11-28 06:03"), "uploaded_by": "u",
         "file_name": "v2.xlsx", "source": "file", "outcome": "loaded", "n_new": 0,
         "n_changed": 2, "n_unchanged": 5, "n_errors": 0, "n_warnings": 1, "message": ""},
        {"id": 2, "uploaded_at": pd.Timestamp("2025-11-28 06:00"), "uploaded_by": "u",
         "file_name": "bad.xlsx", "source": "file", "outcome": "rejected", "n_new": 0,
         "n_changed": 0, "n_unchanged": 0, "n_errors": 2, "n_warnings": 0, "message": "x"},
    ])
    table = find(history_view(history, "zh"), "history-table")  # inside its scrolling card
    assert texts(table.children[0])[-1] == "变动"
    stored, rejected = rows_of(table)
    assert find(stored, {"type": HISTORY_CHANGES, "index": 3}) is not None
    assert "查看" in texts(stored) and "查看" not in texts(rejected)
