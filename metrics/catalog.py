"""The catalogs as small DataFrames (indicators, regions, peer groups) and the rules read
from them: which indicators have a single-quarter view, which ratios depend on which codes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from sqlalchemy import Connection, select

from catalog.regions import RegionTree
from db.cache import cached
from db.frames import read_frame
from db.models import Indicator, PeerGroup, PeerGroupMember, Region

SUMMABLE_KINDS = ("flow", "stock")
# Reported rates and reported ranks are only shown as reported: growth of a growth rate
# is not a statement anyone makes.
NO_GROWTH_KINDS = ("rate", "rank")


def single_view_of(indicators: pd.DataFrame) -> pd.Series:
    """True for indicators with a single-quarter value besides the year-to-date one: flows,
    and ratios with a flow somewhere under them. Stocks are period-end values and are never
    differenced. indicators: indexed by code, with kind, numerator, denominator."""
    result: dict[str, bool] = {}
    kind, numerator, denominator = (indicators[c].to_dict() for c in ("kind", "numerator",
                                                                      "denominator"))

    def visit(code, seen: tuple[str, ...] = ()) -> bool:
        if code in result:
            return result[code]
        if code in seen or code not in kind:
            return False
        if kind[code] == "flow":
            flag = True
        elif kind[code] == "ratio":
            flag = (visit(numerator[code], seen + (code,))
                    or visit(denominator[code], seen + (code,)))
        else:
            flag = False
        result[code] = flag
        return flag

    for code in indicators.index:
        visit(code)
    return pd.Series(result, dtype=bool).reindex(indicators.index, fill_value=False)


@dataclass
class Catalog:
    indicators: pd.DataFrame  # index: code
    regions: pd.DataFrame  # columns: code, level, parent_code, zone_type, zone_level
    peers: pd.DataFrame  # columns: group_code, region_code

    @cached_property
    def single_view(self) -> pd.Series:
        return single_view_of(self.indicators)

    @cached_property
    def ratio_order(self) -> list[str]:
        """Ratio indicators, each after the ratios it is built from."""
        ratios = self.indicators[self.indicators["kind"] == "ratio"]
        ordered: list[str] = []

        def visit(code: str, seen: tuple[str, ...] = ()) -> None:
            if code in ordered or code in seen or code not in ratios.index:
                return
            for part in (ratios.at[code, "numerator"], ratios.at[code, "denominator"]):
                visit(part, seen + (code,))
            ordered.append(code)

        for code in ratios.index:
            visit(code)
        return ordered

    @cached_property
    def code_types(self) -> dict[str, pd.CategoricalDtype]:
        """Indicator and region codes as categories (sorted, so they sort as the codes do):
        joining and grouping on them compares integers, where joining on the codes as text
        hashed every string again in each of a refresh's dozen merges."""
        return {"indicator_code": pd.CategoricalDtype(sorted(self.indicators.index)),
                "region_code": pd.CategoricalDtype(sorted(self.regions["code"]))}

    def with_code_categories(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.astype({c: t for c, t in self.code_types.items() if c in frame})

    @cached_property
    def stored_scopes(self) -> pd.DataFrame:
        """The memberships whose ranks are stored with the values: default scopes, peer
        groups."""
        from metrics.scopes import membership

        members = membership(self.regions, self.peers)
        members = members[members["is_default"] | members["scope_kind"].eq("peer")]
        return self.with_code_categories(members).astype(
            {"scope_kind": "category", "scope_code": "category"})

    @cached_property
    def admin_tree(self) -> tuple[pd.Series, pd.Series, pd.Series]:
        """The administrative regions (zones left out, they are inside their county):
        each one's depth (province 0, city 1, county 2), child → parent, and how many
        children each parent has."""
        admin = self.regions[self.regions["level"] != "zone"]
        parent = admin.set_index("code")["parent_code"]
        tree = RegionTree.of_frame(admin)
        depth = pd.Series([len(tree.ancestors(code)) for code in parent.index.tolist()],
                          index=parent.index)
        child_parent = parent.dropna()
        return depth, child_parent, child_parent.groupby(child_parent).size()

    def with_dependent_ratios(self, codes: set[str]) -> set[str]:
        """The codes plus every ratio computed (directly or through other ratios) from them."""
        out = {c for c in codes if c in self.indicators.index}
        for code in self.ratio_order:
            row = self.indicators.loc[code]
            if row["numerator"] in out or row["denominator"] in out:
                out.add(code)
        return out

    def with_components(self, codes: set[str]) -> set[str]:
        """The codes plus every numerator and denominator needed to compute them."""
        out = set(codes)
        for code in reversed(self.ratio_order):
            if code in out:
                row = self.indicators.loc[code]
                out |= {row["numerator"], row["denominator"]}
        return out


_last: list[Catalog] = []
_lock = threading.Lock()


def load_catalog(conn: Connection) -> Catalog:
    """The catalogs as read now. A catalog equal to the one read last (compared by content,
    not by a version: this runs inside a load's transaction) is that same object, so what
    was worked out from it (scopes, the region tree) is not worked out again each load."""
    indicators = read_frame(conn, select(
        Indicator.code, Indicator.name_zh, Indicator.name_en, Indicator.unit, Indicator.kind,
        Indicator.direction, Indicator.numerator, Indicator.denominator, Indicator.scale,
        Indicator.dimension, Indicator.sort_order)).set_index("code")
    regions = read_frame(conn, select(Region.code, Region.level, Region.parent_code,
                                      Region.zone_type, Region.zone_level))
    peers = read_frame(conn, select(PeerGroupMember.group_code, PeerGroupMember.region_code))
    with _lock:
        last = _last[0] if _last else None
        if last is not None and all(a.equals(b) for a, b in zip(
                (indicators, regions, peers), (last.indicators, last.regions, last.peers))):
            return last
        catalog = Catalog(indicators=indicators, regions=regions, peers=peers)
        _last[:] = [catalog]
        return catalog


def indicator_rules(conn: Connection) -> pd.DataFrame:
    """Indicators indexed by code with kind, direction, ratio parts, dimension, and
    single_view (see single_view_of); tiny, and memoised until the catalog changes."""
    def load() -> pd.DataFrame:
        rules = read_frame(conn, select(Indicator.code, Indicator.kind, Indicator.direction,
                                        Indicator.numerator, Indicator.denominator,
                                        Indicator.dimension, Indicator.is_key,
                                        Indicator.sort_order)).set_index("code")
        return rules.assign(single_view=single_view_of(rules))
    return cached(conn, "indicator_rules", load)


def peer_names(conn: Connection) -> dict[str, tuple[str, str]]:
    """Peer group code → (name_zh, name_en)."""
    def load() -> dict[str, tuple[str, str]]:
        rows = read_frame(conn, select(PeerGroup.code, PeerGroup.name_zh, PeerGroup.name_en))
        return dict(zip(rows["code"], zip(rows["name_zh"], rows["name_en"])))
    return dict(cached(conn, "peer_names", load))


def stored_cumulative(indicators: pd.DataFrame, codes: pd.Series, quarters: pd.Series,
                      cumulative) -> pd.Series:
    """The cumulative flag under which a value is stored in the metric tables: annual
    figures, the first quarter (alone it is the year to date, 1-3月) and every quarter of an
    indicator without a single-quarter value (stocks, reported rates) are stored as
    cumulative, whatever flag a request or a sheet used.
    indicators: indicator_rules() (its single_view column)."""
    single = codes.map(indicators["single_view"]).fillna(False).astype(bool)
    cumulative = pd.Series(cumulative, index=codes.index).astype(bool)
    return cumulative | ~single | (quarters <= 1)
