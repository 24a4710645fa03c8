/* The search page: reads ?q=, searches as the reader types, and lists results in <ol id="search-results">. */
(function () {
  "use strict";
  var form = document.getElementById("kb-search-form");
  var input = document.getElementById("kb-search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("kb-search-status");
  if (!form || !input || !list || !window.KBTokenizer) return;
  var root = form.getAttribute("data-root");
  var index = new KBTokenizer.Index(form.getAttribute("data-index"));
  var generation = 0;

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Marks each query term where it appears in the text (case-insensitively); the rest is escaped. */
  function highlight(text, queryTerms) {
    var lower = text.toLowerCase(), marks = [];
    queryTerms.forEach(function (term) {
      for (var at = lower.indexOf(term); at >= 0 && term.length; at = lower.indexOf(term, at + term.length)) {
        marks.push([at, at + term.length]);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    // Overlapping or touching ranges (CJK bigrams overlap by design) become one mark.
    var merged = [];
    marks.forEach(function (m) {
      var last = merged[merged.length - 1];
      if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]); else merged.push([m[0], m[1]]);
    });
    var out = "", position = 0;
    merged.forEach(function (m) {
      out += escapeHTML(text.slice(position, m[0])) + "<mark>" + escapeHTML(text.slice(m[0], m[1])) + "</mark>";
      position = m[1];
    });
    return out + escapeHTML(text.slice(position));
  }

  function render(results, query) {
    list.textContent = "";
    results.forEach(function (result) {
      var doc = result.doc;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + doc.u + "index.html" + (result.anchor ? "#" + encodeURIComponent(result.anchor) : "");
      a.textContent = doc.t;
      li.appendChild(a);
      if (result.anchor && result.heading) {
        var section = document.createElement("span");
        section.className = "kb-search-section";
        section.textContent = " › " + result.heading;
        li.appendChild(section);
      }
      if (doc.b) {
        var crumb = document.createElement("p");
        crumb.className = "kb-search-breadcrumb";
        crumb.textContent = doc.b + (doc.f ? " · " + form.getAttribute("data-fallback") : "");
        li.appendChild(crumb);
      }
      var snippet = document.createElement("p");
      snippet.className = "kb-search-snippet";
      snippet.innerHTML = highlight(doc.x, result.terms);
      li.appendChild(snippet);
      list.appendChild(li);
    });
    status.textContent = query && !results.length ? form.getAttribute("data-no-results") : "";
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    if (!query) { render([], ""); return; }
    var started = performance.now();
    KBTokenizer.search(index, query, 20).then(function (results) {
      if (mine !== generation) return;
      render(results, query);
      // How long the search took, index loading included (read by make bench in headless Chromium).
      list.setAttribute("data-search-ms", (performance.now() - started).toFixed(1));
    }).catch(function (error) {
      if (mine === generation) status.textContent = String(error.message || error);
    });
  }

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  input.addEventListener("input", function () {
    var url = new URL(location.href);
    if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
    try { history.replaceState(null, "", url); } catch (e) { /* file:// may refuse; the search still runs */ }
    run();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  run();
})();
