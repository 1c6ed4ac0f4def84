// For organisations' pages: fits each Alongside frame to its content. Only messages
// from the frame itself, from the frame's own origin, are believed.
(function () {
    "use strict";

    window.addEventListener("message", function (event) {
        if (!event.data || event.data.type !== "alongside:resize") {
            return;
        }
        var frames = document.querySelectorAll("iframe[data-alongside-embed]");
        for (var i = 0; i < frames.length; i++) {
            var frame = frames[i];
            if (event.source === frame.contentWindow && event.origin === new URL(frame.src).origin) {
                var height = parseInt(event.data.height, 10);
                if (height > 0 && height < 100000) {
                    frame.style.height = height + "px";
                }
            }
        }
    });
})();
