// The merge view of a refused save (no inline script: CSP).
//
// The server has already put the merge in the form: what only they changed is
// theirs, what only you changed is yours, a field you both changed holds yours, and
// a paragraph you both changed sits in the body between marker lines. These buttons
// only make choosing quicker: Keep yours / Keep theirs for a field, and Keep yours /
// theirs / both for a conflict in the body. Each change fires the form's own events,
// so the live preview and autosave follow; nothing is saved until Save.
(function () {
  "use strict";

  var MARK_MINE = "<<<<<<< yours";
  var MARK_THEIRS = "======= theirs";
  var MARK_END = ">>>>>>> end of conflict";
  var panel = document.getElementById("desk-merge");
  var form = document.getElementById("article_form");
  if (!panel || !form) return;

  function changed(el) {
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    if (el.tagName === "SELECT" && window.django && window.django.jQuery) {
      window.django.jQuery(el).trigger("change"); // autocomplete widgets listen here
    }
  }

  function setField(el, value, label) {
    if (el.type === "checkbox") {
      el.checked = value === "on";
    } else if (el.tagName === "SELECT") {
      var found = Array.prototype.some.call(el.options, function (option) {
        return option.value === value;
      });
      if (!found) el.appendChild(new Option(label, value, true, true));
      el.value = value;
    } else {
      el.value = value;
    }
    changed(el);
  }

  function paragraphs(text) {
    return text ? [text] : [];
  }

  function conflictText(mine, theirs) {
    return [MARK_MINE].concat(paragraphs(mine), [MARK_THEIRS], paragraphs(theirs), [MARK_END])
      .join("\n\n");
  }

  function resolve(choice, keep) {
    var body = form.elements.namedItem(choice.getAttribute("data-merge-field"));
    var mine = choice.getAttribute("data-mine-text");
    var theirs = choice.getAttribute("data-theirs-text");
    var marked = conflictText(mine, theirs);
    var value = body.value.replace(/\r\n/g, "\n");
    var at = value.indexOf(marked);
    var status = choice.querySelector(".desk-merge__done");
    if (!status) {
      status = document.createElement("span");
      status.className = "desk-merge__done";
      status.setAttribute("role", "status");
      choice.appendChild(status);
    }
    if (at === -1) {
      status.textContent = "This conflict was changed in the body: resolve it there.";
      return;
    }
    var kept = { mine: mine, theirs: theirs, both: [mine, theirs].filter(Boolean).join("\n\n") }[keep];
    var before = value.slice(0, at).replace(/\n+$/, "");
    var after = value.slice(at + marked.length).replace(/^\n+/, "");
    body.value = [before, kept, after].filter(Boolean).join("\n\n");
    changed(body);
    Array.prototype.forEach.call(choice.querySelectorAll("button"), function (button) {
      button.disabled = true;
    });
    status.textContent = { mine: "Kept yours.", theirs: "Kept theirs.", both: "Kept both." }[keep];
  }

  Array.prototype.forEach.call(panel.querySelectorAll(".desk-merge__choice"), function (choice) {
    choice.hidden = false;
    choice.addEventListener("click", function (event) {
      var button = event.target.closest("[data-merge-keep]");
      if (!button) return;
      var keep = button.getAttribute("data-merge-keep");
      if (choice.hasAttribute("data-merge-conflict")) {
        resolve(choice, keep);
        return;
      }
      var el = form.elements.namedItem(choice.getAttribute("data-merge-field"));
      if (!el || !el.tagName) return;
      setField(el, choice.getAttribute("data-" + keep), choice.getAttribute("data-" + keep + "-label"));
      Array.prototype.forEach.call(choice.querySelectorAll("[data-merge-keep]"), function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
    });
  });
})();
