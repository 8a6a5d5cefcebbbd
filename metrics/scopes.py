"""Which regions are ranked together (rank scopes), and what each scope is called.

Scope kinds, each with the code of what defines it:
  country_provinces  'CN'           the 31 mainland provinces                (全国)
  province_cities    province code  cities of the province                   (全省)
  province_counties  province code  counties of the province, province-wide  (全省)
  city_counties      city code      counties of the city                     (全市)
  province_zones     province code  development zones of the province        (全省开发区)
  peer               group code     the members of a peer group              (同类市, 同类县)
The first scope listed for a level is its default (the one "居全省第3位" means).
"""

from __future__ import annotations

import pandas as pd

from catalog.regions import OUTSIDE_MAINLAND
from metrics.labels import SCOPE_LABELS

COUNTRY = "CN"
DEFAULT_SCOPE = {"province": "country_provinces", "city": "province_cities",
                 "county": "province_counties", "zone": "province_zones"}
COLUMNS = ["region_code", "scope_kind", "scope_code", "is_default"]


def province_of(regions: pd.DataFrame) -> pd.Series:
    """Each region's province, found by walking up the parents (zones included)."""
    frame = regions.set_index("code")
    parent, level = frame["parent_code"], frame["level"]
    current = pd.Series(frame.index, index=frame.index)
    for _ in range(6):
        climb = current.map(level).ne("province") & current.map(parent).notna()
        if not climb.any():
            break
        current = current.where(~climb, current.map(parent))
    return current.where(current.map(level) == "province")


def membership(regions: pd.DataFrame, peers: pd.DataFrame) -> pd.DataFrame:
    """One row per region and scope it is ranked in."""
    frame = regions.set_index("code")
    province = province_of(regions)
    level = frame["level"]
    parent_level = frame["parent_code"].map(level)
    parts = []
    for lvl, kind in DEFAULT_SCOPE.items():
        members = level.index[level == lvl]
        if kind == "country_provinces":  # "居全国第3位" counts the 31 mainland provinces
            members = members[~members.isin(OUTSIDE_MAINLAND)]
        code = COUNTRY if kind == "country_provinces" else province.reindex(members)
        parts.append(pd.DataFrame({"region_code": members, "scope_kind": kind,
                                   "scope_code": code, "is_default": True}))
    in_city = level.index[(level == "county") & (parent_level == "city")]
    parts.append(pd.DataFrame({"region_code": in_city, "scope_kind": "city_counties",
                               "scope_code": frame.loc[in_city, "parent_code"].to_numpy(),
                               "is_default": False}))
    known = peers[peers["region_code"].isin(frame.index)]
    parts.append(pd.DataFrame({"region_code": known["region_code"].to_numpy(),
                               "scope_kind": "peer", "scope_code": known["group_code"].to_numpy(),
                               "is_default": False}))
    result = pd.concat(parts, ignore_index=True)
    return result[result["scope_code"].notna()].reset_index(drop=True)[COLUMNS]


def scope_label(scope_kind: str, scope_code: str, peer_names: dict[str, tuple[str, str]],
                lang: str = "zh") -> str:
    """全省 / 全市 / 全省开发区 / 全国, or the peer group's own name."""
    if scope_kind == "peer":
        zh, en = peer_names.get(scope_code, (scope_code, scope_code))
    else:
        zh, en = SCOPE_LABELS.get(scope_kind, (scope_kind, scope_kind))
    return zh if lang == "zh" else en
