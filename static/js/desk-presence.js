// Presence on the article change form (no inline script: CSP).
//
// On load and every 20 s the form tells the server "I have this piece open"; the
// answer lists who else has it open (heard from in the last minute), shown in the
// banner the server rendered with the page. Leaving the page sends a last "gone"
// (a keepalive request: a beacon that carries the CSRF token). Presence only
// informs: any failure here is silent and saving never waits for it.
(function () {
  "use strict";

  var BEAT_MS = 20000;
  var root = document.querySelector(".desk-presence");
  var form = document.getElementById("article_form");
  if (!root || !form || !window.fetch) return;

  var list = root.querySelector(".desk-presence__list");
  var timer = null;

  function body() {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var params = new URLSearchParams();
    params.append("csrfmiddlewaretoken", token ? token.value : "");
    return params;
  }

  function show(others) {
    list.textContent = "";
    others.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    root.hidden = others.length === 0;
  }

  function beat() {
    fetch(root.getAttribute("data-url"), {
      method: "POST",
      credentials: "same-origin",
      body: body(),
    })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("no presence");
        return response.json();
      })
      .then(function (data) {
        if (data && Array.isArray(data.others)) show(data.others);
      })
      .catch(function () { /* presence only informs */ });
  }

  function start() {
    if (timer) return;
    beat();
    timer = window.setInterval(beat, BEAT_MS);
  }

  window.addEventListener("pagehide", function () {
    window.clearInterval(timer);
    timer = null;
    fetch(root.getAttribute("data-leave-url"), {
      method: "POST",
      credentials: "same-origin",
      body: body(),
      keepalive: true,
    }).catch(function () { /* the page is gone; the minute's timeout will do */ });
  });
  // Back to a page kept in the browser's back-forward cache: present again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) start();
  });
  start();
})();
