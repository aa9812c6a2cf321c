// Copy buttons for the "Live facts you can embed" panel (no inline script: CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".lf-copy");
  if (!button) return;
  var text = button.getAttribute("data-snippet");
  var done = function () {
    var label = button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var field = document.createElement("textarea");
    field.value = text;
    document.body.appendChild(field);
    field.select();
    document.execCommand("copy");
    field.remove();
    done();
  }
});

// "Preview the body as typed": render the unsaved body with live facts, or list its
// errors with their lines. The HTML comes from our own sanitising endpoint.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".lf-preview-button");
  if (!button) return;
  var panel = button.closest(".lf-preview-panel");
  var body = document.getElementById("id_body");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  var errors = panel.querySelector(".lf-preview-errors");
  var data = new URLSearchParams();
  data.append("body", body ? body.value : "");
  button.disabled = true;
  fetch(panel.getAttribute("data-url"), {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": token ? token.value : "" },
    body: data,
  })
    .then(function (response) { return response.json(); })
    .then(function (result) {
      errors.replaceChildren();
      errors.hidden = !result.errors;
      (result.errors || []).forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        errors.appendChild(item);
      });
      if (result.html) panel.querySelector(".lf-preview-target").innerHTML = result.html;
    })
    .finally(function () { button.disabled = false; });
});
