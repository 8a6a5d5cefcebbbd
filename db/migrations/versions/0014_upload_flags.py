"""Uploads keep the cells their plausibility warnings were about

uploads.flags: location ("2025Q3!C7") → the rules that warned about its value (jump,
cumulative_decrease, ratio_inconsistent, a confirmed implausible_value), so an upload's
changes are shown later with the marks they had in its preview.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('uploads', sa.Column('flags', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('uploads') as batch:
        batch.drop_column('flags')
