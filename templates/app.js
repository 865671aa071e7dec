/* provenance report: the search box. No network, works from file://.
 * Results are built with createElement and textContent only (no HTML parsing):
 * the index holds hostile text. Matches are highlighted by splitting text nodes.
 * search.html?q=words runs a search on load. */
(function () {
  "use strict";

  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) {
    return;
  }

  var KINDS = { claim: "Claim", document: "Document", entity: "Entity" };
  var SAFE_URL = /^[a-z0-9][a-z0-9\/._-]*\.html$/;
  var LIMIT = 100;
  var SNIPPET = 280;

  /* Fold one string for matching, and remember where each folded code unit came from. */
  function foldWithMap(text) {
    var folded = "";
    var map = [];
    var i = 0;
    for (var ch of text) {
      var f = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var k = 0; k < f.length; k++) {
        map.push([i, i + ch.length]);
      }
      folded += f;
      i += ch.length;
    }
    return { folded: folded, map: map };
  }

  function fold(text) {
    return foldWithMap(text).folded;
  }

  var entries = (window.PROVENANCE_INDEX || []).map(function (e) {
    return { entry: e, hay: fold(e.t + "\n" + e.s) };
  });

  function shorten(text) {
    var chars = Array.from(text);
    return chars.length > SNIPPET ? chars.slice(0, SNIPPET).join("") + "…" : text;
  }

  /* A fragment of text nodes and <mark> elements for every occurrence of the terms. */
  function highlighted(text, terms) {
    var fragment = document.createDocumentFragment();
    var info = foldWithMap(text);
    var ranges = [];
    terms.forEach(function (term) {
      var at = info.folded.indexOf(term);
      while (at !== -1 && term.length > 0) {
        ranges.push([info.map[at][0], info.map[at + term.length - 1][1]]);
        at = info.folded.indexOf(term, at + term.length);
      }
    });
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

  function run() {
    var terms = fold(input.value).split(/\s+/).filter(function (t) { return t.length > 0; });
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (terms.length === 0) {
      status.textContent = "Type a word or a name.";
      return;
    }
    var found = entries.filter(function (e) {
      return terms.every(function (t) { return e.hay.indexOf(t) !== -1; });
    });
    found.slice(0, LIMIT).forEach(function (e) {
      list.appendChild(result(e.entry, terms));
    });
    var shown = found.length > LIMIT ? " (showing the first " + LIMIT + ")" : "";
    status.textContent = found.length === 1 ? "1 result" : found.length + " results" + shown;
  }

  input.addEventListener("input", run);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
  }
  run();
}());
