/* A picker's long option list, handed over once the page's first chart is drawn
 * (dashboard/components.py: options_after_charts; the callback: dashboard/layout.py).
 *
 * Dash's dropdown indexes every option for its search as it is first drawn, and React draws
 * it again (indexing again) when the page's scripts arrive in pieces: on Compare, the five
 * hundred regions of the region picker held the charts back by a few tenths of a second.
 * The picker starts with its chosen options alone (what it shows) and gets the full list here,
 * after the browser has painted the chart; at most WAIT_MS after the callback starts if no
 * chart is drawn. */
(function () {
    "use strict";

    var WAIT_MS = 3000;
    var CHART = ".js-plotly-plot .main-svg";

    function afterFirstChart(options) {
        return new Promise(function (resolve) {
            var done = false;
            var observer = null;
            var timer = setTimeout(function () { finish(false); }, WAIT_MS);

            function finish(painted) {
                if (done) {
                    return;
                }
                done = true;
                clearTimeout(timer);
                if (observer) {
                    observer.disconnect();
                }
                // The next frame is painted with the chart; the list comes after it.
                if (painted) {
                    requestAnimationFrame(function () {
                        setTimeout(function () { resolve(options); }, 0);
                    });
                } else {
                    resolve(options);
                }
            }

            if (document.querySelector(CHART)) {
                finish(true);
                return;
            }
            observer = new MutationObserver(function () {
                if (document.querySelector(CHART)) {
                    finish(true);
                }
            });
            observer.observe(document.body, {childList: true, subtree: true});
        });
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside);
    window.dash_clientside.pickers = Object.assign({}, window.dash_clientside.pickers,
                                                   {afterFirstChart: afterFirstChart});
})();
