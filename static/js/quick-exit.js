// Quick exit, after GOV.UK's "Exit this page": the button is a plain link that works
// without JavaScript. This script hides the page at once and replaces it in the
// history, and adds the Shift-three-times shortcut.
//
// Loaded in <head> without defer: its first part must run before a page is shown.
// After the exit, Back would bring up the page the learner saw before the one they
// left (the browser fetches it afresh: pages are never cached). Such a page, reached
// through the history, shows nothing and goes on to the exit's site again. Coming
// back any other way (a link, the address bar) shows the site as usual. Inside an
// organisation's embed, embed-frame.js does the same with a cookie of the frame.
(function () {
    "use strict";

    var root = document.documentElement;
    var embedded = root.hasAttribute("data-embedded");
    // Kept for this tab only, until it is closed: where the learner left to.
    var LEFT = "alongside-left";

    function session() {
        try {
            return window.sessionStorage;
        } catch (error) {
            return null;  // Storage is blocked: then nothing can be guarded.
        }
    }

    function cameBackByHistory(event) {
        var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
        return (event && event.persisted) || (entries[0] && entries[0].type === "back_forward");
    }

    function hide() {
        root.classList.add("quick-exit-active");
        document.title = "";
    }

    function guard(event) {
        var storage = session();
        var exit = !embedded && storage && storage.getItem(LEFT);
        if (!exit) {
            return;
        }
        if (cameBackByHistory(event)) {
            hide();
            window.location.replace(exit);
        } else {
            storage.removeItem(LEFT);
        }
    }

    guard();
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            guard(event);
        }
    });

    var PRESSES_NEEDED = 3;
    var WINDOW_MS = 5000;

    function start() {
        var button = document.querySelector("[data-quick-exit]");
        if (!button) {
            return;
        }
        var status = document.getElementById("quick-exit-status");
        var hint = document.getElementById("quick-exit-hint");
        var presses = 0;
        var timer = null;

        function leave(event) {
            if (event) {
                event.preventDefault();
            }
            hide();
            forgetNotes();
            var storage = session();
            if (!embedded && storage) {
                storage.setItem(LEFT, button.href);
            }
            // Inside an embed, embed-frame.js keeps Back from showing the course again.
            document.dispatchEvent(new Event("alongside:leaving"));
            // Inside another site's frame, leave the whole page, not just the frame.
            var target = embedded ? window.top : window;
            target.location.replace(button.href);
        }

        // The words come from the page (templates/includes/quick_exit.html), in its language.
        function say(text) {
            status.textContent = text || "";
        }

        function reset() {
            presses = 0;
            say("");
        }

        button.addEventListener("click", leave);
        if (hint) {
            hint.hidden = false;
        }

        document.addEventListener("keyup", function (event) {
            if (event.key !== "Shift") {
                reset();
                return;
            }
            presses += 1;
            window.clearTimeout(timer);
            if (presses >= PRESSES_NEEDED) {
                say(status.getAttribute("data-leaving-text"));
                leave();
                return;
            }
            var left = PRESSES_NEEDED - presses;
            say(status.getAttribute("data-press-" + left + "-text"));
            timer = window.setTimeout(reset, WINDOW_MS);
        });
    }

    // What the site keeps in this browser's storage (the private plan, plan.js) goes
    // too: every key the site writes starts with "alongside-".
    function forgetNotes() {
        try {
            Object.keys(window.localStorage).forEach(function (key) {
                if (key.indexOf("alongside-") === 0) {
                    window.localStorage.removeItem(key);
                }
            });
        } catch (error) {
            // Storage is blocked: then nothing was saved either.
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
