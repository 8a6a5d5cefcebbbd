"""`python -m etl` as a user runs it: real subprocesses, a real SQLite file, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd

from tests.workbooks import template_like

ROOT = Path(__file__).resolve().parent.parent


def run(db_url, *args):
    env = dict(os.environ, DATABASE_URL=db_url)
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_load_good_file_exits_0_bad_file_exits_1_usage_error_exits_2(db_url, tmp_path):
    good = tmp_path / "good.xlsx"
    template_like().save(good)
    bad = tmp_path / "bad.xlsx"
    template_like(rows=(("341500", "六安市", "一百", 2.1, 5000),)).save(bad)

    done = run(db_url, "load", str(good))
    assert done.returncode == 0, done.stderr
    assert "3 新增" in done.stdout

    done = run(db_url, "load", str(bad))
    assert done.returncode == 1
    assert "bad.xlsx 2025Q3!C2" in done.stderr and "“一百”不是数值" in done.stderr

    assert run(db_url, "load").returncode == 2
    assert run(db_url, "load", str(tmp_path / "missing.xlsx")).returncode == 2


def test_dry_run_shows_changes_and_writes_nothing(db_url, tmp_path):
    path = tmp_path / "q.xlsx"
    template_like().save(path)
    done = run(db_url, "load", "--dry-run", str(path))
    assert done.returncode == 0 and "试运行" in done.stdout and "→ 120.5" in done.stdout
    out = tmp_path / "export.csv"
    run(db_url, "export", "--out", str(out))
    assert len(pd.read_csv(out)) == 0


def test_load_counts_the_files_targets_in_the_dry_run_and_the_summary(db_url, tmp_path):
    """#25: "N 个目标值" beside the values' counts; a changed target listed in the dry run."""
    wb = template_like()
    ws = wb.create_sheet("2025年目标")
    ws.append(["地区代码", "地区名称", "全社会研发投入(亿元)", "高新技术企业数(家)"])
    ws.append(["341500", "六安市", 150, 600])
    first = tmp_path / "2025年目标.xlsx"
    wb.save(first)
    ws["C2"] = 160
    corrected = tmp_path / "2025年目标（更正）.xlsx"
    wb.save(corrected)

    done = run(db_url, "load", "--dry-run", str(first))
    assert "2 个目标值 / targets: 2 新增 / new, 0 修改 / changed, 0 未变 / unchanged" in done.stdout
    assert "目标 / target 341500 rd_expenditure 2025: — → 150" in done.stdout
    done = run(db_url, "load", str(first))
    assert done.returncode == 0 and "已载入" in done.stdout and "2 个目标值" in done.stdout
    done = run(db_url, "load", str(first))
    assert "无变化" in done.stdout and "2 个目标值 / targets: 0 新增 / new, 0 修改 / changed, " \
                                     "2 未变 / unchanged" in done.stdout

    done = run(db_url, "load", "--dry-run", str(corrected))
    assert "0 新增 / new, 1 修改 / changed, 1 未变 / unchanged" in done.stdout
    assert "目标 / target 341500 rd_expenditure 2025: 150 → 160" in done.stdout
    done = run(db_url, "load", str(corrected))
    assert "已载入" in done.stdout and "1 修改 / changed" in done.stdout


def test_a_file_without_targets_says_nothing_of_targets(db_url, tmp_path):
    path = tmp_path / "q.xlsx"
    template_like().save(path)
    done = run(db_url, "load", str(path))
    assert done.returncode == 0 and "目标值" not in done.stdout


def test_template_then_export_round_trip(db_url, tmp_path):
    tpl = tmp_path / "template.xlsx"
    assert run(db_url, "template", str(tpl), "--period", "2024").returncode == 0
    wb = openpyxl.load_workbook(tpl)
    ws = wb["2024年"]
    ws["C2"] = 1500.25  # 合肥市 R&D, 亿元
    wb.save(tpl)
    assert run(db_url, "load", str(tpl)).returncode == 0
    out = tmp_path / "export.xlsx"
    assert run(db_url, "export", "--out", str(out), "--region", "340100").returncode == 0
    df = pd.read_excel(out, dtype={"region_code": str}, engine="openpyxl")
    assert list(df.columns) == ["region_code", "region_name", "level", "indicator_code",
                                "indicator_name", "unit", "year", "quarter", "cumulative", "value",
                                "source"]
    assert df.iloc[0][["region_code", "indicator_code", "year", "quarter", "value", "source"]].tolist() == [
        "340100", "rd_expenditure", 2024, 0, 1500.25, "upload"]


