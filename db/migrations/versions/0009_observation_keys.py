"""observations: the unique key leads with the indicator and the period; a region index

A load adds a new period. Under the region-first unique key its 120 K rows (national Q1)
went into every (region, indicator) run of the index, one page each; period-first they are
appended together, and the index by region takes each region's new rows at the end of its run
(rowids grow), so a few thousand pages instead of a hundred thousand. Reads by region (the
Data page, the home province) use the region index; the period index of 0001 repeats the
key's first columns and goes.

SQLite cannot change a table's UNIQUE constraint: the table is rebuilt (ids kept), the way
SQLite documents it, with foreign keys off (db.session.migrate) and checked before the commit.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 14:30:00
"""
import re

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OLD_KEY = ['region_code', 'indicator_code', 'year', 'quarter', 'cumulative']
NEW_KEY = ['indicator_code', 'year', 'quarter', 'cumulative', 'region_code']


def _rekey(old: list[str], new: list[str]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        op.drop_constraint('uq_observation_key', 'observations', type_='unique')
        op.create_unique_constraint('uq_observation_key', 'observations', new)
        return
    ddl = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'observations'").scalar()
    old_clause = f"CONSTRAINT uq_observation_key UNIQUE ({', '.join(old)})"
    if old_clause not in ddl:
        raise RuntimeError(f"observations: expected {old_clause!r} in {ddl!r}")
    ddl = ddl.replace(old_clause, f"CONSTRAINT uq_observation_key UNIQUE ({', '.join(new)})")
    # A renamed table's DDL names it in quotes.
    ddl = re.sub(r'^CREATE TABLE "?observations"?', 'CREATE TABLE observations_rekeyed', ddl)
    columns = ', '.join(
        f'"{row[1]}"' for row in bind.exec_driver_sql('PRAGMA table_info("observations")'))
    indexes = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observations' "
        "AND sql IS NOT NULL").scalars().all()
    bind.exec_driver_sql(ddl)
    bind.exec_driver_sql(f'INSERT INTO observations_rekeyed ({columns}) '
                         f'SELECT {columns} FROM observations ORDER BY id')
    bind.exec_driver_sql('DROP TABLE observations')
    bind.exec_driver_sql('ALTER TABLE observations_rekeyed RENAME TO observations')
    for sql in indexes:  # dropped with the old table
        bind.exec_driver_sql(sql)


def upgrade() -> None:
    op.drop_index('ix_observations_indicator_period', 'observations')
    _rekey(OLD_KEY, NEW_KEY)
    op.create_index('ix_observations_region', 'observations', ['region_code'])


def downgrade() -> None:
    op.drop_index('ix_observations_region', 'observations')
    _rekey(NEW_KEY, OLD_KEY)
    op.create_index('ix_observations_indicator_period', 'observations',
                    ['indicator_code', 'year', 'quarter'])
