"""metric_values and metric_ranks: an index by (indicator, year, quarter)

A load refreshes the metrics of the periods it changed: it reads back the year before them
and replaces the changed periods. The primary keys lead with region or scope, so both were
scans of every row of the indicator; with this index they are seeks. The index also holds
the columns the read-back needs (value; rank and growth rank), so it answers alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 09:00:00
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_metric_values_period', 'metric_values',
                    ['indicator_code', 'year', 'quarter', 'value'])
    op.create_index('ix_metric_ranks_period', 'metric_ranks',
                    ['indicator_code', 'year', 'quarter', 'rank', 'growth_rank'])


def downgrade() -> None:
    op.drop_index('ix_metric_ranks_period', 'metric_ranks')
    op.drop_index('ix_metric_values_period', 'metric_values')
