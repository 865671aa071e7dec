/* provenance report: the search box, and "Said elsewhere" on a claim's page. No network,
 * works from file://. Results are built with createElement and textContent only (no HTML
 * parsing): the index holds hostile text. Matches are highlighted by splitting text nodes.
 * search.html?q=words runs a search on load.
 *
 * The index is split (provenance/report/search_index.py says how): search/index.js and
 * search/passages.js list the shards of the records' and the passages' indexes; each typed
 * word loads the shards of its prefix (and, for a name, the name shard that gives its
 * variants), entries are scored as `provenance search` scores them (BM25 over four weighted
 * fields, the entity named exactly first, ties by kind then record), and only the chunks of
 * the entries shown are loaded. fetch() cannot read file:// URLs, so every part is a
 * <script src> (allowed by the CSP's script-src 'self') that hands its data to
 * window.provenanceSearch. */
(function () {
  "use strict";

  /* The one fold, step for step as provenance/folding.py: its index is looked up with it. */
  var APOSTROPHES = "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u02c8\u2018\u2019\u201b\u2032\uff07\uff40";
  var LETTER_FOLDS = {
    "ß": "ss", "ς": "σ", "ı": "i",
    "\u0671": "\u0627", "\u0629": "\u0647", "\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643",
    "\u0621": "", "\u0640": ""
  };
  for (var d = 0; d < 10; d++) {
    LETTER_FOLDS[String.fromCharCode(0x0660 + d)] = String(d);
    LETTER_FOLDS[String.fromCharCode(0x06f0 + d)] = String(d);
  }
  Array.from(APOSTROPHES).forEach(function (c) { LETTER_FOLDS[c] = ""; });
  var FOLDED = new RegExp("[" + Object.keys(LETTER_FOLDS).join("").replace(/[\]\\^-]/g, "\\$&") + "]", "g");
  var MARKS = /\p{Mn}+/gu;
  var ALNUM = "[\\p{L}\\p{N}]";
  /* folding.py `_ARTICLES`: "al" before a hyphen or spaces, its assimilated forms, Arabic ال. */
  var ARTICLES = new RegExp("(?<!" + ALNUM + ")(?:" + [
    "al[-\\u2010 \\t\\n]+(?=" + ALNUM + ")",
    "a([tdrzsn])(h?)[-\\u2010](?=\\1\\2)",
    "a([drzn])[ \\t\\n]+(?=\\3)",
    "a([tsd])h[ \\t\\n]+(?=\\4h)",
    "\\u0627\\u0644(?=" + ALNUM + "{2})"
  ].join("|") + ")", "gu");
  var IDEOGRAPHIC = "[\\u3040-\\u30ff\\u31f0-\\u31ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}]";
  var LETTER = "[\\p{L}\\p{N}\\p{Mc}]";
  var WORDS = new RegExp(
    "(?=" + LETTER + ")" + IDEOGRAPHIC + "|(?:(?!" + IDEOGRAPHIC + ")" + LETTER + ")+", "gu");
  var MAX_WORD = 64;

  function translate(text) {
    return text.replace(FOLDED, function (c) { return LETTER_FOLDS[c]; });
  }

  /* Steps 1-3 (folding.py `fold_chars`): what each character folds to on its own. */
  function foldChars(text) {
    return translate(translate(text).normalize("NFKD").toLowerCase().replace(MARKS, ""));
  }

  function fold(text) {
    return foldChars(text).replace(ARTICLES, "");
  }

  function words(folded) {
    return (folded.match(WORDS) || []).map(function (w) {
      return w.length > MAX_WORD ? Array.from(w).slice(0, MAX_WORD).join("") : w;
    });
  }

  /* provenance/search/names.py: the consonant skeleton of a folded Latin word. */
  var DIGRAPHS = [["gh", "g"], ["kh", "k"], ["dh", "d"], ["th", "t"], ["sh", "s"], ["ch", "s"], ["ph", "f"]];
  var SKELETON_LETTERS = { q: "k", c: "k", j: "g", p: "b", v: "f" };
  var ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
  var LATIN = "abcdefghijklmnopqrstuvwxyz";
  var MIN_TYPO = 4;

  function skeleton(word) {
    if (word.length < MIN_TYPO || !/^[A-Za-z]+$/.test(word)) {
      return "";
    }
    DIGRAPHS.forEach(function (pair) { word = word.split(pair[0]).join(pair[1]); });
    word = word.replace(/[qcjpv]/g, function (c) { return SKELETON_LETTERS[c]; });
    var bare = word.replace(/[aeiouyhw]/g, "").replace(/(.)\1+/g, "$1");
    return bare.length >= 2 ? bare : "";
  }

  /* Whether `b` is one edit from `a` (names.py `edits1`): a deletion, a swap of neighbours, a
   * substitution or an insertion at or after the third letter, a new letter from a's alphabet. */
  function oneEdit(a, b) {
    var x = Array.from(a), y = Array.from(b);
    var alphabet = /^[\x00-\x7f]*$/.test(a) ? LATIN : ARABIC.indexOf(x[0]) !== -1 ? ARABIC : "";
    var i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) {
      i++;
    }
    if (i < 2 || x.join("") === y.join("")) {
      return false;
    }
    var rest = function (p, q) { return x.slice(p).join("") === y.slice(q).join(""); };
    if (y.length === x.length - 1) {
      return rest(i + 1, i);
    }
    if (y.length === x.length + 1) {
      return alphabet.indexOf(y[i]) !== -1 && rest(i, i + 1);
    }
    if (y.length !== x.length) {
      return false;
    }
    if (x[i + 1] === y[i] && x[i] === y[i + 1] && rest(i + 2, i + 2)) {
      return true;
    }
    return alphabet.indexOf(y[i]) !== -1 && rest(i + 1, i + 1);
  }

  /* names.py `is_variant`: a name word one edit from the typed word, or of the same skeleton. */
  function isVariant(typed, word) {
    if (typed === word || typed.length < MIN_TYPO) {
      return false;
    }
    if (word.slice(0, 2) === typed.slice(0, 2) && oneEdit(typed, word)) {
      return true;
    }
    var shape = skeleton(typed);
    return !!shape && shape === skeleton(word) && Math.abs(typed.length - word.length) <= 3;
  }

  var api = { fold: fold, foldChars: foldChars, words: words, skeleton: skeleton, isVariant: isVariant };
  window.provenanceSearch = api;

  /* ------------------------------------------------------------------ the index's parts */

  var records = { shards: {}, chunks: {} };
  var passages = { shards: {}, chunks: {} };
  var names = {};
  var loading = {};

  /* What the parts hand over; anything else is ignored. */
  function keep(table) {
    return function (key, items) {
      if ((typeof key === "string" || typeof key === "number") && Array.isArray(items)) {
        table[key] = items;
      }
    };
  }
  api.shard = keep(records.shards);
  api.chunk = keep(records.chunks);
  api.passageShard = keep(passages.shards);
  api.passageChunk = keep(passages.chunks);
  api.names = keep(names);

  /* The site's root, from this script's own address (search.html is at the root, claims one down). */
  var BASE = (function () {
    var script = document.querySelector('script[src$="app.js"]');
    var src = script ? script.getAttribute("src") : "app.js";
    return src.slice(0, src.length - "app.js".length);
  }());

  /* One part, loaded once: resolves when its script has run. */
  function load(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = BASE + src;
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

  function hex(key) {
    return Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
  }

  function indexes() {
    var found = [];
    var meta = window.PROVENANCE_SEARCH;
    if (meta && Array.isArray(meta.shards)) {
      found.push({ name: "records", meta: meta, root: "search/", parts: records });
    }
    var more = window.PROVENANCE_PASSAGES;
    if (more && Array.isArray(more.shards)) {
      found.push({ name: "passages", meta: more, root: "search/p/", parts: passages });
    }
    return found;
  }

  /* The shards that may hold words matching `word`: a one-letter word matches only itself; a
   * longer one every word it begins, found under its two-letter prefix or, where that shard was
   * split, under longer keys. */
  function shardsFor(meta, word) {
    if (Array.from(word).length === 1) {
      return meta.shards.indexOf(word) === -1 ? [] : [word];
    }
    var longest = "";
    var longer = meta.shards.filter(function (key) {
      if (Array.from(key).length >= 2 && word.startsWith(key) && key.length > longest.length) {
        longest = key;
      }
      return key.length > word.length && key.startsWith(word);
    });
    /* Shorter keys than the longest were split: each keeps only the word equal to it. */
    return longest ? [longest].concat(longer) : longer;
  }

  /* Entry numbers, encoded by search_index.py `encode`: base-36 gaps, or a base64 bitmap;
   * each(number, i) for the i-th of them. */
  function decode(encoded, each) {
    var count = 0;
    if (typeof encoded === "string") {
      var number = 0;
      encoded.split(",").forEach(function (gap) {
        number += parseInt(gap, 36);
        each(number, count++);
      });
    } else if (encoded && typeof encoded.b === "string") {
      var bytes = atob(encoded.b);
      for (var j = 0; j < bytes.length; j++) {
        var byte = bytes.charCodeAt(j);
        for (var i = 0; i < 8; i++) {
          if (byte & (1 << i)) {
            each(encoded.o + 8 * j + i, count++);
          }
        }
      }
    }
  }

  /* ------------------------------------------------------------------ terms and their words */

  /* A term: the typed word (its prefixes too, from two letters) and a name's variants. */
  function term(typed, rank) {
    return { typed: typed, variants: [{ word: typed, prefix: Array.from(typed).length >= 2, weight: 1 }], rank: rank };
  }

  /* How well a word of an entry matches `t` (query.py `Term.weight`): 0 when it does not. */
  function weight(t, word) {
    var best = 0;
    t.variants.forEach(function (v) {
      if (word === v.word) {
        best = Math.max(best, v.weight);
      } else if (v.prefix && word.startsWith(v.word)) {
        best = Math.max(best, t.rank.prefix * v.weight);
      }
    });
    return best;
  }

  /* Add each term's name variants (query.py `_name_variants`), from the name shards. */
  function withVariants(terms, rank) {
    var meta = window.PROVENANCE_SEARCH;
    var keys = [];
    terms.forEach(function (t) {
      if (t.typed.length < rank.typo) {
        return;
      }
      [t.typed.slice(0, 2), skeleton(t.typed).slice(0, 2)].forEach(function (key) {
        if (key.length === 2 && meta.names.indexOf(key) !== -1 && keys.indexOf(key) === -1) {
          keys.push(key);
        }
      });
    });
    return Promise.all(keys.map(function (key) { return load("search/n/" + hex(key) + ".js"); })).then(function () {
      terms.forEach(function (t) {
        if (t.typed.length < rank.typo) {
          return;
        }
        var seen = {};
        keys.forEach(function (key) {
          (names[key] || []).forEach(function (item) {
            var word = item[0];
            if (!seen[word] && isVariant(t.typed, word)) {
              seen[word] = true;
              t.variants.push({ word: word, prefix: false, weight: rank.variant });
            }
          });
        });
        /* query.py `closeness`: past rank.variants, the nearest variants are kept. */
        var key = function (v) {
          var typo = v.word.slice(0, 2) === t.typed.slice(0, 2) && oneEdit(t.typed, v.word) ? 0 : 1;
          return [typo, Math.abs(Array.from(v.word).length - Array.from(t.typed).length), v.word];
        };
        var byWord = function (a, b) { return a.word < b.word ? -1 : a.word > b.word ? 1 : 0; };
        var near = t.variants.slice(1).sort(function (a, b) {
          var x = key(a), y = key(b);
          return x[0] - y[0] || x[1] - y[1] || byWord(a, b);
        });
        t.variants = [t.variants[0]].concat(near.slice(0, rank.variants).sort(byWord));
      });
      return terms;
    });
  }

  /* Load every shard the terms' words may be in, in every index. */
  function loadShards(terms) {
    var wanted = [];
    indexes().forEach(function (index) {
      terms.forEach(function (t) {
        t.variants.forEach(function (v) {
          shardsFor(index.meta, v.word).forEach(function (key) {
            var src = index.root + "w/" + hex(key) + ".js";
            if (wanted.indexOf(src) === -1) {
              wanted.push(src);
            }
          });
        });
      });
    });
    return Promise.all(wanted.map(load));
  }

  /* The postings' [tf, field length], in order (search_index.py `length_code`). */
  function codes(text) {
    var out = [];
    for (var i = 0; i < text.length;) {
      var tf = 1;
      if (text.charAt(i) === "+") {
        tf = parseInt(text.charAt(i + 1), 36);
        i += 2;
      }
      var length = parseInt(text.charAt(i), 36);
      i += 1;
      if (length === 35) {
        length = parseInt(text.slice(i, i + 2), 36);
        i += 2;
      }
      out.push([tf, length]);
    }
    return out;
  }

  /* For each term, entry -> [tf in t1..t4, length of t1..t4, whether t1..t4 hold the typed word
   * itself]: tf is the summed weight of its matching words in each field. */
  function frequencies(index, terms) {
    return terms.map(function (t) {
      var found = new Map();
      var done = {};
      t.variants.forEach(function (v) {
        shardsFor(index.meta, v.word).forEach(function (key) {
          (index.parts.shards[key] || []).forEach(function (item) {
            var word = item[0];
            if (done[word]) {
              return;
            }
            var w = weight(t, word);
            if (w <= 0) {
              return;
            }
            done[word] = true;
            for (var f = 0; f < 4 && 2 + 2 * f < item.length + 1; f++) {
              var numbers = item[1 + 2 * f], counts = codes(String(item[2 + 2 * f] || ""));
              if (numbers) {
                decode(numbers, function (n, i) {
                  var tf = found.get(n);
                  if (!tf) {
                    tf = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
                    found.set(n, tf);
                  }
                  var code = counts[i] || [1, t.rank.lengths[f]];  /* a common word: none written */
                  tf[f] += w * code[0];
                  tf[4 + f] = code[1];
                  if (word === t.typed) {
                    tf[8 + f] = 1;  /* the typed word itself is in field f */
                  }
                });
              }
            }
          });
        });
      });
      return found;
    });
  }

  function kindOf(index, n) {
    if (index.name === "passages") {
      return "passage";
    }
    var ranges = index.meta.kinds || [];
    for (var i = 0; i < ranges.length; i++) {
      if (n >= ranges[i][1] && n < ranges[i][2]) {
        return ranges[i][0];
      }
    }
    return "record";
  }

  /* Candidates every term in `all` matches (and, given `anyOf`, one of those), scored by BM25
   * over the four fields (query.py `_score`; lengths are taken as the average). */
  function candidates(terms, anyOf, rank, kinds) {
    var everyTerm = terms.concat(anyOf || []);
    var byIndex = indexes().map(function (index) {
      return { index: index, tf: frequencies(index, everyTerm) };
    });
    var idf = everyTerm.map(function (t, i) {
      var df = 0;
      byIndex.forEach(function (b) { df += b.tf[i].size; });
      return Math.log(1 + rank.df / Math.max(1, Math.min(df, rank.df)));
    });
    var found = [];
    byIndex.forEach(function (b) {
      var first = b.tf[0];
      first.forEach(function (_, n) {
        for (var i = 1; i < terms.length; i++) {
          if (!b.tf[i].has(n)) {
            return;
          }
        }
        if (anyOf && anyOf.length && !anyOf.some(function (_, j) { return b.tf[terms.length + j].has(n); })) {
          return;
        }
        var kind = kindOf(b.index, n);
        if (kinds && kinds.indexOf(kind) === -1) {
          return;
        }
        var score = 0;
        var shared = 0;
        everyTerm.forEach(function (_, i) {
          var tf = b.tf[i].get(n);
          if (!tf) {
            return;
          }
          if (i >= terms.length) {
            shared++;
          }
          for (var f = 0; f < 4; f++) {
            if (tf[f]) {
              var norm = rank.k1 * (1 - rank.b + rank.b * tf[4 + f] / rank.lengths[f]);
              score += idf[i] * rank.fields[f] * tf[f] * (rank.k1 + 1) / (tf[f] + norm);
            }
          }
        });
        var exactly = terms.map(function (_, i) { return b.tf[i].get(n); });
        found.push({
          index: b.index, n: n, kind: kind, score: score, shared: shared,
          /* every typed word is itself in the name or an alias; the name is that one word */
          named: exactly.every(function (tf) { return tf[8] || tf[9]; }),
          alias: terms.length === 1 && !!exactly[0][9],
          single: terms.length === 1 && !!exactly[0][8] && exactly[0][4] === 1
        });
      });
    });
    return found;
  }

  function order(rank) {
    return function (a, b) {
      var sa = Math.round(a.score * 1e6), sb = Math.round(b.score * 1e6);
      return sb - sa || rank.kinds.indexOf(a.kind) - rank.kinds.indexOf(b.kind) || a.n - b.n;
    };
  }

  function entryOf(c) {
    var chunk = c.index.parts.chunks[Math.floor(c.n / c.index.meta.chunk)] || [];
    return chunk[c.n % c.index.meta.chunk];
  }

  function loadEntries(found) {
    var wanted = [];
    found.forEach(function (c) {
      var src = c.index.root + "e/" + Math.floor(c.n / c.index.meta.chunk) + ".js";
      if (wanted.indexOf(src) === -1) {
        wanted.push(src);
      }
    });
    return Promise.all(wanted.map(load));
  }

  var EXACT_CHECKED = 200;  /* entities looked at for an exact name: a query matches few */

  /* The ranked results of typed `terms` (query.py `candidates`): the entity whose name or
   * alias is exactly what was typed gets EXACT_NAME_BONUS, as in the store's search. */
  function ranked(terms, rank) {
    var found = candidates(terms, null, rank, null);
    var entities = found.filter(function (c) { return c.kind === "entity" && c.named; });
    if (terms.length === 1) {
      /* One word: the postings tell (its name is that word, or an alias holds it), no chunk needed. */
      entities.forEach(function (c) {
        if (c.single || c.alias) {
          c.score += rank.exact;
        }
      });
      return Promise.resolve(found.sort(order(rank)));
    }
    entities = entities.sort(order(rank)).slice(0, EXACT_CHECKED);
    var exact = terms.map(function (t) { return t.typed; }).join(" ");
    return loadEntries(entities).then(function () {
      entities.forEach(function (c) {
        var entry = entryOf(c);
        var x = entry && Array.isArray(entry.x) ? entry.x : null;
        if (x && (x[0] === exact || (" " + x[1] + " ").indexOf(" " + exact + " ") !== -1)) {
          c.score += rank.exact;
        }
      });
      return found.sort(order(rank));
    });
  }

  /* ------------------------------------------------------------------ showing results */

  var KINDS = {
    claim: "Claim", document: "Document", entity: "Entity", outlet: "Outlet", passage: "Passage", citation: "Citation"
  };
  var SAFE_URL = /^[a-z0-9][a-z0-9\/._-]*\.html(?:#[a-z]+[0-9]+)?$/;
  var LIMIT = 20;  /* results shown at first, and added by "Show more", as `provenance search` shows */
  var SNIPPET = 280;
  var PASSAGE_SNIPPET = 240;

  /* Fold one string for highlighting, and remember where each folded code unit came from. */
  function foldWithMap(text) {
    var folded = "";
    var map = [];
    var i = 0;
    for (var ch of text) {
      var f = foldChars(ch);
      for (var k = 0; k < f.length; k++) {
        map.push([i, i + ch.length]);
      }
      folded += f;
      i += ch.length;
    }
    return { folded: folded, map: map };
  }

  /* The [start, end) code-unit ranges of `text` whose words match a term. */
  function matchRanges(text, terms) {
    var info = foldWithMap(text);
    var ranges = [];
    var word;
    WORDS.lastIndex = 0;
    while ((word = WORDS.exec(info.folded)) !== null) {
      for (var t = 0; t < terms.length; t++) {
        if (weight(terms[t], word[0]) > 0) {
          var end = word.index + word[0].length;
          ranges.push([info.map[word.index][0], info.map[end - 1][1]]);
          break;
        }
      }
    }
    return ranges;
  }

  /* A fragment of text nodes and <mark> elements: every word a term matches. */
  function highlighted(text, terms) {
    var fragment = document.createDocumentFragment();
    var pos = 0;
    matchRanges(text, terms).forEach(function (r) {
      if (r[0] < pos) {
        return;
      }
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

  function shorten(text) {
    var chars = Array.from(text);
    return chars.length > SNIPPET ? chars.slice(0, SNIPPET).join("") + "…" : text;
  }

  /* Some PASSAGE_SNIPPET characters of a passage around its first match, cut at spaces. */
  function around(text, terms) {
    if (text.length <= PASSAGE_SNIPPET) {
      return text;
    }
    var ranges = matchRanges(text, terms);
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, Math.min(first - Math.floor(PASSAGE_SNIPPET / 3), text.length - PASSAGE_SNIPPET));
    if (start) {
      var space = text.indexOf(" ", start);
      start = space !== -1 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + PASSAGE_SNIPPET);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      end = last > start ? last : end;
    }
    return (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
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
      title.setAttribute("href", BASE + entry.u);
    }
    title.className = "result-title";
    var bdi = document.createElement("bdi");
    bdi.appendChild(highlighted(String(entry.t), terms));
    title.appendChild(bdi);
    item.appendChild(title);
    if (entry.s) {
      var snippet = document.createElement("p");
      snippet.className = "snippet";
      var text = String(entry.s);
      snippet.appendChild(highlighted(entry.k === "passage" ? around(text, terms) : shorten(text), terms));
      item.appendChild(snippet);
    }
    return item;
  }

  function clear(list) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
  }

  /* ------------------------------------------------------------------ the search page */

  var MISSING = "The search index is missing: build the report again.";
  var BROKEN = "Part of the search index could not be loaded: build the report again.";

  function searchPage(input, list, status) {
    var current = 0;

    var more = document.createElement("button");
    more.type = "button";
    more.className = "more-results";
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    var found = [];
    var terms = [];
    var shownCount = 0;

    /* Show the next LIMIT results (loading only their chunks). */
    function next(mine) {
      var batch = found.slice(shownCount, shownCount + LIMIT);
      more.hidden = true;
      return loadEntries(batch).then(function () {
        if (mine !== current) {
          return;
        }
        batch.forEach(function (c) {
          var entry = entryOf(c);
          if (entry) {
            list.appendChild(result(entry, terms));
          }
        });
        shownCount += batch.length;
        var rest = found.length - shownCount;
        var showing = rest > 0 ? " (showing the first " + shownCount + ")" : "";
        status.textContent = found.length === 1 ? "1 result" : found.length + " results" + showing;
        more.textContent = "Show " + Math.min(LIMIT, rest) + " more";
        more.hidden = rest <= 0;
      });
    }

    more.addEventListener("click", function () {
      next(current).catch(function () { status.textContent = BROKEN; });
    });

    function run() {
      var mine = ++current;
      found = [];
      shownCount = 0;
      more.hidden = true;
      clear(list);
      var meta = window.PROVENANCE_SEARCH;
      if (!meta || !Array.isArray(meta.shards) || !meta.rank) {
        status.textContent = MISSING;
        return;
      }
      var rank = meta.rank;
      var typed = words(fold(input.value)).filter(function (t, i, all) { return all.indexOf(t) === i; });
      terms = typed.slice(0, rank.terms).map(function (t) { return term(t, rank); });
      if (terms.length === 0) {
        status.textContent = "Type a word or a name.";
        return;
      }
      status.textContent = "Searching…";
      withVariants(terms, rank).then(loadShards).then(function () {
        return mine === current ? ranked(terms, rank) : null;
      }).then(function (ranked) {
        if (!ranked || mine !== current) {
          return null;
        }
        found = ranked;
        return next(mine);
      }).catch(function () {
        if (mine === current) {
          status.textContent = BROKEN;
        }
      });
    }

    input.addEventListener("input", run);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      input.value = query;
    }
    run();
  }

  /* ------------------------------------------------------------------ said elsewhere */

  /* provenance.search.elsewhere for one claim: the claims and passages of other documents that
   * name one of its entities (data-names) and share at least `shared` of its words (data-words),
   * ranked as search ranks them. */
  function saidElsewhere(section) {
    var list = section.querySelector("ol");
    var status = section.querySelector(".elsewhere-status");
    var meta = window.PROVENANCE_SEARCH;
    if (!list || !status) {
      return;
    }
    if (!meta || !meta.rank || !meta.rank.elsewhere) {
      status.textContent = MISSING;
      return;
    }
    var rank = meta.rank;
    var own = Number(section.getAttribute("data-document"));
    var nameWords = (section.getAttribute("data-names") || "").split(" ").filter(Boolean);
    var ownWords = (section.getAttribute("data-words") || "").split(" ").filter(Boolean);
    if (!nameWords.length || ownWords.length < rank.elsewhere.shared) {
      status.textContent = "Nothing to compare: the claim names no entity or has too few words of its own.";
      return;
    }
    var nameTerm = { typed: nameWords[0], rank: rank, variants: nameWords.map(function (w) {
      return { word: w, prefix: false, weight: 1 };
    }) };
    var wordTerms = ownWords.map(function (w) {
      return { typed: w, rank: rank, variants: [{ word: w, prefix: false, weight: 1 }] };
    });
    var limit = rank.elsewhere.limit;
    var kept = [];
    loadShards([nameTerm].concat(wordTerms)).then(function () {
      var found = candidates([nameTerm], wordTerms, rank, ["claim", "passage"]).filter(function (c) {
        return c.shared >= rank.elsewhere.shared;
      }).sort(order(rank));
      /* Entries of the claim's own document are left out: known only once their chunk is loaded. */
      function next(from) {
        var batch = found.slice(from, from + LIMIT);
        if (!batch.length || kept.length >= limit) {
          return null;
        }
        return loadEntries(batch).then(function () {
          batch.forEach(function (c) {
            var entry = entryOf(c);
            if (entry && entry.d !== own && kept.length < limit) {
              kept.push(entry);
            }
          });
          return next(from + LIMIT);
        });
      }
      return next(0);
    }).then(function () {
      kept.forEach(function (entry) { list.appendChild(result(entry, wordTerms)); });  /* its own words, as claim show marks them */
      status.textContent = kept.length ? "" : "Nowhere else in the store, as far as its words tell.";
      status.hidden = kept.length > 0;
    }).catch(function () {
      status.textContent = BROKEN;
    });
  }

  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (input && list && status) {
    searchPage(input, list, status);
  }
  var elsewhere = document.getElementById("elsewhere");
  if (elsewhere) {
    saidElsewhere(elsewhere);
  }
}());
