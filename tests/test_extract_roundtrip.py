"""The drafted reports are a second corpus for the extractor (#21 §3): the report of a region
of the demo province is drafted as a Word file, read again, and every figure the draft states
(reports.stated) must come back with its indicator, period, scope and region — and nothing
else may come back.

All 134 regions of the demo province take a few minutes (`scripts/extract_roundtrip.py`:
recall and precision 100%); the test drafts a sample that covers every kind of region and
wording: cities in and out of a peer group, districts, counties, county-level cities that call
themselves 全市, a name of one character plus 县 (寿县), zones and a park under a county,
annual and year-to-date (1-9月) reports.
"""

from __future__ import annotations

import shutil

import pytest

from db.session import dispose_engine
from db.setup import init_database
from etl.demo import load_demo
from reports.roundtrip import round_trip

ANNUAL = ["340300", "341500",  # cities; 蚌埠 in 皖北同类市
          "341524", "341502", "340181", "340422",  # 金寨 in a peer group; a district; 巢湖市; 寿县
          "Z340100-01", "Z341500-02"]  # a high-tech zone; a park whose parent is a county
YEAR_TO_DATE = ["341525", "Z341500-01"]
RECALL_AT_LEAST = 0.95


@pytest.fixture(scope="module")
def demo(tmp_path_factory, sqlite_template):
    path = tmp_path_factory.mktemp("roundtrip") / "demo.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = init_database(url)
    load_demo(engine)
    yield engine
    dispose_engine(url)


@pytest.mark.parametrize("codes, quarter", [(ANNUAL, 0), (YEAR_TO_DATE, 3)], ids=["2025", "2025Q3"])
def test_every_figure_a_draft_states_comes_back_and_nothing_else(demo, codes, quarter):
    evaluation = round_trip(demo, codes, 2025, quarter)
    assert len(evaluation.documents) == len(codes), "every region of the sample has data"
    total = evaluation.total()
    missed = [f"{d.name}: {m.label()}" for d in evaluation.documents for m in d.missed]
    assert total.marked > 100 * len(codes) * (0.5 if quarter else 1), "the drafts state their figures"
    assert total.recall >= RECALL_AT_LEAST, missed[:20]
    wrong = evaluation.wrong()
    assert wrong == [], [(name, c.indicator, c.statement_type, c.value, c.raw) for name, c, _ in wrong[:20]]
    kinds = evaluation.by_kind()
    if not quarter:  # averages over 十三五 and 十四五 come with the annual report only
        assert kinds["avg_growth"].found == kinds["avg_growth"].marked > 0
    assert kinds["rank"].found > 0 and kinds["rank_change"].found > 0 and kinds["target"].found > 0
