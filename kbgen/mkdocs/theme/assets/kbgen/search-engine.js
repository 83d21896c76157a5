/* kbgen's search engine: one module for the site's search box (search.js) and the help
   widget (help-widget.js), imported by URL relative to the site's root.

   It reads the search data the build wrote (kbgen-search/, see kbgen/search/bundle.py) and
   ranks as kbgen/search/ranking.py does (kbgen/search/query.py is the same engine in Python):

   1. The query's content words (stop and question words dropped) are looked up in the word
      table; a query fetches only its words' shards. A word the table does not know is
      corrected to the closest site word (one or two edits), fetching the typo shards only
      then.
   2. Each known word is searched with Pagefind on its own, so pages holding only some of the
      words still rank, by the share of the query's IDF weight they cover.
   3. Meaning: the query's vector (from the word table) against each page's 256-bit vector.
   4. The lists are fused by reciprocal rank, with a third list of the pages whose title holds
      every word of the query; at equal score articles come first. Nothing is
      returned when no page covers enough of the query and no page is close enough in meaning.

   Article text is never turned into HTML here: callers set it as text. */

var STOP_WORDS = new Set((
  "a about after all also am an and any are as at be been before being but by can could " +
  "did do does doing for from had has have having he her here hers him his how i if in into " +
  "is it its itself just me might more most my myself no nor not of off on once only or other " +
  "our ours out own same she should so some such than that the their theirs them then there " +
  "these they this those to too under until up very was we were what when where which while " +
  "who whom why will with would you your yours yourself yourselves i'm im ive dont cant isnt " +
  "please want need way get got let make made use using used").split(" "));
var KINDS = { A: "Article", R: "Roadmap", C: "Changelog" };
var KIND_ORDER = { Article: 0, Roadmap: 1, Changelog: 2 };
var SUMMARY_WORDS = 30;  // kbgen/mkdocs/search_pages.py
var MIN_LENGTH = 5;  // kbgen/search/typos.py: no correction below 5 letters, 2 edits from 9
var TWO_EDITS_FROM = 9;

export function words(text) {
  return String(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
}

export function isStopWord(word) {
  return STOP_WORDS.has(word);
}

export function contentWords(text) {
  var seen = Array.from(new Set(words(text)));
  var kept = seen.filter(function (word) { return !STOP_WORDS.has(word); });
  return kept.length ? kept : seen;
}

export function shardOf(key, shards) {
  var value = 0x811c9dc5;
  var bytes = new TextEncoder().encode(key);
  for (var i = 0; i < bytes.length; i++) {
    value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
  }
  return value % shards;
}

function deletes(word) {
  var chars = Array.from(word);
  var out = [word];
  for (var at = 0; at < chars.length; at++) {
    var key = chars.slice(0, at).concat(chars.slice(at + 1)).join("");
    if (out.indexOf(key) < 0) out.push(key);
  }
  return out;
}

/* Optimal string alignment distance, as kbgen/search/typos.py. */
function distance(a, b) {
  a = Array.from(a);
  b = Array.from(b);
  var before = [];
  var previous = [];
  for (var j = 0; j <= b.length; j++) previous.push(j);
  for (var i = 1; i <= a.length; i++) {
    var current = [i];
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

function bestCorrection(word, frequency) {
  if (Array.from(word).length < MIN_LENGTH || /^\d+$/.test(word)) return null;
  var limit = Array.from(word).length < TWO_EDITS_FROM ? 1 : 2;
  var best = null;
  Object.keys(frequency).forEach(function (candidate) {
    if (candidate === word) return;
    var key = [distance(word, candidate), -frequency[candidate], candidate];
    if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] ||
        (key[1] === best[1] && key[2] < best[2])))) best = key;
  });
  return best && best[0] <= limit ? best[2] : null;
}

/* kbgen/search/bundle.py: unpack_ids. */
function unpackIds(packed) {
  if (packed.list) return packed.list;
  if (!packed.width) return new Array(packed.count).fill("");
  var out = [];
  for (var at = 0; packed.width && at < packed.ids.length; at += packed.width) {
    var part = packed.ids.slice(at, at + packed.width);
    out.push(part.charAt(0) === "." ? "" : packed.prefix + part);
  }
  return out;
}

function idf(pages, documents) {
  return Math.log(1 + documents / Math.max(pages, 0.5));
}

