"""Draft the report of every region of a province, read its figures back and score them:
recall and precision per kind, as `python -m etl extract --evaluate` prints for the corpus.

    DATABASE_URL=sqlite:///demo.db python scripts/extract_roundtrip.py [--period 2025Q3] [REGION ...]

Needs a database with data (`python -m etl demo`); without regions, every city, county and
zone of the province.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import DEFAULT_PROVINCE, Settings  # noqa: E402
from db import queries  # noqa: E402
from db.session import get_engine  # noqa: E402
from etl.extract.evaluate import report_lines  # noqa: E402
from reports.cli import parse_period  # noqa: E402
from reports.roundtrip import round_trip  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("regions", nargs="*")
    parser.add_argument("--period", default="2025", help="2025 or 2025Q3")
    parser.add_argument("--province", default=DEFAULT_PROVINCE)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    period = parse_period(args.period)
    if period is None:
        parser.error(f"bad period: {args.period}")
    engine = get_engine(Settings.from_env().database_url)
    codes = args.regions
    if not codes:
        regions = queries.regions(engine, args.province)
        codes = [c for c in regions["code"].tolist() if c != args.province]
    started = time.perf_counter()
    evaluation = round_trip(engine, codes, *period, province=args.province)
    print("\n".join(report_lines(evaluation, verbose=args.show_misses)))
    print(f"{len(evaluation.documents)} drafts in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
