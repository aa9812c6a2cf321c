/*
 * The follow form on cached show pages.
 *
 * A cached page cannot carry a reader's CSRF token, so the form arrives hidden and
 * without one. This script asks the uncached token URL for a CSRF token (the
 * response also sets the CSRF cookie), fills it in and shows the form. Without
 * JavaScript, or if the request fails, the "Follow by e-mail" link to the form page
 * stays.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.follow-form[data-token-url]");
  if (!form) {
    return;
  }
  var fallback = document.querySelector("[data-follow-fallback]");

  fetch(form.getAttribute("data-token-url"), {
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
    form.hidden = false;
    fallback.hidden = true;
  }).catch(function () {
    /* The fallback link to the uncached form page stays visible. */
  });
})();
