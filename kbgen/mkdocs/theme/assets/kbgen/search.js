/* kbgen search: the header search and the home page's search box.

   The engine (search-engine.js, shared with the help widget) is imported on the first
   focus, by a URL relative to this script, so a site served under a sub-path works and
   nothing comes from another host. A query fetches only the data it needs: its words'
   shards, Pagefind's chunks for those words, the page vectors, and the top results' data.

   Hooks (defined by the support script when present, all optional):
     window.kbgen.track("kb_search", {query, results})  when the reader pauses typing, and on Enter
     window.kbgen.rememberQuery(query)                   as soon as its results show (kept in
                                                         this tab only, for support links)
     window.kbgen.supportBlock(query)                    an element shown when nothing matches
   Filters are toggle chips: one radio group for the kinds of result and one for the
   categories, built from the index's own filter values (a kind or category the site does not
   have is never offered; a group with a single choice is not shown). Opening and closing go
   through the __search toggle's click, as Material's header icon does, so Material's scroll
   lock holds on phones however the search opens.
   Result text is only ever set as text. When a word was corrected the status says
   "Showing results for <em>word</em>" with a button searching the words as typed. The list
   carries data-kbgen-search-done="<query>" once that query's results (with the chosen
   filters) are shown, and loses it as a new search starts. */
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
  var PRELOAD_MS = 30;

  var loading = null;
  var debounce = null;
  var asTyped = null;
  var generation = 0;
  var latest = { query: "", count: Promise.resolve(0) };
  var pauseTimer = null;
  var reported = null;
  var opener = null;

  /* The engine's first two files (search-engine.js: info() and wordsEngine()) are asked for
     with the engine itself on the first focus, not after it has loaded: the engine is
     evaluated only a moment later (a reader typing keeps the page busy), and then takes
     meta.json's response as its own (fetched) and Pagefind's module from the module map. */
  function load() {
    if (!loading) {
      var fetched = { "kbgen-search/meta.json": fetch(new URL("kbgen-search/meta.json", base).href) };
      fetched["kbgen-search/meta.json"].catch(function () { /* the engine fetches it again */ });
      var early = document.createElement("link");
      early.rel = "modulepreload";
      early.href = new URL("pagefind/pagefind.js", base).href;
      document.head.appendChild(early);
      loading = import(new URL("search-engine.js", script.src).href).then(function (module) {
        var engine = module.createEngine(base.href, {
          excerptLength: EXCERPT_WORDS,
          fetched: fetched,
        });
        return engine.init().then(function () { return { engine: engine, module: module }; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* While the reader types: the words finished so far (the last one once a space or a mark
     follows it) are preloaded, so their lookups are warm when the search runs. */
  var preloadTimer = null;
  function preloadTyped() {
    clearTimeout(preloadTimer);
    var finished = input.value.replace(/[\p{L}\p{N}]+$/u, "");
    if (!finished.trim()) return;
    preloadTimer = setTimeout(function () {
      load().then(function (loaded) { return loaded.engine.preload(finished); })
        .catch(function () { /* the search itself reports a failure */ });
    }, PRELOAD_MS);
  }

  function setStatus(text) {
    status.textContent = text;
  }

  var KIND_ORDER = ["Article", "Roadmap", "Changelog"];
  var KIND_NAMES = { Article: "Articles" };
  var filtersShown = false;

  function chosen(group) {
    var checked = group && !group.hidden && group.querySelector("input:checked");
    return checked ? checked.value : "";
  }

  function chosenFilters() {
    var found = {};
    var kindValue = chosen(kind);
    var categoryValue = chosen(category);
    if (kindValue) found.kind = kindValue;
    if (categoryValue && (!kindValue || kindValue === "Article")) found.category = categoryValue;
    return found;
  }

  /* One chip: a radio input (keyboard: Tab into the group, arrows between chips) and its text. */
  function chip(group, name, value, text, checked) {
    var label = document.createElement("label");
    label.className = "kbgen-chip";
    var radio = document.createElement("input");
    radio.type = "radio";
    radio.className = "kbgen-chip__input";
    radio.name = name;
    radio.value = value;
    radio.checked = checked;
    radio.addEventListener("change", onFilter);
    var shown = document.createElement("span");
    shown.className = "kbgen-chip__text";
    shown.textContent = text;
    label.title = text;  // a long name is cut with an ellipsis on a phone
    label.append(radio, shown);
    (group.querySelector(".kbgen-chips__list") || group).appendChild(label);
  }

  /* A group of chips, "everything" first; shown only when it offers a choice. */
  function fillGroup(group, name, everything, values, textOf) {
    if (!group || values.length < 2) return false;
    chip(group, name, "", everything, true);
    values.forEach(function (value) { chip(group, name, value, textOf(value), false); });
    group.hidden = false;
    return true;
  }

  function showFilters(engine) {
    if (!filters || filtersShown) return;
    filtersShown = true;
    engine.filters().then(function (found) {
      var has = function (name) {
        return Object.keys((found && found[name]) || {}).filter(function (value) {
          return found[name][value] > 0;
        });
      };
      var kinds = has("kind").sort(function (a, b) {
        return (KIND_ORDER.indexOf(a) + 1 || 9) - (KIND_ORDER.indexOf(b) + 1 || 9);
      });
      var categories = has("category").sort();
      var some = fillGroup(kind, "kbgen-search-kind", "Everything", kinds, function (value) {
        return KIND_NAMES[value] || value;
      });
      some = fillGroup(category, "kbgen-search-category", "All topics", categories,
        function (value) { return value; }) || some;
      filters.hidden = !some;
    }).catch(function () { filtersShown = false; /* filters are optional */ });
  }

  /* A kind other than articles has no categories: its topic chips step aside. */
  function onFilter() {
    if (category && kind && !kind.hidden && category.querySelector("input")) {
      var kindValue = chosen(kind);
      category.hidden = Boolean(kindValue) && kindValue !== "Article";
    }
    search();
  }

  function search() {
    var query = input.value.trim();
    var mine = ++generation;
    schedulePause(query);
    clearTimeout(debounce);
    list.removeAttribute("data-kbgen-search-done");
    if (!query) {
      list.replaceChildren();
      support.replaceChildren();
      setStatus("Type to start searching");
      latest = { query: "", count: Promise.resolve(0) };
      return;
    }
    var done = new Promise(function (resolve) { debounce = setTimeout(resolve, DEBOUNCE_MS); })
      .then(load)
      .then(function (loaded) {
        if (mine !== generation) return null;
        var settings = { limit: MAX_RESULTS, filters: chosenFilters(), correct: asTyped !== query };
        return loaded.engine.rank(query, settings).then(function (found) {
          if (mine !== generation) return null;
          return show(query, found, loaded.module, function () { return mine === generation; })
            .then(function (shown) {
              if (!shown) return null;
              showFilters(loaded.engine);
              return found.total;
            });
        });
      });
    latest = { query: query, count: done.then(function (count) { return count || 0; }) };
    done.catch(function () {
      if (mine === generation) setStatus("Search is not available right now. Please try again.");
    });
  }

  /* The results as soon as the ranking is known, best first: each row joins the list as soon
     as it is known (never ahead of a better one; the engine has the likeliest rows before
     the ranking is done), showing its summary until its excerpt comes, so the first shows
     before the tenth has loaded. The previous results stay until the first new one replaces
     them; the status (count and correction) is set once, with it. Resolves true once all
     rows and excerpts are shown, false if a newer search took over (current() says whether
     this one is still the newest). */
  function show(query, found, module, current) {
    var marked = found.words.filter(function (word) { return !module.isStopWord(word); });
    if (!found.total || !found.pending.length) {
      begin(query, found);
      finish(query);
      return Promise.resolve(true);
    }
    // A failure reaches the caller through the chain below; one after a newer search took
    // over is of no interest (and must not surface as an unhandled rejection).
    found.pending.forEach(function (hit) { hit.catch(function () {}); });
    var filled = [];
    var step = Promise.resolve(true);
    found.pending.forEach(function (hit, at) {
      step = step.then(function (going) {
        if (!going) return false;
        return hit.then(function (result) {
          if (!current()) return false;
          if (at === 0) begin(query, found);
          var item = resultItem(result, null, marked);  // its summary until the excerpt comes
          list.appendChild(item);
          filled.push(result.data.then(function (data) {
            if (data && current()) fillExcerpt(item, result, data, marked);
          }));
          return true;
        });
      });
    });
    return step.then(function (going) {
      if (!going) return false;
      return Promise.all(filled).then(function () {
        if (!current()) return false;
        finish(query);
        return true;
      });
    });
  }

  function fillExcerpt(item, hit, data, words) {
    var excerpt = item.querySelector(".kbgen-search-result__excerpt");
    excerpt.replaceChildren();
    appendExcerpt(excerpt, hit, data, words);
  }

  /* A new answer replaces the old one: the list emptied, the status and support block set. */
  function begin(query, found) {
    window.kbgen?.rememberQuery?.(query);
    list.replaceChildren();
    support.replaceChildren();
    var count = found.total;
    var shown = found.pending.length;
    status.replaceChildren();
    if (!count) {
      setStatus("No results for \u201c" + query + "\u201d");
      var block = window.kbgen?.supportBlock?.(query);
      if (block instanceof Node) support.appendChild(block);
    } else if (count === 1) {
      setStatus("1 matching result");
    } else if (count > shown) {
      setStatus(count + " matching results, showing the best " + shown);
    } else {
      setStatus(count + " matching results");
    }
    var typed = Object.keys(found.corrections);
    if (typed.length && count) status.prepend(correctionNotice(query, found.corrections));
  }

  function finish(query) {
    list.setAttribute("data-kbgen-search-done", query);
  }

  /* "Showing results for <em>invoice</em>. Search for invocie instead" */
  function correctionNotice(query, corrections) {
    var notice = document.createElement("span");
    notice.className = "kbgen-search-correction";
    notice.setAttribute("data-kbgen-search-correction", "");
    var used = query.replace(/[\p{L}\p{N}]+/gu, function (word) {
      return corrections[word.toLowerCase()] || word;
    });
    var em = document.createElement("em");
    em.textContent = used;
    var again = document.createElement("button");
    again.type = "button";
    again.className = "kbgen-search-as-typed";
    again.setAttribute("data-kbgen-search-as-typed", "");
    again.textContent = "Search for \u201c" + query + "\u201d instead";
    again.addEventListener("click", function () {
      asTyped = query;
      input.focus();
      search();
    });
    notice.append("Showing results for ", em, ". ", again, " ");
    return notice;
  }

  function resultItem(hit, data, words) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    var here = location.origin + "/";
    link.href = hit.url.indexOf(here) === 0 ? hit.url.slice(here.length - 1) : hit.url;
    var body = document.createElement("div");
    body.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "kbgen-search-result__title";
    appendMarked(title, hit.title || hit.path, words);
    var label = document.createElement("p");
    label.className = "kbgen-search-result__label";
    label.textContent = labelOf(hit);
    var excerpt = document.createElement("p");
    excerpt.className = "kbgen-search-result__excerpt";
    appendExcerpt(excerpt, hit, data, words);
    body.append(title, label, excerpt);
    link.appendChild(body);
    link.addEventListener("click", function () { report(input.value.trim()); });
    item.appendChild(link);
    return item;
  }

  function labelOf(hit) {
    var what = hit.kind || "Article";
    if (what !== "Article") return what;
    return hit.category ? "Article \u00b7 " + hit.category : "Article";
  }

  /* Words starting with a searched word are marked (stop words are never searched). */
  function appendMarked(target, text, words) {
    String(text).split(/(\s+)/).forEach(function (part) {
      var folded = part.toLowerCase().replace(/^[^\p{L}\p{N}]+/u, "");
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

  /* The excerpt, as text: from Pagefind's page data around the first matched word, else
     the page's summary. An article's hidden search_terms are its last words
     (meta.terms_words): they are never shown. Headerlink pilcrows are dropped. */
  function appendExcerpt(target, hit, data, words) {
    if (!data) {
      appendMarked(target, hit.summary || "", words);
      return;
    }
    var hidden = Number((data.meta || {}).terms_words || 0);
    var all = String(data.content || "").trim().split(/\s+/);
    if (hidden && all.length !== data.word_count) {
      appendMarked(target, hit.summary || "", words);
      return;
    }
    var visible = Math.max(0, all.length - hidden);
    var hits = (data.locations || []).filter(function (at) { return at < visible; });
    var start = hits.length ? Math.max(0, hits[0] - Math.floor(EXCERPT_WORDS / 3)) : 0;
    var end = Math.min(visible, start + EXCERPT_WORDS);
    var shown = all.slice(start, end)
      .map(function (word) { return word.replace(/\u00b6/g, ""); })
      .filter(Boolean);
    appendMarked(target, (start > 0 ? "\u2026 " : "") + shown.join(" ") +
      (end < visible ? " \u2026" : ""), words);
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

  /* Material's own way (its setToggle): a click, so its change listeners (the phone's scroll
     lock among them) see every opening and closing. */
  function setOpen(value) {
    if (toggle.checked !== value) toggle.click();
  }

  function open() {
    if (!toggle.checked) opener = document.activeElement;
    setOpen(true);
    input.focus();
    input.select();
  }

  function close() {
    setOpen(false);
    input.blur();
    var back = opener && opener.isConnected && opener !== document.body ? opener : null;
    opener = null;
    if (back) back.focus();
  }

  function isTyping(target) {
    if (!target) return false;
    if (target.tagName === "INPUT" && /^(radio|checkbox)$/.test(target.type)) return false;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  input.addEventListener("focus", function () {
    setOpen(true);
    load().catch(function () {
      setStatus("Search is not available right now. Please try again.");
    });
  });
  input.addEventListener("input", search);
  input.addEventListener("input", preloadTyped);
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
