"""The measure anyone can rerun (#21 §3): the corpus of made-up progress reports with
hand-marked figures (tests/extract_corpus), scored by `python -m etl extract --evaluate`.

main/ is what the extractor was developed against; held_out/ was marked at the same time and
evaluated once at the end. Both must keep recall ≥ 85 % and precision ≥ 99 %, and no candidate
may carry a number that is no marked figure at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.extract import Catalog
from etl.extract.evaluate import evaluate_folder, load_sidecar, reports_in

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "extract_corpus"
RECALL_AT_LEAST, PRECISION_AT_LEAST = 0.85, 0.99


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_files("340000")


def test_the_corpus_has_twenty_reports_of_every_kind_each_with_its_sidecar():
    reports = reports_in(CORPUS / "main") + reports_in(CORPUS / "held_out")
    assert len(reports) >= 20
    assert {p.suffix for p in reports} == {".txt", ".docx"}
    regions = {load_sidecar(p.with_suffix(".yaml")).region for p in reports}
    assert {r for r in regions if r.startswith("Z")}, "zone and park reports"
    assert {r for r in regions if r.endswith("00") and not r.startswith("Z")}, "city reports"
    assert len(regions) >= 15
    marks = [m for p in reports for m in load_sidecar(p.with_suffix(".yaml")).marks]
    assert len(marks) >= 400
    assert {m.kind for m in marks} >= {"level", "net_increase", "growth", "avg_growth", "share", "rank",
                                       "rank_change", "target", "forecast"}


@pytest.mark.parametrize("part", ["main", "held_out"])
def test_recall_and_precision_on_the_corpus(catalog, part):
    evaluation = evaluate_folder(CORPUS / part, catalog)
    total = evaluation.total()
    wrong = [(name, c.indicator, c.statement_type, c.value, c.raw) for name, c, _ in evaluation.wrong()]
    assert total.precision >= PRECISION_AT_LEAST, wrong
    assert not [w for w, (_, _, bad) in zip(wrong, evaluation.wrong()) if bad], "a number that is no figure"
    assert total.recall >= RECALL_AT_LEAST, [f"{d.name}: {m.label()}" for d in evaluation.documents
                                             for m in d.missed]


def run(*args, db_url=None):
    env = dict(os.environ)
    if db_url:
        env["DATABASE_URL"] = db_url
    return subprocess.run([sys.executable, "-m", "etl", "extract", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_evaluate_prints_recall_and_precision_per_kind(tmp_path):
    report = tmp_path / "金安区.txt"
    report.write_text("金安区2024年情况汇报\n全区高新技术企业达到142家，同比增长15.4%，居全市第1位。"
                      "研发投入强度达到2.18%。联系电话：0564-3371234。\n", encoding="utf-8")
    report.with_suffix(".yaml").write_text(
        'region: "341502"\nfigures:\n'
        '  - {indicator: high_tech_enterprises, kind: level, value: 142, unit: 家, period: "2024"}\n'
        '  - {indicator: high_tech_enterprises, kind: growth, value: 15.4, unit: "%", period: "2024"}\n'
        '  - {indicator: high_tech_enterprises, kind: rank, value: 1, unit: 位, period: "2024", scope: 全市}\n'
        '  - {indicator: rd_intensity, kind: level, value: 2.18, unit: "%", period: "2023"}\n',  # a wrong mark
        encoding="utf-8")
    done = run("--evaluate", str(tmp_path), "--show-misses")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["kind", "marked", "found", "recall", "proposed", "right", "precision"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:] if line.strip() and line[0] != " "}
    assert rows["level"] == ["2", "1", "50.0%", "2", "1", "50.0%"]
    assert rows["rank"] == ["1", "1", "100.0%", "1", "1", "100.0%"]
    assert rows["all"] == ["4", "3", "75.0%", "4", "3", "75.0%"]
    assert "✗ 金安区.txt: rd_intensity level 2.18% 2024" in done.stdout
    assert "· missed 金安区.txt: rd_intensity level 2.18% 2023" in done.stdout


def test_cli_evaluate_names_a_bad_sidecar_and_an_empty_folder(tmp_path):
    (tmp_path / "a.txt").write_text("全区高新技术企业达到142家。", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("figures:\n  - {indicator: x, kind: levels, value: 1, unit: 家}\n",
                                     encoding="utf-8")
    done = run("--evaluate", str(tmp_path))
    assert done.returncode == 2 and "a.yaml, figure 1" in done.stderr and "levels" in done.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run("--evaluate", str(empty))
    assert done.returncode == 2 and "NAME.yaml" in done.stderr
