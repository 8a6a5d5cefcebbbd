/* Rows of a table that wait until every chart of the page has drawn its SVG (at most 3 s on),
 * then a frame more: Dash draws each cell as a component of its own, and a few hundred of them
 * drawn with the page held its charts back by a few tenths of a second. Used by Rankings'
 * rank table (dashboard/rank_table.py); the charts' own tables wait until they are opened
 * (components.chart_table). */
(function () {
    "use strict";

    var WAIT_MS = 3000;

    function drawn() {
        return Array.prototype.every.call(document.querySelectorAll(".chart-figure"),
            function (figure) { return figure.querySelector(".main-svg"); });
    }

    function rowsAfterCharts(rows) {
        var start = performance.now();
        return new Promise(function (resolve) {
            (function wait() {
                if (drawn() || performance.now() - start > WAIT_MS) {
                    requestAnimationFrame(function () {
                        setTimeout(function () { resolve(rows || []); }, 0);
                    });
                } else {
                    setTimeout(wait, 50);
                }
            })();
        });
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.charts = Object.assign({}, window.dash_clientside.charts,
                                                  {rowsAfterCharts: rowsAfterCharts});
})();
