"""The charts' toolbar config (dashboard/toolbar.py): no way out of the app, the page's
language, downloads named after the chart. The browser side is in
tests/browser/test_local_only.py."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.bundles import ASSETS_DIR, PLOTLY_BUNDLE
from dashboard.i18n import PLOTLY_LOCALE_ZH
from dashboard.toolbar import MAX_FILENAME, chart_filename, toolbar_config

PLOTLY_JS = ASSETS_DIR / PLOTLY_BUNDLE  # the plotly.js the pages load (dashboard/bundles.py)


def test_a_download_is_named_after_what_the_chart_shows():
    assert chart_filename("全社会研发投入", "排名", "2025年", "安徽省各市") == \
        "全社会研发投入-排名-2025年-安徽省各市"
    assert chart_filename("R&D expenditure", "ranking", "2025 Jan–Sep") == \
        "R&D expenditure-ranking-2025 Jan–Sep"


def test_a_file_name_skips_missing_parts_and_characters_a_disk_refuses():
    assert chart_filename("研发经费/GDP", None, "", "2025年1-9月") == "研发经费_GDP-2025年1-9月"
    assert chart_filename('a:b*c?"d"<e>|f\\g') == "a_b_c_d_e_f_g"
    assert chart_filename(" ", None) == "chart"


def test_a_file_name_of_many_regions_stays_readable():
    names = "、".join(["合肥市", "芜湖市", "蚌埠市", "淮南市", "马鞍山市", "淮北市"] * 8)
    name = chart_filename(names, "对比", "2025年")
    assert len(name) <= MAX_FILENAME and name.startswith("合肥市、芜湖市")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_page_option_can_put_the_cloud_back(lang):
    config = toolbar_config("x", lang, showSendToCloud=True, displaylogo=True, showLink=True,
                            plotlyServerURL="https://cloud.plotly.com/newchart", scrollZoom=False)
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert config["displaylogo"] is False and config["showLink"] is False
    assert config["scrollZoom"] is False, "other options pass through"
    assert "sendChartToCloud" in config["modeBarButtonsToRemove"]
    text = json.dumps(config, ensure_ascii=False)
    assert not re.search(r"https?://|//|plot\.ly|plotly\.com|chart.studio", text, re.I), text


def test_the_toolbar_speaks_the_pages_language():
    zh, en = toolbar_config("图", "zh"), toolbar_config("chart", "en")
    assert zh["locale"] == "zh-CN" and en["locale"] == "en-US"
    assert zh["locales"]["zh-CN"]["dictionary"]["Download plot as a PNG"] == "下载图表（PNG）"
    assert "locales" not in en, "English is built into plotly.js"
    assert zh["toImageButtonOptions"] == {"format": "png", "filename": "图", "scale": 2}


def test_the_chinese_texts_are_the_ones_the_bundled_plotly_js_shows():
    # plotly.js looks a text up by its exact English: one it renamed (3.x: "Download plot as a
    # png" became "... a PNG") would silently show in English again.
    bundle = PLOTLY_JS.read_text(encoding="utf-8")
    unknown = [text for text in PLOTLY_LOCALE_ZH if f'"{text}"' not in bundle]
    assert unknown == []
