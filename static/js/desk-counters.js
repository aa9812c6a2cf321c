// Writing aids on the article form: words and reading time under the body, character
// counts on the SEO fields, and previews of the search result and the share card.
// The rules are articles/writing.py's (keep them in step); limits and URLs come from
// the fields' data attributes. No inline script or style (CSP).
(function () {
  "use strict";

  var INLINE_FACT = /\{\{[^{}\n]*\}\}/g;
  var BLOCK_LINE = /^\[\[.*\]\][ \t]*$/;
  var LINK_TARGET = /\]\([^)\n]*\)/g;
  var WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

  function wordCount(body) {
    var lines = body.split(/\r\n|\r|\n/).filter(function (line) {
      return !BLOCK_LINE.test(line);
    });
    var text = lines.join("\n").replace(INLINE_FACT, " fact ").replace(LINK_TARGET, "] ");
    return (text.match(WORD) || []).length;
  }

  function readingTime(body, perMinute) {
    var words = wordCount(body);
    return words + (words === 1 ? " word" : " words") + " · " +
      Math.ceil(words / perMinute) + " min read";
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function after(field, node) {
    var anchor = field.closest(".flex-container") || field;
    anchor.parentNode.insertBefore(node, anchor.nextSibling);
  }

  function value(id) {
    var field = document.getElementById(id);
    return field ? field.value.trim() : "";
  }

  function watch(fields, update) {
    fields.forEach(function (field) {
      if (field) field.addEventListener("input", update);
    });
  }

  function bodyCounter(body) {
    var perMinute = Number(body.getAttribute("data-words-per-minute")) || 230;
    var counter = make("p", "desk-count desk-count--body");
    counter.id = "desk-body-count";
    after(body, counter);
    var update = function () { counter.textContent = readingTime(body.value, perMinute); };
    body.addEventListener("input", update);
    update();
  }

  // "38 of 60 characters", with a word (not only a colour) when out of range.
  function seoCounter(field, fallbackId, fallbackName) {
    var min = Number(field.getAttribute("data-min")) || 0;
    var max = Number(field.getAttribute("data-max"));
    var counter = make("p", "desk-count");
    counter.id = field.id + "-count";
    after(field, counter);
    var update = function () {
      var own = field.value.trim();
      var text = own || value(fallbackId);
      var length = text.length;
      var range = min ? min + "–" + max : "up to " + max;
      var message = length + (length === 1 ? " character" : " characters") +
        " (recommended " + range + ")";
      var warning = "";
      if (length > max) warning = "Too long: search results cut it after about " + max + " characters.";
      else if (length && length < min) warning = "Short: search engines may write their own.";
      if (!own) message = "Empty: the " + fallbackName + " is used, " + message;
      counter.textContent = message + (warning ? ". " : ".");
      counter.classList.toggle("desk-count--warning", Boolean(warning));
      if (warning) counter.append(make("strong", "desk-count__warning", "Warning: " + warning));
    };
    watch([field, document.getElementById(fallbackId)], update);
    update();
  }

  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1).trimEnd() + "…" : text;
  }

  function previews(title, description) {
    var siteName = title.getAttribute("data-site-name");
    var pageUrl = title.getAttribute("data-page-url");
    var defaultImage = title.getAttribute("data-default-image");
    var shareImage = title.getAttribute("data-share-image");
    var max = Number(title.getAttribute("data-max"));
    var descriptionMax = Number(description.getAttribute("data-max"));

    var box = make("div", "desk-previews");
    var serp = make("section", "desk-seo-preview desk-serp");
    serp.setAttribute("aria-labelledby", "desk-serp-heading");
    var serpHeading = make("h3", "desk-seo-preview__heading", "Search result preview");
    serpHeading.id = "desk-serp-heading";
    var serpUrl = make("p", "desk-serp__url");
    var serpTitle = make("p", "desk-serp__title");
    var serpText = make("p", "desk-serp__description");
    serp.append(serpHeading, serpUrl, serpTitle, serpText);

    var card = make("section", "desk-seo-preview desk-card");
    card.setAttribute("aria-labelledby", "desk-card-heading");
    var cardHeading = make("h3", "desk-seo-preview__heading", "Share card preview");
    cardHeading.id = "desk-card-heading";
    var figure = make("div", "desk-card__box");
    var image = make("img", "desk-card__image");
    image.alt = "";
    image.src = defaultImage;
    var cardBody = make("div", "desk-card__body");
    var cardSite = make("p", "desk-card__site");
    var cardTitle = make("p", "desk-card__title");
    var cardText = make("p", "desk-card__description");
    cardBody.append(cardSite, cardTitle, cardText);
    figure.append(image, cardBody);
    card.append(cardHeading, figure);
    box.append(serp, card);

    // Inside the section's <details> when it is collapsible, so they fold with it.
    var section =
      description.closest("details") || description.closest("fieldset") || description.parentNode;
    section.append(box);

    // As the article page's <title>, og:title and description (includes/meta.html).
    var update = function () {
      var pageTitle = (value("id_seo_title") || value("id_title") || "Untitled piece") + " · " + siteName;
      var text = value("id_seo_description") || value("id_standfirst");
      var slug = value("id_slug") || "…";
      serpUrl.textContent = pageUrl.replace("SLUG", slug);
      serpTitle.textContent = clip(pageTitle, max + siteName.length + 3);
      serpText.textContent = clip(text, descriptionMax) || "No description: search engines will pick a sentence from the page.";
      cardSite.textContent = new URL(pageUrl).host;
      cardTitle.textContent = pageTitle;
      cardText.textContent = clip(text, descriptionMax);
    };
    watch(["id_title", "id_slug", "id_standfirst", "id_seo_title", "id_seo_description"].map(function (id) {
      return document.getElementById(id);
    }), update);
    update();

    // og:image is the hero's share-size rendition, or the site's default picture.
    var hero = document.getElementById("id_hero_image");
    var sequence = 0;
    var showHero = function () {
      var mine = ++sequence;
      var id = hero && hero.value;
      if (!id) {
        image.src = defaultImage;
        return;
      }
      fetch(shareImage.replace(/\/0\/$/, "/" + encodeURIComponent(id) + "/"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) {
          if (mine === sequence) image.src = data.url || defaultImage;
        })
        .catch(function () {
          if (mine === sequence) image.src = defaultImage;
        });
    };
    if (hero) {
      hero.addEventListener("change", showHero);
      if (window.django && window.django.jQuery) window.django.jQuery(hero).on("change", showHero);
      showHero();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("id_body");
    if (body && body.hasAttribute("data-words-per-minute")) bodyCounter(body);
    var title = document.getElementById("id_seo_title");
    var description = document.getElementById("id_seo_description");
    if (title && title.hasAttribute("data-site-name")) {
      seoCounter(title, "id_title", "title");
      if (description) {
        seoCounter(description, "id_standfirst", "standfirst");
        previews(title, description);
      }
    }
  });
})();
