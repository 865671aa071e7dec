/* provenance report: the search box. No network, works from file://.
 * Results are built with createElement and textContent only (no HTML parsing):
 * the index holds hostile text. Matches are highlighted by splitting text nodes.
 * search.html?q=words runs a search on load.
 *
 * The index is split (provenance/report/search.py says how): search/index.js lists
 * the shards; each typed word loads the shard of its prefix, the shards' entry
 * numbers are intersected, and only the chunks of the entries shown are loaded.
 * fetch() cannot read file:// URLs, so every part is a <script src> (allowed by the
 * CSP's script-src 'self') that hands its data to window.provenanceSearch. */
(function () {
  "use strict";

  /* fold() and words() must give what search.py's give: its index is looked up with them. */
  var MARKS = /\p{Mn}+/gu;
  var IDEOGRAPHIC = "[\\u3040-\\u30ff\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}]";
  var LETTER = "[\\p{L}\\p{N}\\p{Mc}]";
  var WORDS = new RegExp(
    "(?=" + LETTER + ")" + IDEOGRAPHIC + "|(?:(?!" + IDEOGRAPHIC + ")" + LETTER + ")+", "gu");

  function fold(text) {
    return text.normalize("NFKD").toLowerCase().replace(MARKS, "").replace(/ß/g, "ss").replace(/ς/g, "σ");
  }

  function words(folded) {
    return folded.match(WORDS) || [];
  }

  var api = { fold: fold, words: words };
  window.provenanceSearch = api;

  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) {
    return;
  }

  var KINDS = { claim: "Claim", document: "Document", entity: "Entity" };
  var SAFE_URL = /^[a-z0-9][a-z0-9\/._-]*\.html$/;
  var LIMIT = 50;
  var MAX_TERMS = 64;  /* a pasted paragraph is not a query; counts fit a Uint16Array */
  var SNIPPET = 280;
  var ROOT = "search/";  /* search.html is at the site root */
  var meta = window.PROVENANCE_SEARCH;
  var shards = {};
  var chunks = {};
  var loading = {};
  var current = 0;

  /* What the parts hand over; anything else is ignored. */
  api.shard = function (key, items) {
    if (typeof key === "string" && Array.isArray(items)) {
      shards[key] = items;
    }
  };
  api.chunk = function (number, entries) {
    if (typeof number === "number" && Array.isArray(entries)) {
      chunks[number] = entries;
    }
  };

  /* One part, loaded once: resolves when its script has run. */
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(); };
        script.onerror = function () {
          delete loading[src];
          reject(new Error("cannot load " + src));
        };
        document.body.appendChild(script);
      });
    }
    return loading[src];
  }

  function shardFile(key) {
    return ROOT + "w/" + Array.from(key).map(function (c) {
      return c.codePointAt(0).toString(16);
    }).join("-") + ".js";
  }

  /* The shards that may hold words matching `term`: a one-letter term matches only
   * itself; a longer one every word it begins, found under its two-letter prefix or,
   * where that shard was split, under longer keys. */
  function shardsFor(term) {
    if (Array.from(term).length === 1) {
      return meta.shards.indexOf(term) === -1 ? [] : [term];
    }
    var longest = "";
    var longer = meta.shards.filter(function (key) {
      if (Array.from(key).length >= 2 && term.startsWith(key) && key.length > longest.length) {
        longest = key;
      }
      return key.length > term.length && key.startsWith(term);
    });
    /* Shorter keys than the longest were split: each keeps only the word equal to it. */
    return longest ? [longest].concat(longer) : longer;
  }

  function matches(word, term) {
    return Array.from(term).length === 1 ? word === term : word.startsWith(term);
  }

  /* Entry numbers, encoded by search.py `encode`: base-36 gaps, or a base64 bitmap. */
  function decode(encoded, each) {
    if (typeof encoded === "string") {
      var number = 0;
      encoded.split(",").forEach(function (gap) {
        number += parseInt(gap, 36);
        each(number);
      });
    } else if (encoded && typeof encoded.b === "string") {
      var bytes = atob(encoded.b);
      for (var j = 0; j < bytes.length; j++) {
        var byte = bytes.charCodeAt(j);
        for (var i = 0; i < 8; i++) {
          if (byte & (1 << i)) {
            each(encoded.o + 8 * j + i);
          }
        }
      }
    }
  }

  /* The ascending numbers of the entries that every term matches. */
  function lookup(terms) {
    var counts = new Uint16Array(meta.entries);
    terms.forEach(function (term, t) {
      shardsFor(term).forEach(function (key) {
        (shards[key] || []).forEach(function (item) {
          if (matches(item[0], term)) {
            decode(item[1], function (n) {
              if (counts[n] === t) {
                counts[n] = t + 1;
              }
            });
          }
        });
      });
    });
    var found = [];
    for (var n = 0; n < counts.length; n++) {
      if (counts[n] === terms.length) {
        found.push(n);
      }
    }
    return found;
  }

  /* Fold one string for highlighting, and remember where each folded code unit came from. */
  function foldWithMap(text) {
    var folded = "";
    var map = [];
    var i = 0;
    for (var ch of text) {
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) {
        map.push([i, i + ch.length]);
      }
      folded += f;
      i += ch.length;
    }
    return { folded: folded, map: map };
  }

  function shorten(text) {
    var chars = Array.from(text);
    return chars.length > SNIPPET ? chars.slice(0, SNIPPET).join("") + "…" : text;
  }

  /* A fragment of text nodes and <mark> elements: the start of every word a term matches. */
  function highlighted(text, terms) {
    var fragment = document.createDocumentFragment();
    var info = foldWithMap(text);
    var ranges = [];
    var word;
    WORDS.lastIndex = 0;
    while ((word = WORDS.exec(info.folded)) !== null) {
      for (var t = 0; t < terms.length; t++) {
        if (matches(word[0], terms[t])) {
          var end = word.index + terms[t].length;
          ranges.push([info.map[word.index][0], info.map[end - 1][1]]);
        }
      }
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        merged.push([r[0], r[1]]);
      }
    });
    var pos = 0;
    merged.forEach(function (r) {
      if (r[0] > pos) {
        fragment.appendChild(document.createTextNode(text.slice(pos, r[0])));
      }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      fragment.appendChild(mark);
      pos = r[1];
    });
    if (pos < text.length) {
      fragment.appendChild(document.createTextNode(text.slice(pos)));
    }
    return fragment;
  }

  function result(entry, terms) {
    var item = document.createElement("li");
    item.className = "result result-" + (KINDS[entry.k] ? entry.k : "other");
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = KINDS[entry.k] || "Record";
    item.appendChild(kind);
    item.appendChild(document.createTextNode(" "));
    var title = document.createElement(SAFE_URL.test(entry.u) ? "a" : "span");
    if (title.tagName === "A") {
      title.setAttribute("href", entry.u);
    }
    title.className = "result-title";
    var bdi = document.createElement("bdi");
    bdi.appendChild(highlighted(entry.t, terms));
    title.appendChild(bdi);
    item.appendChild(title);
    if (entry.s) {
      var snippet = document.createElement("p");
      snippet.className = "snippet";
      snippet.appendChild(highlighted(shorten(entry.s), terms));
      item.appendChild(snippet);
    }
    return item;
  }

  function show(terms, found, mine) {
    var shown = found.slice(0, LIMIT);
    var needed = [];
    shown.forEach(function (n) {
      var chunk = Math.floor(n / meta.chunk);
      if (needed.indexOf(chunk) === -1) {
        needed.push(chunk);
      }
    });
    return Promise.all(needed.map(function (c) { return load(ROOT + "e/" + c + ".js"); })).then(function () {
      if (mine !== current) {
        return;
      }
      shown.forEach(function (n) {
        var entry = (chunks[Math.floor(n / meta.chunk)] || [])[n % meta.chunk];
        if (entry) {
          list.appendChild(result(entry, terms));
        }
      });
      var more = found.length > LIMIT ? " (showing the first " + LIMIT + ")" : "";
      status.textContent = found.length === 1 ? "1 result" : found.length + " results" + more;
    });
  }

  function run() {
    var mine = ++current;
    var terms = words(fold(input.value)).filter(function (t, i, all) { return all.indexOf(t) === i; });
    terms = terms.slice(0, MAX_TERMS);
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (!meta || !Array.isArray(meta.shards)) {
      status.textContent = "The search index is missing: build the report again.";
      return;
    }
    if (terms.length === 0) {
      status.textContent = "Type a word or a name.";
      return;
    }
    var keys = [];
    terms.forEach(function (term) {
      shardsFor(term).forEach(function (key) {
        if (keys.indexOf(key) === -1) {
          keys.push(key);
        }
      });
    });
    status.textContent = "Searching…";
    Promise.all(keys.map(function (key) { return load(shardFile(key)); })).then(function () {
      if (mine === current) {
        return show(terms, lookup(terms), mine);
      }
    }).catch(function () {
      if (mine === current) {
        status.textContent = "Part of the search index could not be loaded: build the report again.";
      }
    });
  }

  input.addEventListener("input", run);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
  }
  run();
}());
