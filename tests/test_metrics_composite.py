"""Composite innovation index: min-max and distance-to-target scoring, weights, transforms,
capping, rank and performance groups; the index configuration file."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import insert

from catalog.files import CatalogError
from db.models import Observation, Target
from db.session import session_scope
from metrics import api
from metrics.composite import composite, minmax_scores, performance_group
from metrics.index_config import Dimension, IndexConfig, load_index_config
from metrics.refresh import refresh_metrics

HEFEI, WUHU, BENGBU = "340100", "340200", "340300"
CITIES = [HEFEI, WUHU, BENGBU]

# Two dimensions of equal weight: A holds two higher-is-better indicators, B one where
# lower is better (a reported assessment rank).
CONFIG = IndexConfig(
    dimensions=(Dimension("a", "甲", "A", 1.0), Dimension("b", "乙", "B", 1.0),
                Dimension("economy", "经济基础", "Economic base", 0.0)),
    indicators=pd.DataFrame({
        "indicator_code": ["rd_intensity", "high_tech_enterprises", "zone_assessment_rank"],
        "dimension": ["a", "a", "b"], "weight": [1.0, 1.0, 1.0],
        "transform": ["none", "none", "none"]}),
    capping_sd=3.0)

VALUES = {  # region: (rd_intensity, high_tech_enterprises, zone_assessment_rank)
    HEFEI: (1.0, 40.0, 1.0),
    WUHU: (2.0, 10.0, 3.0),
    BENGBU: (3.0, 20.0, 2.0),
}


@pytest.fixture
def cities(engine):
    codes = ["rd_intensity", "high_tech_enterprises", "zone_assessment_rank"]
    with session_scope(engine) as session:
        session.execute(insert(Observation), [
            {"region_code": region, "indicator_code": code, "year": 2024, "quarter": 0,
             "cumulative": True, "value": value, "status": "reported"}
            for region, row in VALUES.items() for code, value in zip(codes, row)])
        session.execute(insert(Target), [
            {"region_code": region, "indicator_code": code, "year": 2024, "value": target}
            for region, targets in {HEFEI: (2.0, 40.0, 1.0), WUHU: (2.0, 20.0, 1.0),
                                    BENGBU: (2.0, 40.0, 1.0)}.items()
            for code, target in zip(codes, targets)])
        refresh_metrics(session, set(codes))
    return engine


def test_minmax_index_by_hand_with_ranks_and_performance_groups(cities):
    # rd_intensity 1, 2, 3          -> 0, 50, 100
    # high-tech enterprises 40, 10, 20 -> 100, 0, 33.3
    # assessment rank 1, 3, 2 (lower is better) -> 100, 0, 50
    # A = 50, 25, 66.7; B = 100, 0, 50; index = 75, 12.5, 58.3; mean 48.6
    # relative to the mean: 154.3 % leader, 25.7 % emerging, 120.0 % strong
    table = api.composite_index(cities, CITIES, 2024, method="minmax", config=CONFIG)
    table = table.set_index("region_code")
    assert table.loc[HEFEI, "score_a"] == pytest.approx(50.0)
    assert table.loc[BENGBU, "score_a"] == pytest.approx(200 / 3)
    assert table.loc[WUHU, "score_b"] == pytest.approx(0.0)
    assert list(table.loc[CITIES, "index"]) == pytest.approx([75.0, 12.5, 175 / 3])
    assert list(table.loc[CITIES, "rank"]) == [1, 3, 2]
    assert list(table.loc[CITIES, "performance_group"]) == ["leader", "emerging", "strong"]
    assert table.loc[HEFEI, "performance_group_zh"] == "创新领先"
    assert table.loc[HEFEI, "region_name_zh"] == "合肥市"
    assert "score_economy" not in table.columns  # weight 0: named, not scored


def test_target_index_caps_each_score_at_100(cities):
    # rd_intensity / 2: 50, 100, 100 (150 capped); enterprises / target 40, 20, 40: 100, 50, 50
    # rank target 1 (lower is better, target / value): 100, 33.3, 50
    # A = 75, 75, 75; B = 100, 33.3, 50; index = 87.5, 54.2, 62.5; mean 68.06
    # relative: 128.6 % leader, 79.6 % moderate, 91.8 % moderate
    table = api.composite_index(cities, CITIES, 2024, method="target", config=CONFIG)
    table = table.set_index("region_code")
    assert list(table.loc[CITIES, "score_a"]) == pytest.approx([75.0, 75.0, 75.0])
    assert list(table.loc[CITIES, "index"]) == pytest.approx([87.5, 325 / 6, 62.5])
    assert list(table.loc[CITIES, "performance_group"]) == ["leader", "moderate", "moderate"]


def test_missing_indicators_do_not_count_as_zero(cities):
    # Huainan reports only rd_intensity 2: its score there is (2 − 1) / (3 − 1) × 100 = 50;
    # dimension A is that score alone (weights renormalised over what is there) and the
    # index is A alone, since B has nothing: 50, not (50 + 0) / 2.
    with session_scope(cities) as session:
        session.execute(insert(Observation), [{
            "region_code": "340400", "indicator_code": "rd_intensity", "year": 2024,
            "quarter": 0, "cumulative": True, "value": 2.0, "status": "reported"}])
        refresh_metrics(session, {"rd_intensity"})
    table = api.composite_index(cities, CITIES + ["340400"], 2024, config=CONFIG)
    row = table.set_index("region_code").loc["340400"]
    assert row["score_a"] == pytest.approx(50.0)
    assert pd.isna(row["score_b"])
    assert row["index"] == pytest.approx(50.0)
    scores = api.index_scores(cities, CITIES + ["340400"], 2024, config=CONFIG)
    mine = scores[scores["region_code"] == "340400"]
    assert list(mine["indicator_code"]) == ["rd_intensity"]
    assert list(mine["score"]) == pytest.approx([50.0])


def test_performance_group_boundaries():
    relative = pd.Series([125.0, 124.99, 100.0, 99.99, 70.0, 69.99, float("nan")])
    assert list(performance_group(relative)[:6]) == [
        "leader", "strong", "strong", "moderate", "moderate", "emerging"]
    assert pd.isna(performance_group(relative).iloc[6])


def _scores(values, transform="none", capping_sd=None):
    frame = pd.DataFrame({"indicator_code": "x", "direction": "higher", "transform": transform,
                          "value": values})
    config = IndexConfig(dimensions=(), indicators=pd.DataFrame(), capping_sd=capping_sd)
    return list(minmax_scores(frame, config))


def test_square_root_transform_before_min_max():
    # sqrt: 0, 1, 2, 3, 4, 10 -> 0, 10, 20, 30, 40, 100
    assert _scores([0, 1, 4, 9, 16, 100], transform="sqrt") == pytest.approx(
        [0, 10, 20, 30, 40, 100])


def test_outliers_are_capped_at_mean_plus_three_standard_deviations():
    # 19 regions at 10, one at 20, one at 1000: mean 57.62, population sd 210.73, so 1000 is
    # capped at 689.82 and the region at 20 scores 10 / 679.82 × 100 = 1.47 (not 1.01).
    values = [10.0] * 19 + [20.0, 1000.0]
    mean = sum(values) / 21
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / 21)
    cap = mean + 3 * sd
    assert cap == pytest.approx(689.82, abs=0.01)
    capped = _scores(values, capping_sd=3)
    assert capped[19] == pytest.approx(10 / (cap - 10) * 100)
    assert _scores(values)[19] == pytest.approx(10 / 990 * 100)


def test_index_configuration_names_the_wrong_entry(tmp_path):
    bad = tmp_path / "index_weights.yaml"
    bad.write_text("dimensions:\n  - {code: input, name_zh: 投入, weight: 1,\n"
                   "     indicators: [{code: no_such_indicator}]}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"dimension 1 \(input\), indicator 1 "
                                           r"\(no_such_indicator\)"):
        load_index_config(bad)


def test_the_shipped_configuration_follows_the_five_dimensions():
    config = load_index_config()
    assert [d.name_zh for d in config.scored_dimensions] == [
        "科技创新环境", "科技活动投入", "科技活动产出", "高新技术产业化", "科技促进经济社会发展"]
    assert set(config.indicators["dimension"]) == {d.code for d in config.scored_dimensions}


def test_missing_values_are_left_out_of_the_min_max_and_the_capping():
    # 0, —, 10, 5: min 0 and max 10 of the values present; the missing one gets no score.
    scores = _scores([0.0, math.nan, 10.0, 5.0], capping_sd=3)
    assert scores[0] == pytest.approx(0) and scores[2] == pytest.approx(100)
    assert scores[3] == pytest.approx(50) and math.isnan(scores[1])


def _index(values: dict[str, tuple[float, float, float]], config: IndexConfig) -> pd.DataFrame:
    codes = ["rd_intensity", "high_tech_enterprises", "zone_assessment_rank"]
    frame = pd.DataFrame([(region, code, "lower" if code == "zone_assessment_rank" else "higher",
                           value) for region, row in values.items()
                          for code, value in zip(codes, row)],
                         columns=["region_code", "indicator_code", "direction", "value"])
    return composite(frame, config)[1].set_index("region_code")


def test_an_unweighted_dimension_and_a_zero_weight_indicator_do_not_count():
    # Dimension B weighs 0: its indicator is scored but neither B nor the index sees it;
    # in A, high-tech enterprises weigh 0, so A is R&D intensity alone.
    config = IndexConfig(
        dimensions=(Dimension("a", "甲", "A", 1.0), Dimension("b", "乙", "B", 0.0)),
        indicators=CONFIG.indicators.assign(weight=[1.0, 0.0, 1.0]), capping_sd=None)
    table = _index(VALUES, config)
    assert list(table.columns[:2]) == ["score_a", "index"]
    assert list(table.loc[CITIES, "score_a"]) == pytest.approx([0.0, 50.0, 100.0])
    assert list(table.loc[CITIES, "index"]) == pytest.approx([0.0, 50.0, 100.0])


def test_equal_indexes_share_a_rank_and_are_marked_tied():
    values = {HEFEI: (3.0, 40.0, 1.0), WUHU: (3.0, 40.0, 1.0), BENGBU: (1.0, 10.0, 3.0)}
    table = _index(values, CONFIG)
    assert list(table.loc[CITIES, "rank"]) == [1, 1, 3]
    assert list(table.loc[CITIES, "tied"]) == [True, True, False]
    assert list(table.loc[CITIES, "rank_of"]) == [3, 3, 3]
