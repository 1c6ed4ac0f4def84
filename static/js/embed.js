// For organisations' pages: fits each Alongside frame to its content, keeps the
// course's quick exit in view as the page scrolls, and scrolls to the frame's top
// when the learner moves to another page inside it. Only messages from the frame
// itself, from the frame's own origin, are believed.
(function () {
    "use strict";

    function frames() {
        return Array.prototype.slice.call(document.querySelectorAll("iframe[data-alongside-embed]"));
    }

    function originOf(frame) {
        return new URL(frame.src, window.location.href).origin;
    }

    // Which part of each frame is in view, in the frame's own coordinates.
    function tellViewports() {
        frames().forEach(function (frame) {
            if (frame.contentWindow) {
                var top = Math.max(0, -frame.getBoundingClientRect().top);
                frame.contentWindow.postMessage({ type: "alongside:viewport", top: top }, originOf(frame));
            }
        });
    }

    var pending = false;

    function tellSoon() {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(function () {
                pending = false;
                tellViewports();
            });
        }
    }

    window.addEventListener("scroll", tellSoon, { passive: true });
    window.addEventListener("resize", tellSoon);

    window.addEventListener("message", function (event) {
        if (!event.data || typeof event.data.type !== "string") {
            return;
        }
        frames().forEach(function (frame) {
            if (event.source !== frame.contentWindow || event.origin !== originOf(frame)) {
                return;
            }
            if (event.data.type === "alongside:resize") {
                var height = parseInt(event.data.height, 10);
                if (height > 0 && height < 100000) {
                    frame.style.height = height + "px";
                }
                tellSoon();
            } else if (event.data.type === "alongside:scroll") {
                var offset = parseInt(event.data.top, 10);
                if (offset >= 0 && offset < 100000) {
                    window.scrollTo(0, frame.getBoundingClientRect().top + window.scrollY + offset);
                }
            }
        });
    });
})();
