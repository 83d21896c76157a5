/* kbgen hook on Material's built-in search (until kbgen's own search UI replaces it): once the
   reader pauses, remember the query, report kb_search with the result count, and offer
   "Still need help?" with the query when nothing was found. Needs support.js (window.kbgen). */
(function () {
  "use strict";

  var PAUSE_MS = 1000;

  function translations() {
    var element = document.getElementById("__config");
    try {
      return (element && JSON.parse(element.textContent).translations) || {};
    } catch (error) {
      return {};
    }
  }

  function start() {
    var kbgen = window.kbgen;
    var input = document.querySelector(".md-search__input");
    var result = document.querySelector(".md-search-result");
    var meta = result && result.querySelector(".md-search-result__meta");
    if (!kbgen || !input || !meta) return;
    var none = translations()["search.result.none"] || "No matching documents";
    var timer = null;
    var reported = "";

    function count() {
      var text = meta.textContent.trim();
      if (text === none) return 0;
      var digits = text.match(/\d[\d,.\s]*/);
      if (digits) return parseInt(digits[0].replace(/\D/g, ""), 10);
      return null; // still initialising, or no query yet
    }

    function showSupport(query) {
      var old = result.querySelector("[data-kbgen-support-block]");
      if (old) old.remove();
      if (query === null) return;
      var block = kbgen.supportBlock(query);
      if (block) result.appendChild(block);
    }

    function settle() {
      var query = input.value.trim();
      var results = query ? count() : null;
      if (results === null) {
        showSupport(null);
        return;
      }
      kbgen.rememberQuery(query);
      showSupport(results === 0 ? query : null);
      var key = query.toLowerCase().replace(/\s+/g, " ");
      if (key !== reported) {
        reported = key;
        kbgen.track("kb_search", { query: query, results: results });
      }
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(settle, PAUSE_MS);
    }

    input.addEventListener("input", schedule);
    new MutationObserver(schedule).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
