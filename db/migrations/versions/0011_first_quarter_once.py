"""The first quarter alone is stored once, as the year to date at quarter 1

Quarter 1 alone equals 1-3月; metric_values kept both rows for every flow and every ratio built
on flows, a third of a Q1 load's metric rows. metrics.catalog.stored_cumulative now serves a
request for the first quarter alone from the cumulative row, so the other rows go.

The digests of quarter 1 are left as they were: they no longer match what a refresh computes,
so the next refresh that touches an indicator rewrites its quarter 1 periods whole.

Downgrade deletes every quarter 1 metric row and digest (a cache rebuilt from observations):
run `python -m metrics refresh` with the older code to fill them again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 18:00:00
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


ALONE = """metric_values AS alone WHERE alone.indicator_code = kept.indicator_code
    AND alone.region_code = kept.region_code AND alone.year = kept.year
    AND alone.quarter = 1 AND alone.cumulative = false AND alone.status <> 'derived'"""


def upgrade() -> None:
    # The kept row takes the status of a reported first quarter alone (as the refresh does).
    op.execute(f"""UPDATE metric_values AS kept SET status = (SELECT alone.status FROM {ALONE})
        WHERE kept.quarter = 1 AND kept.cumulative = true AND kept.status = 'derived'
        AND EXISTS (SELECT 1 FROM {ALONE})""")
    op.execute("DELETE FROM metric_values WHERE quarter = 1 AND cumulative = false")


def downgrade() -> None:
    op.execute("DELETE FROM metric_values WHERE quarter = 1")
    op.execute("DELETE FROM metric_digests WHERE quarter = 1")
