"""`python -m etl round …` as a reviewer runs it: real subprocesses on a real database, the
messages in Chinese and English, the "who is missing what" list as a real .xlsx and .csv."""

from __future__ import annotations

import openpyxl
import pandas as pd

from db.accounts import add_user, audit_entries
from db.session import get_engine
from tests.test_cli import run
from tests.test_rounds import JINAN, LUAN, PASSWORD, PERIOD, published, sheet


def test_round_cycle_on_the_command_line(db_url, tmp_path):
    engine = get_engine(db_url)
    add_user(engine, "luan_review", PASSWORD, "reviewer", [LUAN])
    add_user(engine, "jinan", PASSWORD, "uploader", [JINAN])
    done = run(db_url, "round", "create", "--period", PERIOD, "--parent", LUAN, "--levels",
               "county", "--indicator", "rd_expenditure", "--indicator", "high_tech_enterprises",
               "--deadline", "2099-10-15", "--user", "luan_review")
    assert done.returncode == 0, done.stderr
    assert "已开启填报轮次 / round opened: 1（7 个地区" in done.stdout
    # The deadline's day ends in Beijing time, stored in UTC and shown back in Beijing time.
    assert "截止 2099-10-15 23:59（北京时间）" in run(db_url, "round", "list").stdout

    done = run(db_url, "round", "template", "1", str(tmp_path / "模板.xlsx"), "--region", JINAN)
    assert done.returncode == 0 and "（1 个地区" in done.stdout
    assert openpyxl.load_workbook(tmp_path / "模板.xlsx").sheetnames == [PERIOD]

    path = tmp_path / "金安区.xlsx"
    path.write_bytes(sheet([(JINAN, "金安区", 12.34, 56)]))
    done = run(db_url, "load", str(path), "--user", "jinan")  # an open round takes it
    assert done.returncode == 0, done.stderr
    assert "已报送至填报轮次" in done.stdout and "submission 1" in done.stdout
    assert published(engine, JINAN) is None

    done = run(db_url, "round", "status", "1", "--missing", str(tmp_path / "缺报.xlsx"))
    assert done.returncode == 0, done.stderr
    assert "1/7 已报" in done.stdout and "341502 金安区\t已报待审\t2/2" in done.stdout
    sheet_rows = list(openpyxl.load_workbook(tmp_path / "缺报.xlsx").active.values)
    assert sheet_rows[0][:4] == ("地区代码", "地区", "状态", "缺报指标")
    assert {r[1] for r in sheet_rows[1:]} >= {"金寨县", "金安区"} and len(sheet_rows) == 8
    run(db_url, "round", "status", "1", "--missing", str(tmp_path / "缺报.csv"))
    assert len(pd.read_csv(tmp_path / "缺报.csv", encoding="utf-8-sig")) == 7

    done = run(db_url, "round", "approve", "1", "--dry-run", "--user", "luan_review")
    assert done.returncode == 0 and f"{PERIOD}!C2 341502 rd_expenditure 2025Q3: — → 12.34" in done.stdout
    assert published(engine, JINAN) is None

    done = run(db_url, "round", "return", "1", "--comment", "C2=请核对研发投入", "--user", "jinan")
    assert done.returncode == 1 and "不是审核员或管理员" in done.stderr
    done = run(db_url, "round", "return", "1", "--comment", "C2=请核对研发投入",
               "--comment", "请加盖公章后重报", "--user", "luan_review")
    assert done.returncode == 0 and "已退回 / returned: submission 1（2 条意见" in done.stdout
    done = run(db_url, "round", "approve", "1", "--user", "luan_review")
    assert done.returncode == 1 and "不在待审状态" in done.stderr

    path.write_bytes(sheet([(JINAN, "金安区", 12.5, 56)]))
    done = run(db_url, "round", "submit", "1", str(path), "--user", "jinan")
    assert done.returncode == 0 and "替代第 1 号报送" in done.stdout
    done = run(db_url, "round", "approve", "2", "--user", "luan_review")
    assert done.returncode == 0 and "approved and published: submission 2" in done.stdout
    assert published(engine, JINAN) == 12.5
    done = run(db_url, "round", "status", "1", "--lang", "en")
    assert "1/7 reported" in done.stdout and "approved" in done.stdout
    assert run(db_url, "round", "approve").returncode == 2
    assert {"round_open", "round_submit", "round_return", "round_approve"} <= {
        e["action"] for e in audit_entries(engine)}
