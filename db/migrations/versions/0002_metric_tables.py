"""precomputed metric tables (metric_values, metric_ranks, metric_digests)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('metric_values',
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('cumulative', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('prev_value', sa.Float(), nullable=True),
    sa.Column('net_increase', sa.Float(), nullable=True),
    sa.Column('yoy_growth_pct', sa.Float(), nullable=True),
    sa.Column('share_of_parent_pct', sa.Float(), nullable=True),
    sa.Column('rank_scope_kind', sa.String(length=32), nullable=True),
    sa.Column('rank_scope_code', sa.String(length=64), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('rank_of', sa.Integer(), nullable=True),
    sa.Column('tied', sa.Boolean(), nullable=True),
    sa.Column('rank_change', sa.Integer(), nullable=True),
    sa.Column('growth_rank', sa.Integer(), nullable=True),
    sa.Column('growth_rank_of', sa.Integer(), nullable=True),
    sa.Column('growth_tied', sa.Boolean(), nullable=True),
    sa.Column('growth_rank_change', sa.Integer(), nullable=True),
    sa.Column('peer_group', sa.String(length=64), nullable=True),
    sa.Column('peer_group_rank', sa.Integer(), nullable=True),
    sa.Column('peer_group_rank_of', sa.Integer(), nullable=True),
    sa.Column('peer_group_tied', sa.Boolean(), nullable=True),
    sa.Column('peer_group_rank_change', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('indicator_code', 'region_code', 'year', 'quarter', 'cumulative'),
    # SQLite: store rows in primary-key order (one B-tree, clustered reads, cheaper inserts).
    sqlite_with_rowid=False
    )

    op.create_table('metric_ranks',
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
    sa.PrimaryKeyConstraint('indicator_code', 'scope_kind', 'scope_code', 'year', 'quarter',
                            'cumulative', 'region_code'),
    sqlite_with_rowid=False
    )
    op.create_table('metric_digests',
    sa.Column('indicator_code', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('values_hash', sa.BigInteger(), nullable=False),
    sa.Column('ranks_hash', sa.BigInteger(), nullable=False),
    sa.Column('n_values', sa.Integer(), nullable=False),
    sa.Column('n_ranks', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('indicator_code', 'year', 'quarter')
    )


def downgrade() -> None:
    op.drop_table('metric_digests')
    op.drop_table('metric_ranks')
    op.drop_table('metric_values')
