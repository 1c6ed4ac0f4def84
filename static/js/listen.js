// "Listen to this lesson": the browser's own speech synthesis reads the lesson's title
// and text aloud. Nothing is sent anywhere; where the browser has no speech, the
// control stays hidden (templates/lessons/includes/listen.html).
(function () {
    "use strict";

    var control = document.querySelector("[data-listen]");
    var speech = window.speechSynthesis;
    if (!control || !speech || typeof window.SpeechSynthesisUtterance !== "function") {
        return;
    }
    var play = control.querySelector("[data-listen-play]");
    var pause = control.querySelector("[data-listen-pause]");
    var stop = control.querySelector("[data-listen-stop]");
    var paused = false;

    // One utterance a paragraph: some browsers cut a long utterance short, and
    // a paragraph is a natural place to pause.
    function paragraphs() {
        var title = document.querySelector("main h1");
        var body = document.querySelector(".lesson__body");
        var text = (title ? title.innerText + "\n" : "") + (body ? body.innerText : "");
        return text.split(/\n+/).map(function (line) {
            return line.trim();
        }).filter(Boolean);
    }

    function showPlaying(playing) {
        play.hidden = playing;
        pause.hidden = !playing;
        stop.hidden = !playing;
        paused = false;
        pause.textContent = pause.getAttribute("data-pause-text");
    }

    function finish() {
        speech.cancel();
        showPlaying(false);
        play.focus();
    }

    play.addEventListener("click", function () {
        speech.cancel();
        var lines = paragraphs();
        lines.forEach(function (line, index) {
            var utterance = new SpeechSynthesisUtterance(line);
            // In the page's language (base.html sets it), with a voice for it where there is one.
            utterance.lang = document.documentElement.lang || "en-GB";
            if (index === lines.length - 1) {
                utterance.addEventListener("end", function () {
                    showPlaying(false);
                });
            }
            speech.speak(utterance);
        });
        showPlaying(true);
        pause.focus();
    });

    pause.addEventListener("click", function () {
        if (paused) {
            speech.resume();
        } else {
            speech.pause();
        }
        paused = !paused;
        pause.textContent = pause.getAttribute(paused ? "data-resume-text" : "data-pause-text");
    });

    stop.addEventListener("click", finish);

    // Silence at once on leaving, by the quick exit above all.
    document.addEventListener("alongside:leaving", function () {
        speech.cancel();
    });
    window.addEventListener("pagehide", function () {
        speech.cancel();
    });

    control.hidden = false;
})();
