// Inside an organisation's embed: tell the page around the frame how tall the
// course is, so the frame fits it. Messages go only to the organisation's origins.
(function () {
    "use strict";

    var origins = (document.documentElement.getAttribute("data-embed-origins") || "").split(" ").filter(Boolean);
    if (window.parent === window || !origins.length) {
        return;
    }
    var last = 0;

    function report() {
        var height = Math.ceil(document.documentElement.scrollHeight);
        if (height === last) {
            return;
        }
        last = height;
        origins.forEach(function (origin) {
            window.parent.postMessage({ type: "alongside:resize", height: height }, origin);
        });
    }

    if (window.ResizeObserver) {
        new ResizeObserver(report).observe(document.body);
    }
    window.addEventListener("load", report);
    report();
})();
