// The "What's changed" box is a <details>: one line on phones, a tap away from its
// list. On wide screens, where it does not push the text far down, open it at once.
// Without this script it stays folded and still works. No inline script (CSP).
(function () {
  "use strict";
  document.querySelectorAll("details[data-open-from]").forEach(function (box) {
    if (window.matchMedia("(min-width: " + box.dataset.openFrom + ")").matches) {
      box.open = true;
    }
  });
})();
