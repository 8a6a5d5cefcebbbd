"""Composite innovation index: indicator scores (min-max or distance to target), weighted
dimension scores, the overall index, its rank and performance groups. Pure functions; the
formulas are written out in docs/metrics.md."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.index_config import IndexConfig
from metrics.labels import PERFORMANCE_GROUPS
from metrics.numbers import snap
from metrics.ranks import competition_rank

METHODS = ("minmax", "target")
# index relative to the mean of the compared regions (%): lower bound of each group
GROUP_BOUNDS = (("leader", 125.0), ("strong", 100.0), ("moderate", 70.0),
                ("emerging", -np.inf))


def minmax_scores(values: pd.DataFrame, config: IndexConfig) -> pd.Series:
    """0-100 across the compared regions, per indicator: cap at mean ± k·sd (population sd),
    square-root the skewed ones, then (x − min) / (max − min) × 100, or (max − x) / (max − min)
    × 100 when lower is better. An indicator on which all compared regions are equal says
    nothing about them and gets no score."""
    x = values["value"].astype(float)
    by = values.groupby("indicator_code")["value"]
    if config.capping_sd is not None:
        mean, sd = by.transform("mean"), by.transform(lambda s: s.std(ddof=0))
        x = x.clip(lower=mean - config.capping_sd * sd, upper=mean + config.capping_sd * sd)
    sqrt = values["transform"].eq("sqrt")
    x = x.where(~sqrt, np.sign(x) * np.sqrt(np.abs(x)))
    lo = x.groupby(values["indicator_code"]).transform("min")
    hi = x.groupby(values["indicator_code"]).transform("max")
    span = hi - lo
    lower = values["direction"].eq("lower")
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(lower, (hi - x) / span, (x - lo) / span) * 100
    return pd.Series(score, index=values.index).where(snap(span) > 0)


def target_scores(values: pd.DataFrame) -> pd.Series:
    """value / target × 100 capped at 100 (target / value for lower is better); no score
    without a positive target."""
    value, target = values["value"].astype(float), values["target"].astype(float)
    lower = values["direction"].eq("lower")
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(lower, target / value, value / target) * 100
    score = pd.Series(score, index=values.index).clip(upper=100)
    ok = (target > 0) & np.isfinite(score) & (value.notna())
    return score.where(ok)


def performance_group(relative_pct: pd.Series) -> pd.Series:
    """leader ≥ 125 %, strong 100–125 %, moderate 70–100 %, emerging < 70 % of the mean."""
    rel = pd.Series(snap(relative_pct), index=relative_pct.index)
    conditions = [rel >= bound for _, bound in GROUP_BOUNDS]
    groups = np.select(conditions, [name for name, _ in GROUP_BOUNDS], default="")
    return pd.Series(groups, index=relative_pct.index).where(rel.notna())


def _weighted_mean(frame: pd.DataFrame, by: list[str], score: str, weight: str) -> pd.Series:
    """Σ w·s / Σ w over the rows that have a score: weights are renormalised over what is
    there, so a missing indicator neither counts as zero nor drags the others."""
    part = frame[frame[score].notna() & (frame[weight] > 0)]
    keys = [part[c] for c in by]
    weighted = (part[score] * part[weight]).groupby(keys).sum()
    return weighted / part[weight].groupby(keys).sum()


def composite(values: pd.DataFrame, config: IndexConfig, method: str = "minmax"
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """values: region_code, indicator_code, direction, value (and target for method 'target')
    for the compared regions. Returns (indicator scores, one row per region)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    frame = values.merge(config.indicators, on="indicator_code")
    frame = frame[frame["value"].notna()]
    frame = frame.assign(score=minmax_scores(frame, config) if method == "minmax"
                         else target_scores(frame))
    dims = pd.DataFrame([(d.code, d.weight) for d in config.scored_dimensions],
                        columns=["dimension", "dimension_weight"])
    regions = pd.Index(values["region_code"].unique(), name="region_code")
    per_dim = _weighted_mean(frame, ["dimension", "region_code"], "score", "weight")
    per_dim = per_dim.rename("dimension_score").reset_index().merge(dims, on="dimension")
    index = _weighted_mean(per_dim, ["region_code"], "dimension_score", "dimension_weight")

    result = pd.DataFrame(index=regions)
    for d in config.scored_dimensions:
        part = per_dim[per_dim["dimension"] == d.code].set_index("region_code")
        result[f"score_{d.code}"] = part["dimension_score"].reindex(regions)
    result["index"] = index.reindex(regions)
    ranked = competition_rank(pd.Series(-snap(result["index"]), index=regions),
                              pd.Series(0, index=regions))
    result["rank"] = ranked["rank"].astype("Int64")
    result["rank_of"] = ranked["rank_of"].astype("Int64")
    result["tied"] = ranked["tied"].astype("boolean")
    result["relative_to_mean_pct"] = result["index"] / result["index"].mean() * 100
    group = performance_group(result["relative_to_mean_pct"])
    result["performance_group"] = group
    result["performance_group_zh"] = group.map({k: v[0] for k, v in PERFORMANCE_GROUPS.items()})
    result["performance_group_en"] = group.map({k: v[1] for k, v in PERFORMANCE_GROUPS.items()})
    scores = frame[["region_code", "indicator_code", "dimension", "weight", "transform",
                    "value", "score"] + (["target"] if "target" in frame else [])]
    return scores.reset_index(drop=True), result.reset_index()