def test_regions_and_indicators_list(db_url):
    done = run(db_url, "regions", "--level", "city")
    assert done.returncode == 0 and "341500\tcity\t六安市" in done.stdout
    assert len(done.stdout.splitlines()) == 16
    done = run(db_url, "indicators")
    assert "rd_intensity\tratio\t%\t研发投入强度" in done.stdout


def test_the_demo_refuses_a_database_with_real_uploads_and_never_replaces_them(db_url, tmp_path):
    """#25: a user's load is never overwritten by the simulated demo, not even with --force."""
    from sqlalchemy import select

    from db.models import Observation, Target
    from db.session import get_engine, session_scope

    sheet = tmp_path / "real.xlsx"
    template_like(rows=(("340100", "合肥市", 380.5, 3.1, 12000),), period_sheet="2025年").save(sheet)
    assert run(db_url, "load", str(sheet)).returncode == 0
    refused = run(db_url, "demo")
    assert refused.returncode == 1 and "--force" in refused.stderr
    with session_scope(get_engine(db_url)) as s:
        assert s.scalar(select(Target.id).limit(1)) is None, "nothing of the demo was written"
    forced = run(db_url, "demo", "--force")
    assert forced.returncode == 0 and "3 个已有的上传或官方数值保持不变" in forced.stdout
    with session_scope(get_engine(db_url)) as s:
        value, status = s.execute(select(Observation.value, Observation.status).where(
            Observation.region_code == "340100", Observation.indicator_code == "rd_expenditure",
            Observation.year == 2025, Observation.quarter == 0)).one()
        assert (value, status) == (380.5, "reported")
        assert s.scalar(select(Observation.id).where(Observation.status == "simulated").limit(1))


def test_zones_and_peer_groups_from_the_command_line(db_url):
    added = run(db_url, "zones", "add", "江北新区产业园", "--parent", "320100", "--type", "开发区",
                "--level", "provincial", "--user", "ops")
    assert added.returncode == 0, added.stderr
    assert "Z320100-51" in added.stdout
    clash = run(db_url, "zones", "add", "苏州工业园区", "--parent", "320500")
    assert clash.returncode == 1 and "Z320500-05" in clash.stderr
    assert run(db_url, "zones", "add", "无上级园区").returncode == 2
    renamed = run(db_url, "zones", "edit", "Z320100-51", "--name", "南京江北园", "--add-alias", "江北园")
    assert renamed.returncode == 0, renamed.stderr
    assert run(db_url, "zones", "retire", "Z320100-51").returncode == 0
    listed = run(db_url, "zones", "list", "--province", "320000").stdout.splitlines()
    row = next(line.split("\t") for line in listed if line.startswith("Z320100-51"))
    assert row[1] == "南京江北园" and row[6] == "retired" and "江北园" in row[7]
    assert "江北新区产业园" in row[7]  # the former name stays an alias

    created = run(db_url, "peers", "add", "suzhou_zones", "--name", "苏州国家级开发区",
                  "--member", "Z320500-04", "--member", "Z320500-05")
    assert created.returncode == 0, created.stderr
    assert run(db_url, "peers", "edit", "suzhou_zones", "--add-member", "Z320500-06").returncode == 0
    assert "Z320500-04,Z320500-05,Z320500-06" in run(db_url, "peers", "list").stdout
    assert run(db_url, "peers", "add", "solo", "--name", "一个", "--member", "340100").returncode == 1
    assert run(db_url, "peers", "remove", "suzhou_zones").returncode == 0
    assert "suzhou_zones" not in run(db_url, "peers", "list").stdout
