// Quick exit, after GOV.UK's "Exit this page": the button is a plain link that works
// without JavaScript. This script hides the page at once and replaces it in the
// history (so Back does not return here), and adds the Shift-three-times shortcut.
(function () {
    "use strict";

    var PRESSES_NEEDED = 3;
    var WINDOW_MS = 5000;
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
        document.documentElement.classList.add("quick-exit-active");
        document.title = "";
        forgetNotes();
        // Inside an embed, embed-frame.js keeps Back from showing the course again.
        document.dispatchEvent(new Event("alongside:leaving"));
        // Inside another site's frame, leave the whole page, not just the frame.
        var target = document.documentElement.hasAttribute("data-embedded") ? window.top : window;
        target.location.replace(button.href);
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

    function say(text) {
        status.textContent = text;
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
            say("Leaving this page");
            leave();
            return;
        }
        var left = PRESSES_NEEDED - presses;
        say("Press Shift " + left + " more time" + (left === 1 ? "" : "s") + " to leave this page");
        timer = window.setTimeout(reset, WINDOW_MS);
    });
})();
