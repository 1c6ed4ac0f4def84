// The admin's "Copy the code" buttons: shown only where the browser can copy. What
// they say after copying comes from the page, in its language (data-copied,
// data-copy-refused).
(function () {
    "use strict";

    if (!navigator.clipboard) {
        return;
    }
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
        var source = document.getElementById(button.getAttribute("data-copy-from"));
        var status = button.parentNode.querySelector("[data-copy-status]");
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(source.value).then(
                function () {
                    status.textContent = button.getAttribute("data-copied");
                },
                function () {
                    source.select();
                    status.textContent = button.getAttribute("data-copy-refused");
                }
            );
        });
    });
})();
