"""Uploads keep the choices made for them; names chosen in the preview are remembered

uploads.choices: the region aliases, column mapping, time-series indicator and confirmed
implausible values of an upload. name_aliases: a region name or a column header an uploader
mapped in the preview, applied to their later uploads.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 20:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('uploads', sa.Column('choices', sa.JSON(), nullable=True))
    op.create_table('name_aliases',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('owner', sa.String(length=64), nullable=False),
                    sa.Column('kind', sa.String(length=16), nullable=False),
                    sa.Column('name', sa.String(length=200), nullable=False),
                    sa.Column('code', sa.String(length=64), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('owner', 'kind', 'name', name='uq_name_alias'))


def downgrade() -> None:
    op.drop_table('name_aliases')
    with op.batch_alter_table('uploads') as batch:
        batch.drop_column('choices')
