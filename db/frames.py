"""Fast, portable transfer between SQL and DataFrames: one select into plain rows or a
frame, one frame into a table (the metrics engine and the loader use these).

The ORM's per-row parameter processing costs more than the whole computation at the
sizes a refresh writes (hundreds of thousands of rows), so rows go to the driver directly
as plain Python values. The SQL itself stays standard: SELECTs compiled by SQLAlchemy for
the connection's dialect, INSERT ... VALUES with the driver's own placeholder style, and
COPY on PostgreSQL.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, Column, Connection, Float, Integer, String, Table, insert

INSERT_CHUNK = 100_000


def plain_rows(conn: Connection, stmt) -> tuple[list[str], list[tuple]]:
    """(column names, rows). The statement is compiled with its values inline (IN lists of
    codes and years, never user text), so one driver call runs it on SQLite and PostgreSQL."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.exec_driver_sql(str(compiled)).cursor
    return [d[0] for d in cursor.description], cursor.fetchall()


def read_frame(conn: Connection, stmt) -> pd.DataFrame:
    """Run one SELECT and return its rows as a DataFrame, typed from the selected columns
    (Boolean → bool or nullable boolean, Integer → int or Int64, Float → float)."""
    columns, rows = plain_rows(conn, stmt)
    frame = pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in columns})
    # Only the columns whose type changes: assigning a column costs even when it is the same.
    changed = {}
    for column, selected in zip(columns, stmt.selected_columns):
        series = frame[column]
        typed = _typed(series, selected.type)
        if typed is not series:
            changed[column] = typed
    return frame.assign(**changed) if changed else frame


def _typed(series: pd.Series, sql_type) -> pd.Series:
    # Already the right type (the common case): converting anyway costs more than the query.
    if isinstance(sql_type, Integer) and series.dtype == "int64":
        return series
    if isinstance(sql_type, Float) and series.dtype == "float64":
        return series
    if isinstance(sql_type, Boolean):
        series = series.astype("boolean")
        return series.astype(bool) if not series.isna().any() else series
    if isinstance(sql_type, Integer):
        series = pd.to_numeric(series).astype("Int64")
        return series.astype("int64") if not series.isna().any() else series
    if isinstance(sql_type, Float):
        return pd.to_numeric(series).astype(float)
    return series


def _python_values(series: pd.Series, sql_type) -> list:
    """A column as a list of plain Python values, None for missing."""
    if isinstance(sql_type, Integer):
        series = pd.to_numeric(series).astype("Int64")
    elif isinstance(sql_type, Boolean):
        series = series.astype("boolean")
    elif isinstance(sql_type, Float):
        series = pd.to_numeric(series).astype(float)
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _driver_values(values: list, sql_type, dialect) -> list:
    """Plain values as the driver takes them: dates as the dialect stores them (what
    SQLAlchemy would bind), numbers and text as they are."""
    if isinstance(sql_type, (Integer, Boolean, Float, String)):
        return values
    process = sql_type.dialect_impl(dialect).bind_processor(dialect)
    if not process:
        return values
    try:  # a load stamps every row with the same time: convert each distinct value once
        converted = {v: process(v) for v in set(values) if v is not None}
    except TypeError:  # unhashable values (JSON)
        return [None if v is None else process(v) for v in values]
    return [None if v is None else converted[v] for v in values]


def _placeholders(paramstyle: str, n: int) -> list[str] | None:
    if paramstyle == "qmark":
        return ["?"] * n
    if paramstyle in ("format", "pyformat"):
        return ["%s"] * n
    if paramstyle == "numeric":
        return [f":{i}" for i in range(1, n + 1)]
    if paramstyle == "numeric_dollar":
        return [f"${i}" for i in range(1, n + 1)]
    return None  # named: go through SQLAlchemy


def write_frame(conn: Connection, table: Table, frame: pd.DataFrame,
                order_by: list[str] | None = None) -> None:
    """Insert the frame's rows (the table's columns the frame has; the others take their
    defaults) in large batches, sorted by order_by or else the primary key (B-tree inserts
    in order touch each page once)."""
    if frame.empty:
        return
    frame = frame.sort_values(order_by or [c.name for c in table.primary_key.columns],
                              kind="stable")
    columns = [c for c in table.columns if c.name in frame.columns]
    for start in range(0, len(frame), INSERT_CHUNK):
        chunk = frame.iloc[start:start + INSERT_CHUNK]
        for present, rows in _by_missing_columns(chunk, columns):
            _bulk_insert(conn, table, present)(
                [_python_values(rows[c.name], c.type) for c in present])


def _by_missing_columns(frame: pd.DataFrame, columns: list[Column]):
    """The frame's rows grouped by which of its columns they leave empty (of those the
    table fills with NULL anyway), each group with the columns it has: binding a NULL costs
    as much as a value, and most of a metric row's peer-group and growth columns are NULL."""
    optional = [c for c in columns if c.nullable and c.default is None
                and c.server_default is None and not c.primary_key]
    if not optional:
        yield columns, frame
        return
    missing = np.column_stack([frame[c.name].isna().to_numpy() for c in optional])
    pattern = missing.astype(np.int64) @ (1 << np.arange(len(optional), dtype=np.int64))
    for code in pd.unique(pattern):
        absent = {c.name for i, c in enumerate(optional) if code >> i & 1}
        yield [c for c in columns if c.name not in absent], frame[pattern == code]


def _bulk_insert(conn: Connection, table: Table, columns: list[Column]):
    """The fastest way this connection takes many rows, as a function of a chunk's columns:
    COPY on PostgreSQL with psycopg, else the driver's executemany with its own
    placeholders, else SQLAlchemy (named parameter styles)."""
    names = [c.name for c in columns]
    quote = conn.dialect.identifier_preparer
    into = f"{quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)})"
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        def copy_rows(values: list[list]) -> None:
            cursor = conn.connection.dbapi_connection.cursor()
            with cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in zip(*values):
                    copy.write_row(row)
        return copy_rows
    placeholders = _placeholders(conn.dialect.paramstyle, len(columns))
    if placeholders is None or conn.dialect.name == "postgresql":
        def insert_through_core(values: list[list]) -> None:
            conn.execute(insert(table), [dict(zip(names, row)) for row in zip(*values)])
        return insert_through_core
    sql = f"INSERT INTO {into} VALUES ({', '.join(placeholders)})"

    def execute_many(values: list[list]) -> None:
        values = [_driver_values(v, c.type, conn.dialect) for v, c in zip(values, columns)]
        conn.exec_driver_sql(sql, list(zip(*values)))
    return execute_many


def as_nullable(frame: pd.DataFrame, ints=(), bools=()) -> pd.DataFrame:
    """Ranks as Int64 and flags as boolean, so a missing rank shows as <NA>, not 3.0."""
    changes = {c: frame[c].astype("Int64") for c in ints if c in frame}
    changes |= {c: frame[c].astype("boolean") for c in bools if c in frame}
    return frame.assign(**changes) if changes else frame

