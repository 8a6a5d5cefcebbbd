"""metric_ranks dropped: a scope's ranking is ranked on read from metric_values

A region's ranks in its default scope and its peer group were already stored with its values;
metric_ranks repeated them and added the ranks of a city's counties, 350 K of a national
quarter's 540 K metric rows. metrics.api now ranks a scope from its members' stored values
when asked. The digests lose their ranks columns.

Downgrade brings metric_ranks back empty (its rows are a cache rebuilt from observations):
run `python -m metrics refresh` with the older code to fill it. The digests' ranks columns
come back as 0, which that refresh reads as changed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 16:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('metric_ranks')
    with op.batch_alter_table('metric_digests') as batch:
        batch.drop_column('ranks_hash')
        batch.drop_column('n_ranks')


def downgrade() -> None:
    with op.batch_alter_table('metric_digests') as batch:
        batch.add_column(sa.Column('ranks_hash', sa.BigInteger(), nullable=False,
                                   server_default='0'))
        batch.add_column(sa.Column('n_ranks', sa.Integer(), nullable=False,
                                   server_default='0'))
    op.create_table(
        'metric_ranks',
        sa.Column('indicator_code', sa.String(length=64), nullable=False),
        sa.Column('scope_kind', sa.String(length=32), nullable=False),
        sa.Column('scope_code', sa.String(length=64), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('cumulative', sa.Boolean(), nullable=False),
        sa.Column('region_code', sa.String(length=32), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('yoy_growth_pct', sa.Float(), nullable=True),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('rank_of', sa.Integer(), nullable=False),
        sa.Column('tied', sa.Boolean(), nullable=False),
        sa.Column('rank_change', sa.Integer(), nullable=True),
        sa.Column('growth_rank', sa.Integer(), nullable=True),
        sa.Column('growth_rank_of', sa.Integer(), nullable=True),
        sa.Column('growth_tied', sa.Boolean(), nullable=True),
        sa.Column('growth_rank_change', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('indicator_code', 'year', 'quarter', 'cumulative',
                                'scope_kind', 'scope_code', 'region_code'),
        sqlite_with_rowid=False)
