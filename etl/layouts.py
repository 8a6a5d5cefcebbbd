"""Find the table in a sheet and turn it into located cells: (region, indicator, period, raw).

Accepted layouts:
  long: one value per row with columns for region, indicator, value, and optionally period,
        unit and region code (etl.long_layout);
  wide: regions as rows, and indicators or periods as columns, under a header of one to three
        rows as printed: bilingual, merged or with its merges lost, units above it, totals and
        notes below (etl.wide_layout).
The project's template is the wide layout with a region-code column and a sheet per period.
"""

from __future__ import annotations

from etl.headers import Grid
from etl.long_layout import find_long_header, read_long
from etl.readers import SheetGrid
from etl.table import Context, SheetResult
from etl.wide_layout import find_header, read_wide

INSTRUCTION_SHEETS = ("说明", "填报说明", "instructions", "readme", "填表说明")


def read_sheet(ctx: Context, grid: SheetGrid) -> SheetResult | None:
    """Located values of one sheet; None for a sheet with no table (instructions, blank)."""
    if any(w in grid.name.lower() for w in INSTRUCTION_SHEETS):
        return None
    g = Grid(grid)
    long = find_long_header(g)
    if long:
        return read_long(ctx, g, *long)
    header = find_header(ctx, g)
    if header is None:
        return None
    return read_wide(ctx, g, header)
