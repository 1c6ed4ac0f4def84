// Inside an organisation's embed: tell the page around the frame how far the learner
// is, as {type: "alongside:progress", course: {id, done, total, score, passed},
// stages: {<id>: {done, total, score, passed}}} ("done": lessons passed; "score": their
// share out of 100, halves up; "passed": all of them). Sent when each page
// loads, and again with the learner's key ("key") to a page around the frame that
// asks with {type: "alongside:progress-request"} (a SCORM launcher keeps it for its
// user). Messages go only to the organisation's own websites.
(function () {
    "use strict";

    var data = document.getElementById("alongside-progress");
    if (!data || window.parent === window) {
        return;
    }
    data = JSON.parse(data.textContent);
    // Where the page may be shown, as base.html says it for embed-frame.js too.
    var origins = (document.documentElement.getAttribute("data-embed-origins") || "").split(" ").filter(Boolean);
    var progress = { type: "alongside:progress", course: data.course, stages: data.stages };

    origins.forEach(function (origin) {
        window.parent.postMessage(progress, origin);
    });

    window.addEventListener("message", function (event) {
        if (event.source !== window.parent || origins.indexOf(event.origin) === -1 ||
                !event.data || event.data.type !== "alongside:progress-request") {
            return;
        }
        var reply = { key: data.key };
        Object.keys(progress).forEach(function (name) {
            reply[name] = progress[name];
        });
        event.source.postMessage(reply, event.origin);
    });
})();
