"""`python -m etl`. The collector is off while the command imports its modules and opens the
database: the objects made then (pandas, SQLAlchemy, the models) live as long as the process,
and collecting among them cost a province load a tenth of its time (etl.cli.collect_from_here
turns it back on and freezes them)."""

import gc
import sys

gc.disable()

from etl.cli import main  # noqa: E402

sys.exit(main())
