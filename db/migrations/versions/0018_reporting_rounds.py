"""Reporting rounds: rounds, their regions, submissions with their staged values, and review
comments

A value sent into a round waits in submission_values until a reviewer approves it; only then is
it stored in observations (as any upload), so every page, export, metric and report keeps
reading published values alone. users.role gains 'reviewer' (a string column: no DDL).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 01:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'rounds',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('title', sa.String(200), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('cumulative', sa.Boolean(), nullable=False),
        sa.Column('indicators', sa.JSON(), nullable=False),
        sa.Column('deadline', sa.DateTime(timezone=True), nullable=False),
        sa.Column('opened_by', sa.String(64), nullable=False),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
    )
    op.create_index('ix_rounds_period', 'rounds', ['year', 'quarter', 'cumulative', 'status'])
    op.create_table(
        'round_regions',
        sa.Column('round_id', sa.Integer(), sa.ForeignKey('rounds.id', ondelete='CASCADE'),
                  primary_key=True),
        sa.Column('region_code', sa.String(32), sa.ForeignKey('regions.code'), primary_key=True),
    )
    op.create_table(
        'submissions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('round_id', sa.Integer(), sa.ForeignKey('rounds.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('regions', sa.JSON(), nullable=False),
        sa.Column('file_name', sa.String(500), nullable=False),
        sa.Column('sha256', sa.String(64), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('sheets', sa.JSON(), nullable=False),
        sa.Column('uploaded_by', sa.String(100), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('n_values', sa.Integer(), nullable=False),
        sa.Column('n_targets', sa.Integer(), nullable=False),
        sa.Column('n_warnings', sa.Integer(), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=True),
        sa.Column('flags', sa.JSON(), nullable=True),
        sa.Column('reviewed_by', sa.String(64), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('upload_id', sa.Integer(), sa.ForeignKey('uploads.id'), nullable=True),
    )
    op.create_index('ix_submissions_round_id', 'submissions', ['round_id'])
    op.create_table(
        'submission_values',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('submission_id', sa.Integer(),
                  sa.ForeignKey('submissions.id', ondelete='CASCADE'), nullable=False),
        sa.Column('is_target', sa.Boolean(), nullable=False),
        sa.Column('region_code', sa.String(32), nullable=False),
        sa.Column('indicator_code', sa.String(64), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('cumulative', sa.Boolean(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('sheet', sa.String(200), nullable=True),
        sa.Column('cell', sa.String(32), nullable=True),
        sa.Column('status', sa.String(16), nullable=False),
    )
    op.create_index('ix_submission_values_submission_id', 'submission_values',
                    ['submission_id'])
    op.create_table(
        'review_comments',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('submission_id', sa.Integer(),
                  sa.ForeignKey('submissions.id', ondelete='CASCADE'), nullable=False),
        sa.Column('sheet', sa.String(200), nullable=True),
        sa.Column('cell', sa.String(32), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', sa.String(64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_review_comments_submission_id', 'review_comments', ['submission_id'])


def downgrade() -> None:
    op.drop_index('ix_review_comments_submission_id', table_name='review_comments')
    op.drop_table('review_comments')
    op.drop_index('ix_submission_values_submission_id', table_name='submission_values')
    op.drop_table('submission_values')
    op.drop_index('ix_submissions_round_id', table_name='submissions')
    op.drop_table('submissions')
    op.drop_table('round_regions')
    op.drop_index('ix_rounds_period', table_name='rounds')
    op.drop_table('rounds')
