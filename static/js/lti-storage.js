// LTI client-side OIDC ("platform storage"): the login keeps its state in the
// learning platform's storage through postMessage, and the launch checks it is
// there, so a launch opens only in the window whose login started it. No cookies.
// https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
(function () {
  "use strict";
  var page = document.querySelector("[data-lti-storage]");
  if (!page) return;
  var data = page.dataset;
  var target =
    data.target === "_parent" ? window.parent : window.parent.frames[data.target];
  var WAIT = 3000; // ms for the platform to answer

  function ask(message) {
    return new Promise(function (resolve, reject) {
      if (!target) return reject(new Error("no storage"));
      var id = "alongside-" + Math.random().toString(36).slice(2);
      function answered(event) {
        var reply = event.data;
        if (
          event.origin !== data.origin ||
          !reply ||
          reply.message_id !== id ||
          reply.subject !== message.subject + ".response"
        ) {
          return;
        }
        window.removeEventListener("message", answered);
        if (reply.error) reject(new Error(reply.error.message));
        else resolve(reply.value);
      }
      window.addEventListener("message", answered);
      message.message_id = id;
      target.postMessage(message, data.origin);
      setTimeout(function () {
        window.removeEventListener("message", answered);
        reject(new Error("no answer"));
      }, WAIT);
    });
  }

  function refuse() {
    page.querySelector("[data-lti-storage-status]").hidden = true;
    page.querySelector("[data-lti-storage-refused]").hidden = false;
  }

  function goOn() {
    window.location.replace(data.next);
  }

  if (data.ltiStorage === "store") {
    // Where the platform's storage does not answer, the page offers the same
    // login in a new window, where no storage is needed.
    ask({ subject: "lti.put_data", key: data.key, value: data.state }).then(
      goOn,
      refuse
    );
  } else {
    ask({ subject: "lti.get_data", key: data.key }).then(function (value) {
      if (value === data.state) goOn();
      else refuse();
    }, refuse);
  }
})();
