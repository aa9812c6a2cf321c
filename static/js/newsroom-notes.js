// The article form's Notes panel: posts a note, a reply or Resolve without leaving
// the page, so the article form and its unsaved edits stay as they are. The server
// answers JSON with the refreshed panel (newsroom/admin.py); anything else falls back
// to the ordinary post and redirect. No inline script or style (CSP).
(function () {
  "use strict";

  function show(panel, message) {
    var status = panel.querySelector(".notes__status");
    if (status) status.textContent = message;
  }

  function replacePanel(html, message, focusId) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#notes");
    var panel = document.getElementById("notes");
    if (!fresh || !panel) throw new Error("no panel");
    panel.replaceWith(fresh);
    show(fresh, message);
    var target = focusId && document.getElementById(focusId);
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  function send(form) {
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok && data.html) {
          replacePanel(data.html, data.message, data.focus);
          return;
        }
        buttons.forEach(function (button) { button.disabled = false; });
        if (!data.error) throw new Error("unexpected answer");
        show(document.getElementById("notes"), data.error);
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.fetch || !form.closest || !form.closest("#notes")) return;
    event.preventDefault();
    send(form).catch(function () {
      form.submit();  // the ordinary post: the page reloads at the note
    });
  });
})();
