// The private plan (lessons/blocks.py, PlanBlock): kept in this browser's storage, and
// only when the learner ticks "Save my notes on this device". Nothing is ever sent to
// the server. The quick exit (quick-exit.js) clears it too.
(function () {
    "use strict";

    var KEY = "alongside-notes";

    function read() {
        try {
            return JSON.parse(window.localStorage.getItem(KEY)) || null;
        } catch (error) {
            return null;
        }
    }

    function setUp(plan) {
        var fields = plan.querySelectorAll("textarea[data-plan-field]");
        var controls = plan.querySelector("[data-plan-controls]");
        var keep = plan.querySelector("[data-plan-keep]");
        var status = plan.querySelector("[data-plan-status]");
        var noJs = plan.querySelector(".plan__no-js");
        var storageWorks = true;

        // What the plan says comes from its template, in the page's language:
        // data-no-storage-text, data-saved-text... on the status line.
        function say(what) {
            status.textContent = status.getAttribute("data-" + what + "-text") || "";
        }
        try {
            window.localStorage.getItem(KEY);
        } catch (error) {
            storageWorks = false;
        }

        controls.hidden = false;
        if (noJs) {
            noJs.hidden = true;
        }
        if (!storageWorks) {
            keep.disabled = true;
            say("no-storage");
        }

        function save() {
            var notes = read() || {};
            fields.forEach(function (field) {
                notes[field.id] = field.value;
            });
            try {
                window.localStorage.setItem(KEY, JSON.stringify(notes));
                return true;
            } catch (error) {
                say("not-saved");
                return false;
            }
        }

        var saved = storageWorks ? read() : null;
        if (saved) {
            keep.checked = true;
            fields.forEach(function (field) {
                field.value = saved[field.id] || "";
            });
        }

        fields.forEach(function (field) {
            field.addEventListener("input", function () {
                if (keep.checked) {
                    save();
                }
            });
        });
        keep.addEventListener("change", function () {
            if (keep.checked) {
                if (save()) {
                    say("saved");
                }
            } else {
                window.localStorage.removeItem(KEY);
                say("unsaved");
            }
        });
        plan.querySelector("[data-plan-delete]").addEventListener("click", function () {
            window.localStorage.removeItem(KEY);
            keep.checked = false;
            fields.forEach(function (field) {
                field.value = "";
            });
            say("deleted");
        });
        plan.querySelector("[data-plan-print]").addEventListener("click", function () {
            window.print();
        });
    }

    document.querySelectorAll("[data-plan]").forEach(setUp);
})();
