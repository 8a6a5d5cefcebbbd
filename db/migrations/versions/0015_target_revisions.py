"""Targets are data like the values: target_revisions, and uploads count their targets

target_revisions: a changed target (old value and where it came from, new value, the upload
or rollback that changed it), as revisions are for values. uploads.n_targets_new, _changed,
_unchanged: what a load did to the targets it held, beside n_new etc. for its values; 0 for
the uploads before this revision (their targets were not counted).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-12 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COUNTS = ('n_targets_new', 'n_targets_changed', 'n_targets_unchanged')


def upgrade() -> None:
    op.create_table('target_revisions',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('target_id', sa.Integer(), nullable=False),
                    sa.Column('old_value', sa.Float(), nullable=False),
                    sa.Column('new_value', sa.Float(), nullable=False),
                    sa.Column('old_upload_id', sa.Integer(), nullable=True),
                    sa.Column('old_sheet', sa.String(length=200), nullable=True),
                    sa.Column('old_cell', sa.String(length=32), nullable=True),
                    sa.Column('upload_id', sa.Integer(), nullable=False),
                    sa.Column('sheet', sa.String(length=200), nullable=True),
                    sa.Column('cell', sa.String(length=32), nullable=True),
                    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['target_id'], ['targets.id']),
                    sa.ForeignKeyConstraint(['old_upload_id'], ['uploads.id']),
                    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id']),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_target_revisions_target_id', 'target_revisions', ['target_id'])
    op.create_index('ix_target_revisions_upload_id', 'target_revisions', ['upload_id'])
    for name in COUNTS:
        op.add_column('uploads', sa.Column(name, sa.Integer(), nullable=False,
                                           server_default=sa.text('0')))


def downgrade() -> None:
    with op.batch_alter_table('uploads') as batch:
        for name in reversed(COUNTS):
            batch.drop_column(name)
    op.drop_index('ix_target_revisions_upload_id', table_name='target_revisions')
    op.drop_index('ix_target_revisions_target_id', table_name='target_revisions')
    op.drop_table('target_revisions')
