"""The scripts a page's HTML carries: plotly.js and AG Grid only where the page shows them.

Dash puts every installed component library's bundle on every page, and loads plotly.js (all
of it, 4.8 MB) only when a graph has been drawn into the page by a callback. Here:

- plotly.js is our own build with the trace types the app draws (PLOTLY_TRACES), vendored under
  assets/vendor/ (scripts/build_plotly.py). A page that shows a chart has it in its HTML, with
  Dash's graph and dropdown chunks, so the chart is drawn as soon as the page's layout arrives;
  any other page leaves it to dcc.Graph, which loads it from window._dashPlotlyJSURL, pointed
  at the same file by assets/lazy-bundles.js. Dash's own copy is not served at all
  (LocalDash._setup_plotlyjs).
- AG Grid's bundle (1.3 MB, 0.3 MB compressed) is in the HTML of the pages that open on a grid
  (Data); elsewhere assets/lazy-bundles.js stands in for it and loads it when a grid is first
  drawn: a page reached by a link, an upload's extraction table. Pages with charts show no
  grid (Rankings' table is plain HTML: dashboard/rank_table.py), so they never load it.

A page says what it shows when it registers: dash.register_page(..., bundles=("plotly",)).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import dash

# Every trace type the figures (dashboard/figures) draw; tests/test_page_scripts.py checks
# the figures against it, and scripts/build_plotly.py builds the bundle from it.
PLOTLY_TRACES = ("scatter", "bar", "scatterpolar", "choropleth", "scattergeo")
PLOTLY_BUNDLE = "vendor/plotly-dashboard.min.js"  # under dashboard/assets
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
PLOTLY = "plotly"
AG_GRID = "ag_grid"
# Dash's chunks that a chart page needs at once: fetched by dcc only after the page is drawn.
DCC_CHUNKS = ("dcc/async-graph.js", "dcc/async-dropdown.js")
_AG_GRID_SCRIPT = re.compile(
    r'<script src="(?P<src>[^"]*/dash_ag_grid/dash_ag_grid\.[^"]*)"></script>\n?')


def plotly_bundle_version(path: Path = ASSETS_DIR / PLOTLY_BUNDLE) -> str | None:
    """The plotly.js version the vendored bundle was built from (its first line says it)."""
    with open(path, encoding="utf-8") as f:
        match = re.search(r"plotly\.js v(\S+)", f.readline())
    return match[1] if match else None


def page_bundles(path: str) -> tuple[str, ...]:
    """What the registered page at path declared it shows (nothing for an unknown path)."""
    for page in dash.page_registry.values():
        if page.get("path") == path:
            return tuple(page.get("bundles", ()))
    return ()


def plotly_url(app: dash.Dash) -> str:
    # ?m= as Dash writes its assets' URLs: the compression module lets browsers keep it a year.
    modified = (ASSETS_DIR / PLOTLY_BUNDLE).stat().st_mtime
    return f"{app.get_asset_url(PLOTLY_BUNDLE)}?m={modified}"


def page_scripts(app: dash.Dash, scripts: str, metas: str, path: str) -> tuple[str, str]:
    """Dash's script tags and meta tags for the index of the page at path, with plotly.js and
    AG Grid where the page shows them; elsewhere their addresses in meta tags, for
    assets/lazy-bundles.js to load them when they are needed."""
    bundles = page_bundles(path)
    url = plotly_url(app)
    metas += f'\n<meta name="plotly-bundle" content="{escape(url)}">'
    metas += (f'\n<link rel="preload" href="{app.config.requests_pathname_prefix}_dash-layout" '
              'as="fetch" crossorigin="anonymous">')
    grid = _AG_GRID_SCRIPT.search(scripts)
    if grid and AG_GRID not in bundles:
        scripts = scripts.replace(grid[0], "")
        metas += f'\n<meta name="ag-grid-bundle" content="{escape(grid["src"])}">'
    if PLOTLY in bundles:
        prefix = app.config.requests_pathname_prefix
        chunks = "\n".join(f'<script src="{prefix}_dash-component-suites/dash/{chunk}"></script>'
                           for chunk in DCC_CHUNKS)
        scripts = f'<script src="{escape(url)}"></script>\n{scripts}\n{chunks}'
    return scripts, metas
