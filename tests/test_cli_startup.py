"""What `python -m etl` does before its work, as a user runs it (real subprocesses, real
databases): --help needs the argument parser alone, and a load into a database at the newest
schema imports nothing the load does not use (no alembic: no migration ran). The imports are
read from `python -X importtime`; how long they take is measured in bench/cli.py."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from etl.records import LOAD_STAGES
from etl.stage_line import StageLine
from tests.workbooks import template_like

ROOT = Path(__file__).resolve().parent.parent
# Packages a load does not use: migrations, writing workbooks, passwords, progress bars, the app.
NOT_FOR_A_LOAD = {"alembic", "openpyxl", "werkzeug", "tqdm", "flask", "dash", "plotly"}


def run_imported(*args: str, db_url: str | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """The finished process and the top-level packages it imported."""
    env = os.environ | ({"DATABASE_URL": db_url} if db_url else {})
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "etl", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and line.split("|")[1].strip().isdigit()}
    return done, {name.split(".")[0] for name in names}


def test_help_needs_the_argument_parser_and_no_data_library():
    done, imported = run_imported("--help")
    assert "load" in done.stdout and "usage: python -m etl" in done.stdout
    assert "argparse" in imported
    assert not imported & (NOT_FOR_A_LOAD | {"pandas", "numpy", "sqlalchemy", "yaml"})


def test_a_load_into_a_current_database_runs_no_migration_and_imports_only_what_it_uses(
        db_url, tmp_path):
    path = tmp_path / "q.xlsx"
    template_like().save(path)
    done, imported = run_imported("load", str(path), db_url=db_url)
    assert "3 新增" in done.stdout
    assert {"pandas", "sqlalchemy", "python_calamine"} <= imported
    assert not imported & NOT_FOR_A_LOAD


def test_several_files_load_under_a_progress_bar_and_one_without(db_url, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    template_like().save(first)
    template_like(rows=(("341500", "六安市", 130.0, 2.2, 5100),)).save(second)
    env = os.environ | {"DATABASE_URL": db_url}

    def load(*paths: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "etl", "load", *map(str, paths)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120, check=False)

    one = load(first)
    assert one.returncode == 0 and "载入 / loading" not in one.stderr
    assert "/ read the workbook" not in one.stderr, "a log is not filled with stages unasked"
    both = load(first, second)
    assert both.returncode == 0, both.stderr[-2000:]
    assert "载入 / loading" in both.stderr and "2/2" in both.stderr
    assert "a.xlsx" in both.stdout and "b.xlsx" in both.stdout
    assert "b.xlsx · 9/9 提交 / commit" in both.stderr, "the bar names the file's latest stage"


def test_one_file_with_progress_tells_each_stage_of_its_load_as_it_ends(db_url, tmp_path):
    path = tmp_path / "q.xlsx"
    template_like().save(path)
    done = subprocess.run([sys.executable, "-m", "etl", "load", str(path), "--progress"], cwd=ROOT,
                          env=os.environ | {"DATABASE_URL": db_url}, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("q.xlsx: ")]
    stages = [line.split(" / ")[1].rsplit(" ", 2)[0] for line in lines]
    assert stages == list(LOAD_STAGES), "every stage, in order (the file changed values)"
    assert lines[2].startswith("q.xlsx: 3/9 校验数值 / check values ")
    assert all(line.endswith(" s") and float(line.split()[-2]) >= 0 for line in lines)
    assert "已载入 / loaded" in done.stdout


def test_on_a_terminal_the_stage_line_is_redrawn_in_place_and_erased_before_other_output():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    line = StageLine("q.xlsx", terminal)
    line("read the workbook", 0.5)
    line("cells to values", 0.25)
    line.clear()
    assert terminal.getvalue() == ("\r\033[Kq.xlsx: 1/9 读取工作簿 / read the workbook 0.50 s"
                                   "\r\033[Kq.xlsx: 2/9 单元格转为数值 / cells to values 0.25 s"
                                   "\r\033[K")
