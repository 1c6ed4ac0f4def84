// The completion page's Print button: shown only where the browser can print.
(function () {
    "use strict";

    var button = document.querySelector("[data-print]");
    if (!button || typeof window.print !== "function") {
        return;
    }
    button.addEventListener("click", function () {
        window.print();
    });
    button.hidden = false;
    var hint = document.querySelector("[data-print-hint]");
    if (hint) {
        hint.hidden = false;
    }
})();
