"""`python -m etl`. The collector is off while the command imports its modules: what they make
(pandas, SQLAlchemy, the models) lives as long as the process, and collecting among it again
and again cost a province load a good part of its time (docs/performance.md). The command turns
the collector back on once imported (etl.gc_pause.collect_from_here), those objects frozen out of
later collections."""

import gc
import sys


def run() -> int:
    gc.disable()
    from etl.cli import main

    return main()


sys.exit(run())
