"""Every file of the bad-input corpus (make_corpus.py), loaded as a user would load it, in a
child process under a memory cap: it ends with exactly the located errors its case names,
or stores exactly the values its case names; nothing else in the database moves."""

from __future__ import annotations

import re

import pytest

from db.session import get_engine
from etl.pipeline import commit, read_and_validate
from tests.reliability import harness
from tests.reliability.harness import BACKENDS
from tests.reliability.make_corpus import baseline_bytes, cases, write_corpus

CASES = cases()
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TIMEOUT = 300  # seconds per load; the 1,048,576-row files take a few


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return {case.name: case for case in write_corpus(folder)}


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_db(request, databases):
    """A database per backend with a baseline upload, so that 'unchanged' means something."""
    url = databases.new(request.param)
    engine = get_engine(url)
    result = read_and_validate(baseline_bytes(), "baseline.xlsx", engine)
    assert result.ok, [p.line() for p in result.errors]
    assert commit(engine, result).outcome == "loaded"
    harness.STATS["corpus_backends"] += 1
    harness.STATS["corpus_files"] = len(CASES)
    yield url
    databases.drop(url)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


@pytest.mark.parametrize("name", [c.name for c in CASES], ids=[c.name[:40] for c in CASES])
def test_bad_input_ends_in_located_errors_or_the_right_values_and_nothing_else_changes(
        corpus, corpus_db, name):
    case = corpus[name]
    engine = get_engine(corpus_db)
    before = harness.snapshot(engine)
    harness.STATS["inputs_tried"] += 1

    outcome = harness.run_in_child(harness.upload, corpus_db, str(case.path), case.period,
                                   timeout=TIMEOUT)
    harness.note_peak(case.name[:40], outcome.peak_rss)
    assert outcome.ok, (f"{case.name}: the load did not end normally (exit code {outcome.exitcode}, "
                        f"peak RSS {outcome.peak_rss / 2**20:.0f} MB):\n{outcome.error}")
    got = outcome.value
    after = harness.snapshot(engine)
    for line in got["lines"]:  # every message renders in both languages, no raw control bytes
        assert not CONTROL.search(line), repr(line)

    if case.expect == "rejected":
        assert set(got["errors"]) == set(case.errors), f"{case.name}: {got['lines'][:20]}"
        assert got["outcome"] == "rejected"
        assert after == before, f"{case.name}: a rejected file changed the stored data"
        harness.STATS["rejected_cleanly"] += 1
        harness.STATS["unchanged_after_reject"] += 1
    else:
        assert got["errors"] == [], f"{case.name}: {got['lines'][:20]}"
        assert set(got["records"]) == set(case.values), case.name
        for key, value in case.values.items():
            assert _same(got["records"][key], value), (case.name, key, got["records"][key], value)
        # exactly the expected values were written; everything else is as it was
        stored = {k: v[0] for k, v in after["observations"].items()}
        expected = {k: v[0] for k, v in before["observations"].items()} | case.values
        assert stored.keys() == expected.keys(), case.name
        assert all(_same(stored[k], expected[k]) for k in stored), case.name
        assert after["targets"] == before["targets"]
        harness.STATS["read_correctly"] += 1
