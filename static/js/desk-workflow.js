// The pre-publish checklist beside Publish and Schedule follows the typing: each
// answer of the desk's live preview (desk-preview.js, event "desk:previewed") carries
// the server's checklist of the unsaved form, and the list is redrawn from it.
(function () {
  "use strict";

  var section = document.getElementById("desk-preview");
  var list = document.querySelector(".workflow-checklist__list");
  if (!section || !list) return;

  function item(check) {
    var li = document.createElement("li");
    li.className =
      "workflow-checklist__item workflow-checklist__item--" + (check.ok ? "ok" : "fail");
    var mark = document.createElement("span");
    mark.className = "workflow-checklist__mark";
    mark.textContent = check.ok ? "Done:" : "To do:";
    li.append(mark, " " + check.label);
    if (check.reason) {
      var reason = document.createElement("span");
      reason.className = "workflow-checklist__reason";
      reason.textContent = check.reason;
      li.append(". ", reason);
    }
    return li;
  }

  section.addEventListener("desk:previewed", function (event) {
    var checks = event.detail && event.detail.checklist;
    if (!Array.isArray(checks)) return;
    list.replaceChildren.apply(list, checks.map(item));
  });
})();