function coverageScores(matches, weights, corrected, settings) {
  var total = 0;
  Object.keys(weights).forEach(function (word) { total += weights[word]; });
  total = total || 1;
  var scores = new Map();
  Object.keys(matches).forEach(function (word) {
    var pages = matches[word];
    var best = 0;
    pages.forEach(function (score) { best = Math.max(best, score); });
    best = best || 1;
    var weight = weights[word] * (corrected.has(word) ? settings.corrected_share : 1);
    pages.forEach(function (score, page) {
      var share = weight * (0.8 + 0.2 * score / best) / total;
      scores.set(page, (scores.get(page) || 0) + share);
    });
  });
  return scores;
}

function round9(value) {
  return Math.round(value * 1e9) / 1e9;
}

/* kbgen/search/ranking.py: fuse. */
function fuse(wordScores, semantic, kinds, settings, titled, meaningShare) {
  var bestSemantic = 0;
  semantic.forEach(function (score) { bestSemantic = Math.max(bestSemantic, score); });
  var bestWords = 0;
  wordScores.forEach(function (score) { bestWords = Math.max(bestWords, score); });
  var confidentWords = bestWords >= settings.min_coverage;
  var confidentMeaning = bestSemantic >= settings.min_semantic &&
    meaningShare >= settings.min_coverage;
  if (!confidentWords && !confidentMeaning) return [];
  var order = function (page) { var o = KIND_ORDER[kinds[page]]; return o === undefined ? 3 : o; };
  var floor = Math.max(settings.min_semantic, bestSemantic - settings.semantic_window);
  var meaning = [];
  semantic.forEach(function (score, page) { if (score >= floor) meaning.push(page); });
  meaning.sort(function (a, b) { return semantic[b] - semantic[a] || order(a) - order(b) || a - b; });
  meaning = meaning.slice(0, settings.semantic_list);
  var byWords = Array.from(wordScores.keys());
  byWords.sort(function (a, b) {
    return wordScores.get(b) - wordScores.get(a) || order(a) - order(b) || a - b;
  });
  if (confidentWords) {
    byWords = byWords.filter(function (page) {
      return wordScores.get(page) >= settings.min_coverage / 2;
    });
  }
  var titles = byWords.filter(function (page) { return titled.has(page); });
  var fused = new Map();
  [[byWords, 1], [meaning, settings.semantic_weight], [titles, 1]].forEach(function (list) {
    list[0].forEach(function (page, rank) {
      var share = list[1] / (settings.rrf_k + rank + 1);
      if (kinds[page] !== "Article") share *= settings.record_factor;
      fused.set(page, (fused.get(page) || 0) + share);
    });
  });
  return Array.from(fused.entries()).sort(function (a, b) {
    return round9(b[1]) - round9(a[1]) || order(a[0]) - order(b[0]) || a[0] - b[0];
  });
}

var LIKELY = 3;  // rows fetched ahead: at most this many title matches, and the closest in meaning

/* The ``count`` pages of highest score, best first. */
function closest(scores, count) {
  var best = [];
  scores.forEach(function (score, page) {
    if (best.length < count || score > scores[best[best.length - 1]]) {
      best.push(page);
      best.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
      if (best.length > count) best.pop();
    }
  });
  return best;
}

/* One engine per help centre (base: the site's root URL; options: excerptLength, and fetched:
   {path: a promise of its fetch Response} for files the caller asked for before loading this). */
