"""observations: the period index holds the cumulative flag

The periods with data (the period picker of every page, counted per indicator) were read
from (indicator, year, quarter) and a visit of the table for each observation's flag; with
the flag in the index they are counted from the index alone (national scale, one indicator:
0.64 → 0.02 s).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 14:30:00
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_observations_indicator_period', 'observations')
    op.create_index('ix_observations_period', 'observations',
                    ['indicator_code', 'year', 'quarter', 'cumulative'])


def downgrade() -> None:
    op.drop_index('ix_observations_period', 'observations')
    op.create_index('ix_observations_indicator_period', 'observations',
                    ['indicator_code', 'year', 'quarter'])
