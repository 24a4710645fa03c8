/* kb search: the query-time half of kb's search. The tokenizer below mirrors Sources/SearchIndexing/Tokenizer.swift
   rule for rule (ARCHITECTURE.md, "Search tokenizer"); both are tested against the same vectors file. */
(function (root) {
  "use strict";

  var WORD = /[\p{L}\p{N}\p{M}]/u;
  var NUMBER = /\p{N}/u;

  function isLatinLetter(c) {
    return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f) ||
      (c >= 0x1e00 && c <= 0x1eff);
  }

  /* undefined: not affected; null: drop; string: replace. */
  function arabicFold(c) {
    if ((c >= 0x64b && c <= 0x65f) || c === 0x670 || c === 0x640) return null;
    if (c === 0x622 || c === 0x623 || c === 0x625 || c === 0x671) return "\u0627";
    if (c === 0x649) return "\u064a";
    if (c === 0x629) return "\u0647";
    return undefined;
  }

  function normalize(text) {
    var lowered = "";
    for (var ch of text.normalize("NFKC")) {
      lowered += (ch === "\u00df" || ch === "\u1e9e") ? "ss" : ch.toLowerCase();
    }
    var folded = "", baseIsLatin = false;
    for (var d of lowered.normalize("NFD")) {
      var c = d.codePointAt(0);
      if (c >= 0x300 && c <= 0x36f) { if (!baseIsLatin) folded += d; continue; }
      var a = arabicFold(c);
      if (a !== undefined) { if (a !== null) folded += a; baseIsLatin = false; continue; }
      baseIsLatin = isLatinLetter(c);
      folded += d;
    }
    return folded.normalize("NFC");
  }

  function classOf(ch) {
    var c = ch.codePointAt(0);
    if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0x20000 && c <= 0x2ffff) || c === 0x3005 || c === 0x3007) return "han";
    if (c >= 0x3041 && c <= 0x309f) return "hiragana";
    if ((c >= 0x30a0 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) return "katakana";
    if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) || (c >= 0xac00 && c <= 0xd7af)) return "hangul";
    return WORD.test(ch) ? "word" : "separator";
  }

  function terms(text) {
    var out = [];
    var chars = Array.from(normalize(text));
    var classes = chars.map(classOf);
    var i = 0;
    while (i < chars.length) {
      var kind = classes[i];
      if (kind === "separator") { i++; continue; }
      if (kind !== "word") {
        var end = i + 1;
        while (end < chars.length && classes[end] === kind) end++;
        if (end - i === 1) out.push(chars[i]);
        else for (var k = i; k < end - 1; k++) out.push(chars[k] + chars[k + 1]);
        i = end;
        continue;
      }
      var runs = [];
      while (true) {
        var start = i;
        while (i < chars.length && classes[i] === "word") i++;
        runs.push([start, i]);
        if (i + 1 < chars.length && ".-_".indexOf(chars[i]) >= 0 && classes[i + 1] === "word") { i++; continue; }
        break;
      }
      var whole = chars.slice(runs[0][0], runs[runs.length - 1][1]);
      if (runs.length > 1 && whole.some(function (c) { return NUMBER.test(c); })) {
        out.push(whole.join(""));
      } else {
        runs.forEach(function (r) { out.push(chars.slice(r[0], r[1]).join("")); });
      }
    }
    return out;
  }

  /* ---- Index loading: fetch over http(s), script tags from file:// ---- */

  /* Scripts register their data by file name: manifest.js its own, and the offline parts the other files of a
     sharded index (SearchIndex+Files.swift, offlineChunks). Part p holds the documents of OFFLINE_CHUNKS document
     chunks: their docs-<c>, and as terms-<n>/<p> the postings of those documents in term shard n. */
  var OFFLINE_CHUNKS = 10;
  var registered = {};
  var scripts = {};
  root.KBSearchData = root.KBSearchData || {
    register: function (name, data) { registered[name] = data; }
  };

  function script(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = src;
        element.onload = resolve;
        element.onerror = function () { delete scripts[src]; reject(new Error("cannot load " + src)); };
        document.head.appendChild(element);
      });
    }
    return scripts[src];
  }

  /* Code-point order, the order kb writes a table's terms in (JSONWriter.swift). */
  function codePointOrder(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }

  /* A term shard from its pieces, one per offline part in part order: the documents of a part come after those of
     the parts before it, so each term's list is its pieces' lists one after another. The object holds its terms in
     the order of the shard's own file. */
  function joinPieces(pieces) {
    var lists = {};
    pieces.forEach(function (piece) {
      Object.keys(piece).forEach(function (t) { (lists[t] = lists[t] || []).push(piece[t]); });
    });
    var table = {};
    Object.keys(lists).sort(codePointOrder).forEach(function (t) {
      table[t] = lists[t].length === 1 ? lists[t][0] : [].concat.apply([], lists[t]);
    });
    return table;
  }

  /* `header` (the manifest) tells how many offline parts hold a term shard's pieces. */
  function load(base, name, header) {
    var url = base + name;
    function registeredAs(key) {
      if (!(key in registered)) throw new Error("cannot load " + url);
      return registered[key];
    }
    function viaScript() {
      if (name === "manifest") return script(url + ".js").then(function () { return registeredAs(name); });
      var number = parseInt(name.slice(name.lastIndexOf("-") + 1), 10);
      if (name.indexOf("docs-") === 0) {
        return script(base + "offline-" + Math.floor(number / OFFLINE_CHUNKS) + ".js").then(function () {
          return registeredAs(name);
        });
      }
      var chunks = Math.ceil(header.documents / header.documentChunk), parts = [];
      for (var p = 0; p * OFFLINE_CHUNKS < chunks; p++) parts.push(p);
      return Promise.all(parts.map(function (p) { return script(base + "offline-" + p + ".js"); })).then(function () {
        return joinPieces(parts.map(function (p) { return registeredAs(name + "/" + p); }));
      });
    }
    if (location.protocol === "file:") return viaScript();
    return fetch(url + ".json").then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    }).catch(viaScript);
  }

  /* FNV-1a of the UTF-8 bytes of a term's first two characters: the shard, as SearchIndex+Files.swift computes it. */
  function shardOf(term, count) {
    var hash = 0x811c9dc5;
    var bytes = new TextEncoder().encode(Array.from(term).slice(0, 2).join(""));
    for (var i = 0; i < bytes.length; i++) { hash ^= bytes[i]; hash = Math.imul(hash, 0x01000193) >>> 0; }
    return hash % count;
  }

  function Index(base) {
    this.base = base;
    this.cache = {};
  }
  Index.prototype.file = function (name, header) {
    if (!this.cache[name]) this.cache[name] = load(this.base, name, header);
    return this.cache[name];
  };
  Index.prototype.header = function () {
    if (!this.headerPromise) this.headerPromise = this.file("manifest");
    return this.headerPromise;
  };
  /* The term table that can hold `term` (the whole table for a small index). */
  Index.prototype.table = function (header, term) {
    if (!header.shards) return Promise.resolve(header.terms);
    return this.file("terms-" + shardOf(term, header.shards), header);
  };
  Index.prototype.documents = function (header, ids) {
    if (!header.shards) return Promise.resolve(ids.map(function (id) { return header.docs[id]; }));
    var chunk = header.documentChunk, self = this;
    var names = Array.from(new Set(ids.map(function (id) { return Math.floor(id / chunk); })));
    return Promise.all(names.map(function (n) { return self.file("docs-" + n, header); })).then(function (chunks) {
      var byChunk = {};
      names.forEach(function (n, i) { byChunk[n] = chunks[i]; });
      return ids.map(function (id) { return byChunk[Math.floor(id / chunk)][id % chunk]; });
    });
  };

  /* ---- Ranking: BM25 over weighted term frequencies ---- */

  var K1 = 1.2, B = 0.75;
  var LATIN = /^[a-z0-9][a-z0-9.\-_]*$/;

  /* Optimal string alignment distance over code points, as EditDistance in Swift (Text.swift) counts it: a swap of
     two neighbours is one edit ("passwrod" → "password"). Returns limit + 1 once the distance must exceed limit. */
  function editDistance(a, b, limit) {
    a = Array.from(a); b = Array.from(b);
    if (!a.length) return Math.min(b.length, limit + 1);
    if (!b.length) return Math.min(a.length, limit + 1);
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var twoBack = new Array(b.length + 1).fill(0), previous = [], current = new Array(b.length + 1).fill(0);
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      current[0] = i;
      var rowMinimum = i;
      for (j = 1; j <= b.length; j++) {
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, twoBack[j - 2] + 1);
        current[j] = value;
        if (value < rowMinimum) rowMinimum = value;
      }
      if (rowMinimum > limit) return limit + 1;
      var spare = twoBack; twoBack = previous; previous = current; current = spare;
    }
    return Math.min(previous[b.length], limit + 1);
  }

  function withinOneEdit(a, b) {
    return editDistance(a, b, 1) <= 1;
  }

  /* Expansions of one query term: [term, weight] — exact, then prefixes (last term), then one-edit typos. */
  function expand(table, term, isLast) {
    var found = [];
    if (table[term]) found.push([term, 1]);
    var latin = LATIN.test(term);
    if (isLast && latin && term.length >= 2) {
      var prefixed = Object.keys(table).filter(function (t) { return t !== term && t.indexOf(term) === 0; });
      prefixed.sort(function (x, y) { return table[y].length - table[x].length; });
      prefixed.slice(0, 12).forEach(function (t) { found.push([t, 0.8]); });
    }
    if (!table[term] && latin && term.length >= 5) {
      Object.keys(table).forEach(function (t) {
        if (LATIN.test(t) && withinOneEdit(term, t)) found.push([t, 0.4]);
      });
    }
    return found;
  }

  /* The term table for `term`. In a sharded index a term is filed under its first two characters, so a reader who
     swapped those two ("apssword") would search the wrong shard: when the term has no exact match there, the shard of
     the swapped spelling is read too. */
  function typoTable(index, header, term) {
    return index.table(header, term).then(function (table) {
      table = table || {};
      var chars = Array.from(term);
      if (!header.shards || table[term] || chars.length < 5 || !LATIN.test(term)) return table;
      var swapped = chars[1] + chars[0] + chars.slice(2).join("");
      if (shardOf(swapped, header.shards) === shardOf(term, header.shards)) return table;
      return index.table(header, swapped).then(function (other) {
        var merged = {};
        Object.keys(other || {}).forEach(function (t) { merged[t] = other[t]; });
        Object.keys(table).forEach(function (t) { merged[t] = table[t]; });
        return merged;
      });
    });
  }

  function search(index, query, limit) {
    var queryTerms = terms(query).filter(function (t, i, all) { return all.indexOf(t) === i; });
    if (!queryTerms.length) return Promise.resolve([]);
    return index.header().then(function (header) {
      return Promise.all(queryTerms.map(function (t) { return typoTable(index, header, t); })).then(function (tables) {
        var n = header.documents, avgdl = header.averageLength || 1;
        var scores = {}, matched = {}, sections = {};
        queryTerms.forEach(function (term, q) {
          var table = tables[q] || {};
          expand(table, term, q === queryTerms.length - 1).forEach(function (pair) {
            var postings = table[pair[0]], df = postings.length / 3;
            var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
            for (var k = 0; k < postings.length; k += 3) {
              var doc = postings[k], tf = postings[k + 1];
              var length = header.docs ? header.docs[doc].l : avgdl;
              var s = pair[1] * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl));
              scores[doc] = (scores[doc] || 0) + s;
              (matched[doc] = matched[doc] || {})[q] = true;
              (sections[doc] = sections[doc] || []).push(postings[k + 2]);
            }
          });
        });
        var ids = Object.keys(scores).map(Number);
        var all = ids.filter(function (d) { return Object.keys(matched[d]).length === queryTerms.length; });
        if (all.length) ids = all;
        ids.sort(function (a, b) { return (scores[b] - scores[a]) || (a - b); });
        ids = ids.slice(0, limit || 20);
        return index.documents(header, ids).then(function (docs) {
          return ids.map(function (id, i) {
            var counts = {};
            sections[id].forEach(function (s) { counts[s] = (counts[s] || 0) + 1; });
            var best = Object.keys(counts).map(Number).sort(function (a, b) { return (counts[b] - counts[a]) || (a - b); })[0];
            var section = docs[i].s[best] || ["", ""];
            return { doc: docs[i], score: scores[id], anchor: section[0], heading: section[1], terms: queryTerms };
          });
        });
      });
    });
  }

  var api = { version: 1, normalize: normalize, terms: terms, shardOf: shardOf, editDistance: editDistance, Index: Index, search: search,
              joinPieces: joinPieces, codePointOrder: codePointOrder };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.KBTokenizer = api;
})(typeof window !== "undefined" ? window : globalThis);
