/* kbgen "Was this page helpful?" widget: works without analytics, sends nothing off-site
   unless the site owner configured an analytics provider. */
(function () {
  "use strict";

  function report(form, answer) {
    var detail = { page: location.pathname, title: document.title, helpful: answer === "yes" };
    var provider = form.getAttribute("data-kb-analytics");
    if (provider === "google" && typeof window.gtag === "function") {
      window.gtag("event", "feedback", { event_category: "helpful", event_label: detail.page, value: detail.helpful ? 1 : 0 });
    } else if (provider === "plausible" && typeof window.plausible === "function") {
      window.plausible("Feedback", { props: { page: detail.page, helpful: String(detail.helpful) } });
    }
    document.dispatchEvent(new CustomEvent("kbgen:feedback", { detail: detail }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-kb-answer]");
    if (!button) return;
    var form = button.closest("[data-kb-feedback]");
    var answer = button.getAttribute("data-kb-answer");
    form.querySelector(".kb-feedback__question").hidden = true;
    form.querySelector('[data-kb-thanks="' + answer + '"]').hidden = false;
    report(form, answer);
  });
})();
