"""Backups restore exactly what was there; the full export is a readable zip of CSVs."""

import io
import json
import zipfile

import pandas as pd
from sqlalchemy import func, select

from db.models import Observation
from db.session import session_scope
from etl.backup import backup, export_all, restore
from etl.pipeline import commit, read_and_validate
from tests.workbooks import template_like, xlsx_bytes


def count(engine):
    with session_scope(engine) as s:
        return s.scalar(select(func.count()).select_from(Observation))


def test_backup_then_restore_brings_back_the_data(engine, db_url, tmp_path):
    commit(engine, read_and_validate(xlsx_bytes(template_like()), "a.xlsx", engine))
    saved = tmp_path / "backup.bin"
    backup(db_url, saved)
    commit(engine, read_and_validate(xlsx_bytes(template_like("2024Q3")), "b.xlsx", engine))
    assert count(engine) == 6
    engine.dispose()
    restore(db_url, saved)
    engine.dispose()
    assert count(engine) == 3


def test_export_all_is_a_zip_of_csvs_with_a_readme_and_safe_cells(engine, tmp_path):
    wb = template_like(rows=(("341500", "=HYPERLINK(\"x\")", 1.0, 1.0, 10),))
    commit(engine, read_and_validate(xlsx_bytes(wb), "=cmd.xlsx", engine))
    out = tmp_path / "all.zip"
    tables = export_all(engine, out)
    assert {"observations", "regions", "uploads", "revisions"} <= set(tables)
    with zipfile.ZipFile(out) as z:
        assert "README.txt" in z.namelist()
        obs = pd.read_csv(io.BytesIO(z.read("observations.csv")), dtype={"region_code": str})
        uploads = pd.read_csv(io.BytesIO(z.read("uploads.csv")))
        digests = pd.read_csv(io.BytesIO(z.read("metric_digests.csv")))
    assert len(obs) == 3 and set(obs["region_code"]) == {"341500"}
    # the fingerprints are there, their packed copies for the program are not
    assert len(digests) > 0 and "for_next_year" not in digests.columns
    assert uploads["file_name"].tolist() == ["'=cmd.xlsx"]
    assert json.loads(uploads["sheets"][0]) == ["2025Q3"]  # JSON, as any tool reads it
    assert "answer_cache" not in tables  # the program's copies, not data


def test_export_all_reads_and_writes_tables_in_chunks_with_every_row_once(engine, tmp_path,
                                                                          monkeypatch):
    import etl.backup

    commit(engine, read_and_validate(xlsx_bytes(template_like()), "a.xlsx", engine))
    commit(engine, read_and_validate(xlsx_bytes(template_like("2024Q3")), "b.xlsx", engine))
    monkeypatch.setattr(etl.backup, "EXPORT_CHUNK_ROWS", 2)  # chunks end inside every table
    told: dict[str, int] = {}
    out = tmp_path / "all.zip"
    export_all(engine, out, on_rows=lambda table, rows: told.update({table: told.get(table, 0)
                                                                     + rows}))
    with session_scope(engine) as s:
        stored = pd.read_sql(select(Observation.region_code, Observation.value)
                             .order_by(Observation.id), s.connection())
    with zipfile.ZipFile(out) as z:
        obs = pd.read_csv(io.BytesIO(z.read("observations.csv")), dtype={"region_code": str})
        metrics = z.read("metric_values.csv").decode("utf-8-sig").splitlines()
    assert told["observations"] == len(obs) == len(stored) == 6
    assert obs[["region_code", "value"]].equals(stored)
    # One header, and ranks written as whole numbers in every chunk, empty or not.
    ranks = pd.read_csv(io.StringIO("\n".join(metrics)), dtype=str)["rank"].dropna()
    assert metrics[0].startswith("indicator_code,") and sum(
        line.startswith("indicator_code,") for line in metrics) == 1
    assert len(ranks) > 0 and not ranks.str.contains(r"\.").any()


def test_cli_backup_restore_and_export_all(db_url, tmp_path):
    from tests.test_cli import run

    path = tmp_path / "q.xlsx"
    template_like().save(path)
    assert run(db_url, "load", str(path)).returncode == 0
    saved = tmp_path / "saved.bin"
    assert run(db_url, "backup", str(saved)).returncode == 0
    assert run(db_url, "load", str(tmp_path / "q.xlsx"), "--period", "2024Q3").returncode == 0
    done = run(db_url, "restore", str(saved))
    assert done.returncode == 0, done.stderr
    out = tmp_path / "all.zip"
    assert run(db_url, "export-all", str(out)).returncode == 0
    with zipfile.ZipFile(out) as z:
        obs = pd.read_csv(io.BytesIO(z.read("observations.csv")))
    assert len(obs) == 3  # the 2024Q3 load after the backup is gone
    assert run(db_url, "restore", str(tmp_path / "missing.bin")).returncode == 1
