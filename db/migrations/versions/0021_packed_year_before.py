"""Each metric group's rows packed for the next year's refresh

metric_digests.for_next_year: the rows of one indicator and period as the refresh of the
year after reads them (values, scopes and ranks; metrics/packed.py). A national load of a
new quarter read 237,250 rows of the year before, 0.8 s; it reads 61 packed values instead.
Groups stored before this revision have none: a refresh that needs them reads their rows
and packs them then.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 16:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('metric_digests') as batch:
        batch.add_column(sa.Column('for_next_year', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('metric_digests') as batch:
        batch.drop_column('for_next_year')
