// "How are readers told?" on a public piece's form: the choice (silent fix, update,
// correction) appears once the title, standfirst or body differs from the saved text,
// and the note box once an update or a correction is chosen. The server asks again
// whatever this script does; without it both stay visible. No inline script (CSP).
(function () {
  "use strict";

  var TEXT_FIELDS = ["id_title", "id_standfirst", "id_body"];

  function row(name) {
    return document.querySelector(".form-row.field-" + name);
  }

  function init() {
    var choiceRow = row("reader_notice");
    var noteRow = row("reader_notice_text");
    if (!choiceRow) return; // a draft, or a piece readers cannot see yet
    var fields = TEXT_FIELDS.map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    var hasErrors = function (node) {
      return node && node.querySelector(".errorlist");
    };

    function textChanged() {
      return fields.some(function (field) {
        return field.value.replace(/\r\n/g, "\n").trim() !==
          field.defaultValue.replace(/\r\n/g, "\n").trim();
      });
    }

    function chosen() {
      var checked = choiceRow.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }

    function update() {
      var ask = textChanged() || hasErrors(choiceRow) || hasErrors(noteRow);
      choiceRow.hidden = !ask;
      if (noteRow) {
        noteRow.hidden = !ask || !(chosen() && chosen() !== "silent");
      }
    }

    fields.forEach(function (field) {
      field.addEventListener("input", update);
      field.addEventListener("change", update);
    });
    choiceRow.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
