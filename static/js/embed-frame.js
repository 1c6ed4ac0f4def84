// Inside an organisation's embed. Messages go only to the organisation's origins, and
// only messages from the page around the frame, from one of those origins, are read.
// Loaded in <head> without defer: the first part must run before the page is shown.
(function () {
    "use strict";

    var root = document.documentElement;
    var origins = (root.getAttribute("data-embed-origins") || "").split(" ").filter(Boolean);
    // Set when the learner leaves by the quick exit, until the browser closes. A
    // cookie, partitioned by the website around the frame: browsers that block
    // third-party cookies deny such a frame its storage, but keep this.
    var LEFT = root.getAttribute("data-embed-left-cookie") || "left";

    function markLeft(left) {
        document.cookie = LEFT + "=" + (left ? "1" : "; Max-Age=0") + "; Path=/embed/; Secure; SameSite=None; Partitioned";
    }

    function hasLeft() {
        return document.cookie.split("; ").indexOf(LEFT + "=1") !== -1;
    }

    // The frame's pages are in the tab's history, so after the quick exit, Back can
    // bring the organisation's page up again with the frame at a page of the course.
    // A page reached that way shows nothing. Coming back any other way (a link, the
    // address bar) shows the course again.
    function cameBackByHistory(event) {
        var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
        return (event && event.persisted) || (entries[0] && entries[0].type === "back_forward");
    }

    function guard(event) {
        if (!hasLeft()) {
            return;
        }
        if (cameBackByHistory(event)) {
            root.classList.add("quick-exit-active");
            document.title = "";
        } else {
            markLeft(false);
        }
    }

    guard();
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            guard(event);
        }
    });
    document.addEventListener("alongside:leaving", function () {
        markLeft(true);
    });

    if (window.parent === window || !origins.length) {
        return;
    }

    function tell(message) {
        origins.forEach(function (origin) {
            window.parent.postMessage(message, origin);
        });
    }

    // The frame is as tall as its page, so the page never scrolls inside it: the page
    // around it does. It says which part of the frame is in view (embed.js), and the
    // quick exit moves there, so it is always in reach.
    function keepExitInView(visibleTop) {
        var bar = document.querySelector(".quick-exit");
        if (!bar) {
            return;
        }
        var room = root.scrollHeight - bar.offsetHeight;
        var offset = Math.max(0, Math.min(visibleTop, room));
        bar.style.transform = offset ? "translateY(" + Math.round(offset) + "px)" : "";
    }

    window.addEventListener("message", function (event) {
        if (event.source !== window.parent || origins.indexOf(event.origin) === -1 || !event.data) {
            return;
        }
        if (event.data.type === "alongside:viewport") {
            keepExitInView(Number(event.data.top) || 0);
        }
    });

    // The first page of a visit, marked by the embed's start (organisations/embed.py).
    function startsAVisit() {
        return new URLSearchParams(window.location.search).has("started");
    }

    var lastHeight = 0;

    function reportHeight() {
        var height = Math.ceil(root.scrollHeight);
        if (height !== lastHeight) {
            lastHeight = height;
            tell({ type: "alongside:resize", height: height });
        }
    }

    // A page reached from another page of the frame (a link, a quiz sent) asks the page
    // around it to scroll to the frame's top, or to what the page would focus: the quiz's
    // result or its errors. Browsers block autofocus in another site's frame.
    function bringIntoView() {
        var cameFromFrame = false;
        try {
            cameFromFrame = new URL(document.referrer).origin === window.location.origin;
        } catch (error) {
            // No referrer: the frame's first page.
        }
        // A visit's first page (after the start, or after going back to a kept key)
        // leaves the page around the frame where it is.
        if (!cameFromFrame || startsAVisit()) {
            return;
        }
        var target = document.querySelector("main [autofocus]");
        var top = target ? Math.max(0, target.getBoundingClientRect().top + window.scrollY - 16) : 0;
        tell({ type: "alongside:scroll", top: top });
        if (target) {
            target.focus({ preventScroll: true });
        }
    }

    // A browser that keeps no partitioned cookie may keep partitioned storage: there the
    // learner's key is kept too, and the first page of a new visit goes back to it.
    function keepLearnerKey() {
        var parts = window.location.pathname.match(/^\/embed\/([-\w]+)\/([-\w]{40,})(\/.*)$/);
        if (!parts || !startsAVisit()) {
            return false;
        }
        var store = "embed-learner:" + parts[1];
        var notice = document.querySelector("[data-embed-may-forget]");
        try {
            var kept = window.localStorage.getItem(store);
            if (notice && kept && kept !== parts[2] && /^[-\w]{40,}$/.test(kept)) {
                window.location.replace("/embed/" + parts[1] + "/" + kept + parts[3] + "?started");
                return true;
            }
            window.localStorage.setItem(store, parts[2]);
            if (notice && window.localStorage.getItem(store) === parts[2]) {
                notice.hidden = true;
            }
        } catch (error) {
            // No storage either: the notice offers a resume code.
        }
        return false;
    }

    // Other websites (a help line's, a link in a lesson) refuse to show inside a frame,
    // and would leave the learner at an error in the middle of the organisation's page:
    // they open in a new tab. (Help lines' links say so in the page itself.)
    function openOtherSitesInANewTab() {
        Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
            if (link.origin !== window.location.origin && /^https?:$/.test(link.protocol) && !link.target) {
                link.target = "_blank";
                link.relList.add("noopener");
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        if (keepLearnerKey()) {
            return;
        }
        openOtherSitesInANewTab();
        reportHeight();
        bringIntoView();
        if (window.ResizeObserver) {
            new ResizeObserver(reportHeight).observe(document.body);
        }
    });
    window.addEventListener("load", reportHeight);
})();
