/* Accessibility (issue #27) of the components the app takes from Dash, plotly and Dash
 * Bootstrap Components, mended in this one place and re-applied whenever Dash re-renders:
 *
 * - Dash 4's dcc.Dropdown: its button is the tab stop (Dash tabs to a hidden input under
 *   aria-hidden and forwards the focus), it is named by its visible label (Dash names it by
 *   its value), letters typed in its open list jump to the matching option, and the focus
 *   comes back to it after a choice, when the page is re-rendered from the URL.
 * - plotly: the chart's SVG is hidden from screen readers (the figure around it carries a
 *   name, a description and a table: components.chart), and its toolbar keeps one button in
 *   the tab order (the PNG download) instead of eight.
 * - dcc.Upload's file input gets a name; dbc.Tabs' tabs point at their panels.
 */
(function () {
    "use strict";

    // --- Repairs, run after every change of the page (once per frame) -----------------------

    function nameDropdown(button) {
        if (!button.disabled && button.tabIndex !== 0) {
            button.tabIndex = 0;
        }
        var label = button.id && document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
        if (!label) {
            return;
        }
        if (!label.id) {
            label.id = button.id + "-label";
        }
        var ids = (button.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
        if (ids.indexOf(label.id) < 0) {
            button.setAttribute("aria-labelledby", [label.id].concat(ids).join(" "));
        }
    }

    // An open list (a popover "dialog" holding a listbox) is named by its picker's label too.
    function nameOpenList(content) {
        var wrapper = content.closest(".dash-dropdown-wrapper");
        var button = wrapper && wrapper.querySelector("button.dash-dropdown");
        var label = button && (button.getAttribute("aria-labelledby") || "").split(" ")[0];
        if (!label || !document.getElementById(label)) {
            return;
        }
        [content, content.querySelector('[role="listbox"]')].forEach(function (element) {
            if (element && element.getAttribute("aria-labelledby") !== label) {
                element.setAttribute("aria-labelledby", label);
            }
        });
    }

    function quietChart(plot) {
        plot.querySelectorAll("svg.main-svg:not([aria-hidden])").forEach(function (svg) {
            svg.setAttribute("aria-hidden", "true");
        });
        // The first button is always the PNG download (plotly puts toImage first).
        plot.querySelectorAll(".modebar-btn").forEach(function (button, i) {
            var wanted = i === 0 ? 0 : -1;
            if (button.tabIndex !== wanted) {
                button.tabIndex = wanted;
            }
        });
    }

    function linkTabs(tablist) {
        var panes = tablist.parentElement &&
            tablist.parentElement.querySelectorAll(":scope > .tab-content > .tab-pane");
        tablist.querySelectorAll('[role="tab"]').forEach(function (tab, i) {
            var target = tab.getAttribute("aria-controls");
            if (target && document.getElementById(target)) {
                return;
            }
            var pane = panes && panes[i];
            if (!pane) {
                tab.removeAttribute("aria-controls");
                return;
            }
            if (!pane.id) {
                pane.id = (tablist.parentElement.id || "tabs") + "-pane-" + i;
            }
            tab.setAttribute("aria-controls", pane.id);
        });
    }

    function repair() {
        document.querySelectorAll("button.dash-dropdown").forEach(nameDropdown);
        document.querySelectorAll(".dash-dropdown-content").forEach(nameOpenList);
        document.querySelectorAll("input.dash-dropdown-search:not([aria-label])").forEach(
            function (input) { input.setAttribute("aria-label", input.placeholder || "search"); });
        document.querySelectorAll(".js-plotly-plot").forEach(quietChart);
        document.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (input) {
            var zone = input.parentElement;
            var text = zone && zone.innerText.trim().split("\n").filter(Boolean);
            if (text && text.length) {
                input.setAttribute("aria-label", text.join(" "));
            }
        });
        document.querySelectorAll('[role="tablist"]').forEach(linkTabs);
        restoreFocus();
    }

    // --- Focus after a re-render ------------------------------------------------------------
    // A picker's choice goes to the URL and the page is rebuilt from it, so the element that
    // had the focus is replaced by a new one with the same id: give the focus to that one.

    var focused = null;  // the element that last had the focus, and the id to find it again
    var focusedId = null;
    var keyAt = 0;  // a mouse user's focus is left where the click put it
    var RESTORE_WITHIN = 10000;  // ms after the last key: a page takes a few seconds at most

    document.addEventListener("keydown", function () { keyAt = Date.now(); }, true);

    function focusKey(element) {
        var wrapper = element.closest && element.closest(".dash-dropdown-wrapper");
        var button = wrapper && wrapper.querySelector("button.dash-dropdown");
        return button ? button.id : element.id || null;
    }

    document.addEventListener("focusin", function (event) {
        focused = event.target;
        focusedId = focusKey(event.target);
    });

    function restoreFocus() {
        if (!focused || focused.isConnected || !focusedId) {
            return;
        }
        var active = document.activeElement;
        if (active && active !== document.body && active.isConnected) {
            focused = null;  // the user has moved on
            return;
        }
        if (Date.now() - keyAt > RESTORE_WITHIN) {
            return;
        }
        var again = document.getElementById(focusedId);
        if (again && again.offsetParent !== null) {
            again.focus({preventScroll: true});
        }
    }

    // --- Typing in an open list jumps to the matching option -------------------------------

    var typed = "";
    var typedAt = 0;

    function optionText(option) {
        return option.textContent.trim().toLowerCase();
    }

    // Moves the list's focus with the keys Dash's dropdown listens to, so that its own arrow
    // keys go on from the option reached.
    function moveTo(content, from, index) {
        var searchable = !!content.querySelector("input.dash-dropdown-search");
        from.dispatchEvent(new KeyboardEvent("keydown", {key: "Home", bubbles: true}));
        for (var i = 0; i < index + (searchable ? 1 : 0); i++) {
            from.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowDown", bubbles: true}));
        }
    }

    document.addEventListener("keydown", function (event) {
        var target = event.target;
        var content = target.closest && target.closest(".dash-dropdown-content");
        if (!content || !event.isTrusted || target.matches("input.dash-dropdown-search")) {
            return;
        }
        if (event.key.length !== 1 || event.key === " " || event.ctrlKey || event.metaKey ||
                event.altKey) {
            return;
        }
        var now = Date.now();
        typed = (now - typedAt > 800 ? "" : typed) + event.key;
        typedAt = now;
        var wanted = typed.toLowerCase();
        // The same letter again steps to the next option starting with it.
        var repeated = wanted.split("").every(function (c) { return c === wanted[0]; });
        wanted = repeated ? wanted[0] : wanted;
        var search = content.querySelector("input.dash-dropdown-search");
        event.preventDefault();
        // A long list draws only the options in view: search it rather than guess.
        if (search && content.querySelector(".dash-options-list-virtualized")) {
            searchFor(search, typed);
            return;
        }
        // (the list's hidden sizer repeats one option, at index -1)
        var options = Array.prototype.slice.call(
            content.querySelectorAll(".dash-options-list-option[data-option-index]"))
            .filter(function (o) { return Number(o.getAttribute("data-option-index")) >= 0; });
        var current = options.findIndex(function (o) { return o.contains(target); });
        var start = repeated ? current + 1 : Math.max(current, 0);
        var ordered = options.slice(start).concat(options.slice(0, start)).filter(function (o) {
            var input = o.querySelector("input");
            return input && !input.disabled;
        });
        var match = ordered.find(function (o) { return optionText(o).startsWith(wanted); });
        if (match) {
            moveTo(content, target, Number(match.getAttribute("data-option-index")));
        } else if (search) {
            searchFor(search, typed);  // 合肥 is found by 肥 in the search, not by its start
        }
    }, true);

    // Types text into the list's search box as if typed there (React reads the input event).
    function searchFor(search, text) {
        var setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
        setValue.call(search, text);
        search.dispatchEvent(new Event("input", {bubbles: true}));
        search.focus();
    }

    // --- Watch the page ---------------------------------------------------------------------

    var scheduled = false;
    function schedule() {
        if (!scheduled) {
            scheduled = true;
            requestAnimationFrame(function () {
                scheduled = false;
                repair();
            });
        }
    }

    function start() {
        new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
        schedule();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
