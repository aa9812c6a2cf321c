// Autosave, restore and the leave guard of the article form (no inline script: CSP).
//
// - While the author types, the writing fields are posted to the autosave endpoint
//   3 s after the last keystroke, and at least every 10 s during a long burst.
// - A banner (rendered by the server) offers an earlier autosave back: Restore fills
//   the form from its JSON payload; Discard deletes it. Until one is chosen nothing
//   is autosaved, so the offered words are never overwritten by new typing.
// - Leaving with changes asks first. "Changed" means the form differs from how it
//   loaded, so typing and then undoing is not a change; a real submit never asks.
(function () {
  "use strict";

  var DEBOUNCE_MS = 3000;
  var MAX_WAIT_MS = 10000;
  var KEEPALIVE_LIMIT = 60000;
  var root = document.querySelector(".desk-autosave");
  var form = document.getElementById("article_form");
  if (!root || !form) return;

  var names = (root.getAttribute("data-fields") || "").split(" ").filter(Boolean);
  var saveUrl = root.getAttribute("data-save-url");
  var discardUrl = root.getAttribute("data-discard-url");
  var draftKey = root.getAttribute("data-draft-key") || "";
  var offer = root.querySelector(".desk-autosave__offer");
  var status = root.querySelector(".desk-autosave__status");
  var keyInput = null;

  var loaded = null; // the form as it loaded, serialized
  var lastSent = null;
  var submitting = false;
  var offerPending = Boolean(offer);
  var debounceTimer = null;
  var maxTimer = null;
  var inFlight = false;
  var again = false;

  if (draftKey) {
    // A new piece: the real save posts the key, so the server drops its autosave.
    keyInput = document.createElement("input");
    keyInput.type = "hidden";
    keyInput.name = "_autosave_key";
    keyInput.value = draftKey;
    form.appendChild(keyInput);
  }

  // The status sits by the save buttons, where an author looks before leaving.
  var rows = form.querySelectorAll(".submit-row");
  if (rows.length) rows[rows.length - 1].appendChild(status);

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("desk-autosave__status--error", Boolean(isError));
  }

  function serialize() {
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var type = el.type;
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return;
      if (el === keyInput) return;
      if (["submit", "button", "reset", "image"].indexOf(type) !== -1) return;
      if ((type === "checkbox" || type === "radio") && !el.checked) return;
      if (type === "file") {
        pairs.push([el.name, Array.prototype.map.call(el.files, function (f) {
          return f.name;
        }).join("\n")]);
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (option) {
          if (option.selected) pairs.push([el.name, option.value]);
        });
      } else {
        pairs.push([el.name, el.value.replace(/\r\n/g, "\n")]);
      }
    });
    return JSON.stringify(pairs);
  }

  // A form sent back unsaved on purpose (the merge view) is unsaved work as loaded.
  var unsavedOnLoad = Boolean(document.querySelector("[data-desk-unsaved]"));

  function isDirty() {
    return unsavedOnLoad || (loaded !== null && serialize() !== loaded);
  }

  function fieldValues() {
    var fields = {};
    names.forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el || !el.tagName) return; // absent, read-only, or not one field
      if (el.tagName === "SELECT" && el.multiple) {
        fields[name] = Array.prototype.filter.call(el.options, function (option) {
          return option.selected && option.value;
        }).map(function (option) { return option.value; });
      } else {
        fields[name] = el.value;
      }
    });
    return fields;
  }

  function post(url, payload, keepalive) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var body = JSON.stringify(payload);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": token ? token.value : "",
      },
      body: body,
      // Outlives the page, within the browser's 64 kB limit for such requests.
      keepalive: Boolean(keepalive) && body.length < KEEPALIVE_LIMIT,
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.redirected || !data) {
          throw new Error("you may have been logged out");
        }
        if (!response.ok) {
          throw new Error(data.error || "the server answered " + response.status);
        }
        return data;
      });
    });
  }

  function clearTimers() {
    clearTimeout(debounceTimer);
    clearTimeout(maxTimer);
    debounceTimer = maxTimer = null;
  }

  function schedule() {
    if (loaded === null || offerPending || submitting) return;
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(flush, DEBOUNCE_MS);
    if (!maxTimer) maxTimer = setTimeout(flush, MAX_WAIT_MS);
  }

  // ``leaving``: the page is going away; send now, even beside a request in flight.
  function flush(leaving) {
    clearTimers();
    if (submitting || offerPending || loaded === null) return;
    var fields = fieldValues();
    var current = JSON.stringify(fields);
    if (current === lastSent) return;
    if (inFlight && !leaving) {
      again = true;
      return;
    }
    inFlight = true;
    setStatus("Saving draft…");
    var version = form.elements.namedItem("loaded_version");
    post(saveUrl, {
      fields: fields,
      base_version: version && version.value ? Number(version.value) : null,
      draft_key: draftKey || undefined,
    }, leaving === true)
      .then(function (result) {
        lastSent = current;
        setStatus("Autosaved at " + result.label + ". Save to keep it in the piece.");
      })
      .catch(function (error) {
        setStatus("Draft not kept: " + error.message + ". Your text is still here.", true);
      })
      .finally(function () {
        inFlight = false;
        if (again) {
          again = false;
          flush();
        }
      });
  }

  // --- the restore offer -------------------------------------------------------

  function settleOffer(message) {
    var done = document.createElement("p");
    done.className = "desk-autosave__done";
    done.tabIndex = -1;
    done.textContent = message;
    offer.replaceWith(done);
    offerPending = false;
    done.focus();
    if (isDirty()) schedule();
  }

  function selectValues(el, wanted, labels) {
    wanted.forEach(function (id) {
      var present = Array.prototype.some.call(el.options, function (option) {
        return option.value === id;
      });
      // An autocomplete select holds only the options it shows.
      if (!present && labels[id] !== undefined) el.add(new Option(labels[id], id));
    });
    if (!el.multiple && !wanted.length) {
      el.value = "";
      return;
    }
    Array.prototype.forEach.call(el.options, function (option) {
      option.selected = wanted.indexOf(option.value) !== -1;
    });
  }

  function restore() {
    var data = JSON.parse(document.getElementById("desk-autosave-data").textContent);
    var fields = data.fields || {};
    var choices = data.choices || {};
    // In the form's order: the title before the slug it would prepopulate.
    names.forEach(function (name) {
      if (!(name in fields)) return;
      var el = form.elements.namedItem(name);
      if (!el || !el.tagName) return;
      var value = fields[name];
      if (el.tagName === "SELECT") {
        var labels = {};
        (choices[name] || []).forEach(function (pair) { labels[String(pair[0])] = pair[1]; });
        var wanted = Array.isArray(value) ? value.map(String) : value ? [String(value)] : [];
        selectValues(el, wanted, labels);
      } else {
        el.value = value;
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
      if (window.django && window.django.jQuery) window.django.jQuery(el).trigger("change");
    });
    if (data.draft_key && keyInput) {
      // Keep writing into the restored new piece's autosave.
      draftKey = data.draft_key;
      keyInput.value = draftKey;
    }
    settleOffer(
      "Restored your unsaved changes from " + data.saved_at + ". Save to keep them."
    );
  }

  function discard(button) {
    var data = JSON.parse(document.getElementById("desk-autosave-data").textContent);
    button.disabled = true;
    post(discardUrl, { draft_key: data.draft_key || undefined })
      .then(function () {
        settleOffer("Discarded the unsaved changes.");
      })
      .catch(function (error) {
        button.disabled = false;
        setStatus("Could not discard: " + error.message + ".", true);
      });
  }

  if (offer) {
    offer.addEventListener("click", function (event) {
      if (event.target.closest("[data-autosave-restore]")) restore();
      var discardButton = event.target.closest("[data-autosave-discard]");
      if (discardButton) discard(discardButton);
    });
    setStatus("Autosave waits until you restore or discard the unsaved changes above.");
  }

  // --- watching the form and the way out ---------------------------------------

  function start() {
    loaded = serialize();
    lastSent = JSON.stringify(fieldValues()); // as loaded: nothing to keep yet
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // Autocomplete widgets announce changes through jQuery only.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(form).on("change", "select", schedule);
  }
  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    submitting = true;
    clearTimers();
  });
  // The author chose to leave (or the tab is closing): keep the last words typed.
  window.addEventListener("pagehide", function () { flush(true); });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !isDirty()) return;
    event.preventDefault();
    event.returnValue = ""; // older Chromium needs it set to ask
  });

  // After the admin's own scripts have set up their widgets.
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
