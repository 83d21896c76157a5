/* kbgen search: the header search and the home page's search box over the Pagefind bundle.

   Pagefind (pagefind/pagefind.js, next to the site) is imported on the first focus, by a URL
   relative to this script, so a site served under a sub-path works and nothing comes from
   another host. A query fetches only the index chunks and fragments it needs.

   Hooks (defined by the support script when present, all optional):
     window.kbgen.track("kb_search", {query, results})  when the reader pauses typing, and on Enter
     window.kbgen.rememberQuery(query)                   as soon as its results show (kept in
                                                         this tab only, for support links)
     window.kbgen.supportBlock(query)                    an element shown when nothing matches
   Result text is only ever set as text; only Pagefind's <mark> highlighting is kept. */
(function () {
  "use strict";

  var script = document.currentScript;
  var input = document.querySelector("[data-kbgen-search]");
  if (!script || !input) return;
  var base = new URL("../../", script.src);
  var toggle = document.getElementById("__search");
  var list = document.querySelector("[data-kbgen-search-results]");
  var status = document.querySelector("[data-kbgen-search-status]");
  var support = document.querySelector("[data-kbgen-search-support]");
  var filters = document.querySelector("[data-kbgen-search-filters]");
  var kind = document.querySelector("[data-kbgen-search-kind]");
  var category = document.querySelector("[data-kbgen-search-category]");
  var form = input.form;
  var MAX_RESULTS = 10;
  var EXCERPT_WORDS = 24;
  var PAUSE_MS = 1000;
  var DEBOUNCE_MS = 100;

  var loading = null;
  var generation = 0;
  var latest = { query: "", count: Promise.resolve(0) };
  var pauseTimer = null;
  var reported = null;
  var opener = null;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: base.pathname, excerptLength: EXCERPT_WORDS })
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function chosenFilters() {
    var chosen = {};
    if (kind && kind.value) chosen.kind = kind.value;
    if (category && category.value) chosen.category = category.value;
    return chosen;
  }

  function showCategories(pagefind) {
    if (!filters || !filters.hidden) return;
    pagefind.filters().then(function (found) {
      Object.keys((found && found.category) || {}).sort().forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        category.appendChild(option);
      });
      filters.hidden = false;
    }).catch(function () { /* filters are optional */ });
  }

  function search() {
    var query = input.value.trim();
    var mine = ++generation;
    schedulePause(query);
    if (!query) {
      list.replaceChildren();
      support.replaceChildren();
      setStatus("Type to start searching");
      latest = { query: "", count: Promise.resolve(0) };
      return;
    }
    var done = load().then(function (pagefind) {
      return pagefind.debouncedSearch(query, { filters: chosenFilters() }, DEBOUNCE_MS)
        .then(function (found) {
          if (!found || mine !== generation) return null;
          var top = found.results.slice(0, MAX_RESULTS);
          var loads = top.map(function (hit) { return hit.data(); });
          var whole = false;
          if (loads.length > 1) {
            loads[0].then(function (first) {  // the best result first, the rest as they come
              if (mine === generation && !whole) render(query, [first], found.results.length);
            });
          }
          return Promise.all(loads).then(function (data) {
            whole = true;
            if (mine !== generation) return null;
            render(query, data, found.results.length);
            showCategories(pagefind);
            return found.results.length;
          });
        });
    });
    latest = { query: query, count: done.then(function (count) { return count || 0; }) };
    done.catch(function () {
      if (mine === generation) setStatus("Search is not available right now. Please try again.");
    });
  }

  function render(query, data, count) {
    window.kbgen?.rememberQuery?.(query);
    list.replaceChildren();
    support.replaceChildren();
    data.forEach(function (result) { list.appendChild(resultItem(result, query)); });
    if (!count) {
      setStatus("No results for \u201c" + query + "\u201d");
      var block = window.kbgen?.supportBlock?.(query);
      if (block instanceof Node) support.appendChild(block);
    } else if (count === 1) {
      setStatus("1 matching result");
    } else if (count > data.length) {
      setStatus(count + " matching results, showing the best " + data.length);
    } else {
      setStatus(count + " matching results");
    }
  }

  function resultItem(result, query) {
    var meta = result.meta || {};
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = result.url;
    var body = document.createElement("div");
    body.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "kb-search-result__title";
    appendMarked(title, meta.title || result.url, terms(query));
    var label = document.createElement("p");
    label.className = "kb-search-result__label";
    label.textContent = labelOf(meta);
    var excerpt = document.createElement("p");
    excerpt.className = "kb-search-result__excerpt";
    appendExcerpt(excerpt, result);
    body.append(title, label, excerpt);
    link.appendChild(body);
    link.addEventListener("click", function () { report(input.value.trim()); });
    item.appendChild(link);
    return item;
  }

  function labelOf(meta) {
    var what = meta.kind || "Article";
    if (what !== "Article") return what;
    return meta.category ? "Article \u00b7 " + meta.category : "Article";
  }

  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function appendMarked(target, text, words) {
    String(text).split(/(\s+)/).forEach(function (part) {
      var folded = part.toLowerCase();
      var hit = part.trim() && words.some(function (word) { return folded.indexOf(word) === 0; });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(part));
      }
    });
  }

  /* Pagefind's excerpt, keeping only its <mark>s. An article's hidden search_terms are its
     last words (meta.terms_words): when they matched, the excerpt is cut from the visible
     words instead, so those terms are never shown. */
  function appendExcerpt(target, result) {
    var hidden = Number((result.meta || {}).terms_words || 0);
    var words = String(result.content || "").trim().split(/\s+/);
    if (!hidden || words.length !== result.word_count) {
      appendSafeHtml(target, hidden ? "" : result.excerpt || "");
      return;
    }
    var visible = Math.max(0, words.length - hidden);
    var hits = (result.locations || []).filter(function (at) { return at < visible; });
    var start = hits.length ? Math.max(0, hits[0] - Math.floor(EXCERPT_WORDS / 3)) : 0;
    var end = Math.min(visible, start + EXCERPT_WORDS);
    if (start > 0) target.appendChild(document.createTextNode("\u2026 "));
    for (var at = start; at < end; at++) {
      var word = document.createTextNode(words[at]);
      if (hits.indexOf(at) >= 0) {
        var mark = document.createElement("mark");
        mark.appendChild(word);
        word = mark;
      }
      target.appendChild(word);
      if (at < end - 1) target.appendChild(document.createTextNode(" "));
    }
    if (end < visible) target.appendChild(document.createTextNode(" \u2026"));
  }

  function appendSafeHtml(target, html) {
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
  }

  function schedulePause(query) {
    clearTimeout(pauseTimer);
    if (query) pauseTimer = setTimeout(function () { report(query); }, PAUSE_MS);
  }

  /* Once per query: when the reader pauses, presses Enter or opens a result. */
  function report(query) {
    clearTimeout(pauseTimer);
    if (!query || query === reported) return;
    reported = query;
    var search = latest.query === query ? latest.count : Promise.resolve(0);
    search.then(function (count) {
      window.kbgen?.track?.("kb_search", { query: query, results: count });
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a[href]"));
  }

  function open() {
    if (!toggle.checked) opener = document.activeElement;
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function close() {
    toggle.checked = false;
    input.blur();
    var back = opener && opener.isConnected && opener !== document.body ? opener : null;
    opener = null;
    if (back) back.focus();
  }

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  input.addEventListener("focus", function () {
    toggle.checked = true;
    load().catch(function () {
      setStatus("Search is not available right now. Please try again.");
    });
  });
  input.addEventListener("input", search);
  if (kind) kind.addEventListener("change", search);
  if (category) category.addEventListener("change", search);
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
    else input.blur();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); input.focus(); }, 0);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (links()[0]) links()[0].focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      var query = input.value.trim();
      report(query);
      var first = links()[0];
      if (first) first.click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else if (all[Math.min(next, all.length - 1)]) all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      open();
    } else if (event.key === "Escape" && toggle.checked) {
      close();
    }
  });

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest && event.target.closest("[data-kbgen-search-open]");
    if (!trigger) return;
    event.preventDefault();
    open();
  });
})();
