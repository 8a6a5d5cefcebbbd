"""The charts' toolbar (plotly's modebar): nothing in it reaches outside the app, its tooltips
speak the page's language, and its PNG download is named after the chart.

A bureau's unpublished figures must not leave the machine, and plotly.js 3 ships a toolbar that
would send them away: "Share chart…" (showSendToCloud is on by default) uploads the figure to
plotlyServerURL (cloud.plotly.com), and the logo links to plotly.com.
"""

from __future__ import annotations

import re

from dashboard.i18n import PLOTLY_FORMAT_ZH, PLOTLY_LOCALE_ZH

# plotly.js locale names: zh-CN is provided with each chart (no locale script is loaded),
# en-US is built into plotly.js.
PLOTLY_LOCALES = {"zh": "zh-CN", "en": "en-US"}

# Applied last, so no page's extra options can bring any of it back.
LOCAL_ONLY = {
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,  # the "Edit chart" link under the chart, to Chart Studio
    "sendData": False,
    "displaylogo": False,  # the logo links to plotly.com
    "plotlyServerURL": "",  # where "Share chart…" would upload to; empty: nowhere
    # Geo charts fetch world outlines from cdn.plot.ly/un/ unless assets/geo-offline.js has
    # supplied them; should it ever miss one, the request stays on our origin (and 404s).
    "topojsonURL": "/assets/topojson/",
}
# The same buttons by name, in case a plotly.js update re-enables one by default.
CLOUD_BUTTONS = ["sendChartToCloud", "editInChartStudio"]

MAX_FILENAME = 120  # characters; a file name stays readable in a download bar and on disk
# Characters Windows forbids in file names, control characters, and the path separators.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def chart_filename(*parts) -> str:
    """A download's name from what the chart shows: 全社会研发投入-排名-2025年.

    Empty parts are skipped; characters a file system refuses become "_"."""
    words = [_UNSAFE.sub("_", str(p)).strip() for p in parts if p is not None]
    name = "-".join(w for w in words if w)
    return name[:MAX_FILENAME].strip(" .-") or "chart"


def toolbar_config(filename: str, lang: str, **extra) -> dict:
    """dcc.Graph's config: the page's language, a PNG named filename, no link outside the app.

    extra adds plotly options (scrollZoom=False …); it cannot undo LOCAL_ONLY."""
    locale = PLOTLY_LOCALES.get(lang, PLOTLY_LOCALES["zh"])
    config = {
        "responsive": True,
        "locale": locale,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", *CLOUD_BUTTONS],
        **extra,
    }
    if locale == PLOTLY_LOCALES["zh"]:
        config["locales"] = {locale: {"dictionary": PLOTLY_LOCALE_ZH, "format": PLOTLY_FORMAT_ZH}}
    return {**config, **LOCAL_ONLY}
