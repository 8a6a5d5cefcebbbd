"""What the next year's refresh reads of a group of metric rows (one indicator and period),
packed into one value kept with the group's fingerprint (metric_digests.for_next_year).

A load of a new quarter measures growth and rank changes against the same quarter a year
before: nationally 237,250 stored rows of twelve columns, 0.8 s to read as rows, most of it
building a Python object per value. The same rows packed, one value per indicator and
period, read in about a sixth of that. The rows stay the record; a group without a packed value (stored
before it existed) is read as rows.
"""

from __future__ import annotations

import json
import zlib

import numpy as np
import pandas as pd

from metrics.digests import GROUP

TEXT = ["rank_scope_kind", "rank_scope_code", "peer_group"]
NUMBERS = ["value", "rank", "growth_rank", "peer_group_rank"]
# The rows of a group as the year-before read returns them, before the slot is worked out.
COLUMNS = ["region_code", "cumulative", *NUMBERS, *TEXT]
_SEPARATOR = "\x1f"  # never in a code
# The columns after the region codes, as arrays of these types (text: codes into names, -1
# for none).
_ARRAYS = [("cumulative", np.int8), *((c, np.float64) for c in NUMBERS),
           *((c, np.int32) for c in TEXT)]


def pack_groups(values: pd.DataFrame) -> pd.DataFrame:
    """GROUP columns and for_next_year: each (indicator, year, quarter) group's rows packed.
    values: metric rows with GROUP and COLUMNS."""
    if values.empty:
        return pd.DataFrame({**{c: [] for c in GROUP}, "for_next_year": []})
    rows = values.sort_values([*GROUP, "cumulative", "region_code"], kind="stable")
    keys = rows[GROUP].astype({"indicator_code": str})
    starts = np.flatnonzero((keys != keys.shift()).any(axis=1).to_numpy())
    ends = np.append(starts[1:], len(rows))
    text = {c: pd.factorize(rows[c].astype(object)) for c in TEXT}
    columns = {
        "region_code": rows["region_code"].astype(str).to_numpy(dtype=object),
        "cumulative": rows["cumulative"].to_numpy(dtype=np.int8),
        **{c: pd.to_numeric(rows[c]).to_numpy(dtype=float, na_value=np.nan) for c in NUMBERS},
        **{c: codes for c, (codes, _) in text.items()},
    }
    # Text as codes into the names of the whole refresh (a few hundred scopes at most).
    names = {c: [str(name) for name in found] for c, (_, found) in text.items()}
    packed = [_pack({c: a[start:end] for c, a in columns.items()}, names)
              for start, end in zip(starts, ends)]
    return keys.iloc[starts].reset_index(drop=True).astype(
        {"year": int, "quarter": int}).assign(for_next_year=packed)


def _pack(columns: dict[str, np.ndarray], names: dict[str, list[str]]) -> bytes:
    header = json.dumps({"n": len(columns["cumulative"]), "text": names}).encode()
    regions = _SEPARATOR.join(columns["region_code"]).encode()
    body = b"".join(np.ascontiguousarray(columns[c], dtype=dtype).tobytes()
                    for c, dtype in _ARRAYS)
    return zlib.compress(b"".join((len(header).to_bytes(4, "little"), header,
                                   len(regions).to_bytes(4, "little"), regions, body)), 1)


def unpack(blob: bytes) -> dict[str, object]:
    """A packed group's COLUMNS: region codes as a list, the rest as arrays (numbers as
    floats with NaN, text as lists with None)."""
    raw = memoryview(zlib.decompress(blob))
    size = int.from_bytes(raw[:4], "little")
    header = json.loads(bytes(raw[4:4 + size]))
    at = 4 + size
    size = int.from_bytes(raw[at:at + 4], "little")
    regions = bytes(raw[at + 4:at + 4 + size]).decode()
    at += 4 + size
    n = header["n"]
    out: dict[str, object] = {"region_code": regions.split(_SEPARATOR) if n else []}
    for column, dtype in _ARRAYS:
        array = np.frombuffer(raw, dtype=dtype, count=n, offset=at)
        at += array.nbytes
        if column in TEXT:
            names = np.array(header["text"][column] + [None], dtype=object)
            array = names[array]  # code -1 (none): the None after the names
        out[column] = array
    return out


def unpack_groups(groups: pd.DataFrame) -> pd.DataFrame:
    """The rows of packed groups (GROUP and for_next_year), in key order: GROUP and COLUMNS,
    ranks as nullable integers, as a read of the rows returns them."""
    groups = groups.sort_values(GROUP, kind="stable")
    parts = [unpack(blob) for blob in groups["for_next_year"]]
    sizes = [len(p["region_code"]) for p in parts]
    rows = {c: np.repeat(groups[c].to_numpy(), sizes) for c in GROUP}
    rows["region_code"] = [code for p in parts for code in p["region_code"]]
    for c in COLUMNS[1:]:
        rows[c] = np.concatenate([p[c] for p in parts]) if parts else np.array([])
    for c in TEXT:  # text with missing values, as a read types it
        rows[c] = pd.array(rows[c], dtype="str")
    frame = pd.DataFrame(rows)
    return frame.astype({"indicator_code": str, "region_code": str, "year": "int64",
                         "quarter": "int64", "cumulative": bool, "value": float,
                         **{c: "Int64" for c in NUMBERS[1:]}})
