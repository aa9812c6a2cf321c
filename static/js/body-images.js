// Drop or paste a picture onto the article body: ask for its alt text (and an
// optional caption and credit) in a dialog, upload it into the image library, then
// insert its [[image id=N]] embed at the cursor. Nothing is uploaded until the alt
// text is given; Cancel (or Escape) uploads nothing.
(function () {
  "use strict";
  var body = document.getElementById("id_body");
  var dialog = document.getElementById("body-image-dialog");
  if (!body || !dialog || typeof dialog.showModal !== "function") return;
  var form = dialog.querySelector("form");
  var alt = document.getElementById("body-image-alt");
  var caption = document.getElementById("body-image-caption");
  var credit = document.getElementById("body-image-credit");
  var preview = document.getElementById("body-image-preview");
  var fileName = document.getElementById("body-image-file");
  var errors = document.getElementById("body-image-errors");
  var status = document.getElementById("body-image-status");
  var upload = document.getElementById("body-image-upload");
  var cancel = document.getElementById("body-image-cancel");
  var pending = null; // {file, start, end}

  function imageFile(transfer) {
    if (!transfer || !transfer.files) return null;
    for (var i = 0; i < transfer.files.length; i++) {
      if (/^image\//.test(transfer.files[i].type)) return transfer.files[i];
    }
    return null;
  }

  function hasFiles(transfer) {
    return !!transfer && Array.prototype.indexOf.call(transfer.types || [], "Files") >= 0;
  }

  function showErrors(messages) {
    errors.replaceChildren();
    messages.forEach(function (message) {
      var line = document.createElement("p");
      line.textContent = message;
      errors.appendChild(line);
    });
    errors.hidden = messages.length === 0;
  }

  function open(file) {
    pending = { file: file, start: body.selectionStart, end: body.selectionEnd };
    form.reset();
    showErrors([]);
    status.textContent = "";
    upload.disabled = false;
    fileName.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
    preview.hidden = true;
    preview.removeAttribute("src");
    var reader = new FileReader(); // a data: URL, which the CSP allows for images
    reader.onload = function () {
      if (pending && pending.file === file) {
        preview.src = reader.result;
        preview.hidden = false;
      }
    };
    reader.readAsDataURL(file);
    dialog.showModal();
    alt.focus();
  }

  function insertBlock(job, text) {
    var value = body.value;
    var before = value.slice(0, job.start);
    var after = value.slice(job.end);
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var trail = /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    body.value = before + lead + text + trail + after;
    var caret = (before + lead + text + trail).length;
    body.setSelectionRange(caret, caret);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function close() {
    pending = null;
    dialog.close();
    body.focus();
  }

  function send() {
    var job = pending;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var data = new FormData();
    data.append("file", job.file, job.file.name || "pasted.png");
    data.append("alt_text", alt.value.trim());
    data.append("caption", caption.value.trim());
    data.append("credit", credit.value.trim());
    data.append("article", dialog.getAttribute("data-article") || "");
    upload.disabled = true;
    status.textContent = "Uploading…";
    fetch(dialog.getAttribute("data-upload-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
      body: data,
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { errors: { __all__: ["The upload failed (" + response.status + "). Try again."] } };
        });
      })
      .then(function (result) {
        if (result.embed) {
          insertBlock(job, result.embed);
          if (dialog.open) close();
          return;
        }
        var messages = [];
        Object.keys(result.errors || {}).forEach(function (name) {
          result.errors[name].forEach(function (message) { messages.push(message); });
        });
        showErrors(messages.length ? messages : ["The upload failed. Try again."]);
        status.textContent = "";
        upload.disabled = false;
      })
      .catch(function () {
        showErrors(["The upload failed: no connection. Try again."]);
        status.textContent = "";
        upload.disabled = false;
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!pending) return;
    if (!alt.value.trim()) {
      showErrors(["Describe the picture in the alt text first."]);
      alt.setAttribute("aria-invalid", "true");
      alt.focus();
      return;
    }
    alt.removeAttribute("aria-invalid");
    send();
  });
  cancel.addEventListener("click", close);
  dialog.addEventListener("close", function () { pending = null; });

  body.addEventListener("dragover", function (event) {
    if (hasFiles(event.dataTransfer)) {
      event.preventDefault();
      body.classList.add("is-dropping");
    }
  });
  body.addEventListener("dragleave", function () { body.classList.remove("is-dropping"); });
  body.addEventListener("drop", function (event) {
    body.classList.remove("is-dropping");
    var file = imageFile(event.dataTransfer);
    if (!file) return;
    event.preventDefault();
    open(file);
  });
  body.addEventListener("paste", function (event) {
    var file = imageFile(event.clipboardData);
    if (!file) return;
    event.preventDefault();
    open(file);
  });
})();