export function createEngine(base, options) {
  var root = new URL(base);
  var excerptLength = (options && options.excerptLength) || 24;
  var cache = new Map();
  var meta = null;
  var started = null;
  var pagefind = null;
  var pageIds = null;
  var signs = null;

  // Responses a caller started fetching before this module was loaded, used once each.
  var fetched = Object.assign({}, options && options.fetched);

  function json(path) {
    if (!cache.has(path)) {
      var early = fetched[path];
      delete fetched[path];
      var asked = early ? early.catch(function () { return fetch(new URL(path, root).href); })
        : fetch(new URL(path, root).href);
      var loading = asked.then(function (response) {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error("search data: HTTP " + response.status);
        return response.json();
      });
      loading.catch(function () { cache.delete(path); });
      cache.set(path, loading);
    }
    return cache.get(path);
  }

  /* The site's search data (meta.json); word lookups start as soon as it is here. */
  function info() {
    if (!meta) {
      meta = json("kbgen-search/meta.json").then(function (loaded) {
        pageIds = new Map();
        unpackIds(loaded.pagefind_ids).forEach(function (id, page) { if (id) pageIds.set(id, page); });
        if (loaded.semantic) vectors().catch(function () {});  // nearly every query needs them
        warm(loaded.preload || []);
        return loaded;
      });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  /* Pagefind fetches its index metadata and then its WebAssembly one after the other as it
     starts: fetched here at once (bodies read, so the HTTP cache holds them when it asks). */
  function warm(paths) {
    paths.forEach(function (path) {
      fetch(new URL(path, root).href).then(function (response) {
        return response.ok ? response.arrayBuffer() : null;
      }).catch(function () {});
    });
  }

  /* Pagefind, loaded and initialised in parallel with the search data. */
  function wordsEngine() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: excerptLength })
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  /* Everything a first query needs, fetched at once (on the first focus of a search box). */
  function init() {
    if (!started) {
      started = Promise.all([info(), wordsEngine()]).then(function (loaded) { return loaded[0]; });
      started.catch(function () { started = null; });
    }
    return started;
  }

  function entryOf(info, word) {
    return json("kbgen-search/words/" + shardOf(word, info.word_shards) + ".json")
      .then(function (shard) { return (shard && shard[word]) || null; });
  }

  function correct(info, word) {
    var keys = deletes(word);
    return Promise.all(keys.map(function (key) {
      return json("kbgen-search/typos/" + shardOf(key, info.typo_shards) + ".json");
    })).then(function (shards) {
      var frequency = {};
      shards.forEach(function (shard, at) {
        ((shard && shard[keys[at]]) || []).forEach(function (pair) { frequency[pair[0]] = pair[1]; });
      });
      return bestCorrection(word, frequency);
    });
  }

  function vectors() {
    if (!signs) {
      signs = json("kbgen-search/vectors.json").then(function (text) {
        var raw = atob(text);
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        return bytes;
      });
      signs.catch(function () { signs = null; });
    }
    return signs;
  }

  function unpack(entry) {
    var raw = atob(entry[4]);
    var out = new Float64Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      var byte = raw.charCodeAt(i);
      out[i] = (byte > 127 ? byte - 256 : byte) * entry[3];
    }
    return out;
  }

  /* vectors.json holds the pages' sign bits dimension by dimension (row d: bit d of every
     page, padded to whole bytes; kbgen/search/bundle.py). */
  function semanticScores(info, vector, bits) {
    var dims = info.dims;
    var norm = 0;
    for (var d = 0; d < dims; d++) norm += vector[d] * vector[d];
    norm = Math.sqrt(norm) || 1;
    var row = Math.ceil(info.docs / 8);
    var sums = new Float64Array(info.docs);
    for (d = 0; d < dims; d++) {
      var value = vector[d];
      var start = d * row;
      for (var page = 0; page < info.docs; page++) {
        sums[page] += (bits[start + (page >> 3)] >> (7 - (page & 7))) & 1 ? value : -value;
      }
    }
    var scale = norm * Math.sqrt(dims);
    return Array.from(sums, function (sum) { return sum / scale; });
  }

  /* A result's row [path, title, kind, category, summary] from Pagefind's page data, as
     kbgen/mkdocs/search_pages.py makes it (summary: the first words shown, hidden
     search_terms left out); null without data. */
  function rowFrom(data, letter) {
    if (!data || typeof data.raw_url !== "string" || !data.meta) return null;
    var hidden = Number(data.meta.terms_words || 0);
    var all = String(data.content || "").trim().split(/\s+/).filter(Boolean);
    var shown = all.slice(0, Math.max(0, all.length - hidden)).slice(0, SUMMARY_WORDS);
    return [data.raw_url, String(data.meta.title || data.raw_url), KINDS[letter] || "Article",
      String(data.meta.category || ""), shown.join(" ")];
  }

  function rows(info, pages) {
    var chunks = Array.from(new Set(pages.map(function (page) {
      return Math.floor(page / info.chunk);
    })));
    return Promise.all(chunks.map(function (chunk) {
      return json(docsPath(info, chunk * info.chunk));
    })).then(function (loaded) {
      var byChunk = new Map();
      chunks.forEach(function (chunk, at) { byChunk.set(chunk, loaded[at] || []); });
      return pages.map(function (page) {
        return byChunk.get(Math.floor(page / info.chunk))[page % info.chunk];
      });
    });
  }

  function docsPath(info, page) {
    return "kbgen-search/docs/" + Math.floor(page / info.chunk) + ".json";
  }

  function hasRow(info, page) {
    return cache.has(docsPath(info, page));
  }

  function prefetchRows(info, pages) {
    rows(info, pages).catch(function () { /* shown from the page data instead */ });
  }

  /* rank(query, {limit, correct, filters, excerpts}) -> {query, words, corrections, total,
     pending}, as soon as the ranking is known: pending holds, best first, a promise of each
     shown result {url, path, title, kind, category, summary, score, data}, where data is a
     promise of Pagefind's page data (for its excerpt), or of null for a match by meaning
     only. search() gives the same with results: the results themselves. */
  function rank(query, settings) {
    settings = settings || {};
    var limit = settings.limit || 10;
    var filters = settings.filters || {};
    init().catch(function () {});
    var asked = contentWords(query);
    // Pagefind searches each word as typed while its table entry is looked up (one round
    // trip, not two); a corrected word is searched once corrected.
    var byWord = new Map();
    function searchWord(word) {
      if (!byWord.has(word)) {
        byWord.set(word, wordsEngine().then(function (module) {
          return module.search(word, { filters: filters });
        }));
      }
      return byWord.get(word);
    }
    asked.forEach(searchWord);
    return info().then(function (info) {
      return Promise.all(asked.map(function (word) {
        return entryOf(info, word).then(function (entry) {
          if (entry || settings.correct === false) return [word, word, entry];
          return correct(info, word).then(function (fixed) {
            if (!fixed) return [word, word, null];
            return entryOf(info, fixed).then(function (found) { return [word, fixed, found]; });
          });
        });
      })).then(function (looked) {
        var weights = {};
        var corrections = {};
        var searched = [];
        var vector = new Float64Array(info.dims);
        var hasVector = false;
        var withVectors = 0;
        var titled = null;
        looked.forEach(function (item) {
          var typed = item[0], word = item[1], entry = item[2];
          if (word !== typed) corrections[typed] = word;
          weights[word] = idf(entry ? entry[0] : 0, info.docs);
          var pagesTitled = new Set(entry ? entry[1] : []);
          titled = titled === null ? pagesTitled
            : new Set(Array.from(titled).filter(function (page) { return pagesTitled.has(page); }));
          if (!entry) return;
          searched.push(word);
          if (entry.length === 5) {
            var values = unpack(entry);
            for (var d = 0; d < info.dims; d++) vector[d] += entry[2] * values[d];
            hasVector = true;
            withVectors += weights[word];
          }
        });
        var useMeaning = info.semantic && hasVector && !filters.category;
        // The likeliest results' rows are fetched while Pagefind searches (the pages whose
        // title holds every word, and the closest in meaning), so they can show at once.
        if (titled && titled.size && titled.size <= LIKELY) prefetchRows(info, Array.from(titled));
        return Promise.all([
          Promise.all(searched.map(searchWord)),
          // Scored as soon as the vectors are here, while Pagefind is still searching.
          useMeaning ? vectors().then(function (bits) {
            var scores = semanticScores(info, vector, bits);
            prefetchRows(info, closest(scores, LIKELY));
            return scores;
          }) : Promise.resolve(null),
        ]).then(function (found) {
          var matches = {};
          var pagefindResults = new Map();
          found[0].forEach(function (answer, at) {
            if (!answer || !answer.results.length) return;
            var pages = new Map();
            answer.results.forEach(function (result) {
              var page = pageIds.get(result.id);
              if (page === undefined) return;
              pages.set(page, result.score);
              var known = pagefindResults.get(page);
              if (!known || known.score < result.score) pagefindResults.set(page, result);
            });
            if (pages.size) matches[searched[at]] = pages;
          });
          var kinds = Array.from(info.kinds).map(function (letter) { return KINDS[letter]; });
          var semantic = found[1] || [];
          if (filters.kind) {
            semantic = semantic.map(function (score, page) {
              return kinds[page] === filters.kind ? score : -1;
            });
          }
          var corrected = new Set(Object.keys(corrections).map(function (typed) {
            return corrections[typed];
          }));
          var totalWeight = 0;
          Object.keys(weights).forEach(function (word) { totalWeight += weights[word]; });
          var ranked = fuse(coverageScores(matches, weights, corrected, info.ranking), semantic,
            kinds, info.ranking, titled || new Set(), withVectors / (totalWeight || 1));
          var top = ranked.slice(0, limit);
          // A result with Pagefind's page data takes its row from it; only the others (found
          // by meaning alone, or in the widget, which shows no excerpt) fetch a docs chunk
          // (one fetch a chunk, however many results it holds). Each result is ready on its
          // own, so a caller can show the first before the tenth's data has come.
          var pending = top.map(function (item) {
            var page = item[0];
            var known = pagefindResults.get(page);
            var data = !known || settings.excerpts === false ? Promise.resolve(null)
              : known.data().catch(function () { return null; });
            // A row already fetched (or on its way) is not waited for behind the page data.
            var fromData = function () {
              return data.then(function (pageData) {
                var made = rowFrom(pageData, info.kinds[page]);
                return made ? [made] : rows(info, [page]);
              });
            };
            var row = hasRow(info, page) ? rows(info, [page]).catch(fromData) : fromData();
            return row.then(function (found) {
              var row = found[0];
              return {
                url: new URL(row[0].replace(/^\//, ""), root).href,
                path: row[0],
                title: row[1],
                kind: row[2],
                category: row[3],
                summary: row[4],
                score: item[1],
                data: data,
              };
            });
          });
          return {
            query: query,
            words: searched,
            corrections: corrections,
            total: ranked.length,
            pending: pending,
          };
        });
      });
    });
  }

  /* search(query, settings) once every result is ready. */
  function search(query, settings) {
    return rank(query, settings).then(function (ranked) {
      return Promise.all(ranked.pending).then(function (results) {
        return {
          query: ranked.query,
          words: ranked.words,
          corrections: ranked.corrections,
          total: ranked.total,
          results: results,
        };
      });
    });
  }

  /* Warm what searching the words of ``text`` will need (their shards and Pagefind's index
     pieces), while the reader is still typing; each word once. Ranks nothing. */
  var preloaded = new Set();
  function preload(text) {
    var fresh = contentWords(text).filter(function (word) { return !preloaded.has(word); });
    if (!fresh.length) return Promise.resolve();
    fresh.forEach(function (word) { preloaded.add(word); });
    return Promise.all([
      info().then(function (loaded) {
        return Promise.all(fresh.map(function (word) { return entryOf(loaded, word); }));
      }),
      wordsEngine().then(function (module) {
        return Promise.all(fresh.map(function (word) { return module.preload(word); }));
      }),
    ]).then(function () {}, function () {
      fresh.forEach(function (word) { preloaded.delete(word); });
    });
  }

  /* The filter values and their page counts: from meta.json (written by the build, so no
     Pagefind filter file is fetched for the chips), else from Pagefind. */
  function filterValues() {
    return info().then(function (loaded) {
      if (loaded.filters) return loaded.filters;
      return wordsEngine().then(function (module) { return module.filters(); });
    });
  }

  return { init: init, search: search, rank: rank, preload: preload, filters: filterValues };
}

/* For the help widget on another site (no window.kbgen there): send an event to the help
   centre's analytics as support.js does, with the same redaction of e-mail addresses and
   long digit runs in the query. */
var EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g;
/* The same digit rule, character for character, as support.js and kbgen/insights/queries.py:
   any Unicode number with its marks and invisible format characters, any separators. */
var SEPARATOR = "[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000" +
  ".,/_()\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff08\\uff09\\uff0c\\uff0d\\uff0e\\uff0f\\uff3f]";
var DIGITS = new RegExp("\\p{N}[\\p{M}\\p{Cf}]*(?:" + SEPARATOR + "*\\p{N}[\\p{M}\\p{Cf}]*){5,}", "gu");

export function track(analytics, event, props) {
  if (!analytics || !analytics.provider) return;
  var data = {};
  Object.keys(props || {}).forEach(function (key) {
    var value = props[key];
    data[key] = key === "query" && typeof value === "string"
      ? value.replace(EMAIL, "[email]").replace(DIGITS, "[number]").slice(0, 200) : value;
  });
  if (analytics.provider === "custom" && analytics.endpoint) {
    var payload = Object.assign({ event: event }, data,
      { ts: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
    fetch(analytics.endpoint, {
      method: "POST", body: JSON.stringify(payload), keepalive: true, mode: "no-cors",
      credentials: "omit", referrerPolicy: "no-referrer",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
    }).catch(function () {});
  } else if (analytics.provider === "google" && typeof window.gtag === "function") {
    window.gtag("event", event, data);
  } else if (analytics.provider === "plausible" && typeof window.plausible === "function") {
    var strings = {};
    Object.keys(data).forEach(function (key) { strings[key] = String(data[key]); });
    window.plausible(event, { props: strings });
  }
}
