"""The shared answer cache (db/answers.py)

answer_cache: answers of the read API (metrics.api), pickled, keyed by the digest of the
code version, the data version and the question, so that every worker process (on any host)
reuses an answer one of them computed until the data change. Nothing in it is a fact of its
own: dropping the table's rows loses nothing but time.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 01:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'answer_cache',
        sa.Column('key', sa.String(64), nullable=False),
        sa.Column('version', sa.String(64), nullable=False),
        sa.Column('value', sa.LargeBinary(), nullable=False),
        sa.Column('stored_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_answer_cache_version', 'answer_cache', ['version'])


def downgrade() -> None:
    op.drop_index('ix_answer_cache_version', table_name='answer_cache')
    op.drop_table('answer_cache')
