// Cell renderers of the Upload page's extraction review grid (dashboard/upload/extract_panel.py).
// Report text is user input, so it goes into React text nodes only (escaped by React), never
// into innerHTML.
(function () {
    var funcs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
    var h = function () { return React.createElement.apply(React, arguments); };

    // The sentence a figure was read from, with the figure marked.
    funcs.ExtractSentence = function (props) {
        var row = props.data || {};
        return h("span", {className: "xr-sentence"}, String(row.before || ""),
                 h("mark", {className: "xr-figure"}, String(row.figure || "")),
                 String(row.after || ""));
    };

    // The year (with the period when it is not the full year) and where it came from.
    funcs.ExtractYear = function (props) {
        var row = props.data || {};
        var year = props.value;
        var known = year !== null && year !== undefined && year !== "";
        var period = row.quarter ? " " + String((props.quarters || {})[row.quarter] || "") : "";
        var note = props.notes ? props.notes[row.year_source] : row.year_note;
        return h("span", {className: "xr-year"},
                 h("span", {className: known ? "xr-year-value" : "xr-year-missing"},
                   known ? String(year) + period : String(props.missing || "")),
                 note ? h("small", {className: "xr-year-note"}, String(note)) : null);
    };
})();

// The region editor offers the regions the user may import for (the grid's context), plus the
// row's own region, so opening the editor never silently swaps a region for the first choice.
(function () {
    var funcs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
    funcs.extractRegionChoices = function (params) {
        var values = ((params.context || {}).regions || []).slice();
        var own = params.data && params.data.region;
        if (own && values.indexOf(own) === -1) {
            values.unshift(own);
        }
        return {values: values};
    };
})();
