"""The answer cache every worker shares (db/answers.py): an answer one worker computed is read
by another worker process, and a load, a correction, a rollback or a metrics refresh makes the
next answer fresh, for every worker. Real SQLite files and a real PostgreSQL database."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import cache, queries
from db.accounts import add_user, authenticate
from db.answer_models import Answer
from db.cache import ask_for_metrics_refresh, data_version
from db.session import get_engine, session_scope
from etl.load import store
from etl.records import Record, SourceFile
from etl.rollback import roll_back
from metrics import api
from metrics.refresh import refresh_if_asked
from tests.sample_data import CORRECTED_VALUE, LUAN, load_sample
from tests.web_client import PASSWORD

ROOT = Path(__file__).resolve().parent.parent

# Another worker: a process of its own, with its own memo, asking for Lu'an's 2025 snapshot.
OTHER_WORKER = """
import json, sys
from db import cache
from db.session import get_engine
from metrics import api
frame = api.snapshot(get_engine(sys.argv[1]), "341500", 2025)
value = frame.loc[frame["indicator_code"] == "rd_expenditure", "value"].item()
print(json.dumps({"value": value, "counts": dict(cache.answer_counts)}))
"""


def other_worker(url: str) -> dict:
    done = subprocess.run([sys.executable, "-c", OTHER_WORKER, url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def rd_expenditure(engine) -> float:
    frame = api.snapshot(engine, LUAN, 2025)
    return frame.loc[frame["indicator_code"] == "rd_expenditure", "value"].item()


def stored_answers(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Answer))


@pytest.fixture
def loaded(db_url):
    engine = get_engine(db_url)
    load_sample(engine)
    return engine


def test_a_second_worker_reads_the_answer_the_first_one_computed(loaded, db_url):
    assert stored_answers(loaded) == 0
    assert rd_expenditure(loaded) == pytest.approx(CORRECTED_VALUE)
    assert stored_answers(loaded) == 1

    other = other_worker(db_url)
    assert other["value"] == pytest.approx(CORRECTED_VALUE)
    assert other["counts"] == {"shared": 1}, "read from the shared cache, not computed"


def test_after_a_load_every_worker_computes_the_fresh_answer(loaded, db_url):
    assert rd_expenditure(loaded) == pytest.approx(CORRECTED_VALUE)  # now shared
    store(loaded, [Record(LUAN, "rd_expenditure", 2025, 0, True, 123.4)], SourceFile("c.xlsx"))

    other = other_worker(db_url)
    assert other["value"] == pytest.approx(123.4)
    assert other["counts"] == {"computed": 1}
    assert rd_expenditure(loaded) == pytest.approx(123.4)
    with loaded.connect() as conn:  # the old version's answer was deleted by the new one's
        assert conn.scalar(select(func.count(func.distinct(Answer.version)))) == 1


def test_a_rollback_makes_the_next_answer_the_value_before(loaded, db_url):
    assert rd_expenditure(loaded) == pytest.approx(CORRECTED_VALUE)
    add_user(loaded, "boss", PASSWORD, "admin")
    observation = queries.observations(loaded, region_codes=[LUAN],
                                       indicator_codes=["rd_expenditure"], year=2025, quarter=0)
    revision = int(queries.revisions(loaded, int(observation["id"].iloc[0])).iloc[0]["id"])
    undone = roll_back(loaded, revision, authenticate(loaded, "boss", PASSWORD))
    assert undone.ok

    assert rd_expenditure(loaded) == pytest.approx(undone.new_value)
    assert undone.new_value != pytest.approx(CORRECTED_VALUE)
    assert other_worker(db_url)["value"] == pytest.approx(undone.new_value)


def test_a_metrics_refresh_moves_the_data_version(loaded):
    before = data_version(loaded)
    with session_scope(loaded) as session:
        ask_for_metrics_refresh(session, "a peer group changed")
    assert refresh_if_asked(loaded) is not None
    assert data_version(loaded) != before


def test_an_argument_without_a_plain_value_is_computed_and_not_shared(loaded):
    codes = (code for code in ["rd_expenditure"])  # a generator says nothing of its values
    frame = api.series(loaded, codes, [LUAN])
    assert set(frame["indicator_code"]) == {"rd_expenditure"}
    assert stored_answers(loaded) == 0


def test_the_same_question_asked_with_a_list_or_a_tuple_is_one_answer(loaded):
    cache.clear()
    first = api.series(loaded, "rd_expenditure", [LUAN])
    again = api.series(loaded, "rd_expenditure", (LUAN,))
    assert stored_answers(loaded) == 1
    assert first.equals(again)


def test_while_a_load_holds_the_sqlite_write_lock_a_page_answers_without_sharing(sqlite_url):
    engine = get_engine(sqlite_url)
    load_sample(engine)
    with engine.connect() as writer:  # a load in progress, as another process would hold it
        writer.exec_driver_sql("BEGIN IMMEDIATE")
        started = time.perf_counter()
        assert rd_expenditure(engine) == pytest.approx(CORRECTED_VALUE)
        assert time.perf_counter() - started < 10, "did not wait out the 30 s busy timeout"
        writer.exec_driver_sql("ROLLBACK")
    assert stored_answers(engine) == 0
    with engine.connect() as conn:  # the connection's usual patience is back
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
