"""Read and validate data/index_weights.yaml: the composite index's dimensions, weights,
indicators and transforms. A wrong entry raises CatalogError naming the entry."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from catalog.files import CatalogError, load_indicators
from config import DATA_DIR

TRANSFORMS = {"none", "sqrt"}
DEFAULT_PATH = DATA_DIR / "index_weights.yaml"


@dataclass(frozen=True)
class Dimension:
    code: str
    name_zh: str
    name_en: str
    weight: float


@dataclass(frozen=True)
class IndexConfig:
    dimensions: tuple[Dimension, ...]
    # one row per scored indicator: indicator_code, dimension, weight, transform
    indicators: pd.DataFrame
    capping_sd: float | None = 3.0

    @property
    def scored_dimensions(self) -> list[Dimension]:
        return [d for d in self.dimensions if d.weight > 0]

    def answer_key(self) -> tuple:
        """What the configuration says, as plain values: a composite index computed under it
        is shared between workers under this key (db.cache.shared_answer)."""
        dimensions = tuple((d.code, d.name_zh, d.name_en, d.weight) for d in self.dimensions)
        rows = tuple(self.indicators.itertuples(index=False, name=None))
        return dimensions, tuple(self.indicators.columns), rows, self.capping_sd


def _weight(value, where: str) -> float:
    try:
        weight = float(value)
    except (TypeError, ValueError):
        raise CatalogError(f"{where}: weight must be a number, not {value!r}") from None
    if weight < 0:
        raise CatalogError(f"{where}: weight must not be negative")
    return weight


def load_index_config(path: Path = DEFAULT_PATH,
                      known_codes: set[str] | None = None) -> IndexConfig:
    if known_codes is None:
        known_codes = {s.code for s in load_indicators()}
    # Parsed once per file version: the Compare page asks for it on every drawing.
    return _parse_index_config(path, path.stat().st_mtime_ns, frozenset(known_codes))


@lru_cache(maxsize=8)
def _parse_index_config(path: Path, _mtime: int, known_codes: frozenset[str]) -> IndexConfig:
    with path.open(encoding="utf-8") as f:
        try:
            doc = yaml.safe_load(f) or {}
        except yaml.YAMLError as exc:
            raise CatalogError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("dimensions"), list):
        raise CatalogError(f"{path.name}: expected a mapping with a list of dimensions")
    capping = doc.get("capping_sd", 3)
    if capping is not None:
        capping = _weight(capping, f"{path.name}, capping_sd")
    dimensions, rows, seen = [], [], set()
    for i, d in enumerate(doc["dimensions"], start=1):
        where = f"{path.name}, dimension {i} ({d.get('code', '?')})"
        if not d.get("code") or not d.get("name_zh"):
            raise CatalogError(f"{where}: missing code or name_zh")
        dimensions.append(Dimension(d["code"], d["name_zh"], d.get("name_en", ""),
                                    _weight(d.get("weight", 1), where)))
        for j, e in enumerate(d.get("indicators") or [], start=1):
            at = f"{where}, indicator {j} ({e.get('code', '?')})"
            code = e.get("code")
            if code not in known_codes:
                raise CatalogError(f"{at}: {code!r} is not an indicator code")
            if code in seen:
                raise CatalogError(f"{at}: {code!r} is listed twice")
            transform = e.get("transform", "none")
            if transform not in TRANSFORMS:
                raise CatalogError(f"{at}: transform must be one of {sorted(TRANSFORMS)}")
            seen.add(code)
            rows.append({"indicator_code": code, "dimension": d["code"],
                         "weight": _weight(e.get("weight", 1), at), "transform": transform})
    codes = [d.code for d in dimensions]
    if len(set(codes)) != len(codes):
        raise CatalogError(f"{path.name}: duplicate dimension codes")
    indicators = pd.DataFrame(rows, columns=["indicator_code", "dimension", "weight",
                                             "transform"])
    return IndexConfig(tuple(dimensions), indicators, capping)
