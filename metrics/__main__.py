"""`python -m metrics refresh [--indicator CODE ...]`: rebuild the precomputed metrics, for
example after a region, zone or peer group was added to the catalogs."""

from __future__ import annotations

import sys
import time

from sqlalchemy import select

from config import Settings
from config.cli import command_parser
from db.models import Indicator
from db.session import get_engine, session_scope
from metrics.refresh import refresh_metrics


def main(argv: list[str] | None = None) -> int:
    parser, sub = command_parser("python -m metrics",
                                 "Rebuild precomputed metrics.")
    refresh = sub.add_parser("refresh", help="recompute metric_values")
    refresh.add_argument("--indicator", action="append", default=None,
                         help="indicator code (repeatable); default: all")
    args = parser.parse_args(argv)
    engine = get_engine(Settings.from_env().database_url)
    started = time.perf_counter()
    with session_scope(engine) as session:
        codes = set(args.indicator or session.scalars(select(Indicator.code)))
        report = refresh_metrics(session, codes)
    print(f"{len(report.indicators)} indicators, {report.n_values} values "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
