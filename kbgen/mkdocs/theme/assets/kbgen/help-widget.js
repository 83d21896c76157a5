/* kbgen help widget: search the help centre from inside a product page.

   <script src="https://help.example/assets/kbgen/help-widget.js"
           data-kb-base="https://help.example/" defer></script>

   Options (attributes of the script tag):
     data-kb-base      the help centre's root URL (default: two folders above this script)
     data-kb-label     text of the floating button (default "Help")
     data-kb-launcher  "none" to hide the floating button; open it from your own element with
                       data-kb-help-open (and optionally data-kb-query="invoice"), or from code
                       with window.kbgenHelp.open("query")

   It searches with the site's own engine (search-engine.js beside this script, the module
   the site's search box uses, imported on first use) over <base>kbgen-search/ and
   <base>pagefind/: same ranking, typo correction and
   honest "no results", fetching only the data a query needs. When nothing matches it shows
   the site's support link, and it sends the same kb_search events ({query, results}) as the
   site's search: through window.kbgen.track on the help centre's own pages, else to the
   site's "custom" endpoint or the page's gtag/plausible. The help site must send
   "Access-Control-Allow-Origin" (GitHub Pages sends "*"). No dependencies, no cookies, and
   article text is only ever set as text. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.kbgenHelp) return;
  var base = new URL(script.getAttribute("data-kb-base") || "../../", script.src);
  if (!/\/$/.test(base.pathname)) base.pathname += "/";
  var MAX_RESULTS = 8;
  var EXCERPT_WORDS = 18;
  var PAUSE_MS = 1000;

  var CSS = [
    ":host { all: initial; }",
    "* { box-sizing: border-box; }",
    ".launcher { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000;",
    "  font: 600 15px/1 system-ui, sans-serif; color: #fff; background: #303f9f;",
    "  border: 0; border-radius: 2rem; padding: 0.8rem 1.2rem; cursor: pointer;",
    "  box-shadow: 0 2px 8px rgba(0,0,0,.3); }",
    ".launcher:hover { background: #1a237e; }",
    "button:focus-visible, a:focus-visible, input:focus-visible {",
    "  outline: 3px solid #ff8f00; outline-offset: 2px; }",
    ".backdrop { position: fixed; inset: 0; z-index: 2147483001; background: rgba(0,0,0,.4);",
    "  display: flex; justify-content: flex-end; }",
    ".backdrop[hidden] { display: none; }",
    ".panel { width: min(28rem, 100%); height: 100%; overflow-y: auto; padding: 1.25rem;",
    "  background: #fff; color: #1f1f1f; font: 15px/1.5 system-ui, sans-serif; }",
    ".head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }",
    "h2 { font-size: 1.15rem; margin: 0; }",
    ".close { font: inherit; font-size: 1.4rem; line-height: 1; background: none; border: 0;",
    "  color: #1f1f1f; padding: 0.3rem 0.5rem; cursor: pointer; }",
    "label { display: block; margin: 1rem 0 0.3rem; font-weight: 600; }",
    "input { width: 100%; font: inherit; padding: 0.55rem 0.7rem; color: #1f1f1f;",
    "  border: 1px solid #6b6b6b; border-radius: 0.3rem; background: #fff; }",
    ".status { color: #4a4a4a; font-size: 0.9rem; min-height: 1.5em; margin: 0.6rem 0; }",
    "ul { list-style: none; margin: 0; padding: 0; }",
    "li + li { border-top: 1px solid #e0e0e0; }",
    "li a { display: block; padding: 0.7rem 0.2rem; color: #1f1f1f; text-decoration: none; }",
    "li a:hover .title { text-decoration: underline; }",
    ".title { display: block; color: #283593; font-weight: 600; }",
    ".description { display: block; font-size: 0.9rem; }",
    ".category { display: block; font-size: 0.8rem; color: #4a4a4a; }",
    ".more { margin-top: 1rem; font-size: 0.9rem; }",
    ".more a, .support a, .status button { color: #283593; }",
    ".status button { font: inherit; padding: 0; background: none; border: 0;",
    "  text-decoration: underline; cursor: pointer; }",
    ".support:empty { display: none; }",
    ".support p { margin: 0.8rem 0 0.3rem; font-weight: 600; }",
  ].join("\n");

  var host = document.createElement("div");
  host.setAttribute("data-kbgen-help", "");
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    '<button type="button" class="launcher" aria-haspopup="dialog" aria-expanded="false"></button>' +
    '<div class="backdrop" hidden>' +
    '<div class="panel" role="dialog" aria-modal="true" aria-labelledby="kbgen-title">' +
    '<div class="head"><h2 id="kbgen-title">Search the help centre</h2>' +
    '<button type="button" class="close" aria-label="Close help">\u00d7</button></div>' +
    '<form role="search"><label for="kbgen-query">What do you need help with?</label>' +
    '<input id="kbgen-query" type="search" autocomplete="off" spellcheck="false"></form>' +
    '<p class="status" role="status" aria-live="polite"></p>' +
    '<ul class="results" aria-label="Matching articles"></ul>' +
    '<div class="support" data-kbgen-help-support></div>' +
    '<p class="more"><a target="_blank" rel="noopener">Open the help centre</a></p>' +
    "</div></div>";
  var style = document.createElement("style");
  style.textContent = CSS;
  root.prepend(style);

  var launcher = root.querySelector(".launcher");
  var backdrop = root.querySelector(".backdrop");
  var panel = root.querySelector(".panel");
  var input = root.querySelector("input");
  var status = root.querySelector(".status");
  var results = root.querySelector(".results");
  var supportBox = root.querySelector(".support");
  var opener = null;
  var loading = null;
  var asTyped = null;
  var pauseTimer = null;
  var reported = null;
  var latest = { query: "", count: Promise.resolve(0) };

  launcher.textContent = script.getAttribute("data-kb-label") || "Help";
  launcher.hidden = script.getAttribute("data-kb-launcher") === "none";
  root.querySelector(".more a").href = base.href;

  function articleUrl(hit) {
    try {
      var url = new URL(String(hit.url || ""));
      return url.origin === base.origin && hit.path.charAt(1) !== "/" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  function prepare(hit) {
    var href = articleUrl(hit);
    var title = text(hit.title);
    if (!href || !title) return null;
    var kind = text(hit.kind) || "Article";
    return {
      href: href,
      title: title,
      description: text(hit.summary),
      category: kind === "Article" ? text(hit.category) : kind,
    };
  }

  function resultItem(entry) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = entry.href;
    link.addEventListener("click", function () { report(input.value.trim()); });
    link.target = "_blank";
    link.rel = "noopener";
    [["title", entry.title], ["description", entry.description], ["category", entry.category]]
      .forEach(function (part) {
        if (!part[1]) return;
        var span = document.createElement("span");
        span.className = part[0];
        span.textContent = part[1];
        link.appendChild(span);
      });
    item.appendChild(link);
    return item;
  }

  var generation = 0;

  function render() {
    var query = input.value.trim();
    var mine = ++generation;
    schedulePause(query);
    if (!query) {
      results.replaceChildren();
      supportBox.replaceChildren();
      status.textContent = "Type to search the help centre.";
      latest = { query: "", count: Promise.resolve(0) };
      return;
    }
    var done = load().then(function (loaded) {
      return new Promise(function (resolve) { setTimeout(resolve, 150); }).then(function () {
        if (mine !== generation) return null;
        var settings = { limit: MAX_RESULTS, correct: asTyped !== query, excerpts: false };
        return loaded.engine.search(query, settings).then(function (found) {
          if (mine !== generation) return null;
          show(query, found, loaded.meta);
          return found.total;
        });
      });
    });
    latest = { query: query, count: done.then(function (count) { return count || 0; }) };
    done.catch(function () {
      if (mine === generation) {
        status.textContent = "The help centre could not be reached. Try the link below.";
      }
    });
  }

  function show(query, found, meta) {
    var shown = found.results.map(prepare).filter(Boolean);
    var total = found.total;
    results.replaceChildren();
    supportBox.replaceChildren();
    shown.forEach(function (entry) { results.appendChild(resultItem(entry)); });
    if (!shown.length) status.textContent = "No articles match \u201c" + query + "\u201d.";
    else if (total === 1) status.textContent = "1 article matches.";
    else if (total === shown.length) status.textContent = total + " articles match.";
    else status.textContent = "The best " + shown.length + " of " + total + " matching articles.";
    if (shown.length && Object.keys(found.corrections).length) {
      status.prepend(correction(query, found.corrections));
    }
    if (!shown.length) showSupport(query, meta);
    results.setAttribute("data-kbgen-search-done", query);
  }

  function correction(query, corrections) {
    var notice = document.createElement("span");
    var em = document.createElement("em");
    em.textContent = query.replace(/[\p{L}\p{N}]+/gu, function (word) {
      return corrections[word.toLowerCase()] || word;
    });
    var again = document.createElement("button");
    again.type = "button";
    again.textContent = "Search for \u201c" + query + "\u201d instead";
    again.addEventListener("click", function () {
      asTyped = query;
      input.focus();
      render();
    });
    notice.append("Showing results for ", em, ". ", again, " ");
    return notice;
  }

  /* The help centre's support link, {query} filled with what the reader typed. */
  function showSupport(query, meta) {
    var support = meta && meta.client && meta.client.support;
    if (!support || !support.url) return;
    var values = { title: "", url: base.href, path: "", query: query };
    var href = support.url.replace(/\{(title|url|path|query)\}/g, function (match, name) {
      return encodeURIComponent(values[name]);
    });
    var heading = document.createElement("p");
    heading.textContent = support.heading || "Still need help?";
    var link = document.createElement("a");
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener";
    link.setAttribute("data-kbgen-support", "");
    link.textContent = support.label || "Contact support";
    link.addEventListener("click", function () {
      send("kb_contact", { page: location.pathname, query: query });
    });
    supportBox.append(heading, link);
  }

  function schedulePause(query) {
    clearTimeout(pauseTimer);
    if (query) pauseTimer = setTimeout(function () { report(query); }, PAUSE_MS);
  }

  /* Once per query, as the site's search: when the reader pauses or opens a result. */
  function report(query) {
    clearTimeout(pauseTimer);
    if (!query || query === reported) return;
    reported = query;
    var counted = latest.query === query ? latest.count : Promise.resolve(0);
    counted.then(function (count) { send("kb_search", { query: query, results: count }); });
  }

  function send(event, props) {
    if (window.kbgen && typeof window.kbgen.track === "function") {
      window.kbgen.track(event, props);
      return;
    }
    load().then(function (loaded) {
      loaded.module.track(loaded.meta.client && loaded.meta.client.analytics, event, props);
    }).catch(function () { /* no help centre: nothing to send */ });
  }

  function load() {
    if (!loading) {
      loading = import(new URL("search-engine.js", script.src).href).then(function (module) {
        var engine = module.createEngine(base.href, { excerptLength: EXCERPT_WORDS });
        return engine.init().then(function (meta) {
          return { engine: engine, module: module, meta: meta };
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function focusable() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button, input"),
      function (el) { return !el.disabled && el.getClientRects().length > 0; }
    );
  }

  function open(query) {
    if (backdrop.hidden) {
      opener = root.activeElement || document.activeElement;
      backdrop.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
    }
    if (typeof query === "string") input.value = query;
    input.focus();
    render();
  }

  function close() {
    if (backdrop.hidden) return;
    backdrop.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    var target = opener && opener.isConnected && opener !== document.body ? opener : launcher;
    opener = null;
    if (!target.hidden) target.focus();
  }

  launcher.addEventListener("click", function () { open(); });
  root.querySelector(".close").addEventListener("click", close);
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    report(input.value.trim());
    var first = results.querySelector("a");
    if (first) first.focus();
  });
  input.addEventListener("input", render);
  backdrop.addEventListener("click", function (event) {
    if (event.target === backdrop) close();
  });
  backdrop.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      var items = focusable();
      var first = items[0];
      var last = items[items.length - 1];
      var active = root.activeElement;
      if (items.indexOf(active) < 0) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && active === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  document.addEventListener("focusin", function () {
    if (!backdrop.hidden && !panel.contains(root.activeElement)) input.focus();
  });
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest && event.target.closest("[data-kb-help-open]");
    if (!trigger) return;
    event.preventDefault();
    open(trigger.getAttribute("data-kb-query") || undefined);
  });

  function mount() { document.body.appendChild(host); }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
  window.kbgenHelp = { open: open, close: close, base: base.href };
})();
