/*
 * The comment form on cached article pages.
 *
 * A cached page cannot carry a reader's CSRF token, so the form arrives hidden and
 * empty of tokens. This script asks the uncached token endpoint for a CSRF token (the
 * response also sets the CSRF cookie) and a signed form timestamp, fills them in and
 * shows the form. Without JavaScript, or if the request fails, the "Write a comment"
 * link to the form page stays. Reply links fill in the reply target in place.
 */
(function () {
  "use strict";

  var section = document.getElementById("comments");
  var form = section && section.querySelector("form.comment-form[data-token-url]");
  if (!form) {
    return;
  }
  var fallback = section.querySelector("[data-comment-fallback]");
  var closed = section.querySelector("[data-comment-closed]");
  var replying = form.querySelector("[data-replying]");
  var replyingName = form.querySelector("[data-replying-name]");
  var fetchedAt = 0;
  var maxAgeMs = 0;
  var sending = false;

  function loadTokens() {
    return fetch(form.getAttribute("data-token-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("token request failed: " + response.status);
      }
      return response.json();
    }).then(function (data) {
      form.elements.csrfmiddlewaretoken.value = data.csrf_token;
      form.elements.form_token.value = data.form_token;
      fetchedAt = Date.now();
      maxAgeMs = data.max_age * 1000;
      return data;
    });
  }

  function cancelReply() {
    form.elements.parent.value = "";
    replying.hidden = true;
    replyingName.textContent = "";
  }

  loadTokens().then(function (data) {
    if (!data.open) {
      form.remove();
      fallback.hidden = true;
      closed.hidden = false;
      return;
    }
    form.hidden = false;
    fallback.hidden = true;
  }).catch(function () {
    /* The fallback link to the uncached form page stays visible. */
  });

  section.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (!link || form.hidden || !form.isConnected) {
      return;
    }
    event.preventDefault();
    form.elements.parent.value = link.getAttribute("data-reply-to");
    replyingName.textContent = link.getAttribute("data-reply-name");
    replying.hidden = false;
    form.scrollIntoView({ block: "start" });
    form.elements.body.focus();
  });

  form.querySelector("[data-cancel-reply]").addEventListener("click", cancelReply);

  /*
   * Keep the form timestamp fresh while the page stays open (the server refuses a
   * stale one), without renewing it just before a post (it also refuses a new one).
   */
  function refreshIfOld() {
    if (fetchedAt && Date.now() - fetchedAt > maxAgeMs / 2) {
      loadTokens().catch(function () {});
    }
  }
  window.setInterval(refreshIfOld, 60000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      refreshIfOld();
    }
  });

  form.addEventListener("submit", function (event) {
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    form.querySelector("button[type=submit]").disabled = true;
  });

  /* Back from the next page (bfcache): the form may be used again. */
  window.addEventListener("pageshow", function () {
    sending = false;
    form.querySelector("button[type=submit]").disabled = false;
  });
})();
