/* kbgen "Copy as Markdown": copies the article's Markdown twin (the page's
   <link rel="alternate" type="text/markdown">) to the clipboard. The button is shown only when
   this script runs, and the twin is fetched from this site only (never another origin).
   Announces the result in the button's status; dispatches "kbgen:copy-markdown" on success. */
(function () {
  "use strict";

  var COPIED = "Copied";
  var FAILED = "Could not copy: open the Markdown version";

  function twinUrl() {
    var link = document.querySelector('link[rel="alternate"][type="text/markdown"]');
    if (!link) return null;
    var url = new URL(link.getAttribute("href"), location.href);
    return url.origin === location.origin ? url.href : null;
  }

  function fetchTwin(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    });
  }

  // ClipboardItem takes a promise, so the write keeps the click's user activation while the
  // twin loads (Safari requires it); elsewhere the text is written once it has arrived.
  function copy(url) {
    var clipboard = navigator.clipboard;
    if (!clipboard) return Promise.reject(new Error("no clipboard"));
    if (window.ClipboardItem && clipboard.write) {
      var blob = fetchTwin(url).then(function (text) {
        return new Blob([text], { type: "text/plain" });
      });
      return clipboard.write([new ClipboardItem({ "text/plain": blob })]).catch(function () {
        return fetchTwin(url).then(function (text) { return clipboard.writeText(text); });
      });
    }
    return fetchTwin(url).then(function (text) { return clipboard.writeText(text); });
  }

  function showFailure(status, url) {
    status.textContent = FAILED + " ";
    var link = document.createElement("a");
    link.href = url;
    link.textContent = "(Markdown)";
    status.appendChild(link);
  }

  var url = twinUrl();
  if (!url) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-kb-copy-markdown]"), function (box) {
    var button = box.querySelector("[data-kb-copy-markdown-button]");
    var status = box.querySelector("[data-kb-copy-markdown-status]");
    if (!button || !status) return;
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      copy(url).then(
        function () {
          status.textContent = COPIED;
          document.dispatchEvent(new CustomEvent("kbgen:copy-markdown", { detail: { page: location.pathname } }));
        },
        function () { showFailure(status, url); }
      );
    });
  });
})();
