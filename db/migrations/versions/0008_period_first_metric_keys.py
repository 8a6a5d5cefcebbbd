"""metric_values and metric_ranks: primary keys lead with the indicator and the period

A load adds a new period. With region-first keys its rows went into every region's run of the
B-tree, one page each; with period-first keys they are appended together. The period
indexes of 0006 repeat what the new keys already order, so they go.

SQLite cannot change a WITHOUT ROWID table's key: the tables are rebuilt (their rows copied in
the new key order). PostgreSQL swaps the constraint in place.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 14:00:00
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OLD_KEYS = {
    'metric_values': ['indicator_code', 'region_code', 'year', 'quarter', 'cumulative'],
    'metric_ranks': ['indicator_code', 'scope_kind', 'scope_code', 'year', 'quarter',
                     'cumulative', 'region_code'],
}
NEW_KEYS = {
    'metric_values': ['indicator_code', 'year', 'quarter', 'cumulative', 'region_code'],
    'metric_ranks': ['indicator_code', 'year', 'quarter', 'cumulative', 'scope_kind',
                     'scope_code', 'region_code'],
}
PERIOD_INDEXES = {
    'metric_values': ('ix_metric_values_period', ['indicator_code', 'year', 'quarter', 'value']),
    'metric_ranks': ('ix_metric_ranks_period',
                     ['indicator_code', 'year', 'quarter', 'rank', 'growth_rank']),
}


def _rekey(table: str, keys: list[str]) -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        ddl = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
        head, _, _ = ddl.rpartition('PRIMARY KEY')
        columns = [row[1] for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")')]
        names = ', '.join(f'"{c}"' for c in columns)
        new = f'"{table}_rekeyed"'
        # A renamed table's DDL names it in quotes.
        head = re.sub(rf'^CREATE TABLE "?{table}"?', f'CREATE TABLE {new}', head)
        bind.exec_driver_sql(head + f"PRIMARY KEY ({', '.join(keys)})\n) WITHOUT ROWID")
        bind.exec_driver_sql(f'INSERT INTO {new} ({names}) SELECT {names} FROM "{table}" '
                             f"ORDER BY {', '.join(keys)}")
        bind.exec_driver_sql(f'DROP TABLE "{table}"')
        bind.exec_driver_sql(f'ALTER TABLE {new} RENAME TO "{table}"')
    else:
        inspector = sa.inspect(bind)
        name = inspector.get_pk_constraint(table)['name']
        op.drop_constraint(name, table, type_='primary')
        op.create_primary_key(name, table, keys)


def upgrade() -> None:
    for table, (index, _) in PERIOD_INDEXES.items():
        op.drop_index(index, table)
        _rekey(table, NEW_KEYS[table])


def downgrade() -> None:
    for table, (index, columns) in PERIOD_INDEXES.items():
        _rekey(table, OLD_KEYS[table])
        op.create_index(index, table, columns)
