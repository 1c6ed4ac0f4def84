// The admin's "Copy the code" buttons: shown only where the browser can copy.
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
                    status.textContent = "Copied. Paste it into your page.";
                },
                function () {
                    source.select();
                    status.textContent = "Your browser did not allow copying: the code is selected, press Ctrl+C (or Cmd+C).";
                }
            );
        });
    });
})();
