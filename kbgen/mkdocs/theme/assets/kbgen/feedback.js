/* kbgen "Was this page helpful?" widget. Yes: thanks. No: asks why (buttons carrying
   data-kb-reason), then thanks and offers the support link. Answers go out as kb_feedback
   through window.kbgen.track, which sends nothing unless the site owner chose a provider. */
(function () {
  "use strict";

  var pending = null;

  function report(helpful, reason) {
    var detail = { page: location.pathname, title: document.title, helpful: helpful, reason: reason };
    if (window.kbgen && typeof window.kbgen.track === "function") {
      window.kbgen.track("kb_feedback", { page: detail.page, helpful: helpful, reason: reason });
    }
    document.dispatchEvent(new CustomEvent("kbgen:feedback", { detail: detail }));
  }

  function show(form, selector, focusTarget) {
    Array.prototype.forEach.call(form.querySelectorAll("fieldset, [data-kb-thanks]"), function (part) {
      part.hidden = !part.matches(selector);
    });
    // One "Still need help?" at a time: the thanks after "No" carries its own.
    var ownHelp = selector === '[data-kb-thanks="no"]' && form.querySelector("[data-kbgen-support-block]");
    Array.prototype.forEach.call(document.querySelectorAll("[data-kbgen-support-block]"), function (block) {
      if (ownHelp && !form.contains(block)) block.hidden = true;
    });
    var shown = form.querySelector(selector);
    var target = focusTarget ? shown.querySelector(focusTarget) : shown;
    if (target) target.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-kb-answer], [data-kb-reason]");
    if (!button) return;
    var form = button.closest("[data-kb-feedback]");
    if (!form) return;
    var answer = button.getAttribute("data-kb-answer");
    if (answer === "yes") {
      show(form, '[data-kb-thanks="yes"]');
      report(true, null);
    } else if (answer === "no") {
      pending = form;
      show(form, "[data-kb-reasons]", "[data-kb-reason]");
    } else {
      pending = null;
      show(form, '[data-kb-thanks="no"]');
      report(false, button.getAttribute("data-kb-reason"));
    }
  });

  // "No" without a reason still counts, once, when the reader leaves the page.
  window.addEventListener("pagehide", function () {
    if (pending) {
      pending = null;
      report(false, null);
    }
  });
})();
