"""users and audit_log: accounts with roles and regions, and a record of every write

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('name', sa.String(length=64), nullable=False),
                    sa.Column('password_hash', sa.String(length=256), nullable=False),
                    sa.Column('role', sa.String(length=16), nullable=False),
                    sa.Column('regions', sa.JSON(), nullable=False),
                    sa.Column('active', sa.Boolean(), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('name'))
    op.create_table('audit_log',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('user_name', sa.String(length=64), nullable=False),
                    sa.Column('action', sa.String(length=32), nullable=False),
                    sa.Column('detail', sa.Text(), nullable=False),
                    sa.Column('file_name', sa.String(length=500), nullable=True),
                    sa.Column('client', sa.String(length=64), nullable=True),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_audit_action_at', 'audit_log', ['action', 'at'])


def downgrade() -> None:
    op.drop_index('ix_audit_action_at', table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('users')
