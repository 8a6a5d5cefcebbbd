"""indicator_overrides: names and aliases of indicators edited in the app

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-12 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('indicator_overrides',
                    sa.Column('code', sa.String(length=64), nullable=False),
                    sa.Column('name_zh', sa.String(length=200), nullable=False),
                    sa.Column('name_en', sa.String(length=200), nullable=False),
                    sa.Column('aliases', sa.JSON(), nullable=False),
                    sa.Column('updated_by', sa.String(length=64), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('code'))


def downgrade() -> None:
    op.drop_table('indicator_overrides')
