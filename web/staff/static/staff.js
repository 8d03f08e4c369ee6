// Roll call without reloading. Each person is a small form that works on
// its own (POST, then back to the same place on the page); with this
// script the same form is sent with fetch and only its button changes.
"use strict";
(function () {
  var roll = document.querySelector(".roll");
  if (!roll || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var count = document.getElementById("count");
  roll.addEventListener("submit", function (ev) {
    var form = ev.target;
    var button = form.querySelector("button");
    var present = form.querySelector('input[name="present"]');
    if (!button || !present || button.getAttribute("aria-busy") === "true") {
      ev.preventDefault();
      return;
    }
    ev.preventDefault();
    button.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form))
    }).then(function (res) {
      if (res.status === 401) {
        window.location.assign("/staff/login?next=" + encodeURIComponent(window.location.pathname));
        return null;
      }
      var type = res.headers.get("Content-Type") || "";
      if (!res.ok || type.indexOf("application/json") !== 0) {
        throw new Error("roll call: " + res.status);
      }
      return res.json();
    }).then(function (data) {
      if (!data) {
        return;
      }
      button.setAttribute("aria-pressed", data.present ? "true" : "false");
      present.value = data.present ? "0" : "1";
      var state = button.querySelector(".state");
      if (state) {
        // Nobody is "not come" before the roll call has begun.
        state.textContent = data.present ? roll.dataset.present : (data.count > 0 ? roll.dataset.absent : "");
      }
      if (count) {
        count.textContent = data.countText;
      }
      button.removeAttribute("aria-busy");
    }).catch(function () {
      // Whatever went wrong, the plain form still works.
      button.removeAttribute("aria-busy");
      form.submit();
    });
  });
})();
