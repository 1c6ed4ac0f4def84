// The launcher in a SCORM package (scorm/package.py), running inside a learning
// system (LMS). It opens the course from Alongside in a frame, through the
// organisation's embed, and reports the learner's progress to the LMS's SCORM API:
// completion, pass or not, and the score (the share of the package's lessons passed,
// out of 100). Grading stays on Alongside.
//
// Learners stay anonymous: the launcher never reads the LMS's learner id or name. It
// keeps only the embed's learner key, in cmi.suspend_data, which the LMS keeps for
// each of its users: the same user comes back to their progress, and two users of
// one shared browser never share theirs.
(function () {
    "use strict";

    var frame = document.getElementById("alongside-course");
    var status = document.getElementById("alongside-status");
    var config = frame.dataset;
    var KEY = /^[-\w]{40,}$/;
    // What the launcher may say, in the package's language (templates/scorm/launch.html).
    var NO_LMS = status.getAttribute("data-no-lms");
    var NOT_OPENED = status.getAttribute("data-not-opened");
    // Every page of the course answers within a moment of loading; one that does not
    // was refused (or never came).
    var ANSWER_WITHIN_MS = 5000;
    var started = new Date();

    // The scope's progress, as the course tells it (embed-progress.js): lessons passed
    // ("done") of "total", the score out of 100 (course/progress.py) and "passed" once
    // every one is.
    function share(scope) {
        return scope.total > 0 ? Math.round(10000 * scope.done / scope.total) / 10000 : 0;
    }

    // What each version of SCORM calls things.
    var VERSIONS = {
        "1.2": {
            api: "API",
            initialize: "LMSInitialize",
            getValue: "LMSGetValue",
            setValue: "LMSSetValue",
            commit: "LMSCommit",
            terminate: "LMSFinish",
            exit: "cmi.core.exit",
            sessionTime: function (seconds) {
                // CMITimespan: HHHH:MM:SS
                function two(n) { return (n < 10 ? "0" : "") + n; }
                var hours = Math.min(Math.floor(seconds / 3600), 9999);
                return ("000" + hours).slice(-4) + ":" +
                    two(Math.floor(seconds / 60) % 60) + ":" + two(seconds % 60);
            },
            sessionTimeElement: "cmi.core.session_time",
            progress: function (scope) {
                return [
                    ["cmi.core.score.min", "0"],
                    ["cmi.core.score.max", "100"],
                    ["cmi.core.score.raw", String(scope.score)],
                    ["cmi.core.lesson_status", scope.passed ? "passed" : "incomplete"]
                ];
            }
        },
        "2004": {
            api: "API_1484_11",
            initialize: "Initialize",
            getValue: "GetValue",
            setValue: "SetValue",
            commit: "Commit",
            terminate: "Terminate",
            exit: "cmi.exit",
            sessionTime: function (seconds) {
                return "PT" + seconds + "S";
            },
            sessionTimeElement: "cmi.session_time",
            progress: function (scope) {
                return [
                    ["cmi.score.min", "0"],
                    ["cmi.score.max", "100"],
                    ["cmi.score.raw", String(scope.score)],
                    ["cmi.score.scaled", String(scope.score / 100)],
                    ["cmi.progress_measure", String(share(scope))],
                    ["cmi.completion_status", scope.passed ? "completed" : "incomplete"],
                    // Not passed yet is not failed: the learner can always go on.
                    ["cmi.success_status", scope.passed ? "passed" : "unknown"]
                ];
            }
        }
    };
    var scorm = VERSIONS[config.scormVersion];

    // SCORM's API discovery: the LMS puts its API object on a window above this one,
    // or, when it opened the course in a new window, on that window's opener.
    function findAbove(win) {
        for (var climbs = 0; win && climbs < 100; climbs++) {
            try {
                if (win[scorm.api]) {
                    return win[scorm.api];
                }
            } catch (error) {
                // A window of another origin: look further up.
            }
            if (win.parent === win) {
                break;
            }
            win = win.parent;
        }
        return null;
    }

    var api = findAbove(window) || (window.opener ? findAbove(window.opener) : null);
    var connected = Boolean(api) && String(api[scorm.initialize]("")) === "true";

    function get(element) {
        return connected ? String(api[scorm.getValue](element)) : "";
    }

    function set(element, value) {
        if (connected) {
            api[scorm.setValue](element, value);
        }
    }

    function commit() {
        if (connected) {
            api[scorm.commit]("");
        }
    }

    function keptKey() {
        try {
            var key = JSON.parse(get("cmi.suspend_data") || "{}").key;
            return KEY.test(key) ? key : null;
        } catch (error) {
            return null;
        }
    }

    var key = keptKey();
    if (connected) {
        // Kept when the learner leaves unfinished, so that they come back to it.
        set(scorm.exit, "suspend");
        commit();
    } else {
        status.textContent = NO_LMS;
    }
    frame.src = key ? config.resume.replace("{key}", key) : config.start;

    function scopeOf(progress) {
        if (config.scope === "course") {
            return progress.course && String(progress.course.id) === config.scopeId ? progress.course : null;
        }
        return (progress.stages || {})[config.scopeId] || null;
    }

    var waiting = null;

    window.addEventListener("message", function (event) {
        var progress = event.data;
        if (event.origin !== config.site || event.source !== frame.contentWindow ||
                !progress || progress.type !== "alongside:progress") {
            return;
        }
        clearTimeout(waiting);
        if (status.textContent === NOT_OPENED) {
            status.textContent = connected ? "" : NO_LMS;
        }
        if (KEY.test(progress.key || "") && progress.key !== key) {
            key = progress.key;
            set("cmi.suspend_data", JSON.stringify({ key: key }));
        }
        var scope = scopeOf(progress);
        if (scope) {
            scorm.progress(scope).forEach(function (pair) {
                set(pair[0], pair[1]);
            });
        }
        commit();
    });

    // Each page of the course tells its progress when it loads; the learner's key
    // only to a page around it that asks.
    frame.addEventListener("load", function () {
        frame.contentWindow.postMessage({ type: "alongside:progress-request" }, config.site);
        clearTimeout(waiting);
        waiting = setTimeout(function () {
            status.textContent = NOT_OPENED;
        }, ANSWER_WITHIN_MS);
    });

    var finished = false;
    function finish() {
        if (!connected || finished) {
            return;
        }
        finished = true;
        set(scorm.sessionTimeElement, scorm.sessionTime(Math.round((new Date() - started) / 1000)));
        commit();
        api[scorm.terminate]("");
    }
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
})();
