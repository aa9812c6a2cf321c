// The writing desk's live preview (no inline script: CSP). While the author types, the
// unsaved form is POSTed (debounced) to the desk-preview endpoint, which answers with
// the public article page, the body's errors and what the sanitiser will drop. The
// page goes into a same-origin iframe (the public CSS stays out of the admin); the
// problems are listed above the preview and under the body field, each with a button
// that selects its line. Every request carries a sequence number, and an answer older
// than the preview on screen is dropped, so a slow request never hides newer text.
// data-seq (the preview shown) and data-pending (requests in flight) on #desk-preview
// tell tests and other desk scripts where it stands.
(function () {
  "use strict";

  var DELAY = 400;
  var desk = document.getElementById("desk");
  var section = document.getElementById("desk-preview");
  if (!desk || !section) return;
  var form = desk.closest("form");
  var frame = document.getElementById("desk-preview-frame");
  var status = document.getElementById("desk-preview-status");
  var body = document.getElementById("id_body");
  var title = document.getElementById("id_title");
  var url = section.getAttribute("data-url");
  var sent = 0;
  var shown = 0;
  var timer = null;
  var pending = 0; // requests in flight, as data-pending (tests and other desk scripts)

  // --- problems, each with its line ------------------------------------------------

  var previewLists = {
    errors: document.getElementById("desk-preview-errors"),
    warnings: document.getElementById("desk-preview-warnings"),
  };
  var bodyLists = null;
  if (body) {
    var under = document.createElement("div");
    under.className = "desk-body-problems";
    under.id = "desk-body-problems";
    bodyLists = {
      errors: previewLists.errors.cloneNode(true),
      warnings: previewLists.warnings.cloneNode(true),
    };
    bodyLists.errors.id = "desk-body-errors";
    bodyLists.warnings.id = "desk-body-warnings";
    under.append(bodyLists.errors, bodyLists.warnings);
    body.insertAdjacentElement("afterend", under);
    var described = body.getAttribute("aria-describedby");
    body.setAttribute("aria-describedby", (described ? described + " " : "") + under.id);
  }

  function fill(box, items) {
    var list = box.querySelector("ul");
    list.replaceChildren();
    items.forEach(function (item) {
      var entry = document.createElement("li");
      if (item.line) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "desk-line";
        button.setAttribute("data-line", item.line);
        button.textContent = item.message;
        entry.appendChild(button);
      } else {
        entry.textContent = item.message;
      }
      list.appendChild(entry);
    });
    box.hidden = items.length === 0;
  }

  function showProblems(result) {
    ["errors", "warnings"].forEach(function (kind) {
      fill(previewLists[kind], result[kind] || []);
      if (bodyLists) fill(bodyLists[kind], result[kind] || []);
    });
  }

  function selectLine(number) {
    if (!body) return;
    setView("write");
    var lines = body.value.split("\n");
    var start = 0;
    for (var i = 0; i < number - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[number - 1] || "").length;
    body.focus();
    body.setSelectionRange(start, end);
    // Scroll the textarea so the line is in view (about one line-height per line).
    var lineHeight = parseFloat(getComputedStyle(body).lineHeight) || 20;
    body.scrollTop = Math.max(0, (number - 3) * lineHeight);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".desk-line");
    if (button) selectLine(parseInt(button.getAttribute("data-line"), 10));
  });

  // --- the preview -----------------------------------------------------------------

  function draw(html) {
    var doc = frame.contentDocument;
    if (doc && doc.body && doc.body.classList.contains("is-desk-preview")) {
      // Swap only the body: the stylesheets stay loaded and the scroll position stays.
      var fresh = new DOMParser().parseFromString(html, "text/html");
      doc.title = fresh.title;
      doc.body.replaceWith(doc.adoptNode(fresh.body));
    } else {
      doc.open();
      doc.write(html);
      doc.close();
    }
    followTheme();
    section.setAttribute("data-seq", String(shown));
  }

  // The admin's theme toggle (auto, light, dark) sets data-theme on its <html>; the
  // preview's stylesheet (css/desk-preview.css) reads the same attribute.
  function followTheme() {
    var doc = frame.contentDocument;
    var theme = document.documentElement.getAttribute("data-theme") || "auto";
    if (doc && doc.documentElement) doc.documentElement.setAttribute("data-theme", theme);
  }

  new MutationObserver(followTheme).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });

  // One request at a time: typing during a slow render queues one more, so a busy
  // server never gets a pile of renders; the sequence check still guards the order.
  var again = false;

  function refresh() {
    timer = null;
    if (pending > 0) {
      again = true;
      return;
    }
    var seq = ++sent;
    var data = new FormData(form);
    data.set("desk_seq", String(seq));
    status.textContent = "Updating…";
    section.setAttribute("data-pending", String(++pending));
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (result) {
        if (seq <= shown) return; // a newer preview is already on screen
        shown = seq;
        draw(result.html);
        showProblems(result);
        // Other desk scripts (the pre-publish checklist) read the same answer.
        section.dispatchEvent(new CustomEvent("desk:previewed", { detail: result }));
        if (seq === sent && !again) status.textContent = "Up to date.";
      })
      .catch(function () {
        if (seq === sent) {
          status.textContent = "The preview could not be updated; your text is not lost.";
        }
      })
      .finally(function () {
        section.setAttribute("data-pending", String(--pending));
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // The admin's autocompletes (select2) announce changes through jQuery only.
  if (window.django && window.django.jQuery) window.django.jQuery(form).on("change", schedule);

  // A headline is one line: Enter does not break it, a pasted line break becomes a space.
  if (title && title.tagName === "TEXTAREA") {
    title.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    title.addEventListener("input", function () {
      if (/[\r\n]/.test(title.value)) title.value = title.value.replace(/\s*[\r\n]+\s*/g, " ");
    });
  }

  // --- widths and the Write / Preview switch ---------------------------------------

  function press(buttons, chosen) {
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", button === chosen ? "true" : "false");
    });
  }

  // Switched from far down the form, the preview starts at the top of the screen,
  // under the sticky switch, not somewhere in its middle; Write comes back where the
  // writer left off.
  var writeScroll = null;

  function setView(view) {
    var leaving = desk.getAttribute("data-view");
    if (leaving === "write" && view !== "write") writeScroll = window.scrollY;
    desk.setAttribute("data-view", view);
    press(
      Array.prototype.slice.call(desk.querySelectorAll("[data-desk-view]")),
      desk.querySelector('[data-desk-view="' + view + '"]')
    );
    if (view === leaving) return;
    if (view === "preview" && desk.getBoundingClientRect().top < 0) {
      desk.scrollIntoView({ block: "start" });
    } else if (view === "write" && writeScroll !== null) {
      window.scrollTo(0, writeScroll);
    }
  }

  desk.addEventListener("click", function (event) {
    var viewButton = event.target.closest("[data-desk-view]");
    if (viewButton) setView(viewButton.getAttribute("data-desk-view"));
    var widthButton = event.target.closest("[data-desk-width]");
    if (widthButton) {
      var phone = widthButton.getAttribute("data-desk-width") === "phone";
      section.classList.toggle("desk-preview--phone", phone);
      press(
        Array.prototype.slice.call(section.querySelectorAll("[data-desk-width]")),
        widthButton
      );
    }
  });

  refresh();
})();
