// "Insert fact": search the catalog from above the article body, choose an embed or an
// inline fact the registry allows for the match, insert it at the cursor and add the
// object to the piece's subjects. The endpoint is the body's data-catalog-search; no
// inline script or style (CSP). ARIA combobox + listbox: arrows, Enter, Escape.
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var uid = 0;

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else if (name === "hidden") node.hidden = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  // Put text in the body at the cursor (at the end if the body was never focused).
  // A block embed gets a line of its own, with a blank line around it, and the caret
  // goes past that blank line: words typed next start a paragraph of their own
  // instead of joining the embed's line, which would turn the box into plain text.
  // A wrapper (a spoiler's opening and closing lines around an empty one) puts the
  // caret on that empty line, where its passage is written.
  function insert(body, text, isBlock, touched) {
    var value = body.value;
    var start = touched ? body.selectionStart : value.length;
    var end = touched ? body.selectionEnd : value.length;
    var before = value.slice(0, start);
    var after = value.slice(end);
    var skip = 0;
    if (isBlock) {
      if (before && !/\n\n$/.test(before)) before += /\n$/.test(before) ? "\n" : "\n\n";
      after = "\n\n" + after.replace(/^\n+/, "");
      skip = 2;
    }
    body.value = before + text + after;
    var inside = isBlock ? text.indexOf("\n\n") : -1;
    var caret = before.length + (inside >= 0 ? inside + 1 : text.length + skip);
    body.focus();
    body.setSelectionRange(caret, caret);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Select the object in the subjects autocomplete (a select2 over a <select>).
  function addSubject(subject) {
    if (!subject) return false;
    var select = document.getElementById("id_" + subject.field);
    if (!select) return false;
    var value = String(subject.id);
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === value;
    });
    if (option && option.selected) return false;
    if (!option) {
      option = new Option(subject.label, value, true, true);
      select.appendChild(option);
    }
    option.selected = true;
    if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
    else select.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function subjectsName(field) {
    var label = document.querySelector('label[for="id_' + field + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").toLowerCase() : "subjects";
  }

  function setUp(body) {
    var url = body.getAttribute("data-catalog-search");
    var touched = false;
    var timer = null;
    var sequence = 0;
    var options = [];
    var active = -1;
    var picked = null;

    var root = make("div", { className: "desk-picker" });
    var open = make("button", {
      type: "button",
      className: "button desk-picker__open",
      "aria-expanded": "false",
      "aria-controls": "desk-picker-panel",
    }, "Insert fact");
    var note = make("p", { className: "desk-picker__note", role: "status" });
    var bar = make("div", { className: "desk-picker__bar" });
    bar.append(open, note);

    var panel = make("div", { id: "desk-picker-panel", className: "desk-picker__panel", hidden: true });
    var search = make("div", { className: "desk-picker__search" });
    var label = make("label", { for: "desk-picker-input" }, "Search the catalog");
    var input = make("input", {
      id: "desk-picker-input",
      type: "text",
      className: "vTextField",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": "desk-picker-results",
      "aria-describedby": "desk-picker-help",
      autocomplete: "off",
      spellcheck: "false",
    });
    var help = make("p", { id: "desk-picker-help", className: "help" },
      "A show, “heartstopper 3”, “season 3”, a person, a character or a book. " +
      "↑ ↓ to move, Enter to choose, Esc to close.");
    var results = make("div", {
      id: "desk-picker-results",
      role: "listbox",
      "aria-label": "Catalog matches",
      className: "desk-picker__results",
      hidden: true,
    });
    var status = make("p", { className: "desk-picker__status", role: "status" });
    search.append(label, input, help, results, status);

    var choices = make("fieldset", { className: "desk-picker__choices", hidden: true });
    var legend = make("legend");
    var list = make("div", { className: "desk-picker__options" });
    var actions = make("div", { className: "desk-picker__actions" });
    var insertButton = make("button", { type: "button", className: "button default" }, "Insert");
    var back = make("button", { type: "button", className: "button" }, "Back to results");
    var cancel = make("button", { type: "button", className: "button" }, "Close");
    actions.append(insertButton, back, cancel);
    choices.append(legend, list, actions);
    panel.append(search, choices);
    root.append(bar, panel);

    var anchor = body.closest(".flex-container") || body;
    anchor.parentNode.insertBefore(root, anchor);

    body.addEventListener("focus", function () { touched = true; });

    function showPanel(show) {
      panel.hidden = !show;
      open.setAttribute("aria-expanded", String(show));
      if (show) {
        showChoices(false);
        note.textContent = "";
        input.focus();
        input.select();
        if (input.value.trim()) request(input.value);
      } else {
        clearTimeout(timer);
        sequence += 1;  // a search still running is no longer wanted
        showResults(false);
      }
    }

    function showResults(show) {
      results.hidden = !show;
      input.setAttribute("aria-expanded", String(show));
      if (!show) setActive(-1);
    }

    function showChoices(show) {
      choices.hidden = !show;
      search.hidden = show;
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", String(i === index));
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(groups) {
      results.replaceChildren();
      options = [];
      groups.forEach(function (group) {
        var headingId = "desk-picker-group-" + (++uid);
        var box = make("div", { role: "group", "aria-labelledby": headingId });
        box.append(make("div", { id: headingId, role: "presentation", className: "desk-picker__group" }, group.label));
        group.results.forEach(function (result) {
          var element = make("div", {
            id: "desk-picker-option-" + (++uid),
            role: "option",
            "aria-selected": "false",
            className: "desk-picker__option",
          });
          element.append(
            make("span", { className: "desk-picker__label" }, result.label),
            make("span", { className: "desk-picker__ref" }, result.target + "=" + result.ref)
          );
          var index = options.length;
          element.addEventListener("mousedown", function (event) { event.preventDefault(); });
          element.addEventListener("click", function () { choose(index); });
          options.push({ element: element, result: result });
          box.append(element);
        });
        results.append(box);
      });
      var count = options.length;
      status.textContent = count
        ? count + (count === 1 ? " match" : " matches") + ". ↑ ↓ to move, Enter to choose."
        : "Nothing in the catalog matches “" + input.value.trim() + "”.";
      showResults(count > 0);
      if (count) setActive(0);
    }

    function request(text) {
      var mine = ++sequence;
      if (!text.trim()) {
        results.replaceChildren();
        options = [];
        showResults(false);
        status.textContent = "";
        return;
      }
      status.textContent = "Searching…";
      fetch(url + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (mine === sequence) render(data.groups);  // an older answer never wins
        })
        .catch(function () {
          if (mine === sequence) status.textContent = "The catalog could not be searched; try again.";
        });
    }

    function radio(name, value, text, hint, isBlock) {
      var id = "desk-picker-choice-" + (++uid);
      var row = make("div", { className: "desk-picker__choice" });
      var button = make("input", { type: "radio", name: name, id: id, value: value });
      button.dataset.block = isBlock ? "1" : "";
      var caption = make("label", { for: id });
      caption.append(make("span", { className: "desk-picker__choice-name" }, text));
      if (hint) caption.append(make("span", { className: "desk-picker__choice-help" }, " — " + hint));
      caption.append(make("code", { className: "desk-picker__syntax" }, value));
      row.append(button, caption);
      return row;
    }

    function choose(index) {
      var result = options[index].result;
      picked = result;
      legend.replaceChildren("Insert ", make("strong", {}, result.label), " as");
      list.replaceChildren();
      var name = "desk-picker-choice-" + (++uid);
      if (result.kinds.length) {
        var blocks = make("fieldset", { className: "desk-picker__set" });
        blocks.append(make("legend", {}, "A block, on its own line"));
        result.kinds.forEach(function (kind) {
          kind.embeds.forEach(function (embed) {
            var text = kind.label + (embed.flag && embed.flag !== kind.default_flag ? " (" + embed.flag + ")" : "");
            blocks.append(radio(name, embed.syntax, text, kind.help, true));
          });
        });
        list.append(blocks);
      }
      if (result.inline_fields.length) {
        var inline = make("fieldset", { className: "desk-picker__set" });
        inline.append(make("legend", {}, "A fact inside a sentence"));
        result.inline_fields.forEach(function (field) {
          inline.append(radio(name, field.syntax, field.name.replace(/_/g, " "), field.help, false));
        });
        list.append(inline);
      }
      showResults(false);
      showChoices(true);
      var first = list.querySelector("input[type=radio]");
      if (first) {
        first.checked = true;
        first.focus();
      }
    }

    function insertChoice() {
      var checked = list.querySelector("input[type=radio]:checked");
      if (!checked || !picked) return;
      var added = addSubject(picked.subject);
      showPanel(false);
      insert(body, checked.value, checked.dataset.block === "1", touched);
      touched = true;
      note.textContent = "Inserted " + checked.value +
        (added ? "; added " + picked.subject.label + " to the piece’s " + subjectsName(picked.subject.field) : "") + ".";
    }

    open.addEventListener("click", function () { showPanel(panel.hidden); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { request(input.value); }, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!options.length) return;
        if (results.hidden) showResults(true);
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + options.length) % options.length);
      } else if (event.key === "Enter") {
        event.preventDefault();  // never submit the article form from here
        if (active >= 0 && !results.hidden) choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        if (!results.hidden) showResults(false);
        else {
          showPanel(false);
          open.focus();
        }
      }
    });
    choices.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.type === "radio") {
        event.preventDefault();
        insertChoice();
      } else if (event.key === "Escape") {
        event.preventDefault();
        showChoices(false);
        input.focus();
      }
    });
    insertButton.addEventListener("click", insertChoice);
    back.addEventListener("click", function () {
      showChoices(false);
      input.focus();
      showResults(options.length > 0);
    });
    cancel.addEventListener("click", function () {
      showPanel(false);
      open.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("id_body");
    if (body && body.hasAttribute("data-catalog-search")) setUp(body);
  });
})();
