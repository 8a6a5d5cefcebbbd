"""revisions: the sheet and cell of the value a revision replaced

A revision kept where its new value came from, but the replaced value's cell only survived
in the revision before it: a value rolled back to its first version pointed at no cell.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 11:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('revisions') as batch:
        batch.add_column(sa.Column('old_sheet', sa.String(200), nullable=True))
        batch.add_column(sa.Column('old_cell', sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('revisions') as batch:
        batch.drop_column('old_cell')
        batch.drop_column('old_sheet')
