"""The view state in the URL (dashboard/state.py) and how pickers write it (dashboard/layout.py)."""

from __future__ import annotations

from dashboard.layout import changed_controls
from dashboard.state import MAX_INDICATORS, PeriodKey, ViewState, search_with


def test_a_url_round_trips_through_the_state():
    search = "?region=341500&indicator=rd_intensity&period=2025Q3&selection=341500,340100&lang=en"
    state = ViewState.from_search(search)
    assert (state.region, state.indicator, state.period, state.lang) == \
        ("341500", "rd_intensity", "2025Q3", "en")
    assert state.selection == ("341500", "340100")
    assert ViewState.from_search(state.to_search()) == state


def test_defaults_are_left_out_of_the_url():
    assert ViewState().to_search() == ""
    assert ViewState(lang="zh", sub=True).to_query() == {}
    assert ViewState(sub=False).to_query() == {"sub": "0"}


def test_untrusted_values_are_dropped_not_passed_on():
    state = ViewState.from_query({"region": "<script>", "indicator": "DROP TABLE", "lang": "fr",
                                  "period": "2025Q9", "measure": "sum", "selection": "a b,341500"})
    assert (state.region, state.indicator, state.period, state.measure) == (None, None, None, None)
    assert state.lang == "zh" and state.selection == ("341500",)


def test_selection_keeps_six_distinct_regions_at_most():
    codes = ",".join(["340100", "340100"] + [f"34{i:02d}00" for i in range(2, 10)])
    assert len(ViewState.from_query({"selection": codes}).selection) == 6


def test_period_codes():
    assert PeriodKey.parse("2025") == PeriodKey(2025, 0, True)
    assert PeriodKey.parse("2025Q3") == PeriodKey(2025, 3, True)
    assert PeriodKey.parse("2025Q3s") == PeriodKey(2025, 3, False)
    assert PeriodKey.parse("2025Q3s").code == "2025Q3s"
    assert PeriodKey.parse("Q3") is None
    assert ViewState.from_query({"period": "all"}).period == "all"


def test_changing_one_key_keeps_the_others():
    assert search_with("?region=341500&lang=en", indicator="gdp") == \
        "?region=341500&indicator=gdp&lang=en"
    assert search_with("?region=341500&scope=341500", scope=None) == "?region=341500"
    assert search_with("?region=341500", selection=("340100", "341500")) == \
        "?region=341500&selection=340100,341500"


def test_only_pickers_that_differ_from_the_rendered_page_are_changes():
    rendered = {"region": "341500", "indicator": "gdp", "selection": ["340100"], "sub": True}
    assert changed_controls(dict(rendered), rendered) == {}, "mounting a page changes nothing"
    assert changed_controls({**rendered, "indicator": "rd_intensity"}, rendered) == \
        {"indicator": "rd_intensity"}
    assert changed_controls({**rendered, "selection": ["340100", "340200"]}, rendered) == \
        {"selection": ["340100", "340200"]}


def test_trends_index_measure_is_kept_in_the_url():
    state = ViewState.from_search("?indicator=rd_expenditure&measure=index")
    assert state.measure == "index"
    assert search_with("?region=341500", measure="index") == "?region=341500&measure=index"


def test_compare_indicators_round_trip_in_the_url():
    search = "?selection=341500,340100&indicators=rd_expenditure,high_tech_enterprises"
    state = ViewState.from_search(search)
    assert state.indicators == ("rd_expenditure", "high_tech_enterprises")
    assert state.to_search() == search
    assert search_with("?selection=341500,340100", indicators=["gdp", "rd_intensity"]) == \
        "?selection=341500,340100&indicators=gdp,rd_intensity"
    assert search_with(search, indicators=()) == "?selection=341500,340100", \
        "no indicators chosen: the page's default choice"


def test_compare_indicators_from_the_url_are_checked_and_bounded():
    codes = ",".join(["gdp", "gdp", "DROP TABLE", "<b>"] + [f"ind_{i}" for i in range(20)])
    indicators = ViewState.from_query({"indicators": codes}).indicators
    assert indicators[0] == "gdp" and indicators.count("gdp") == 1
    assert "DROP TABLE" not in indicators and "<b>" not in indicators
    assert len(indicators) == MAX_INDICATORS
