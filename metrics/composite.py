"""Composite innovation index: indicator scores (min-max or distance to target), weighted
dimension scores, the overall index, its rank and performance groups. Pure functions; the
formulas are written out in docs/metrics.md."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.index_config import IndexConfig
from metrics.labels import PERFORMANCE_GROUPS
from metrics.numbers import snap

METHODS = ("minmax", "target")
# index relative to the mean of the compared regions (%): lower bound of each group
GROUP_BOUNDS = (("leader", 125.0), ("strong", 100.0), ("moderate", 70.0),
                ("emerging", -np.inf))


def minmax_scores(values: pd.DataFrame, config: IndexConfig) -> pd.Series:
    """0-100 across the compared regions, per indicator: cap at mean ± k·sd (population sd),
    square-root the skewed ones, then (x − min) / (max − min) × 100, or (max − x) / (max − min)
    × 100 when lower is better. An indicator on which all compared regions are equal says
    nothing about them and gets no score."""
    x = values["value"].to_numpy(dtype=float)
    group, keys = pd.factorize(values["indicator_code"])
    n = len(keys)
    if config.capping_sd is not None:
        mean = _group_mean(x, group, n)
        sd = np.sqrt(_group_mean((x - mean) ** 2, group, n))
        x = np.clip(x, mean - config.capping_sd * sd, mean + config.capping_sd * sd)
    sqrt = values["transform"].eq("sqrt").to_numpy()
    x = np.where(sqrt, np.sign(x) * np.sqrt(np.abs(x)), x)
    lo, hi = _group_extreme(np.fmin, x, group, n), _group_extreme(np.fmax, x, group, n)
    span = hi - lo
    lower = values["direction"].eq("lower").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(lower, (hi - x) / span, (x - lo) / span) * 100
    return pd.Series(score, index=values.index).where(snap(span) > 0)


# Grouped statistics in numpy, each row given its group's figure: the compared regions are a
# handful of rows, where pandas' groupby costs far more per call than the arithmetic.

def _group_mean(x: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """The mean of each row's group, missing values left out."""
    present = ~np.isnan(x)
    sums = np.bincount(group[present], weights=x[present], minlength=n)
    counts = np.bincount(group[present], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (sums / counts)[group]


def _group_extreme(pick, x: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """The minimum (pick=np.fmin) or maximum (np.fmax) of each row's group, missing values
    left out (fmin and fmax skip NaN)."""
    extreme = np.full(n, np.nan)
    pick.at(extreme, group, x)
    return extreme[group]


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


def _weighted_means(scores: np.ndarray, weights: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Σ w·s / Σ w in each row over each group of columns (members: columns × groups, 1 where
    a column belongs to a group), counting only the scores present: weights are renormalised
    over what is there, so a missing indicator neither counts as zero nor drags the others.
    NaN where a group has no score."""
    present = ~np.isnan(scores)
    weighted = (np.where(present, scores, 0.0) * weights) @ members
    total = (present * weights) @ members
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, weighted / total, np.nan)


def _dimension_scores(frame: pd.DataFrame, regions: pd.Index, config: IndexConfig
                      ) -> np.ndarray:
    """regions × scored dimensions: each the weighted mean of its indicators' scores."""
    indicators = pd.Index(config.indicators["indicator_code"])
    scores = np.full((len(regions), len(indicators)), np.nan)  # NaN: no score
    scores[regions.get_indexer(frame["region_code"]),
           indicators.get_indexer(frame["indicator_code"])] = frame["score"].to_numpy(dtype=float)
    dimensions = np.array([d.code for d in config.scored_dimensions], dtype=object)
    # indicators × dimensions; an indicator of an unweighted dimension feeds none
    members = (config.indicators["dimension"].to_numpy()[:, None] == dimensions[None, :])
    return _weighted_means(scores, config.indicators["weight"].to_numpy(dtype=float),
                           members.astype(float))


def _ranks(index: pd.Series) -> dict[str, pd.Series]:
    """Competition ranks of the index, highest first (1, 2, 2, 4; as ranks.competition_rank
    ranks one group, without its groupby): rank, rank_of, tied; none for a missing index."""
    key = pd.Series(-snap(index), index=index.index)
    ranked = key.notna()
    return {"rank": key.rank(method="min").astype("Int64"),
            "rank_of": pd.Series(int(ranked.sum()), index=key.index).where(ranked).astype("Int64"),
            "tied": key.duplicated(keep=False).where(ranked).astype("boolean")}


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
    regions = pd.Index(values["region_code"].unique(), name="region_code")
    per_dimension = _dimension_scores(frame, regions, config)
    weights = np.array([d.weight for d in config.scored_dimensions], dtype=float)
    index = pd.Series(_weighted_means(per_dimension, weights, np.ones((len(weights), 1)))[:, 0],
                      index=regions)
    relative = index / index.mean() * 100
    group = performance_group(relative)
    result = pd.DataFrame({
        **{f"score_{d.code}": per_dimension[:, k]
           for k, d in enumerate(config.scored_dimensions)},
        "index": index, **_ranks(index), "relative_to_mean_pct": relative,
        "performance_group": group,
        "performance_group_zh": group.map({k: v[0] for k, v in PERFORMANCE_GROUPS.items()}),
        "performance_group_en": group.map({k: v[1] for k, v in PERFORMANCE_GROUPS.items()}),
    }, index=regions)
    scores = frame[["region_code", "indicator_code", "dimension", "weight", "transform",
                    "value", "score"] + (["target"] if "target" in frame else [])]
    return scores.reset_index(drop=True), result.reset_index()
