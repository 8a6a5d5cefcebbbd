/* A picker's long list, handed over after the frame that paints the page's first chart, or
 * WAIT_MS after the callback starts without one: why in dashboard/components.py
 * (options_after_charts); the callback in dashboard/layout.py. */
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
                // After the frame that paints the chart: the list's indexing comes after it.
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
