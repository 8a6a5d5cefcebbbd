"""Revocable sessions and a sign-in throttle per account and address

users.session_version: written into each session at sign-in and compared on every request;
signing out, a password change and disabling the user raise it, so every session issued
before stops working (a copied cookie included).

login_throttles: failed sign-ins per (user name, client address), counted by one atomic
UPDATE per attempt, with the time before which the next attempt from there is refused
(growing delays, never a lock that holds the account for everyone). Times are Unix seconds.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-14 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('session_version', sa.Integer(), nullable=False,
                                     server_default='1'))
    op.create_table(
        'login_throttles',
        sa.Column('name', sa.String(64), nullable=False),
        sa.Column('client', sa.String(64), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False, server_default='0'),
        sa.Column('not_before', sa.Float(), nullable=False, server_default='0'),
        sa.Column('updated_at', sa.Float(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('name', 'client'),
    )
    op.create_index('ix_login_throttles_updated_at', 'login_throttles', ['updated_at'])


def downgrade() -> None:
    op.drop_index('ix_login_throttles_updated_at', table_name='login_throttles')
    op.drop_table('login_throttles')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_version')
