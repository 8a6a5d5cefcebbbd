"""Zones carry their level, year approved, retirement and map point; zones and peer groups
edited in the app are kept beside the catalog files

regions: zone_level (national | provincial), approved_year, retired, lon, lat.
zone_overrides, peer_group_overrides: an administrator's zones and peer groups, applied over
data/zones.yaml and data/peer_groups.yaml at every catalog sync.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-14 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('regions') as batch:
        batch.add_column(sa.Column('zone_level', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('approved_year', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('retired', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('lon', sa.Float(), nullable=True))
        batch.add_column(sa.Column('lat', sa.Float(), nullable=True))
    op.create_table('zone_overrides',
                    sa.Column('code', sa.String(length=32), nullable=False),
                    sa.Column('origin', sa.String(length=8), nullable=False),
                    sa.Column('name_zh', sa.String(length=200), nullable=False),
                    sa.Column('name_en', sa.String(length=200), nullable=False),
                    sa.Column('parent_code', sa.String(length=32), nullable=False),
                    sa.Column('zone_type', sa.String(length=32), nullable=True),
                    sa.Column('zone_level', sa.String(length=16), nullable=True),
                    sa.Column('approved_year', sa.Integer(), nullable=True),
                    sa.Column('aliases', sa.JSON(), nullable=False),
                    sa.Column('retired', sa.Boolean(), nullable=False),
                    sa.Column('lon', sa.Float(), nullable=True),
                    sa.Column('lat', sa.Float(), nullable=True),
                    sa.Column('updated_by', sa.String(length=64), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('code'))
    op.create_table('peer_group_overrides',
                    sa.Column('code', sa.String(length=64), nullable=False),
                    sa.Column('name_zh', sa.String(length=200), nullable=False),
                    sa.Column('name_en', sa.String(length=200), nullable=False),
                    sa.Column('members', sa.JSON(), nullable=False),
                    sa.Column('removed', sa.Boolean(), nullable=False),
                    sa.Column('updated_by', sa.String(length=64), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('code'))


def downgrade() -> None:
    op.drop_table('peer_group_overrides')
    op.drop_table('zone_overrides')
    with op.batch_alter_table('regions') as batch:
        for column in ('lat', 'lon', 'retired', 'approved_year', 'zone_level'):
            batch.drop_column(column)
