/* kbgen client API (a contract with the search UI and the feedback widget):
     window.kbgen.track(event, props)   send an event to the provider the site owner chose;
                                        a no-op without one (nothing leaves the page)
     window.kbgen.rememberQuery(query)  keep the reader's last search for this visit
     window.kbgen.lastQuery()           that search, or ""
     window.kbgen.supportBlock(query)   the "Still need help?" element, or null without support.url
   No cookies, no identifiers; e-mail addresses and long digit runs in queries are redacted. */
(function () {
  "use strict";

  var QUERY_KEY = "kbgen.lastQuery";
  var MAX_QUERY = 200;
  var EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g;
  // Any Unicode number character (\p{N}: ASCII, full-width, Arabic-Indic, Devanagari, superscript,
  // circled, ...) with its combining marks (keycaps) and invisible format characters (a zero-width
  // space or soft hyphen between digits), as kbgen/insights/queries.py and search-engine.js;
  // separators: any spaces, dots, commas, slashes, underscores, brackets, hyphens or dashes,
  // full-width ones too (the same class as queries.py; none of them is a mark or format character).
  var SEPARATOR = "[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000" +
    ".,/_()\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff08\\uff09\\uff0c\\uff0d\\uff0e\\uff0f\\uff3f]";
  var DIGITS = new RegExp("\\p{N}[\\p{M}\\p{Cf}]*(?:" + SEPARATOR + "*\\p{N}[\\p{M}\\p{Cf}]*){5,}", "gu");
  var memoryQuery = "";

  // Site settings are JSON; the page's title, source path and URL are data attributes.
  function readConfig() {
    var element = document.getElementById("kbgen-config");
    if (!element) return {};
    var config = {};
    try {
      config = JSON.parse(element.textContent) || {};
    } catch (error) { /* unreadable: behave as without support and provider */ }
    config.page = {
      title: element.getAttribute("data-page-title") || "",
      path: element.getAttribute("data-page-path") || "",
      url: element.getAttribute("data-page-url") || ""
    };
    return config;
  }

  var config = readConfig();
  var page = config.page || {};

  function redact(text) {
    return String(text).replace(EMAIL, "[email]").replace(DIGITS, "[number]");
  }

  function clean(props) {
    var out = {};
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined) return;
      out[key] = key === "query" && typeof value === "string" ? redact(value).slice(0, MAX_QUERY) : value;
    });
    return out;
  }

  function sendCustom(endpoint, payload) {
    var body = JSON.stringify(payload);
    // text/plain keeps the POST a simple request (no preflight); credentials are never sent.
    if (typeof window.fetch === "function") {
      window.fetch(endpoint, {
        method: "POST",
        body: body,
        keepalive: true,
        mode: "no-cors",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        headers: { "Content-Type": "text/plain;charset=UTF-8" }
      }).catch(function () {});
    } else if (navigator.sendBeacon) {
      navigator.sendBeacon(endpoint, body);
    }
  }

  function track(event, props) {
    var analytics = config.analytics;
    if (!analytics || !analytics.provider || typeof event !== "string") return;
    var data = clean(props);
    if (analytics.provider === "custom" && analytics.endpoint) {
      var payload = { event: event };
      Object.keys(data).forEach(function (key) { payload[key] = data[key]; });
      payload.ts = new Date().toISOString().replace(/\.\d+Z$/, "Z");
      sendCustom(analytics.endpoint, payload);
    } else if (analytics.provider === "google" && typeof window.gtag === "function") {
      window.gtag("event", event, data);
    } else if (analytics.provider === "plausible" && typeof window.plausible === "function") {
      var strings = {};
      Object.keys(data).forEach(function (key) { strings[key] = data[key] === null ? "" : String(data[key]); });
      window.plausible(event, { props: strings });
    }
  }

  function rememberQuery(query) {
    var text = String(query == null ? "" : query).trim().slice(0, MAX_QUERY);
    if (!text) return;
    memoryQuery = text;
    try {
      window.sessionStorage.setItem(QUERY_KEY, text);
    } catch (error) { /* storage off: this page still remembers */ }
  }

  function lastQuery() {
    try {
      return window.sessionStorage.getItem(QUERY_KEY) || memoryQuery;
    } catch (error) {
      return memoryQuery;
    }
  }

  function pageUrl() {
    return page.url || location.origin + location.pathname + location.search;
  }

  function supportUrl(query) {
    var support = config.support;
    if (!support || !support.url) return null;
    var values = {
      title: page.title || document.title,
      url: pageUrl(),
      path: page.path || "",
      query: query == null ? lastQuery() : String(query)
    };
    return support.url.replace(/\{(title|url|path|query)\}/g, function (match, name) {
      return encodeURIComponent(values[name]);
    });
  }

  function supportBlock(query) {
    var support = config.support;
    if (!support || !support.url) return null;
    var block = document.createElement("div");
    block.className = "kbgen-support";
    block.setAttribute("data-kbgen-support-block", "");
    var heading = document.createElement("p");
    heading.className = "kbgen-support__heading";
    heading.textContent = support.heading || "Still need help?";
    var link = document.createElement("a");
    link.className = "md-button kbgen-support__link";
    link.setAttribute("data-kbgen-support", "");
    if (query != null && String(query).trim()) link.setAttribute("data-kbgen-query", String(query).trim());
    link.href = supportUrl(query);
    link.textContent = support.label || "Contact support";
    block.appendChild(heading);
    block.appendChild(link);
    return block;
  }

  function linkQuery(link) {
    return link.getAttribute("data-kbgen-query") || lastQuery();
  }

  function refresh(link) {
    var url = supportUrl(linkQuery(link));
    if (url) link.href = url;
  }

  // Links rendered in the page: fill {query} (and the address) in now and again on use.
  function onContact(event) {
    var link = event.target.closest && event.target.closest("a[data-kbgen-support]");
    if (!link) return;
    refresh(link);
    track("kb_contact", { page: location.pathname, query: linkQuery(link) });
  }

  document.addEventListener("click", onContact, true);
  document.addEventListener("auxclick", onContact, true);

  function fillLinks() {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-kbgen-support]"), refresh);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fillLinks);
  else fillLinks();

  var api = window.kbgen || {};
  api.track = track;
  api.rememberQuery = rememberQuery;
  api.lastQuery = lastQuery;
  api.supportBlock = supportBlock;
  window.kbgen = api;
})();
