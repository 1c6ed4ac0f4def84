// Reading comfort: the text-size and colour form (templates/includes/reading_comfort.html)
// works without JavaScript, by sending it. Here a choice shows at once, and the same
// form goes in the background, so the page stays where the learner is reading. What it
// says comes from the form's data-...-text attributes, in the page's language.
(function () {
    "use strict";

    var form = document.querySelector("[data-reading]");
    if (!form || !window.fetch || !window.FormData) {
        return;
    }
    var root = document.documentElement;
    var status = form.querySelector("[data-reading-status]");
    form.querySelector("[data-reading-save]").hidden = true;

    function show(value, prefix, standard) {
        Array.prototype.slice.call(root.classList).forEach(function (className) {
            if (className.indexOf(prefix) === 0) {
                root.classList.remove(className);
            }
        });
        if (value !== standard) {
            root.classList.add(prefix + value);
        }
    }

    form.addEventListener("change", function (event) {
        var input = event.target;
        if (input.name === "size") {
            show(input.value, "text-", "standard");
        } else if (input.name === "scheme") {
            show(input.value, "scheme-", "system");
        }
        status.textContent = "";
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
            .then(function () {
                status.textContent = status.getAttribute("data-saved-text");
            })
            .catch(function () {
                status.textContent = status.getAttribute("data-failed-text");
            });
    });
})();
