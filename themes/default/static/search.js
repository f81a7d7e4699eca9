/* minutebook default theme — full-text search that works from file://.
   The index is loaded by a plain <script src="…/search-index.js"> tag (never
   fetch/XHR), which defines window.MINUTEBOOK_SEARCH as an array of
   {title, href, kind, date, section, text, doc, id, refs}; href is relative
   to the site root, except a section's or decision's (one with a doc),
   which is an anchor on its document's page. Every word must match (AND), case and accents are
   ignored, titles and section headings rank above body text. A query that
   is a clause or control id (`A.8.8`, `9.3.2 c)`, `soc2:CC4.1`) finds the
   clause page first, then what cites it (`refs`), then text writing it.
   Results are grouped by document: one result per document, its matching
   sections and decisions listed under it. Results are built with DOM nodes and
   textContent only: index text is never parsed as HTML. */
(function search() {
  "use strict";

  var doc = document;
  var MAX_RESULTS = 200;
  var SNIPPET = 180;

  var input = doc.getElementById("search-q");
  var form = doc.getElementById("search-form");
  var list = doc.getElementById("search-results");
  var status = doc.getElementById("search-status");
  if (!input || !list || !status) return;

  // The search page lives at search/index.html: the site root is one up.
  var ROOT = "../";
  /* A large site splits the index: search-index.js then only names its
     shards (window.MINUTEBOOK_SEARCH_SHARDS, paths from the site root), each
     of which sets window.MINUTEBOOK_SEARCH_PARTS[n]. Load them here, by
     script tags, then start again with the whole index. */
  var shards = window.MINUTEBOOK_SEARCH_SHARDS;
  if (!Array.isArray(window.MINUTEBOOK_SEARCH) && Array.isArray(shards)) {
    var pending = shards.length;
    status.textContent = "Loading the search index…";
    shards.forEach(function (src) {
      var tag = doc.createElement("script");
      tag.src = ROOT + src;
      tag.onload = tag.onerror = function () {
        if (--pending > 0) return;
        var parts = window.MINUTEBOOK_SEARCH_PARTS || [];
        window.MINUTEBOOK_SEARCH = [].concat.apply([], shards.map(function (_, n) { return parts[n] || []; }));
        search();
      };
      doc.body.appendChild(tag);
    });
    return;
  }
  var raw = window.MINUTEBOOK_SEARCH;
  if (!Array.isArray(raw)) {
    status.textContent = "The search index (search-index.js) could not be loaded.";
    return;
  }

  /* Fold one string for matching and keep, for every folded character, the
     index of the original character it came from, so matches can be
     highlighted in the original text. */
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "’": "'", "‘": "'" };

  function foldChar(ch) {
    var lower = ch.toLowerCase();
    if (SPECIAL[lower]) return SPECIAL[lower];
    if (lower.normalize) lower = lower.normalize("NFD").replace(COMBINING, "");
    return lower;
  }

  function foldMap(s) {
    var out = "";
    var map = [];
    for (var i = 0; i < s.length; i++) {
      var code = s.charCodeAt(i);
      var ch = s.charAt(i);
      var width = 1;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
        ch = s.substr(i, 2);
        width = 2;
      }
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) {
        out += f.charAt(k);
        map.push(i);
      }
      i += width - 1;
    }
    map.push(s.length);
    return { text: out, map: map };
  }

  function fold(s) {
    return foldMap(String(s || "")).text;
  }

  var entries = raw.map(function (e) {
    var title = String(e.title || "");
    var section = String(e.section || "");
    var text = String(e.text || "");
    return {
      title: title,
      section: section,
      text: text,
      kind: String(e.kind || ""),
      date: String(e.date || ""),
      href: String(e.href || ""),
      doc: typeof e.doc === "number" ? e.doc : -1,
      id: String(e.id || ""),
      refs: Array.isArray(e.refs) ? e.refs : [],
      fTitle: fold(title),
      fSection: fold(section),
      fText: null, // folded lazily
      fKind: fold(e.kind || "")
    };
  });
  /* A section or decision shares its document's title, kind and date (the
     index writes them once per document). */
  entries.forEach(function (e) {
    var d = entries[e.doc];
    if (e.doc < 0 || !d) { e.doc = -1; return; }
    e.title = d.title;
    e.fTitle = d.fTitle;
    e.kind = d.kind;
    e.fKind = d.fKind;
    e.date = d.date;
    // Its href is an anchor on its document's page (or, cut for length,
    // nothing: the page itself).
    if (e.href === "" || e.href.charAt(0) === "#") e.href = d.href + e.href;
  });

  /* References are read as src/catalog/normalise.rs reads them: runs of
     digits and runs of letters are the tokens, everything else only
     separates them, case is ignored; `article` is `art`. So `a.8.8`,
     `A 8.8` and `A8.8` are one id, and `9.10` is never `9.1`. */
  function refKey(s) {
    var t = fold(s).match(/[0-9]+|[a-z]+/g) || [];
    return t.map(function (x) { return x === "article" ? "art" : x; }).join(".");
  }

  // Clause and control entries by the key of their item id.
  var clauses = [];
  entries.forEach(function (e, i) {
    if (!e.id) return;
    var colon = e.id.indexOf(":");
    var catalog = e.id.slice(0, colon).toLowerCase();
    e.catalog = catalog;
    e.item = e.id.slice(colon + 1);
    clauses.push({ at: i, catalog: catalog, key: refKey(e.item) });
  });

  /* The clauses and controls an id query names: exact (`A.8.8`, `9.3.2.c`,
     `iso27001-2013:A.12.6.1`, `soc2:CC4.1`: the prefix is a catalog id or
     its part before the first `-`) and weaker ones: a bare number also
     names the controls that carry it after their letters (`8.8` -> `A.8.8`),
     and a clause also names its sub-items (`9.3.2` -> `9.3.2.a`). */
  function idQuery(query) {
    var q = query.trim();
    if (!q || /\s.*\s.*\s/.test(q)) return null;
    var prefix = "";
    var colon = q.indexOf(":");
    if (colon > 0) {
      prefix = q.slice(0, colon).trim().toLowerCase();
      q = q.slice(colon + 1);
    }
    var key = refKey(q);
    if (!/[0-9]/.test(key)) return null;
    var exact = {};
    var weak = {};
    var found = false;
    var numeric = /^[0-9]/.test(key);
    clauses.forEach(function (c) {
      if (prefix && c.catalog !== prefix && c.catalog.split("-")[0] !== prefix) return;
      if (c.key === key) {
        exact[c.at] = true;
        found = true;
      } else if ((numeric && c.key.replace(/^[a-z]+\./, "") === key && c.key !== key) ||
                 c.key.indexOf(key + ".") === 0) {
        weak[c.at] = true;
        found = true;
      }
    });
    if (!found) return null;
    // The id as text, to find it where it is written without being cited:
    // the canonical spelling of the item named (`A 8.8` is written `A.8.8`).
    var first = Object.keys(exact)[0];
    var needle = first !== undefined ? fold(entries[first].item) : fold(q.trim()).replace(/\s+/g, " ");
    return { exact: exact, weak: weak, needle: needle };
  }

  /* Whether `needle` is in `hay` as a whole id (not `a.8.8` in `a.8.80`). */
  function hasId(hay, needle) {
    var at = hay.indexOf(needle);
    while (at !== -1) {
      var before = at === 0 ? "" : hay.charAt(at - 1);
      var after = hay.slice(at + needle.length, at + needle.length + 2);
      if (!/[0-9a-z.]/.test(before) && !/^[0-9a-z]|^\.[0-9a-z]/.test(after)) return true;
      at = hay.indexOf(needle, at + 1);
    }
    return false;
  }

  /* The score of an entry for an id query: the clause page itself first,
     then what cites it, then the weaker items and what cites them, then
     text that writes the id without citing it. */
  function idScore(entry, i, q) {
    if (q.exact[i]) return 10000;
    var s = 0;
    for (var k = 0; k < entry.refs.length; k++) {
      if (q.exact[entry.refs[k]]) { s = Math.max(s, 5000); break; }
      if (q.weak[entry.refs[k]]) s = Math.max(s, 1000);
    }
    if (q.weak[i]) s = Math.max(s, 2000);
    if (entry.fText === null) entry.fText = fold(entry.text);
    if (hasId(entry.fTitle, q.needle) || hasId(entry.fSection, q.needle)) s += 100;
    if (hasId(entry.fText, q.needle)) s += 50;
    return s;
  }

  function terms(query) {
    return fold(query)
      .split(/\s+/)
      .map(function (t) { return t.replace(/^[^\w.#:-]+|[^\w]+$/g, ""); })
      .filter(function (t) { return t.length > 0; })
      .filter(function (t, i, all) { return all.indexOf(t) === i; });
  }

  function isWordStart(s, i) {
    return i === 0 || /[^0-9a-z]/.test(s.charAt(i - 1));
  }

  function countOf(hay, needle, cap) {
    var n = 0;
    var at = hay.indexOf(needle);
    while (at !== -1 && n < cap) {
      n++;
      at = hay.indexOf(needle, at + needle.length);
    }
    return n;
  }

  function score(entry, words) {
    if (entry.fText === null) entry.fText = fold(entry.text);
    // A section's title is its document's: its own heading counts as its title.
    var own = entry.doc >= 0 ? entry.fSection : entry.fTitle;
    var other = entry.doc >= 0 ? "" : entry.fSection;
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var inTitle = own.indexOf(w);
      var inSection = other.indexOf(w);
      var inText = entry.fText.indexOf(w);
      var inKind = entry.fKind.indexOf(w);
      if (inTitle === -1 && inSection === -1 && inText === -1 && inKind === -1) return 0;
      var s = 0;
      if (inTitle !== -1) s += isWordStart(own, inTitle) ? 100 : 60;
      if (inSection !== -1) s += isWordStart(other, inSection) ? 50 : 30;
      if (inText !== -1) {
        s += isWordStart(entry.fText, inText) ? 6 : 3;
        s += Math.min(countOf(entry.fText, w, 10), 10);
      }
      if (inKind !== -1) s += 2;
      total += s;
    }
    if (own === words.join(" ")) total += 50;
    return total;
  }

  /* Ranges [start, end) in the original string where any word matches. */
  function matchRanges(s, words) {
    var fm = foldMap(s);
    var ranges = [];
    words.forEach(function (w) {
      var at = fm.text.indexOf(w);
      while (at !== -1) {
        ranges.push([fm.map[at], fm.map[at + w.length - 1] + 1]);
        at = fm.text.indexOf(w, at + w.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* Append s to parent with matches wrapped in <mark>, using text nodes. */
  function appendHighlighted(parent, s, words) {
    var ranges = matchRanges(s, words);
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] > pos) parent.appendChild(doc.createTextNode(s.slice(pos, r[0])));
      var mark = doc.createElement("mark");
      mark.textContent = s.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    if (pos < s.length) parent.appendChild(doc.createTextNode(s.slice(pos)));
  }

  function snippet(text, words) {
    if (!text) return "";
    var ranges = matchRanges(text, words);
    var start = 0;
    if (ranges.length) {
      start = Math.max(0, ranges[0][0] - Math.floor(SNIPPET / 3));
      // Start at a word boundary.
      if (start > 0) {
        var space = text.indexOf(" ", start);
        if (space !== -1 && space < ranges[0][0]) start = space + 1;
      }
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + SNIPPET / 2) end = cut;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function appendSnippet(parent, e, words) {
    var snip = snippet(e.text, words);
    if (!snip) return;
    var p = doc.createElement("p");
    p.className = "search-result__snippet";
    appendHighlighted(p, snip, words);
    parent.appendChild(p);
  }

  var MAX_SECTIONS = 20;

  /* One result: a document (its title, kind and date) with its matching
     sections and decisions listed under it, or a page of its own (a clause,
     an action, a nonconformity, a person, an evidence file). */
  function renderGroup(group, words) {
    var head = entries[group.key];
    var li = doc.createElement("li");
    li.className = "search-result";

    var heading = doc.createElement("p");
    heading.className = "search-result__heading";
    var a = doc.createElement("a");
    a.className = "search-result__link";
    a.href = ROOT + head.href;
    appendHighlighted(a, head.title || head.href, words);
    if (head.section && head.section !== head.title) {
      var sec = doc.createElement("span");
      sec.className = "search-result__section";
      sec.appendChild(doc.createTextNode(" › "));
      appendHighlighted(sec, head.section, words);
      a.appendChild(sec);
    }
    heading.appendChild(a);
    li.appendChild(heading);

    var meta = doc.createElement("p");
    meta.className = "search-result__meta";
    var kindText = head.kind + (head.catalog ? " · " + head.catalog : "");
    if (kindText) {
      var kind = doc.createElement("span");
      kind.className = "search-result__kind";
      kind.textContent = kindText;
      meta.appendChild(kind);
    }
    if (head.date) {
      if (kindText) meta.appendChild(doc.createTextNode(" · "));
      var time = doc.createElement("time");
      time.dateTime = head.date;
      time.textContent = head.date;
      meta.appendChild(time);
    }
    if (meta.firstChild) li.appendChild(meta);

    if (group.self) appendSnippet(li, head, words);

    if (group.parts.length) {
      var ul = doc.createElement("ul");
      ul.className = "search-result__sections";
      group.parts.slice(0, MAX_SECTIONS).forEach(function (hit) {
        var e = hit.entry;
        var item = doc.createElement("li");
        item.className = "search-result__part";
        var pa = doc.createElement("a");
        pa.href = ROOT + e.href;
        appendHighlighted(pa, e.section || e.href, words);
        item.appendChild(pa);
        appendSnippet(item, e, words);
        ul.appendChild(item);
      });
      if (group.parts.length > MAX_SECTIONS) {
        var more = doc.createElement("li");
        more.className = "search-result__part muted";
        more.textContent = "and " + (group.parts.length - MAX_SECTIONS) + " more sections";
        ul.appendChild(more);
      }
      li.appendChild(ul);
    }
    return li;
  }

  function render(query) {
    var words = terms(query);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!words.length) {
      status.textContent = query.trim()
        ? "Type at least one letter or digit."
        : "Type words to search " + entries.length + " pages and sections.";
      return;
    }
    var q = idQuery(query);
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var sc = q ? idScore(entries[i], i, q) : score(entries[i], words);
      if (sc > 0) hits.push({ entry: entries[i], score: sc, i: i });
    }
    if (q) words = [q.needle];
    var order = function (a, b) {
      if (b.score !== a.score) return b.score - a.score;
      if (a.date !== b.date) return a.date < b.date ? 1 : -1;
      return a.i - b.i;
    };
    // Grouped by document: a document ranks by its best entry.
    var groups = {};
    var all = [];
    hits.forEach(function (hit) {
      var key = hit.entry.doc >= 0 ? hit.entry.doc : hit.i;
      var g = groups[key];
      if (!g) {
        g = groups[key] = { key: key, i: key, score: 0, date: entries[key].date, self: false, parts: [] };
        all.push(g);
      }
      g.score = Math.max(g.score, hit.score);
      if (hit.i === key) g.self = true;
      else g.parts.push({ entry: hit.entry, score: hit.score, date: "", i: hit.i });
    });
    all.forEach(function (g) { g.parts.sort(order); });
    all.sort(order);

    var shown = all.slice(0, MAX_RESULTS);
    var frag = doc.createDocumentFragment();
    shown.forEach(function (g) { frag.appendChild(renderGroup(g, words)); });
    list.appendChild(frag);

    var quoted = "“" + query.trim() + "”";
    if (!all.length) {
      status.textContent = "No results for " + quoted + ". Every word must match: try fewer words.";
    } else if (all.length > shown.length) {
      status.textContent = all.length + " results for " + quoted + "; showing the best " + shown.length + ".";
    } else {
      status.textContent = all.length + (all.length === 1 ? " result" : " results") + " for " + quoted + ".";
    }
  }

  function updateUrl(query) {
    try {
      var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    } catch (e) { /* some browsers refuse on file://: the search still works */ }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      render(input.value);
      updateUrl(input.value.trim());
    }, 120);
  });
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      render(input.value);
      updateUrl(input.value.trim());
    });
  }

  var initial = "";
  try {
    initial = new URLSearchParams(window.location.search).get("q") || "";
  } catch (e) {
    var m = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (m) {
      try { initial = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e2) { initial = ""; }
    }
  }
  input.value = initial;
  render(initial);
  if (!initial) input.focus();
})();
