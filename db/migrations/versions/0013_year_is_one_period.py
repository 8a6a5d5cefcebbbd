"""A year is one period: the fourth quarter to date (1-12月) is merged into the annual figure

Chinese statistics report the year and its 1-12月 cumulative as the same figure; the database
held them as two observations, which an annual upload could set apart (同比 +36.0% under one,
+11.8% under the other). Each (region, indicator, year) keeps one annual observation:
- a 1-12月 value alone becomes the annual one (its provenance kept);
- where both exist and differ, the newer upload wins and the older value is kept as a revision
  of the annual observation; revisions of the 1-12月 observation move to it too;
- the 1-12月 rows go.
The metric rows of 1-12月 are dropped with their digests and the metrics are rebuilt at the
next start (app_meta 'refresh_metrics', read by db.setup.init_database); pages read the year.

Downgrade leaves the merged values as annual figures (a 1-12月 row is derived from them).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 21:00:00
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# The 1-12月 row (q) beside the annual row (a) of the same region, indicator and year.
PAIR = """observations AS a JOIN observations AS q
    ON q.indicator_code = a.indicator_code AND q.region_code = a.region_code
    AND q.year = a.year AND q.quarter = 4 AND q.cumulative = TRUE
    WHERE a.quarter = 0"""
Q_NEWER = "COALESCE(q.upload_id, 0) > COALESCE(a.upload_id, 0)"
DIFFERENT = "ABS(a.value - q.value) > 1e-9 * (1 + ABS(a.value) + ABS(q.value))"
ANNUAL_OF = """(SELECT a.id FROM observations AS a WHERE a.quarter = 0
    AND a.indicator_code = {q}.indicator_code AND a.region_code = {q}.region_code
    AND a.year = {q}.year)"""


def _pick(column: str) -> str:
    """The winner's column (the newer upload's), then the loser's."""
    return (f"CASE WHEN {Q_NEWER} THEN q.{column} ELSE a.{column} END",
            f"CASE WHEN {Q_NEWER} THEN a.{column} ELSE q.{column} END")


def upgrade() -> None:
    op.execute("""INSERT INTO app_meta (key, value) SELECT 'refresh_metrics', '0013'
        WHERE EXISTS (SELECT 1 FROM observations WHERE quarter = 4 AND cumulative = TRUE)
        AND NOT EXISTS (SELECT 1 FROM app_meta WHERE key = 'refresh_metrics')""")
    (new_value, old_value), (new_upload, old_upload) = _pick("value"), _pick("upload_id")
    (new_sheet, old_sheet), (new_cell, old_cell) = _pick("sheet"), _pick("cell")
    # The older of two differing values, kept as a revision of the annual observation.
    op.execute(f"""INSERT INTO revisions (observation_id, old_value, new_value, old_upload_id,
            old_sheet, old_cell, upload_id, sheet, cell, changed_at)
        SELECT a.id, {old_value}, {new_value}, {old_upload}, {old_sheet}, {old_cell},
            {new_upload}, {new_sheet}, {new_cell}, CURRENT_TIMESTAMP
        FROM {PAIR} AND {DIFFERENT} AND {new_upload} IS NOT NULL""")
    # The annual observation takes a newer 1-12月 value with its provenance.
    newer = f"FROM observations AS q WHERE q.indicator_code = a.indicator_code AND " \
            f"q.region_code = a.region_code AND q.year = a.year AND q.quarter = 4 AND " \
            f"q.cumulative = TRUE AND {Q_NEWER} AND {DIFFERENT}"
    op.execute(f"""UPDATE observations AS a SET
            value = (SELECT q.value {newer}), upload_id = (SELECT q.upload_id {newer}),
            sheet = (SELECT q.sheet {newer}), cell = (SELECT q.cell {newer}),
            status = (SELECT q.status {newer}), updated_at = (SELECT q.updated_at {newer})
        WHERE a.quarter = 0 AND EXISTS (SELECT 1 {newer})""")
    op.execute(f"""UPDATE revisions SET observation_id = {ANNUAL_OF.format(q='q')}
        FROM observations AS q WHERE q.id = revisions.observation_id AND q.quarter = 4
        AND q.cumulative = TRUE AND EXISTS {ANNUAL_OF.format(q='q')}""")
    op.execute(f"""DELETE FROM observations WHERE quarter = 4 AND cumulative = TRUE
        AND EXISTS {ANNUAL_OF.format(q='observations')}""")
    # A 1-12月 value alone is the year's.
    op.execute("UPDATE observations SET quarter = 0 WHERE quarter = 4 AND cumulative = TRUE")
    # Where there were two copies, the whole fourth quarter's metrics go (their digests with
    # them), so the rebuild writes it anew.
    asked = "EXISTS (SELECT 1 FROM app_meta WHERE key = 'refresh_metrics' AND value = '0013')"
    op.execute(f"DELETE FROM metric_values WHERE quarter = 4 AND {asked}")
    op.execute(f"DELETE FROM metric_digests WHERE quarter = 4 AND {asked}")


def downgrade() -> None:
    pass
