/* plotly.js and AG Grid for pages whose HTML does not carry them (dashboard/bundles.py): a
 * page reached by a link from one without charts or grids, or a grid that appears later.
 *
 * - dcc.Graph loads plotly.js from window._dashPlotlyJSURL when it finds no window.Plotly.
 *   Dash's renderer sets that to Dash's own full copy, which the app does not serve; here it
 *   always reads as the app's trimmed bundle (the page's <meta name="plotly-bundle">).
 * - Dash looks a component up as window[namespace][type] and fails when the library's bundle
 *   is missing. Without AG Grid's bundle, window.dash_ag_grid.AgGrid is a stand-in that loads
 *   the bundle (<meta name="ag-grid-bundle">), then draws the real grid with the same props;
 *   the bundle, once run, replaces the stand-in for every later grid.
 */
(function () {
    "use strict";

    function meta(name) {
        var tag = document.querySelector('meta[name="' + name + '"]');
        return tag ? tag.content : null;
    }

    var plotly = meta("plotly-bundle");
    if (plotly) {
        Object.defineProperty(window, "_dashPlotlyJSURL", {
            get: function () { return plotly; },
            set: function () {}
        });
    }

    var grid = meta("ag-grid-bundle");
    if (!grid || window.dash_ag_grid) {
        return;
    }
    var loading = null;

    function fetchGrid() {
        return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = grid;
            script.onload = resolve;
            script.onerror = function () {
                loading = null;
                reject(new Error("AG Grid did not load: " + grid));
            };
            document.head.appendChild(script);
        });
    }

    function loadGrid() {
        if (!loading) {
            loading = fetchGrid();
        }
        return loading;
    }

    function LazyAgGrid(props) {
        var React = window.React;
        var state = React.useState(null);
        var Real = state[0];
        var setReal = state[1];
        React.useEffect(function () {
            var mounted = true;
            loadGrid().then(function () {
                if (mounted) {
                    setReal(function () { return window.dash_ag_grid.AgGrid; });
                }
            });
            return function () { mounted = false; };
        }, []);
        if (Real) {
            return React.createElement(Real, props);
        }
        return React.createElement("div", {id: props.id, className: props.className,
                                           style: props.style});
    }

    window.dash_ag_grid = {AgGrid: LazyAgGrid};
})();
