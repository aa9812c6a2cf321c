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
