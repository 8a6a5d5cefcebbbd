"""The reliability suite in one command: bad-input corpus, property tests, concurrent loads
and crash consistency, on SQLite and PostgreSQL, then a summary.

    python -m tests.reliability            # the long run (minutes): more examples, longer
                                           # concurrent loads, more kills
    python -m tests.reliability --quick    # the bounded run that `pytest -q` also includes

PostgreSQL comes from TEST_POSTGRES_URL, as for the other tests (scripts/test.sh sets it).
Extra arguments go to pytest (e.g. -k corpus, -x). Exit code: pytest's; non-zero also when
any observation was lost or any error reached a user.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTS = {"test_corpus.py": "bad-input corpus", "test_properties.py": "property tests",
         "test_concurrency.py": "concurrent loads", "test_crash.py": "crash consistency"}


class _Timings:
    """pytest plugin: seconds and outcomes per test file."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.outcomes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def pytest_runtest_logreport(self, report):
        part = report.nodeid.split("::")[0].rsplit("/", 1)[-1]
        self.seconds[part] += report.duration
        if report.when == "call" or report.outcome != "passed":
            self.outcomes[part][report.outcome] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the bounded run (a few minutes)")
    args, pytest_args = parser.parse_known_args(argv)
    os.environ["RELIABILITY_FULL"] = "0" if args.quick else "1"
    os.environ["RELIABILITY_COMMAND"] = "1"
    if not os.environ.get("TEST_POSTGRES_URL"):
        print("TEST_POSTGRES_URL is not set: the PostgreSQL half is skipped "
              "(scripts/test.sh starts a server and sets it)", file=sys.stderr)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import pytest

    from tests.reliability import harness

    timings = _Timings()
    started = time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", str(Path(__file__).parent), *pytest_args],
                       plugins=[timings])
    elapsed = time.monotonic() - started

    print()
    print(f"== reliability summary ({'quick' if args.quick else 'full'} run, {elapsed:.0f} s) ==")
    for line in harness.summary_lines():
        print(line)
    print("time per part:")
    for part, label in PARTS.items():
        outcomes = ", ".join(f"{n} {k}" for k, n in sorted(timings.outcomes[part].items()))
        print(f"  {label:20} {timings.seconds[part]:6.0f} s  ({outcomes or 'not run'})")
    stats = harness.STATS
    bad = stats["observations_lost"] or stats["user_errors"] or stats["partial_uploads"] \
        or stats["observations_duplicated"]
    verdict = "OK" if code == 0 and not bad else "FAILED"
    print(f"verdict: {verdict}")
    return int(code) or (1 if bad else 0)


if __name__ == "__main__":
    sys.exit(main())
