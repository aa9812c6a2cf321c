// Copy buttons for shareable preview links (the article form's PreviewLinkInline).
// The clipboard API where the browser allows it; otherwise the address is selected
// so Ctrl+C / Cmd+C copies it. No inline script or style (CSP).
(function () {
  "use strict";

  var RESET_AFTER = 4000;

  function show(button, status, copied) {
    button.textContent = copied ? "Copied" : "Copy link";
    button.classList.toggle("preview-link__copy--done", copied);
    status.textContent = copied ? "Link copied to the clipboard." : "";
  }

  function selectOnly(input, status) {
    input.focus();
    input.select();
    status.textContent = "Link selected: press Ctrl+C (Cmd+C on a Mac) to copy it.";
  }

  function copyBySelection(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function setUp(button) {
    var input = document.getElementById(button.getAttribute("data-copy-from"));
    var status = button.parentNode.querySelector(".preview-link__status");
    if (!input || !status) return;
    var timer = null;
    var done = function () {
      show(button, status, true);
      clearTimeout(timer);
      timer = setTimeout(function () { show(button, status, false); }, RESET_AFTER);
    };
    var fallback = function () {
      if (copyBySelection(input)) done();
      else selectOnly(input, status);
    };
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, fallback);
      } else {
        fallback();
      }
    });
    // Clicking the address selects all of it, ready to copy by hand.
    input.addEventListener("focus", function () { input.select(); });
    button.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".preview-link__copy[data-copy-from]").forEach(setUp);
  });
})();
