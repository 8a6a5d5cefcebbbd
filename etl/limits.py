"""How much one upload may hold, in one place: checked before a parser builds anything.

A spreadsheet reader allocates a sheet's used rectangle up front (two cells at A1 and
XFD1048576 ask for 17 billion), and every value costs the pipeline about a kilobyte, so
the limits are on the rectangle. They sit far above real reports: a province's long export
of every period is about 100,000 rows; a wide sheet has a few dozen columns.
"""

MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 1_000
MAX_CELLS = 2_000_000  # rows × columns of the used area, summed over the file's sheets
# Values found in one file: what a load of them needs (about 3 KB each through validation,
# storage and the metrics refresh) stays well under 1.5 GB. A wide sheet may fill every cell.
MAX_VALUES = 250_000
# Errors after which a file is checked no further: it can only be rejected, and its first
# errors show what is wrong (a column of text is one mistake repeated). Stops a flood of bad
# cells from costing time and memory in proportion to its size (etl.pipeline).
MAX_ERRORS = 1_000
