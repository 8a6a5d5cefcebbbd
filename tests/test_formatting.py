"""Numbers as Chinese users write them (dashboard/formatting.py), and the English forms."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dashboard.formatting import (axis_ticks, format_growth, format_number, format_percent,
                                  format_period, format_rank, format_rank_change,
                                  format_timestamp, format_value, group_thousands, nice_step)


@pytest.mark.parametrize("value, unit, zh, en", [
    (123.45, "亿元", "123.5亿元", "12.3 bn yuan"),
    (83.284, "亿元", "83.3亿元", "8.33 bn yuan"),
    (0.5, "亿元", "5,000万元", "50.0 m yuan"),
    (23456, "亿元", "2.35万亿元", "2.35 tn yuan"),
    (50000, "万元", "5.00亿元", "500.0 m yuan"),
    (1.0, "亿元", "1.00亿元", "100.0 m yuan"),
    (312, "家", "312家", "312 entities"),
    (12345, "家", "1.23万家", "12,345 entities"),
    (3.5, "万人", "3.5万人", "35,000 people"),
    (12.35, "件", "12.3件", "12.3 items"),
    (2.314, "%", "2.3%", "2.3%"),
    (3, "位", "第3位", "No. 3"),
])
def test_values_carry_their_unit_with_wan_and_yi(value, unit, zh, en):
    assert format_value(value, unit, "zh") == zh
    assert format_value(value, unit, "en") == en


@pytest.mark.parametrize("missing", [None, float("nan"), "n/a"])
def test_missing_values_are_a_dash_never_zero(missing):
    assert format_value(missing, "亿元") == "—"
    assert format_number(missing) == "—"
    assert format_percent(missing) == "—"
    assert format_rank(missing, 16) == "—"


def test_thousands_separators_in_tables():
    assert format_number(1234567) == "1,234,567"
    assert format_number(12345.6) == "12,345.6"
    assert format_number(1062.84, decimals=2) == "1,062.84"
    assert group_thousands(-0.001, 1) == "0"


def test_percentages_and_growth_have_one_decimal():
    assert format_percent(12) == "12.0%"
    assert format_value(2.314, "%", kind="ratio") == "2.31%"  # as the report writes 研发投入强度
    assert format_value(2.314, "%", kind="rate") == "2.3%"
    assert format_growth(12.44) == "+12.4%"
    assert format_growth(-3) == "-3.0%"
    assert format_growth(0) == "0.0%"
    assert format_growth(12.44, "zh", words=True) == "增长12.4%"
    assert format_growth(-3, "zh", words=True) == "下降3.0%"
    assert format_growth(-3, "en", words=True) == "down 3.0%"


def test_rank_always_has_its_denominator():
    assert format_rank(3, 16) == "第3位/16"
    assert format_rank(3, 16, tied=True) == "第3位(并列)/16"
    assert format_rank(3, 16, "en") == "No. 3/16"
    assert format_rank(1) == "第1位"


def test_rank_change_arrows_positive_is_up():
    assert format_rank_change(2) == "↑2"
    assert format_rank_change(-1) == "↓1"
    assert format_rank_change(0) == "→"
    assert format_rank_change(None) == "—"


def test_periods_in_the_statistics_wording():
    assert format_period(2025, 0) == "2025年"
    assert format_period(2025, 3) == "2025年1-9月"
    assert format_period(2025, 3, cumulative=False) == "2025年7-9月(单季)"
    assert format_period(2025, 2, lang="en") == "2025 Jan–Jun"
    assert format_period(2025, 0, lang="en") == "2025"


def test_timestamps_are_beijing_time():
    moment = datetime(2025, 11, 28, 6, 3, tzinfo=timezone.utc)
    assert format_timestamp(moment) == "2025-11-28 14:03（北京时间）"
    assert format_timestamp(moment.replace(tzinfo=None), "en") == "2025-11-28 14:03 (UTC+8)"
    assert format_timestamp(None) == "—"


def test_nice_steps_are_round():
    assert nice_step(300, 5) == 100
    assert nice_step(30000, 4) == 10000
    assert nice_step(2.7, 5) == 1
    assert nice_step(1.1, 5) == 0.25


def test_money_axis_switches_to_the_unit_its_largest_tick_reaches():
    vals, text, unit = axis_ticks(0, 300, "亿元")
    assert (vals, text, unit) == ([0, 100, 200, 300], ["0", "100", "200", "300"], "亿元")
    vals, text, unit = axis_ticks(0, 30000, "亿元")
    assert (text, unit) == (["0", "1", "2", "3"], "万亿元")
    _, text, unit = axis_ticks(0, 50000, "万元")
    assert unit == "亿元" and text[-1] == "5"
    _, text, unit = axis_ticks(0, 30000, "亿元", "en")
    assert unit == "tn yuan"


def test_count_axis_labels_use_wan_and_percent_axis_ends_in_percent():
    _, text, unit = axis_ticks(0, 52000, "家")
    assert text == ["0", "2万", "4万", "6万"] and unit == "家"
    _, text, unit = axis_ticks(0.8, 3.5, "%")
    assert text[-1].endswith("%") and unit == "%"


def test_an_axis_of_one_value_still_has_ticks():
    vals, text, _ = axis_ticks(5, 5, "家")
    assert len(vals) >= 2 and vals[0] <= 5 <= vals[-1]
