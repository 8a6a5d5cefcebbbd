"""Rows of a SELECT as the driver returns them (plain tuples): for reads of 100,000-odd
rows, where SQLAlchemy's Row objects cost more than the query."""

from __future__ import annotations

from sqlalchemy import Connection


def plain_rows(conn: Connection, stmt) -> tuple[list[str], list[tuple]]:
    """(column names, rows). The statement is compiled with its values inline (IN lists of
    codes and years, never user text), so one driver call runs it on SQLite and PostgreSQL."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.exec_driver_sql(str(compiled)).cursor
    return [d[0] for d in cursor.description], cursor.fetchall()
