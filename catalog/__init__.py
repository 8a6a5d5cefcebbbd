"""The catalogs at the bottom of the layers: indicators, regions, zones and peer groups as
the files under data/ define them, their names and aliases, units, and the region tree.

Imports nothing of the project, so every other package may import it.
"""

from pathlib import Path

# The catalog files ship in data/ at the top of the project (config re-exports this path). Here
# rather than in catalog.files so that config, and `python -m etl --help`, need no YAML parser.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
